/**
 * The one dispatch of `mailtls lab [KIND] up|down|list|log` for every kind of lab instance
 * (Postfix in lab.ts, Dovecot in lab-dovecot.ts): the same flags per kind as before, the same
 * output and exit codes. A kind gives its own flags, how to start an instance from them, and
 * its renderers; down, list and log are the registry's (src/lab/registry.ts) for every kind.
 */
import { createReadStream } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { MailtlsError } from '../../errors.js';
import type { LabWhere } from '../../lab/registry.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../command.js';
import { useColor, type CliIo } from '../io.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface LabKindCli<I extends { readonly logFile: string }> {
  /** The command words before the sub-command, for messages: "lab", "lab dovecot". */
  readonly command: string;
  /** What `down --all` prints when there was nothing: "no lab instances". */
  readonly none: string;
  /** Flags of this kind's sub-commands (--name, --json and --all are every kind's). */
  readonly options: Options;
  readonly up: (values: Values, where: LabWhere, io: CliIo) => Promise<I>;
  readonly renderUp: (inst: I, color: boolean) => string;
  readonly renderList: (list: readonly (I & { running: boolean })[], color: boolean) => string;
  readonly list: (where: LabWhere) => Promise<(I & { running: boolean })[]>;
  readonly get: (name: string, where: LabWhere) => Promise<I>;
  readonly down: (name: string, where: LabWhere) => Promise<void>;
  readonly downAll: (where: LabWhere) => Promise<string[]>;
}

const COMMON: Options = { name: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' } };

/** The state directory comes from the command's environment, so tests can isolate it. */
export function labWhere(io: CliIo): LabWhere {
  return io.env['MAILTLS_LAB_DIR'] !== undefined ? { stateDir: io.env['MAILTLS_LAB_DIR'] } : {};
}

/** --set NAME=VALUE, repeated. */
export function settingsOption(values: Values): Record<string, string> {
  const settings: Record<string, string> = {};
  const given = values['set'];
  for (const kv of Array.isArray(given) ? given : []) {
    const text = String(kv);
    const eq = text.indexOf('=');
    if (eq <= 0) throw new MailtlsError('EUSAGE', `--set takes NAME=VALUE, not "${text}"`);
    settings[text.slice(0, eq).trim()] = text.slice(eq + 1).trim();
  }
  return settings;
}

export function stringOption(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export async function labKindCommand<I extends { readonly logFile: string }>(kind: LabKindCli<I>, argv: readonly string[], io: CliIo, usage: string): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseCommandArgs(rest, { ...kind.options, ...COMMON });
  const v: Values = values;
  const color = useColor(io);
  const where = labWhere(io);
  const json = v['json'] === true;
  switch (sub) {
    case 'up': {
      const inst = await kind.up(v, where, io);
      io.stdout.write(json ? `${JSON.stringify(inst, null, 2)}\n` : kind.renderUp(inst, color));
      return EXIT.OK;
    }
    case 'down': {
      if (v['all'] === true) {
        const gone = await kind.downAll(where);
        io.stdout.write(gone.length > 0 ? `stopped and removed: ${gone.join(', ')}\n` : `${kind.none}\n`);
        return EXIT.OK;
      }
      const name = stringOption(v, 'name') ?? positionals[0];
      if (name === undefined) throw new MailtlsError('EUSAGE', `${kind.command} down needs --name N or --all`);
      await kind.down(name, where);
      io.stdout.write(`stopped and removed: ${name}\n`);
      return EXIT.OK;
    }
    case 'list': {
      const list = await kind.list(where);
      io.stdout.write(json ? `${JSON.stringify(list, null, 2)}\n` : kind.renderList(list, color));
      return EXIT.OK;
    }
    case 'log': {
      const name = stringOption(v, 'name') ?? positionals[0];
      if (name === undefined) throw new MailtlsError('EUSAGE', `${kind.command} log needs the instance name`);
      await copyLog((await kind.get(name, where)).logFile, io);
      return EXIT.OK;
    }
    default:
      io.stderr.write(usage);
      return EXIT.USAGE;
  }
}

function copyLog(file: string, io: CliIo): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const s = createReadStream(file);
    s.on('error', (e) => reject(new MailtlsError('EIO', e.message, { place: { file } })));
    s.on('end', () => resolve());
    s.on('data', (chunk) => io.stdout.write(chunk));
  });
}
