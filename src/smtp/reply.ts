import { MailtlsError, type Place } from '../errors.js';

/** One SMTP reply (RFC 5321 section 4.2): a code and its text lines, continuation markers removed. */
export interface SmtpReply {
  readonly code: number;
  readonly lines: readonly string[];
}

/** More lines than any real EHLO reply has; an endless multi-line reply stops here. */
export const MAX_REPLY_LINES = 256;

export function replyText(reply: SmtpReply): string {
  return reply.lines.join(' / ');
}

/**
 * Groups reply lines: `ddd-text` continues a reply, `ddd text` (or a bare `ddd`) ends it
 * (RFC 5321 section 4.2.1). Lines of one reply must share the code.
 */
export class ReplyParser {
  private code: number | undefined;
  private lines: string[] = [];

  constructor(private readonly maxLines = MAX_REPLY_LINES, private readonly place?: Place) {}

  /** Feeds one line; returns the reply it completes, if any. */
  push(line: string): SmtpReply | undefined {
    const m = /^(\d{3})([ -]|$)(.*)$/.exec(line);
    if (!m) {
      this.reset();
      throw new MailtlsError('ESMTP_PROTOCOL', `not an SMTP reply line: ${JSON.stringify(line.slice(0, 80))}`, this.opts());
    }
    const code = Number(m[1]);
    if (this.code !== undefined && code !== this.code) {
      this.reset();
      throw new MailtlsError('ESMTP_PROTOCOL', `reply code changed from ${this.code} to ${code} inside a multi-line reply`, this.opts());
    }
    this.code = code;
    this.lines.push(m[3] ?? '');
    if (m[2] === '-') {
      if (this.lines.length >= this.maxLines) {
        this.reset();
        throw new MailtlsError('ETOOLARGE', `a multi-line reply went on past ${this.maxLines} lines`, this.opts());
      }
      return undefined;
    }
    const reply: SmtpReply = { code, lines: this.lines };
    this.reset();
    return reply;
  }

  /** True while a multi-line reply is incomplete. */
  get inReply(): boolean {
    return this.code !== undefined;
  }

  reset(): void {
    this.code = undefined;
    this.lines = [];
  }

  private opts(): { place?: Place } {
    return this.place ? { place: this.place } : {};
  }
}
