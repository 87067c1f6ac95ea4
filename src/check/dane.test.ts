import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressDane, daneSummary, parseChain } from './dane.js';
import { addressOf, CA_DER, hostOf, LEAF_DER, lookupOf, mxOf, NOW, OTHER_DER, tlsa } from './fixtures.js';
import type { AddressDane } from './types.js';

// SHA-256 of each certificate's SubjectPublicKeyInfo, computed with openssl (x509 -pubkey | pkey -outform DER | dgst -sha256).
const LEAF_SPKI = 'f7f70d646a6793370f45daa734c35e5796e13ab97e9304217e0ac738f2058c55';
const CA_SPKI = '454412485191684f3dd8986677a29e2733aedddb972ae450e4d9f675da6f24b6';
const OWNER = '_25._tcp.mx1.example.test';

const chain = parseChain([LEAF_DER, CA_DER]);
const other = parseChain([OTHER_DER]);
const withTlsa = (...records: ReturnType<typeof tlsa>[]) =>
  hostOf({ tlsa: lookupOf({ name: OWNER, type: 'TLSA', records }) });

test('DANE per address: a usable record that matches every served chain authenticates (RFC 7672 §3.1.1, §3.1.2)', () => {
  const ee = addressDane(withTlsa(tlsa(OWNER, 3, 1, 1, LEAF_SPKI)), 'secure', [chain], true, true, NOW);
  assert.equal(ee.sender, 'authenticated');
  assert.equal(ee.usable, true);
  assert.equal(ee.matched, true);
  assert.equal(ee.records[0]?.matched, true);
  const ta = addressDane(withTlsa(tlsa(OWNER, 2, 1, 1, CA_SPKI)), 'secure', [chain], true, true, NOW);
  assert.equal(ta.sender, 'authenticated', ta.reason);
  // DANE-TA checks the name: the same chain offered for another MX name does not match.
  const wrongName = addressDane({ ...withTlsa(tlsa(OWNER, 2, 1, 1, CA_SPKI)), names: ['mx2.example.test'] }, 'secure', [chain], true, true, NOW);
  assert.equal(wrongName.matched, false);
  assert.match(wrongName.records[0]?.note ?? '', /names none of mx2\.example\.test/);
});

test('DANE per address: no match, or one of two chains unmatched, defers', () => {
  const none = addressDane(withTlsa(tlsa(OWNER, 3, 1, 1, LEAF_SPKI)), 'secure', [other], true, true, NOW);
  assert.deepEqual([none.sender, none.usable, none.matched], ['defer', true, false]);
  assert.match(none.reason, /matches no usable TLSA record/);
  // A dual-certificate server: a sender may get either chain, so both must match.
  const half = addressDane(withTlsa(tlsa(OWNER, 3, 1, 1, LEAF_SPKI)), 'secure', [chain, other], true, true, NOW);
  assert.equal(half.sender, 'defer');
  // Usable records, reachable, but no STARTTLS: a DANE sender requires TLS and defers.
  const plain = addressDane(withTlsa(tlsa(OWNER, 3, 1, 1, LEAF_SPKI)), 'secure', [], false, true, NOW);
  assert.deepEqual([plain.sender, plain.matched], ['defer', false]);
  // Not reachable (nothing seen): nothing matched, still a defer.
  const unseen = addressDane(withTlsa(tlsa(OWNER, 3, 1, 1, LEAF_SPKI)), 'secure', [], null, false, NOW);
  assert.deepEqual([unseen.sender, unseen.matched], ['defer', null]);
});

test('DANE per address: only unusable records (PKIX-TA/EE, unknown parameters) mean TLS without authentication (RFC 7672 §2.2, §3.1.3)', () => {
  const d = addressDane(withTlsa(tlsa(OWNER, 1, 1, 1, LEAF_SPKI), tlsa(OWNER, 3, 2, 1, LEAF_SPKI)), 'secure', [chain], true, true, NOW);
  assert.deepEqual([d.sender, d.usable, d.matched], ['encrypted', false, null]);
  assert.ok(d.records.every((r) => !r.usable && r.matched === null));
  // Records are listed DANE-EE first, the same order each run.
  assert.deepEqual(d.records.map((r) => r.usage), [3, 1]);
});

test('DANE per address: DNSSEC insecure, bogus or failed (RFC 7672 §2.2.2, §2.2.3)', () => {
  const h = withTlsa(tlsa(OWNER, 3, 1, 1, LEAF_SPKI));
  const insecureAddr = addressDane(h, 'insecure', [chain], true, true, NOW);
  assert.equal(insecureAddr.sender, 'opportunistic');
  assert.match(insecureAddr.reason, /address records are insecure/);
  const insecureTlsa = addressDane({ ...h, tlsa: lookupOf({ name: OWNER, type: 'TLSA', status: 'insecure', records: h.tlsa?.records ?? [] }) },
    'secure', [chain], true, true, NOW);
  assert.equal(insecureTlsa.sender, 'opportunistic');
  assert.equal(insecureTlsa.tlsaDnssec, 'insecure');
  for (const status of ['bogus', 'unknown'] as const) {
    const d = addressDane({ ...h, tlsa: lookupOf({ name: OWNER, type: 'TLSA', status }) }, 'secure', [chain], true, true, NOW);
    assert.equal(d.sender, 'defer', status);
    assert.equal(d.usable, false);
  }
  assert.equal(addressDane(hostOf(), 'secure', [chain], true, true, NOW).reason, 'no TLSA records: opportunistic TLS');
  assert.match(addressDane(hostOf({ kind: 'ip-literal', tlsa: null }), 'secure', [chain], true, true, NOW).reason, /IP address/);
});

const dane = (p: Partial<AddressDane>): AddressDane => ({ usable: false, matched: null, records: [], sender: 'opportunistic', tlsaName: OWNER,
  tlsaDnssec: 'secure', reason: '', ...p });
const rec = (usage: number) => ({ usage, selector: 1, matchingType: 1, data: 'aa', text: `${usage} 1 1 aa`, usable: true, matched: true, note: '' });

test('DANE for the domain: valid, partial, invalid, none, not-applicable, rollover', () => {
  const good = addressOf({ dane: dane({ usable: true, matched: true, records: [rec(3), rec(2)], sender: 'authenticated' }) });
  const bare = addressOf({ address: '127.53.0.11', dane: dane({}) });
  assert.deepEqual(daneSummary([mxOf({ addresses: [good] })]).dane, { status: 'valid', rolloverReady: true,
    detail: daneSummary([mxOf({ addresses: [good] })]).dane.detail });
  const partial = daneSummary([mxOf({ addresses: [good, bare] })]);
  assert.equal(partial.dane.status, 'partial');
  assert.deepEqual(partial.unprotected.map((a) => a.address), ['127.53.0.11']);
  const bad = addressOf({ dane: dane({ usable: true, matched: false, records: [rec(3)], sender: 'defer' }) });
  assert.equal(daneSummary([mxOf({ addresses: [bad, bare] })]).dane.status, 'invalid');
  assert.equal(daneSummary([mxOf({ addresses: [bad] })]).dane.rolloverReady, false, 'one usable record is not rollover-ready');
  assert.equal(daneSummary([mxOf({ addresses: [bare] })]).dane.status, 'none');
  assert.equal(daneSummary([mxOf({ addresses: [{ ...bare, dnssec: 'insecure' }] })]).dane.status, 'not-applicable');
  // Addresses not scanned (special-purpose) are left out of the judgement.
  assert.equal(daneSummary([mxOf({ addresses: [good, { ...bare, skipped: 'private (RFC 1918)' }] })]).dane.status, 'valid');
});
