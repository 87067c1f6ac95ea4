/**
 * Benchmark: `mailtls check` of a domain with 4 MX hosts × 2 addresses (bench.test on the lab
 * DNS stack: signed, DANE 3 1 1 on each) against one scan of one of those addresses, in one
 * run. The claim to measure: the check scans every address at once, so it costs little more
 * than the slowest scan. Four lab Postfix instances serve the eight addresses through TCP
 * proxies on 127.53.S.40-47:25, once passing bytes at once and once holding every chunk 50 ms
 * each way (a server "50 ms away"). Printed, never asserted.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { dnsStackUp, dnsStackDown, type DnsStack } from '../src/lab/dns/index.js';
import { labUp, labDown, type LabInstance } from '../src/lab/index.js';
import { checkDomain } from '../src/check/index.js';
import { scanHost } from '../src/scan/engine.js';

const STACK = 'bench';

function proxy(listen: string, targetPort: number, delayMs: () => number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const pipe = (from: Socket, to: Socket) => {
    from.on('data', (c: Buffer) => { const d = delayMs(); if (d === 0) to.write(c); else setTimeout(() => { if (!to.destroyed) to.write(c); }, d); });
    from.on('end', () => setTimeout(() => to.end(), delayMs()));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), delayMs() + 1));
  };
  const server: Server = createServer((client) => {
    const up = connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, up]) { sockets.add(s); s.setNoDelay(true); s.on('close', () => sockets.delete(s)); }
    pipe(client, up);
    pipe(up, client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(25, listen, () => resolve({ close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }) }));
  });
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? NaN; };

export async function benchCheck(): Promise<void> {
  await dnsStackDown(STACK).catch(() => undefined);
  let stack: DnsStack | undefined;
  const labs: LabInstance[] = [];
  const proxies: { close(): Promise<void> }[] = [];
  let delay = 0;
  try {
    stack = await dnsStackUp({ name: STACK, bench: true, benchInstances: false, mx: false });
    const s = stack;
    const settings = { smtpd_tls_chain_files: s.benchChainFile, smtpd_tls_security_level: 'may', smtpd_tls_protocols: '>=TLSv1.2', smtpd_tls_exclude_ciphers: 'aNULL', smtpd_peername_lookup: 'no', default_transport: 'discard' };
    for (let i = 0; i < 4; i++) { await labDown(`bench-mx${i + 1}`).catch(() => undefined); }
    labs.push(...await Promise.all([0, 1, 2, 3].map((i) => labUp({ name: `bench-mx${i + 1}`, settings: { ...settings, myhostname: `mx${i + 1}.bench.test` } }))));
    for (const [i, pair] of s.addresses.bench.entries()) {
      const port = labs[i]?.services.find((x) => x.service === 'smtp')?.port ?? 0;
      for (const addr of pair) proxies.push(await proxy(addr, port, () => delay));
    }
    const caPem = readFileSync(s.caFile, 'utf8');
    const one = s.addresses.bench[0]?.[0] ?? '';
    const rounds: [string, number, number][] = [['loopback', 0, 7], ['50 ms away', 50, 3]];
    process.stdout.write('4 MX hosts x 2 addresses (bench.test, DANE 3 1 1, signed), against one scan of one address; medians, interleaved\n\n');
    process.stdout.write('| | one scan (1 address) | mailtls check (8 addresses) | ratio | check: connections, DNS queries |\n|---|---|---|---|---|\n');
    for (const [label, d, n] of rounds) {
      delay = d;
      const scanMs: number[] = [];
      const checkMs: number[] = [];
      let last = '';
      for (let k = 0; k < n; k++) {
        let t = performance.now();
        await scanHost({ host: 'mx1.bench.test', address: one, port: 25, starttls: true, role: 'mx' }, { keepChains: true });
        scanMs.push(performance.now() - t);
        t = performance.now();
        const r = await checkDomain('bench.test', { servers: [s.resolver], caPem });
        checkMs.push(performance.now() - t);
        const addrs = r.mx.flatMap((m) => m.addresses);
        last = `${r.stats.connections} connections, ${r.stats.dnsQueries} DNS queries; ${addrs.filter((a) => a.dane.sender === 'authenticated').length}/${addrs.length} addresses DANE-authenticated`;
      }
      const a = median(scanMs);
      const b = median(checkMs);
      process.stdout.write(`| ${label} | ${(a / 1000).toFixed(2)} s | ${(b / 1000).toFixed(2)} s | ${(b / a).toFixed(2)}x | ${last} |\n`);
    }
  } finally {
    for (const p of proxies) await p.close();
    await Promise.all(labs.map((l) => labDown(l.name).catch(() => undefined)));
    if (stack) await dnsStackDown(STACK).catch(() => undefined);
  }
}
