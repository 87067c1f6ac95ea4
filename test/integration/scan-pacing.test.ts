/**
 * `mailtls scan` against lab Postfix instances with the limits busy providers set (anvil:
 * smtpd_client_connection_count_limit, smtpd_client_connection_rate_limit, with
 * smtpd_client_event_limit_exceptions empty so that loopback is limited too). With enough
 * patience the scan keeps to the server's pace and finds what it finds on the same server
 * without limits; with too little, it names what it could not probe, and nothing it was refused
 * reads as "not offered". The server's own log tells whether it kept to the pace.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { labUp, labDown, type LabInstance } from '../../src/lab/index.js';
import { scanHost } from '../../src/scan/engine.js';
import type { ScanReport } from '../../src/scan/types.js';

const LIMITED = { smtpd_client_connection_count_limit: '2', smtpd_client_event_limit_exceptions: '' };
const names = { stock: 'pace-stock', count: 'pace-count', rate: 'pace-rate', short: 'pace-short' } as const;
const labs: Record<string, LabInstance> = {};

before(async () => {
  await Promise.all(Object.values(names).map((n) => labDown(n).catch(() => undefined)));
  const ups = await Promise.all([
    labUp({ name: names.stock }),
    labUp({ name: names.count, settings: LIMITED }),
    // 30 connections per 5 s: anvil's rate, in a window short enough for a test (anvil.c: the
    // window is anvil_rate_time_unit; the scan is told it, as the audit could read it in main.cf)
    labUp({ name: names.rate, settings: { ...LIMITED, smtpd_client_connection_rate_limit: '30', anvil_rate_time_unit: '5s' } }),
    // 30 a minute, as busy providers set it, for the scan with too little patience
    labUp({ name: names.short, settings: { ...LIMITED, smtpd_client_connection_rate_limit: '30' } }),
  ]);
  for (const lab of ups) labs[lab.name] = lab;
});

after(async () => {
  await Promise.all(Object.values(names).map((n) => labDown(n).catch(() => undefined)));
});

function smtpPort(lab: string): number {
  const s = labs[lab]?.services.find((x) => x.service === 'smtp');
  if (!s) throw new Error(`no smtp in ${lab}`);
  return s.port;
}

function scan(lab: string, opts: Parameters<typeof scanHost>[1] = {}): Promise<ScanReport> {
  return scanHost({ host: '127.0.0.1', port: smtpPort(lab), starttls: true }, opts);
}

/** Each protocol: offered, and its suites by code. */
function suites(r: ScanReport): Record<string, { offered: boolean | null; ciphers: string[] }> {
  return Object.fromEntries(r.protocols.map((p) => [p.version, { offered: p.offered, ciphers: p.ciphers.map((c) => c.code).sort() }]));
}

/** The smtpd lines of the lab's log since `from` (a byte offset), in order. */
function logSince(lab: string, from: number): string[] {
  const file = labs[lab]?.logFile ?? '';
  return readFileSync(file).subarray(from).toString('utf8').split('\n').filter((l) => /postfix\/smtpd\[/.test(l));
}

/**
 * The log since `from` once Postfix has written it all: postlogd writes lines a little after the
 * event, later still on a loaded machine, so wait until every session that connected has its
 * disconnect line and the file has stopped growing (at most 20 s).
 */
async function settledLog(lab: string, from: number): Promise<string[]> {
  let last = -1;
  for (let i = 0; i < 80; i++) {
    const lines = logSince(lab, from);
    const connects = lines.filter((l) => /connect from /.test(l) && !/disconnect from /.test(l)).length;
    const disconnects = lines.filter((l) => /disconnect from /.test(l)).length;
    const size = logSize(lab);
    if (connects > 0 && disconnects >= connects && size === last) return lines;
    last = size;
    await new Promise((r) => setTimeout(r, 250));
  }
  return logSince(lab, from);
}

function logSize(lab: string): number {
  return readFileSync(labs[lab]?.logFile ?? '').length;
}

/** Connections the server accepted after its last refusal (smtpd.c logs "... limit exceeded" per refusal). */
function afterLastRefusal(lines: string[]): { refusals: number; connectsAfter: number } {
  let last = -1;
  let refusals = 0;
  lines.forEach((l, i) => {
    if (/limit exceeded/.test(l)) {
      last = i;
      refusals++;
    }
  });
  return { refusals, connectsAfter: lines.slice(last + 1).filter((l) => /connect from /.test(l) && !/disconnect/.test(l)).length };
}

let stock: ScanReport;

test('the unlimited server: the reference, no refusal, no wait', async () => {
  stock = await scan(names.stock);
  assert.equal(stock.complete, true, stock.error ?? '');
  assert.deepEqual(stock.pacing, { waitedMs: 0, refusals: 0, learnt: { maxConnections: null, ratePerMinute: null }, reasons: [] });
  assert.deepEqual(stock.unfinished, []);
});

test('a concurrency limit of 2: the same protocols and suites, the limit learnt, no refusal once learnt', async () => {
  const from = logSize(names.count);
  const r = await scan(names.count, { patienceMs: 120_000 });
  assert.equal(r.complete, true, r.error ?? '');
  assert.deepEqual(suites(r), suites(stock));
  assert.deepEqual(r.unfinished, []);
  assert.ok(r.pacing && r.pacing.refusals > 0, 'the server refused some connections');
  assert.ok(r.pacing.learnt.maxConnections !== null && r.pacing.learnt.maxConnections <= 2, JSON.stringify(r.pacing));
  assert.match(r.pacing.reasons[0] ?? '', /too many connections/);
  const log = afterLastRefusal(await settledLog(names.count, from));
  assert.equal(log.refusals, r.pacing.refusals, 'every refusal in the log is one the scan saw');
  // the refusals come at the start, while the scan learns: most of the scan runs without one
  assert.ok(log.connectsAfter >= r.stats.connections / 2, `${log.connectsAfter} of ${r.stats.connections} connections after the last refusal`);
});

test('a rate limit of 30 per window: the same protocols and suites, the rate learnt and kept', async () => {
  const from = logSize(names.rate);
  const r = await scan(names.rate, { patienceMs: 150_000, rateWindowMs: 5000 });
  assert.equal(r.complete, true, r.error ?? '');
  assert.deepEqual(suites(r), suites(stock));
  assert.ok(r.pacing && r.pacing.learnt.ratePerMinute !== null && r.pacing.learnt.ratePerMinute <= 30 * 12, JSON.stringify(r.pacing));
  assert.ok(r.pacing.waitedMs > 1000);
  const lines = await settledLog(names.rate, from);
  assert.ok(lines.some((l) => /Connection rate limit exceeded/.test(l)), 'the rate limit was met');
  // anvil's rate window is fixed, not sliding (anvil.c: the count restarts when its time unit
  // has passed since the first connection), and refused attempts count too, so a few refusals
  // at window boundaries can come after the rate is learnt; the scan keeps them few.
  const log = afterLastRefusal(lines);
  assert.equal(log.refusals, r.pacing.refusals, 'every refusal in the log is one the scan saw');
  assert.ok(log.refusals <= Math.ceil(r.stats.connections / 10), `${log.refusals} refusals in ${r.stats.connections} connections`);
});

test('too little patience: what could not be probed is named and unknown, never "not offered"', async () => {
  const r = await scan(names.short, { patienceMs: 8000 });
  assert.equal(r.complete, false);
  assert.ok(r.unfinished && r.unfinished.length > 0, 'the probes left undone are named');
  const undone = new Set(r.unfinished.map((u) => u.probe));
  for (const u of r.unfinished) {
    assert.match(u.reason, /^(ETIMEOUT|ESMTP_421): /);
    assert.ok(r.errors.some((e) => e.probe === u.probe), `${u.probe} is among the errors too`);
  }
  const ref = suites(stock);
  for (const p of r.protocols) {
    const want = ref[p.version];
    const probe = p.version === 'SSLv2' ? 'SSLv2' : `${p.version} cipher suites`;
    if (undone.has(probe)) {
      // refused or out of time: unknown, or offered with the list marked incomplete
      assert.ok(p.offered === null || (p.offered === true && p.error !== undefined), `${p.version}: ${JSON.stringify(p)}`);
      assert.notEqual(p.offered, false, `${p.version} reads as not offered although it was not probed`);
    } else {
      assert.equal(p.offered, want?.offered, `${p.version} was probed: the same answer as without limits`);
    }
    if (p.offered === false) assert.equal(want?.offered, false, `${p.version} not offered only where the unlimited server does not offer it either`);
  }
  assert.ok(r.pacing && r.pacing.refusals > 0);
});
