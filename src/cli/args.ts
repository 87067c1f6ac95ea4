import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MailtlsError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util.parseArgs with coded errors: an unknown flag or a missing value becomes EUSAGE
 * with the flag named, instead of a TypeError with Node's internal code.
 */
export function parseCommandArgs<O extends Options>(argv: readonly string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (err) {
    throw new MailtlsError('EUSAGE', err instanceof Error ? err.message : String(err));
  }
}

/** Parses a decimal integer option within bounds, or throws EUSAGE naming the flag. */
export function intOption(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new MailtlsError('EUSAGE', `${flag} takes a whole number, not "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new MailtlsError('EUSAGE', `${flag} must be between ${min} and ${max}, not ${n}`);
  return n;
}
