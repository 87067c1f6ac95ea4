/**
 * The scanner's ClientHello: one call from "probe TLS 1.1 with these suites" to record bytes a
 * real server (OpenSSL 3 behind Postfix, or something older) accepts. Choices, with reasons:
 * - TLS 1.3 hellos use legacy_version 0x0303 and supported_versions (RFC 8446 section 4.1.2);
 *   older ones put the probed version in legacy_version and send no supported_versions, so the
 *   server picks exactly that version or fails.
 * - SSLv3 hellos carry no extensions (SSLv3-only stacks predate them; OpenSSL did the same) and
 *   signal secure renegotiation with the SCSV (RFC 5746 section 3.3).
 * - signature_algorithms lists legacy md5/sha1/sha224 pairs too, so old servers find a match.
 * - A ClientHello of 256..511 bytes is padded to 512 (RFC 7685 section 4: some servers hang on it).
 */
import { encodeClientHello, completeClientHello, type ClientHello } from './client-hello.js';
import {
  ecPointFormatsExtension,
  encryptThenMacExtension,
  extendedMasterSecretExtension,
  keyShareExtension,
  paddingExtension,
  pskKeyExchangeModesExtension,
  renegotiationInfoExtension,
  serverNameExtension,
  sessionTicketExtension,
  signatureAlgorithmsExtension,
  statusRequestExtension,
  supportedGroupsExtension,
  supportedVersionsExtension,
  type KeyShareEntry,
} from './client-extensions.js';
import type { Extension } from './extension.js';
import { encodeHandshake, HANDSHAKE_TYPE } from './handshake.js';
import { generateKeyShare } from './key-share.js';
import { CONTENT_TYPE, encodeRecords } from './record.js';
import { BROAD_SIGNATURE_SCHEMES } from './registry/signature-schemes.js';
import { PROTOCOL } from './registry/versions.js';
import { MailtlsError } from '../errors.js';

/** TLS 1.0-1.2: common curves first, then every other named curve, then FFDHE (RFC 7919). */
export const DEFAULT_GROUPS_TLS12: readonly number[] = [
  29, 23, 30, 25, 24, 26, 27, 28, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
  256, 257, 258, 259, 260,
];

/** TLS 1.3: the groups RFC 8446 allows, plus the ML-KEM hybrids. */
export const DEFAULT_GROUPS_TLS13: readonly number[] = [
  29, 23, 24, 25, 30, 0x11ec, 0x11eb, 0x11ed, 31, 32, 33, 256, 257, 258, 259, 260,
];

export interface BuildClientHelloOptions {
  /** The protocol to probe: PROTOCOL.SSLv3 .. PROTOCOL.TLSv1_3. (SSLv2: see sslv2.ts.) */
  readonly version: number;
  /** Suite codes in preference order. SCSVs are added by the flags below, not here. */
  readonly cipherSuites: readonly number[];
  /** supported_groups; default DEFAULT_GROUPS_TLS12 / DEFAULT_GROUPS_TLS13. */
  readonly groups?: readonly number[];
  /**
   * TLS 1.3 key shares. Default: one generated share for the first group in `groups` that
   * key-share.ts can generate. Pass [] to send an empty key_share (forces a HelloRetryRequest).
   */
  readonly keyShares?: readonly KeyShareEntry[];
  /** SNI host name; ignored for IP literals (RFC 6066 section 3). */
  readonly serverName?: string;
  /** Default BROAD_SIGNATURE_SCHEMES. */
  readonly signatureSchemes?: readonly number[];
  /** Append TLS_FALLBACK_SCSV (RFC 7507). Default false. */
  readonly fallbackScsv?: boolean;
  /**
   * Signal secure renegotiation with TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 section 3.3)
   * instead of the renegotiation_info extension. Default: true for SSLv3, false otherwise
   * (then the extension is sent, for versions below TLS 1.3).
   */
  readonly renegotiationScsv?: boolean;
  /** supported_versions for TLS 1.3 hellos; default [0x0304]. */
  readonly supportedVersions?: readonly number[];
  /** Send no extensions at all. Default: true for SSLv3, false otherwise. */
  readonly noExtensions?: boolean;
  /** Extra extensions, appended before padding. */
  readonly extraExtensions?: readonly Extension[];
  /** Compression methods; default [0]. [1, 0] probes DEFLATE (CRIME). */
  readonly compression?: readonly number[];
  readonly random?: Uint8Array;
  readonly sessionId?: Uint8Array;
  /** Record-layer version; default min(version, TLS 1.0) (RFC 8446 section 5.1, appendix D). */
  readonly recordVersion?: number;
  /** Pad 256..511-byte hellos to 512 (RFC 7685). Default true. */
  readonly padding?: boolean;
}

export interface BuiltClientHello {
  readonly hello: ClientHello;
  /** The handshake message (type, length, body). */
  readonly handshake: Uint8Array;
  /** Record-framed bytes to write to the socket. */
  readonly bytes: Uint8Array;
  /** The key shares sent (TLS 1.3). */
  readonly keyShares: readonly KeyShareEntry[];
}

const SCSV_RENEGOTIATION = 0x00ff;
const SCSV_FALLBACK = 0x5600;

/** IPv4 dotted quad or anything with a colon (IPv6); host names have neither. */
function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

function paddingFor(handshakeLength: number): number | null {
  if (handshakeLength <= 0xff || handshakeLength >= 0x200) return null;
  // the padding extension's own 4-byte header counts towards the 512
  return Math.max(0, 0x200 - handshakeLength - 4);
}

export function buildClientHello(opts: BuildClientHelloOptions): BuiltClientHello {
  const { version } = opts;
  if (version < PROTOCOL.SSLv3 || version > PROTOCOL.TLSv1_3) {
    throw new MailtlsError('EDECODE', `buildClientHello: unsupported version 0x${version.toString(16)}`);
  }
  const tls13 = version === PROTOCOL.TLSv1_3;
  const ssl3 = version === PROTOCOL.SSLv3;
  const noExtensions = opts.noExtensions ?? ssl3;
  const renegotiationScsv = opts.renegotiationScsv ?? (ssl3 || noExtensions);

  const suites = opts.cipherSuites.filter((c) => c !== SCSV_RENEGOTIATION && c !== SCSV_FALLBACK);
  if (renegotiationScsv && !tls13) suites.push(SCSV_RENEGOTIATION);
  if (opts.fallbackScsv) suites.push(SCSV_FALLBACK);

  const groups = opts.groups ?? (tls13 ? DEFAULT_GROUPS_TLS13 : DEFAULT_GROUPS_TLS12);
  let keyShares: readonly KeyShareEntry[] = [];
  const extensions: Extension[] = [];
  if (!noExtensions) {
    if (opts.serverName && !isIpLiteral(opts.serverName)) extensions.push(serverNameExtension(opts.serverName));
    extensions.push(supportedGroupsExtension(groups));
    extensions.push(ecPointFormatsExtension());
    if (version >= PROTOCOL.TLSv1_2) extensions.push(signatureAlgorithmsExtension(opts.signatureSchemes ?? BROAD_SIGNATURE_SCHEMES));
    extensions.push(statusRequestExtension());
    extensions.push(sessionTicketExtension());
    extensions.push(extendedMasterSecretExtension());
    extensions.push(encryptThenMacExtension());
    if (!tls13 && !renegotiationScsv) extensions.push(renegotiationInfoExtension());
    if (tls13) {
      extensions.push(supportedVersionsExtension(opts.supportedVersions ?? [PROTOCOL.TLSv1_3]));
      extensions.push(pskKeyExchangeModesExtension());
      if (opts.keyShares) keyShares = opts.keyShares;
      else {
        for (const g of groups) {
          const share = generateKeyShare(g);
          if (share) {
            keyShares = [share];
            break;
          }
        }
      }
      extensions.push(keyShareExtension(keyShares));
    }
    if (opts.extraExtensions) extensions.push(...opts.extraExtensions);
  }

  const input = {
    version: tls13 ? PROTOCOL.TLSv1_2 : version,
    cipherSuites: suites,
    extensions,
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.sessionId ? { sessionId: opts.sessionId } : {}),
    ...(opts.compression ? { compression: opts.compression } : {}),
  };
  let hello = completeClientHello(input);
  let body = encodeClientHello(hello);
  if ((opts.padding ?? true) && !noExtensions) {
    const pad = paddingFor(body.length + 4);
    if (pad !== null) {
      hello = { ...hello, extensions: [...extensions, paddingExtension(pad)] };
      body = encodeClientHello(hello);
    }
  }
  const handshake = encodeHandshake({ type: HANDSHAKE_TYPE.client_hello, body });
  const recordVersion = opts.recordVersion ?? Math.min(version, PROTOCOL.TLSv1_0);
  const bytes = encodeRecords(CONTENT_TYPE.handshake, recordVersion, handshake);
  return { hello, handshake, bytes, keyShares };
}
