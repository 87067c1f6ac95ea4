import type { Command } from '../command.js';
import { EXIT } from '../command.js';

// Placeholder until the logs issue lands: owned by whoever builds `mailtls logs`.
export const logsCommand: Command = {
  name: 'logs',
  summary: '(not built yet)',
  usage: 'mailtls logs: not built yet\n',
  async run(_argv, io) {
    io.stderr.write('mailtls logs: not built yet\n');
    return EXIT.FAILED;
  },
};
