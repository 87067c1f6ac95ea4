/**
 * Impact simulation: given stricter policies (`--if`), which logged clients and sessions would
 * have failed, per service, and how many would have been fine. Inbound sessions are judged as
 * they close (bounded: per-client counts plus a capped sample of sessions); outbound deliveries
 * are judged from the per-relay totals when the report is built.
 */
import { judgeAll, type Tightening } from './tightening.js';
import type { SessionOutcome, SessionRecord } from './sessions.js';
import { isoTime } from './timestamp.js';

export const MAX_IMPACT_SESSIONS = 1000;
export const MAX_IMPACT_CLIENTS = 2_000;

export interface ImpactSession {
  readonly time: string;
  readonly service: string;
  readonly client: string;
  readonly process: string;
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly reasons: readonly string[];
}

export interface ImpactClient {
  readonly client: string;
  sessions: number;
  wouldFail: number;
  fine: number;
  unknown: number;
  reasons: Record<string, number>;
  protocols: Record<string, number>;
  ciphers: Record<string, number>;
  users: string[];
  lastSeen: string;
}

export interface ImpactService {
  readonly name: string;
  sessions: number;
  wouldFail: number;
  fine: number;
  /** Cannot be judged from the log (TLS details not logged, incomplete sessions). */
  unknown: number;
  /** Failed the handshake already, whatever the policy. */
  alreadyFailing: number;
  reasons: Record<string, number>;
  /** Every client with at least one session that would fail, most failures first. */
  clients: ImpactClient[];
  /** Clients whose every session would have been fine. */
  clientsFine: number;
}

export interface ImpactRelay {
  readonly relay: string;
  /** The client service delivering (`postfix/smtp`, `postfix/relay/smtp`): one row per relay and service. */
  readonly service: string;
  deliveries: number;
  wouldFail: number;
  unknown: number;
  reasons: Record<string, number>;
}

export interface ImpactOutbound {
  deliveries: number;
  wouldFail: number;
  fine: number;
  unknown: number;
  relays: ImpactRelay[];
}

export interface ImpactReport {
  readonly policies: readonly { readonly expr: string; readonly meaning: string }[];
  readonly services: ImpactService[];
  /** The sessions that would fail, oldest first, at most MAX_IMPACT_SESSIONS. */
  readonly sessions: ImpactSession[];
  readonly sessionsOmitted: number;
  readonly outbound: ImpactOutbound;
  readonly notes: string[];
}

interface ServiceState {
  report: ImpactService;
  clients: Map<string, ImpactClient & { everFailed: boolean; already: number }>;
  overflow: boolean;
}

function bump(rec: Record<string, number>, key: string, n = 1): void {
  rec[key] = (rec[key] ?? 0) + n;
}

export class ImpactCollector {
  private readonly services = new Map<string, ServiceState>();
  private readonly sessions: ImpactSession[] = [];
  private omitted = 0;
  private clientCount = 0;

  constructor(readonly policies: readonly Tightening[]) {}

  add(r: SessionRecord): void {
    const { verdict, reasons } = judgeAll(this.policies, { outcome: r.outcome, auth: r.authAttempted });
    let st = this.services.get(r.service);
    if (!st) {
      st = {
        report: { name: r.service, sessions: 0, wouldFail: 0, fine: 0, unknown: 0, alreadyFailing: 0, reasons: {}, clients: [], clientsFine: 0 },
        clients: new Map(), overflow: false,
      };
      this.services.set(r.service, st);
    }
    const svc = st.report;
    svc.sessions++;
    if (verdict === 'ok') svc.fine++;
    else if (verdict === 'unknown') svc.unknown++;
    else if (verdict === 'already') svc.alreadyFailing++;
    else {
      svc.wouldFail++;
      for (const why of reasons) bump(svc.reasons, why);
    }
    // Only clients with a session that is not fine get an entry (memory: most clients are fine);
    // their totals come from the aggregator when the report is built.
    if (verdict === 'ok') return;
    let c = st.clients.get(r.client);
    if (!c) {
      const key = this.clientCount >= MAX_IMPACT_CLIENTS ? '(other clients)' : r.client;
      c = st.clients.get(key);
      if (!c) {
        c = { client: key, sessions: 0, wouldFail: 0, fine: 0, unknown: 0, reasons: {}, protocols: {}, ciphers: {}, users: [], lastSeen: '', everFailed: false, already: 0 };
        st.clients.set(key, c);
        this.clientCount++;
      }
    }
    const when = isoTime(r.start) ?? '';
    if (when > c.lastSeen) c.lastSeen = when;
    if (verdict === 'unknown') c.unknown++;
    else if (verdict === 'already') c.already++;
    else {
      c.wouldFail++;
      c.everFailed = true;
      for (const why of reasons) bump(c.reasons, why);
      const o = r.outcome;
      if (o.kind === 'tls') {
        bump(c.protocols, o.protocol);
        bump(c.ciphers, o.cipher);
      } else {
        bump(c.protocols, o.kind === 'plaintext' ? 'none' : o.kind);
      }
      if (r.saslUsername !== null && c.users.length < 5 && !c.users.includes(r.saslUsername)) c.users.push(r.saslUsername);
      if (this.sessions.length < MAX_IMPACT_SESSIONS) {
        this.sessions.push({
          time: when, service: r.service, client: r.client, process: `${r.service}[${r.pid}]`,
          protocol: o.kind === 'tls' ? o.protocol : null, cipher: o.kind === 'tls' ? o.cipher : null, reasons,
        });
      } else {
        this.omitted++;
      }
    }
  }

  /** The report; `outbound` holds per-relay suite counts for the delivery side. */
  build(
    outbound: readonly { relay: string; service: string; suites: Readonly<Record<string, number>>; plaintext: number; tlsUnlogged: number; unknown: number }[],
    /** Sessions of a client in a service, and distinct clients of a service, from the aggregator. */
    totals: { sessions(service: string, client: string): number | undefined; clients(service: string): number },
  ): ImpactReport {
    const services: ImpactService[] = [];
    for (const st of [...this.services.values()].sort((a, b) => a.report.name.localeCompare(b.report.name))) {
      const clients = [...st.clients.values()];
      for (const c of clients) {
        const bad = c.wouldFail + c.unknown + c.already;
        c.sessions = Math.max(totals.sessions(st.report.name, c.client) ?? bad, bad);
        c.fine = c.sessions - bad;
      }
      st.report.clients = clients
        .filter((c) => c.everFailed)
        .sort((a, b) => b.wouldFail - a.wouldFail || a.client.localeCompare(b.client))
        .map(({ everFailed: _e, already: _a, ...c }) => c);
      st.report.clientsFine = Math.max(0, totals.clients(st.report.name) - clients.length);
      services.push(st.report);
    }
    const out: ImpactOutbound = { deliveries: 0, wouldFail: 0, fine: 0, unknown: 0, relays: [] };
    for (const r of outbound) {
      const rel: ImpactRelay = { relay: r.relay, service: r.service, deliveries: 0, wouldFail: 0, unknown: 0, reasons: {} };
      const judgeN = (outcome: SessionOutcome, n: number) => {
        if (n === 0) return;
        rel.deliveries += n;
        const j = judgeAll(this.policies, { outcome, auth: false });
        if (j.verdict === 'fail') {
          rel.wouldFail += n;
          for (const why of j.reasons) bump(rel.reasons, why, n);
        } else if (j.verdict === 'unknown') {
          rel.unknown += n;
        }
      };
      for (const [suite, n] of Object.entries(r.suites)) {
        const sp = suite.indexOf(' ');
        judgeN({ kind: 'tls', protocol: suite.slice(0, sp), cipher: suite.slice(sp + 1), bits: 0, trust: '' }, n);
      }
      judgeN({ kind: 'plaintext' }, r.plaintext);
      judgeN({ kind: 'tls-unlogged' }, r.tlsUnlogged);
      judgeN({ kind: 'unknown' }, r.unknown);
      out.deliveries += rel.deliveries;
      out.wouldFail += rel.wouldFail;
      out.unknown += rel.unknown;
      if (rel.wouldFail > 0) out.relays.push(rel);
    }
    out.fine = out.deliveries - out.wouldFail - out.unknown;
    out.relays.sort((a, b) => b.wouldFail - a.wouldFail || a.relay.localeCompare(b.relay));
    const notes: string[] = [];
    const protocolFloor = this.policies.some((p) => p.kind === 'protocols');
    if (protocolFloor) {
      notes.push('A client that negotiated an old protocol had the newer ones offered and did not take them: it most likely cannot do better and would fail the handshake.');
    }
    if (this.policies.some((p) => p.kind === 'tls-required') && services.some((s) => s.name.endsWith('/smtpd') && !s.name.includes('/submission') && !s.name.includes('/smtps'))) {
      notes.push('RFC 3207 section 4: a publicly-referenced SMTP server (your MX on port 25) must not require TLS; require it on submission services only.');
    }
    if (this.policies.some((p) => p.kind === 'protocols' || p.kind === 'ciphers')) {
      notes.push('With smtpd_tls_security_level = may, Postfix applies smtpd_tls_protocols/smtpd_tls_ciphers; the mandatory_* variants apply only where TLS is required (encrypt, and wrapper-mode services).');
    }
    if (this.policies.some((p) => p.kind === 'ciphers')) {
      notes.push('Cipher grades and exclusions only shape the TLS 1.2-and-older list; TLS 1.3 suites (TLS_*) are set by tls_*_ciphersuites and are unaffected. Judged against the list the newest Postfix builds for the grade, as OpenSSL 3.0 expands it.');
    }
    return {
      policies: this.policies.map((p) => ({ expr: p.expr, meaning: p.text })),
      services,
      sessions: this.sessions,
      sessionsOmitted: this.omitted,
      outbound: out,
      notes,
    };
  }
}
