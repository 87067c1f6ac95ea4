// Over 500 lines: one tracker; its smtpd, tlsproxy and smtp sides share the open-session table and its bounds.
/**
 * Correlates events into sessions and deliveries.
 *
 * smtpd handles one client at a time per process (src/smtpd/smtpd.c smtpd_service()), so the
 * syslog tag with its pid (`postfix/submission/smtpd[7126]`) identifies the current session
 * from `connect from` to `disconnect from`. State is bounded: a new `connect` on the same tag
 * (pid reuse, or a lost disconnect line) closes the previous session, sessions idle for
 * longer than STALE_MS are closed, and at most MAX_OPEN sessions are kept (oldest closed first).
 *
 * The smtp client logs its TLS line before the delivery lines of that connection
 * (src/smtp/smtp_proto.c), so a delivery inherits the TLS of the last TLS line of its process
 * when the peer matches.
 */
import type { Counters, PostfixEvent, TlsEvent } from './postfix-events.js';
import { clientKey } from './postfix-events.js';
import { Interner, ownString } from './line.js';
import { isSocketRelay, outcomeFromFeature, tlsDeliveryFailure } from './delivery-outcome.js';

export { outcomeFromFeature, tlsDeliveryFailure } from './delivery-outcome.js';

/** What a session achieved. */
export type SessionOutcome =
  | { readonly kind: 'tls'; readonly protocol: string; readonly cipher: string; readonly bits: number; readonly trust: string }
  /** TLS was used (`starttls=1`, or a wrapper-mode session ran commands) but smtpd_tls_loglevel = 0 hid the details. */
  | { readonly kind: 'tls-unlogged' }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'plaintext' }
  | { readonly kind: 'unknown' };

export interface SessionRecord {
  readonly service: string;
  /** `name[addr]` without the port. */
  readonly client: string;
  /** The process id: with the service, `postfix/submission/smtpd[7126]`. */
  readonly pid: number;
  readonly start: number;
  readonly end: number;
  readonly outcome: SessionOutcome;
  /** AUTH succeeded (`sasl_username=` or `auth=N` with N > 0). */
  readonly authenticated: boolean;
  /** AUTH was tried, successfully or not: credentials went over the wire. */
  readonly authAttempted: boolean;
  readonly saslUsername: string | null;
  /** The disconnect line was seen. */
  readonly complete: boolean;
  readonly sni: string | null;
}

/** The client of a session known only from a warning (mail.warn holds no `connect from`). */
export const UNKNOWN_CLIENT = '(unknown client)';

export interface DeliveryRecord {
  readonly service: string;
  readonly relay: string;
  readonly time: number;
  readonly status: string;
  /**
   * `tls` from the process's TLS line; `plaintext`/`tls-unlogged`/`failed` from 3.11's `tls=`;
   * `unknown` when neither says (decided later: plaintext if the log has client TLS lines).
   */
  readonly outcome: SessionOutcome;
  readonly tlsFeature: string | null;
}

export interface HandshakeFailureRecord {
  readonly service: string;
  readonly peer: string;
  readonly time: number;
  readonly reason: string;
}

/** Identifies one process: a number made from the service and the pid, or a string. */
export type ProcessKey = number | string;

export interface SessionSink {
  session(r: SessionRecord): void;
  delivery(r: DeliveryRecord): void;
  outboundFailure(r: HandshakeFailureRecord): void;
}

interface OpenSession {
  service: string;
  client: string;
  key: ProcessKey;
  pid: number;
  start: number;
  last: number;
  tls: TlsEvent | null;
  sslError: string | null;
  libReason: string | null;
  afterStarttls: string | null;
  afterConnect: string | null;
  starttlsRequired: boolean;
  saslUsername: string | null;
  authFailed: boolean;
  /** Begun by a `TLS library problem` warning with no session around it: the client is not known yet. */
  orphan: boolean;
}

interface OpenClient {
  tls: TlsEvent | null;
  failure: HandshakeFailureRecord | null;
  failureHasReason: boolean;
  /** A delivery line carried the failure (so it is not reported again on its own). */
  failureAttached: boolean;
}

export const MAX_OPEN = 20_000;
export const STALE_MS = 3 * 3600_000;
/**
 * Sessions whose class waits for the whole log (see SessionTracker.hold), at most. Past it they
 * are settled with what the log has told so far: only a log with this many sessions and still
 * no TLS line at all gets there.
 */
export const MAX_HELD = 50_000;
/**
 * `TLS library problem` warnings of one process within this of each other (the same stamp, as
 * stamps have whole seconds) are one handshake: tls_print_errors() prints the error queue at once.
 */
const ONE_HANDSHAKE_MS = 1000;
/** tlsproxy peers whose CONNECT direction is remembered until their DISCONNECT, at most. */
const MAX_PROXY_PEERS = 10_000;

export interface TrackerOptions {
  readonly maxOpen?: number;
  readonly staleMs?: number;
}

/** Wrapper-mode (implicit TLS) services by the names of the stock master.cf (smtps up to 3.6, submissions from 3.7). */
function wrapperByName(service: string): boolean {
  return service.includes('/smtps/') || service.includes('/submissions/');
}

export class SessionTracker {
  private readonly open = new Map<ProcessKey, OpenSession>();
  private readonly clients = new Map<ProcessKey, OpenClient>();
  private readonly maxOpen: number;
  private readonly staleMs: number;
  /** Per service: true = wrapper mode seen, false = STARTTLS seen; absent = unknown. */
  private readonly wrapperEvidence = new Map<string, boolean>();
  /** Any smtpd/tlsproxy TLS line seen: smtpd_tls_loglevel >= 1. */
  inboundTlsLogged = false;
  /** Any smtp/lmtp TLS line seen: smtp_tls_loglevel >= 1. */
  outboundTlsLogged = false;
  /** Sessions closed because of the bound (not by their own disconnect). */
  evicted = 0;
  private sweepAt = 0;
  /**
   * Sessions of Postfix before 3.0 (no counters) without a TLS line: plaintext when the log
   * holds TLS lines at all (smtpd_tls_loglevel >= 1), else unknown. Held until a TLS line
   * settles it or the log ends, so that the answer does not depend on which comes first.
   */
  private held: SessionRecord[] = [];

  constructor(private readonly sink: SessionSink, opts: TrackerOptions = {}) {
    this.maxOpen = opts.maxOpen ?? MAX_OPEN;
    this.staleMs = opts.staleMs ?? STALE_MS;
  }

  get openSessions(): number {
    return this.open.size;
  }

  /**
   * smtpd events (any syslog_name). `service` must be a string of its own (not a slice of a log
   * chunk: it is kept); `key` identifies the process (one number per service and pid, made by
   * the caller without slicing the tag out of the line); `pid` is for the report.
   */
  server(service: string, key: ProcessKey, pid: number, time: number, ev: PostfixEvent): void {
    switch (ev.type) {
      case 'connect': {
        const prev = this.open.get(key);
        // A warning-begun session that no line claimed before this process's next `connect` was
        // no handshake: smtpd logs its TLS initialisation errors (certificate and key loading,
        // tls_server_init()) at start-up, before its first session.
        if (prev?.orphan === true) this.open.delete(prev.key);
        else if (prev) this.close(prev, null, false);
        this.begin(service, key, pid, clientKey(ev.client), time);
        return;
      }
      case 'disconnect': {
        const s = this.open.get(key) ?? this.begin(service, key, pid, clientKey(ev.client), time);
        if (s.orphan) this.adopt(s, ev.client);
        s.last = time;
        this.close(s, ev.counters, true);
        return;
      }
      case 'tls': {
        if (ev.direction !== 'from') return;
        this.tlsSeen();
        const s = this.open.get(key) ?? this.begin(service, key, pid, clientKey(ev.peer), time);
        if (s.orphan) this.adopt(s, ev.peer);
        s.tls = this.ownTls(ev, false);
        s.last = time;
        return;
      }
      case 'client': {
        const s = this.open.get(key);
        if (!s) return;
        if (ev.saslUsername !== null) s.saslUsername = ownString(ev.saslUsername);
        s.last = time;
        return;
      }
      case 'ssl-error': {
        const s = this.open.get(key) ?? this.begin(service, key, pid, clientKey(ev.peer), time);
        if (s.orphan) this.adopt(s, ev.peer);
        s.sslError = ownString(ev.detail);
        s.last = time;
        return;
      }
      case 'tls-library': {
        let s = this.open.get(key);
        if (s?.orphan === true && !(time - s.last < ONE_HANDSHAKE_MS)) {
          // The same process, a later handshake: mail.warn shows one warning per failure.
          this.close(s, null, false);
          s = undefined;
        }
        if (s === undefined) {
          // No `connect from` before it (mail.warn and mail.err hold only warnings): still a
          // failed handshake of this service, its client unknown until a line names it.
          s = this.begin(service, key, pid, UNKNOWN_CLIENT, time);
          s.orphan = true;
        }
        if (s.libReason === null && s.tls === null) s.libReason = this.names.get(ev.reason);
        s.last = time;
        return;
      }
      case 'after': {
        const s = this.open.get(key);
        if (!s) return;
        if (s.orphan) this.adopt(s, ev.client);
        if (ev.command === 'STARTTLS') s.afterStarttls = this.names.get(ev.what);
        else if (ev.command === 'CONNECT') s.afterConnect = this.names.get(ev.what);
        s.last = time;
        return;
      }
      case 'starttls-required': {
        const s = this.open.get(key);
        if (s) s.starttlsRequired = true;
        return;
      }
      case 'auth-failed': {
        const s = this.open.get(key);
        if (s) s.authFailed = true;
        return;
      }
      default:
        return;
    }
  }

  /**
   * tlsproxy serves many connections per process (src/tlsproxy/tlsproxy.c), so its sessions are
   * keyed by the peer: each TLS line or failed handshake is one session. A failed handshake is
   * `TLS handshake failed for service=%s peer=%s` (tlsproxy_state.c), after the `TLS library
   * problem` lines that give its reason (tls_print_errors() runs just before, in
   * tlsp_eval_tls_error()); older versions log `SSL_accept error from %s` instead.
   */
  proxy(service: string, key: ProcessKey, pid: number, time: number, ev: PostfixEvent): void {
    const tag = `${service}[${pid}]`;
    const libReason = this.proxyLibReason.get(key);
    if (libReason !== undefined && ev.type !== 'tls-library') this.proxyLibReason.delete(key);
    if (ev.type === 'tls' && ev.direction === 'from') {
      this.tlsSeen();
      const s = this.begin(service, `${tag} ${ev.peer}`, pid, clientKey(ev.peer), time);
      s.tls = this.ownTls(ev, false);
      this.close(s, null, true);
    } else if (ev.type === 'ssl-error' && ev.direction === 'from') {
      const sessionKey = ownString(`${tag} ${ev.peer}`);
      const s = this.begin(service, sessionKey, pid, clientKey(ev.peer), time);
      s.sslError = ownString(ev.detail);
      // Keep it open for the `TLS library problem` lines that follow (tls_server.c); the next
      // event of this process closes it.
      this.lastProxyError.set(key, sessionKey);
    } else if (ev.type === 'tls-library') {
      const k = this.lastProxyError.get(key);
      const s = k !== undefined ? this.open.get(k) : undefined;
      if (s) {
        if (s.libReason === null) s.libReason = this.names.get(ev.reason);
      } else if (libReason === undefined) {
        this.proxyLibReason.set(key, this.names.get(ev.reason));
      }
      return;
    } else if (ev.type === 'proxy-connect') {
      if (this.proxyPeers.size >= MAX_PROXY_PEERS) this.proxyPeers.clear();
      this.proxyPeers.set(ownString(`${tag} ${ev.peer}`), ev.direction);
    } else if (ev.type === 'proxy-end') {
      const peerKey = `${tag} ${ev.peer}`;
      const direction = this.proxyPeers.get(peerKey);
      this.proxyPeers.delete(peerKey);
      const pending = this.lastProxyError.get(key);
      // The `SSL_accept error` session of the same peer already counts this failure.
      if (ev.failed && pending !== peerKey) this.proxyFailure(service, peerKey, pid, time, ev.peer, direction, libReason);
    }
    const pending = this.lastProxyError.get(key);
    if (pending !== undefined && !(ev.type === 'ssl-error' && `${tag} ${ev.peer}` === pending)) {
      const s = this.open.get(pending);
      if (s) this.close(s, null, true);
      this.lastProxyError.delete(key);
    }
  }

  /**
   * A tlsproxy handshake that failed: inbound (postscreen's STARTTLS, `service=smtpd`: port
   * 25) is a failed session of the tlsproxy service, the row its TLS sessions are counted in;
   * outbound (`CONNECT to`, the smtp client's connection reuse) is a failed handshake of the
   * client side.
   */
  private proxyFailure(
    service: string, peerKey: string, pid: number, time: number, peer: string,
    direction: 'from' | 'to' | undefined, libReason: string | undefined,
  ): void {
    const reason = libReason ?? 'TLS handshake failed';
    if (direction === 'to') {
      this.sink.outboundFailure({ service, peer: ownString(peer), time, reason });
      return;
    }
    const s = this.begin(service, peerKey, pid, clientKey(peer), time);
    s.libReason = reason;
    this.close(s, null, true);
  }

  private readonly lastProxyError = new Map<ProcessKey, string>();
  /** A `TLS library problem` of a tlsproxy process waiting for its `TLS handshake failed` line. */
  private readonly proxyLibReason = new Map<ProcessKey, string>();
  /** `tag peer` -> the direction of its CONNECT line, until its DISCONNECT. */
  private readonly proxyPeers = new Map<string, 'from' | 'to'>();

  /** A session begun by a warning learns its client from the first line that names it. */
  private adopt(s: OpenSession, peer: string): void {
    s.client = this.clientNames.get(clientKey(peer));
    s.orphan = false;
  }

  /** A server-side TLS line: smtpd_tls_loglevel >= 1, which settles the sessions held. */
  private tlsSeen(): void {
    if (this.inboundTlsLogged) return;
    this.inboundTlsLogged = true;
    this.release();
  }

  /** Emits the held sessions, plaintext if the log has server TLS lines, else unknown. */
  private release(): void {
    const outcome: SessionOutcome = this.inboundTlsLogged ? PLAINTEXT : UNKNOWN;
    const held = this.held;
    this.held = [];
    for (const r of held) this.sink.session({ ...r, outcome });
  }

  /** smtp and lmtp client events. */
  client(service: string, key: ProcessKey, time: number, ev: PostfixEvent): void {
    if (ev.type === 'tls-library') {
      // Follows `SSL_connect error` (src/tls/tls_client.c): the first one names the reason.
      const c = this.clients.get(key);
      if (c?.failure && !c.failureHasReason) {
        c.failure = { ...c.failure, reason: this.names.get(ev.reason) };
        c.failureHasReason = true;
      }
      return;
    }
    const c0 = this.clients.get(key);
    if (c0?.failure && !(ev.type === 'delivery' && ev.relay === c0.failure.peer)) this.finishFailure(c0);
    switch (ev.type) {
      case 'tls': {
        if (ev.direction !== 'to') return;
        this.outboundTlsLogged = true;
        this.clientState(key).tls = this.ownTls(ev, true);
        return;
      }
      case 'ssl-error': {
        const c = this.clientState(key);
        c.tls = null;
        c.failure = { service: ownString(service), peer: ownString(ev.peer), time, reason: /^-?\d+$/.test(ev.detail) ? 'TLS handshake failed' : ownString(ev.detail) };
        c.failureHasReason = false;
        c.failureAttached = false;
        return;
      }
      case 'delivery': {
        // `relay=none`: no connection; `host[private/name]`: a UNIX-domain socket, where TLS does not apply.
        if (ev.relay === 'none' || isSocketRelay(ev.relay)) return;
        const c = this.clients.get(key);
        let outcome: SessionOutcome;
        if (c?.failure && c.failure.peer === ev.relay) {
          // The delivery that the failed handshake just deferred: one failure, not two.
          outcome = { kind: 'failed', reason: c.failure.reason };
          c.failureAttached = true;
        } else if (c?.tls && c.tls.peer === ev.relay) {
          outcome = { kind: 'tls', protocol: c.tls.protocol, cipher: c.tls.cipher, bits: c.tls.bits, trust: c.tls.trust };
        } else {
          outcome = outcomeFromFeature(ev.tlsFeature);
          if (outcome.kind === 'unknown' && ev.status !== 'sent') {
            const why = tlsDeliveryFailure(ev.detail);
            if (why !== null) outcome = { kind: 'failed', reason: why };
          }
        }
        this.sink.delivery({ service, relay: ev.relay, time, status: ev.status, outcome, tlsFeature: ev.tlsFeature });
        return;
      }
      default:
        return;
    }
  }

  /**
   * The parts of a TLS line that sessions keep, as copies (a kept slice would pin its chunk of
   * log text). The server side needs no peer: the session has its client.
   */
  private ownTls(ev: TlsEvent, withPeer: boolean): TlsEvent {
    return {
      // Trust words and protocol names are shorter than 13 characters: V8 copies such slices.
      type: 'tls', direction: ev.direction, trust: ev.trust.length < 13 ? ev.trust : ownString(ev.trust), reused: ev.reused,
      peer: withPeer ? this.peers.get(ev.peer) : '', sni: ev.sni === null ? null : ownString(ev.sni),
      protocol: ev.protocol.length < 13 ? ev.protocol : this.names.get(ev.protocol), cipher: this.names.get(ev.cipher), bits: ev.bits,
      keyExchange: null, serverSignature: null, clientSignature: null,
    };
  }

  private finishFailure(c: OpenClient): void {
    if (c.failure && !c.failureAttached) this.sink.outboundFailure(c.failure);
    c.failure = null;
    c.failureHasReason = false;
    c.failureAttached = false;
  }

  private clientState(key: ProcessKey): OpenClient {
    let c = this.clients.get(key);
    if (!c) {
      if (this.clients.size >= this.maxOpen) {
        const oldest = this.clients.entries().next();
        if (oldest.done !== true) {
          this.finishFailure(oldest.value[1]);
          this.clients.delete(oldest.value[0]);
        }
      }
      c = { tls: null, failure: null, failureHasReason: false, failureAttached: false };
      this.clients.set(typeof key === 'string' ? ownString(key) : key, c);
    }
    return c;
  }

  /** Repeated strings, one copy each (see Interner). */
  private readonly names = new Interner(256);
  private readonly peers = new Interner(2_000);
  /** Clients repeat (the same MX peers, the same submission users): a larger front cache. */
  private readonly clientNames = new Interner(20_000, 8192);

  private begin(service: string, key: ProcessKey, pid: number, client: string, time: number): OpenSession {
    const s: OpenSession = {
      service, client: this.clientNames.get(client), key: typeof key === 'string' ? ownString(key) : key, pid,
      start: time, last: time, tls: null, sslError: null, libReason: null, afterStarttls: null, afterConnect: null,
      starttlsRequired: false, saslUsername: null, authFailed: false, orphan: false,
    };
    this.open.set(s.key, s);
    if (this.open.size > this.maxOpen) this.evictOldest(Math.max(1, this.maxOpen >> 4));
    if (time > this.sweepAt) this.sweep(time);
    return s;
  }

  private evictOldest(n: number): void {
    for (const s of this.open.values()) {
      if (n-- <= 0) break;
      this.evicted++;
      this.close(s, null, false);
    }
  }

  /** Closes sessions idle for longer than staleMs before `now` (checked every 10 minutes of log time). */
  private sweep(now: number): void {
    this.sweepAt = now + 600_000;
    const limit = now - this.staleMs;
    for (const s of this.open.values()) {
      if (s.last < limit) {
        this.evicted++;
        this.close(s, null, false);
      }
    }
  }

  /** Closes every open session: the end of the input. */
  flush(): void {
    for (const s of [...this.open.values()]) this.close(s, null, false);
    this.lastProxyError.clear();
    this.proxyLibReason.clear();
    this.proxyPeers.clear();
    for (const c of this.clients.values()) this.finishFailure(c);
    this.release();
  }

  private isWrapper(service: string): boolean {
    return this.wrapperEvidence.get(service) ?? wrapperByName(service);
  }

  private close(s: OpenSession, counters: Counters | null, complete: boolean): void {
    this.open.delete(s.key);
    if (counters) {
      // Evidence about the service's mode: a STARTTLS counter means STARTTLS; a TLS session with
      // counters but no STARTTLS means TLS began at connect (smtpd_tls_wrappermode = yes).
      if (counters.starttlsTotal >= 0) this.wrapperEvidence.set(s.service, false);
      else if (s.tls !== null) this.wrapperEvidence.set(s.service, true);
    }
    const authenticated = s.saslUsername !== null || (counters !== null && counters.authOk > 0);
    const authAttempted = authenticated || s.authFailed || (counters !== null && counters.authTotal > 0);
    const outcome = this.classify(s, counters, complete);
    const record: SessionRecord = {
      service: s.service,
      client: s.client,
      pid: s.pid,
      start: s.start,
      end: s.last,
      outcome,
      authenticated,
      authAttempted,
      saslUsername: s.saslUsername,
      complete,
      sni: s.tls?.sni ?? null,
    };
    if (outcome === UNTOLD) this.hold(record);
    else this.sink.session(record);
  }

  /** A session whose class the rest of the log decides (see `held`). */
  private hold(r: SessionRecord): void {
    if (this.inboundTlsLogged) {
      this.sink.session({ ...r, outcome: PLAINTEXT });
      return;
    }
    this.held.push(r);
    if (this.held.length >= MAX_HELD) this.release();
  }

  private classify(s: OpenSession, counters: Counters | null, complete: boolean): SessionOutcome {
    if (s.tls !== null) {
      return { kind: 'tls', protocol: s.tls.protocol, cipher: s.tls.cipher, bits: s.tls.bits, trust: s.tls.trust };
    }
    const starttlsFailed = counters !== null && counters.starttlsTotal > 0 && counters.starttlsOk === 0;
    // A `TLS library problem` without a TLS line is a failed handshake too (tls_misc.c
    // tls_print_errors() runs when SSL_accept() fails), even with no `SSL_accept error` line.
    if (s.sslError !== null || s.libReason !== null || s.afterStarttls !== null || starttlsFailed) {
      return { kind: 'failed', reason: failureReason(s) };
    }
    if (counters !== null && counters.starttlsOk > 0) return { kind: 'tls-unlogged' };
    if (this.isWrapper(s.service)) {
      // With implicit TLS no command runs before the handshake.
      if (counters !== null && counters.commandsOk > 0) return { kind: 'tls-unlogged' };
      if (counters !== null || s.afterConnect !== null) {
        return { kind: 'failed', reason: s.afterConnect !== null ? `no TLS handshake (${s.afterConnect} after CONNECT)` : 'no TLS handshake' };
      }
      return { kind: 'unknown' };
    }
    if (counters !== null) return { kind: 'plaintext' };
    // Postfix before 3.0 logs no counters: without a TLS line the session was plaintext only
    // if TLS lines are logged at all, which the whole log decides (hold()).
    if (complete) return UNTOLD;
    return { kind: 'unknown' };
  }
}

const PLAINTEXT: SessionOutcome = Object.freeze({ kind: 'plaintext' });
const UNKNOWN: SessionOutcome = Object.freeze({ kind: 'unknown' });
/** classify()'s answer for a session that hold() settles: never given to the sink as such. */
const UNTOLD: SessionOutcome = Object.freeze({ kind: 'unknown' });

function failureReason(s: OpenSession): string {
  if (s.libReason !== null) return s.libReason;
  if (s.sslError !== null) {
    // `SSL_accept error from X: -1` carries no reason; `: lost connection` or `: %m` does.
    return /^-?\d+$/.test(s.sslError) ? 'TLS handshake failed' : s.sslError;
  }
  if (s.afterStarttls !== null) return `${s.afterStarttls} after STARTTLS`;
  return 'STARTTLS failed';
}
