/**
 * Per-host connection limiter. Mail servers count concurrent connections per client (Postfix
 * anvil: smtpd_client_connection_count_limit, default 50) and answer 421 past it, and some MXs
 * allow only a handful (sslyze #146: Courier, 4). So the limit starts small and grows by one
 * for each connection the server accepted, up to `max` (additive increase); a refusal or a 421
 * halves it (multiplicative decrease), like TCP congestion control.
 */
export class ConnectionLimiter {
  private active = 0;
  private current: number;
  private max: number;
  private readonly waiting: (() => void)[] = [];

  constructor(max: number, initial = max) {
    this.max = Math.max(1, max);
    this.current = Math.max(1, Math.min(initial, this.max));
  }

  get limit(): number {
    return this.current;
  }

  get inUse(): number {
    return this.active;
  }

  /** Resolves with a release function once a slot is free. */
  async acquire(): Promise<() => void> {
    while (this.active >= this.current) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.pump();
    };
  }

  /** The server took a connection well: allow one more at once. */
  succeeded(): void {
    if (this.current < this.max) {
      this.current++;
      this.pump();
    }
  }

  /**
   * The server pushed back (421, 450): halve the concurrency, and never again go above the
   * number of connections that were open when it did (about its per-client limit, e.g.
   * Postfix smtpd_client_connection_count_limit).
   */
  pushedBack(): void {
    this.max = Math.max(1, Math.min(this.max, this.active));
    this.current = Math.max(1, Math.min(this.max, Math.floor(this.current / 2)));
  }

  private pump(): void {
    let free = this.current - this.active;
    while (free > 0 && this.waiting.length > 0) {
      this.waiting.shift()?.();
      free--;
    }
  }
}

/** Keeps connection starts at least `delayMs` apart (--delay, for tarpitting servers). */
export class Pacer {
  private next = 0;
  constructor(private readonly delayMs: number) {}

  async wait(): Promise<void> {
    if (this.delayMs <= 0) return;
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.delayMs;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
}
