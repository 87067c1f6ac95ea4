/**
 * The running counters of the log report, per service, per (service, client) and per relay,
 * and their JSON summaries (report.ts). Classes, so that every instance has one shape: the hot
 * path (Aggregator.session/delivery) updates fields, never adds them.
 */
import { gradeCipher } from './ciphers.js';
import type { ClientSummary, Direction, RelaySummary, ServiceSummary, TlsCounts } from './report.js';
import { Tally } from './tally.js';
import { isoTime } from './timestamp.js';

/** Protocols older than these are "legacy" in the report. */
const MODERN = new Set(['TLSv1.2', 'TLSv1.3']);

/** A protocol older than TLS 1.2, or a cipher graded below high (unknown names are not held against it). */
export function isLegacy(protocol: string, cipher: string): boolean {
  if (!MODERN.has(protocol)) return true;
  const g = gradeCipher(cipher).grade;
  return g !== 'high' && g !== 'unknown';
}

/**
 * The counts of TLS use shared by services, clients and relays (TlsCounts in the JSON). The
 * tallies are always there, so the counting needs no null checks; they are cheap until used
 * (their maps are made on first use, as most clients only ever fill one or two).
 */
export class Counts {
  private readonly protocolTally = new Tally();
  private readonly cipherTally = new Tally();
  private readonly reasonTally = new Tally();
  plaintext = 0;
  failures = 0;
  tlsUnlogged = 0;
  unknown = 0;

  addTls(protocol: string, cipher: string): void {
    this.protocolTally.add(protocol);
    this.cipherTally.add(cipher);
  }
  addFailure(reason: string, n = 1): void {
    this.failures += n;
    this.reasonTally.add(reason, n);
  }
  /** Adds another's counts into this one (folding clients together). */
  absorb(o: Counts): void {
    this.protocolTally.addAll(o.protocolTally);
    this.cipherTally.addAll(o.cipherTally);
    this.reasonTally.addAll(o.reasonTally);
    this.plaintext += o.plaintext;
    this.failures += o.failures;
    this.tlsUnlogged += o.tlsUnlogged;
    this.unknown += o.unknown;
  }
  /** The JSON form, the protocol tally under `key` (services: `tls`; clients, relays: `protocols`). */
  tlsCounts<P extends 'tls' | 'protocols'>(key: P): TlsCounts<P> {
    const protocols = { [key]: this.protocolTally.toRecord() } as { [K in P]: Record<string, number> };
    return {
      ...protocols,
      ciphers: this.cipherTally.toRecord(),
      plaintext: this.plaintext,
      failures: this.failures,
      failureReasons: this.reasonTally.toRecord(),
      tlsUnlogged: this.tlsUnlogged,
      unknown: this.unknown,
    };
  }
}

export class ServiceState extends Counts {
  sessions = 0;
  authenticated = 0;
  authWithoutTls = 0;
  authOkWithoutTls = 0;
  authRefusedWithoutTls = 0;
  incomplete = 0;
  readonly clients = new Map<string, ClientState>();
  readonly relays = new Map<string, RelayState>();
  constructor(readonly name: string, readonly direction: Direction) {
    super();
  }

  summary(): ServiceSummary {
    return {
      name: this.name, direction: this.direction, sessions: this.sessions, ...this.tlsCounts('tls'),
      authenticated: this.authenticated, authWithoutTls: this.authWithoutTls,
      authOkWithoutTls: this.authOkWithoutTls, authRefusedWithoutTls: this.authRefusedWithoutTls, incomplete: this.incomplete,
      peers: this.direction === 'inbound' ? this.clients.size : this.relays.size,
    };
  }
}

export class ClientState extends Counts {
  sessions = 0;
  authenticated = 0;
  authWithoutTls = 0;
  authOkWithoutTls = 0;
  authRefusedWithoutTls = 0;
  readonly users: string[] = [];
  legacy = false;
  legacySessions = 0;
  legacyLastTime = NaN;
  constructor(readonly client: string, readonly service: string, public firstTime: number, public lastTime: number) {
    super();
  }

  /** Folds another client of the same service into this one (`(other clients)`). */
  fold(c: ClientState): void {
    this.absorb(c);
    this.sessions += c.sessions;
    this.authenticated += c.authenticated;
    if (c.firstTime < this.firstTime) this.firstTime = c.firstTime;
    if (c.lastTime > this.lastTime) this.lastTime = c.lastTime;
  }

  summary(): ClientSummary {
    return {
      client: this.client, service: this.service, sessions: this.sessions, ...this.tlsCounts('protocols'),
      authenticated: this.authenticated, authWithoutTls: this.authWithoutTls,
      authOkWithoutTls: this.authOkWithoutTls, authRefusedWithoutTls: this.authRefusedWithoutTls, users: this.users,
      firstSeen: isoTime(this.firstTime), lastSeen: isoTime(this.lastTime), legacy: this.legacy,
      legacySessions: this.legacySessions, legacyLastSeen: isoTime(this.legacyLastTime),
    };
  }
}

export class RelayState extends Counts {
  deliveries = 0;
  readonly statuses = new Tally();
  /** `protocol cipher` -> deliveries, for the outbound impact. */
  readonly suites = new Tally();
  /** Deliveries with neither a TLS line nor `tls=`: plaintext if the log has client TLS lines. */
  noTlsInfo = 0;
  lastTime = NaN;
  legacy = false;
  constructor(readonly relay: string, readonly service: string) {
    super();
  }

  summary(): RelaySummary {
    // Spelled out rather than spread: the relays' JSON has always had failures after unknown,
    // and byte-identical output keeps users' diffs of reports quiet.
    const c = this.tlsCounts('protocols');
    return {
      relay: this.relay, service: this.service, deliveries: this.deliveries, protocols: c.protocols, ciphers: c.ciphers,
      plaintext: c.plaintext, tlsUnlogged: c.tlsUnlogged, unknown: c.unknown, failures: c.failures,
      failureReasons: c.failureReasons, statuses: this.statuses.toRecord(), lastSeen: isoTime(this.lastTime), legacy: this.legacy,
    };
  }
}
