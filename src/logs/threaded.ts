/**
 * Two threads for large files: a worker (reader-worker.ts) reads, decompresses, decodes and
 * splits the file, parses every syslog header and drops the lines no analysis needs; this
 * thread gets the rest in batches and runs the same per-line work as the single-thread path
 * (analyze.ts), so the report is the same to the byte. Both threads run at once on two cores.
 * Small files and stdin stay on one thread (a worker costs tens of milliseconds to start).
 */
import { Worker } from 'node:worker_threads';
import { MailtlsError, type ErrorCode, type Place } from '../errors.js';
import type { ReadStats } from './input.js';

/** What the worker is asked to do (its workerData). */
export interface ReaderJob {
  readonly name: string;
  readonly path: string;
  readonly maxLineLength?: number;
  /** Count postscreen's lines in the worker (only when no time range is set). */
  readonly countPostscreen: boolean;
  /** Int32 [0]: batches the main thread has finished with. */
  readonly credits: SharedArrayBuffer;
  readonly maxInFlight: number;
  /** Characters per batch. */
  readonly batchChars: number;
}

export interface PostscreenCounts {
  connections: number;
  passed: number;
  rejected: number;
}

export type ReaderMessage =
  /** Kept lines, joined by `\n`. */
  | { readonly type: 'lines'; readonly text: string }
  /** The file's first syslog line when it is not a kept one: only its time is wanted. */
  | { readonly type: 'first'; readonly line: string }
  | { readonly type: 'warning'; readonly code: ErrorCode; readonly message: string; readonly place?: Place }
  | { readonly type: 'end'; readonly stats: ReadStats; readonly unparsed: number; readonly postscreen: PostscreenCounts; readonly last: string | null }
  | { readonly type: 'fatal'; readonly code: ErrorCode; readonly message: string; readonly place?: Place };

export interface WorkerRead {
  readonly stats: ReadStats;
  /** Lines that are not syslog lines (journal markers aside). */
  readonly unparsed: number;
  readonly postscreen: PostscreenCounts;
  /** The file's last syslog line. */
  readonly last: string | null;
}

export interface WorkerReadOptions {
  readonly maxLineLength?: number;
  readonly countPostscreen: boolean;
  readonly onWarning: (w: MailtlsError) => void;
  /** A kept line, as a range of a batch. */
  readonly onLine: (text: string, start: number, end: number) => void;
  readonly onFirst: (line: string) => void;
}

/** Files at least this large get the reader thread. */
export const WORKER_MIN_BYTES = 8 * 1024 * 1024;
/** Batches in flight at most: with BATCH_CHARS, what bounds the memory between the threads. */
const MAX_IN_FLIGHT = 8;
const BATCH_CHARS = 256 * 1024;

/** The worker's module: beside this one, .ts under tsx (tests), .js once built (dist/). */
function workerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './reader-worker.ts' : './reader-worker.js', here);
}

/** Reads one file through the reader thread, feeding kept lines to `opts.onLine` in order. */
export function readInWorker(name: string, path: string, opts: WorkerReadOptions): Promise<WorkerRead> {
  const credits = new SharedArrayBuffer(4);
  const taken = new Int32Array(credits);
  const job: ReaderJob = {
    name, path, countPostscreen: opts.countPostscreen, credits, maxInFlight: MAX_IN_FLIGHT, batchChars: BATCH_CHARS,
    ...(opts.maxLineLength !== undefined ? { maxLineLength: opts.maxLineLength } : {}),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl(), { workerData: job, stdin: false, stdout: false, stderr: false });
    let done = false;
    const finish = (err: unknown, result?: WorkerRead): void => {
      if (done) return;
      done = true;
      if (err !== null) {
        void worker.terminate();
        reject(err instanceof MailtlsError ? err : new MailtlsError('ELOG_READ', `log reader thread failed: ${(err as Error).message}`, { place: { file: name }, cause: err }));
      } else resolve(result as WorkerRead);
    };
    worker.on('message', (m: ReaderMessage) => {
      if (done) return;
      try {
        switch (m.type) {
          case 'lines': {
            const text = m.text;
            const onLine = opts.onLine;
            let start = 0;
            for (;;) {
              const nl = text.indexOf('\n', start);
              if (nl < 0) break;
              onLine(text, start, nl);
              start = nl + 1;
            }
            onLine(text, start, text.length);
            Atomics.add(taken, 0, 1);
            Atomics.notify(taken, 0);
            return;
          }
          case 'first':
            opts.onFirst(m.line);
            return;
          case 'warning':
            opts.onWarning(new MailtlsError(m.code, m.message, m.place ? { place: m.place } : {}));
            return;
          case 'end':
            finish(null, { stats: m.stats, unparsed: m.unparsed, postscreen: m.postscreen, last: m.last });
            return;
          case 'fatal':
            finish(new MailtlsError(m.code, m.message, m.place ? { place: m.place } : {}));
            return;
        }
      } catch (err) {
        finish(err);
      }
    });
    worker.on('error', (err) => finish(err));
    worker.on('exit', (code) => finish(new Error(`exited with code ${code} before the end of the file`)));
  });
}
