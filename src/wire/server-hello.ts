/**
 * ServerHello (RFC 8446 section 4.1.3; RFC 5246 section 7.4.1.3) including the HelloRetryRequest
 * that TLS 1.3 sends in its place, and the facts a scanner reads from it: the negotiated version
 * (supported_versions wins over legacy_version), the key-share group, secure renegotiation
 * (RFC 5746), extended master secret (RFC 7627), encrypt-then-MAC (RFC 7366), session tickets
 * (RFC 5077), ALPN, and the TLS 1.3 downgrade sentinel in the random.
 */
import { ByteReader, ByteWriter, bytesEqual, fromHex } from './bytes.js';
import { MailtlsError } from '../errors.js';
import { findExtension, readExtensions, writeExtensions, type Extension } from './extension.js';
import { EXTENSION } from './registry/extensions.js';

/** RFC 8446 section 4.1.3: SHA-256("HelloRetryRequest") marks a HelloRetryRequest. */
export const HELLO_RETRY_REQUEST_RANDOM = fromHex('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c');

/** RFC 8446 section 4.1.3: last 8 bytes of a TLS 1.3 server's random when it negotiates lower. */
export const DOWNGRADE_TLS12 = fromHex('444f574e47524401');
export const DOWNGRADE_TLS11 = fromHex('444f574e47524400');

export interface ServerHelloInput {
  /** legacy_version (0x0303 in TLS 1.3, where supported_versions carries the real one). */
  readonly version: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly cipherSuite: number;
  readonly compression: number;
  /** Empty: no extensions block at all (SSLv3 and old servers). */
  readonly extensions: readonly Extension[];
}

export interface ServerHello extends ServerHelloInput {
  readonly helloRetryRequest: boolean;
  /** The negotiated version: supported_versions' selected_version if present, else legacy_version. */
  readonly negotiatedVersion: number;
  /** key_share group (ServerHello) or selected_group (HelloRetryRequest); null without key_share. */
  readonly keyShareGroup: number | null;
  /** The server's key_share public value (not in a HelloRetryRequest). */
  readonly keyShare: Uint8Array | null;
  /** renegotiation_info content; null when the server did not send the extension. */
  readonly renegotiationInfo: Uint8Array | null;
  readonly extendedMasterSecret: boolean;
  readonly encryptThenMac: boolean;
  readonly sessionTicket: boolean;
  readonly statusRequest: boolean;
  readonly alpn: string | null;
  readonly ecPointFormats: readonly number[] | null;
  /** heartbeat mode (RFC 6520): 1 peer_allowed_to_send, 2 peer_not_allowed_to_send. */
  readonly heartbeat: number | null;
  /** HelloRetryRequest cookie. */
  readonly cookie: Uint8Array | null;
  /** The downgrade sentinel found in the random (a TLS 1.3 server negotiated lower on purpose). */
  readonly downgradeSentinel: 'TLSv1.2' | 'TLSv1.1' | null;
}

/** The handshake body of a ServerHello (for tests and fake servers). */
export function encodeServerHello(hello: ServerHelloInput): Uint8Array {
  if (hello.random.length !== 32) throw new MailtlsError('ELENGTH', 'ServerHello random must be 32 bytes');
  const w = new ByteWriter(128);
  w.u16(hello.version).bytes(hello.random);
  const endSid = w.lengthU8();
  w.bytes(hello.sessionId);
  endSid();
  w.u16(hello.cipherSuite).u8(hello.compression);
  if (hello.extensions.length > 0) writeExtensions(w, hello.extensions);
  return w.finish();
}

function empty(ext: Extension | undefined, what: string): boolean {
  if (!ext) return false;
  if (ext.data.length !== 0) throw new MailtlsError('EDECODE', `ServerHello ${what} extension must be empty`);
  return true;
}

export function decodeServerHello(body: Uint8Array): ServerHello {
  const r = new ByteReader(body);
  const version = r.u16('ServerHello version');
  const random = r.bytes(32, 'ServerHello random');
  const sessionId = r.vectorU8('ServerHello session id');
  if (sessionId.length > 32) throw new MailtlsError('ELENGTH', 'ServerHello session id exceeds 32 bytes');
  const cipherSuite = r.u16('ServerHello cipher suite');
  const compression = r.u8('ServerHello compression');
  const extensions = r.atEnd ? [] : readExtensions(r, 'ServerHello');
  r.expectEnd('ServerHello');

  const helloRetryRequest = bytesEqual(random, HELLO_RETRY_REQUEST_RANDOM);

  let negotiatedVersion = version;
  const sv = findExtension(extensions, EXTENSION.supported_versions);
  if (sv) {
    const er = new ByteReader(sv.data);
    negotiatedVersion = er.u16('supported_versions selected_version');
    er.expectEnd('supported_versions');
  }

  let keyShareGroup: number | null = null;
  let keyShare: Uint8Array | null = null;
  const ks = findExtension(extensions, EXTENSION.key_share);
  if (ks) {
    const er = new ByteReader(ks.data);
    keyShareGroup = er.u16('key_share group');
    if (!helloRetryRequest) keyShare = er.vectorU16('key_share key_exchange');
    er.expectEnd('key_share');
  }

  let renegotiationInfo: Uint8Array | null = null;
  const ri = findExtension(extensions, EXTENSION.renegotiation_info);
  if (ri) {
    const er = new ByteReader(ri.data);
    renegotiationInfo = er.vectorU8('renegotiation_info');
    er.expectEnd('renegotiation_info');
  }

  let alpn: string | null = null;
  const al = findExtension(extensions, EXTENSION.application_layer_protocol_negotiation);
  if (al) {
    const er = new ByteReader(al.data);
    const list = er.expectLengthU16('ALPN protocol list');
    alpn = new TextDecoder('utf-8', { fatal: false }).decode(list.vectorU8('ALPN protocol'));
    list.expectEnd('ALPN protocol list (the server must select exactly one)');
    er.expectEnd('ALPN');
  }

  let ecPointFormats: number[] | null = null;
  const pf = findExtension(extensions, EXTENSION.ec_point_formats);
  if (pf) {
    const er = new ByteReader(pf.data);
    const list = er.expectLengthU8('ec_point_formats');
    ecPointFormats = [];
    while (!list.atEnd) ecPointFormats.push(list.u8());
    er.expectEnd('ec_point_formats');
  }

  let heartbeat: number | null = null;
  const hb = findExtension(extensions, EXTENSION.heartbeat);
  if (hb) {
    const er = new ByteReader(hb.data);
    heartbeat = er.u8('heartbeat mode');
    er.expectEnd('heartbeat');
  }

  let cookie: Uint8Array | null = null;
  const ck = findExtension(extensions, EXTENSION.cookie);
  if (ck) {
    const er = new ByteReader(ck.data);
    cookie = er.vectorU16('cookie');
    er.expectEnd('cookie');
  }

  const tail = random.subarray(24);
  const downgradeSentinel = bytesEqual(tail, DOWNGRADE_TLS12) ? 'TLSv1.2' : bytesEqual(tail, DOWNGRADE_TLS11) ? 'TLSv1.1' : null;

  return {
    version, random, sessionId, cipherSuite, compression, extensions,
    helloRetryRequest, negotiatedVersion, keyShareGroup, keyShare, renegotiationInfo,
    extendedMasterSecret: empty(findExtension(extensions, EXTENSION.extended_master_secret), 'extended_master_secret'),
    encryptThenMac: empty(findExtension(extensions, EXTENSION.encrypt_then_mac), 'encrypt_then_mac'),
    sessionTicket: empty(findExtension(extensions, EXTENSION.session_ticket), 'session_ticket'),
    statusRequest: empty(findExtension(extensions, EXTENSION.status_request), 'status_request'),
    alpn, ecPointFormats, heartbeat, cookie, downgradeSentinel,
  };
}
