/**
 * Aggregates sessions and deliveries into the `mailtls logs` report: plain data, rendered by
 * src/report/logs-text.ts and printed as is by --json. Bounded: per service, per (service,
 * client) and per relay counters, with caps on the number of distinct clients and relays.
 */
import type { MailtlsError } from '../errors.js';
import { gradeCipher } from './ciphers.js';
import { ImpactCollector, type ImpactReport } from './impact.js';
import type { Tightening } from './tightening.js';
import type { DeliveryRecord, HandshakeFailureRecord, SessionRecord, SessionSink } from './sessions.js';
import { isoTime } from './timestamp.js';
import { ownString } from './line.js';
import { isExcluded, type SessionExclusion } from './exclusion.js';
import type { MasterEvent } from './postfix-events.js';
import { SessionClasses, type SessionClass } from './session-classes.js';

/** master start/reload/stop lines kept, the latest. */
export const MAX_MASTER_EVENTS = 20;

export interface MasterLogEvent {
  readonly time: string | null;
  readonly event: MasterEvent['event'];
  readonly version: string | null;
  readonly configDir: string | null;
}

export const MAX_CLIENTS = 10_000;
const OTHER_CLIENTS = '(other clients)';
export const MAX_RELAYS = 10_000;
export const MAX_WARNINGS = 50;
/** Protocols older than this are "legacy" in the report. */
const MODERN = new Set(['TLSv1.2', 'TLSv1.3']);

export type Direction = 'inbound' | 'outbound';

export interface ServiceSummary {
  readonly name: string;
  readonly direction: Direction;
  /** smtpd: connections; smtp/lmtp: deliveries plus failed handshakes. */
  sessions: number;
  /** Sessions with TLS, by protocol as Postfix logs it (TLSv1, TLSv1.1, TLSv1.2, TLSv1.3). */
  tls: Record<string, number>;
  ciphers: Record<string, number>;
  /** Sessions without TLS. */
  plaintext: number;
  /** Failed TLS handshakes. */
  failures: number;
  failureReasons: Record<string, number>;
  /** TLS was used but the log does not say which (smtpd_tls_loglevel = 0). */
  tlsUnlogged: number;
  /** Neither TLS nor plaintext can be told (incomplete sessions, old formats at loglevel 0). */
  unknown: number;
  /** Sessions that authenticated (SASL). */
  authenticated: number;
  /** Sessions that authenticated, or tried to, without TLS: passwords in clear text. */
  authWithoutTls: number;
  /** Sessions whose disconnect line was not in the log. */
  incomplete: number;
  /** Distinct clients (inbound) or relays (outbound). */
  peers: number;
}

export interface ClientSummary {
  readonly client: string;
  readonly service: string;
  sessions: number;
  protocols: Record<string, number>;
  ciphers: Record<string, number>;
  plaintext: number;
  failures: number;
  failureReasons: Record<string, number>;
  tlsUnlogged: number;
  unknown: number;
  authenticated: number;
  authWithoutTls: number;
  /** SASL user names seen (at most 5). */
  users: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  /** Used a protocol older than TLS 1.2 or a cipher below the high grade. */
  legacy: boolean;
  /** Sessions with such a protocol or cipher, and the last of them. */
  legacySessions: number;
  legacyLastSeen: string | null;
}

export interface RelaySummary {
  readonly relay: string;
  readonly service: string;
  deliveries: number;
  protocols: Record<string, number>;
  ciphers: Record<string, number>;
  plaintext: number;
  tlsUnlogged: number;
  unknown: number;
  /** Failed TLS handshakes to this peer (`SSL_connect error`). */
  failures: number;
  failureReasons: Record<string, number>;
  statuses: Record<string, number>;
  lastSeen: string | null;
  legacy: boolean;
}

export interface Notice {
  readonly code: 'TLS_NOT_LOGGED' | 'CLIENT_TLS_NOT_LOGGED' | 'NO_POSTFIX_LINES' | 'INCOMPLETE_INPUT';
  readonly message: string;
  /** The command that fixes it, when there is one. */
  readonly fix?: string;
}

export interface FileSummary {
  readonly name: string;
  readonly lines: number;
  readonly complete: boolean;
  readonly overlong: number;
  readonly binary: number;
}

/** What the STARTTLS counters of `disconnect` lines tell (Postfix 3.0+), with or without TLS logging. */
export interface StarttlsCounters {
  /** Sessions with a disconnect line that has counters. */
  sessions: number;
  /** starttls=1 (or more): TLS was started. */
  starttls: number;
  /** starttls=0/N: every STARTTLS failed. */
  failed: number;
  /** No starttls= at all: the client never asked (plaintext, or wrapper-mode TLS). */
  none: number;
}

export interface LogReport {
  /** Every line read, in all files. */
  lines: number;
  /**
   * Lines not understood: not syslog lines at all, smtpd/smtp/lmtp lines that no parser took and
   * that are not known bookkeeping (see isKnownNoise in analyze.ts), binary and overlong lines.
   */
  unparsed: number;
  from: string | null;
  to: string | null;
  files: FileSummary[];
  postfixVersion: string | null;
  /** Whether the log holds TLS summary lines: smtpd_tls_loglevel / smtp_tls_loglevel >= 1. */
  tlsLogging: { inbound: boolean; outbound: boolean };
  services: ServiceSummary[];
  clients: ClientSummary[];
  outbound: RelaySummary[];
  starttlsCounters: StarttlsCounters;
  postscreen: { connections: number; passed: number; rejected: number } | null;
  notices: Notice[];
  impact: ImpactReport | null;
  filters: { since: string | null; until: string | null; services: string[] };
  warnings: ReturnType<MailtlsError['toJSON']>[];
  warningsOmitted: number;
  /** Clients folded into `(other clients)` to bound memory (see Aggregator.compact). */
  clientsMerged: number;
  /** The latest master start/reload/stop lines (at most MAX_MASTER_EVENTS), oldest first. */
  master: MasterLogEvent[];
  /** Sessions left out (AnalyzeOptions.exclude): how many, per service, and why. */
  exclusion: { readonly why: string; sessions: number; byService: Record<string, number> } | null;
  /** Inbound sessions grouped for judging policies afterwards (AnalyzeOptions.sessionClasses). */
  sessionClasses?: SessionClass[];
  /** Classes counted under `(other clients)` because the class table was full. */
  sessionClassesFolded?: number;
}

/**
 * A counter keyed by name: a Map (dynamic object keys are slow to update in bulk) of boxed
 * counts, so that counting a known key is one lookup, not a get and a set.
 */
export class Tally implements Iterable<[string, number]> {
  /** Distinct keys kept; more (only hostile logs have them) are counted under `(other)`. */
  static readonly MAX_KEYS = 1000;
  /** Made on first use: most tallies of most clients stay empty. */
  private counts: Map<string, { n: number }> | null = null;

  constructor(entries?: Iterable<readonly [string, number]>) {
    if (entries) for (const [k, v] of entries) this.add(k, v);
  }

  get size(): number {
    return this.counts?.size ?? 0;
  }

  get(key: string): number | undefined {
    return this.counts?.get(key)?.n;
  }

  add(key: string, n = 1): void {
    const counts = (this.counts ??= new Map<string, { n: number }>());
    const box = counts.get(key);
    if (box !== undefined) box.n += n;
    else if (counts.size < Tally.MAX_KEYS) counts.set(key, { n });
    else {
      const other = counts.get('(other)');
      if (other !== undefined) other.n += n;
      else counts.set('(other)', { n });
    }
  }

  *[Symbol.iterator](): IterableIterator<[string, number]> {
    if (this.counts) for (const [k, box] of this.counts) yield [k, box.n];
  }

  /** Plain object, largest counts first (ties by name): the JSON form. */
  toRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of [...this].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) out[k] = v;
    return out;
  }
}

function isLegacy(protocol: string, cipher: string): boolean {
  if (!MODERN.has(protocol)) return true;
  const g = gradeCipher(cipher).grade;
  return g !== 'high' && g !== 'unknown';
}

/**
 * Counters shared by services, clients and relays. Classes, so that every instance has one
 * shape. The tallies are always there, so the counting needs no null checks; they are cheap
 * until used (their maps are made on first use, as most clients only ever fill one or two).
 */
class Counts {
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
  get tls(): Record<string, number> {
    return this.protocolTally.toRecord();
  }
  get ciphers(): Record<string, number> {
    return this.cipherTally.toRecord();
  }
  get failureReasons(): Record<string, number> {
    return this.reasonTally.toRecord();
  }
  /** Adds another's counts into this one (folding clients together). */
  absorb(o: Counts): void {
    for (const [k, v] of o.protocolTally) this.protocolTally.add(k, v);
    for (const [k, v] of o.cipherTally) this.cipherTally.add(k, v);
    for (const [k, v] of o.reasonTally) this.reasonTally.add(k, v);
    this.plaintext += o.plaintext;
    this.failures += o.failures;
    this.tlsUnlogged += o.tlsUnlogged;
    this.unknown += o.unknown;
  }
}

class ServiceState extends Counts {
  sessions = 0;
  authenticated = 0;
  authWithoutTls = 0;
  incomplete = 0;
  readonly clients = new Map<string, ClientState>();
  readonly relays = new Map<string, RelayState>();
  constructor(readonly name: string, readonly direction: Direction) {
    super();
  }
}

class ClientState extends Counts {
  sessions = 0;
  authenticated = 0;
  authWithoutTls = 0;
  readonly users: string[] = [];
  legacy = false;
  legacySessions = 0;
  legacyLastTime = NaN;
  constructor(readonly client: string, readonly service: string, public firstTime: number, public lastTime: number) {
    super();
  }
}

class RelayState extends Counts {
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
}

export interface AggregatorOptions {
  readonly policies?: readonly Tightening[];
  readonly since?: number;
  readonly until?: number;
  readonly services?: readonly string[];
  readonly exclude?: SessionExclusion;
  readonly sessionClasses?: boolean;
}

/** True when `service` is selected by one of the --service values (exact, or a path component). */
export function serviceMatches(service: string, wanted: readonly string[]): boolean {
  if (wanted.length === 0) return true;
  return wanted.some((w) => service === w || service === `postfix/${w}` || `/${service}/`.includes(`/${w}/`));
}

export class Aggregator implements SessionSink {
  private readonly services = new Map<string, ServiceState>();
  private readonly impact: ImpactCollector | null;
  private readonly since: number;
  private readonly until: number;
  private readonly wanted: readonly string[];
  private readonly wantCache = new Map<string, boolean>();
  private clientCount = 0;
  private relayCount = 0;
  private clientsMerged = 0;
  private compactions = 0;
  readonly counters: StarttlsCounters = { sessions: 0, starttls: 0, failed: 0, none: 0 };
  postscreen = { connections: 0, passed: 0, rejected: 0 };
  postfixVersion: string | null = null;
  private first = NaN;
  private last = NaN;
  private readonly exclude: SessionExclusion | null;
  private readonly excluded = new Tally();
  private excludedCount = 0;
  private readonly classes: SessionClasses | null;
  private readonly masterEvents: MasterLogEvent[] = [];

  constructor(opts: AggregatorOptions = {}) {
    this.impact = opts.policies && opts.policies.length > 0 ? new ImpactCollector(opts.policies) : null;
    this.exclude = opts.exclude ?? null;
    this.classes = opts.sessionClasses === true ? new SessionClasses() : null;
    this.since = opts.since ?? -Infinity;
    this.until = opts.until ?? Infinity;
    this.wanted = opts.services ?? [];
  }

  /** True when --since or --until narrows the report. */
  get filtered(): boolean {
    return Number.isFinite(this.since) || Number.isFinite(this.until);
  }

  /** True when a time is inside --since/--until. */
  inRange(t: number): boolean {
    return !(t < this.since) && !(t >= this.until);
  }

  wantService(service: string): boolean {
    if (this.wanted.length === 0) return true;
    let w = this.wantCache.get(service);
    if (w === undefined) {
      w = serviceMatches(service, this.wanted);
      if (this.wantCache.size < 1000) this.wantCache.set(ownString(service), w);
    }
    return w;
  }

  /** Extends the report's time span with a line's time (only lines inside the range). */
  noteTime(t: number): void {
    if (Number.isNaN(t) || !this.inRange(t)) return;
    if (!(t >= this.first)) this.first = t;
    if (!(t <= this.last)) this.last = t;
  }

  /** Counter evidence, fed for every disconnect with counters (loglevel-independent). */
  noteCounters(starttlsOk: number, starttlsTotal: number): void {
    this.counters.sessions++;
    if (starttlsTotal < 0) this.counters.none++;
    else if (starttlsOk > 0) this.counters.starttls++;
    else this.counters.failed++;
  }

  private service(name: string, direction: Direction): ServiceState {
    let s = this.services.get(name);
    if (!s) {
      s = new ServiceState(ownString(name), direction);
      this.services.set(s.name, s);
    }
    return s;
  }

  /** A master start/reload/stop line. */
  master(ev: MasterEvent, t: number): void {
    if (ev.version !== null) this.postfixVersion = ev.version;
    if (this.masterEvents.length >= MAX_MASTER_EVENTS) this.masterEvents.shift();
    this.masterEvents.push({ time: isoTime(t), event: ev.event, version: ev.version, configDir: ev.configDir === null ? null : ownString(ev.configDir) });
  }

  session(r: SessionRecord): void {
    if (!this.inRange(r.start) || !this.wantService(r.service)) return;
    if (this.exclude !== null && isExcluded(this.exclude, r.client, r.start, r.authAttempted)) {
      this.excludedCount++;
      this.excluded.add(r.service);
      return;
    }
    this.classes?.add(r);
    const svc = this.service(r.service, 'inbound');
    svc.sessions++;
    if (!r.complete) svc.incomplete++;
    let c = svc.clients.get(r.client);
    if (!c) {
      let client = r.client;
      if (this.clientCount >= MAX_CLIENTS) this.compact();
      if (this.clientCount >= MAX_CLIENTS) {
        client = OTHER_CLIENTS;
        this.clientsMerged++;
        c = svc.clients.get(client);
      }
      if (!c) {
        c = new ClientState(client, svc.name, r.start, r.start);
        svc.clients.set(client, c);
        this.clientCount++;
      }
    }
    c.sessions++;
    if (r.start < c.firstTime) c.firstTime = r.start;
    if (r.start > c.lastTime || Number.isNaN(c.lastTime)) c.lastTime = r.start;
    const o = r.outcome;
    let tls = false;
    switch (o.kind) {
      case 'tls':
        tls = true;
        svc.addTls(o.protocol, o.cipher);
        c.addTls(o.protocol, o.cipher);
        if (isLegacy(o.protocol, o.cipher)) {
          c.legacy = true;
          c.legacySessions++;
          if (!(r.start <= c.legacyLastTime)) c.legacyLastTime = r.start;
        }
        break;
      case 'tls-unlogged':
        tls = true;
        svc.tlsUnlogged++;
        c.tlsUnlogged++;
        break;
      case 'failed':
        svc.addFailure(o.reason);
        c.addFailure(o.reason);
        break;
      case 'plaintext':
        svc.plaintext++;
        c.plaintext++;
        break;
      case 'unknown':
        svc.unknown++;
        c.unknown++;
        break;
    }
    if (r.authenticated) {
      svc.authenticated++;
      c.authenticated++;
    }
    if (r.authAttempted && !tls && o.kind !== 'unknown') {
      svc.authWithoutTls++;
      c.authWithoutTls++;
    }
    if (r.saslUsername !== null && c.users.length < 5 && !c.users.includes(r.saslUsername)) c.users.push(r.saslUsername);
    this.impact?.add(r);
  }

  /**
   * Bounds memory when a log has more distinct clients than MAX_CLIENTS: clients with nothing
   * to report (every session TLS 1.2+ with a high-grade cipher, no failure, no password in
   * clear) are folded into one `(other clients)` entry per service; the interesting ones stay.
   */
  private compact(): void {
    if (this.compactions++ > 64) return;
    for (const svc of this.services.values()) {
      let other = svc.clients.get(OTHER_CLIENTS);
      for (const [name, c] of svc.clients) {
        if (name === OTHER_CLIENTS || c.legacy || c.plaintext > 0 || c.failures > 0 || c.authWithoutTls > 0 || c.unknown > 0 || c.tlsUnlogged > 0) continue;
        if (!other) {
          other = new ClientState(OTHER_CLIENTS, svc.name, c.firstTime, c.lastTime);
          svc.clients.set(OTHER_CLIENTS, other);
          this.clientCount++;
        }
        other.absorb(c);
        other.sessions += c.sessions;
        other.authenticated += c.authenticated;
        if (c.firstTime < other.firstTime) other.firstTime = c.firstTime;
        if (c.lastTime > other.lastTime) other.lastTime = c.lastTime;
        svc.clients.delete(name);
        this.clientCount--;
        this.clientsMerged++;
      }
    }
  }

  private relay(svc: ServiceState, relay: string): RelayState {
    let r = svc.relays.get(relay);
    if (!r) {
      const name = this.relayCount >= MAX_RELAYS ? '(other relays)' : ownString(relay);
      r = svc.relays.get(name);
      if (!r) {
        r = new RelayState(name, svc.name);
        svc.relays.set(name, r);
        this.relayCount++;
      }
    }
    return r;
  }

  delivery(d: DeliveryRecord): void {
    if (!this.inRange(d.time) || !this.wantService(d.service)) return;
    const svc = this.service(d.service, 'outbound');
    svc.sessions++;
    const r = this.relay(svc, d.relay);
    r.deliveries++;
    r.statuses.add(d.status);
    if (!(d.time <= r.lastTime)) r.lastTime = d.time;
    const o = d.outcome;
    switch (o.kind) {
      case 'tls':
        svc.addTls(o.protocol, o.cipher);
        r.addTls(o.protocol, o.cipher);
        r.suites.add(`${o.protocol} ${o.cipher}`);
        if (!r.legacy && isLegacy(o.protocol, o.cipher)) r.legacy = true;
        break;
      case 'tls-unlogged':
        svc.tlsUnlogged++;
        r.tlsUnlogged++;
        break;
      case 'plaintext':
        svc.plaintext++;
        r.plaintext++;
        break;
      case 'failed':
        svc.addFailure(o.reason);
        r.addFailure(o.reason);
        break;
      case 'unknown':
        r.noTlsInfo++;
        break;
    }
  }

  outboundFailure(f: HandshakeFailureRecord): void {
    if (!this.inRange(f.time) || !this.wantService(f.service)) return;
    const svc = this.service(f.service, 'outbound');
    svc.sessions++;
    svc.addFailure(f.reason);
    const r = this.relay(svc, f.peer);
    r.addFailure(f.reason);
    if (!(f.time <= r.lastTime)) r.lastTime = f.time;
  }

  build(input: {
    lines: number; unparsed: number; files: FileSummary[]; inboundTlsLogged: boolean; outboundTlsLogged: boolean;
    warnings: MailtlsError[]; warningsOmitted: number;
  }): LogReport {
    const states = [...this.services.values()].sort((a, b) =>
      a.direction === b.direction ? a.name.localeCompare(b.name) : a.direction === 'inbound' ? -1 : 1);
    // Deliveries without any TLS information: plaintext when the client logs TLS at all.
    for (const svc of states) {
      for (const r of svc.relays.values()) {
        if (input.outboundTlsLogged) {
          r.plaintext += r.noTlsInfo;
          svc.plaintext += r.noTlsInfo;
        } else {
          r.unknown += r.noTlsInfo;
          svc.unknown += r.noTlsInfo;
        }
        r.noTlsInfo = 0;
      }
    }
    const services: ServiceSummary[] = states.map((s) => ({
      name: s.name, direction: s.direction, sessions: s.sessions, tls: s.tls, ciphers: s.ciphers,
      plaintext: s.plaintext, failures: s.failures, failureReasons: s.failureReasons, tlsUnlogged: s.tlsUnlogged,
      unknown: s.unknown, authenticated: s.authenticated, authWithoutTls: s.authWithoutTls, incomplete: s.incomplete,
      peers: s.direction === 'inbound' ? s.clients.size : s.relays.size,
    }));
    const clients: ClientSummary[] = states.flatMap((s) => [...s.clients.values()])
      .sort((a, b) => a.service.localeCompare(b.service) || b.sessions - a.sessions || a.client.localeCompare(b.client))
      .map((c) => ({
        client: c.client, service: c.service, sessions: c.sessions, protocols: c.tls, ciphers: c.ciphers,
        plaintext: c.plaintext, failures: c.failures, failureReasons: c.failureReasons, tlsUnlogged: c.tlsUnlogged,
        unknown: c.unknown, authenticated: c.authenticated, authWithoutTls: c.authWithoutTls, users: c.users,
        firstSeen: isoTime(c.firstTime), lastSeen: isoTime(c.lastTime), legacy: c.legacy,
        legacySessions: c.legacySessions, legacyLastSeen: isoTime(c.legacyLastTime),
      }));
    const relays = states.flatMap((s) => [...s.relays.values()])
      .sort((a, b) => b.deliveries - a.deliveries || a.relay.localeCompare(b.relay));
    const outbound: RelaySummary[] = relays.map((r) => ({
      relay: r.relay, service: r.service, deliveries: r.deliveries, protocols: r.tls, ciphers: r.ciphers,
      plaintext: r.plaintext, tlsUnlogged: r.tlsUnlogged, unknown: r.unknown, failures: r.failures,
      failureReasons: r.failureReasons, statuses: r.statuses.toRecord(), lastSeen: isoTime(r.lastTime), legacy: r.legacy,
    }));
    const notices: Notice[] = [];
    const inboundSessions = services.filter((s) => s.direction === 'inbound').reduce((n, s) => n + s.sessions, 0);
    if (inboundSessions > 0 && !input.inboundTlsLogged) {
      const c = this.counters;
      notices.push({
        code: 'TLS_NOT_LOGGED',
        message: 'No "TLS connection established" lines: the Postfix SMTP server logs TLS only with smtpd_tls_loglevel >= 1 (the default is 0), so protocols and ciphers are unknown. '
          + (c.sessions > 0
            ? `The disconnect counters still tell: ${c.starttls} of ${c.sessions} sessions started TLS (starttls=1), ${c.failed} failed it (starttls=0/N), ${c.none} never asked for it.`
            : 'This log has no disconnect counters either (Postfix before 3.0).'),
        fix: "postconf -e 'smtpd_tls_loglevel = 1' && postfix reload",
      });
    }
    if (!input.outboundTlsLogged && outbound.some((r) => r.unknown > 0)) {
      notices.push({
        code: 'CLIENT_TLS_NOT_LOGGED',
        message: 'No "TLS connection established to" lines: the Postfix SMTP client logs TLS only with smtp_tls_loglevel >= 1, so outbound TLS use is unknown.',
        fix: "postconf -e 'smtp_tls_loglevel = 1' && postfix reload",
      });
    }
    if (input.lines > 0 && services.length === 0 && this.postscreen.connections === 0) {
      notices.push({ code: 'NO_POSTFIX_LINES', message: 'No Postfix smtpd or smtp lines were found (check the file, --service and --since/--until).' });
    }
    if (input.files.some((f) => !f.complete)) {
      notices.push({ code: 'INCOMPLETE_INPUT', message: 'Some input could not be read to the end; the report covers what was read (see warnings).' });
    }
    const impact = this.impact?.build(relays.map((r) => ({
      relay: r.relay, suites: r.suites.toRecord(), plaintext: r.plaintext, tlsUnlogged: r.tlsUnlogged, unknown: r.unknown,
    })), {
      sessions: (service, client) => this.services.get(service)?.clients.get(client)?.sessions,
      clients: (service) => this.services.get(service)?.clients.size ?? 0,
    }) ?? null;
    return {
      lines: input.lines,
      unparsed: input.unparsed,
      from: isoTime(this.first),
      to: isoTime(this.last),
      files: input.files,
      postfixVersion: this.postfixVersion,
      tlsLogging: { inbound: input.inboundTlsLogged, outbound: input.outboundTlsLogged },
      services,
      clients,
      outbound,
      starttlsCounters: this.counters,
      postscreen: this.postscreen.connections > 0 ? this.postscreen : null,
      notices,
      impact,
      filters: {
        since: Number.isFinite(this.since) ? isoTime(this.since) : null,
        until: Number.isFinite(this.until) ? isoTime(this.until) : null,
        services: [...this.wanted],
      },
      warnings: input.warnings.map((w) => w.toJSON()),
      warningsOmitted: input.warningsOmitted,
      clientsMerged: this.clientsMerged,
      master: [...this.masterEvents],
      exclusion: this.exclude !== null ? { why: this.exclude.why, sessions: this.excludedCount, byService: this.excluded.toRecord() } : null,
      ...(this.classes !== null ? { sessionClasses: this.classes.build(), sessionClassesFolded: this.classes.folded } : {}),
    };
  }
}
