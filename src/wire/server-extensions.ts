/**
 * Builders for the ServerHello forms of extensions (their layout differs from the ClientHello
 * forms), for fake servers in tests and for round-trip tests of decodeServerHello.
 */
import { ByteWriter } from './bytes.js';
import type { Extension } from './extension.js';
import { EXTENSION } from './registry/extensions.js';

/** RFC 8446 section 4.2.1: ServerHello carries the single selected_version. */
export function selectedVersionExtension(version: number): Extension {
  return { type: EXTENSION.supported_versions, data: new ByteWriter(2).u16(version).finish() };
}

/** RFC 8446 section 4.2.8: one KeyShareEntry in a ServerHello. */
export function serverKeyShareExtension(group: number, keyExchange: Uint8Array): Extension {
  const w = new ByteWriter(4 + keyExchange.length);
  w.u16(group);
  const end = w.lengthU16();
  w.bytes(keyExchange);
  end();
  return { type: EXTENSION.key_share, data: w.finish() };
}

/** RFC 8446 section 4.2.8: a HelloRetryRequest names only the selected group. */
export function helloRetryKeyShareExtension(group: number): Extension {
  return { type: EXTENSION.key_share, data: new ByteWriter(2).u16(group).finish() };
}

/** RFC 8446 section 4.2.2. */
export function cookieExtension(cookie: Uint8Array): Extension {
  const w = new ByteWriter(2 + cookie.length);
  const end = w.lengthU16();
  w.bytes(cookie);
  end();
  return { type: EXTENSION.cookie, data: w.finish() };
}

/** RFC 7301 section 3.1: the server's single selected protocol. */
export function selectedAlpnExtension(protocol: string): Extension {
  const w = new ByteWriter(8);
  const end = w.lengthU16();
  const endName = w.lengthU8();
  w.bytes(new TextEncoder().encode(protocol));
  endName();
  end();
  return { type: EXTENSION.application_layer_protocol_negotiation, data: w.finish() };
}

/** RFC 6520 section 2: 1 peer_allowed_to_send, 2 peer_not_allowed_to_send. */
export function heartbeatExtension(mode: number): Extension {
  return { type: EXTENSION.heartbeat, data: new Uint8Array([mode]) };
}
