/**
 * Maps an OpenSSL version ("3.0.19", "1.1.1w", "OpenSSL 3.5.0 8 Apr 2025", "3.2") to the
 * release line whose cipher rules apply. 3.0–3.5 share the TLS ≤1.2 table and rules; 1.1.0
 * differs from 1.1.1 only by the ARIA suites (1.1.1), so it is modelled as 1.1.1 minus ARIA.
 */
import { MailtlsError } from '../errors.js';
import type { Place } from '../errors.js';
import type { OpensslLine } from './cipher-table.js';

export interface ResolvedLine {
  readonly line: OpensslLine;
  /** Said when the mapping is an approximation. */
  readonly warnings: string[];
}

export function resolveOpensslLine(version: string, place?: Place): ResolvedLine {
  const m = /(\d+)\.(\d+)(?:\.(\d+)([a-z]*))?/.exec(version);
  const fail = (): never => {
    throw new MailtlsError('EOPENSSL_VERSION', `OpenSSL version "${version}" is not modelled (known: 1.0.2, 1.1.0, 1.1.1, 3.0–3.5)`, place ? { place } : {});
  };
  if (!m) return fail();
  const major = Number(m[1]), minor = Number(m[2]), patch = m[3] === undefined ? undefined : Number(m[3]);
  if (major === 1 && minor === 0 && (patch === undefined || patch === 2)) return { line: '1.0.2', warnings: [] };
  if (major === 1 && minor === 1 && (patch === undefined || patch === 1)) return { line: '1.1.1', warnings: [] };
  if (major === 1 && minor === 1 && patch === 0) {
    return { line: '1.1.1', warnings: ['OpenSSL 1.1.0 is modelled as 1.1.1 (1.1.0 lacks the ARIA suites, which no default list selects first)'] };
  }
  if (major === 3 && minor <= 5) return { line: `3.${minor}` as OpensslLine, warnings: [] };
  if (major === 3 || major > 3) {
    return { line: '3.5', warnings: [`OpenSSL ${major}.${minor} is newer than the model; using the 3.5 rules`] };
  }
  return fail();
}
