import type { Duplex } from 'node:stream';
import { MailtlsError, toMailtlsError, type Place } from '../errors.js';

/**
 * A byte stream the protocol code pulls from. The SMTP and TLS cores only see this interface
 * (STYLE-ANCHORS practice 6: subtls' read/write functions), never a socket.
 */
export interface Transport {
  readonly place: Place;
  /**
   * The next chunk, or null once the peer has closed. Rejects with ETIMEOUT when nothing arrives
   * within `timeoutMs`, ECONNRESET on a reset and ETOOLARGE once the peer has sent more than the
   * transport's byte cap.
   */
  read(timeoutMs: number): Promise<Uint8Array | null>;
  write(data: Uint8Array | string): Promise<void>;
  /** Drops whatever arrived but was not read yet; returns the byte count (RFC 3207 section 6). */
  discardBuffered(): number;
  /** Closes at once (no lingering FIN exchange needed by a scanner). Idempotent. */
  close(): void;
  /** Bytes received so far. */
  readonly bytesRead: number;
}

export interface StreamTransportOptions {
  /** Total bytes this connection may receive before reads fail with ETOOLARGE. */
  readonly maxBytes?: number;
  /** Called once when the transport is closed (the host pacer releases its slot here). */
  readonly onClose?: () => void;
}

/** Above this many queued bytes the stream is paused: memory stays bounded however fast the peer sends. */
const HIGH_WATER = 64 * 1024;
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/** A Transport over any Node duplex stream (a net.Socket, a TLSSocket, an in-memory pair). */
export class StreamTransport implements Transport {
  readonly place: Place;
  readonly stream: Duplex;
  bytesRead = 0;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private failure: MailtlsError | undefined;
  private waiter: (() => void) | undefined;
  private closed = false;
  private readonly maxBytes: number;
  private onClose: (() => void) | undefined;
  private readonly onData = (chunk: Buffer | string) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytesRead += buf.length;
    if (this.bytesRead > this.maxBytes) {
      this.fail(new MailtlsError('ETOOLARGE', `the peer sent more than ${this.maxBytes} bytes on one connection`, { place: this.place }));
      this.stream.destroy();
      return;
    }
    this.queue.push(buf);
    this.queued += buf.length;
    if (this.queued > HIGH_WATER) this.stream.pause();
    this.wake();
  };
  private readonly onEnd = () => { this.ended = true; this.wake(); };
  private readonly onError = (err: Error) => { this.fail(toMailtlsError(err, 'ENETWORK', this.place)); };

  constructor(stream: Duplex, place: Place, options: StreamTransportOptions = {}) {
    this.stream = stream;
    this.place = place;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.onClose = options.onClose;
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onError);
  }

  private fail(err: MailtlsError): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  async read(timeoutMs: number): Promise<Uint8Array | null> {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk) {
        this.queued -= chunk.length;
        if (this.queued <= HIGH_WATER && this.stream.isPaused()) this.stream.resume();
        return chunk;
      }
      if (this.failure) throw this.failure;
      if (this.ended || this.closed) return null;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiter = undefined;
          reject(new MailtlsError('ETIMEOUT', `no data from the server within ${timeoutMs} ms`, { place: this.place }));
        }, timeoutMs);
        this.waiter = () => { clearTimeout(timer); resolve(); };
      });
    }
  }

  /** Drops whatever has been received but not read yet and returns how many bytes that was. */
  discardBuffered(): number {
    const n = this.queued;
    this.queue.length = 0;
    this.queued = 0;
    if (this.stream.isPaused()) this.stream.resume();
    return n;
  }

  /** Stops delivering data to read(): used when the socket is handed to node:tls. */
  detach(): { stream: Duplex; onClose: (() => void) | undefined } {
    const onClose = this.onClose;
    this.onClose = undefined;
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.off('close', this.onEnd);
    this.stream.off('error', this.onError);
    this.closed = true;
    this.wake();
    return { stream: this.stream, onClose };
  }

  async write(data: Uint8Array | string): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.closed || this.stream.destroyed || this.stream.writableEnded) {
      throw new MailtlsError('ECONNRESET', 'the connection is closed', { place: this.place });
    }
    // Not waiting for the write callback: a probe's few hundred bytes always fit the socket
    // buffer, a failed write surfaces as an error on the next read, and the callback costs a
    // tick per write. Only a full buffer (a peer that stopped reading) is waited for.
    if (this.stream.write(data)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
    // (re-read after the wait: TypeScript keeps the narrowing from before it)
    const failure = this.failure as MailtlsError | undefined;
    if (failure) throw failure;
  }

  /**
   * Ends the stream after what was written has gone out (a server's last reply, 221, and over
   * TLS the close_notify), then closes; at most `timeoutMs`. close() alone may drop a reply that
   * node:tls has not encrypted yet.
   */
  async finish(timeoutMs: number): Promise<void> {
    if (!this.closed && !this.stream.destroyed && !this.stream.writableEnded) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.stream.end(() => { clearTimeout(timer); resolve(); });
      });
    }
    this.close();
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      this.wake();
    }
    if (!this.stream.destroyed) this.stream.destroy();
    if (this.onClose) {
      const cb = this.onClose;
      this.onClose = undefined;
      cb();
    }
  }
}
