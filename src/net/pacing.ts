/**
 * Pacing that learns, as pure decisions: events in (a connection started, was accepted, was
 * refused), the allowed concurrency and the wait before the next start out. No timers, no
 * sockets: the clock is the `now` each call is given and jitter comes from an injected random
 * function, so every decision is unit-tested (pacing.test.ts). host-pacer.ts applies it.
 *
 * What servers do when a client comes too often, and what it teaches:
 * - Postfix anvil, smtpd_client_connection_count_limit (smtpd.c, smtpd_proto: anvil_clnt_connect
 *   counts the connection, then "421 4.7.0 Error: too many connections from ADDR" when the count
 *   is over the limit): a concurrency limit. Refused while others of ours were open, so the limit
 *   is at most what was open then; we never again go above it ("the number that worked").
 * - smtpd_client_connection_rate_limit (same reply text, anvil.c counts every connection in a
 *   window of anvil_rate_time_unit, 60 s by default, refused ones included): refused while
 *   nothing else of ours was open, so it is a rate. Our starts in the last window, less this
 *   one, are the rate the server allows; starts are then spaced (30/min: one every 2 s and a
 *   margin) and no start goes while the last window already holds that many.
 * - Resets and silence before the greeting (a server at its process limit leaves connections in
 *   the listen queue; some firewalls reset): treated as refusals, without learning a rate.
 * - A late greeting (far slower than the fastest): the server is busy; halve the concurrency.
 * After a refusal the concurrency restarts at one and grows by one per accepted connection up
 * to the ceiling (TCP's slow start and additive increase).
 * Every refusal also pauses all starts, with exponential backoff and jitter, so that refusals
 * that arrive together do not all retry together.
 */

export type PushBack = 'refused' | 'reset' | 'silent';

export interface PacingConfig {
  /** Most connections at once (the user's --max-connections). */
  readonly maxConnections: number;
  /** The user's --rate, connection starts per minute; null: none until the server teaches one. */
  readonly ratePerMinute: number | null;
  /** The user's --delay: minimum ms between two starts. */
  readonly delayMs: number;
  /** First pause after a refusal, ms; it doubles with each refusal in a row. */
  readonly backoffMs: number;
  /** The longest pause after one refusal, ms. */
  readonly maxBackoffMs: number;
  /** The rate window, ms (anvil_rate_time_unit's default: 60 s). */
  readonly windowMs: number;
  /** In [0, 1): the jitter source (Math.random in use, fixed in tests). */
  readonly random: () => number;
}

export const DEFAULT_PACING: Omit<PacingConfig, 'maxConnections'> = {
  ratePerMinute: null, delayMs: 0, backoffMs: 1000, maxBackoffMs: 30_000, windowMs: 60_000, random: Math.random,
};

/** Spacing margin over the exact rate: anvil's window and ours do not start at the same instant. */
const RATE_MARGIN = 1.1;
/** A greeting this many times slower than the fastest, and over LATE_FLOOR_MS, is late. */
const LATE_FACTOR = 10;
const LATE_FLOOR_MS = 1000;
/**
 * How long a slot stays taken after its connection closed, once a concurrency limit is known.
 * Our close and the next connection travel the same path, so the gap is the server's own work
 * (smtpd reads the EOF, then tells anvil); on loopback 0 already kept a lab at its limit, and
 * 50 cost a limited scan half its time.
 */
const LINGER_MS = 10;
/** At most this many reasons are kept (the report lists them). */
const MAX_REASONS = 8;

export interface PacingSummary {
  readonly refusals: number;
  /** What the server taught; null where it taught nothing (or the user's own limit was never exceeded). */
  readonly learnt: { readonly maxConnections: number | null; readonly ratePerMinute: number | null };
  readonly reasons: string[];
}

export class PacingPolicy {
  private readonly cfg: PacingConfig;
  /** Never above this: the user's maximum, lowered by concurrency refusals. */
  private ceiling: number;
  /** Allowed now: at most the ceiling; halved by late greetings, grows back by one per accepted. */
  private current: number;
  private learntCeiling = false;
  /** Connection starts per window the server allows (learnt), or null. */
  private learntRate: number | null = null;
  private readonly starts: number[] = [];
  private lastStart: number | null = null;
  private pausedUntil = 0;
  private inARow = 0;
  private refusalCount = 0;
  private fastestGreetMs: number | null = null;
  private acceptedCount = 0;
  private linger = 0;
  private lastRefusal = -Infinity;
  private readonly reasonList: string[] = [];

  constructor(cfg: Partial<PacingConfig> & { maxConnections: number }) {
    this.cfg = { ...DEFAULT_PACING, ...cfg };
    this.ceiling = Math.max(1, Math.floor(this.cfg.maxConnections));
    this.current = this.ceiling;
  }

  /**
   * Ms a closed connection still holds its slot: 0 until the server showed a concurrency limit;
   * then the server may not have seen our close yet when the next connection arrives (smtpd
   * tells anvil at the end of its session), and would count both.
   */
  get lingerMs(): number {
    return this.linger;
  }

  /** Connections allowed in flight now. */
  get limit(): number {
    return this.current;
  }

  /** The rate in force (the user's or the learnt, whichever is lower), starts per window; null: none. */
  private get rate(): number | null {
    const user = this.cfg.ratePerMinute !== null ? (this.cfg.ratePerMinute * this.cfg.windowMs) / 60_000 : null;
    if (user === null) return this.learntRate;
    return this.learntRate === null ? user : Math.min(user, this.learntRate);
  }

  /** Minimum ms between two starts: --delay, and the rate spread evenly with a margin. */
  get spacingMs(): number {
    const rate = this.rate;
    const byRate = rate !== null ? Math.ceil((this.cfg.windowMs / rate) * RATE_MARGIN) : 0;
    return Math.max(this.cfg.delayMs, byRate);
  }

  private prune(now: number): void {
    while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - this.cfg.windowMs) this.starts.shift();
  }

  /** Ms to wait before the next connection may start (0: now). Concurrency is separate: see limit. */
  waitMs(now: number): number {
    let at = Math.max(now, this.pausedUntil);
    if (this.lastStart !== null) at = Math.max(at, this.lastStart + this.spacingMs);
    const rate = this.rate;
    if (rate !== null) {
      this.prune(now);
      // No start while the last window already holds `rate` starts: the oldest must age out first.
      const over = this.starts.length - Math.floor(rate) + 1;
      if (over > 0) at = Math.max(at, (this.starts[over - 1] ?? now) + this.cfg.windowMs);
    }
    return at - now;
  }

  started(now: number): void {
    this.lastStart = now;
    this.starts.push(now);
    this.prune(now);
  }

  /**
   * The server took a connection (greeting and, with STARTTLS, the preamble done) in `greetMs`.
   * `startedAt`: when that connection started; only one started after the last refusal shows
   * that the server takes more now (one that was already under way says nothing new).
   */
  accepted(now: number, greetMs: number | null, startedAt = now): void {
    this.inARow = 0;
    this.acceptedCount++;
    if (greetMs !== null) {
      const fastest = this.fastestGreetMs;
      this.fastestGreetMs = fastest === null ? greetMs : Math.min(fastest, greetMs);
      if (fastest !== null && greetMs > LATE_FLOOR_MS && greetMs > fastest * LATE_FACTOR) {
        this.current = Math.max(1, Math.floor(this.current / 2));
        this.reason(`late greeting (${Math.round(greetMs)} ms, fastest ${Math.round(fastest)} ms)`);
        return;
      }
    }
    if (this.current < this.ceiling && startedAt >= this.lastRefusal) this.current++;
  }

  /**
   * The server refused a connection (or reset it, or stayed silent) while `othersOpen` other
   * connections of ours were open or opening. `detail`: the reply or error, for the report.
   */
  refused(now: number, othersOpen: number, kind: PushBack, detail: string): void {
    this.refusalCount++;
    this.lastRefusal = now;
    // Refusals of connections that started together arrive together: one step of backoff for
    // all those that arrive while the pause they caused still runs.
    if (now >= this.pausedUntil) this.inARow++;
    this.reason(kind === 'refused' ? detail : kind === 'reset' ? `connection reset before the greeting: ${detail}` : `no greeting: ${detail}`);
    if (othersOpen > 0) {
      // A concurrency limit: at most what was open then (our count lags the server's by the
      // connections it has not seen close yet, so the next refusal lowers it once more).
      this.ceiling = Math.max(1, Math.min(this.ceiling, othersOpen));
      this.learntCeiling = true;
      this.linger = LINGER_MS;
    } else if (kind === 'refused' && this.acceptedCount > 0) {
      // Alone and refused by a server that took us before: a rate (anvil counts the refused
      // connection too, hence the minus one). A server that never took us teaches nothing.
      this.prune(now);
      const seen = Math.max(1, this.starts.length - 1);
      this.learntRate = this.learntRate === null ? seen : Math.min(this.learntRate, seen);
    }
    // Slow start after every refusal: one connection, one more per accepted one (accepted()),
    // so the next refusal comes with about the server's limit open and sets the ceiling to it;
    // restarting at the ceiling would refuse again every connection that started together.
    this.current = 1;
    const backoff = Math.min(this.cfg.maxBackoffMs, this.cfg.backoffMs * 2 ** Math.min(Math.max(0, this.inARow - 1), 20));
    // Jitter in [0.75, 1.25): refusals that came together retry apart.
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.round(backoff * (0.75 + this.cfg.random() * 0.5)));
  }

  private reason(text: string): void {
    const t = text.length > 160 ? `${text.slice(0, 157)}...` : text;
    if (!this.reasonList.includes(t) && this.reasonList.length < MAX_REASONS) this.reasonList.push(t);
  }

  summary(): PacingSummary {
    const perMinute = this.learntRate !== null ? Math.max(1, Math.floor((this.learntRate * 60_000) / this.cfg.windowMs)) : null;
    return {
      refusals: this.refusalCount,
      learnt: { maxConnections: this.learntCeiling ? this.ceiling : null, ratePerMinute: perMinute },
      reasons: [...this.reasonList],
    };
  }
}
