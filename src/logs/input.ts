/**
 * Streaming log input: plain or gzip files (told apart by the magic bytes 1f 8b, RFC 1952
 * section 2.3.1, not by the name), stdin, and rotated sets read oldest first. Memory is
 * bounded by the read chunk plus the maximum line length, whatever the input size.
 */
import { isAscii } from 'node:buffer';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import { MailtlsError } from '../errors.js';
import { LineClock, LineHeader, parseHeader } from './line.js';

export const DEFAULT_MAX_LINE = 16 * 1024;
/** Bytes per file read: large, for few system calls and thread-pool round trips. */
const CHUNK = 1024 * 1024;
/**
 * Bytes decoded into one string at a time. Below V8's large-object size (128 KiB), so each
 * string is a cheap young-generation allocation in reused memory; a 256 KiB string goes to the
 * large-object space, fresh pages every time, which made decoding about five times slower.
 */
const DECODE = 120 * 1024;

/** One input: a file path, or `-` for stdin. */
export interface LogSource {
  readonly name: string;
  /** Absent for stdin. */
  readonly path?: string;
  /** Epoch ms the file was last written: the year reference of classic syslog stamps. */
  readonly mtime: number;
}

export interface ReadStats {
  lines: number;
  /** Lines longer than the maximum: counted, skipped, never buffered whole. */
  overlong: number;
  /** Lines with NUL bytes or invalid UTF-8: counted, skipped. */
  binary: number;
  /** False when the input ended early (truncated gzip, read error). */
  complete: boolean;
}

export interface ReadOptions {
  readonly maxLineLength?: number;
  readonly onWarning?: (warning: MailtlsError) => void;
  /** At most this many warnings of each kind per source (the rest are only counted). */
  readonly warningsPerKind?: number;
}

/**
 * Receives each line as a range of a larger text (`text.slice(start, end)`, without the
 * newline): most lines are looked at and dropped, so they are never copied out.
 */
export type LineSink = (text: string, start: number, end: number, lineNo: number) => void;

/**
 * Splits decoded text into lines, carrying the unfinished last line into the next push.
 * A line longer than `max` is dropped as soon as it exceeds it (the remainder is not kept),
 * and reported through `onOverlong` with its line number when it ends.
 */
export class LineSplitter {
  private rest = '';
  private skipping = false;
  private lineNo = 0;

  constructor(
    private readonly max: number,
    /** Where lines go; the reader swaps it per chunk (checked or direct). */
    public emit: LineSink,
    private readonly onOverlong: (lineNo: number) => void,
  ) {}

  get lines(): number {
    return this.lineNo;
  }

  push(text: string): void {
    let start = 0;
    const len = text.length;
    // Read on every call, not only in the rare branch below: a property first read late in a
    // run makes V8 throw away this (hot) function's optimised code.
    const skipping = this.skipping;
    if (this.rest !== '') {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        if (this.rest.length + len > this.max) {
          this.rest = '';
          this.skipping = true;
        } else {
          this.rest += text;
        }
        return;
      }
      const line = this.rest + text.slice(0, nl);
      this.rest = '';
      this.finish(line);
      start = nl + 1;
    } else if (skipping) {
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      this.finish('');
      start = nl + 1;
    }
    const max = this.max;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.lineNo++;
      if (nl - start > max) this.onOverlong(this.lineNo);
      else {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        this.emit(text, start, end, this.lineNo);
      }
      start = nl + 1;
    }
    if (start < len) {
      if (len - start > max) this.skipping = true;
      else this.rest = text.slice(start);
    }
  }

  /** Emits the last line when the input did not end with a newline. */
  end(): void {
    if (this.rest !== '' || this.skipping) this.finish(this.rest);
    this.rest = '';
  }

  /** Discards an unfinished last line (input cut off), returning whether there was one. */
  discard(): boolean {
    const had = this.rest !== '' || this.skipping;
    this.rest = '';
    this.skipping = false;
    return had;
  }

  private finish(line: string): void {
    this.lineNo++;
    if (this.skipping || line.length > this.max) {
      this.skipping = false;
      this.onOverlong(this.lineNo);
      return;
    }
    const end = line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length;
    this.emit(line, 0, end, this.lineNo);
  }
}

/**
 * True when `chunk` ends inside a UTF-8 multi-byte sequence (RFC 3629 section 3), so the decoder
 * holds bytes for the next chunk.
 */
export function utf8Pending(chunk: Uint8Array): boolean {
  const n = chunk.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = chunk[n - back] ?? 0;
    if (b < 0x80) return false;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return back < need;
    }
  }
  return false;
}

function hasCharIn(text: string, code: number, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === code) return true;
  return false;
}

/** Yields the stream's chunks, gunzipped when the first two bytes are the gzip magic. */
export async function* decompressIfGzip(src: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const r = await it.next();
    if (r.done === true) {
      if (head.length > 0) yield head;
      return;
    }
    head = Buffer.concat([head, toBuffer(r.value)]);
  }
  const rest = async function* (): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const r = await it.next();
      if (r.done === true) return;
      yield toBuffer(r.value);
    }
  };
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* rest();
    return;
  }
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  pipeline(Readable.from(rest()), gunzip, () => {
    // Errors surface through the iteration of `gunzip` below.
  });
  for await (const chunk of gunzip) yield chunk as Buffer;
}

function toBuffer(v: Buffer | string): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

/**
 * Reads a file into `feed`. A plain file is read in CHUNK-sized pieces into two reused buffers:
 * no stream machinery and no allocation per chunk, which matters at hundreds of MB/s (`feed`
 * must not keep the chunk). A gzip file (magic 1f 8b) goes on through the zlib stream. Reads
 * sequentially from the current position, so pipes and FIFOs work too.
 */
async function readFileChunks(path: string, feed: (chunk: Buffer) => void): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let n = (await fh.read(buf, 0, CHUNK, null)).bytesRead;
    if (n >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
      const first = Buffer.from(buf.subarray(0, n));
      const rest = fh.createReadStream({ highWaterMark: CHUNK, autoClose: false }) as AsyncIterable<Buffer>;
      for await (const chunk of decompressIfGzip(prepend(first, rest))) feed(chunk);
      return;
    }
    // Two buffers: the next read runs in the thread pool while this chunk is processed.
    let cur = buf;
    let other = Buffer.allocUnsafe(CHUNK);
    while (n > 0) {
      const next = fh.read(other, 0, CHUNK, null);
      try {
        feed(cur.subarray(0, n));
      } finally {
        n = (await next).bytesRead;
      }
      [cur, other] = [other, cur];
    }
  } finally {
    await fh.close();
  }
}

async function* prepend(first: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  yield* rest;
}

/**
 * Reads every line of one source into `sink`. Never throws for damaged input: a truncated or
 * corrupt gzip member, a read error in the middle, a binary or overlong line each give a
 * warning with file:line and the lines before it are kept. Throws ELOG_READ only when the
 * source cannot be opened at all.
 */
export async function readSource(source: LogSource, stdin: NodeJS.ReadableStream, sink: LineSink, opts: ReadOptions = {}): Promise<ReadStats> {
  const max = opts.maxLineLength ?? DEFAULT_MAX_LINE;
  const perKind = opts.warningsPerKind ?? 5;
  const warn = opts.onWarning ?? (() => undefined);
  const stats: ReadStats = { lines: 0, overlong: 0, binary: 0, complete: true };
  const file = source.name;
  // Lines of clean chunks go straight to the sink; only chunks with a NUL byte or undecodable
  // bytes get the per-line check.
  const checked: LineSink = (text, start, end, lineNo) => {
    if (hasCharIn(text, 0, start, end) || hasCharIn(text, 0xfffd, start, end)) {
      stats.binary++;
      if (stats.binary <= perKind) {
        warn(new MailtlsError('ELOG_BINARY', 'binary data or invalid UTF-8 in this line; skipped', { place: { file, line: lineNo } }));
      }
      return;
    }
    sink(text, start, end, lineNo);
  };
  const splitter = new LineSplitter(max, sink, (lineNo) => {
    stats.overlong++;
    if (stats.overlong <= perKind) {
      warn(new MailtlsError('ELOG_LONG_LINE', `line longer than ${max} characters; skipped`, { place: { file, line: lineNo } }));
    }
  });
  if (source.path !== undefined) {
    // Fail early and clearly when the file is missing or unreadable (nothing was read yet).
    try {
      const fh = await open(source.path, 'r');
      await fh.close();
    } catch (err) {
      throw new MailtlsError('ELOG_READ', `cannot open the log: ${(err as Error).message}`, { place: { file }, cause: err });
    }
  }
  const decoder = new StringDecoder('utf8');
  let pending = false;
  let prevDirty = false;
  // Mail logs are almost always pure ASCII: then a one-byte (latin1) decode is exact and
  // several times faster than UTF-8 decoding. Otherwise the decoder carries partial
  // multi-byte sequences across pieces. Per-line checks only for pieces with a NUL byte
  // or undecodable bytes somewhere. Each piece is decoded (copied) at once, so the caller
  // may reuse its buffer.
  const decode = (piece: Buffer): void => {
    let text: string;
    let dirty: boolean;
    if (!pending && isAscii(piece)) {
      text = piece.toString('latin1');
      dirty = piece.indexOf(0) >= 0;
    } else {
      text = decoder.write(piece);
      pending = utf8Pending(piece);
      dirty = piece.indexOf(0) >= 0 || text.indexOf('\ufffd') >= 0;
    }
    // A line carried over from a dirty piece is checked too.
    splitter.emit = dirty || prevDirty ? checked : sink;
    prevDirty = dirty;
    splitter.push(text);
  };
  const feed = (chunk: Buffer): void => {
    if (chunk.length <= DECODE) decode(chunk);
    else for (let o = 0; o < chunk.length; o += DECODE) decode(chunk.subarray(o, Math.min(o + DECODE, chunk.length)));
  };
  try {
    if (source.path !== undefined) await readFileChunks(source.path, feed);
    else for await (const chunk of decompressIfGzip(stdin as AsyncIterable<Buffer | string>)) feed(chunk);
    const tail = decoder.end();
    if (tail !== '') {
      splitter.emit = checked;
      splitter.push(tail);
    }
    splitter.end();
  } catch (err) {
    stats.complete = false;
    const cut = splitter.discard();
    const e = err as NodeJS.ErrnoException;
    const gz = typeof e.code === 'string' && e.code.startsWith('Z_');
    const what = gz
      ? (e.code === 'Z_BUF_ERROR' ? 'the gzip data is truncated' : `the gzip data is corrupt (${e.message})`)
      : `read error: ${e.message}`;
    warn(new MailtlsError(gz ? 'ELOG_GZIP' : 'ELOG_READ',
      `${what}; the report covers the ${splitter.lines} complete lines before it${cut ? ' (a cut-off last line was dropped)' : ''}`,
      { place: { file, line: splitter.lines + 1 }, cause: err }));
  }
  stats.lines = splitter.lines;
  return stats;
}

// ---- ordering rotated files ----

interface Rotation {
  readonly base: string;
  /** Higher is newer. */
  readonly rank: number;
}

/**
 * logrotate names: `mail.log`, `mail.log.1`, `mail.log.2.gz` (higher is older), and with
 * `dateext` `mail.log-20261120[.gz]` (later date is newer). The live file is newest.
 */
export function rotationOf(path: string): Rotation {
  let name = basename(path);
  if (name.endsWith('.gz')) name = name.slice(0, -3);
  const num = /^(.*)\.(\d{1,4})$/.exec(name);
  if (num) return { base: num[1] ?? name, rank: -Number(num[2]) };
  const date = /^(.*)-(\d{8}(?:\d{2})?)$/.exec(name);
  if (date) {
    const d = date[2] ?? '';
    return { base: date[1] ?? name, rank: Number(d.length === 8 ? `${d}00` : d) - 1e11 };
  }
  return { base: name, rank: 0 };
}

/** The time of the first syslog line in the first 64 KiB of a file (gunzipped if needed), or NaN. */
export async function firstTimestamp(path: string, mtime: number): Promise<number> {
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
    if (head[0] === 0x1f && head[1] === 0x8b) head = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch {
    return NaN;
  }
  const clock = new LineClock(mtime);
  const h = new LineHeader();
  for (const line of head.toString('utf8').split('\n', 200)) {
    if (parseHeader(line, 0, line.length, h)) {
      const t = clock.time(h);
      if (!Number.isNaN(t)) return t;
    }
  }
  return NaN;
}

/**
 * Turns the command line's file list into sources in chronological order. `-` (or no file at
 * all) is stdin. Files of one rotation set are ordered by their suffix; otherwise by the first
 * timestamp in each; stdin stays where it was given.
 */
export async function orderSources(paths: readonly string[], now = Date.now(), onWarning?: (w: MailtlsError) => void): Promise<LogSource[]> {
  if (paths.length === 0) return [{ name: '-', mtime: now }];
  const sources: LogSource[] = [];
  for (const p of paths) {
    if (p === '-') {
      sources.push({ name: '-', mtime: now });
      continue;
    }
    let mtime: number;
    try {
      const st = await stat(p);
      if (st.isDirectory()) throw new MailtlsError('ELOG_READ', 'is a directory, not a log file', { place: { file: p } });
      mtime = st.mtimeMs;
    } catch (err) {
      if (err instanceof MailtlsError) throw err;
      throw new MailtlsError('ELOG_READ', `cannot open the log: ${(err as Error).message}`, { place: { file: p }, cause: err });
    }
    sources.push({ name: p, path: p, mtime });
  }
  const files = sources.filter((s) => s.path !== undefined);
  if (files.length < 2 || files.length !== sources.length) return sources;
  const rot = new Map(files.map((s) => [s, rotationOf(s.name)] as const));
  const bases = new Set([...rot.values()].map((r) => r.base));
  if (bases.size === 1) {
    return [...files].sort((a, b) => (rot.get(a)?.rank ?? 0) - (rot.get(b)?.rank ?? 0));
  }
  const firsts = new Map<LogSource, number>();
  for (const s of files) firsts.set(s, await firstTimestamp(s.path ?? s.name, s.mtime));
  if ([...firsts.values()].some((t) => Number.isNaN(t))) {
    onWarning?.(new MailtlsError('ELOG_ORDER', 'some files have no recognisable first timestamp; they are read in the order given'));
    return sources;
  }
  return [...files].sort((a, b) => (firsts.get(a) ?? 0) - (firsts.get(b) ?? 0));
}
