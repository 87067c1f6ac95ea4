/**
 * The ClientHellos a scan sends, as data: which version, which suites, which groups. Built on
 * the wire codec; nothing here touches the network.
 */
import { encodeClientHello } from '../wire/client-hello.js';
import {
  ecPointFormatsExtension, encryptThenMacExtension, extendedMasterSecretExtension, keyShareExtension,
  pskKeyExchangeModesExtension, renegotiationInfoExtension, serverNameExtension, sessionTicketExtension,
  signatureAlgorithmsExtension, supportedGroupsExtension, supportedVersionsExtension, type KeyShareEntry,
} from '../wire/client-extensions.js';
import type { Extension } from '../wire/extension.js';
import { encodeHandshake, HANDSHAKE_TYPE } from '../wire/handshake.js';
import { encodeRecords, CONTENT_TYPE } from '../wire/record.js';
import { generateKeyShare } from '../wire/key-share.js';
import { NAMED_GROUPS } from '../wire/registry/groups.js';
import { SIGNATURE_SCHEMES } from '../wire/registry/signature-schemes.js';
import { PROTOCOL, versionCode, type ProtocolName } from '../wire/registry/versions.js';
import { isIP } from 'node:net';

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
}

/** The ClientHello as the bytes to send (one or more handshake records). */
export function buildClientHello(spec: HelloSpec): Uint8Array {
  const version = versionCode(spec.protocol);
  const tls13 = spec.protocol === 'TLSv1.3';
  const suites = [...spec.suites];
  const extensions = helloExtensions(spec);
  if (spec.protocol === 'SSLv3') {
    // SSLv3 clients send no extensions; the SCSV asks for secure renegotiation instead (RFC 5746 section 3.3).
    suites.push(EMPTY_RENEGOTIATION_INFO_SCSV);
  }
  if (spec.fallbackScsv) suites.push(FALLBACK_SCSV);
  const body = encodeClientHello({
    version: tls13 ? PROTOCOL.TLSv1_2 : version,
    cipherSuites: suites,
    // DEFLATE first: a server that still compresses (CRIME) picks it (RFC 3749).
    compression: tls13 ? [0] : [1, 0],
    extensions,
  });
  const message = encodeHandshake({ type: HANDSHAKE_TYPE.client_hello, body });
  // Record version 0x0301 (0x0300 for SSLv3): what real clients send; some servers reject newer.
  return encodeRecords(CONTENT_TYPE.handshake, spec.protocol === 'SSLv3' ? PROTOCOL.SSLv3 : PROTOCOL.TLSv1_0, message);
}

/** A scan sends the same extensions a hundred times: build each set once (key shares aside). */
const extensionCache = new Map<string, Extension[]>();

function helloExtensions(spec: HelloSpec): Extension[] {
  const key = JSON.stringify([spec.protocol, spec.serverName ?? '', spec.groups ?? null, spec.sigalgs ?? null]);
  const shares = spec.keyShares ?? [];
  const cached = shares.length === 0 ? extensionCache.get(key) : undefined;
  if (cached) return cached;
  const version = versionCode(spec.protocol);
  const tls13 = spec.protocol === 'TLSv1.3';
  const extensions: Extension[] = [];
  if (spec.protocol !== 'SSLv3') {
    if (spec.serverName && isIP(spec.serverName) === 0) extensions.push(serverNameExtension(spec.serverName));
    const groups = spec.groups ?? (tls13 ? TLS13_GROUPS : LEGACY_GROUPS);
    extensions.push(supportedGroupsExtension(groups));
    if (!tls13 || groups.some((g) => g < 256)) extensions.push(ecPointFormatsExtension([0]));
    if (version >= PROTOCOL.TLSv1_2) extensions.push(signatureAlgorithmsExtension(spec.sigalgs ?? (tls13 ? SIGALGS_13 : SIGALGS_ALL)));
    extensions.push(sessionTicketExtension());
    if (tls13) {
      const shares: KeyShareEntry[] = [];
      for (const g of spec.keyShares ?? []) {
        const share = generateKeyShare(g);
        if (share) shares.push(share);
      }
      extensions.push(supportedVersionsExtension([PROTOCOL.TLSv1_3]));
      extensions.push(keyShareExtension(shares));
      extensions.push(pskKeyExchangeModesExtension());
    } else {
      extensions.push(renegotiationInfoExtension());
      extensions.push(extendedMasterSecretExtension());
      extensions.push(encryptThenMacExtension());
    }
  }
  if (shares.length === 0) extensionCache.set(key, extensions);
  return extensions;
}
