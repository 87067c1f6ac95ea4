/**
 * The per-host pacer: applies the pure decisions of pacing.ts with a clock. Every connection to
 * a host takes a slot from it (Connector.open), and reports how the server took it; the slot is
 * freed when the connection closes. One pacer per address can be shared by every scan of that
 * address in one process (sharedHostPacer), so that what one scan learnt (a concurrency limit, a
 * rate) holds for the others: audit and check scan several ports or names of one address.
 */
import { MailtlsError, type Place } from '../errors.js';
import { PacingPolicy, type PacingConfig, type PacingSummary, type PushBack } from './pacing.js';

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** The time budget ran out: waiting for the server's pace would end after the deadline. */
export class PatienceError extends MailtlsError {
  constructor(message: string, place: Place) {
    // ETIMEOUT: the registry's code for "the peer did not answer in time" (src/errors.ts).
    super('ETIMEOUT', message, { place });
  }
}

export function isPatienceError(err: unknown): err is PatienceError {
  return err instanceof PatienceError;
}

/** How a scan measures its waiting: wall time while at least one of its starts was held back. */
export class WaitMeter {
  private holding = 0;
  private since = 0;
  private total = 0;
  begin(now: number): void {
    if (this.holding++ === 0) this.since = now;
  }
  end(now: number): void {
    if (--this.holding === 0) this.total += now - this.since;
  }
  get waitedMs(): number {
    return this.total;
  }
}

export interface PacerSlot {
  /** The server greeted (and took the preamble) in `greetMs`, null when not measured. */
  accepted(greetMs: number | null): void;
  /** The server refused, reset or stayed silent before the greeting; `detail` goes to the report. */
  refused(kind: PushBack, detail: string): void;
  /** Frees the slot (the connection closed); idempotent. */
  release(): void;
}

export class HostPacer {
  readonly policy: PacingPolicy;
  /** Slots taken: connections open or opening, and closed ones still lingering (PacingPolicy.lingerMs). */
  private inFlight = 0;
  private lingering = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly key: string, cfg: Partial<PacingConfig> & { maxConnections: number }, private readonly clock: PacerClock = realClock) {
    this.policy = new PacingPolicy(cfg);
  }

  get open(): number {
    return this.inFlight;
  }

  summary(): PacingSummary {
    return this.policy.summary();
  }

  /**
   * A slot once the concurrency and the pace allow. Rejects with PatienceError when the wait
   * would end after `deadline` (epoch ms): the caller then reports the probe as not run.
   */
  async acquire(deadline: number, place: Place, meter?: WaitMeter): Promise<PacerSlot> {
    for (;;) {
      if (this.inFlight >= this.policy.limit) {
        await new Promise<void>((resolve) => this.queue.push(resolve));
        continue;
      }
      const now = this.clock.now();
      const wait = this.policy.waitMs(now);
      if (wait <= 0) break;
      if (now + wait > deadline) {
        // Whoever queued behind this one must hear the same answer (or take the slot).
        queueMicrotask(() => this.pump());
        throw new PatienceError(`the time budget ran out: the server's pace asks for ${Math.ceil(wait / 1000)} s more before the next connection`, place);
      }
      meter?.begin(now);
      try {
        await this.clock.sleep(wait);
      } finally {
        meter?.end(this.clock.now());
      }
    }
    this.inFlight++;
    const startedAt = this.clock.now();
    this.policy.started(startedAt);
    let released = false;
    return {
      accepted: (greetMs) => {
        this.policy.accepted(this.clock.now(), greetMs, startedAt);
        this.pump();
      },
      refused: (kind, detail) => {
        // Others still open: slots held only for the linger are closed on our side already.
        const others = this.inFlight - this.lingering - (released ? 0 : 1);
        this.policy.refused(this.clock.now(), Math.max(0, others), kind, detail);
      },
      release: () => {
        if (released) return;
        released = true;
        const linger = this.policy.lingerMs;
        if (linger <= 0) {
          this.inFlight--;
          this.pump();
          return;
        }
        this.lingering++;
        setTimeout(() => {
          this.lingering--;
          this.inFlight--;
          this.pump();
        }, linger);
      },
    };
  }

  private pump(): void {
    let free = this.policy.limit - this.inFlight;
    while (free > 0 && this.queue.length > 0) {
      this.queue.shift()?.();
      free--;
    }
  }
}

const shared = new Map<string, HostPacer>();

/**
 * The one pacer of an address in this process (created with `cfg` on first use; later callers
 * share it as it is). Keyed by address, not port: a server's limits are per client address
 * (Postfix anvil counts per service, other servers per host, so the stricter view is kept).
 */
export function sharedHostPacer(address: string, cfg: Partial<PacingConfig> & { maxConnections: number }): HostPacer {
  let p = shared.get(address);
  if (!p) {
    p = new HostPacer(address, cfg);
    shared.set(address, p);
  }
  return p;
}
