/**
 * Splits one syslog line into stamp, host, tag and message, by position and indexOf only
 * (no regex: this runs on every line of logs of many gigabytes).
 *
 * Accepted shapes (host may be missing, as some relays drop it):
 *   Nov 21 18:43:33 host postfix/smtpd[123]: message          classic syslog (RFC 3164 4.1.2)
 *   Nov 21 18:43:33 host postfix/smtpd[123]: message          Postfix maillog_file (msg_logger.c)
 *   Jan 6 08:39:06 host postfix/smtpd[123]: message           a one-digit day after one space
 *   2026-11-21T18:43:33.123456+01:00 host postfix/smtpd[123]: rsyslog RSYSLOG_FileFormat
 *   2026-11-21T18:43:33+0100 host postfix/smtpd[123]: message journalctl -o short-iso
 * The tag is `$syslog_name/$daemon[pid]` (src/global/mail_task.c), so the service is the tag
 * without the pid and the daemon is its last path component.
 */
import { IsoClock, SyslogClock, syslogStampLength, YearTracker } from './timestamp.js';

/** The daemons whose lines matter; everything else is DAEMON_OTHER. */
export const DAEMON_OTHER = 0;
export const DAEMON_SMTPD = 1;
/** smtp and lmtp (the same program, src/smtp/). */
export const DAEMON_SMTP = 2;
export const DAEMON_POSTSCREEN = 3;
export const DAEMON_TLSPROXY = 4;
export const DAEMON_MASTER = 5;

/**
 * True when `text` holds `s` at `pos`. A charCodeAt loop from the end (where service names
 * differ): in V8 this beats String.prototype.startsWith with a position on a large string.
 */
export function sameAt(text: string, pos: number, s: string): boolean {
  for (let i = s.length - 1; i >= 0; i--) if (text.charCodeAt(pos + i) !== s.charCodeAt(i)) return false;
  return true;
}

/** Classifies the daemon name at `line[start, start+len)` without slicing it out. */
function daemonKindAt(line: string, start: number, len: number): number {
  switch (len) {
    case 5: return sameAt(line, start, 'smtpd') ? DAEMON_SMTPD : DAEMON_OTHER;
    case 4: return sameAt(line, start, 'smtp') || sameAt(line, start, 'lmtp') ? DAEMON_SMTP : DAEMON_OTHER;
    case 10: return sameAt(line, start, 'postscreen') ? DAEMON_POSTSCREEN : DAEMON_OTHER;
    case 8: return sameAt(line, start, 'tlsproxy') ? DAEMON_TLSPROXY : DAEMON_OTHER;
    case 6: return sameAt(line, start, 'master') ? DAEMON_MASTER : DAEMON_OTHER;
    default: return DAEMON_OTHER;
  }
}

export const STAMP_SYSLOG = 1;
export const STAMP_ISO = 2;

/**
 * One parsed header; the parser reuses a single instance to avoid an allocation per line.
 * Positions are absolute in `text`: the line is `text.slice(start, end)`, which is only made
 * (by `line`) for the few lines that matter.
 */
export class LineHeader {
  text = '';
  start = 0;
  end = 0;
  stamp: 0 | typeof STAMP_SYSLOG | typeof STAMP_ISO = 0;
  stampEnd = 0;
  hostStart = 0;
  hostEnd = 0;
  tagStart = 0;
  /** End of the service part of the tag (before `[pid]`). */
  serviceEnd = 0;
  tagEnd = 0;
  daemonStart = 0;
  /** DAEMON_* of the daemon name (the tag's last path component). */
  daemonKind = 0;
  /** True when the tag has a slash, as every Postfix program's has (`$syslog_name/name`). */
  postfixLike = false;
  msgStart = 0;
  /** The host of the last line with one (a copy): most lines of a log repeat it. */
  lastHost = '';

  get line(): string {
    return this.text.slice(this.start, this.end);
  }
  get host(): string {
    return this.text.slice(this.hostStart, this.hostEnd);
  }
  /** `postfix/submission/smtpd[7126]`: identifies one process, hence one smtpd session at a time. */
  get tag(): string {
    return this.text.slice(this.tagStart, this.tagEnd);
  }
  /** `postfix/submission/smtpd` */
  get service(): string {
    return this.text.slice(this.tagStart, this.serviceEnd);
  }
  get message(): string {
    return this.text.slice(this.msgStart, this.end);
  }
  /** The daemon name: `smtpd`, `smtp`, `qmgr`, `sshd`... */
  get daemon(): string {
    return this.text.slice(this.daemonStart, this.serviceEnd);
  }
}

/** indexOf bounded by `end` (-1 past it). */
function find(text: string, ch: string, from: number, end: number): number {
  const i = text.indexOf(ch, from);
  return i < 0 || i >= end ? -1 : i;
}

/**
 * Parses the header of the line `text[start, end)` into `h`; false when it is not a syslog
 * line. `parseHeader(line, 0, line.length, h)` for a line on its own.
 */
export function parseHeader(text: string, start: number, end: number, h: LineHeader): boolean {
  h.text = text;
  h.start = start;
  h.end = end;
  if (end - start < 20) return false;
  const c0 = text.charCodeAt(start);
  let p: number;
  if (c0 >= 65 && c0 <= 90) {
    // `Nov 21 18:43:33`, or `Jan 6 08:39:06` with a single space (timestamp.ts).
    const len = syslogStampLength(text, start);
    if (len === 0 || text.charCodeAt(start + len) !== 32) return false;
    h.stamp = STAMP_SYSLOG;
    h.stampEnd = start + len;
    p = h.stampEnd + 1;
  } else if (c0 >= 48 && c0 <= 57) {
    if (text.charCodeAt(start + 4) !== 45) return false;
    let e = find(text, ' ', start, end);
    if (e === start + 10) e = find(text, ' ', start + 11, end); // `YYYY-MM-DD hh:mm:ss` with a space
    if (e < start + 16) return false;
    h.stamp = STAMP_ISO;
    h.stampEnd = e;
    p = e + 1;
  } else {
    return false;
  }
  // Classic syslogd pads a one-digit day with a space but never the host; tolerate doubled spaces.
  while (p < end && text.charCodeAt(p) === 32) p++;
  // A log has one host, or a few: try the previous line's host before scanning for the space.
  const host = h.lastHost;
  const hl = host.length;
  let sp1: number;
  const cached = hl > 0 && p + hl < end && text.charCodeAt(p + hl) === 32 && sameAt(text, p, host);
  if (cached) {
    sp1 = p + hl;
  } else {
    sp1 = find(text, ' ', p, end);
    // No space after the host: a line cut short, or a tag with an empty message; neither matters.
    if (sp1 < 0) return false;
  }
  let tagStart: number;
  if (text.charCodeAt(sp1 - 1) === 58) {
    // No host: the first token already is `tag:`.
    h.hostStart = p;
    h.hostEnd = p;
    tagStart = p;
  } else {
    h.hostStart = p;
    h.hostEnd = sp1;
    if (!cached) h.lastHost = ownString(text.slice(p, sp1));
    tagStart = sp1 + 1;
  }
  return scanTag(text, tagStart, end, h);
}

/**
 * The tag `service[pid]:` from `tagStart` to the first space (or the end). Sets the tag fields
 * of `h`; false when the token does not end with a colon. Native searches for the space and
 * the `[`; only the daemon name is read character by character.
 */
function scanTag(text: string, tagStart: number, end: number, h: LineHeader): boolean {
  const sp = find(text, ' ', tagStart, end);
  const msgSpace = sp < 0 ? end : sp;
  if (text.charCodeAt(msgSpace - 1) !== 58) return false;
  const tagEnd = msgSpace - 1;
  if (tagEnd <= tagStart) return false;
  h.tagStart = tagStart;
  h.tagEnd = tagEnd;
  const bracket = find(text, '[', tagStart, tagEnd);
  const serviceEnd = bracket >= 0 ? bracket : tagEnd;
  h.serviceEnd = serviceEnd;
  // A manual scan: String.prototype.lastIndexOf with a position is a slow runtime call in V8.
  let slash = serviceEnd - 1;
  while (slash >= tagStart && text.charCodeAt(slash) !== 47) slash--;
  h.postfixLike = slash >= tagStart;
  const ds = slash >= tagStart ? slash + 1 : tagStart;
  h.daemonStart = ds;
  h.daemonKind = daemonKindAt(text, ds, serviceEnd - ds);
  h.msgStart = msgSpace + 1 > end ? end : msgSpace + 1;
  return true;
}

/**
 * Time of header lines for one file: classic stamps need the file's year reference, ISO stamps
 * carry their own. One instance per input file, fed in line order.
 */
export class LineClock {
  private readonly syslog: SyslogClock;
  private readonly iso = new IsoClock();

  /**
   * @param reference epoch ms the file was last written (its mtime; now for stdin)
   * @param explicitYear the year of the file's first classic stamp (--year)
   */
  constructor(reference: number, explicitYear?: number) {
    this.syslog = new SyslogClock(new YearTracker(reference, explicitYear));
  }

  time(h: LineHeader): number {
    if (h.stamp === STAMP_SYSLOG) return this.syslog.time(h.text, h.start);
    if (h.stamp === STAMP_ISO) return this.iso.time(h.text, h.start, h.stampEnd);
    return NaN;
  }
}

/**
 * A copy of `s` that does not keep the string it was sliced from alive. V8 represents
 * `slice()` results of 13+ characters as views into the parent; a client name kept for the
 * whole run must not pin the 1 MB chunk of log text it came from (memory stays bounded).
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (` ${s}`).slice(1);
}

/**
 * Keeps one copy of each repeated string (service names, clients, protocols, ciphers): saves
 * the copy, and later map lookups on the same object reuse its cached hash. Bounded: past
 * `max` entries new strings are only copied.
 */
export class Interner {
  private readonly map = new Map<string, string>();
  /** A small direct-mapped cache in front of the map: protocols and ciphers repeat constantly. */
  private readonly recent: string[];
  private readonly mask: number;

  /** @param slots size of the front cache, a power of two */
  constructor(private readonly max: number, slots = 64) {
    this.recent = new Array<string>(slots).fill('');
    this.mask = slots - 1;
  }

  get(s: string): string {
    const n = s.length;
    // FNV-1a over the last (at most) 12 characters, where client names differ (the address):
    // on a generated log it halves the misses of a 5-character sum.
    let hash = n;
    for (let i = n - 1, stop = n > 12 ? n - 12 : 0; i >= stop; i--) hash = Math.imul(hash ^ s.charCodeAt(i), 16777619);
    const slot = (hash ^ (hash >>> 15)) & this.mask;
    const hit = this.recent[slot] as string;
    if (hit.length === n && hit === s) return hit;
    let v = this.map.get(s);
    if (v === undefined) {
      v = ownString(s);
      if (this.map.size < this.max) this.map.set(v, v);
    }
    this.recent[slot] = v;
    return v;
  }
}
