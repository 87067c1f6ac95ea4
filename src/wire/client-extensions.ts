/**
 * Builders for the extensions a scanning client sends, each returning an Extension (type + data)
 * with the data laid out as its RFC defines it. Key material comes in as bytes: see key-share.ts
 * for generating it.
 */
import { ByteWriter } from './bytes.js';
import { MailtlsError } from '../errors.js';
import type { Extension } from './extension.js';
import { EXTENSION } from './registry/extensions.js';

function ext(type: number, fill: (w: ByteWriter) => void): Extension {
  const w = new ByteWriter(64);
  fill(w);
  return { type, data: w.finish() };
}

/** RFC 6066 section 3: one host_name entry. Not for IP literals (the RFC forbids them). */
export function serverNameExtension(host: string): Extension {
  const name = new TextEncoder().encode(host.replace(/\.$/, ''));
  return ext(EXTENSION.server_name, (w) => {
    const endList = w.lengthU16();
    w.u8(0);
    const endName = w.lengthU16();
    w.bytes(name);
    endName();
    endList();
  });
}

/** RFC 8422 section 5.1.1 / RFC 8446 section 4.2.7. */
export function supportedGroupsExtension(groups: readonly number[]): Extension {
  return ext(EXTENSION.supported_groups, (w) => {
    const end = w.lengthU16();
    for (const g of groups) w.u16(g);
    end();
  });
}

/** RFC 8422 section 5.1.2: 0 uncompressed, 1 ansiX962_compressed_prime, 2 ..._char2. */
export function ecPointFormatsExtension(formats: readonly number[] = [0, 1, 2]): Extension {
  return ext(EXTENSION.ec_point_formats, (w) => {
    const end = w.lengthU8();
    for (const f of formats) w.u8(f);
    end();
  });
}

/** RFC 8446 section 4.2.3 (and RFC 5246 7.4.1.4.1 for the legacy hash/signature pairs). */
export function signatureAlgorithmsExtension(schemes: readonly number[]): Extension {
  return ext(EXTENSION.signature_algorithms, (w) => {
    const end = w.lengthU16();
    for (const s of schemes) w.u16(s);
    end();
  });
}

/** RFC 8446 section 4.2.1 (ClientHello form: a u8-length list). */
export function supportedVersionsExtension(versions: readonly number[]): Extension {
  return ext(EXTENSION.supported_versions, (w) => {
    const end = w.lengthU8();
    for (const v of versions) w.u16(v);
    end();
  });
}

export interface KeyShareEntry {
  readonly group: number;
  readonly keyExchange: Uint8Array;
}

/** RFC 8446 section 4.2.8 (ClientHello form). An empty list asks the server for a HelloRetryRequest. */
export function keyShareExtension(entries: readonly KeyShareEntry[]): Extension {
  return ext(EXTENSION.key_share, (w) => {
    const end = w.lengthU16();
    for (const e of entries) {
      w.u16(e.group);
      const endKey = w.lengthU16();
      w.bytes(e.keyExchange);
      endKey();
    }
    end();
  });
}

/** RFC 5746 section 3.4: empty renegotiated_connection on the initial handshake. */
export function renegotiationInfoExtension(verifyData: Uint8Array = new Uint8Array(0)): Extension {
  return ext(EXTENSION.renegotiation_info, (w) => {
    const end = w.lengthU8();
    w.bytes(verifyData);
    end();
  });
}

/** RFC 7627 section 5.1: empty. */
export function extendedMasterSecretExtension(): Extension {
  return { type: EXTENSION.extended_master_secret, data: new Uint8Array(0) };
}

/** RFC 7366 section 2: empty. */
export function encryptThenMacExtension(): Extension {
  return { type: EXTENSION.encrypt_then_mac, data: new Uint8Array(0) };
}

/** RFC 5077 section 3.2: empty asks for a new ticket. */
export function sessionTicketExtension(ticket: Uint8Array = new Uint8Array(0)): Extension {
  return { type: EXTENSION.session_ticket, data: ticket.slice() };
}

/** RFC 6066 section 8: OCSP, no responder ids, no request extensions. */
export function statusRequestExtension(): Extension {
  return { type: EXTENSION.status_request, data: new Uint8Array([1, 0, 0, 0, 0]) };
}

/** RFC 8446 section 4.2.9: 1 = psk_dhe_ke. */
export function pskKeyExchangeModesExtension(modes: readonly number[] = [1]): Extension {
  return ext(EXTENSION.psk_key_exchange_modes, (w) => {
    const end = w.lengthU8();
    for (const m of modes) w.u8(m);
    end();
  });
}

/** RFC 7301 section 3.1. */
export function alpnExtension(protocols: readonly string[]): Extension {
  return ext(EXTENSION.application_layer_protocol_negotiation, (w) => {
    const end = w.lengthU16();
    for (const p of protocols) {
      const endName = w.lengthU8();
      w.bytes(new TextEncoder().encode(p));
      endName();
    }
    end();
  });
}

/** RFC 7685: `length` zero bytes of extension data. */
export function paddingExtension(length: number): Extension {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) throw new MailtlsError('ELENGTH', `bad padding length ${length}`);
  return { type: EXTENSION.padding, data: new Uint8Array(length) };
}
