/**
 * The notices of the log report: what the log cannot tell, and the setting that would make it
 * tell (smtpd_tls_loglevel, smtp_tls_loglevel: postconf(5)). Pure: from the report's own numbers.
 */
import type { FileSummary, Notice, RelaySummary, ServiceSummary, StarttlsCounters } from './report.js';

export interface NoticeFacts {
  readonly lines: number;
  /** Lines of smtpd, smtp/lmtp, tlsproxy and postscreen read. */
  readonly postfixLines: number;
  /** --since, --until or --service narrowed the report. */
  readonly filtered: boolean;
  /** Inbound sessions known only from a TLS warning, their client unknown (sessions.ts UNKNOWN_CLIENT). */
  readonly warningOnlySessions: number;
  readonly files: readonly FileSummary[];
  readonly inboundTlsLogged: boolean;
  readonly outboundTlsLogged: boolean;
  readonly services: readonly ServiceSummary[];
  readonly outbound: readonly RelaySummary[];
  readonly counters: StarttlsCounters;
  readonly postscreenConnections: number;
}

export function buildNotices(f: NoticeFacts): Notice[] {
  const notices: Notice[] = [];
  const inboundSessions = f.services.filter((s) => s.direction === 'inbound').reduce((n, s) => n + s.sessions, 0);
  const inboundFailures = f.services.filter((s) => s.direction === 'inbound').reduce((n, s) => n + s.failures, 0);
  const warningsOnly = inboundSessions > 0 && f.warningOnlySessions === inboundSessions;
  if (warningsOnly) {
    // mail.warn / mail.err: no info lines at all, so smtpd_tls_loglevel is not what is missing.
    notices.push({
      code: 'WARNINGS_ONLY',
      message: `This log holds no connect or TLS lines, only warnings (as mail.warn and mail.err do): its ${inboundSessions} failed handshake${inboundSessions === 1 ? ' is' : 's are'} all it tells, their clients unknown. Read mail.log (or mail.info) for the sessions.`,
    });
  } else if (inboundSessions > inboundFailures && !f.inboundTlsLogged) {
    // Failed handshakes are told whatever the loglevel: only other sessions miss the TLS lines.
    const c = f.counters;
    notices.push({
      code: 'TLS_NOT_LOGGED',
      message: 'No "TLS connection established" lines: the Postfix SMTP server logs TLS only with smtpd_tls_loglevel >= 1 (the default is 0), so protocols and ciphers are unknown. '
        + (c.sessions > 0
          ? `The disconnect counters still tell: ${c.starttls} of ${c.sessions} sessions started TLS (starttls=1), ${c.failed} failed it (starttls=0/N), ${c.none} never asked for it.`
          : 'This log has no disconnect counters either (Postfix before 3.0).'),
      fix: "postconf -e 'smtpd_tls_loglevel = 1' && postfix reload",
    });
  }
  if (!f.outboundTlsLogged && f.outbound.some((r) => r.unknown > 0)) {
    notices.push({
      code: 'CLIENT_TLS_NOT_LOGGED',
      message: 'No "TLS connection established to" lines: the Postfix SMTP client logs TLS only with smtp_tls_loglevel >= 1, so outbound TLS use is unknown.',
      fix: "postconf -e 'smtp_tls_loglevel = 1' && postfix reload",
    });
  }
  if (f.lines > 0 && f.services.length === 0 && f.postscreenConnections === 0) {
    // Never "no lines" when there were some: say what became of them instead.
    if (f.postfixLines === 0) {
      notices.push({ code: 'NO_POSTFIX_LINES', message: 'No Postfix smtpd or smtp lines were found (check the file, --service and --since/--until).' });
    } else {
      notices.push({
        code: 'NO_SESSIONS_SELECTED',
        message: `${f.postfixLines} Postfix smtpd/smtp/tlsproxy/postscreen line${f.postfixLines === 1 ? ' was' : 's were'} read, but none made a session or delivery`
          + (f.filtered ? ' within --service and --since/--until.' : ' (they hold no connection, TLS or delivery events).'),
      });
    }
  }
  if (f.files.some((file) => !file.complete)) {
    notices.push({ code: 'INCOMPLETE_INPUT', message: 'Some input could not be read to the end; the report covers what was read (see warnings).' });
  }
  return notices;
}
