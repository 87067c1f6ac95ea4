/**
 * Lines of smtpd, smtp and tlsproxy that the analyser reads past on purpose, by kind: they are
 * understood, and say nothing about whether a session used TLS. The report counts them apart
 * from the lines not understood (LogReport.skipped), so that a log at a high verbosity does
 * not look like a log the analyser cannot read. Pure; runs only on lines no parser took.
 */

/** The kinds, as the JSON names them. */
export type SkipKind = 'verbose' | 'tls-trace' | 'filter' | 'rbl-error';

/**
 * `smtpd -v` / `debug_peer_list`: the SMTP dialogue (`< %s: %s`, `> %s: %s`, src/smtpd/smtpd.c
 * and smtpd_chat.c) and the library's function-name traces (`watchdog_pat: ...`,
 * `match_hostname: ...`, `auto_clnt_open: ...`, `generic_checks: ...`).
 */
const VERBOSE_PREFIXES: readonly string[] = [
  'connection established', 'send attr ', 'input attribute ', 'private/', 'public/', 'process generic_checks',
  'fsspace: ', 'been_here', 'smtp_get: ', 'smtp_fputs: ', 'smtp_flush: ', 'vstream_', 'event_', 'connection closed',
];

/**
 * smtpd_tls_loglevel / smtp_tls_loglevel >= 2 (src/tls/tls_server.c, tls_client.c, tls_misc.c
 * tls_info_callback(), tls_scache.c, tls_verify.c): the OpenSSL state machine
 * (`SSL_accept:SSLv3/TLS write server hello`), alerts, session caches, certificate chains, and
 * at level 4 hex dumps of the traffic.
 */
const TLS_TRACE_PREFIXES: readonly string[] = [
  'SSL_accept:', 'SSL_connect:', 'SSL3 alert ', 'read from ', 'write to ', 'initializing the server-side TLS engine',
  'initializing the client-side TLS engine', 'open smtpd TLS cache', 'open smtp TLS cache', 'close smtpd TLS cache',
  'close smtp TLS cache', 'lookup smtpd session', 'lookup smtp session', 'put smtpd session', 'put smtp session',
  'delete smtpd session', 'delete smtp session', 'TLS SNI ', 'looking for session ', 'save session ', 'reloaded session ',
  'remove session ', 'issuer=', 'Compiled against ', 'run-time linked against ',
];

/** The same traces after the peer: `%s: TLS cipher list "..."`, `%s: depth=%d verify=%d subject=%s`, ... */
const TLS_TRACE_AFTER_PEER: readonly string[] = [
  'TLS cipher list ', 'depth=', 'subject_CN=', 'Issuing session ticket', 'Decrypting session ticket', 'SNI hostname: ',
  'Reusing old session', 're-using session ', 'save session ', 'looking up session ', 'reloaded session ', 'remove session ',
  'Matched ', 'matched peername', 'verify=', 'raw public key ',
];

/**
 * Before-queue content filters (smtpd_proxy_filter, src/smtpd/smtpd_proxy.c) and milters
 * (src/milter/milter8.c, smtpd's milter-reject/-hold/-discard lines): their results, not TLS.
 */
function isFilterLine(msg: string, from: number): boolean {
  return msg.startsWith('proxy-accept: ', from) || msg.startsWith('proxy-reject: ', from) || msg.startsWith('milter-', from)
    || msg.startsWith('warning: milter ', from) || msg.startsWith('warning: connect to proxy filter ', from)
    || msg.startsWith('warning: timeout talking to proxy ', from) || msg.startsWith('warning: lost connection with proxy ', from)
    || msg.startsWith('warning: received garbage from proxy ', from) || msg.startsWith('proxy ', from);
}

/** A lowercase C identifier with an underscore followed by `: `: a function-name trace of `-v`. */
function isFunctionTrace(msg: string): boolean {
  let underscore = false;
  for (let i = 0; i < msg.length && i < 40; i++) {
    const c = msg.charCodeAt(i);
    if (c === 58) return underscore && i > 2 && msg.charCodeAt(i + 1) === 32;
    if (c === 95) underscore = true;
    else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
  }
  return false;
}

/** The kind of a line that no parser took, or null when it is none of the kinds skipped on purpose. */
export function skipKind(msg: string): SkipKind | null {
  const c = msg.charCodeAt(0);
  if ((c === 60 || c === 62) && msg.charCodeAt(1) === 32) return 'verbose'; // `< ` `> `
  for (const p of TLS_TRACE_PREFIXES) if (msg.startsWith(p)) return 'tls-trace';
  // `warning: %s: RBL lookup error: %s` (src/smtpd/smtpd_check.c)
  if (msg.startsWith('warning: ') && msg.indexOf(': RBL lookup error: ', 9) > 0) return 'rbl-error';
  if (isFilterLine(msg, 0)) return 'filter';
  // `QUEUEID: proxy-reject: ...`, `NOQUEUE: milter-reject: ...`
  const colon = msg.indexOf(': ');
  if (colon > 0 && colon <= 20 && isFilterLine(msg, colon + 2)) return 'filter';
  // `host[addr]: ...` or `host[addr]:port: ...`: the TLS traces name the peer first.
  const peerEnd = msg.indexOf(']');
  if (peerEnd > 0 && msg.indexOf(' ') > peerEnd) {
    const rest = msg.indexOf(': ', peerEnd);
    if (rest > 0 && rest < peerEnd + 8) {
      for (const p of TLS_TRACE_AFTER_PEER) if (msg.startsWith(p, rest + 2)) return 'tls-trace';
    }
  }
  for (const p of VERBOSE_PREFIXES) if (msg.startsWith(p)) return 'verbose';
  if (isFunctionTrace(msg)) return 'verbose';
  return null;
}
