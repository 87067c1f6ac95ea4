/**
 * TLS protocol lists as Postfix parses them.
 * - Postfix >= 3.6: tls_proto_mask_lims() (src/tls/tls_misc.c, 3.6-20200725): tokens separated by
 *   comma, space or colon; `>=V` / `<=V` set floor / ceiling (V a name, "None", or hex such as
 *   0303 / 0x0303); `!name` excludes; a plain name makes an include list, and every known protocol
 *   not listed is then excluded. Names are case-insensitive (name_code NAME_CODE_FLAG_NONE).
 * - Before 3.6: tls_protocol_mask(), the same without `>=` / `<=` (they are invalid tokens).
 * - "TLSv1.3" is a known name from 3.4 (and 3.0.14, 3.1.10, 3.2.7, 3.3.2).
 * Any invalid token makes the whole list invalid: the server disables TLS, the client aborts TLS.
 */
import { atLeast, type PostfixVersion } from './version.js';

export const PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** Wire version numbers (RFC 8446 section 4.2.1 and earlier), used for floor/ceiling. */
export const PROTOCOL_CODE: Readonly<Record<Protocol, number>> = {
  SSLv2: 0x0002, SSLv3: 0x0300, TLSv1: 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303, 'TLSv1.3': 0x0304,
};

export interface ProtocolList {
  readonly valid: boolean;
  /** The first token Postfix rejects. */
  readonly invalidToken?: string;
  readonly excluded: ReadonlySet<Protocol>;
  /** 0 = no bound. */
  readonly floor: number;
  readonly ceiling: number;
  /** What syntax was used, for findings. */
  readonly usesLimits: boolean;
  readonly usesExclusions: boolean;
  readonly usesInclusions: boolean;
}

function knownNames(version: PostfixVersion): Protocol[] {
  const has13 = atLeast(version, '3.4') || (version.major === 3 && (
    (version.minor === 0 && version.patch >= 14) || (version.minor === 1 && version.patch >= 10)
    || (version.minor === 2 && version.patch >= 7) || (version.minor === 3 && version.patch >= 2)));
  return PROTOCOLS.filter((p) => p !== 'TLSv1.3' || has13);
}

function nameOf(tok: string, names: readonly Protocol[]): Protocol | undefined {
  return names.find((n) => n.toLowerCase() === tok.toLowerCase());
}

/** parse_tls_version(): a name from the MinProtocol table, or hex via strtoul(tok, 16). */
function parseLimit(tok: string, names: readonly Protocol[]): number | undefined {
  if (tok.toLowerCase() === 'none') return 0;
  const n = nameOf(tok, names);
  if (n !== undefined && n !== 'SSLv2') return PROTOCOL_CODE[n];
  // strtoul accepts leading blanks, a sign and an optional 0x; an empty string converts to 0.
  const m = /^[ \t]*\+?(?:0[xX])?([0-9A-Fa-f]*)$/.exec(tok);
  if (!m) return undefined;
  const v = m[1] === '' ? 0 : parseInt(m[1] ?? '0', 16);
  return v > 0x7fffffff ? undefined : v;
}

export function parseProtocolList(list: string, version: PostfixVersion): ProtocolList {
  const names = knownNames(version);
  const limits = atLeast(version, '3.6');
  const excluded = new Set<Protocol>();
  const included = new Set<Protocol>();
  let floor = 0;
  let ceiling = 0;
  let usesLimits = false;
  let usesExclusions = false;
  const bad = (tok: string): ProtocolList => ({
    valid: false, invalidToken: tok, excluded: new Set(PROTOCOLS), floor: 0, ceiling: 0,
    usesLimits, usesExclusions, usesInclusions: included.size > 0,
  });
  for (const tok of list.split(/[ \t\r\n,:]+/).filter((t) => t !== '')) {
    if (limits && (tok.startsWith('>=') || tok.startsWith('<='))) {
      usesLimits = true;
      const v = parseLimit(tok.slice(2), names);
      if (v === undefined) return bad(tok);
      if (tok.startsWith('>=')) floor = v;
      else ceiling = v;
    } else if (tok.startsWith('!')) {
      usesExclusions = true;
      const n = nameOf(tok.slice(1), names);
      if (n === undefined) return bad(tok);
      excluded.add(n);
    } else {
      const n = nameOf(tok, names);
      if (n === undefined) return bad(tok);
      included.add(n);
    }
  }
  if (included.size > 0) for (const p of names) if (!included.has(p)) excluded.add(p);
  return { valid: true, excluded, floor, ceiling, usesLimits, usesExclusions, usesInclusions: included.size > 0 };
}

/** Protocols an OpenSSL release can negotiate at all (SSLv2 gone in 1.1.0, SSLv3 off by default since 1.1.0, TLS 1.3 from 1.1.1). */
export function opensslProtocols(opensslVersion: string | undefined): Protocol[] {
  const m = opensslVersion !== undefined ? /^(\d+)\.(\d+)\.(\d+)/.exec(opensslVersion) : null;
  if (!m) return ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const n = Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
  if (n >= 10101) return ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  if (n >= 10100) return ['TLSv1', 'TLSv1.1', 'TLSv1.2'];
  if (n >= 10001) return ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'];
  return ['SSLv3', 'TLSv1'];
}

/** The protocols left after the list's exclusions and limits, among those OpenSSL offers. */
export function enabledProtocols(p: ProtocolList, available: readonly Protocol[]): Protocol[] {
  if (!p.valid) return [];
  return available.filter((v) => !p.excluded.has(v)
    && (p.floor === 0 || PROTOCOL_CODE[v] >= p.floor)
    && (p.ceiling === 0 || PROTOCOL_CODE[v] <= p.ceiling));
}
