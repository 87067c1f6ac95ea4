import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostOf, NOW } from './fixtures.js';
import { isRequireTls, judgeMx, mxVerdict, reachableOf } from './judge.js';
import type { ScanReport } from '../scan/types.js';

const ctx = { policy: null, profile: 'mail', store: { source: 'none', roots: [] }, now: NOW };
const scanWith = (p: Partial<ScanReport>) => ({ protocols: [], smtp: null, certificates: [], findings: [], complete: false, error: 'refused',
  stats: { connections: 1, durationMs: 1 }, ...p }) as unknown as ScanReport;

test('an MX without addresses carries its own verdict and why; one with addresses leaves it to them', () => {
  assert.deepEqual(mxVerdict({ error: null }, []), { verdict: 'fail', verdictReason: 'no A or AAAA records: senders skip this MX' });
  assert.deepEqual(mxVerdict({ error: 'SERVFAIL for mx A' }, []), { verdict: 'fail', verdictReason: 'the address lookup failed: SERVFAIL for mx A' });
  assert.deepEqual(mxVerdict({ error: null }, [{}]), { verdict: null, verdictReason: null });
  const m = judgeMx(hostOf({ addresses: [], addressTotal: 0 }), () => ({ skipped: null, scan: null }), ctx);
  assert.equal(m.verdict, 'fail');
  assert.deepEqual(m.addresses, []);
});

test('each address: reachable from the scan, skipped ones not tried, REQUIRETLS after STARTTLS (RFC 8689 §4)', () => {
  assert.equal(reachableOf({ skipped: 'private (RFC 1918)', scan: null }), null);
  assert.equal(reachableOf({ skipped: null, scan: null }), false);
  assert.equal(reachableOf({ skipped: null, scan: scanWith({}) }), false);
  assert.equal(reachableOf({ skipped: null, scan: scanWith({ protocols: [{ version: 'TLSv1.3', offered: true, serverPreference: null,
    ciphers: [] }] }) }), true);
  assert.ok(isRequireTls(['PIPELINING', 'requiretls']));
  assert.ok(!isRequireTls(['X-REQUIRETLS', 'SIZE 1000']));
  const m = judgeMx(hostOf(), () => ({ skipped: null, scan: scanWith({}) }), ctx);
  const a = m.addresses[0];
  assert.equal(m.verdict, null);
  assert.deepEqual([a?.address, a?.reachable, a?.requireTls, a?.verdict], ['127.53.0.10', false, null, 'fail']);
  assert.equal(a?.mtaSts.match, null, 'no policy applies');
  assert.equal(a?.dane.sender, 'opportunistic', 'no TLSA records');
});
