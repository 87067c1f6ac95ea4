/**
 * Reading a client's ClientHello off the wire, sans-IO: bytes in, a decoded ClientHello out
 * once the whole handshake message has arrived, with every byte kept so the caller can hand the
 * same bytes to node:tls afterwards. Bounded: a ClientHello larger than MAX_CLIENT_HELLO (a
 * hostile 16 MB length), a non-handshake record first, an SSLv2-framed hello or garbage fail
 * with a coded error, and never more than MAX_CLIENT_HELLO + one record is held.
 */
import { MailtlsError } from '../errors.js';
import { decodeClientHello, type ClientHello } from '../wire/client-hello.js';
import { HANDSHAKE_TYPE, HandshakeReassembler } from '../wire/handshake.js';
import { CONTENT_TYPE, RecordDeframer } from '../wire/record.js';

/**
 * 64 KiB: a ClientHello with a post-quantum key share and padding is about 2 KB; RFC 8446
 * section 4.1.2 allows up to 2^16 bytes of extensions plus the fixed fields.
 */
export const MAX_CLIENT_HELLO = 70 * 1024;

export type CaptureResult =
  | { readonly done: false }
  | { readonly done: true; readonly hello: ClientHello; readonly recordVersion: number; readonly bytes: number; readonly raw: Uint8Array };

export class ClientHelloCapture {
  private readonly deframer = new RecordDeframer({ allowSslv2: true });
  private readonly handshake = new HandshakeReassembler({ maxMessageLength: MAX_CLIENT_HELLO });
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  private recordVersion: number | null = null;

  /** Every byte pushed so far, in order (what node:tls must see). */
  raw(): Uint8Array {
    return Buffer.concat(this.chunks);
  }

  push(bytes: Uint8Array): CaptureResult {
    this.chunks.push(bytes);
    this.total += bytes.length;
    if (this.total > MAX_CLIENT_HELLO + 2 * 5 + 16 * 1024) {
      throw new MailtlsError('ETOOLARGE', `the client sent more than ${MAX_CLIENT_HELLO} bytes without completing a ClientHello`);
    }
    for (const frame of this.deframer.push(bytes)) {
      if (frame.kind === 'sslv2') {
        // An SSLv2-compatible CLIENT-HELLO (RFC 5246 appendix E.2): only very old clients send it.
        throw new MailtlsError('EDECODE', 'the client sent an SSLv2-format ClientHello, which mailtls listen does not decode');
      }
      const { record } = frame;
      if (record.type === CONTENT_TYPE.alert) throw new MailtlsError('ETLS_ALERT', 'the client sent an alert instead of a ClientHello');
      if (record.type !== CONTENT_TYPE.handshake) throw new MailtlsError('ETLS_PROTOCOL', `the client's first TLS record has content type ${record.type}, not handshake`);
      this.recordVersion ??= record.version;
      const messages = this.handshake.push(record.fragment);
      const first = messages[0];
      if (first === undefined) continue;
      if (first.type !== HANDSHAKE_TYPE.client_hello) throw new MailtlsError('ETLS_PROTOCOL', `the client's first handshake message has type ${first.type}, not ClientHello`);
      const hello = decodeClientHello(first.body);
      return { done: true, hello, recordVersion: this.recordVersion, bytes: first.body.length + 4, raw: this.raw() };
    }
    return { done: false };
  }
}
