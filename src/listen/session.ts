/**
 * One client connection to the capture server: the SMTP dialogue (dialogue.ts) until STARTTLS,
 * the ClientHello read with our own codec (capture.ts), then the handshake completed by
 * node:tls with a throw-away certificate, or refused with a handshake_failure alert (--refuse),
 * and the rest of the session (a message is accepted and discarded). Every failure of the
 * client (garbage, silence, a huge record, a reset) ends the session with a coded error in its
 * record; nothing is thrown.
 */
import { MailtlsError, toMailtlsError } from '../errors.js';
import type { StreamTransport } from '../net/transport.js';
import type { TlsAccepted } from '../net/server.js';
import { encodeAlert } from '../wire/alert.js';
import { encodeRecord, CONTENT_TYPE } from '../wire/record.js';
import { ClientHelloCapture } from './capture.js';
import { SmtpServerDialogue } from './dialogue.js';
import { describeClientHello } from './offer.js';
import type { ClientOffer, CodedError, HandshakeOutcome, ListenSession } from './types.js';

export interface SessionOptions {
  readonly hostname: string;
  readonly mode: 'complete' | 'refuse';
  /** How long to wait for each chunk from the client. */
  readonly timeoutMs: number;
  /** The whole session at most (a client dripping a byte per timeout). */
  readonly sessionMs: number;
  readonly maxMessageBytes: number;
  /** Completes the handshake on the plaintext transport given the ClientHello bytes already read. */
  readonly acceptTls: (plain: StreamTransport, pushedBack: Uint8Array) => Promise<TlsAccepted>;
}

/** RFC 8446 section 6: handshake_failure (40), fatal (2). */
const HANDSHAKE_FAILURE = 40;

function coded(err: unknown): CodedError {
  const e = toMailtlsError(err, 'ENETWORK');
  return { code: e.code, message: e.message };
}

export async function runSession(
  first: StreamTransport, peer: { address: string; port: number }, index: number, opts: SessionOptions,
): Promise<ListenSession> {
  const started = Date.now();
  const deadline = started + opts.sessionMs;
  const dialogue = new SmtpServerDialogue({ hostname: opts.hostname, offerStarttls: true, maxMessageBytes: opts.maxMessageBytes });
  let transport = first;
  let over: 'plaintext' | 'tls' = 'plaintext';
  let starttls = false;
  let offer: ClientOffer | null = null;
  let outcome: HandshakeOutcome = 'not-attempted';
  let negotiated: { protocol: string | null; cipher: string | null } = { protocol: null, cipher: null };
  let handshakeError: CodedError | null = null;
  let message: ListenSession['message'] = null;
  let error: CodedError | null = null;
  let ehlo: string | null = null;

  const read = async (): Promise<Uint8Array | null> => {
    const left = deadline - Date.now();
    if (left <= 0) throw new MailtlsError('ETIMEOUT', `the session lasted longer than ${opts.sessionMs} ms`, { place: transport.place });
    return transport.read(Math.min(opts.timeoutMs, left));
  };

  try {
    await transport.write(dialogue.greeting());
    session: for (;;) {
      const chunk = await read();
      if (chunk === null) break;
      for (const ev of dialogue.push(chunk)) {
        if (ev.kind === 'reply') {
          await transport.write(ev.text);
          ehlo ??= dialogue.ehloName;
        } else if (ev.kind === 'message') {
          message = { bytes: ev.bytes, recipients: ev.recipients, over };
        } else if (ev.kind === 'close') {
          if (ev.error) error = coded(ev.error);
          break session;
        } else {
          starttls = true;
          outcome = 'failed';
          const capture = new ClientHelloCapture();
          let res = capture.push(ev.leftover);
          try {
            while (!res.done) {
              const more = await read();
              if (more === null) throw new MailtlsError('ECONNRESET', 'the client closed the connection after STARTTLS, before a complete ClientHello', { place: transport.place });
              res = capture.push(more);
            }
          } catch (err) {
            handshakeError = coded(err);
            break session;
          }
          offer = describeClientHello(res.hello, res.recordVersion, res.bytes);
          if (opts.mode === 'refuse') {
            outcome = 'refused';
            // A fatal alert in the record version the client used: what a server without a usable suite sends.
            await transport.write(encodeRecord({ type: CONTENT_TYPE.alert, version: res.recordVersion, fragment: encodeAlert({ level: 2, description: HANDSHAKE_FAILURE }) })).catch(() => undefined);
            break session;
          }
          try {
            const accepted = await opts.acceptTls(transport, res.raw);
            transport = accepted.transport;
            negotiated = { protocol: accepted.protocol, cipher: accepted.cipher };
            outcome = 'completed';
            over = 'tls';
            dialogue.tlsStarted();
          } catch (err) {
            handshakeError = coded(err);
            break session;
          }
          break; // the rest of this chunk was TLS: the dialogue returned nothing after starttls
        }
      }
    }
  } catch (err) {
    error = coded(err);
  } finally {
    await transport.finish(1000);
  }
  return {
    index,
    peer,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    ehlo,
    commands: [...dialogue.commands],
    starttls,
    clientHello: offer,
    handshake: { outcome, protocol: negotiated.protocol, cipher: negotiated.cipher, error: handshakeError },
    message,
    error,
  };
}
