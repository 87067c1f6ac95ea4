/**
 * The one listening socket of mailtls (`mailtls listen`): a TCP server on loopback, each
 * accepted connection wrapped as a StreamTransport, and the server side of TLS on a connection
 * whose first bytes the caller has read itself (the ClientHello, decoded by src/wire): those
 * bytes go back into the socket (socket.unshift) before node:tls sees it.
 */
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { TLSSocket, createSecureContext } from 'node:tls';
import { constants } from 'node:crypto';
import { MailtlsError, toMailtlsError, type Place } from '../errors.js';
import { StreamTransport } from './transport.js';

export interface ListenerOptions {
  readonly address: string;
  /** 0: a free port. */
  readonly port: number;
  /** Connections handled at once; more are closed at accept (a flood costs nothing). */
  readonly maxConnections: number;
  /** Byte cap per connection (StreamTransport maxBytes). */
  readonly maxBytes: number;
}

export interface Listener {
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Loopback: 127.0.0.0/8 and ::1 (RFC 6890). */
export function isLoopback(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('127.');
  if (isIP(address) === 6) return address === '::1' || address === '0:0:0:0:0:0:0:1';
  return false;
}

export async function startListener(
  opts: ListenerOptions,
  onConnection: (transport: StreamTransport, peer: { address: string; port: number }) => void,
): Promise<Listener> {
  if (isIP(opts.address) === 0) throw new MailtlsError('EUSAGE', `"${opts.address}" is not an IP address`);
  let open = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    if (open >= opts.maxConnections) {
      socket.destroy();
      return;
    }
    open++;
    sockets.add(socket);
    socket.setNoDelay(true);
    const peer = { address: (socket.remoteAddress ?? '').replace(/^::ffff:/, ''), port: socket.remotePort ?? 0 };
    const place: Place = { host: peer.address, port: peer.port };
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      open--;
    };
    socket.once('close', () => { release(); sockets.delete(socket); });
    onConnection(new StreamTransport(socket, place, { maxBytes: opts.maxBytes, onClose: release }), peer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(toMailtlsError(err, 'ENETWORK', { host: opts.address, port: opts.port })));
    server.listen(opts.port, opts.address, () => resolve());
  });
  server.on('error', () => undefined);
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : opts.port;
  return {
    address: opts.address,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      // server.close waits for every connection to be gone; a socket node:tls took over may
      // report its close late, so do not wait on it for long.
      const timer = setTimeout(resolve, 1000);
      timer.unref();
      server.close(() => { clearTimeout(timer); resolve(); });
    }),
  };
}

export interface TlsServerOptions {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export interface TlsAccepted {
  readonly transport: StreamTransport;
  readonly protocol: string | null;
  readonly cipher: string | null;
}

/**
 * The server side of the handshake on a plaintext transport whose first TLS bytes (`pushedBack`)
 * were already read. The server accepts whatever the client offers (TLS 1.0 and up, every suite
 * OpenSSL has, security level 0): a capture server is there to see the client's best, not to
 * judge it by refusing. No session tickets: a later connection of the same client makes a full
 * handshake, so each capture shows a fresh ClientHello.
 */
export async function acceptTls(plain: StreamTransport, pushedBack: Uint8Array, opts: TlsServerOptions): Promise<TlsAccepted> {
  const place = plain.place;
  plain.discardBuffered();
  const { stream, onClose } = plain.detach();
  const socket = stream as Socket;
  socket.pause();
  if (pushedBack.length > 0) socket.unshift(Buffer.from(pushedBack));
  const secureContext = createSecureContext({
    key: opts.key, cert: opts.cert, minVersion: 'TLSv1', ciphers: 'ALL:@SECLEVEL=0',
    secureOptions: constants.SSL_OP_NO_TICKET,
  });
  const tls = new TLSSocket(socket, { isServer: true, secureContext });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new MailtlsError('ETIMEOUT', `no TLS handshake within ${opts.timeoutMs} ms`, { place })), opts.timeoutMs);
      tls.once('secure', () => { clearTimeout(timer); resolve(); });
      tls.once('error', (err) => { clearTimeout(timer); reject(toMailtlsError(err, 'ETLS_PROTOCOL', place)); });
      tls.once('close', () => { clearTimeout(timer); reject(new MailtlsError('ECONNRESET', 'the client closed the connection during the TLS handshake', { place })); });
    });
  } catch (err) {
    tls.destroy();
    socket.destroy();
    onClose?.();
    throw err;
  }
  tls.removeAllListeners('error');
  tls.removeAllListeners('close');
  // The TCP socket under the TLS one goes with it (the listener counts it until then).
  tls.once('close', () => socket.destroy());
  const c = tls.getCipher() as { name?: string } | undefined;
  return {
    transport: new StreamTransport(tls, place, { maxBytes: opts.maxBytes, ...(onClose ? { onClose } : {}) }),
    protocol: tls.getProtocol() ?? null,
    cipher: c?.name ?? null,
  };
}
