/**
 * What every probe of one scan shares: the connector (per-host limit, pacing, the connection
 * count), the SMTP preamble with back-off on 421/450, the per-probe error list, and the facts
 * that probes observe on the side (certificates, DH sizes, extensions).
 */
import { toMailtlsError, type MailtlsError } from '../errors.js';
import { Connector, probeSource } from '../net/tcp.js';
import { isPatienceError, type HostPacer } from '../net/host-pacer.js';
import type { PushBack } from '../net/pacing.js';
import type { StreamTransport } from '../net/transport.js';
import type { SmtpPlaintext } from '../smtp/client.js';
import type { MailboxCapabilities, MailProtocol } from '../mailbox/types.js';
import { startTlsPreamble, type AppProtocol } from './preamble.js';
import type { PacingReport, ProbeError, UnfinishedProbe } from './types.js';
import { PROBE_MAX_BYTES } from './handshake.js';
import type { TrustStore } from './trust-store.js';
import { SCAN_DEFAULTS } from './defaults.js';

export interface ScanTarget {
  /** As the user wrote it (name or address, no brackets). */
  readonly host: string;
  readonly port: number;
  /** true: SMTP STARTTLS first; false: TLS from the first byte (port 465). */
  readonly starttls: boolean;
  /**
   * What the service is for, which sets how severe findings are: `mx` (server-to-server,
   * opportunistic TLS, RFC 3207) or `submission` (mail clients, TLS required: RFC 8314).
   * Default: submission for port 587 and for implicit TLS (465), mx otherwise; see targetRole().
   */
  readonly role?: ScanRole;
  /**
   * Connect to this address while `host` stays the name: SNI and the certificate's name check
   * use the name (`mailtls check` scans each address of an MX host by the MX name).
   */
  readonly address?: string;
  /**
   * The application protocol: STARTTLS is spoken in it, and with implicit TLS it is spoken over
   * TLS. Default smtp; see protocolForPort() in preamble.ts for the choice by port.
   */
  readonly protocol?: AppProtocol;
}

export type ScanRole = 'mx' | 'submission';

/**
 * The role a target is judged as: as given, else submission for 587, implicit TLS and the
 * mailbox protocols (mail clients and their passwords: RFC 8314), else mx.
 */
export function targetRole(target: ScanTarget): ScanRole {
  return target.role ?? (target.port === 587 || !target.starttls || (target.protocol ?? 'smtp') !== 'smtp' ? 'submission' : 'mx');
}

/** The mailbox protocol of a target, or null for SMTP. */
export function mailboxProtocol(target: ScanTarget): MailProtocol | null {
  const p = target.protocol ?? 'smtp';
  return p === 'smtp' ? null : p;
}

export interface ScanOptions {
  /** Read and connect timeout per step, ms. */
  readonly timeoutMs: number;
  /**
   * How long to wait for the complete SMTP greeting: postscreen holds the rest of a `220-`
   * banner for postscreen_greet_wait (6 s by default) before the real smtpd answers.
   */
  readonly greetTimeoutMs: number;
  /** Most connections at once (--max-connections, alias --concurrency). */
  readonly concurrency: number;
  /** Connection starts per minute at most (--rate); the server may teach a lower one. */
  readonly ratePerMinute?: number;
  /**
   * The window over which the server counts connection starts, ms, when known (Postfix
   * anvil_rate_time_unit: the audit can read it from main.cf); default 60 s, anvil's default.
   */
  readonly rateWindowMs?: number;
  /**
   * How long the scan may wait for the server's pace (--patience), ms from its start: a
   * connection whose pause would end later is not made, and its probe is reported unfinished.
   */
  readonly patienceMs: number;
  /** The host's pacer when several scans share one (sharedHostPacer in src/net); default: the scan's own. */
  readonly pacer?: HostPacer;
  /** Minimum ms between connection starts. */
  readonly delayMs: number;
  readonly ehloName: string;
  /**
   * Retries of the first connection after 421/450 (and of any connection after a reset or
   * silence) before giving up; once the server has taken a connection, refusals are retried
   * while the patience lasts. The pauses are the pacer's (src/net/pacing.ts).
   */
  readonly retries: number;
  /** First back-off pause after a refusal, ms (doubles with each refusal in a row, with jitter). */
  readonly backoffMs: number;
  /** Judge certificate trust against this store instead of the system's (the system's plus --ca-file). */
  readonly trustStore?: TrustStore;
  /** Keep each certificate chain as sent (base64 DER) in the report, for DANE matching. */
  readonly keepChains?: boolean;
  /** Run the vulnerability probes that need connections of their own (src/scan/vulns/; `scan --vulns`). */
  readonly vulns?: boolean;
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = { ...SCAN_DEFAULTS };

/**
 * What a failed preamble says about the server's pace: a refusal (SMTP 421/450 at the greeting
 * or after a command, a 554 greeting that says it is busy, a mailbox BYE/-ERR/NO greeting), a
 * reset before the greeting, or silence; null when it says nothing about pace (no STARTTLS, a
 * protocol error).
 */
export function pushBackOf(e: MailtlsError): PushBack | null {
  if (e.code === 'ESMTP_421' || e.code === 'EMAILBOX_REFUSED') return 'refused';
  // Some servers refuse busy clients with 554 (RFC 5321 section 3.1 allows 554 in place of 220).
  if (e.code === 'ESMTP_REPLY' && /greeted with 554/.test(e.message) && /too many|connections|rate|busy|try again|later|limit/i.test(e.message)) return 'refused';
  if (e.code === 'ECONNRESET') return 'reset';
  if (e.code === 'ETIMEOUT' && !isPatienceError(e)) return 'silent';
  return null;
}

/**
 * Below this round trip (EHLO answered, or TCP connect for implicit TLS) the server counts as
 * near: loopback or LAN (loopback measures about 1 ms, our parsing included). Then waiting is
 * not what limits a scan, CPU is (ours and the server's: about 1 ms per probe each), so more
 * parallel chains and connections opened ahead only add connections (each chain ends with a
 * refused hello; a connection opened ahead of a chain that then ends is wasted) without saving
 * time. Any farther, each round trip saved is worth more than the CPU, so the scan keeps them.
 * (A TCP relay on this host in front of a far server, e.g. an SSH tunnel, answers the TCP
 * handshake itself: with STARTTLS the EHLO round trip still tells, with implicit TLS the scan
 * then runs as for a near server: same results, fewer connections, slower.)
 */
const NEAR_RTT_MS = 2;

/** Errors after which no further connection can succeed. */
const FATAL = new Set(['ECONNREFUSED', 'ENETWORK', 'ENOSTARTTLS', 'ESMTP_421', 'ESMTP_REPLY', 'ETIMEOUT', 'EMAILBOX_REFUSED', 'EMAILBOX_REPLY', 'EMAILBOX_PROTOCOL']);

/** Timed-out probes retried per scan, once each, on a server that has answered before. */
const TIMEOUT_RETRIES = 3;

/** Words of a refusal about the client's pace (Postfix smtpd.c: "Error: too many connections from"). */
const SAYS_PACE = /too many connections|connection rate|rate limit|too many (?:sessions|concurrent)/i;

/** Temporary refusals: back off and retry (SMTP 421/450; a BYE, -ERR or NO greeting). */
const RETRIED = new Set(['ESMTP_421', 'EMAILBOX_REFUSED']);

export class ScanContext {
  readonly connector: Connector;
  readonly errors: ProbeError[] = [];
  /** Probes that could not run (no connection within the scan's patience, or refused), first reason each. */
  readonly unfinished: UnfinishedProbe[] = [];
  retries = 0;
  /** Epoch ms after which no wait for the server's pace may end (ScanOptions.patienceMs). */
  private readonly deadline: number;
  /** The server has taken a connection of this scan (through the preamble). */
  tookUs = false;
  /** A probe has completed: the server answers (see probe()). */
  private answered = false;
  private timeoutRetries = 0;
  injected: { bytes: number; sample: string } | null = null;
  firstPlaintext: SmtpPlaintext | null = null;
  /** IMAP/POP3/ManageSieve: the first connection's greeting and capabilities before TLS. */
  firstMailbox: { greeting: string; capabilities: MailboxCapabilities } | null = null;
  /** Set once the first connection failed in a way that dooms every other. */
  fatal: MailtlsError | null = null;
  private gate: Promise<void> | null = null;
  private gateOpen = false;
  private doneCount = 0;
  /**
   * Connections are produced (TCP, greeting, EHLO, STARTTLS) and handed to waiting probes in
   * order; one that nobody waits for goes to the pool. So a pooled connection exists only while
   * no probe waits, and a connection slot is never held by the pool while a probe is blocked.
   */
  private readonly pool: StreamTransport[] = [];
  private producing = 0;
  private readonly waiters: { resolve(t: StreamTransport): void; reject(err: unknown): void }[] = [];
  /** Probes in flight whose owner said another probe will follow. */
  private continuing = 0;
  private finished = false;
  /** Shortest round trip seen so far, ms (null until the first connection is up). */
  private rttMs: number | null = null;

  constructor(readonly target: ScanTarget, readonly options: ScanOptions, private readonly onProgress?: (done: number, label: string) => void) {
    this.deadline = Date.now() + options.patienceMs;
    this.connector = new Connector({
      host: target.host, port: target.port, timeoutMs: options.timeoutMs, concurrency: options.concurrency,
      delayMs: options.delayMs, maxBytes: PROBE_MAX_BYTES * 2, backoffMs: options.backoffMs,
      ...(options.ratePerMinute !== undefined ? { ratePerMinute: options.ratePerMinute } : {}),
      ...(options.rateWindowMs !== undefined ? { rateWindowMs: options.rateWindowMs } : {}),
      ...(options.pacer !== undefined ? { pacer: options.pacer } : {}),
      ...(probeSource(target.host) !== undefined ? { localAddress: probeSource(target.host) } : {}),
    });
  }

  get connections(): number {
    return this.connector.connections;
  }

  /** How the scan kept to the server's pace (the report's `pacing`). */
  pacing(): PacingReport {
    const s = this.connector.pacer.summary();
    return { waitedMs: this.connector.waitedMs, refusals: s.refusals, learnt: s.learnt, reasons: s.reasons };
  }

  /** True once a connection showed a near server (see NEAR_RTT_MS); false before. */
  get near(): boolean {
    return this.rttMs !== null && this.rttMs < NEAR_RTT_MS;
  }

  /** The shortest is the best estimate: a busy server or our own first, cold run only add to it. */
  private sawRoundTrip(ms: number): void {
    this.rttMs = this.rttMs === null ? ms : Math.min(this.rttMs, ms);
  }

  /**
   * A connection ready for a ClientHello: TCP, then for STARTTLS the greeting, EHLO and
   * STARTTLS. The first one goes alone, so a server that refuses, lacks STARTTLS or is
   * overloaded costs one connection, not a hundred.
   */
  private throwIfFatal(): void {
    const fatal = this.fatal;
    if (fatal) throw fatal;
  }

  async openChannel(): Promise<StreamTransport> {
    this.throwIfFatal();
    if (!this.gateOpen) {
      if (this.gate) {
        await this.gate;
        this.throwIfFatal();
      } else {
        let open!: () => void;
        this.gate = new Promise<void>((r) => { open = r; });
        try {
          const t = await this.openWithRetry();
          this.gateOpen = true;
          return t;
        } catch (err) {
          const e = toMailtlsError(err, 'ENETWORK', this.target);
          if (FATAL.has(e.code)) this.fatal = e;
          throw e;
        } finally {
          this.gateOpen = true;
          open();
        }
      }
    }
    for (let warm = this.pool.pop(); warm; warm = this.pool.pop()) {
      if (!warm.stream.destroyed && !warm.stream.readableEnded) return warm;
      warm.close(); // the server gave up on it while it waited
    }
    return new Promise<StreamTransport>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (this.producing < this.waiters.length) this.produce();
    });
  }

  private produce(): void {
    this.producing++;
    this.openWithRetry().then((t) => {
      this.producing--;
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(t);
      else if (this.finished) t.close();
      else this.pool.push(t);
    }, (err: unknown) => {
      this.producing--;
      // a failed prewarm nobody waited for is dropped; a waiting probe gets the error
      this.waiters.shift()?.reject(err);
    });
  }

  /**
   * Starts bringing a connection up to the ClientHello point (TCP, greeting, EHLO, STARTTLS)
   * while a probe's hello is still in flight, when that probe's chain will certainly need
   * another connection. A chain then waits for one round trip per suite plus what is left of
   * the SMTP dialogue, and the number of connections does not change: only when they open.
   * Not for a near server: there the round trips cost little, and a connection opened for a
   * chain that then ends is one more connection for nothing.
   */
  private prewarm(): void {
    if (this.fatal || this.finished || !this.gateOpen || this.near) return;
    if (this.pool.length + this.producing - this.waiters.length >= this.continuing) return;
    this.produce();
  }

  /** Closes connections nobody will use (they were counted when opened). */
  finish(): void {
    this.finished = true;
    for (const t of this.pool.splice(0)) t.close();
  }

  /**
   * A connection through the preamble. A refusal (421/450, a reset or silence before the
   * greeting) is reported to the pacer, which lowers the concurrency or learns a rate and
   * pauses; then the connection is tried again. The first connection is retried at most
   * `options.retries` times (a server that never took us may refuse for good); once the server
   * has taken a connection, refusals are its pace, and retries go on while the patience lasts.
   */
  private async openWithRetry(): Promise<StreamTransport> {
    for (let attempt = 0; ; attempt++) {
      const t = await this.connector.open(this.deadline);
      const started = Date.now();
      if (!this.target.starttls) {
        if (this.connector.fastestConnectMs !== null) this.sawRoundTrip(this.connector.fastestConnectMs);
        this.connector.accepted(t, null);
        this.tookUs = true;
        return t;
      }
      try {
        const plain = await startTlsPreamble(this.target.protocol ?? 'smtp', t, this.options, {
          smtp: (banner, capabilities) => { this.firstPlaintext ??= { banner, capabilities, injected: null }; },
          mailbox: (greeting, capabilities) => { this.firstMailbox ??= { greeting, capabilities }; },
        });
        if (plain.injected && !this.injected) this.injected = plain.injected;
        if (plain.rttMs !== undefined) this.sawRoundTrip(plain.rttMs);
        this.connector.accepted(t, Date.now() - started);
        this.tookUs = true;
        return t;
      } catch (err) {
        const e = toMailtlsError(err, 'ENETWORK', this.target);
        const kind = pushBackOf(e);
        if (kind !== null) this.connector.refused(t, kind, e.message);
        t.close();
        // Before any connection was taken, only the refusals Postfix anvil and postscreen use
        // for "too often" (421/450, a mailbox BYE) are retried, a few times: a reset or silence
        // on the first connection is the server's answer (a tarpit, a firewall).
        // A first refusal that says why ("too many connections": anvil's rate window, spent by an
        // earlier scan) is the server's pace too, and is waited out while the patience lasts.
        const paced = this.gateOpen || (kind === 'refused' && SAYS_PACE.test(e.message));
        // A reset or silence is retried only a few times: a tarpit or a broken server stays so,
        // and would otherwise hold the scan for all its patience.
        const retry = paced ? kind === 'refused' || (kind !== null && attempt < this.options.retries) : RETRIED.has(e.code) && attempt < this.options.retries;
        if (retry) {
          this.retries++;
          continue;
        }
        throw e;
      }
    }
  }

  /** A probe that got no connection (refused, out of patience): the report names it, with the first reason. */
  noteUnfinished(probe: string, e: MailtlsError): void {
    if (!this.unfinished.some((u) => u.probe === probe)) this.unfinished.push({ probe, reason: `${e.code}: ${e.message}` });
  }

  /**
   * The full session's connection was refused by a server that took other connections of this
   * scan (its pace; the patience ran out): the session's facts are unknown, the scan is not void.
   * Records the probe as unfinished and returns true; false when the refusal voids the scan.
   */
  sessionRefusedLate(probe: string, e: MailtlsError): boolean {
    if (!this.tookUs || this.fatal !== null) return false;
    this.errors.push({ probe, code: e.code, message: e.message });
    this.noteUnfinished(probe, e);
    return true;
  }

  /**
   * Runs one connection's worth of probing; errors are recorded with the probe's name and rethrown.
   * A probe that times out on a server that has answered earlier probes is tried once more (at
   * most TIMEOUT_RETRIES per scan): a busy server (every smtpd process taken, a loaded machine)
   * leaves one connection waiting in its listen queue, and one lost answer would otherwise read
   * as a missing suite. A server that never answered is not retried: that is a tarpit's way.
   */
  async probe<T>(name: string, fn: (t: StreamTransport) => Promise<T>, more = false): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let t: StreamTransport | undefined;
      let opened = false;
      if (more) this.continuing++;
      try {
        t = await this.openChannel();
        opened = true;
        if (more) this.prewarm();
        const out = await fn(t);
        this.answered = true;
        return out;
      } catch (err) {
        const e = toMailtlsError(err, 'ETLS_PROTOCOL', this.target);
        if (e.code === 'ETIMEOUT' && !isPatienceError(e) && attempt === 0 && this.answered && this.timeoutRetries < TIMEOUT_RETRIES) {
          this.timeoutRetries++;
          this.retries++;
          continue;
        }
        this.errors.push({ probe: name, code: e.code, message: e.message });
        if (!opened) this.noteUnfinished(name, e);
        throw e;
      } finally {
        if (more) this.continuing--;
        t?.close();
        this.doneCount++;
        this.onProgress?.(this.doneCount, name);
      }
    }
  }
}
