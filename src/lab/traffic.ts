/**
 * Sample client traffic for a lab instance, so that its log shows what real clients do: the
 * demo plays the webshop of shared/seeds/002 (an old client that submits over TLS 1.1) and a
 * modern one. It speaks only EHLO, STARTTLS and QUIT, like the scanner, and only to loopback.
 */
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureVersion, type TLSSocket } from 'node:tls';
import { MailtlsError } from '../errors.js';

export interface ClientSession {
  readonly port: number;
  /** The loopback address to connect from (127.0.0.x), so each sample client is its own client in the log. */
  readonly from?: string;
  /** The TLS versions this client is able to speak (both ends inclusive). */
  readonly minVersion: SecureVersion;
  readonly maxVersion: SecureVersion;
  /** An OpenSSL cipher list for TLS <= 1.2. */
  readonly ciphers?: string;
  readonly ehlo?: string;
  readonly timeoutMs?: number;
}

export interface SessionResult {
  readonly ok: boolean;
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly error?: string;
}

/** Reads until a complete SMTP reply (last line "NNN ") has arrived. */
function reply(sock: Socket | TLSSocket, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => finish(new MailtlsError('ETIMEOUT', `no SMTP reply in ${timeoutMs} ms`)), timeoutMs);
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      if (/(^|\n)\d{3} [^\n]*\n/.test(buf)) finish();
      else if (buf.length > 65536) finish(new MailtlsError('ETOOLARGE', 'SMTP reply too long'));
    };
    const onEnd = () => finish(new MailtlsError('ECONNRESET', `connection closed after ${JSON.stringify(buf.slice(0, 80))}`));
    function finish(err?: MailtlsError) {
      clearTimeout(timer);
      sock.off('data', onData);
      sock.off('close', onEnd);
      sock.off('error', onEnd);
      if (err) reject(err);
      else resolve(buf);
    }
    sock.on('data', onData);
    sock.on('close', onEnd);
    sock.on('error', onEnd);
  });
}

export async function clientSession(o: ClientSession): Promise<SessionResult> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const plain = connect({ host: '127.0.0.1', port: o.port, ...(o.from !== undefined ? { localAddress: o.from } : {}) });
  plain.on('error', () => undefined);
  let tls: TLSSocket | undefined;
  try {
    await reply(plain, timeoutMs);
    plain.write(`EHLO ${o.ehlo ?? 'client.lab.mailtls.test'}\r\n`);
    const ehlo = await reply(plain, timeoutMs);
    if (!/STARTTLS/i.test(ehlo)) return { ok: false, protocol: null, cipher: null, error: 'STARTTLS not offered' };
    plain.write('STARTTLS\r\n');
    const ready = await reply(plain, timeoutMs);
    if (!ready.startsWith('220')) return { ok: false, protocol: null, cipher: null, error: ready.trim() };
    const secured = tlsConnect({
      socket: plain, rejectUnauthorized: false, minVersion: o.minVersion, maxVersion: o.maxVersion,
      // Security level 0, as old clients effectively had: lets TLS 1.0/1.1 suites through.
      ciphers: `${o.ciphers ?? 'DEFAULT'}:@SECLEVEL=0`,
    });
    tls = secured;
    await new Promise<void>((resolve, reject) => {
      secured.once('secureConnect', () => resolve());
      secured.once('error', reject);
    });
    const protocol = secured.getProtocol();
    const cipher = secured.getCipher().name;
    secured.write(`EHLO ${o.ehlo ?? 'client.lab.mailtls.test'}\r\n`);
    await reply(secured, timeoutMs);
    secured.write('QUIT\r\n');
    await reply(secured, timeoutMs).catch(() => '');
    return { ok: true, protocol, cipher };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // OpenSSL's "...:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/..." -> the reason.
    const reason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1];
    return { ok: false, protocol: null, cipher: null, error: reason ?? message };
  } finally {
    tls?.destroy();
    plain.destroy();
  }
}
