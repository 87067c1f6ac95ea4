/**
 * Aggregates sessions and deliveries into the `mailtls logs` report (report.ts). Bounded: per
 * service, per (service, client) and per relay counters (counts.ts), with caps on the number of
 * distinct clients and relays.
 */
import type { MailtlsError } from '../errors.js';
import { ClientState, isLegacy, RelayState, ServiceState } from './counts.js';
import { isExcluded, type SessionExclusion } from './exclusion.js';
import { ImpactCollector } from './impact.js';
import { ownString } from './line.js';
import { buildNotices } from './notices.js';
import type { MasterEvent } from './postfix-events.js';
import type { Direction, FileSummary, LogReport, MasterLogEvent, StarttlsCounters } from './report.js';
import { UNKNOWN_CLIENT, type DeliveryRecord, type HandshakeFailureRecord, type SessionRecord, type SessionSink } from './sessions.js';
import { SessionClasses } from './session-classes.js';
import { Tally } from './tally.js';
import type { Tightening } from './tightening.js';
import { isoTime } from './timestamp.js';

/** master start/reload/stop lines kept, the latest. */
export const MAX_MASTER_EVENTS = 20;
export const MAX_CLIENTS = 10_000;
const OTHER_CLIENTS = '(other clients)';
export const MAX_RELAYS = 10_000;

/** What the reading of the files tells, besides the sessions. */
export interface BuildInput {
  readonly lines: number;
  readonly unparsed: number;
  readonly skipped: Record<string, number>;
  readonly postfixLines: number;
  readonly files: FileSummary[];
  readonly inboundTlsLogged: boolean;
  readonly outboundTlsLogged: boolean;
  readonly warnings: readonly MailtlsError[];
  readonly warningsOmitted: number;
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
  /** Sessions known only from a TLS warning (no line named their client). */
  private warningOnlySessions = 0;

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
    if (r.client === UNKNOWN_CLIENT) this.warningOnlySessions++;
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
      // A refused AUTH is no login: with smtpd_tls_auth_only = yes the server refuses every
      // AUTH before STARTTLS (smtpd_sasl_proto.c), and the clients that try anyway show up here.
      if (r.authenticated) {
        svc.authOkWithoutTls++;
        c.authOkWithoutTls++;
      } else {
        svc.authRefusedWithoutTls++;
        c.authRefusedWithoutTls++;
      }
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
        other.fold(c);
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

  /**
   * Deliveries without any TLS information: plaintext when the client logs TLS at all, else
   * unknown. Settled once, when the whole log has told whether it does.
   */
  private settleUntold(outboundTlsLogged: boolean): void {
    for (const svc of this.services.values()) {
      for (const r of svc.relays.values()) {
        if (outboundTlsLogged) {
          r.plaintext += r.noTlsInfo;
          svc.plaintext += r.noTlsInfo;
        } else {
          r.unknown += r.noTlsInfo;
          svc.unknown += r.noTlsInfo;
        }
        r.noTlsInfo = 0;
      }
    }
  }

  build(input: BuildInput): LogReport {
    this.settleUntold(input.outboundTlsLogged);
    const states = [...this.services.values()].sort((a, b) =>
      a.direction === b.direction ? a.name.localeCompare(b.name) : a.direction === 'inbound' ? -1 : 1);
    const services = states.map((s) => s.summary());
    const clients = states.flatMap((s) => [...s.clients.values()])
      .sort((a, b) => a.service.localeCompare(b.service) || b.sessions - a.sessions || a.client.localeCompare(b.client))
      .map((c) => c.summary());
    const relays = states.flatMap((s) => [...s.relays.values()])
      .sort((a, b) => b.deliveries - a.deliveries || a.relay.localeCompare(b.relay));
    const outbound = relays.map((r) => r.summary());
    const notices = buildNotices({
      lines: input.lines, postfixLines: input.postfixLines, filtered: this.filtered || this.wanted.length > 0,
      warningOnlySessions: this.warningOnlySessions, files: input.files, inboundTlsLogged: input.inboundTlsLogged, outboundTlsLogged: input.outboundTlsLogged,
      services, outbound, counters: this.counters, postscreenConnections: this.postscreen.connections,
    });
    const impact = this.impact?.build(relays.map((r) => ({
      relay: r.relay, service: r.service, suites: r.suites.toRecord(), plaintext: r.plaintext, tlsUnlogged: r.tlsUnlogged, unknown: r.unknown,
    })), {
      sessions: (service, client) => this.services.get(service)?.clients.get(client)?.sessions,
      clients: (service) => this.services.get(service)?.clients.size ?? 0,
    }) ?? null;
    return {
      lines: input.lines,
      unparsed: input.unparsed,
      skipped: input.skipped,
      postfixLines: input.postfixLines,
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
