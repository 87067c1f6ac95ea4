import type { Command } from '../command.js';
import { EXIT } from '../command.js';

// Placeholder until the config issue lands: owned by whoever builds `mailtls config`.
export const configCommand: Command = {
  name: 'config',
  summary: '(not built yet)',
  usage: 'mailtls config: not built yet\n',
  async run(_argv, io) {
    io.stderr.write('mailtls config: not built yet\n');
    return EXIT.FAILED;
  },
};
