/**
 * Protocol versions as they appear on the wire (RFC 8446 appendix B.1, RFC 6101 for SSLv3, and
 * the SSLv2 draft's 0x0002). Names are the ones reports and JSON use.
 */
import { MailtlsError } from '../../errors.js';

export type ProtocolName = 'SSLv2' | 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export const PROTOCOL = {
  SSLv2: 0x0002,
  SSLv3: 0x0300,
  TLSv1_0: 0x0301,
  TLSv1_1: 0x0302,
  TLSv1_2: 0x0303,
  TLSv1_3: 0x0304,
} as const;

export interface ProtocolVersion {
  readonly code: number;
  readonly name: ProtocolName;
}

/** Oldest first. */
export const PROTOCOL_VERSIONS: readonly ProtocolVersion[] = [
  { code: PROTOCOL.SSLv2, name: 'SSLv2' },
  { code: PROTOCOL.SSLv3, name: 'SSLv3' },
  { code: PROTOCOL.TLSv1_0, name: 'TLSv1.0' },
  { code: PROTOCOL.TLSv1_1, name: 'TLSv1.1' },
  { code: PROTOCOL.TLSv1_2, name: 'TLSv1.2' },
  { code: PROTOCOL.TLSv1_3, name: 'TLSv1.3' },
];

const byCode = new Map(PROTOCOL_VERSIONS.map((v) => [v.code, v.name]));
const byName = new Map(PROTOCOL_VERSIONS.map((v) => [v.name, v.code]));

/** "TLSv1.2" for 0x0303; "0x7F1C" style for anything else (drafts, GREASE, garbage). */
export function versionName(code: number): string {
  return byCode.get(code) ?? `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function versionCode(name: ProtocolName): number {
  const code = byName.get(name);
  if (code === undefined) throw new MailtlsError('EDECODE', `unknown protocol ${String(name)}`);
  return code;
}

export function isProtocolName(name: string): name is ProtocolName {
  return byName.has(name as ProtocolName);
}

/** True for a known version code. */
export function isKnownVersion(code: number): boolean {
  return byCode.has(code);
}
