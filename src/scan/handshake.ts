/**
 * One handshake probe over a connected transport: send a ClientHello, read what the server
 * answers up to the end of its first flight (TLS ≤1.2: ServerHelloDone, all in one round trip)
 * or the ServerHello alone (TLS 1.3: the rest is encrypted), then stop. No key is ever derived,
 * which is what makes a probe cheap.
 */
import { MailtlsError } from '../errors.js';
import type { Transport } from '../net/transport.js';
import { decodeAlert } from '../wire/alert.js';
import { certificateChain, decodeCertificate } from '../wire/certificate.js';
import { HandshakeReassembler, HANDSHAKE_TYPE } from '../wire/handshake.js';
import { CONTENT_TYPE, RecordDeframer } from '../wire/record.js';
import { decodeServerHello, type ServerHello } from '../wire/server-hello.js';
import { decodeServerKeyExchange, type ServerKeyExchange } from '../wire/server-key-exchange.js';
import { decodeSslv2ServerMessage, encodeSslv2ClientHello } from '../wire/sslv2.js';
import { cipherSuiteByCode } from '../wire/registry/cipher-suites.js';
import { PROTOCOL } from '../wire/registry/versions.js';
import { buildClientHello, type HelloSpec } from './hello.js';

export type HelloOutcome =
  | {
      readonly kind: 'accepted';
      readonly hello: ServerHello;
      /** DER chain, leaf first, when the server sent a Certificate in the clear (TLS ≤1.2). */
      readonly chain: Uint8Array[] | null;
      readonly ske: ServerKeyExchange | null;
    }
  | { readonly kind: 'refused'; readonly alert: number | null; readonly reason: string };

/** Everything a probe may receive: a ServerHello flight with a big chain fits easily. */
export const PROBE_MAX_BYTES = 512 * 1024;

export async function tlsHello(t: Transport, spec: HelloSpec, timeoutMs: number): Promise<HelloOutcome> {
  await t.write(buildClientHello(spec));
  const deframer = new RecordDeframer({ allowSslv2: false });
  const reassembler = new HandshakeReassembler();
  let hello: ServerHello | undefined;
  let chain: Uint8Array[] | null = null;
  let ske: ServerKeyExchange | null = null;
  let received = 0;
  const accepted = (): HelloOutcome => ({ kind: 'accepted', hello: hello as ServerHello, chain, ske });
  for (;;) {
    let chunk: Uint8Array | null;
    try {
      chunk = await t.read(timeoutMs);
    } catch (err) {
      // A reset instead of an alert is how some servers say no; after a ServerHello it is the answer we needed.
      if (hello) return accepted();
      if (err instanceof MailtlsError && err.code === 'ECONNRESET' && received === 0) return { kind: 'refused', alert: null, reason: 'connection reset' };
      throw err;
    }
    if (chunk === null) {
      if (hello) return accepted();
      if (received === 0) return { kind: 'refused', alert: null, reason: 'connection closed' };
      throw new MailtlsError('ETLS_PROTOCOL', 'the server closed the connection in the middle of a record', { place: t.place });
    }
    received += chunk.length;
    if (received > PROBE_MAX_BYTES) throw new MailtlsError('ETOOLARGE', `the server sent more than ${PROBE_MAX_BYTES} bytes in its first flight`, { place: t.place });
    for (const frame of withPlace(t, () => deframer.push(chunk))) {
      if (frame.kind !== 'tls') continue;
      const rec = frame.record;
      if (rec.type === CONTENT_TYPE.alert) {
        if (hello) return accepted();
        const alert = withPlace(t, () => decodeAlert(rec.fragment));
        return { kind: 'refused', alert: alert.description, reason: alert.name };
      }
      if (rec.type !== CONTENT_TYPE.handshake) {
        if (hello) return accepted();
        throw new MailtlsError('ETLS_PROTOCOL', `record type ${rec.type} before the ServerHello`, { place: t.place });
      }
      for (const msg of withPlace(t, () => reassembler.push(rec.fragment))) {
        if (msg.type === HANDSHAKE_TYPE.server_hello) {
          hello = withPlace(t, () => decodeServerHello(msg.body));
          if (hello.helloRetryRequest || hello.negotiatedVersion >= PROTOCOL.TLSv1_3) return accepted();
        } else if (!hello) {
          throw new MailtlsError('ETLS_PROTOCOL', `handshake message ${msg.type} before the ServerHello`, { place: t.place });
        } else if (msg.type === HANDSHAKE_TYPE.certificate) {
          chain = withPlace(t, () => certificateChain(decodeCertificate(msg.body)));
        } else if (msg.type === HANDSHAKE_TYPE.server_key_exchange) {
          const suite = cipherSuiteByCode(hello.cipherSuite);
          if (suite) {
            const h = hello;
            try {
              ske = decodeServerKeyExchange(msg.body, { kx: suite.kx, auth: suite.auth, version: h.negotiatedVersion });
            } catch {
              ske = null; // a malformed key exchange loses only the DH/curve detail
            }
          }
        } else if (msg.type === HANDSHAKE_TYPE.server_hello_done) {
          return accepted();
        }
      }
    }
  }
}

/** Codec errors carry no place; add the server's. */
function withPlace<T>(t: Transport, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MailtlsError && !err.place) throw new MailtlsError(err.code, err.message, { place: t.place, cause: err });
    throw err;
  }
}

export type Sslv2Outcome =
  | { readonly kind: 'accepted'; readonly cipherSpecs: readonly number[]; readonly certificate: Uint8Array | null }
  | { readonly kind: 'refused'; readonly reason: string };

/** An SSLv2 CLIENT-HELLO with every SSLv2 cipher kind; an SSLv2 server lists all it has at once. */
export async function sslv2Hello(t: Transport, timeoutMs: number): Promise<Sslv2Outcome> {
  await t.write(encodeSslv2ClientHello());
  const deframer = new RecordDeframer({ allowSslv2: true });
  let received = 0;
  for (;;) {
    let chunk: Uint8Array | null;
    try {
      chunk = await t.read(timeoutMs);
    } catch (err) {
      if (err instanceof MailtlsError && err.code === 'ECONNRESET') return { kind: 'refused', reason: 'connection reset' };
      throw err;
    }
    if (chunk === null) return { kind: 'refused', reason: 'connection closed' };
    received += chunk.length;
    if (received > PROBE_MAX_BYTES) throw new MailtlsError('ETOOLARGE', 'the server sent too much to an SSLv2 hello', { place: t.place });
    let frames;
    try {
      frames = deframer.push(chunk);
    } catch {
      return { kind: 'refused', reason: 'not an SSLv2 answer' };
    }
    for (const frame of frames) {
      if (frame.kind === 'tls') return { kind: 'refused', reason: frame.record.type === CONTENT_TYPE.alert ? 'TLS alert' : 'TLS answer' };
      const msg = withPlace(t, () => decodeSslv2ServerMessage(frame.body));
      if (msg.kind === 'error') return { kind: 'refused', reason: `SSLv2 error ${msg.errorCode}` };
      return { kind: 'accepted', cipherSpecs: msg.cipherSpecs, certificate: msg.certificate.length > 0 ? msg.certificate : null };
    }
  }
}
