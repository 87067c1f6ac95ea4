/**
 * The server side of an SMTP session, sans-IO (STYLE-ANCHORS practice 6): bytes in, replies
 * and events out; the socket lives in src/net/server.ts and the session loop in session.ts.
 * Only what a capture server needs (RFC 5321 section 4.1, RFC 3207 for STARTTLS): EHLO/HELO,
 * STARTTLS, MAIL, RCPT, DATA (the content is counted and discarded), RSET, NOOP, QUIT.
 * Bounded: a command line over MAX_COMMAND_LINE, a data line over MAX_DATA_LINE, more than
 * MAX_COMMANDS commands fail with a 421/500 reply and a coded error, so a hostile client
 * never makes it hold more than one line.
 */
import { MailtlsError } from '../errors.js';

/** RFC 5321 section 4.5.3.1.4 allows 512 octets per command line; 4 KiB for sloppy clients. */
export const MAX_COMMAND_LINE = 4096;
/** RFC 5321 section 4.5.3.1.6: 1000 octets per text line; 64 KiB for broken ones. */
export const MAX_DATA_LINE = 64 * 1024;
/** A delivery takes about 8 commands; 200 is a client that is not delivering. */
export const MAX_COMMANDS = 200;
/** RFC 5321 section 4.5.3.1.8: at least 100 recipients must be accepted. */
export const MAX_RECIPIENTS = 1000;

export interface DialogueOptions {
  /** The name in the greeting and the EHLO reply. */
  readonly hostname: string;
  /** Offer STARTTLS before TLS (false: a plaintext-only server). */
  readonly offerStarttls: boolean;
  /** Largest message accepted (SIZE, RFC 1870), bytes. */
  readonly maxMessageBytes: number;
}

export type DialogueEvent =
  | { readonly kind: 'reply'; readonly text: string }
  /** 220 was sent to STARTTLS: the bytes after the STARTTLS line are the client's first TLS bytes. */
  | { readonly kind: 'starttls'; readonly leftover: Uint8Array }
  | { readonly kind: 'message'; readonly bytes: number; readonly recipients: number }
  /** The session is over (QUIT, or a limit): close after sending the replies before this. */
  | { readonly kind: 'close'; readonly error: MailtlsError | null };

type State = 'command' | 'data' | 'closed';

export class SmtpServerDialogue {
  private buffer: Buffer = Buffer.alloc(0);
  private state: State = 'command';
  private helo: string | null = null;
  private mail = false;
  private recipients = 0;
  private dataBytes = 0;
  private tls = false;
  private count = 0;
  /** Verbs in order (never arguments or content). */
  readonly commands: string[] = [];

  constructor(private readonly options: DialogueOptions) {}

  greeting(): string {
    return `220 ${this.options.hostname} ESMTP mailtls listen (capture server; mail is discarded)\r\n`;
  }

  /** The EHLO/HELO name of the current (TLS or plaintext) part of the session. */
  get ehloName(): string | null {
    return this.helo;
  }

  /** RFC 3207 section 4.2: after the handshake the server forgets everything; the client starts with EHLO. */
  tlsStarted(): void {
    this.tls = true;
    this.helo = null;
    this.mail = false;
    this.recipients = 0;
    this.state = 'command';
  }

  push(bytes: Uint8Array): DialogueEvent[] {
    const out: DialogueEvent[] = [];
    if (this.state === 'closed') return out;
    this.buffer = this.buffer.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.buffer, bytes]);
    for (;;) {
      const nl = this.buffer.indexOf(0x0a);
      const max = this.state === 'data' ? MAX_DATA_LINE : MAX_COMMAND_LINE;
      if (nl < 0) {
        if (this.buffer.length > max) return [...out, ...this.tooLong(max)];
        return out;
      }
      if (nl > max) return [...out, ...this.tooLong(max)];
      const raw = this.buffer.subarray(0, nl);
      this.buffer = this.buffer.subarray(nl + 1);
      const line = (raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, raw.length - 1) : raw).toString('latin1');
      const events = this.state === 'data' ? this.dataLine(line) : this.command(line);
      out.push(...events);
      if (events.some((e) => e.kind === 'close')) {
        this.state = 'closed';
        return out;
      }
      if (events.some((e) => e.kind === 'starttls')) {
        // Whatever followed the STARTTLS line is TLS (a client that sends its ClientHello at once).
        const i = out.findIndex((e) => e.kind === 'starttls');
        out[i] = { kind: 'starttls', leftover: new Uint8Array(this.buffer) };
        this.buffer = Buffer.alloc(0);
        return out;
      }
    }
  }

  private tooLong(max: number): DialogueEvent[] {
    this.state = 'closed';
    this.buffer = Buffer.alloc(0);
    const err = new MailtlsError('ETOOLARGE', `the client sent a line longer than ${max} bytes`);
    return [{ kind: 'reply', text: '500 5.5.0 Line too long\r\n' }, { kind: 'close', error: err }];
  }

  private dataLine(line: string): DialogueEvent[] {
    if (line === '.') {
      this.state = 'command';
      const bytes = this.dataBytes;
      const recipients = this.recipients;
      this.mail = false;
      this.recipients = 0;
      this.dataBytes = 0;
      if (bytes > this.options.maxMessageBytes) return [{ kind: 'reply', text: '552 5.3.4 Message size exceeds fixed limit\r\n' }];
      return [{ kind: 'message', bytes, recipients }, { kind: 'reply', text: '250 2.0.0 Ok: discarded by mailtls listen\r\n' }];
    }
    // Counted, never kept (RFC 5321 section 4.5.2: a leading dot is transparency).
    this.dataBytes += line.length + 2 - (line.startsWith('.') ? 1 : 0);
    return [];
  }

  private command(line: string): DialogueEvent[] {
    const reply = (text: string): DialogueEvent[] => [{ kind: 'reply', text: `${text}\r\n` }];
    this.count++;
    if (this.count > MAX_COMMANDS) {
      return [...reply('421 4.7.0 Too many commands'), { kind: 'close', error: new MailtlsError('ETOOLARGE', `the client sent more than ${MAX_COMMANDS} commands`) }];
    }
    const m = /^([A-Za-z]{1,12})(?:[ \t]+(.*))?$/.exec(line);
    const verb = m?.[1]?.toUpperCase() ?? '';
    const arg = (m?.[2] ?? '').trim();
    this.commands.push(verb === '' ? '?' : verb);
    switch (verb) {
      case 'EHLO': {
        if (arg === '') return reply('501 5.5.4 Syntax: EHLO hostname');
        this.helo = arg.slice(0, 255);
        this.mail = false;
        this.recipients = 0;
        const lines = [this.options.hostname, `SIZE ${this.options.maxMessageBytes}`, '8BITMIME', 'ENHANCEDSTATUSCODES'];
        if (this.options.offerStarttls && !this.tls) lines.push('STARTTLS');
        return reply(lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}`).join('\r\n'));
      }
      case 'HELO':
        if (arg === '') return reply('501 5.5.4 Syntax: HELO hostname');
        this.helo = arg.slice(0, 255);
        this.mail = false;
        this.recipients = 0;
        return reply(`250 ${this.options.hostname}`);
      case 'STARTTLS':
        if (this.tls) return reply('554 5.5.1 Error: TLS already active');
        if (!this.options.offerStarttls) return reply('502 5.5.1 Error: command not implemented');
        if (arg !== '') return reply('501 5.5.4 Syntax: STARTTLS');
        if (this.helo === null) return reply('503 5.5.1 Error: send EHLO first');
        return [...reply('220 2.0.0 Ready to start TLS'), { kind: 'starttls', leftover: new Uint8Array(0) }];
      case 'MAIL':
        if (this.helo === null) return reply('503 5.5.1 Error: send HELO/EHLO first');
        if (this.mail) return reply('503 5.5.1 Error: nested MAIL command');
        if (!/^FROM:/i.test(arg)) return reply('501 5.5.4 Syntax: MAIL FROM:<address>');
        this.mail = true;
        return reply('250 2.1.0 Ok');
      case 'RCPT':
        if (!this.mail) return reply('503 5.5.1 Error: need MAIL command');
        if (!/^TO:/i.test(arg)) return reply('501 5.5.4 Syntax: RCPT TO:<address>');
        if (this.recipients >= MAX_RECIPIENTS) return reply('452 4.5.3 Error: too many recipients');
        this.recipients++;
        return reply('250 2.1.5 Ok');
      case 'DATA':
        if (this.recipients === 0) return reply(this.mail ? '554 5.5.1 Error: no valid recipients' : '503 5.5.1 Error: need RCPT command');
        this.state = 'data';
        this.dataBytes = 0;
        return reply('354 End data with <CR><LF>.<CR><LF>');
      case 'RSET':
        this.mail = false;
        this.recipients = 0;
        return reply('250 2.0.0 Ok');
      case 'NOOP':
        return reply('250 2.0.0 Ok');
      case 'QUIT':
        return [...reply('221 2.0.0 Bye'), { kind: 'close', error: null }];
      default:
        return reply('502 5.5.2 Error: command not recognized');
    }
  }
}
