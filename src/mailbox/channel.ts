import { MailtlsError, type Place } from '../errors.js';
import type { Transport } from '../net/transport.js';
import { LineSplitter } from '../smtp/lines.js';
import type { InjectedData } from './types.js';

/** More lines than any greeting or capability listing has; an endless response stops here. */
export const MAX_RESPONSE_LINES = 256;

/**
 * Lines in, lines out over a Transport, through the one line splitter (src/smtp/lines.ts). The
 * mailbox clients read complete lines only and never pipeline, so what is queued after the
 * STARTTLS reply can only have come with it: discardAll() drops it and says how much it was.
 */
export class LineChannel {
  readonly place: Place;
  private readonly splitter: LineSplitter;
  private readonly queue: string[] = [];

  constructor(private readonly transport: Transport, private readonly timeoutMs: number) {
    this.place = transport.place;
    this.splitter = new LineSplitter(undefined, this.place);
  }

  async readLine(timeoutMs = this.timeoutMs, what = 'a reply'): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = this.queue.shift();
      if (ready !== undefined) return ready;
      const left = deadline - Date.now();
      if (left <= 0) throw new MailtlsError('ETIMEOUT', `no complete line of ${what} within ${timeoutMs} ms`, { place: this.place });
      const chunk = await this.transport.read(left);
      if (chunk === null) throw new MailtlsError('ECONNRESET', 'the server closed the connection', { place: this.place });
      this.queue.push(...this.splitter.push(chunk));
      if (this.queue.length > MAX_RESPONSE_LINES * 4) {
        throw new MailtlsError('ETOOLARGE', `the server sent more than ${MAX_RESPONSE_LINES * 4} lines at once`, { place: this.place });
      }
    }
  }

  async send(line: string): Promise<void> {
    await this.transport.write(`${line}\r\n`);
  }

  /**
   * Drops every byte received and not consumed: queued lines, a partial line, the transport's
   * buffer. RFC 2595 section 3.1 (IMAP, POP3) and RFC 5804 section 2.2 (ManageSieve) require
   * the client to discard what came before TLS, as RFC 3207 section 6 does for SMTP.
   */
  discardAll(): InjectedData | null {
    const lines = this.queue.splice(0);
    let bytes = lines.reduce((n, l) => n + l.length + 2, 0) + this.splitter.clear();
    bytes += this.transport.discardBuffered();
    return bytes > 0 ? { bytes, sample: lines.join(' / ').slice(0, 120) } : null;
  }

  fail(code: 'EMAILBOX_PROTOCOL' | 'EMAILBOX_REPLY' | 'EMAILBOX_REFUSED', message: string): never {
    throw new MailtlsError(code, message, { place: this.place });
  }
}

export const quoteLine = (line: string): string => JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}...` : line);
