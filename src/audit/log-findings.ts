/**
 * What the log tells the audit: each service's statistics (the audit's own probes already left
 * out by the log reader, src/logs/exclusion.ts), the findings the log proves, with their
 * severities decided here, and the fix that makes the log useful when TLS is not logged. Pure.
 */
import type { LogReport } from '../logs/report.js';
import { logFinding } from './findings.js';
import type { AuditFinding, LogStats } from './types.js';

/** The inbound statistics of the sessions logged under `logName` (zeros when it logged none). */
export function logStats(r: LogReport, logName: string): LogStats {
  const s = r.services.find((x) => x.name === logName && x.direction === 'inbound');
  const excluded = r.exclusion?.byService[logName] ?? 0;
  if (!s) return { sessions: 0, tls: {}, ciphers: {}, plaintext: 0, failures: 0, tlsUnlogged: 0, authenticated: 0, authWithoutTls: 0, authOkWithoutTls: 0, authRefusedWithoutTls: 0, clients: 0, legacyClients: 0, excludedProbeSessions: excluded };
  return {
    sessions: s.sessions, tls: s.tls, ciphers: s.ciphers, plaintext: s.plaintext, failures: s.failures, tlsUnlogged: s.tlsUnlogged,
    authenticated: s.authenticated, authWithoutTls: s.authWithoutTls, authOkWithoutTls: s.authOkWithoutTls,
    authRefusedWithoutTls: s.authRefusedWithoutTls, clients: s.peers,
    legacyClients: r.clients.filter((c) => c.service === logName && c.legacy).length, excludedProbeSessions: excluded,
  };
}

/**
 * A service's findings from its log. A login that succeeded without TLS is high: the server
 * accepted a password that crossed the network in clear text, whatever the configuration says
 * now. AUTH that the server refused before TLS (`auth=0/N` on a session without STARTTLS) is the
 * client's fault, not the server's: the server already keeps logins behind TLS
 * (smtpd_tls_auth_only, or no AUTH announced before STARTTLS), so a server fix would change
 * nothing; medium, because such a client may still have put its password on the wire (AUTH PLAIN
 * carries it in the command line itself, RFC 4954 §4). Clients on old TLS are info only: they are
 * evidence for the fixes' impact rather than a fault of the server.
 */
export function serviceLogFindings(service: string, logName: string, stats: LogStats, logs: LogReport): AuditFinding[] {
  const out: AuditFinding[] = [];
  const plural = (n: number) => `${n} session${n === 1 ? '' : 's'}`;
  const who = (pick: (c: LogReport['clients'][number]) => number) => {
    const names = logs.clients.filter((c) => c.service === logName && pick(c) > 0).map((c) => c.client).slice(0, 5);
    return names.length > 0 ? ` (${names.join(', ')})` : '';
  };
  if (stats.authOkWithoutTls > 0) {
    out.push(logFinding('auth-without-tls-seen', 'high', service, 'Clients logged in without TLS',
      `${plural(stats.authOkWithoutTls)} on ${service} authenticated without TLS, so passwords crossed the network in clear text and the server accepted them${who((c) => c.authOkWithoutTls)}.`));
  }
  if (stats.authRefusedWithoutTls > 0) {
    out.push(logFinding('auth-refused-without-tls', 'medium', service, 'Clients tried to log in without TLS',
      `${plural(stats.authRefusedWithoutTls)} on ${service} sent AUTH without TLS and the server refused every attempt${who((c) => c.authRefusedWithoutTls)}: ` +
      'the server already keeps logins behind TLS, so nothing on the server needs to change; those clients are set up without STARTTLS (or implicit TLS on 465) ' +
      'and may have sent their password in clear text before being refused. Fix the clients.'));
  }
  if (stats.legacyClients > 0) {
    const who = logs.clients.filter((c) => c.service === logName && c.legacy).map((c) => `${c.client} (${Object.keys(c.protocols).join('/')})`).slice(0, 5);
    out.push(logFinding('legacy-clients', 'info', service, 'Clients still use old TLS or weak suites',
      `${stats.legacyClients} client${stats.legacyClients === 1 ? '' : 's'} of ${service} negotiated TLS older than 1.2 or a suite below the high grade: ${who.join(', ')}. The fixes say which of them a change would break.`));
  }
  return out;
}

/** TLS not logged (smtpd_tls_loglevel 0) is low: nothing is insecure, but no fix's impact can be told. */
export function logReportFindings(logs: LogReport): AuditFinding[] {
  return logs.notices.filter((n) => n.code === 'TLS_NOT_LOGGED')
    .map((n) => logFinding('tls-not-logged', 'low', null, 'TLS details are not logged', `${n.message} Without them the impact of a fix on clients cannot be told.`));
}

/** The fix of tls-not-logged, for the fix planner's extra candidates. */
export function logLevelFixes(logs: LogReport | null, findings: readonly AuditFinding[]): { commands: string[]; sourceKeys: string[]; title: string; why: string }[] {
  if (logs === null || !logs.notices.some((n) => n.code === 'TLS_NOT_LOGGED')) return [];
  return [{
    commands: ["postconf -e 'smtpd_tls_loglevel = 1'"], sourceKeys: findings.filter((f) => f.id === 'tls-not-logged').map((f) => f.key),
    title: 'log the TLS of every session', why: 'smtpd_tls_loglevel = 1 logs one line per TLS session (protocol and cipher), which the log statistics and the impact of every other fix need',
  }];
}

/** The log reader's warnings, with their place as "file:line", for the report's warnings. */
export function logWarnings(logs: LogReport): { code: string; message: string; place: string | null }[] {
  return logs.warnings.map((w) => ({ code: w.code, message: w.message, place: w.place?.file !== undefined ? `${w.place.file}${w.place.line !== undefined ? `:${w.place.line}` : ''}` : null }));
}
