/**
 * The `mailtls logs` pipeline: sources -> lines -> headers -> Postfix events -> sessions ->
 * report. One pass, streaming; the per-line work for lines that do not matter is a header
 * split and a daemon-name comparison.
 */
import type { MailtlsError } from '../errors.js';
import { readSource, orderSources, type ReadOptions } from './input.js';
import {
  DAEMON_MASTER, DAEMON_OTHER, DAEMON_POSTSCREEN, DAEMON_SMTP, DAEMON_SMTPD, DAEMON_TLSPROXY, LineClock, LineHeader, ownString, parseHeader, sameAt,
} from './line.js';
import {
  parseMasterMessage, parsePostscreenMessage, parseSmtpdMessage, parseSmtpMessage, parseTlsproxyMessage,
} from './postfix-events.js';
import { Aggregator } from './aggregate.js';
import type { FileSummary, LogReport } from './report.js';
import { SessionTracker } from './sessions.js';
import type { Tightening } from './tightening.js';
import { isExcluded, type SessionExclusion } from './exclusion.js';
import { skipKind } from './skipped.js';
import { Tally } from './tally.js';

/** Warnings kept in the report; more are only counted (warningsOmitted). */
export const MAX_WARNINGS = 50;

export interface AnalyzeOptions {
  /** Paths; `-` or none = stdin. */
  readonly files: readonly string[];
  readonly stdin?: NodeJS.ReadableStream;
  readonly policies?: readonly Tightening[];
  /** Epoch ms bounds on session start times: [since, until). */
  readonly since?: number;
  readonly until?: number;
  readonly services?: readonly string[];
  /** The year of the first classic syslog stamp (else inferred from each file's mtime). */
  readonly year?: number;
  readonly maxLineLength?: number;
  readonly now?: number;
  /** Bounds on open sessions, for tests. */
  readonly maxOpenSessions?: number;
  /** Sessions to leave out of every number (the audit's own probes): see exclusion.ts. */
  readonly exclude?: SessionExclusion;
  /** Also group sessions into classes (report.sessionClasses), for judging policies afterwards. */
  readonly sessionClasses?: boolean;
}

/**
 * smtpd and smtp messages that are understood and do not bear on TLS: everything about a
 * queued or rejected message (`QUEUEID: ...`, `NOQUEUE: reject: ...`, src/smtpd/smtpd_check.c),
 * and the usual client-side connection chatter (src/smtp/smtp_connect.c, smtp_proto.c). Any
 * other line of these daemons that no parser took is counted as not understood.
 */
const NOISE_PREFIXES: readonly string[] = [
  'warning: hostname ', 'warning: non-SMTP command', 'warning: Illegal address syntax', 'warning: Connection ',
  'warning: numeric hostname', 'warning: unknown smtpd restriction', 'improper command pipelining', 'too many errors',
  'connect to ', 'setting up TLS connection', 'Host offered STARTTLS', 'Untrusted TLS', 'Trusted TLS', 'Verified TLS',
  'SSL_connect error', 'certificate verification failed', 'server certificate verification failed', 'reject: ',
  'statistics: ', 'warning: TLS library problem',
];

const SEVERITIES = new Set(['warning', 'error', 'fatal', 'panic']);

function isKnownNoise(msg: string): boolean {
  const colon = msg.indexOf(': ');
  // Severity words (msg_warn() and friends, src/util/msg.c) are not queue IDs.
  if (colon >= 5 && colon <= 20 && !SEVERITIES.has(msg.slice(0, colon))) {
    // `QUEUEID: ...` / `NOQUEUE: ...`: message bookkeeping and policy rejects.
    let alnum = true;
    for (let k = 0; k < colon && alnum; k++) {
      const c = msg.charCodeAt(k);
      alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    }
    if (alnum) return true;
  }
  for (const p of NOISE_PREFIXES) if (msg.startsWith(p)) return true;
  return false;
}

/** Linux pids are below 2^22 (PID_MAX_LIMIT); a process key is service index * PID_RANGE + pid. */
const PID_RANGE = 4_194_304;

/** The pid in `tag[pid]`, read in place; 0 when there is none. */
function pidOf(h: LineHeader): number {
  const text = h.text;
  let pid = 0;
  for (let i = h.serviceEnd + 1; i < h.tagEnd; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    pid = pid * 10 + d;
  }
  return pid % PID_RANGE;
}

/**
 * Service names (the tag without the pid) to small numbers, matched in place against the
 * line: a log has a handful of services, so a scan beats slicing and hashing every line.
 * Bounded: past MAX_SERVICES distinct names (only hostile input has that many) they share one.
 */
class ServiceTable {
  private static readonly MAX_SERVICES = 1000;
  private readonly names: string[] = [];
  private readonly byName = new Map<string, number>();

  indexOf(h: LineHeader): number {
    const len = h.serviceEnd - h.tagStart;
    const names = this.names;
    const scan = Math.min(names.length, 16);
    for (let i = 0; i < scan; i++) {
      const n = names[i] as string;
      if (n.length === len && sameAt(h.text, h.tagStart, n)) return i;
    }
    const name = h.service;
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    if (names.length >= ServiceTable.MAX_SERVICES) return ServiceTable.MAX_SERVICES - 1;
    const own = ownString(name);
    names.push(own);
    this.byName.set(own, names.length - 1);
    return names.length - 1;
  }

  name(i: number): string {
    return this.names[i] ?? '(other services)';
  }
}

/** Everything the per-line work needs, across files. */
interface Context {
  readonly agg: Aggregator;
  readonly tracker: SessionTracker;
  readonly services: ServiceTable;
  readonly h: LineHeader;
  unparsed: number;
  /** Lines read past on purpose, by kind (skipped.ts). */
  readonly skipped: Tally;
  /** Lines of smtpd, smtp/lmtp, tlsproxy and postscreen. */
  postfixLines: number;
}

/**
 * A line of smtpd or smtp that no parser took: known noise, skipped on purpose, or not
 * understood. Known noise is tested first: it is most of these lines, and cheap to tell.
 */
function unused(ctx: Context, msg: string): void {
  if (isKnownNoise(msg)) {
    // `QUEUEID: proxy-accept: ...`, `NOQUEUE: milter-reject: ...` are filter results.
    const c = msg.indexOf(': ');
    const f = msg.charCodeAt(c + 2);
    if ((f === 112 || f === 109) && skipKind(msg) === 'filter') ctx.skipped.add('filter');
    return;
  }
  const kind = skipKind(msg);
  if (kind !== null) ctx.skipped.add(kind);
  else ctx.unparsed++;
}

/** The work on one file's lines: header, Postfix event, session. */
function fileProcessor(ctx: Context, clock: LineClock, exclude: SessionExclusion | undefined) {
  const { agg, tracker, services, h } = ctx;
  // Without --since/--until the time span is the first and last line of each file (below);
  // with them, every event line extends the span within the range.
  const filtered = agg.filtered;
  let firstSeen = false;
  let lastText = '';
  let lastStart = 0;
  let lastEnd = 0;
  const onLine = (text: string, start: number, end: number): void => {
    if (end === start) return;
    if (!parseHeader(text, start, end, h)) {
      // journalctl's `-- Boot ... --` / `-- No entries --` markers are not log lines.
      if (!text.startsWith('-- ', start)) ctx.unparsed++;
      return;
    }
    if (!firstSeen) {
      firstSeen = true;
      agg.noteTime(clock.time(h));
    }
    lastText = text;
    lastStart = start;
    lastEnd = end;
    const kind = h.daemonKind;
    if (kind === DAEMON_OTHER || !h.postfixLike) return;
    if (kind !== DAEMON_MASTER) ctx.postfixLines++;
    const msg = h.message;
    switch (kind) {
      case DAEMON_SMTPD: {
        const ev = parseSmtpdMessage(msg, false);
        if (ev === null) {
          unused(ctx, msg);
          return;
        }
        const t = clock.time(h);
        if (filtered) agg.noteTime(t);
        const si = services.indexOf(h);
        const service = services.name(si);
        if (ev.type === 'disconnect' && ev.counters !== null && agg.inRange(t) && agg.wantService(service)
          && !(exclude !== undefined && isExcluded(exclude, ev.client, t, ev.counters.authTotal > 0))) {
          agg.noteCounters(ev.counters.starttlsOk, ev.counters.starttlsTotal);
        }
        const pid = pidOf(h);
        tracker.server(service, si * PID_RANGE + pid, pid, t, ev);
        return;
      }
      case DAEMON_SMTP: {
        const ev = parseSmtpMessage(msg, false);
        if (ev === null) {
          unused(ctx, msg);
          return;
        }
        const t = clock.time(h);
        if (filtered) agg.noteTime(t);
        const si = services.indexOf(h);
        tracker.client(services.name(si), si * PID_RANGE + pidOf(h), t, ev);
        return;
      }
      case DAEMON_TLSPROXY: {
        const ev = parseTlsproxyMessage(msg);
        if (ev === null) {
          // tlsproxy's other lines were never counted as not understood; its traces are skipped.
          const skip = skipKind(msg);
          if (skip !== null) ctx.skipped.add(skip);
          return;
        }
        const t = clock.time(h);
        if (filtered) agg.noteTime(t);
        const si = services.indexOf(h);
        const pid = pidOf(h);
        tracker.proxy(services.name(si), si * PID_RANGE + pid, pid, t, ev);
        return;
      }
      case DAEMON_POSTSCREEN: {
        const ev = parsePostscreenMessage(msg);
        if (ev === null) return;
        if (filtered) {
          const t = clock.time(h);
          agg.noteTime(t);
          if (!agg.inRange(t)) return;
        }
        if (ev.what === 'connect') agg.postscreen.connections++;
        else if (ev.what === 'pass') agg.postscreen.passed++;
        else if (ev.what === 'reject') agg.postscreen.rejected++;
        return;
      }
      case DAEMON_MASTER: {
        const ev = parseMasterMessage(msg);
        if (ev !== null) agg.master(ev, clock.time(h));
        return;
      }
    }
  };
  /** After the file's last line: extends the time span to it, whatever its daemon. */
  const last = (): void => {
    if (lastEnd > lastStart && parseHeader(lastText, lastStart, lastEnd, h)) agg.noteTime(clock.time(h));
  };
  return { onLine, last };
}

/** Reads the logs and builds the report. Throws only for unusable arguments or unopenable files. */
export async function analyzeLogs(opts: AnalyzeOptions): Promise<LogReport> {
  const now = opts.now ?? Date.now();
  const warnings: MailtlsError[] = [];
  let warningsOmitted = 0;
  const onWarning = (w: MailtlsError) => {
    if (warnings.length < MAX_WARNINGS) warnings.push(w);
    else warningsOmitted++;
  };
  const sources = await orderSources(opts.files, now, onWarning);
  const agg = new Aggregator({
    ...(opts.policies ? { policies: opts.policies } : {}),
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    ...(opts.until !== undefined ? { until: opts.until } : {}),
    ...(opts.services ? { services: opts.services } : {}),
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
    ...(opts.sessionClasses === true ? { sessionClasses: true } : {}),
  });
  const tracker = new SessionTracker(agg, opts.maxOpenSessions !== undefined ? { maxOpen: opts.maxOpenSessions } : {});
  const ctx: Context = { agg, tracker, services: new ServiceTable(), h: new LineHeader(), unparsed: 0, skipped: new Tally(), postfixLines: 0 };
  let lines = 0;
  const files: FileSummary[] = [];
  const readOpts: ReadOptions = { onWarning, ...(opts.maxLineLength !== undefined ? { maxLineLength: opts.maxLineLength } : {}) };
  // --year names the year of the first file's first line; later files infer theirs.
  const clockFor = (i: number) => new LineClock(sources[i]?.mtime ?? now, i === 0 ? opts.year : undefined);

  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    if (source === undefined) continue;
    const proc = fileProcessor(ctx, clockFor(i), opts.exclude);
    const stats = await readSource(source, opts.stdin ?? process.stdin, proc.onLine, readOpts);
    proc.last();
    lines += stats.lines;
    ctx.unparsed += stats.binary + stats.overlong;
    files.push({ name: source.name, lines: stats.lines, complete: stats.complete, overlong: stats.overlong, binary: stats.binary });
  }
  tracker.flush();
  return agg.build({
    lines, unparsed: ctx.unparsed, skipped: ctx.skipped.toRecord(), postfixLines: ctx.postfixLines, files,
    inboundTlsLogged: tracker.inboundTlsLogged,
    outboundTlsLogged: tracker.outboundTlsLogged,
    warnings, warningsOmitted,
  });
}
