import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket, type PeerCertificate } from 'node:tls';
import { MailtlsError, toMailtlsError, type Place } from '../errors.js';
import { HostPacer, WaitMeter, type PacerSlot } from './host-pacer.js';
import type { PushBack } from './pacing.js';
import { StreamTransport } from './transport.js';

export interface TcpTarget {
  readonly host: string;
  readonly port: number;
  /** The local address to connect from; when the system cannot bind it, the connection goes out unbound. */
  readonly localAddress?: string;
}

/**
 * The address mailtls's own probes come from when they go to a loopback address: one that no
 * client uses, so that the server's log shows them apart (Postfix logs neither the EHLO name
 * nor, by default, the client port). All of 127.0.0.0/8 is the host's own (RFC 1122 3.2.1.3).
 */
export const PROBE_LOOPBACK_SOURCE = '127.0.9.1';

/** The source a probe to this host uses: PROBE_LOOPBACK_SOURCE for IPv4 loopback, else the system's choice. */
export function probeSource(host: string): string | undefined {
  return /^127\./.test(host) ? PROBE_LOOPBACK_SOURCE : undefined;
}

/** Opens one TCP connection; rejects with ETIMEOUT, ECONNREFUSED, ENETWORK as coded errors. */
export async function connectTcp(
  target: TcpTarget, timeoutMs: number, maxBytes?: number, onClose?: () => void,
  /** Told how long the TCP handshake took, in ms (about one round trip), and the local address used. */
  onConnected?: (ms: number, localAddress: string | undefined) => void,
): Promise<StreamTransport> {
  const place: Place = { host: target.host, port: target.port };
  const socket: Socket = netConnect({ host: target.host, port: target.port, ...(target.localAddress !== undefined ? { localAddress: target.localAddress } : {}) });
  // Started after the socket exists: the first one in a process costs a few ms of set-up that is no distance.
  const started = process.hrtime.bigint();
  socket.setNoDelay(true);
  const outcome = await new Promise<'connected' | 'unbindable'>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new MailtlsError('ETIMEOUT', `no TCP connection within ${timeoutMs} ms`, { place }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      onConnected?.(Number(process.hrtime.bigint() - started) / 1e6, socket.localAddress);
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      // A source address this system cannot bind (a container with only 127.0.0.1): go unbound.
      if (target.localAddress !== undefined && err.code === 'EADDRNOTAVAIL') resolve('unbindable');
      else reject(toMailtlsError(err, 'ENETWORK', place));
    });
  });
  if (outcome === 'unbindable') return connectTcp({ host: target.host, port: target.port }, timeoutMs, maxBytes, onClose, onConnected);
  return new StreamTransport(socket, place, {
    ...(maxBytes !== undefined ? { maxBytes } : {}),
    ...(onClose ? { onClose } : {}),
  });
}

export interface ConnectorOptions {
  readonly host: string;
  readonly port: number;
  /** Connect timeout and the default read timeout, in ms. */
  readonly timeoutMs: number;
  /** Most connections open at once to this host. */
  readonly concurrency: number;
  /** Minimum ms between two connection starts. */
  readonly delayMs?: number;
  /** Connection starts per minute at most (--rate); the server may teach a lower one. */
  readonly ratePerMinute?: number;
  /** The window the server counts starts in, ms (default 60 s, Postfix anvil_rate_time_unit's default). */
  readonly rateWindowMs?: number;
  /** First pause after a refusal, ms (doubles with each refusal in a row). */
  readonly backoffMs?: number;
  /** The host's pacer, shared with other scans of it (sharedHostPacer); default: one of its own. */
  readonly pacer?: HostPacer;
  /** Byte cap per connection. */
  readonly maxBytes?: number;
  /** Connect from this local address (see probeSource()). */
  readonly localAddress?: string;
}

/**
 * The only way the scanner opens connections: paced per host (host-pacer.ts: concurrency, rate
 * and pauses learnt from the server's refusals), and counted (`stats.connections` is every TCP
 * connection opened, successful or not).
 */
export class Connector {
  readonly pacer: HostPacer;
  /** This connector's waiting for the pace (a shared pacer's other users wait on their own meters). */
  readonly meter = new WaitMeter();
  private readonly slots = new WeakMap<StreamTransport, PacerSlot>();
  connections = 0;
  /** The local addresses connections came from: how the server's log names this scanner. */
  readonly localAddresses = new Set<string>();
  /** The quickest TCP handshake so far, ms (null before the first): a distance estimate. */
  fastestConnectMs: number | null = null;

  constructor(readonly options: ConnectorOptions) {
    this.pacer = options.pacer ?? new HostPacer(options.host, {
      maxConnections: options.concurrency,
      delayMs: options.delayMs ?? 0,
      ratePerMinute: options.ratePerMinute ?? null,
      ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
      ...(options.rateWindowMs !== undefined ? { windowMs: options.rateWindowMs } : {}),
    });
  }

  /**
   * Opens a connection once the pacer allows; closing the transport frees the slot. With a
   * `deadline` (epoch ms), rejects with PatienceError rather than wait past it. A TCP connect
   * that times out is the server's silence, and the pacer hears of it.
   */
  async open(deadline = Infinity): Promise<StreamTransport> {
    const place: Place = { host: this.options.host, port: this.options.port };
    const slot = await this.pacer.acquire(deadline, place, this.meter);
    try {
      this.connections++;
      const t = await connectTcp(this.options, this.options.timeoutMs, this.options.maxBytes, () => slot.release(), (ms, local) => {
        if (local !== undefined) this.localAddresses.add(local.startsWith('::ffff:') ? local.slice(7) : local);
        this.fastestConnectMs = this.fastestConnectMs === null ? ms : Math.min(this.fastestConnectMs, ms);
      });
      this.slots.set(t, slot);
      return t;
    } catch (err) {
      if (err instanceof MailtlsError && err.code === 'ETIMEOUT') slot.refused('silent', err.message);
      slot.release();
      throw err;
    }
  }

  /** The server took this connection (its greeting, or the TCP connect for implicit TLS). */
  accepted(t: StreamTransport, greetMs: number | null): void {
    this.slots.get(t)?.accepted(greetMs);
  }

  /** The server refused this connection (421, 450, a busy 554), reset it, or never greeted. */
  refused(t: StreamTransport, kind: PushBack, detail: string): void {
    this.slots.get(t)?.refused(kind, detail);
  }

  /** Wall time this connector's starts were held back by the pace, ms. */
  get waitedMs(): number {
    return this.meter.waitedMs;
  }
}

export interface TlsPeer {
  readonly protocol: string | null;
  readonly cipher: string | null;
  /** DER of the peer's chain as sent, leaf first. */
  readonly chain: Uint8Array[];
  /**
   * Whether a session ticket (TLS 1.3 NewSessionTicket, RFC 8446 section 4.6.1) has arrived so
   * far: servers send it after the handshake, so read this after some traffic (EHLO).
   */
  readonly ticketReceived: () => boolean;
  /** The TLS ≤1.2 session ticket the server issued in this handshake (RFC 5077), null if none. */
  readonly tlsTicket: () => Uint8Array | null;
  /**
   * One client-initiated renegotiation (RFC 5246 section 7.4.1.2; TLS ≤1.2 only): true when a
   * new handshake completed, false when the server refused (an alert, a close). Rejects with
   * ETIMEOUT when the server does not answer. After a refusal the session is gone.
   */
  readonly renegotiate: (timeoutMs: number) => Promise<boolean>;
}

export interface TlsUpgradeOptions {
  /** Cap the version node:tls offers: the vulnerability probes need a TLS 1.2 session (tickets, renegotiation). */
  readonly maxVersion?: 'TLSv1.2';
}

function renegotiateOnce(socket: TLSSocket, timeoutMs: number, place: Place): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    if (socket.destroyed) { resolve(false); return; }
    let settled = false;
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off('close', onClose);
      fn();
    };
    const onError = () => done(() => resolve(false));
    const onClose = () => done(() => resolve(false));
    const timer = setTimeout(() => done(() => reject(new MailtlsError('ETIMEOUT', `no answer to a renegotiation within ${timeoutMs} ms`, { place }))), timeoutMs);
    socket.on('error', onError);
    socket.on('close', onClose);
    // node:tls: the callback gets an error when OpenSSL refused to start or the handshake failed.
    const started = socket.renegotiate({ rejectUnauthorized: false }, (err) => done(() => resolve(err === null || err === undefined)));
    if (!started) done(() => resolve(false));
  });
}

/**
 * Hands a connected plaintext transport to node:tls (after STARTTLS or for implicit TLS).
 * Anything buffered but unread is dropped first: RFC 3207 section 6 says the client must
 * discard what it received before TLS. node:tls verifies nothing here: a scanner must see
 * untrusted servers too, and callers judge trust from the chain themselves. Hence `ca: []`: without it, the first handshake of the process makes
 * Node parse its ~140 built-in roots into an OpenSSL store (30-40 ms of CPU on a small machine,
 * a tenth of a whole scan of a near server) that no one would consult.
 */
export async function upgradeToTls(
  plain: StreamTransport,
  servername: string | undefined,
  timeoutMs: number,
  maxBytes?: number,
  /** OpenSSL sigalgs string: restricting it selects one leaf of a dual-certificate server in TLS 1.3. */
  sigalgs?: string,
  tlsOptions: TlsUpgradeOptions = {},
): Promise<{ transport: StreamTransport; peer: TlsPeer }> {
  plain.discardBuffered();
  const { stream, onClose } = plain.detach();
  const place = plain.place;
  const socket: TLSSocket = tlsConnect({
    socket: stream,
    rejectUnauthorized: false,
    ca: [],
    ...(sigalgs ? { sigalgs, minVersion: 'TLSv1.3' as const } : {}),
    ...(tlsOptions.maxVersion ? { maxVersion: tlsOptions.maxVersion } : {}),
    ...(servername && isIP(servername) === 0 ? { servername } : {}),
  });
  let ticket = false;
  socket.on('session', () => { ticket = true; });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new MailtlsError('ETIMEOUT', `no TLS handshake within ${timeoutMs} ms`, { place })), timeoutMs);
      socket.once('secureConnect', () => { clearTimeout(timer); resolve(); });
      socket.once('error', (err) => { clearTimeout(timer); reject(toMailtlsError(err, 'ETLS_PROTOCOL', place)); });
      socket.once('close', () => { clearTimeout(timer); reject(new MailtlsError('ECONNRESET', 'the connection closed during the TLS handshake', { place })); });
    });
  } catch (err) {
    socket.destroy();
    onClose?.();
    throw err;
  }
  socket.removeAllListeners('error');
  socket.removeAllListeners('close');
  const chain: Uint8Array[] = [];
  let cert: PeerCertificate & { issuerCertificate?: PeerCertificate } = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(new Uint8Array(cert.raw));
    if (!cert.issuerCertificate || cert.issuerCertificate === cert) break;
    cert = cert.issuerCertificate;
  }
  const c = socket.getCipher() as { name?: string } | undefined;
  const peer: TlsPeer = {
    protocol: socket.getProtocol() ?? null,
    cipher: c?.name ?? null,
    chain,
    ticketReceived: () => ticket,
    tlsTicket: () => {
      const t = socket.getTLSTicket();
      return t && t.length > 0 ? new Uint8Array(t) : null;
    },
    renegotiate: (ms) => renegotiateOnce(socket, ms, place),
  };
  return { transport: new StreamTransport(socket, place, { ...(maxBytes !== undefined ? { maxBytes } : {}), ...(onClose ? { onClose } : {}) }), peer };
}
