/**
 * The ClientHellos a scan sends, as data: which version, which suites, which groups. The bytes
 * come from the wire codec's one hello builder (wire/build-client-hello.ts); what is the
 * scanner's own is chosen here: DEFLATE offered (RFC 3749: a server that still compresses
 * picks it, CRIME), every group and signature scheme we know, no TLS 1.3 key share, so the
 * server names its group in a HelloRetryRequest, and on TLS 1.0-1.2 the heartbeat extension
 * (RFC 6520): a server that never echoes it takes no heartbeats, so Heartbleed is ruled out at
 * no extra connection (testssl.sh reads its extension list the same way). Nothing here touches
 * the network.
 */
import { ClientHelloTemplate } from '../wire/build-client-hello.js';
import { generateKeyShare } from '../wire/key-share.js';
import type { KeyShareEntry } from '../wire/client-extensions.js';
import type { Extension } from '../wire/extension.js';
import { heartbeatExtension } from '../wire/server-extensions.js';
import { NAMED_GROUPS } from '../wire/registry/groups.js';
import { SIGNATURE_SCHEMES } from '../wire/registry/signature-schemes.js';
import { versionCode, type ProtocolName } from '../wire/registry/versions.js';

/** RFC 5746 section 3.3 and RFC 7507 section 6. */
export const EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;
export const FALLBACK_SCSV = 0x5600;

/** Every group a TLS ≤1.2 client may name (RFC 8422 section 5.1.1): all EC and FF groups we know. */
export const LEGACY_GROUPS: readonly number[] = NAMED_GROUPS.filter((g) => (g.kind === 'ec' && !g.tls13) || (g.kind === 'ec' && g.code < 34) || g.kind === 'ff').map((g) => g.code);
/** TLS 1.3 groups: EC, FF, hybrids and ML-KEM. */
export const TLS13_GROUPS: readonly number[] = NAMED_GROUPS.filter((g) => g.tls13).map((g) => g.code);

const SIGALGS_ALL = SIGNATURE_SCHEMES.map((s) => s.code);
const SIGALGS_13 = SIGNATURE_SCHEMES.filter((s) => !s.legacy).map((s) => s.code);

export interface HelloSpec {
  readonly protocol: Exclude<ProtocolName, 'SSLv2'>;
  readonly suites: readonly number[];
  /** supported_groups; default: every group the version allows. */
  readonly groups?: readonly number[];
  /** TLS 1.3 key shares to send; default none, so the server answers with a HelloRetryRequest naming its group. */
  readonly keyShares?: readonly number[];
  /** signature_algorithms; default all. */
  readonly sigalgs?: readonly number[];
  /** Add TLS_FALLBACK_SCSV (RFC 7507). */
  readonly fallbackScsv?: boolean;
  /** SNI, when the target is a name (RFC 6066 section 3 forbids IP literals). */
  readonly serverName?: string;
  /** Vulnerability probes (src/scan/vulns/): extensions to add (heartbeat), a session id and a ticket to send. */
  readonly extraExtensions?: readonly Extension[];
  readonly sessionId?: Uint8Array;
  readonly sessionTicket?: Uint8Array;
}

/**
 * A scan sends about a hundred hellos that differ only in their suites: one template per
 * shape encodes the extensions once (templates with key shares are not kept: each gets fresh ones).
 */
const templates = new Map<string, ClientHelloTemplate>();

function templateFor(spec: HelloSpec): ClientHelloTemplate {
  const shares = spec.keyShares ?? [];
  const key = `${spec.protocol}|${spec.serverName ?? ''}|${spec.groups?.join(',') ?? '*'}|${spec.sigalgs?.join(',') ?? '*'}|${spec.fallbackScsv === true}`;
  // Probe-specific hellos (extra extensions, a ticket) are one-offs: not cached.
  const oneOff = spec.extraExtensions !== undefined || spec.sessionTicket !== undefined;
  const cached = shares.length === 0 && !oneOff ? templates.get(key) : undefined;
  if (cached) return cached;
  const tls13 = spec.protocol === 'TLSv1.3';
  const keyShares: KeyShareEntry[] = [];
  for (const g of shares) {
    const share = generateKeyShare(g);
    if (share) keyShares.push(share);
  }
  const template = new ClientHelloTemplate({
    version: versionCode(spec.protocol),
    groups: spec.groups ?? (tls13 ? TLS13_GROUPS : LEGACY_GROUPS),
    signatureSchemes: spec.sigalgs ?? (tls13 ? SIGALGS_13 : SIGALGS_ALL),
    keyShares,
    compression: tls13 ? [0] : [1, 0],
    ...(spec.fallbackScsv ? { fallbackScsv: true } : {}),
    ...(spec.serverName !== undefined ? { serverName: spec.serverName } : {}),
    ...(!tls13 && spec.protocol !== 'SSLv3' ? { extraExtensions: [heartbeatExtension(1), ...(spec.extraExtensions ?? [])] }
      : spec.extraExtensions !== undefined ? { extraExtensions: spec.extraExtensions } : {}),
    ...(spec.sessionTicket !== undefined ? { sessionTicket: spec.sessionTicket } : {}),
  });
  if (shares.length === 0 && !oneOff) templates.set(key, template);
  return template;
}

/** The ClientHello as the bytes to send (one or more handshake records). */
export function buildClientHello(spec: HelloSpec): Uint8Array {
  return templateFor(spec).build(spec.suites, spec.sessionId ? { sessionId: spec.sessionId } : {});
}
