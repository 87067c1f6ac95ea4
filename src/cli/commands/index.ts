import type { Command } from '../command.js';
import { labCommand } from './lab.js';
import { scanCommand } from './scan.js';
import { configCommand } from './config.js';
import { logsCommand } from './logs.js';
import { demoCommand } from './demo.js';

/** Every sub-command, in the order `mailtls --help` lists them. */
export const COMMANDS: readonly Command[] = [scanCommand, configCommand, logsCommand, labCommand, demoCommand];
