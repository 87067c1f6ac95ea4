/**
 * A stub resolver client for what a sending MTA asks: one question per query, recursion desired,
 * EDNS0 with the DO bit (RFC 6891, RFC 3225) so that a validating resolver reports the AD bit,
 * and optionally CD (RFC 4035 §3.2.2) to tell a bogus answer from a failing server. UDP first;
 * a truncated answer is asked again over TCP (RFC 7766 §5). Messages are encoded and decoded by
 * dns-packet; this module owns only the transport, the matching of answers to questions, the
 * timeouts and the coded errors.
 *
 * Hostile servers: a datagram from elsewhere or with another id is ignored; one that does not
 * decode, or answers another question, fails the query with EDNS_MALFORMED at once; TCP answers
 * are capped by their 16-bit length prefix (64 KiB), and every wait has a timeout.
 */
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { isIP } from 'node:net';
import dnsPacket from 'dns-packet';
import { MailtlsError, toMailtlsError, type Place } from '../errors.js';
import { normName, toRecord } from './records.js';
import { formatServer } from './resolv-conf.js';
import type { DnsRecord, DnsResponse, DnsServer, RecordType } from './types.js';

export interface DnsClientOptions {
  readonly servers: readonly DnsServer[];
  /** Per attempt, ms. */
  readonly timeoutMs?: number;
  /** UDP tries per server before the next one (resolv.conf's attempts:, default 2). */
  readonly attempts?: number;
  /** Queries in flight at once. */
  readonly concurrency?: number;
}

export interface QueryOptions {
  /** Checking Disabled: the resolver answers without validating (to tell bogus from failing). */
  readonly cd?: boolean;
}

/** EDNS0 payload size of the DNS Flag Day 2020: fits in one unfragmented datagram nearly everywhere. */
const UDP_PAYLOAD = 1232;
const TCP_MAX = 65535 + 2;

interface Decoded {
  id: number;
  rcode: string;
  tc: boolean;
  ad: boolean;
  qr: boolean;
  question: { name: string; type: string } | undefined;
  answers: DnsRecord[];
  authorities: DnsRecord[];
}

function decode(buf: Buffer, place: Place): Decoded {
  let p: ReturnType<typeof dnsPacket.decode>;
  try {
    p = dnsPacket.decode(buf);
  } catch (err) {
    throw new MailtlsError('EDNS_MALFORMED', `the answer does not decode (${(err as Error).message}; ${buf.length} bytes)`, { place, cause: err });
  }
  const q = p.questions?.[0];
  const rec = (list: readonly dnsPacket.Answer[] | undefined) => (list ?? []).map(toRecord).filter((r): r is DnsRecord => r !== null);
  return {
    id: p.id ?? -1,
    rcode: (p as { rcode?: string }).rcode ?? 'NOERROR',
    tc: p.flag_tc, ad: p.flag_ad, qr: p.flag_qr,
    question: q ? { name: normName(q.name), type: String(q.type) } : undefined,
    answers: rec(p.answers),
    authorities: rec(p.authorities),
  };
}

export class DnsClient {
  readonly servers: readonly DnsServer[];
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly cache = new Map<string, Promise<DnsResponse>>();
  private active = 0;
  private readonly limit: number;
  private readonly waiting: (() => void)[] = [];
  /** Queries sent (UDP and TCP), for the report's statistics. */
  queries = 0;

  constructor(opts: DnsClientOptions) {
    if (opts.servers.length === 0) throw new MailtlsError('EDNS_NORESOLVER', 'no DNS server to ask');
    this.servers = opts.servers;
    this.timeoutMs = opts.timeoutMs ?? 3000;
    this.attempts = opts.attempts ?? 2;
    this.limit = opts.concurrency ?? 32;
  }

  /** One question; the same question asked twice in one client's life is sent once. */
  query(name: string, type: RecordType, opts: QueryOptions = {}): Promise<DnsResponse> {
    const qname = normName(name);
    const key = `${qname}|${type}|${opts.cd === true ? 'cd' : ''}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.run(qname, type, opts.cd === true);
      this.cache.set(key, p);
    }
    return p;
  }

  private async run(name: string, type: RecordType, cd: boolean): Promise<DnsResponse> {
    await this.acquire();
    try {
      let last: MailtlsError | undefined;
      for (const server of this.servers) {
        for (let attempt = 0; attempt < this.attempts; attempt++) {
          try {
            return await this.ask(server, name, type, cd);
          } catch (err) {
            last = toMailtlsError(err, 'EDNS_MALFORMED', { host: server.address, port: server.port });
            // A server that answers garbage will answer garbage again: try the next one.
            if (last.code !== 'EDNS_TIMEOUT') break;
          }
        }
      }
      throw last ?? new MailtlsError('EDNS_TIMEOUT', `no answer for ${name} ${type}`);
    } finally {
      this.release();
    }
  }

  private async ask(server: DnsServer, name: string, type: RecordType, cd: boolean): Promise<DnsResponse> {
    const started = Date.now();
    const id = randomInt(0, 65536);
    const packet: dnsPacket.Packet = {
      type: 'query', id,
      flags: dnsPacket.RECURSION_DESIRED | (cd ? dnsPacket.CHECKING_DISABLED : 0),
      questions: [{ type, name, class: 'IN' }],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: UDP_PAYLOAD, flags: dnsPacket.DNSSEC_OK } as unknown as dnsPacket.Answer],
    };
    const place: Place = { host: server.address, port: server.port };
    let transport: 'udp' | 'tcp' = 'udp';
    let d = await this.udp(server, dnsPacket.encode(packet), id, place);
    if (d.tc) {
      transport = 'tcp';
      d = await this.tcp(server, dnsPacket.streamEncode(packet), id, place);
    }
    if (!d.qr) throw new MailtlsError('EDNS_MALFORMED', 'the answer is not marked as a response', { place });
    // RFC 5452 §9.1: an answer must echo the question; a server that answers another question is broken or lying.
    const q = d.question;
    if (!q || q.name !== name || q.type !== type) {
      throw new MailtlsError('EDNS_MALFORMED', `the answer is for ${q ? `${q.name} ${q.type}` : 'no question'}, not ${name} ${type}`, { place });
    }
    return { name, type, cd, rcode: d.rcode, ad: d.ad, answers: d.answers, authorities: d.authorities, transport, server: formatServer(server), ms: Date.now() - started };
  }

  private udp(server: DnsServer, msg: Buffer, id: number, place: Place): Promise<Decoded> {
    this.queries++;
    return new Promise<Decoded>((resolve, reject) => {
      const sock = createSocket(isIP(server.address) === 6 ? 'udp6' : 'udp4');
      let settled = false;
      const done = (err: Error | null, d?: Decoded) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        sock.close();
        if (d) resolve(d);
        else reject(err ?? new Error("no answer"));
      };
      const timer = setTimeout(() => done(new MailtlsError('EDNS_TIMEOUT', `no answer over UDP within ${this.timeoutMs} ms`, { place })), this.timeoutMs);
      sock.on('error', (err) => done(toMailtlsError(err, 'ENETWORK', place)));
      sock.on('message', (buf, rinfo) => {
        // Only the server we asked, and only our id (RFC 5452 §4); anything else is dropped.
        if (rinfo.address !== server.address || rinfo.port !== server.port) return;
        if (buf.length >= 2 && buf.readUInt16BE(0) !== id) return;
        try {
          done(null, decode(buf, place));
        } catch (err) {
          done(toMailtlsError(err, 'EDNS_MALFORMED', place));
        }
      });
      sock.send(msg, server.port, server.address, (err) => { if (err) done(toMailtlsError(err, 'ENETWORK', place)); });
    });
  }

  private tcp(server: DnsServer, msg: Buffer, id: number, place: Place): Promise<Decoded> {
    this.queries++;
    return new Promise<Decoded>((resolve, reject) => {
      const sock = connect({ host: server.address, port: server.port });
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const done = (err: Error | null, d?: Decoded) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        sock.destroy();
        if (d) resolve(d);
        else reject(err ?? new Error("no answer"));
      };
      const timer = setTimeout(() => done(new MailtlsError('EDNS_TIMEOUT', `no complete answer over TCP within ${this.timeoutMs} ms`, { place })), this.timeoutMs);
      sock.on('error', (err) => done(toMailtlsError(err, 'ENETWORK', place)));
      sock.on('connect', () => sock.write(msg));
      sock.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size > TCP_MAX) return done(new MailtlsError('EDNS_MALFORMED', 'the TCP answer is longer than its length prefix allows', { place }));
        if (size < 2) return;
        const all = Buffer.concat(chunks);
        const want = all.readUInt16BE(0);
        if (all.length < 2 + want) return;
        try {
          const d = decode(all.subarray(2, 2 + want), place);
          if (d.id !== id) throw new MailtlsError('EDNS_MALFORMED', `the TCP answer has id ${d.id}, not ${id}`, { place });
          done(null, d);
        } catch (err) {
          done(toMailtlsError(err, 'EDNS_MALFORMED', place));
        }
      });
      sock.on('end', () => done(new MailtlsError('EDNS_MALFORMED', `the server closed the TCP connection after ${size} bytes, before a whole answer`, { place })));
    });
  }

  private async acquire(): Promise<void> {
    while (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
