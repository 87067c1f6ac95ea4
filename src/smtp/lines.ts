import { MailtlsError, type Place } from '../errors.js';

/** RFC 5321 section 4.5.3.1.5 allows reply lines of 512 octets; 4 KiB leaves room for sloppy servers. */
export const MAX_LINE_LENGTH = 4096;

/**
 * Streaming line splitter with a carried remainder (smtp-stream's `_remainder`): bytes in,
 * complete lines out (CRLF or bare LF, terminator removed). A line longer than the maximum
 * fails with ETOOLARGE as soon as it is seen, so a 10 MB line never sits in memory.
 */
export class LineSplitter {
  private remainder = '';

  constructor(private readonly maxLength = MAX_LINE_LENGTH, private readonly place?: Place) {}

  push(chunk: Uint8Array | string): string[] {
    // latin1 maps each byte to one char, so lengths are byte counts and nothing can fail to decode.
    const text = this.remainder + (typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1'));
    const parts = text.split('\n');
    this.remainder = parts.pop() ?? '';
    if (this.remainder.length > this.maxLength) this.tooLong();
    const lines: string[] = [];
    for (const part of parts) {
      const line = part.endsWith('\r') ? part.slice(0, -1) : part;
      if (line.length > this.maxLength) this.tooLong();
      lines.push(line);
    }
    return lines;
  }

  /** Bytes received after the last complete line. */
  get pending(): number {
    return this.remainder.length;
  }

  /** Forgets the partial line and returns how many bytes it held. */
  clear(): number {
    const n = this.remainder.length;
    this.remainder = '';
    return n;
  }

  private tooLong(): never {
    this.remainder = '';
    throw new MailtlsError('ETOOLARGE', `the server sent a line longer than ${this.maxLength} bytes`, this.place ? { place: this.place } : {});
  }
}
