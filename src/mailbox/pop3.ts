/**
 * The POP3 client dialogue a scanner needs (RFC 1939): greeting, CAPA (RFC 2449), STLS
 * (RFC 2595 section 4), QUIT. Never logs in.
 */
import type { Transport } from '../net/transport.js';
import { LineChannel, MAX_RESPONSE_LINES, quoteLine } from './channel.js';
import type { InjectedData, MailboxCapabilities, MailboxClientOptions } from './types.js';

/** CAPA lines (`USER`, `SASL PLAIN LOGIN`, `STLS`): tags are case-insensitive (RFC 2449 section 5). */
export function parsePop3Capabilities(lines: readonly string[]): MailboxCapabilities {
  const tags = lines.map((l) => {
    const [tag = '', ...args] = l.trim().split(/\s+/);
    return { tag: tag.toUpperCase(), args };
  });
  const sasl = tags.filter((t) => t.tag === 'SASL').flatMap((t) => t.args.map((a) => a.toUpperCase()));
  return {
    lines: [...lines],
    starttls: tags.some((t) => t.tag === 'STLS'),
    sasl: [...new Set(sasl)],
    loginDisabled: null,
    plaintextLogin: tags.some((t) => t.tag === 'USER'),
  };
}

export class Pop3Client {
  private readonly ch: LineChannel;

  constructor(transport: Transport, private readonly options: MailboxClientOptions) {
    this.ch = new LineChannel(transport, options.timeoutMs);
  }

  /** `+OK ...`; `-ERR` is a refusal (RFC 1939 section 4). */
  async greeting(): Promise<string> {
    const line = await this.ch.readLine(this.options.greetTimeoutMs ?? this.options.timeoutMs, 'the POP3 greeting');
    if (/^-ERR\b/i.test(line)) this.ch.fail('EMAILBOX_REFUSED', `the server greeted with ${line.slice(0, 200)}`);
    if (!/^\+OK\b/i.test(line)) this.ch.fail('EMAILBOX_PROTOCOL', `not a POP3 greeting: ${quoteLine(line)}`);
    return line.slice(3).trim();
  }

  private async status(cmd: string): Promise<string> {
    await this.ch.send(cmd);
    const line = await this.ch.readLine(undefined, `the answer to ${cmd}`);
    if (/^-ERR\b/i.test(line)) this.ch.fail('EMAILBOX_REPLY', `${cmd} was answered ${line.slice(0, 200)}`);
    if (!/^\+OK\b/i.test(line)) this.ch.fail('EMAILBOX_PROTOCOL', `not a POP3 status line: ${quoteLine(line)}`);
    return line;
  }

  /** CAPA: `+OK`, then lines up to a lone `.`, dot-stuffed (RFC 1939 section 3). */
  async capa(): Promise<MailboxCapabilities> {
    await this.status('CAPA');
    const lines: string[] = [];
    for (;;) {
      const line = await this.ch.readLine(undefined, 'the CAPA list');
      if (line === '.') return parsePop3Capabilities(lines);
      lines.push(line.startsWith('..') ? line.slice(1) : line);
      if (lines.length > MAX_RESPONSE_LINES) this.ch.fail('EMAILBOX_PROTOCOL', `the CAPA list went on past ${MAX_RESPONSE_LINES} lines`);
    }
  }

  /** STLS; on +OK, everything received after it is discarded and returned. */
  async stls(): Promise<InjectedData | null> {
    await this.status('STLS');
    return this.ch.discardAll();
  }

  async quit(): Promise<void> {
    try {
      await this.ch.send('QUIT');
      await this.ch.readLine(Math.min(this.options.timeoutMs, 1000));
    } catch {
      // the server may be gone already
    }
  }
}
