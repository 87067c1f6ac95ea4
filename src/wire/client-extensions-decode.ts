/**
 * Decoders for the extensions a client sends (the server side of client-extensions.ts): what
 * `mailtls listen` needs to report a sending client's ClientHello. Each takes the extension's
 * data and returns plain values; a malformed body throws a coded error (ETRUNCATED, ELENGTH,
 * EDECODE), which the caller turns into a warning and keeps the raw bytes.
 */
import { ByteReader } from './bytes.js';
import { MailtlsError } from '../errors.js';

function u16List(data: Uint8Array, what: string): number[] {
  const r = new ByteReader(data);
  const list = r.expectLengthU16(what);
  if (list.remaining % 2 !== 0) throw new MailtlsError('ELENGTH', `${what}: odd length`);
  const out: number[] = [];
  while (!list.atEnd) out.push(list.u16(what));
  r.expectEnd(what);
  return out;
}

/** RFC 8422 section 5.1.1 / RFC 8446 section 4.2.7: NamedGroupList. */
export function decodeSupportedGroups(data: Uint8Array): number[] {
  return u16List(data, 'supported_groups');
}

/** RFC 8446 section 4.2.3: SignatureSchemeList (also signature_algorithms_cert, 4.2.3). */
export function decodeSignatureAlgorithms(data: Uint8Array): number[] {
  return u16List(data, 'signature_algorithms');
}

/** RFC 8446 section 4.2.1, ClientHello form: a u8-length list of versions. */
export function decodeSupportedVersions(data: Uint8Array): number[] {
  const r = new ByteReader(data);
  const list = r.expectLengthU8('supported_versions');
  if (list.remaining % 2 !== 0) throw new MailtlsError('ELENGTH', 'supported_versions: odd length');
  const out: number[] = [];
  while (!list.atEnd) out.push(list.u16('supported_versions'));
  r.expectEnd('supported_versions');
  return out;
}

/** RFC 6066 section 3: the host_name entries (type 0); other name types are skipped. */
export function decodeServerName(data: Uint8Array): string[] {
  const r = new ByteReader(data);
  const list = r.expectLengthU16('server_name list');
  const names: string[] = [];
  while (!list.atEnd) {
    const type = list.u8('server_name type');
    const name = list.vectorU16('server_name');
    if (type === 0) names.push(Buffer.from(name).toString('latin1'));
  }
  r.expectEnd('server_name');
  return names;
}

/** RFC 7301 section 3.1: ProtocolNameList. */
export function decodeAlpn(data: Uint8Array): string[] {
  const r = new ByteReader(data);
  const list = r.expectLengthU16('ALPN list');
  const out: string[] = [];
  while (!list.atEnd) out.push(Buffer.from(list.vectorU8('ALPN protocol')).toString('latin1'));
  r.expectEnd('ALPN');
  return out;
}

/** RFC 8446 section 4.2.8, ClientHello form: the groups of the key shares (the keys themselves are not kept). */
export function decodeKeyShareGroups(data: Uint8Array): { group: number; length: number }[] {
  const r = new ByteReader(data);
  const list = r.expectLengthU16('key_share');
  const out: { group: number; length: number }[] = [];
  while (!list.atEnd) {
    const group = list.u16('key_share group');
    const key = list.vectorU16('key_share key_exchange');
    out.push({ group, length: key.length });
  }
  r.expectEnd('key_share');
  return out;
}

/** RFC 8422 section 5.1.2: ECPointFormatList. */
export function decodeEcPointFormats(data: Uint8Array): number[] {
  return u8List(data, 'ec_point_formats');
}

/** RFC 8446 section 4.2.9: the PSK key exchange modes (0 psk_ke, 1 psk_dhe_ke). */
export function decodePskModes(data: Uint8Array): number[] {
  return u8List(data, 'psk_key_exchange_modes');
}

function u8List(data: Uint8Array, what: string): number[] {
  const r = new ByteReader(data);
  const list = r.expectLengthU8(what);
  const out: number[] = [];
  while (!list.atEnd) out.push(list.u8(what));
  r.expectEnd(what);
  return out;
}
