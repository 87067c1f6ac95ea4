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
import { randomFillSync } from 'node:crypto';
import { decodeClientHello, type ClientHello } from './client-hello.js';
import { ByteWriter } from './bytes.js';
import {
  ecPointFormatsExtension,
  encryptThenMacExtension,
  extendedMasterSecretExtension,
  keyShareExtension,
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
import { writeExtensions, type Extension } from './extension.js';
import { HANDSHAKE_TYPE } from './handshake.js';
import { EXTENSION } from './registry/extensions.js';
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
  /** The session_ticket extension's content (RFC 5077 section 3.2); default empty (a new ticket is asked for). */
  readonly sessionTicket?: Uint8Array;
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

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Everything of a hello but its suites and random: what a scan keeps while it sends a hundred. */
export type ClientHelloShape = Omit<BuildClientHelloOptions, 'cipherSuites' | 'random' | 'sessionId'>;

/**
 * Random bytes for hellos, drawn from one pool: a scan sends about a hundred hellos, and one
 * randomFillSync per 64 of them costs less than one call each.
 */
let randomPool = new Uint8Array(0);
let randomAt = 0;
function nextRandom(into: Uint8Array, at: number): void {
  if (randomAt + 32 > randomPool.length) {
    randomPool = new Uint8Array(32 * 64);
    randomFillSync(randomPool);
    randomAt = 0;
  }
  into.set(randomPool.subarray(randomAt, randomAt + 32), at);
  randomAt += 32;
}

/**
 * A ClientHello with everything fixed but the suites: the extensions are encoded once, and
 * each build() only writes headers, random and suites into one buffer (a scan's probes differ
 * in their suites only). buildClientHello is built on it, so both give the same bytes.
 */
export class ClientHelloTemplate {
  readonly version: number;
  /** The key shares every hello of this template carries (TLS 1.3). */
  readonly keyShares: readonly KeyShareEntry[];
  private readonly legacyVersion: number;
  private readonly recordVersion: number;
  /** SCSVs appended after the caller's suites. */
  private readonly suffix: readonly number[];
  private readonly compression: Uint8Array;
  /** The extensions, each with its type and length, without the block's own length; null: no block at all. */
  private readonly extensions: Uint8Array | null;
  private readonly pad: boolean;

  constructor(shape: ClientHelloShape) {
    const { version } = shape;
    if (version < PROTOCOL.SSLv3 || version > PROTOCOL.TLSv1_3) {
      throw new MailtlsError('EDECODE', `buildClientHello: unsupported version 0x${version.toString(16)}`);
    }
    const tls13 = version === PROTOCOL.TLSv1_3;
    const ssl3 = version === PROTOCOL.SSLv3;
    const noExtensions = shape.noExtensions ?? ssl3;
    const renegotiationScsv = shape.renegotiationScsv ?? (ssl3 || noExtensions);
    const suffix: number[] = [];
    if (renegotiationScsv && !tls13) suffix.push(SCSV_RENEGOTIATION);
    if (shape.fallbackScsv) suffix.push(SCSV_FALLBACK);

    const groups = shape.groups ?? (tls13 ? DEFAULT_GROUPS_TLS13 : DEFAULT_GROUPS_TLS12);
    let keyShares: readonly KeyShareEntry[] = [];
    const extensions: Extension[] = [];
    if (!noExtensions) {
      if (shape.serverName && !isIpLiteral(shape.serverName)) extensions.push(serverNameExtension(shape.serverName));
      extensions.push(supportedGroupsExtension(groups));
      extensions.push(ecPointFormatsExtension());
      if (version >= PROTOCOL.TLSv1_2) extensions.push(signatureAlgorithmsExtension(shape.signatureSchemes ?? BROAD_SIGNATURE_SCHEMES));
      extensions.push(statusRequestExtension());
      extensions.push(sessionTicketExtension(shape.sessionTicket));
      extensions.push(extendedMasterSecretExtension());
      extensions.push(encryptThenMacExtension());
      if (!tls13 && !renegotiationScsv) extensions.push(renegotiationInfoExtension());
      if (tls13) {
        extensions.push(supportedVersionsExtension(shape.supportedVersions ?? [PROTOCOL.TLSv1_3]));
        extensions.push(pskKeyExchangeModesExtension());
        if (shape.keyShares) keyShares = shape.keyShares;
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
      if (shape.extraExtensions) extensions.push(...shape.extraExtensions);
    }
    let block: Uint8Array | null = null;
    if (!noExtensions) {
      const w = new ByteWriter(512);
      writeExtensions(w, extensions);
      block = w.finish().subarray(2);
    }
    const compression = shape.compression ?? [0];
    if (compression.length === 0 || compression.length > 0xff) throw new MailtlsError('ELENGTH', 'a ClientHello needs 1..255 compression methods');
    this.version = version;
    this.keyShares = keyShares;
    this.legacyVersion = tls13 ? PROTOCOL.TLSv1_2 : version;
    this.recordVersion = shape.recordVersion ?? Math.min(version, PROTOCOL.TLSv1_0);
    this.suffix = suffix;
    this.compression = Uint8Array.from(compression, (c) => c & 0xff);
    this.extensions = block;
    this.pad = (shape.padding ?? true) && !noExtensions;
  }

  /**
   * Record-framed bytes of a hello offering `cipherSuites` (SCSVs in it are dropped: the
   * template adds those it was made with).
   */
  build(cipherSuites: readonly number[], options: { random?: Uint8Array; sessionId?: Uint8Array } = {}): Uint8Array {
    return this.encode(cipherSuites, options).bytes;
  }

  /** The record-framed bytes, and the handshake message they carry (a view into them when one record holds it). */
  encode(cipherSuites: readonly number[], options: { random?: Uint8Array; sessionId?: Uint8Array } = {}): { handshake: Uint8Array; bytes: Uint8Array } {
    // The suites go in as one native copy (and a byte swap to network order): a scan's hellos
    // carry hundreds of suites each, and a per-suite loop is what costs on a cold start.
    const own = cipherSuites.includes(SCSV_RENEGOTIATION) || cipherSuites.includes(SCSV_FALLBACK)
      ? cipherSuites.filter((c) => c !== SCSV_RENEGOTIATION && c !== SCSV_FALLBACK) : cipherSuites;
    if (own.length > 0 && (Math.min(...own) < 0 || Math.max(...own) > 0xffff)) {
      throw new MailtlsError('ELENGTH', 'a cipher suite is not a two-byte code');
    }
    const n = own.length + this.suffix.length;
    if (n === 0) throw new MailtlsError('ELENGTH', 'ClientHello needs at least one cipher suite');
    if (2 * n > 0xfffe) throw new MailtlsError('ELENGTH', `${n} cipher suites do not fit in a ClientHello`);
    const sid = options.sessionId ?? new Uint8Array(0);
    if (sid.length > 32) throw new MailtlsError('ELENGTH', 'ClientHello session id exceeds 32 bytes');
    if (options.random && options.random.length !== 32) throw new MailtlsError('ELENGTH', 'ClientHello random must be 32 bytes');
    const ext = this.extensions;
    let bodyLength = 2 + 32 + 1 + sid.length + 2 + 2 * n + 1 + this.compression.length + (ext ? 2 + ext.length : 0);
    // RFC 7685 section 4: some servers hang on hellos of 256..511 bytes, so those are padded to 512.
    let padding = -1;
    if (this.pad && bodyLength + 4 > 0xff && bodyLength + 4 < 0x200) {
      padding = Math.max(0, 0x200 - (bodyLength + 4) - 4);
      bodyLength += 4 + padding;
    }
    const extLength = ext ? ext.length + (padding >= 0 ? 4 + padding : 0) : 0;
    if (extLength > 0xffff || bodyLength > 0xffffff) throw new MailtlsError('ELENGTH', 'ClientHello too large');
    const handshakeLength = 4 + bodyLength;
    const single = handshakeLength <= 2 ** 14;
    const out = new Uint8Array(single ? 5 + handshakeLength : handshakeLength);
    let at = 0;
    if (single) {
      out[0] = CONTENT_TYPE.handshake;
      out[1] = this.recordVersion >> 8;
      out[2] = this.recordVersion & 0xff;
      out[3] = handshakeLength >> 8;
      out[4] = handshakeLength & 0xff;
      at = 5;
    }
    out[at] = HANDSHAKE_TYPE.client_hello;
    out[at + 1] = bodyLength >> 16;
    out[at + 2] = (bodyLength >> 8) & 0xff;
    out[at + 3] = bodyLength & 0xff;
    out[at + 4] = this.legacyVersion >> 8;
    out[at + 5] = this.legacyVersion & 0xff;
    at += 6;
    if (options.random) out.set(options.random, at);
    else nextRandom(out, at);
    at += 32;
    out[at++] = sid.length;
    out.set(sid, at);
    at += sid.length;
    out[at++] = (2 * n) >> 8;
    out[at++] = (2 * n) & 0xff;
    const codes = Buffer.from(Uint16Array.from(own).buffer);
    out.set(LITTLE_ENDIAN ? codes.swap16() : codes, at);
    at += 2 * own.length;
    for (const c of this.suffix) {
      out[at++] = c >> 8;
      out[at++] = c & 0xff;
    }
    out[at++] = this.compression.length;
    out.set(this.compression, at);
    at += this.compression.length;
    if (ext) {
      out[at++] = extLength >> 8;
      out[at++] = extLength & 0xff;
      out.set(ext, at);
      at += ext.length;
      if (padding >= 0) {
        out[at++] = EXTENSION.padding >> 8;
        out[at++] = EXTENSION.padding & 0xff;
        out[at++] = padding >> 8;
        out[at++] = padding & 0xff;
        at += padding; // zeros (RFC 7685 section 3)
      }
    }
    // A hello beyond one record (thousands of suites) is split (RFC 8446 section 5.1).
    return single ? { handshake: out.subarray(5), bytes: out } : { handshake: out, bytes: encodeRecords(CONTENT_TYPE.handshake, this.recordVersion, out) };
  }
}

export function buildClientHello(opts: BuildClientHelloOptions): BuiltClientHello {
  const template = new ClientHelloTemplate(opts);
  const { handshake, bytes } = template.encode(opts.cipherSuites, {
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.sessionId ? { sessionId: opts.sessionId } : {}),
  });
  return { hello: decodeClientHello(handshake.subarray(4)), handshake, bytes, keyShares: template.keyShares };
}
