import type { CliIo } from './io.js';

/** One sub-command. The CLI is a thin layer: parse argv, call the library, render, return an exit code. */
export interface Command {
  readonly name: string;
  /** The full usage text for `mailtls NAME --help`. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by all commands. */
export const EXIT = {
  OK: 0,
  /** The command ran but could not complete (scan failed, config unreadable, ...). */
  FAILED: 1,
  /** The command line was wrong. */
  USAGE: 2,
} as const;

/** What `mailtls --help` lists, and how to load the command only when it runs (start-up time counts: `mailtls logs` is benchmarked with it). */
export interface CommandEntry {
  readonly name: string;
  /** One line for `mailtls --help`. */
  readonly summary: string;
  /** The usage text alone (src/cli/usage/NAME.ts): `--help` shows it without loading the command. */
  usage(): Promise<string>;
  load(): Promise<Command>;
}
