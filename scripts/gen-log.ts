/**
 * Grows a realistic Postfix mail log to a given size, for the benchmark and for memory tests.
 *
 *   node --import tsx scripts/gen-log.ts --mb 100 [--out FILE] [--seed N] [--style syslog|iso]
 *
 * The templates copy the lines a lab Postfix 3.7.11 writes with smtpd_tls_loglevel = 1 and
 * smtp_tls_loglevel = 1 (test/fixtures/logs/lab-3.7.11.log holds genuine ones) and the seed's
 * 3.1 lines: inbound MX sessions with and without STARTTLS, submission with SASL (a few legacy
 * TLSv1 clients), failed handshakes, port scanners, outbound deliveries with TLS, postscreen,
 * and the other daemons' and programs' lines that fill real logs. Deterministic for a seed.
 */
import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface GenerateOptions {
  /** Target size in bytes (the output stops at the first session end past it). */
  readonly bytes: number;
  /** A writable stream (file or stdout). */
  readonly out: NodeJS.WritableStream;
  readonly seed?: number;
  /** `syslog`: `Nov 21 18:43:33` (maillog_file); `iso`: rsyslog's RFC 3339 with microseconds. */
  readonly style?: 'syslog' | 'iso';
  /** Start time, epoch ms. */
  readonly start?: number;
}

export interface GenerateResult {
  readonly bytes: number;
  readonly lines: number;
  /** Inbound smtpd sessions written, by service. */
  readonly sessions: Readonly<Record<string, number>>;
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));

const TLS13 = 'TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256';
const TLS13_EC = 'TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature ECDSA (prime256v1) server-digest SHA256';
const TLS12 = 'TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)';
const TLS12_ADH = 'TLSv1.2 with cipher ADH-AES256-GCM-SHA384 (256/256 bits)';
const TLS10 = 'TLSv1 with cipher ECDHE-RSA-AES256-SHA (256/256 bits)';
const TLS10_DHE = 'TLSv1 with cipher DHE-RSA-CAMELLIA256-SHA (256/256 bits)';
const TLS11 = 'TLSv1.1 with cipher ECDHE-RSA-AES128-SHA (128/128 bits)';
const TLS12_3DES = 'TLSv1.2 with cipher DES-CBC3-SHA (112/168 bits)';

interface Client {
  readonly namaddr: string;
  readonly helo: string;
  readonly tls: string | null;
}

export async function generateLog(opts: GenerateOptions): Promise<GenerateResult> {
  const rnd = prng(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const style = opts.style ?? 'syslog';
  let now = opts.start ?? Date.UTC(2026, 10, 1, 0, 0, 0);
  let bytes = 0;
  let lines = 0;
  const sessions: Record<string, number> = {};
  let buf: string[] = [];
  let bufLen = 0;
  let stampSec = -1;
  let stamp = '';

  const stampOf = (): string => {
    const sec = Math.floor(now / 1000);
    if (style === 'iso') {
      const d = new Date(now);
      const us = String(Math.floor(rnd() * 1e6)).padStart(6, '0');
      return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${us}+00:00`;
    }
    if (sec !== stampSec) {
      const d = new Date(now);
      stamp = `${MONTHS[d.getMonth()] ?? 'Jan'} ${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
      stampSec = sec;
    }
    return stamp;
  };
  const flush = async (): Promise<void> => {
    if (buf.length === 0) return;
    const text = buf.join('');
    buf = [];
    bufLen = 0;
    if (!opts.out.write(text)) await new Promise<void>((resolve) => opts.out.once('drain', () => resolve()));
  };
  const emit = (tag: string, msg: string): void => {
    const line = `${stampOf()} mail ${tag}: ${msg}\n`;
    buf.push(line);
    bufLen += line.length;
    bytes += line.length;
    lines++;
  };
  const tick = (maxMs: number) => {
    now += Math.floor(rnd() * maxMs);
  };

  const hexId = () => Math.floor(rnd() * 0xfffffffff).toString(16).toUpperCase().padStart(10, '0');
  let pid = 20000;
  const nextPid = () => (pid = pid >= 99000 ? 20000 : pid + 1 + Math.floor(rnd() * 7));
  const qmgr = 1234;
  const domains = ['example.com', 'example.net', 'example.org', 'mail.example', 'shop.example', 'news.example'];
  const mxClients: Client[] = [];
  for (let i = 0; i < 3000; i++) {
    const host = rnd() < 0.2 ? 'unknown' : `mx${i % 40}.${pick(domains)}`;
    const ip = `192.0.2.${i % 250}`;
    const r = rnd();
    const tls = r < 0.55 ? pick([TLS13, TLS13, TLS13_EC]) : r < 0.8 ? TLS12 : r < 0.85 ? TLS12_ADH : r < 0.88 ? TLS10 : r < 0.9 ? TLS12_3DES : null;
    mxClients.push({ namaddr: `${host}[${ip.replace(/\.(\d+)$/, (_m, n: string) => `.${(Number(n) + i) % 255}`)}]`, helo: host, tls });
  }
  const subClients: Client[] = [];
  for (let i = 0; i < 300; i++) {
    const r = rnd();
    const tls = r < 0.6 ? TLS13 : r < 0.85 ? TLS12 : r < 0.93 ? TLS10 : r < 0.96 ? TLS10_DHE : TLS11;
    subClients.push({ namaddr: `client${i}.dsl.example[198.51.100.${i % 250}]`, helo: `client${i}`, tls });
  }
  const relays = ['gmail-smtp-in.l.google.com[192.0.2.201]:25', 'mx1.example.net[192.0.2.202]:25', 'mx.example.org[192.0.2.203]:25', 'mail.example.com[192.0.2.204]:25'];
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'shop', 'raitis'];

  const localDelivery = (qid: string) => {
    tick(300);
    emit(`postfix/local[${nextPid()}]`, `${qid}: to=<${pick(users)}@mail.example>, relay=local, delay=0.12, delays=0.05/0.01/0/0.06, dsn=2.0.0, status=sent (delivered to mailbox)`);
    emit(`postfix/qmgr[${qmgr}]`, `${qid}: removed`);
  };
  const accepted = (tag: string, c: Client, auth: string | null) => {
    const qid = hexId();
    emit(tag, `${qid}: client=${c.namaddr}${auth !== null ? `, sasl_method=PLAIN, sasl_username=${auth}` : ''}`);
    emit(`postfix/cleanup[${nextPid()}]`, `${qid}: message-id=<${hexId().toLowerCase()}@${pick(domains)}>`);
    emit(`postfix/qmgr[${qmgr}]`, `${qid}: from=<${pick(users)}@${pick(domains)}>, size=${1000 + Math.floor(rnd() * 90000)}, nrcpt=1 (queue active)`);
    return qid;
  };

  while (bytes < opts.bytes) {
    tick(2500);
    const r = rnd();
    if (r < 0.45) {
      // Inbound MX session, through postscreen.
      const c = pick(mxClients);
      const ip = c.namaddr.slice(c.namaddr.indexOf('[') + 1, -1);
      emit(`postfix/postscreen[${qmgr + 1}]`, `CONNECT from [${ip}]:${40000 + Math.floor(rnd() * 20000)} to [203.0.113.25]:25`);
      emit(`postfix/postscreen[${qmgr + 1}]`, `PASS OLD [${ip}]:${40000 + Math.floor(rnd() * 20000)}`);
      const tag = `postfix/smtpd[${nextPid()}]`;
      sessions['postfix/smtpd'] = (sessions['postfix/smtpd'] ?? 0) + 1;
      emit(tag, `connect from ${c.namaddr}`);
      if (c.tls !== null) emit(tag, `Anonymous TLS connection established from ${c.namaddr}: ${c.tls}`);
      if (rnd() < 0.15) {
        emit(tag, `NOQUEUE: reject: RCPT from ${c.namaddr}: 554 5.7.1 <nobody@mail.example>: Recipient address rejected: Access denied; from=<spam@${pick(domains)}> to=<nobody@mail.example> proto=ESMTP helo=<${c.helo}>`);
        emit(tag, `disconnect from ${c.namaddr} ehlo=${c.tls ? 2 : 1}${c.tls ? ' starttls=1' : ''} mail=1 rcpt=0/1 quit=1 commands=${c.tls ? 5 : 4}/${c.tls ? 6 : 5}`);
      } else {
        const qid = accepted(tag, c, null);
        emit(tag, `disconnect from ${c.namaddr} ehlo=${c.tls ? 2 : 1}${c.tls ? ' starttls=1' : ''} mail=1 rcpt=1 data=1 quit=1 commands=${c.tls ? 7 : 5}`);
        localDelivery(qid);
      }
    } else if (r < 0.65) {
      // Submission with SASL, then an outbound delivery over TLS.
      const c = pick(subClients);
      const tag = `postfix/submission/smtpd[${nextPid()}]`;
      sessions['postfix/submission/smtpd'] = (sessions['postfix/submission/smtpd'] ?? 0) + 1;
      emit(tag, `connect from ${c.namaddr}`);
      emit(tag, `Anonymous TLS connection established from ${c.namaddr}: ${c.tls ?? TLS13}`);
      const qid = accepted(tag, c, pick(users));
      emit(tag, `disconnect from ${c.namaddr} ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8`);
      tick(400);
      const smtp = `postfix/smtp[${nextPid()}]`;
      const relay = pick(relays);
      if (rnd() < 0.9) emit(smtp, `Trusted TLS connection established to ${relay}: ${pick([TLS13, TLS12])}`);
      emit(smtp, `${qid}: to=<${pick(users)}@${pick(domains)}>, relay=${relay}, delay=0.61, delays=0.05/0.01/0.25/0.3, dsn=2.0.0, status=sent (250 2.0.0 OK ${hexId()} - gsmtp)`);
      emit(`postfix/qmgr[${qmgr}]`, `${qid}: removed`);
    } else if (r < 0.69) {
      // Failed handshake (genuine 3.7.11 lines: client offering only a suite the server lacks).
      const c = pick(mxClients);
      const tag = `postfix/smtpd[${nextPid()}]`;
      sessions['postfix/smtpd'] = (sessions['postfix/smtpd'] ?? 0) + 1;
      emit(tag, `connect from ${c.namaddr}`);
      emit(tag, `SSL_accept error from ${c.namaddr}: -1`);
      emit(tag, 'warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2220:');
      emit(tag, `lost connection after STARTTLS from ${c.namaddr}`);
      emit(tag, `disconnect from ${c.namaddr} ehlo=1 starttls=0/1 commands=1/2`);
    } else if (r < 0.74) {
      // Port scanner.
      const c = pick(mxClients);
      const tag = `postfix/smtpd[${nextPid()}]`;
      sessions['postfix/smtpd'] = (sessions['postfix/smtpd'] ?? 0) + 1;
      emit(tag, `connect from ${c.namaddr}`);
      emit(tag, `lost connection after CONNECT from ${c.namaddr}`);
      emit(tag, `disconnect from ${c.namaddr} commands=0/0`);
    } else if (r < 0.9) {
      emit(`dovecot[${qmgr + 7}]`, `imap-login: Login: user=<${pick(users)}@mail.example>, method=PLAIN, rip=198.51.100.${Math.floor(rnd() * 250)}, lip=203.0.113.25, mpid=${nextPid()}, TLS, session=<${hexId()}>`);
      emit(`dovecot[${qmgr + 7}]`, `imap(${pick(users)}@mail.example)<${nextPid()}><${hexId()}>: Logged out in=${Math.floor(rnd() * 900)} out=${Math.floor(rnd() * 90000)} deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0`);
    } else if (r < 0.95) {
      emit(`postfix/anvil[${qmgr + 3}]`, `statistics: max connection rate 3/60s for (smtp:192.0.2.${Math.floor(rnd() * 250)}) at ${stampOf()}`);
      emit(`postfix/anvil[${qmgr + 3}]`, `statistics: max connection count 1 for (smtp:192.0.2.${Math.floor(rnd() * 250)}) at ${stampOf()}`);
    } else {
      emit(`CRON[${nextPid()}]`, '(root) CMD (   test -x /etc/cron.daily/popularity-contest && /etc/cron.daily/popularity-contest --crond)');
    }
    if (bufLen > 1 << 20) await flush();
  }
  await flush();
  return { bytes, lines, sessions };
}

async function main(argv: readonly string[]): Promise<void> {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const mb = Number(get('--mb') ?? '10');
  const outPath = get('--out');
  const out = outPath !== undefined ? createWriteStream(outPath) : process.stdout;
  const style = get('--style') === 'iso' ? 'iso' : 'syslog';
  const res = await generateLog({ bytes: Math.round(mb * 1024 * 1024), out, seed: Number(get('--seed') ?? '42'), style });
  if (outPath !== undefined) await new Promise<void>((resolve) => (out as NodeJS.WritableStream).end(() => resolve()));
  process.stderr.write(`gen-log: ${res.lines} lines, ${(res.bytes / 1048576).toFixed(1)} MiB, sessions ${JSON.stringify(res.sessions)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`gen-log: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
