/**
 * Postfix log messages (the text after `tag[pid]: `) to plain event objects. Only messages that
 * bear on TLS, sessions and deliveries are recognised; everything else returns null. Each
 * parser cites the format string it reads (paths relative to the Postfix source's postfix/).
 *
 * Dispatch is by first character and startsWith/indexOf: most lines are rejected after one or
 * two character comparisons; the few kinds that matter are then split by position.
 * Over 500 lines: the parsers of every daemon share the position helpers (queueIdEnd, peerAt,
 * suffixField, counterAt); splitting the file would only export them.
 */

export interface Counters {
  /** `name=ok` or `name=ok/total` per command, from smtpd_format_cmd_stats() (3.0+). */
  readonly starttlsOk: number;
  /** -1 when the client never sent STARTTLS. */
  readonly starttlsTotal: number;
  readonly authOk: number;
  readonly authTotal: number;
  readonly commandsOk: number;
  readonly commandsTotal: number;
}

/**
 * `%s TLS connection %s %s %s%s%s: %s with cipher %s (%d/%d bits)` and the TLS 1.3 suffixes
 * (src/tls/tls_misc.c tls_log_summary(), 3.4+); `%s TLS connection established from %s: ...`
 * (src/tls/tls_server.c and tls_client.c, 2.5-3.3); `TLS connection established from %s[%s]:
 * ...` without a trust word (2.2-2.4).
 */
export interface TlsEvent {
  readonly type: 'tls';
  /** `from` on the server side (smtpd, tlsproxy), `to` on the client side (smtp, lmtp). */
  readonly direction: 'from' | 'to';
  /** Anonymous, Untrusted, Trusted, Verified; empty for 2.2-2.4. */
  readonly trust: string;
  readonly reused: boolean;
  readonly peer: string;
  /** The server name the client asked for, when SNI selected a certificate (3.4+). */
  readonly sni: string | null;
  readonly protocol: string;
  readonly cipher: string;
  readonly bits: number;
  /** TLS 1.3 key exchange as logged: `X25519` (3.4-3.9) or the OpenSSL group name (`x25519`, 3.10+). */
  readonly keyExchange: string | null;
  readonly serverSignature: string | null;
  readonly clientSignature: string | null;
}

/** `connect from %s` (src/smtpd/smtpd.c smtpd_service()). */
export interface ConnectEvent {
  readonly type: 'connect';
  readonly client: string;
}

/** `disconnect from %s%s` with the command counters from 3.0 (src/smtpd/smtpd.c). */
export interface DisconnectEvent {
  readonly type: 'disconnect';
  readonly client: string;
  readonly counters: Counters | null;
}

/** `%s: client=%s[, sasl_method=%s][, sasl_username=%s]...` (src/smtpd/smtpd.c mail_open_stream()). */
export interface ClientEvent {
  readonly type: 'client';
  readonly queueId: string;
  readonly client: string;
  readonly saslMethod: string | null;
  readonly saslUsername: string | null;
}

/**
 * `SSL_accept error from %s: %d|%m|lost connection` (src/tls/tls_server.c) and
 * `SSL_connect error to %s: ...` (src/tls/tls_client.c).
 */
export interface SslErrorEvent {
  readonly type: 'ssl-error';
  readonly direction: 'from' | 'to';
  readonly peer: string;
  readonly detail: string;
}

/** `warning: TLS library problem: %s:%s:%d:[%s:]` (src/tls/tls_misc.c tls_print_errors()). */
export interface TlsLibraryEvent {
  readonly type: 'tls-library';
  /** The OpenSSL reason string: `no shared cipher`, `unsupported protocol`, ... */
  readonly reason: string;
}

/**
 * `%s after %s from %s` (src/smtpd/smtpd.c, up to 3.9) and `%s: %s after %s from %s` with the
 * queue ID or NOQUEUE (3.10+, RELEASE_NOTES-3.10 [Incompat 20250105]).
 */
export interface AfterEvent {
  readonly type: 'after';
  /** `lost connection`, `timeout`, `too many errors`, ... */
  readonly what: string;
  /** The last command: `STARTTLS`, `CONNECT`, `EHLO`, `DATA`... */
  readonly command: string;
  readonly client: string;
}

/** Any line with the reply `530 5.7.0 Must issue a STARTTLS command first` (src/smtpd/smtpd.c). */
export interface StarttlsRequiredEvent {
  readonly type: 'starttls-required';
  readonly client: string | null;
}

/** `warning: %s: SASL %s authentication failed: %s` (src/smtpd/smtpd_sasl_glue.c). */
export interface AuthFailedEvent {
  readonly type: 'auth-failed';
  readonly client: string;
}

/**
 * `%s: to=<%s>[, orig_to=<%s>], relay=%s[, conn_use=%d], delay=..., delays=...[, tls=%s],
 * dsn=%s, status=%s (%s)` (src/global/log_adhoc.c; `tls=` from 3.11, pol_stats_format()).
 */
export interface DeliveryEvent {
  readonly type: 'delivery';
  readonly queueId: string;
  readonly relay: string;
  readonly status: string;
  /** 3.11+: `may`, `may:none`, `!encrypt`, `verify?`, `dane/requiretls`, ... */
  readonly tlsFeature: string | null;
  readonly detail: string;
}

/** master's start, reload and stop lines (src/master/master.c, master_sig.c). */
export interface MasterEvent {
  readonly type: 'master';
  readonly event: 'start' | 'reload' | 'stop';
  /** The Postfix version (start and reload). */
  readonly version: string | null;
  /** The configuration directory master read (start and reload). */
  readonly configDir: string | null;
}

/** postscreen: `CONNECT from [%s]:%s to [%s]:%s`, `PASS NEW|OLD [%s]:%s`, `NOQUEUE: reject: ...` (src/postscreen). */
export interface PostscreenEvent {
  readonly type: 'postscreen';
  readonly what: 'connect' | 'pass' | 'reject' | 'disconnect';
}

/** tlsproxy: `CONNECT from|to %s` (src/tlsproxy/tlsproxy.c). */
export interface ProxyConnectEvent {
  readonly type: 'proxy-connect';
  readonly direction: 'from' | 'to';
  readonly peer: string;
}

/**
 * tlsproxy: `TLS handshake failed for service=%s peer=%s` and `DISCONNECT %s`
 * (src/tlsproxy/tlsproxy_state.c tlsp_state_free(), 3.0+). The first is logged when a
 * connection ends while its handshake was still under way; `service` is the server id the
 * requester sent (`smtpd` for postscreen's STARTTLS, which serves port 25).
 */
export interface ProxyEndEvent {
  readonly type: 'proxy-end';
  readonly failed: boolean;
  /** The service the handshake was for; null on DISCONNECT. */
  readonly service: string | null;
  readonly peer: string;
}

export type PostfixEvent =
  | TlsEvent | ConnectEvent | DisconnectEvent | ClientEvent | SslErrorEvent | TlsLibraryEvent | AfterEvent
  | StarttlsRequiredEvent | AuthFailedEvent | DeliveryEvent | MasterEvent | PostscreenEvent | ProxyConnectEvent | ProxyEndEvent;

const TLS_CONN = 'TLS connection ';
const LIB_PREFIX = 'warning: TLS library problem: ';
const STARTTLS_FIRST = 'Must issue a STARTTLS command first';

/**
 * Parses the TLS summary line; null when `msg` is not one. `details = false` skips the TLS 1.3
 * key-exchange and signature suffixes (left null), which the report does not use.
 */
export function parseTlsEstablished(msg: string, details = true): TlsEvent | null {
  let p = msg.indexOf(TLS_CONN);
  if (p < 0 || p > 12) return null;
  const trust = p === 0 ? '' : msg.slice(0, p - 1);
  if (p > 0 && msg.charCodeAt(p - 1) !== 32) return null;
  p += TLS_CONN.length;
  let reused: boolean;
  if (msg.startsWith('established ', p)) {
    reused = false;
    p += 12;
  } else if (msg.startsWith('reused ', p)) {
    reused = true;
    p += 7;
  } else {
    return null;
  }
  let direction: 'from' | 'to';
  if (msg.startsWith('from ', p)) {
    direction = 'from';
    p += 5;
  } else if (msg.startsWith('to ', p)) {
    direction = 'to';
    p += 3;
  } else {
    return null;
  }
  const withCipher = msg.indexOf(' with cipher ', p);
  if (withCipher < 0) return null;
  // The last `: ` before ` with cipher `, by hand: lastIndexOf with a position is slow in V8.
  let colon = withCipher - 1;
  while (colon >= p && !(msg.charCodeAt(colon) === 58 && msg.charCodeAt(colon + 1) === 32)) colon--;
  if (colon < p) return null;
  let peer = msg.slice(p, colon);
  let sni: string | null = null;
  const to = peer.indexOf(' to ');
  if (to >= 0) {
    sni = peer.slice(to + 4);
    peer = peer.slice(0, to);
  }
  const protocol = msg.slice(colon + 2, withCipher);
  const cStart = withCipher + 13;
  const paren = msg.indexOf(' (', cStart);
  if (paren < 0) return null;
  const cipher = msg.slice(cStart, paren);
  const slash = msg.indexOf('/', paren);
  const bitsEnd = msg.indexOf(' bits)', paren);
  if (slash < 0 || bitsEnd < 0) return null;
  let bits = 0;
  for (let i = paren + 2; i < slash; i++) {
    const d = msg.charCodeAt(i) - 48;
    if (d < 0 || d > 9) {
      bits = NaN;
      break;
    }
    bits = bits * 10 + d;
  }
  let keyExchange: string | null = null;
  let serverSignature: string | null = null;
  let clientSignature: string | null = null;
  const tail = bitsEnd + 6;
  if (details && tail < msg.length) {
    keyExchange = suffixField(msg, ' key-exchange ', tail);
    serverSignature = suffixField(msg, ' server-signature ', tail);
    clientSignature = suffixField(msg, ' client-signature ', tail);
  }
  return {
    type: 'tls', direction, trust, reused, peer, sni, protocol, cipher, bits: Number.isFinite(bits) ? bits : 0,
    keyExchange, serverSignature, clientSignature,
  };
}

/** `key-exchange X25519` -> `X25519`; a following ` (detail)` is included: `ECDSA (prime256v1)`. */
function suffixField(msg: string, label: string, from: number): string | null {
  const i = msg.indexOf(label, from - 1);
  if (i < 0) return null;
  const s = i + label.length;
  let e = msg.indexOf(' ', s);
  if (e < 0) return msg.slice(s);
  if (msg.charCodeAt(e + 1) === 40) {
    const close = msg.indexOf(')', e);
    if (close > 0) e = close + 1;
  }
  return msg.slice(s, e);
}

/** Parses ` ehlo=2 starttls=0/1 ... commands=3/4`; null when there are no counters (before 3.0). */
export function parseCounters(s: string, from: number): Counters | null {
  // Only three counters matter; three native searches beat a loop over every token. Postfix
  // always ends with ` commands=ok[/total]` (smtpd_format_cmd_stats()), so that one is required.
  const c = counterAt(s, s.indexOf(' commands=', from), 10);
  if (c === null) return null;
  const st = counterAt(s, s.indexOf(' starttls=', from), 10);
  const au = counterAt(s, s.indexOf(' auth=', from), 6);
  return {
    starttlsOk: st?.ok ?? 0, starttlsTotal: st?.total ?? -1,
    authOk: au?.ok ?? 0, authTotal: au?.total ?? 0,
    commandsOk: c.ok, commandsTotal: c.total,
  };
}

/** `ok[/total]` after ` name=` found at `at` (label length `skip`); null when absent or malformed. */
function counterAt(s: string, at: number, skip: number): { ok: number; total: number } | null {
  if (at < 0) return null;
  let p = at + skip;
  const n = s.length;
  let ok = 0;
  const p0 = p;
  for (; p < n; p++) {
    const d = s.charCodeAt(p) - 48;
    if (d < 0 || d > 9) break;
    ok = ok * 10 + d;
  }
  if (p === p0) return null;
  let total = ok;
  if (p < n && s.charCodeAt(p) === 47) {
    const p1 = ++p;
    total = 0;
    for (; p < n; p++) {
      const d = s.charCodeAt(p) - 48;
      if (d < 0 || d > 9) break;
      total = total * 10 + d;
    }
    if (p === p1) return null;
  }
  if (p < n && s.charCodeAt(p) !== 32) return null;
  return { ok, total };
}

/**
 * The OpenSSL reason from a `TLS library problem:` text, whatever the versions:
 * `error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2226:` (OpenSSL 3, Postfix 3.x),
 * `error:1408F10B:SSL routines:ssl3_get_record:wrong version number:...` (OpenSSL 1.1),
 * `1004:error:1408A0C1:SSL routines:SSL3_GET_CLIENT_HELLO:no shared cipher:s3_srvr.c:1102:` (Postfix 2.x
 * prefixes the thread id: "TLS library problem: %lu:%s:%s:%d:", src/tls/tls_misc.c v2.2.0).
 */
export function libraryReason(text: string): string {
  // ERR_error_string_n(): `error:%08lX:%s:%s:%s` = code, library, function (empty in OpenSSL 3), reason.
  const e = text.indexOf('error:');
  if (e >= 0) {
    const parts = text.slice(e).split(':');
    const reason = parts[4];
    if (reason !== undefined && reason !== '') return reason;
  }
  return text.replace(/:$/, '').trim() || 'TLS library problem';
}

/** `NAME: rest` with NAME a Postfix queue ID (short or long form) or NOQUEUE: index of `rest`, or -1. */
function queueIdEnd(msg: string): number {
  const i = msg.indexOf(': ');
  if (i < 5 || i > 20) return -1;
  for (let k = 0; k < i; k++) {
    const c = msg.charCodeAt(k);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum) return -1;
  }
  return i;
}

/** `host[addr]` from the start of `s` up to the first `:`+space, `,` or space after the `]`. */
function peerAt(s: string, from: number): string {
  const close = s.indexOf(']', from);
  if (close < 0) {
    const sp = s.indexOf(' ', from);
    return s.slice(from, sp < 0 ? s.length : sp);
  }
  // Keep `:port` (smtpd_client_port_logging, or the smtp client's peer); the caller strips it.
  let e = close + 1;
  // Bounds first: reading past the end makes V8 throw away the optimised parsers (a deopt).
  if (e < s.length && s.charCodeAt(e) === 58) {
    let k = e + 1;
    while (k < s.length && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    if (k > e + 1) e = k;
  }
  return s.slice(from, e);
}

/** `%s after %s from %s` at `p`, or null. */
function parseAfter(msg: string, p: number): AfterEvent | null {
  const a = msg.indexOf(' after ', p);
  if (a < 0) return null;
  const f = msg.indexOf(' from ', a + 7);
  if (f < 0) return null;
  let command = msg.slice(a + 7, f);
  const bytes = command.indexOf(' (');
  if (bytes >= 0) command = command.slice(0, bytes); // `DATA (1234 bytes)`
  return { type: 'after', what: msg.slice(p, a), command, client: peerAt(msg, f + 6) };
}

/** smtpd messages (also postfix/submission/smtpd and any `X/Y/smtpd`). */
export function parseSmtpdMessage(msg: string, details = true): PostfixEvent | null {
  const c = msg.charCodeAt(0);
  let ev: PostfixEvent | null = null;
  if (c === 99) { // c
    if (msg.startsWith('connect from ')) return { type: 'connect', client: peerAt(msg, 13) };
  } else if (c === 100) { // d
    if (msg.startsWith('disconnect from ')) {
      const client = peerAt(msg, 16);
      return { type: 'disconnect', client, counters: parseCounters(msg, 16 + client.length) };
    }
  } else if (c === 65 || c === 84 || c === 85 || c === 86) { // A T U V
    ev = parseTlsEstablished(msg, details);
  } else if (c === 83) { // S
    if (msg.startsWith('SSL_accept error from ')) return sslError(msg, 'from', 22);
  } else if (c === 119) { // w
    if (msg.startsWith('warning: ')) return parseWarning(msg);
  } else if (c === 108 || c === 116) { // l t: `lost connection after X from Y`, `timeout after X from Y` (up to 3.9)
    if (msg.startsWith('lost connection after ') || msg.startsWith('timeout after ')) return parseAfter(msg, 0);
  }
  if (ev !== null) return ev;
  // `QUEUEID: ...` or `NOQUEUE: ...`; queue IDs may start with any letter or digit.
  const q = queueIdEnd(msg);
  if (q < 0) return null;
  const r = q + 2;
  if (msg.startsWith('client=', r)) return parseClient(msg, q, r + 7);
  if (msg.startsWith('reject: ', r)) {
    if (msg.indexOf(STARTTLS_FIRST, r) < 0) return null;
    const f = msg.indexOf(' from ', r);
    return { type: 'starttls-required', client: f >= 0 ? peerAt(msg, f + 6) : null };
  }
  if (msg.startsWith('lost connection after ', r) || msg.startsWith('timeout after ', r)) return parseAfter(msg, r);
  return null;
}

function sslError(msg: string, direction: 'from' | 'to', at: number): SslErrorEvent {
  const peer = peerAt(msg, at);
  const rest = msg.slice(at + peer.length);
  return { type: 'ssl-error', direction, peer, detail: rest.startsWith(': ') ? rest.slice(2) : rest };
}

function parseWarning(msg: string): PostfixEvent | null {
  if (msg.startsWith('TLS library problem: ', 9)) return { type: 'tls-library', reason: libraryReason(msg.slice(LIB_PREFIX.length)) };
  // `warning: %s: SASL %.100s authentication failed: %s`
  const sasl = msg.indexOf(': SASL ', 9);
  if (sasl > 0 && msg.indexOf(' authentication failed', sasl) > 0) return { type: 'auth-failed', client: msg.slice(9, sasl) };
  return null;
}

function parseClient(msg: string, q: number, at: number): ClientEvent {
  const client = peerAt(msg, at);
  let saslMethod: string | null = null;
  let saslUsername: string | null = null;
  const m = msg.indexOf(', sasl_method=', at);
  if (m >= 0) saslMethod = fieldValue(msg, m + 14);
  const u = msg.indexOf(', sasl_username=', at);
  if (u >= 0) saslUsername = fieldValue(msg, u + 16);
  return { type: 'client', queueId: msg.slice(0, q), client, saslMethod, saslUsername };
}

/** Value of a `, name=value` field: up to the next `, ` or the end. */
function fieldValue(msg: string, at: number): string {
  const e = msg.indexOf(', ', at);
  return msg.slice(at, e < 0 ? msg.length : e);
}

/** smtp and lmtp client messages. */
export function parseSmtpMessage(msg: string, details = true): PostfixEvent | null {
  const c = msg.charCodeAt(0);
  if (c === 65 || c === 84 || c === 85 || c === 86) {
    const ev = parseTlsEstablished(msg, details);
    if (ev !== null) return ev;
  } else if (c === 83) {
    if (msg.startsWith('SSL_connect error to ')) return sslError(msg, 'to', 21);
  } else if (c === 119) {
    if (msg.startsWith(LIB_PREFIX)) return { type: 'tls-library', reason: libraryReason(msg.slice(LIB_PREFIX.length)) };
    return null;
  }
  const q = queueIdEnd(msg);
  if (q < 0 || !msg.startsWith('to=<', q + 2)) return null;
  return parseDelivery(msg, q);
}

function parseDelivery(msg: string, q: number): DeliveryEvent | null {
  const r = msg.indexOf(', relay=', q);
  if (r < 0) return null;
  const relayEnd = msg.indexOf(', ', r + 8);
  const relay = msg.slice(r + 8, relayEnd < 0 ? msg.length : relayEnd);
  const s = msg.indexOf(', status=', r);
  if (s < 0) return null;
  const sp = msg.indexOf(' ', s + 9);
  const status = msg.slice(s + 9, sp < 0 ? msg.length : sp);
  let tlsFeature: string | null = null;
  const t = msg.indexOf(', tls=', r);
  if (t >= 0 && t < s) tlsFeature = fieldValue(msg, t + 6);
  let detail = '';
  if (sp >= 0 && msg.charCodeAt(sp + 1) === 40) detail = msg.slice(sp + 2, msg.endsWith(')') ? msg.length - 1 : msg.length);
  return { type: 'delivery', queueId: msg.slice(0, q), relay, status, tlsFeature, detail };
}

/** The postscreen events carry no data of their own: one frozen object each, not one per line. */
const PS_CONNECT: PostscreenEvent = Object.freeze({ type: 'postscreen', what: 'connect' });
const PS_PASS: PostscreenEvent = Object.freeze({ type: 'postscreen', what: 'pass' });
const PS_DISCONNECT: PostscreenEvent = Object.freeze({ type: 'postscreen', what: 'disconnect' });
const PS_REJECT: PostscreenEvent = Object.freeze({ type: 'postscreen', what: 'reject' });

/** postscreen messages. */
export function parsePostscreenMessage(msg: string): PostscreenEvent | null {
  if (msg.startsWith('CONNECT from ')) return PS_CONNECT;
  if (msg.startsWith('PASS ')) return PS_PASS;
  if (msg.startsWith('DISCONNECT ')) return PS_DISCONNECT;
  if (msg.startsWith('NOQUEUE: reject: ')) return PS_REJECT;
  return null;
}

/** tlsproxy messages (postscreen's STARTTLS, and the smtp client's connection reuse). */
export function parseTlsproxyMessage(msg: string): PostfixEvent | null {
  if (msg.startsWith('CONNECT from ')) return { type: 'proxy-connect', direction: 'from', peer: peerAt(msg, 13) };
  if (msg.startsWith('CONNECT to ')) return { type: 'proxy-connect', direction: 'to', peer: peerAt(msg, 11) };
  if (msg.startsWith('DISCONNECT ')) return { type: 'proxy-end', failed: false, service: null, peer: peerAt(msg, 11) };
  if (msg.startsWith('TLS handshake failed for service=')) {
    const sp = msg.indexOf(' peer=', 33);
    if (sp < 0) return null;
    return { type: 'proxy-end', failed: true, service: msg.slice(33, sp), peer: peerAt(msg, sp + 6) };
  }
  const c = msg.charCodeAt(0);
  if (c === 65 || c === 84 || c === 85 || c === 86) return parseTlsEstablished(msg);
  if (msg.startsWith('SSL_accept error from ')) return sslError(msg, 'from', 22);
  if (msg.startsWith('SSL_connect error to ')) return sslError(msg, 'to', 21);
  if (msg.startsWith(LIB_PREFIX)) return { type: 'tls-library', reason: libraryReason(msg.slice(LIB_PREFIX.length)) };
  return null;
}

/**
 * master messages that say when it (re)read its configuration (src/master/master.c):
 * `daemon started -- version %s, configuration %s` at start, `reload -- version %s,
 * configuration %s` on SIGHUP (postfix reload), and `terminating on signal %d`
 * (src/master/master_sig.c). The version tells which log formats to expect; the times tell the
 * audit whether main.cf/master.cf changed after the running daemons read them.
 */
export function parseMasterMessage(msg: string): MasterEvent | null {
  let event: MasterEvent['event'];
  let at: number;
  if (msg.startsWith('daemon started -- version ')) { event = 'start'; at = 26; }
  else if (msg.startsWith('reload -- version ')) { event = 'reload'; at = 18; }
  else if (msg.startsWith('terminating on signal ')) return { type: 'master', event: 'stop', version: null, configDir: null };
  else return null;
  const comma = msg.indexOf(', configuration ', at);
  return {
    type: 'master', event,
    version: msg.slice(at, comma < 0 ? msg.length : comma),
    configDir: comma < 0 ? null : msg.slice(comma + 16).trim(),
  };
}

/** Strips `:port` from `host[addr]:port` so that one client is one entry. */
export function clientKey(peer: string): string {
  // Usually there is no port: skip the (slow in V8) lastIndexOf.
  if (peer.charCodeAt(peer.length - 1) === 93) return peer;
  const close = peer.lastIndexOf(']');
  return close >= 0 && close < peer.length - 1 ? peer.slice(0, close + 1) : peer;
}

export { STARTTLS_FIRST };
