/**
 * The `mailtls logs` report: plain data (= the JSON of --json), built by the Aggregator
 * (aggregate.ts), rendered by src/report/logs-text.ts. Types only.
 */
import type { MailtlsError } from '../errors.js';
import type { ImpactReport } from './impact.js';
import type { MasterEvent } from './postfix-events.js';
import type { SessionClass } from './session-classes.js';

export interface MasterLogEvent {
  readonly time: string | null;
  readonly event: MasterEvent['event'];
  readonly version: string | null;
  readonly configDir: string | null;
}

export type Direction = 'inbound' | 'outbound';

/**
 * The counts of TLS use that every summary carries: per service, per client and per relay.
 * `P` names the protocol tally: `tls` for services, `protocols` for clients and relays (the
 * JSON has always spelled them so).
 */
export type TlsCounts<P extends 'tls' | 'protocols' = 'protocols'> = {
  /** Sessions with TLS, by protocol as Postfix logs it (TLSv1, TLSv1.1, TLSv1.2, TLSv1.3). */
  [K in P]: Record<string, number>;
} & {
  /** Sessions with TLS, by cipher (OpenSSL's name as Postfix logs it). */
  ciphers: Record<string, number>;
  /** Sessions without TLS. */
  plaintext: number;
  /** Failed TLS handshakes (outbound: `SSL_connect error`). */
  failures: number;
  failureReasons: Record<string, number>;
  /** TLS was used but the log does not say which (smtpd_tls_loglevel = 0). */
  tlsUnlogged: number;
  /** Neither TLS nor plaintext can be told (incomplete sessions, old formats at loglevel 0). */
  unknown: number;
};

export interface ServiceSummary extends TlsCounts<'tls'> {
  readonly name: string;
  readonly direction: Direction;
  /** smtpd: connections; smtp/lmtp: deliveries plus failed handshakes. */
  sessions: number;
  /** Sessions that authenticated (SASL). */
  authenticated: number;
  /** Sessions that authenticated, or tried to, without TLS: passwords in clear text. */
  authWithoutTls: number;
  /** Of authWithoutTls: AUTH succeeded without TLS (the server accepts passwords in clear). */
  authOkWithoutTls: number;
  /**
   * Of authWithoutTls: every AUTH was refused (`auth=0/N`): the client sent credentials the
   * server did not take, as with smtpd_tls_auth_only = yes before STARTTLS.
   */
  authRefusedWithoutTls: number;
  /** Sessions whose disconnect line was not in the log. */
  incomplete: number;
  /** Distinct clients (inbound) or relays (outbound). */
  peers: number;
}

export interface ClientSummary extends TlsCounts {
  readonly client: string;
  readonly service: string;
  sessions: number;
  authenticated: number;
  authWithoutTls: number;
  /** As in ServiceSummary: AUTH succeeded without TLS. */
  authOkWithoutTls: number;
  /** As in ServiceSummary: every AUTH without TLS was refused. */
  authRefusedWithoutTls: number;
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

export interface RelaySummary extends TlsCounts {
  readonly relay: string;
  readonly service: string;
  deliveries: number;
  statuses: Record<string, number>;
  lastSeen: string | null;
  legacy: boolean;
}

export interface Notice {
  readonly code: 'TLS_NOT_LOGGED' | 'CLIENT_TLS_NOT_LOGGED' | 'NO_POSTFIX_LINES' | 'NO_SESSIONS_SELECTED' | 'WARNINGS_ONLY' | 'INCOMPLETE_INPUT';
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
  /**
   * Lines of smtpd, smtp and tlsproxy read past on purpose, by kind (skipped.ts): `verbose`
   * (smtpd -v), `tls-trace` (*_tls_loglevel >= 2), `filter` (before-queue filters, milters),
   * `rbl-error` (RBL lookup errors). Not counted in `unparsed`.
   */
  skipped: Record<string, number>;
  /** Lines of the Postfix daemons the report reads (smtpd, smtp/lmtp, tlsproxy, postscreen). */
  postfixLines: number;
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
  /** Clients folded into `(other clients)` to bound memory (see Aggregator.compact in aggregate.ts). */
  clientsMerged: number;
  /** The latest master start/reload/stop lines (at most MAX_MASTER_EVENTS, aggregate.ts), oldest first. */
  master: MasterLogEvent[];
  /** Sessions left out (AnalyzeOptions.exclude): how many, per service, and why. */
  exclusion: { readonly why: string; sessions: number; byService: Record<string, number> } | null;
  /** Inbound sessions grouped for judging policies afterwards (AnalyzeOptions.sessionClasses). */
  sessionClasses?: SessionClass[];
  /** Classes counted under `(other clients)` because the class table was full. */
  sessionClassesFolded?: number;
}
