/**
 * The reading half of the two-thread pipeline (threaded.ts): runs in a worker thread, reads one
 * file (plain or gzip) with input.ts, splits lines, parses each syslog header and keeps only
 * the lines the analysis looks at: those of smtpd, smtp/lmtp, tlsproxy and master, the file's
 * first syslog line (its time starts the span) and, without --since/--until, counts
 * postscreen's lines itself. The kept lines go to the main thread in batches; a shared
 * counter bounds the batches in flight (the worker waits on it: backpressure, bounded memory).
 */
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { MailtlsError } from '../errors.js';
import { readSource } from './input.js';
import { DAEMON_OTHER, DAEMON_POSTSCREEN, LineHeader, parseHeader } from './line.js';
import { parsePostscreenMessage } from './postfix-events.js';
import type { ReaderJob, ReaderMessage } from './threaded.js';

const job = workerData as ReaderJob;
const port = parentPort;
if (port === null) throw new Error('reader-worker.ts runs only as a worker thread');

const credits = new Int32Array(job.credits);
let posted = 0;
const post = (m: ReaderMessage): void => port.postMessage(m);

/** Blocks this thread until the main thread has taken all but `maxInFlight - 1` batches. */
function waitForRoom(): void {
  for (;;) {
    const taken = Atomics.load(credits, 0);
    if (posted - taken < job.maxInFlight) return;
    Atomics.wait(credits, 0, taken);
  }
}

let parts: string[] = [];
let size = 0;
const flush = (): void => {
  if (parts.length === 0) return;
  waitForRoom();
  post({ type: 'lines', text: parts.join('\n') });
  posted++;
  parts = [];
  size = 0;
};

const h = new LineHeader();
const postscreen = { connections: 0, passed: 0, rejected: 0 };
let unparsed = 0;
let firstSeen = false;
let lastText = '';
let lastStart = 0;
let lastEnd = 0;

const sink = (text: string, start: number, end: number): void => {
  if (end === start) return;
  if (!parseHeader(text, start, end, h)) {
    if (!text.startsWith('-- ', start)) unparsed++;
    return;
  }
  lastText = text;
  lastStart = start;
  lastEnd = end;
  const kind = h.daemonKind;
  let wanted = kind !== DAEMON_OTHER && h.postfixLike;
  if (wanted && kind === DAEMON_POSTSCREEN && job.countPostscreen) {
    // analyze.ts does the same for postscreen lines when no time range is set.
    const ev = parsePostscreenMessage(h.message);
    if (ev !== null) {
      if (ev.what === 'connect') postscreen.connections++;
      else if (ev.what === 'pass') postscreen.passed++;
      else if (ev.what === 'reject') postscreen.rejected++;
    }
    wanted = false;
  }
  if (!firstSeen) {
    firstSeen = true;
    // Only its time matters (nothing was kept before it, so the order holds).
    if (!wanted) post({ type: 'first', line: text.slice(start, end) });
  }
  if (!wanted) return;
  parts.push(text.slice(start, end));
  size += end - start + 1;
  if (size >= job.batchChars) flush();
};

try {
  const stats = await readSource({ name: job.name, path: job.path, mtime: 0 }, Readable.from([]), sink, {
    onWarning: (w) => post({ type: 'warning', code: w.code, message: w.message, ...(w.place ? { place: w.place } : {}) }),
    ...(job.maxLineLength !== undefined ? { maxLineLength: job.maxLineLength } : {}),
  });
  flush();
  post({
    type: 'end', stats, unparsed, postscreen,
    last: lastEnd > lastStart ? lastText.slice(lastStart, lastEnd) : null,
  });
} catch (err) {
  const e = err instanceof MailtlsError ? err : new MailtlsError('ELOG_READ', `read error: ${(err as Error).message}`, { place: { file: job.name } });
  post({ type: 'fatal', code: e.code, message: e.message, ...(e.place ? { place: e.place } : {}) });
}
