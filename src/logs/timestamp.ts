/**
 * Log timestamps to epoch milliseconds, without regular expressions (this runs on every line
 * that matters, see line.ts).
 *
 * Two families:
 * - classic syslog (RFC 3164 section 4.1.2) `Nov 21 18:43:33`, also what Postfix's own
 *   maillog_file writes (`strftime("%b %d %H:%M:%S ")` in src/util/msg_logger.c, so the day is
 *   zero-padded there and space-padded in syslogd output; some daemons write a one-digit day after
 *   a single space, `Jan 6 08:39:06`). No year and no zone: the zone is the
 *   local one of this process (TZ), the year is inferred by YearTracker.
 * - ISO 8601 / RFC 3339: rsyslog's high-precision format `2026-11-21T18:43:33.123456+01:00`,
 *   `journalctl -o short-iso` `2026-11-21T18:43:33+0100` (systemd < 250 writes the offset
 *   without a colon), `short-iso-precise` with microseconds, and `Z`. Without a zone: local time.
 */

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

/** Length of `Mmm dd hh:mm:ss`. */
export const SYSLOG_STAMP_LENGTH = 15;

/**
 * True when `s` holds `key` at `pos`, compared from the end (where consecutive stamps differ).
 * String.prototype.startsWith with a position is a slow runtime call in V8 on the large chunk
 * strings these stamps sit in; this runs for every line that matters.
 */
function sameAt(s: string, pos: number, key: string): boolean {
  for (let i = key.length - 1; i >= 0; i--) if (s.charCodeAt(pos + i) !== key.charCodeAt(i)) return false;
  return true;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

function two(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}

/** Month number 1..12 of a classic stamp starting at `start`, or 0. */
export function syslogMonth(s: string, start = 0): number {
  return MONTHS[s.slice(start, start + 3)] ?? 0;
}

export interface SyslogParts {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Length of the stamp at `start`: 15 (`Nov 21 18:43:33`, `Nov  1 ...`, `Nov 01 ...`), 14 for a
 * one-digit day after a single space (`Jan 6 08:39:06`, as some syslog daemons write it, e.g.
 * busybox syslogd and rsyslog templates with %timegenerated:::date-rfc3164-buggyday% off), or 0.
 */
export function syslogStampLength(s: string, start = 0): number {
  if (s.charCodeAt(start + 3) !== 32) return 0;
  if (s.charCodeAt(start + 9) === 58 && s.charCodeAt(start + 12) === 58) return SYSLOG_STAMP_LENGTH;
  const d = s.charCodeAt(start + 4);
  if (d >= 49 && d <= 57 && s.charCodeAt(start + 5) === 32 && s.charCodeAt(start + 8) === 58 && s.charCodeAt(start + 11) === 58) return SYSLOG_STAMP_LENGTH - 1;
  return 0;
}

/** Splits `Nov 21 18:43:33` (or `Nov  1 ...`, `Nov 01 ...`, `Nov 1 ...`); null when it is not one. */
export function parseSyslogParts(s: string, start = 0): SyslogParts | null {
  const len = syslogStampLength(s, start);
  if (len === 0 || s.length < start + len) return null;
  const month = syslogMonth(s, start);
  if (month === 0) return null;
  // `o` shifts the time fields left by one for the short form `Jan 6 08:39:06`.
  const o = len - SYSLOG_STAMP_LENGTH;
  const d0 = o < 0 || s.charCodeAt(start + 4) === 32 ? 0 : digit(s, start + 4);
  const day = d0 * 10 + digit(s, start + 5 + o);
  const hour = two(s, start + 7 + o);
  const minute = two(s, start + 10 + o);
  const second = two(s, start + 13 + o);
  if (!(day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) return null;
  return { month, day, hour, minute, second };
}

/** A day of slack past the reference: the log's zone may be ahead of this process's (TZ). */
const REFERENCE_SLACK_MS = 86_400_000;

/**
 * Infers the year of classic syslog stamps, which have none.
 *
 * The first stamp gets the reference year (an explicit --year, else the year of the file's
 * mtime, else now), minus one if it would lie in the future of the reference: a file written
 * on Jan 2 that starts on Dec 30 started last year. After that the year follows the lines, but
 * only a month going back by a lot (Oct-Dec -> Jan-Mar: back by 9 months or more) is a new
 * year. Smaller backward jumps are lines out of order (sources concatenated, relays reordering)
 * and change nothing: a log of concatenated months must not ratchet the year forward. A large
 * forward jump (a stray Dec line after Jan lines, as syslog relays reorder around midnight)
 * belongs to the previous year and does not change the state either. Finally SyslogClock moves
 * any time inferred after the reference back a year (see `latest`).
 */
export class YearTracker {
  private year = 0;
  private lastMonth = 0;

  /**
   * @param reference the time the file was last written (ms), used when `explicitYear` is absent
   * @param explicitYear the year of the first line, when the user knows it (--year)
   */
  constructor(private readonly reference: number, private readonly explicitYear?: number) {}

  /** The latest time a line may have (its file's mtime, a day of slack), or Infinity under --year. */
  get latest(): number {
    return this.explicitYear !== undefined || !Number.isFinite(this.reference) ? Infinity : this.reference + REFERENCE_SLACK_MS;
  }

  /** The year of the reference (the year to fall back to when an inferred time is too late). */
  get referenceYear(): number {
    return new Date(this.reference).getFullYear();
  }

  yearFor(month: number, day: number): number {
    if (this.lastMonth === 0) {
      if (this.explicitYear !== undefined) {
        this.year = this.explicitYear;
      } else {
        const ref = new Date(this.reference);
        const refMonth = ref.getMonth() + 1;
        const future = month > refMonth || (month === refMonth && day > ref.getDate() + 1);
        this.year = ref.getFullYear() - (future ? 1 : 0);
      }
      this.lastMonth = month;
      return this.year;
    }
    if (month >= this.lastMonth) {
      if (month > this.lastMonth + 6) return this.year - 1;
      this.lastMonth = month;
      return this.year;
    }
    if (month <= this.lastMonth - 9) {
      this.year += 1;
      this.lastMonth = month;
    }
    return this.year;
  }
}

/**
 * Converts classic stamps to epoch ms in local time. Caches per minute: a busy log has many
 * lines per minute, and `new Date(y, m, ...)` is the expensive part.
 */
export class SyslogClock {
  private cacheKey = '';
  private cacheBase = 0;

  constructor(private readonly years: YearTracker) {}

  /** Epoch ms of the stamp at `start` in `s`, or NaN. */
  time(s: string, start = 0): number {
    const key = this.cacheKey;
    if (key !== '' && sameAt(s, start, key)) {
      // The key is `Mmm dd hh:mm` (or `Mmm d hh:mm`): the seconds follow its colon.
      const sec = two(s, start + key.length + 1);
      return sec >= 0 && sec <= 60 ? this.cacheBase + sec * 1000 : NaN;
    }
    const p = parseSyslogParts(s, start);
    if (p === null) return NaN;
    const year = this.years.yearFor(p.month, p.day);
    let base = new Date(year, p.month - 1, p.day, p.hour, p.minute, 0, 0).getTime();
    const latest = this.years.latest;
    if (base > latest) {
      // Never after the file was written: the year inferred from the lines overshot.
      const back = Math.min(year - 1, this.years.referenceYear);
      base = new Date(back, p.month - 1, p.day, p.hour, p.minute, 0, 0).getTime();
      if (base > latest) base = new Date(back - 1, p.month - 1, p.day, p.hour, p.minute, 0, 0).getTime();
    }
    this.cacheKey = s.slice(start, start + syslogStampLength(s, start) - 3);
    this.cacheBase = base;
    return base + p.second * 1000;
  }
}

/**
 * Parses an ISO 8601 / RFC 3339 stamp occupying `s[start, end)`: `YYYY-MM-DD[T ]hh:mm[:ss[.f+]]`
 * followed by nothing (local time), `Z`, `+hh:mm`, `+hhmm` or `+hh`. Returns epoch ms or NaN.
 */
export function parseIsoTime(s: string, start = 0, end = s.length): number {
  if (end - start < 16) return NaN;
  if (s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45 || s.charCodeAt(start + 13) !== 58) return NaN;
  const sep = s.charCodeAt(start + 10);
  if (sep !== 84 && sep !== 32 && sep !== 116) return NaN; // 'T', ' ', 't' (RFC 3339 section 5.6 NOTE)
  const year = two(s, start) * 100 + two(s, start + 2);
  const month = two(s, start + 5);
  const day = two(s, start + 8);
  const hour = two(s, start + 11);
  const minute = two(s, start + 14);
  let i = start + 16;
  let second = 0;
  let ms = 0;
  if (i < end && s.charCodeAt(i) === 58) {
    second = two(s, i + 1);
    i += 3;
    if (i < end && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
      // Fraction of any length (rsyslog: 6 digits); keep milliseconds.
      i++;
      let scale = 100;
      while (i < end) {
        const d = digit(s, i);
        if (Number.isNaN(d)) break;
        ms += d * scale;
        scale /= 10;
        i++;
      }
      ms = Math.floor(ms);
    }
  }
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 60)) return NaN;
  if (i === end) return new Date(year, month - 1, day, hour, minute, second, ms).getTime();
  const z = s.charCodeAt(i);
  let offsetMin = 0;
  if (z === 90 || z === 122) {
    if (i + 1 !== end) return NaN;
  } else if (z === 43 || z === 45) {
    const oh = two(s, i + 1);
    let om = 0;
    const rest = end - (i + 3);
    if (rest === 3 && s.charCodeAt(i + 3) === 58) om = two(s, i + 4);
    else if (rest === 2) om = two(s, i + 3);
    else if (rest !== 0) return NaN;
    if (Number.isNaN(oh) || Number.isNaN(om)) return NaN;
    offsetMin = (oh * 60 + om) * (z === 45 ? -1 : 1);
  } else {
    return NaN;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return utc - offsetMin * 60_000;
}

/**
 * ISO stamps with a per-minute cache (rsyslog writes a new fraction on every line, but the
 * date, hour, minute and zone repeat).
 */
export class IsoClock {
  private cacheKey = '';
  private cacheZone = '';
  private cacheBase = 0;

  time(s: string, start: number, end: number): number {
    // Fast path: same `YYYY-MM-DDThh:mm:` and same zone suffix as the previous stamp.
    if (end - start >= 19 && s.charCodeAt(start + 16) === 58 && this.cacheKey !== '' && sameAt(s, start, this.cacheKey)) {
      let zi = start + 19;
      let frac = 0;
      if (zi < end && (s.charCodeAt(zi) === 46 || s.charCodeAt(zi) === 44)) {
        zi++;
        let scale = 100;
        while (zi < end) {
          const d = digit(s, zi);
          if (Number.isNaN(d)) break;
          frac += d * scale;
          scale /= 10;
          zi++;
        }
      }
      if (end - zi === this.cacheZone.length && sameAt(s, zi, this.cacheZone)) {
        const sec = two(s, start + 17);
        if (sec >= 0 && sec <= 60) return this.cacheBase + sec * 1000 + Math.floor(frac);
      }
    }
    const t = parseIsoTime(s, start, end);
    if (!Number.isNaN(t) && end - start >= 19 && s.charCodeAt(start + 16) === 58) {
      // Cache the minute: recompute the stamp with seconds and fraction zeroed.
      let zi = start + 19;
      if (zi < end && (s.charCodeAt(zi) === 46 || s.charCodeAt(zi) === 44)) {
        zi++;
        while (zi < end && !Number.isNaN(digit(s, zi))) zi++;
      }
      const zone = s.slice(zi, end);
      const base = parseIsoTime(`${s.slice(start, start + 17)}00${zone}`);
      if (!Number.isNaN(base)) {
        this.cacheKey = s.slice(start, start + 17);
        this.cacheZone = zone;
        this.cacheBase = base;
      }
    }
    return t;
  }
}

/**
 * Parses a --since/--until value: an ISO date or date-time (local time unless it has a zone),
 * or a duration before `now` such as `90m`, `24h`, `7d`. Returns epoch ms or NaN.
 */
export function parseTimeArgument(value: string, now: number): number {
  const v = value.trim();
  const dur = /^(\d+)\s*([smhdw])$/.exec(v);
  if (dur) {
    const n = Number(dur[1]);
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[dur[2] as 's' | 'm' | 'h' | 'd' | 'w'];
    return now - n * unit;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return parseIsoTime(`${v}T00:00`);
  return parseIsoTime(v);
}

/** ISO 8601 UTC text of epoch ms, or null for NaN (a stamp that could not be read). */
export function isoTime(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
