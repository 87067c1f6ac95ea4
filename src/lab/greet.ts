/**
 * The readiness probe of a Postfix lab instance's SMTP services: connect, read the whole
 * greeting with the project's SMTP client (src/smtp: line splitter, reply parser, greeting and
 * QUIT), leave. Implicit TLS first on wrapper-mode services. From the probes' own source
 * address on loopback (src/net/tcp.ts probeSource), so that log reports can leave these
 * connections out; connectTcp goes out unbound where that address cannot be bound.
 */
import { MailtlsError } from '../errors.js';
import { connectTcp, probeSource, upgradeToTls } from '../net/tcp.js';
import type { Transport } from '../net/transport.js';
import { SmtpClient } from '../smtp/client.js';
import { replyText } from '../smtp/reply.js';

export type Greeting =
  | { readonly ok: true; readonly text: string }
  /** What was seen instead of a 220 greeting: the reply, or the error. */
  | { readonly ok: false; readonly text: string };

/** Reads the greeting (the last line of a multi-line one, postscreen's, is "220 ..."), then says QUIT. */
export async function greetSmtp(host: string, port: number, wrapper: boolean, timeoutMs: number): Promise<Greeting> {
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  let transport: Transport | undefined;
  try {
    const localAddress = probeSource(host);
    const plain = await connectTcp({ host, port, ...(localAddress !== undefined ? { localAddress } : {}) }, left());
    transport = plain;
    if (wrapper) transport = (await upgradeToTls(plain, undefined, left())).transport;
    const client = new SmtpClient(transport, { ehloName: 'lab.mailtls.test', timeoutMs: left(), greetTimeoutMs: left() });
    const reply = await client.greeting();
    await client.quit();
    return { ok: true, text: `${reply.code} ${replyText(reply)}` };
  } catch (err) {
    return { ok: false, text: err instanceof MailtlsError ? `${err.code}: ${err.message}` : `error: ${String(err)}` };
  } finally {
    transport?.close();
  }
}
