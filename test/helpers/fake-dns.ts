/**
 * A scripted DNS server on 127.0.0.1 (UDP and TCP, one random port) for what no real server
 * does on purpose: garbage, wrong ids, answers to other questions, truncation, silence, huge
 * answers. Real answers come from the lab DNS stack (src/lab/dns); this is only for hostility.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import dnsPacket from 'dns-packet';

export type Behaviour =
  | { kind: 'answer'; answers: dnsPacket.Answer[]; flags?: number; rcode?: number }
  | { kind: 'garbage' }
  | { kind: 'wrong-id' }
  | { kind: 'other-question' }
  | { kind: 'silence' }
  /** UDP: a truncated empty answer; TCP: the answers. */
  | { kind: 'truncate'; answers: dnsPacket.Answer[] }
  /** TCP: announce 65535 bytes, send a few, then stall. */
  | { kind: 'tcp-stall' };

export interface FakeDns {
  readonly port: number;
  /** Queries seen, as "udp A name" / "tcp A name". */
  readonly seen: string[];
  close(): Promise<void>;
}

function response(q: dnsPacket.DecodedPacket, answers: dnsPacket.Answer[], flags = 0, rcode = 0): Buffer {
  const question = q.questions?.[0];
  return dnsPacket.encode({
    type: 'response', id: q.id ?? 0, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | flags | rcode,
    questions: question ? [question] : [], answers,
  });
}

export async function startFakeDns(behave: (name: string, type: string, transport: 'udp' | 'tcp') => Behaviour): Promise<FakeDns> {
  const seen: string[] = [];
  const tcp: Server = createServer();
  const sockets = new Set<Socket>();
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const port = (tcp.address() as { port: number }).port;
  const udp: UdpSocket = createSocket('udp4');
  await new Promise<void>((r, j) => { udp.once('error', j); udp.bind(port, '127.0.0.1', () => r()); });

  udp.on('message', (buf, rinfo) => {
    let q: dnsPacket.DecodedPacket;
    try { q = dnsPacket.decode(buf); } catch { return; }
    const qq = q.questions?.[0];
    seen.push(`udp ${qq?.type ?? '?'} ${qq?.name ?? '?'}`);
    const b = behave(qq?.name ?? '', qq?.type ?? '', 'udp');
    const send = (out: Buffer) => udp.send(out, rinfo.port, rinfo.address);
    switch (b.kind) {
      case 'answer': send(response(q, b.answers, b.flags, b.rcode)); break;
      case 'garbage': send(Buffer.from([(q.id ?? 0) >> 8, (q.id ?? 0) & 255, 0x81, 0x80, 0, 1, 0xff, 0xff, 0, 0, 0, 0, 7, 1, 2, 3])); break;
      case 'wrong-id': send(response({ ...q, id: ((q.id ?? 0) + 1) & 0xffff }, [])); break;
      case 'other-question': send(dnsPacket.encode({ type: 'response', id: q.id ?? 0, flags: dnsPacket.RECURSION_AVAILABLE, questions: [{ type: 'A', name: 'elsewhere.example' }], answers: [] })); break;
      case 'truncate': send(response(q, [], dnsPacket.TRUNCATED_RESPONSE)); break;
      case 'tcp-stall': send(response(q, [], dnsPacket.TRUNCATED_RESPONSE)); break;
      case 'silence': break;
    }
  });

  tcp.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 2 || buf.length < 2 + buf.readUInt16BE(0)) return;
      const q = dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      const qq = q.questions?.[0];
      seen.push(`tcp ${qq?.type ?? '?'} ${qq?.name ?? '?'}`);
      const b = behave(qq?.name ?? '', qq?.type ?? '', 'tcp');
      if (b.kind === 'tcp-stall') { s.write(Buffer.from([0xff, 0xff, 0, 1, 2, 3])); return; }
      if (b.kind === 'silence') return;
      const out = b.kind === 'answer' || b.kind === 'truncate' ? response(q, b.answers) : Buffer.from([1, 2, 3]);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(out.length);
      s.end(Buffer.concat([len, out]));
    });
  });
  return {
    port, seen,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); udp.close(); tcp.close(() => r()); }),
  };
}
