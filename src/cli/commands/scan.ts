import type { Command } from '../command.js';
import { EXIT } from '../command.js';

// Placeholder until the scan issue lands: owned by whoever builds `mailtls scan`.
export const scanCommand: Command = {
  name: 'scan',
  summary: '(not built yet)',
  usage: 'mailtls scan: not built yet\n',
  async run(_argv, io) {
    io.stderr.write('mailtls scan: not built yet\n');
    return EXIT.FAILED;
  },
};
