/**
 * A scripted TCP server on 127.0.0.1 for what no real Postfix can produce: SSLv3, export and RC4
 * suites (OpenSSL 3 has none of them), and hostile behaviour (garbage, floods, silence, resets,
 * injected plaintext, malformed TLS). Each connection runs the given script.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';

export class FakeConn {
  private buf = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private ended = false;
  private readonly onData = (d: Buffer) => { this.buf = Buffer.concat([this.buf, d]); this.waiter?.(); };
  private readonly onEnd = () => { this.ended = true; this.waiter?.(); };

  constructor(readonly socket: Socket, readonly index: number) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onEnd);
  }

  /**
   * Hands the socket to someone else (a real node:tls server): stops reading and puts back
   * `replay` and whatever arrived but was not consumed, so the new reader sees them first.
   */
  detach(replay: Uint8Array = new Uint8Array(0)): Socket {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onEnd);
    const rest = Buffer.concat([replay, this.buf]);
    this.buf = Buffer.alloc(0);
    this.socket.pause();
    if (rest.length > 0) this.socket.unshift(rest);
    return this.socket;
  }

  send(data: string | Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** Waits until `n` bytes are buffered; null if the client went away first. */
  private async need(n: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.buf.length < n) {
      if (this.ended || Date.now() > deadline) return false;
      await new Promise<void>((r) => { this.waiter = r; setTimeout(r, Math.max(1, deadline - Date.now())); });
      this.waiter = undefined;
    }
    return true;
  }

  async readLine(timeoutMs = 5000): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.buf.indexOf(10);
      if (i >= 0) {
        const line = this.buf.subarray(0, i).toString('latin1').replace(/\r$/, '');
        this.buf = this.buf.subarray(i + 1);
        return line;
      }
      if (!(await this.need(this.buf.length + 1, deadline - Date.now()))) return null;
    }
  }

  /** One TLS record (or an SSLv2 record, flagged). */
  async readRecord(timeoutMs = 5000): Promise<{ sslv2: boolean; type: number; version: number; body: Buffer } | null> {
    if (!(await this.need(2, timeoutMs))) return null;
    const b0 = this.buf[0] ?? 0;
    if (b0 & 0x80) {
      const len = ((b0 & 0x7f) << 8) | (this.buf[1] ?? 0);
      if (!(await this.need(2 + len, timeoutMs))) return null;
      const body = this.buf.subarray(2, 2 + len);
      this.buf = this.buf.subarray(2 + len);
      return { sslv2: true, type: body[0] ?? 0, version: body.readUInt16BE(1), body };
    }
    if (!(await this.need(5, timeoutMs))) return null;
    const len = this.buf.readUInt16BE(3);
    if (!(await this.need(5 + len, timeoutMs))) return null;
    const rec = { sslv2: false, type: b0, version: this.buf.readUInt16BE(1), body: this.buf.subarray(5, 5 + len) };
    this.buf = this.buf.subarray(5 + len);
    return rec;
  }

  close(): void {
    this.socket.end();
  }

  reset(): void {
    this.socket.resetAndDestroy();
  }
}

export interface FakeServer {
  readonly port: number;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startFakeServer(script: (c: FakeConn) => Promise<void>): Promise<FakeServer> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const conn = new FakeConn(socket, count++);
    script(conn).catch(() => undefined).finally(() => { if (!socket.destroyed) socket.end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

export interface SmtpScript {
  readonly greeting?: string;
  readonly ehlo?: string;
  /** Sent right after "220 ready" to STARTTLS (RFC 3207 section 6 injection). */
  readonly inject?: string;
}

/** Plays a well-behaved SMTP server up to the STARTTLS 220; false if the client left. */
export async function smtpUntilStarttls(c: FakeConn, s: SmtpScript = {}): Promise<boolean> {
  c.send(s.greeting ?? '220 fake.test ESMTP\r\n');
  for (;;) {
    const line = await c.readLine();
    if (line === null) return false;
    const verb = line.split(' ')[0]?.toUpperCase();
    if (verb === 'EHLO') c.send(s.ehlo ?? '250-fake.test\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n');
    else if (verb === 'STARTTLS') { c.send(`220 2.0.0 Ready to start TLS\r\n${s.inject ?? ''}`); return true; }
    else if (verb === 'QUIT') { c.send('221 bye\r\n'); return false; }
    else c.send('502 5.5.2 not here\r\n');
  }
}

export interface ParsedHello {
  readonly sslv2: boolean;
  /** legacy_version, or the highest in supported_versions. */
  readonly version: number;
  readonly suites: number[];
  readonly extensions: Map<number, Buffer>;
}

export function parseClientHello(rec: { sslv2: boolean; body: Buffer }): ParsedHello | null {
  const b = rec.body;
  try {
    if (rec.sslv2) {
      // SSLv2 CLIENT-HELLO: type, version, cipher_specs length, session id length, challenge length, specs (3 bytes each)
      const version = b.readUInt16BE(1);
      const specLen = b.readUInt16BE(3);
      const suites: number[] = [];
      for (let i = 0; i < specLen; i += 3) suites.push((b[9 + i]! << 16) | (b[10 + i]! << 8) | b[11 + i]!);
      return { sslv2: true, version, suites, extensions: new Map() };
    }
    if (b[0] !== 1) return null;
    let p = 4;
    let version = b.readUInt16BE(p); p += 2 + 32;
    p += 1 + b[p]!;
    const sl = b.readUInt16BE(p); p += 2;
    const suites: number[] = [];
    for (let i = 0; i < sl; i += 2) suites.push(b.readUInt16BE(p + i));
    p += sl;
    p += 1 + b[p]!;
    const extensions = new Map<number, Buffer>();
    if (p + 2 <= b.length) {
      const end = p + 2 + b.readUInt16BE(p); p += 2;
      while (p + 4 <= end) {
        const t = b.readUInt16BE(p); const l = b.readUInt16BE(p + 2);
        extensions.set(t, b.subarray(p + 4, p + 4 + l));
        p += 4 + l;
      }
    }
    const sv = extensions.get(43);
    if (sv) for (let i = 1; i + 1 < sv.length; i += 2) { const v = sv.readUInt16BE(i); if ((v & 0x0f0f) !== 0x0a0a) version = Math.max(version, v); }
    return { sslv2: false, version, suites, extensions };
  } catch {
    return null;
  }
}

function u16(n: number): Buffer { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; }
function u24(n: number): Buffer { return Buffer.from([(n >> 16) & 255, (n >> 8) & 255, n & 255]); }

export function record(type: number, version: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u16(version), u16(body.length), body]);
}

export function alert(description: number, version = 0x0303): Buffer {
  return record(21, version, Buffer.from([2, description]));
}

/** ServerHello (+ Certificate + ServerHelloDone) for TLS 1.2 and older, as a legacy server would send. */
export function serverFlight(version: number, suite: number, certDer?: Buffer, extensions: Buffer[] = [Buffer.from([0xff, 0x01, 0, 1, 0])]): Buffer {
  const ext = Buffer.concat(extensions);
  const sh = Buffer.concat([u16(version), Buffer.alloc(32, 7), Buffer.from([0]), u16(suite), Buffer.from([0]), ...(ext.length ? [u16(ext.length), ext] : [])]);
  const msgs = [Buffer.concat([Buffer.from([2]), u24(sh.length), sh])];
  if (certDer) {
    const list = Buffer.concat([u24(certDer.length), certDer]);
    const body = Buffer.concat([u24(list.length), list]);
    msgs.push(Buffer.concat([Buffer.from([11]), u24(body.length), body]));
  }
  msgs.push(Buffer.from([14, 0, 0, 0]));
  return record(22, version, Buffer.concat(msgs));
}

export interface LegacyTls {
  /** Suites accepted per wire version (0x0300 = SSLv3 ...), in server order. */
  readonly accept: ReadonlyMap<number, readonly number[]>;
  readonly certDer?: Buffer;
  /** true: pick by the server's order; false: by the client's. */
  readonly serverOrder?: boolean;
}

/** Answers one ClientHello like an old server (one that OpenSSL 3 cannot imitate). */
export async function legacyTlsHandshake(c: FakeConn, tls: LegacyTls): Promise<void> {
  const rec = await c.readRecord();
  if (!rec) return;
  const hello = parseClientHello(rec);
  if (!hello || hello.sslv2) { c.send(alert(40, 0x0300)); return; }
  const offered = hello.extensions.has(43) ? 0x0303 : hello.version;
  const versions = [...tls.accept.keys()].filter((v) => v <= Math.min(offered, 0x0303)).sort((a, b) => b - a);
  const version = versions[0];
  if (version === undefined) { c.send(alert(70, 0x0300)); return; }
  const ours = tls.accept.get(version) ?? [];
  const pick = tls.serverOrder ? ours.find((s) => hello.suites.includes(s)) : hello.suites.find((s) => ours.includes(s));
  if (pick === undefined) { c.send(alert(40, version)); return; }
  c.send(serverFlight(version, pick, tls.certDer));
  await c.readRecord(2000);
}
