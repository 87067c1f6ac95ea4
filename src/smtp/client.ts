import { MailtlsError, type Place } from '../errors.js';
import type { Transport } from '../net/transport.js';
import { parseCapabilities, type Capabilities } from './capabilities.js';
import { LineSplitter } from './lines.js';
import { ReplyParser, replyText, type SmtpReply } from './reply.js';

export interface SmtpClientOptions {
  /** The name sent in EHLO (sslyze #664: some servers want a real one). */
  readonly ehloName: string;
  /** How long to wait for any reply, in ms. */
  readonly timeoutMs: number;
  /**
   * How long to wait for the complete greeting. postscreen sends `220-` first and the rest only
   * after postscreen_greet_wait (6 s by default) to catch clients that talk too early, so this
   * must be longer than that.
   */
  readonly greetTimeoutMs?: number;
}

/** Plaintext received after the server's 220 to STARTTLS: never trusted, always reported. */
export interface InjectedData {
  readonly bytes: number;
  readonly sample: string;
}

/**
 * An SMTP client session over a Transport: only what a scanner needs (greeting, EHLO,
 * STARTTLS, QUIT). It reads complete replies only, and never pipelines (RFC 2920 section 3.1:
 * EHLO and STARTTLS must each end a command group).
 */
export class SmtpClient {
  private readonly splitter: LineSplitter;
  private readonly parser: ReplyParser;
  private readonly pending: SmtpReply[] = [];
  private readonly place: Place;

  constructor(private readonly transport: Transport, private readonly options: SmtpClientOptions) {
    this.place = transport.place;
    this.splitter = new LineSplitter(undefined, this.place);
    this.parser = new ReplyParser(undefined, this.place);
  }

  async readReply(timeoutMs = this.options.timeoutMs): Promise<SmtpReply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = this.pending.shift();
      if (ready) return ready;
      const left = deadline - Date.now();
      if (left <= 0) throw new MailtlsError('ETIMEOUT', `no complete SMTP reply within ${timeoutMs} ms`, { place: this.place });
      const chunk = await this.transport.read(left);
      if (chunk === null) throw new MailtlsError('ECONNRESET', 'the server closed the connection', { place: this.place });
      for (const line of this.splitter.push(chunk)) {
        const reply = this.parser.push(line);
        if (reply) this.pending.push(reply);
      }
    }
  }

  async command(line: string): Promise<SmtpReply> {
    await this.transport.write(`${line}\r\n`);
    const reply = await this.readReply();
    if (reply.code === 421) throw new MailtlsError('ESMTP_421', `the server answered ${line.split(' ')[0]} with 421: ${replyText(reply)}`, { place: this.place });
    return reply;
  }

  /** Waits for the whole greeting; 421 and 450 become ESMTP_421 (callers back off and retry). */
  async greeting(): Promise<SmtpReply> {
    const reply = await this.readReply(this.options.greetTimeoutMs ?? Math.max(this.options.timeoutMs, 15_000));
    if (reply.code === 421 || reply.code === 450) {
      throw new MailtlsError('ESMTP_421', `the server greeted with ${reply.code}: ${replyText(reply)}`, { place: this.place });
    }
    if (reply.code !== 220) {
      throw new MailtlsError('ESMTP_REPLY', `the server greeted with ${reply.code}: ${replyText(reply)}`, { place: this.place });
    }
    return reply;
  }

  async ehlo(): Promise<Capabilities> {
    const reply = await this.command(`EHLO ${this.options.ehloName}`);
    if (reply.code !== 250) throw new MailtlsError('ESMTP_REPLY', `EHLO was answered ${reply.code}: ${replyText(reply)}`, { place: this.place });
    return parseCapabilities(reply);
  }

  /**
   * Sends STARTTLS. On 220, every byte received after that reply is discarded and returned
   * as injected data: RFC 3207 section 6 requires discarding it, and a server (or a
   * man in the middle) that sends it deserves a finding.
   */
  async starttls(): Promise<{ reply: SmtpReply; injected: InjectedData | null }> {
    const reply = await this.command('STARTTLS');
    if (reply.code !== 220) throw new MailtlsError('ESMTP_REPLY', `STARTTLS was answered ${reply.code}: ${replyText(reply)}`, { place: this.place });
    // A real server sends nothing more until our ClientHello; whatever is here came with the 220.
    const extra = this.pending.map((r) => r.lines.map((l) => `${r.code} ${l}`).join('\r\n'));
    let bytes = extra.reduce((n, s) => n + s.length + 2, 0) + this.splitter.pending;
    this.pending.length = 0;
    this.parser.reset();
    this.splitter.clear();
    bytes += this.transport.discardBuffered();
    return { reply, injected: bytes > 0 ? { bytes, sample: extra.join(' / ').slice(0, 120) } : null };
  }

  /** Best effort: a scanner leaves politely but does not wait long for it. */
  async quit(): Promise<void> {
    try {
      await this.transport.write('QUIT\r\n');
      await this.readReply(Math.min(this.options.timeoutMs, 1000));
    } catch {
      // the server may already be gone; nothing to report
    }
  }
}

/** What the plaintext part of an SMTP session showed. */
export interface SmtpPlaintext {
  readonly banner: string;
  readonly capabilities: Capabilities;
  readonly injected: InjectedData | null;
  /** How long EHLO took to be answered, in ms: about one round trip (the scan's distance estimate). */
  readonly ehloMs?: number;
}

/**
 * Greeting, EHLO, STARTTLS: leaves the transport ready for a TLS ClientHello.
 * Throws ENOSTARTTLS when the server does not offer it.
 */
export async function smtpStartTls(
  transport: Transport,
  options: SmtpClientOptions,
  /** Sees the plaintext facts even when STARTTLS is missing (the scan still reports them). */
  onEhlo?: (banner: string, capabilities: Capabilities) => void,
): Promise<SmtpPlaintext> {
  const client = new SmtpClient(transport, options);
  const greeting = await client.greeting();
  const sent = process.hrtime.bigint();
  const capabilities = await client.ehlo();
  const ehloMs = Number(process.hrtime.bigint() - sent) / 1e6;
  onEhlo?.(greeting.lines.join('\n'), capabilities);
  if (!capabilities.starttls) {
    await client.quit();
    throw new MailtlsError('ENOSTARTTLS', 'the server does not offer STARTTLS in its EHLO reply', { place: transport.place });
  }
  const { injected } = await client.starttls();
  return { banner: greeting.lines.join('\n'), capabilities, injected, ehloMs };
}
