import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressOf, hostOf, lookupOf, mxOf } from '../fixtures.js';
import { mxSet } from '../mx-set.js';
import type { Lookup } from '../lookup.js';
import type { CheckFinding, StsPolicy, StsTxt } from '../types.js';
import { checkFindings, type CheckFacts } from './all.js';
import { danePartialFindings, hostDaneFindings } from './dane.js';
import { domainDnsFindings, hostDnsFindings, mxUnsignedFindings, tooManyAddressesFindings } from './dns.js';
import { checkFinding } from './make.js';
import { domainStsFindings, hostStsFindings, stsPolicyFix, stsTxtFix, type StsFacts } from './mta-sts.js';
import { requireTlsFindings, scanFindings } from './scan.js';
import { tlsRptFindings } from './tls-rpt.js';

const D = 'example.test';
const ids = (fs: readonly CheckFinding[]) => fs.map((f) => f.id);
const mxRec = (preference: number, exchange: string) => ({ type: 'MX' as const, name: D, ttl: 300, preference, exchange });
const mxLookup = (p: Partial<Lookup> = {}) => lookupOf({ name: D, type: 'MX', records: [mxRec(10, 'mx1.example.test')], ...p });
const domainDns = (mx: Lookup) => domainDnsFindings({ domain: D, mx, mxSet: mxSet(D, mx), resolver: '127.0.0.53' });

test('one finding shape: message is the detail, place the host (or nothing), every old field kept', () => {
  const f = checkFinding('dane', 'x', 'low', 'T', 'the detail', { host: 'mx1.example.test', addresses: ['127.53.0.10'], fix: 'F' });
  assert.deepEqual(f, {
    id: 'x', severity: 'low', title: 'T', detail: 'the detail', source: 'dane', host: 'mx1.example.test', addresses: ['127.53.0.10'], fix: 'F',
    message: 'the detail', place: { host: 'mx1.example.test' },
  });
  assert.deepEqual(checkFinding('dns', 'y', 'info', 'T', 'd').place, {});
  assert.equal(checkFinding('dns', 'y', 'info', 'T', 'd').host, null);
});

test('domain DNS findings: lookup failed, NXDOMAIN, null MX (alone or mixed), CNAME, bogus, resolver not validating, too many MX', () => {
  assert.deepEqual(ids(domainDns(mxLookup({ status: 'unknown', rcode: 'ETIMEOUT', records: [], error: 'no answer' }))), ['mx-lookup-failed']);
  const nx = domainDns(mxLookup({ rcode: 'NXDOMAIN', records: [] }));
  assert.deepEqual(ids(nx), ['domain-nxdomain']);
  assert.match(nx[0]?.detail ?? '', /DNSSEC-proven/);
  assert.deepEqual(ids(domainDns(mxLookup({ records: [mxRec(0, '.')] }))), ['null-mx']);
  const mixed = domainDns(mxLookup({ records: [mxRec(0, '.'), mxRec(10, 'mx1.example.test')] }));
  assert.deepEqual(ids(mixed), ['null-mx-mixed']);
  assert.equal(mixed[0]?.fix, '; remove: example.test. IN MX 0 .');
  assert.deepEqual(ids(domainDns(mxLookup({ cname: ['alias.example.test'] }))), ['domain-cname']);
  assert.deepEqual(ids(domainDns(mxLookup({ status: 'bogus' }))), ['dnssec-bogus-mx']);
  const nv = domainDns(mxLookup({ status: 'insecure', signedNotValidated: true }));
  assert.deepEqual(ids(nv), ['resolver-not-validating']);
  assert.match(nv[0]?.detail ?? '', /127\.0\.0\.53 does not validate/);
  const many = Array.from({ length: 17 }, (_, i) => mxRec(i, `mx${i}.example.test`));
  assert.deepEqual(ids(domainDns(mxLookup({ records: many }))), ['mx-too-many']);
  assert.deepEqual(ids(domainDns(mxLookup())), [], 'a plain signed MX set: nothing to say');
});

test('the MX set: preference order, bounded, implicit MX through the CNAME (RFC 5321 §5.1), address MX', () => {
  const s = mxSet(D, mxLookup({ records: [mxRec(20, 'b.example.test'), mxRec(10, 'c.example.test'), mxRec(10, 'a.example.test'), mxRec(5, '127.53.0.9')] }));
  assert.deepEqual(s.hosts.map((h) => `${h.preference} ${h.host} ${h.kind}`), ['5 127.53.0.9 ip-literal', '10 a.example.test mx',
    '10 c.example.test mx', '20 b.example.test mx']);
  assert.equal(mxSet(D, mxLookup({ records: Array.from({ length: 20 }, (_, i) => mxRec(i, `m${i}.example.test`)) })).hosts.length, 16);
  assert.deepEqual(mxSet(D, mxLookup({ records: [], cname: ['real.example.test'] })).hosts, [{ host: 'real.example.test', preference: 0, kind: 'implicit' }]);
  assert.equal(mxSet(D, mxLookup({ records: [mxRec(0, '.')] })).source, 'null-mx');
  assert.equal(mxSet(D, mxLookup({ records: [mxRec(10, '.')] })).source, 'mx', 'a null MX must have preference 0 (RFC 7505 §3)');
});

test('MX host findings: address MX, CNAME, no address, lookup failed, bogus, special-purpose, unreachable, too many addresses', () => {
  const literal = hostDnsFindings(D, hostOf({ host: '127.53.0.9', kind: 'ip-literal' }), mxOf(), 1);
  assert.deepEqual(ids(literal), ['mx-ip-literal']);
  assert.match(literal[0]?.fix ?? '', /IN MX 10 mx\.example\.test\./);
  const cname = hostDnsFindings(D, hostOf({ cname: ['real.example.test'] }), mxOf(), 1);
  assert.deepEqual(ids(cname), ['mx-cname']);
  assert.equal(cname[0]?.fix, 'example.test. IN MX 10 real.example.test.');
  const none = hostDnsFindings(D, hostOf({ addresses: [] }), mxOf({ addresses: [] }), 1);
  assert.deepEqual(ids(none), ['mx-no-address']);
  assert.match(none[0]?.detail ?? '', /so no mail can be delivered/);
  assert.doesNotMatch(hostDnsFindings(D, hostOf({ addresses: [] }), mxOf({ addresses: [] }), 2)[0]?.detail ?? '', /no mail can be delivered/);
  assert.deepEqual(ids(hostDnsFindings(D, hostOf({ addresses: [], error: 'SERVFAIL' }), mxOf({ addresses: [] }), 1)), ['mx-address-lookup-failed']);
  assert.deepEqual(ids(hostDnsFindings(D, hostOf({ aaaa: lookupOf({ name: 'mx1', type: 'AAAA', status: 'bogus' }) }), mxOf(), 1)), ['dnssec-bogus-host']);
  const special = hostDnsFindings(D, hostOf(), mxOf({ addresses: [addressOf({ address: '127.53.0.10',
    skipped: 'loopback (RFC 1122): not reachable from the Internet', reachable: null })] }), 1);
  assert.deepEqual(ids(special), ['address-special']);
  assert.match(special[0]?.detail ?? '', /is loopback \(RFC 1122\) \(RFC 6890\)/);
  const down = addressOf({ reachable: false });
  assert.deepEqual(hostDnsFindings(D, hostOf(), mxOf({ addresses: [down] }), 1).map((f) => `${f.id} ${f.severity}`), ['address-unreachable high']);
  assert.deepEqual(hostDnsFindings(D, hostOf(), mxOf({ addresses: [down, addressOf({ address: '127.53.0.11' })] }), 1).map((f) => f.severity),
    ['medium'], 'another address still works');
  assert.deepEqual(ids(tooManyAddressesFindings([hostOf({ addressTotal: 9 }), hostOf({ addressTotal: 8 })])), ['mx-too-many-addresses']);
});

const OWNER = '_25._tcp.mx1.example.test';
const tlsaLookup = (p: Partial<Lookup>) => lookupOf({ name: OWNER, type: 'TLSA', ...p });
const tlsaRec = (usage: number) => ({ type: 'TLSA' as const, name: OWNER, ttl: 300, usage, selector: 1, matchingType: 1, data: 'ab'.repeat(32) });
const judgedRec = (usage: number, usable = true) => ({ usage, selector: 1, matchingType: 1, data: 'ab', text: `${usage} 1 1 ${'ab'.repeat(32)}`,
  usable, matched: usable, note: 'n' });

test('DANE host findings: TLSA insecure, under a CNAME, lookup failed, no match, not rollover-ready, unusable, absent', () => {
  const dane = (h: Parameters<typeof hostDaneFindings>[0], m = mxOf()) => ids(hostDaneFindings(h, m));
  assert.deepEqual(dane(hostOf({ tlsa: tlsaLookup({ status: 'insecure', records: [tlsaRec(3)] }) })), ['tlsa-insecure']);
  assert.deepEqual(dane(hostOf({ tlsa: tlsaLookup({ records: [tlsaRec(3)], cname: ['_25._tcp.elsewhere.test'] }) })), ['tlsa-cname']);
  assert.deepEqual(dane(hostOf({ tlsa: tlsaLookup({ status: 'bogus' }) })), ['tlsa-lookup-failed']);
  assert.deepEqual(dane(hostOf({ tlsa: tlsaLookup({ status: 'unknown', error: 'timeout' }) })), ['tlsa-lookup-failed'], 'failed with a signed address');
  assert.deepEqual(dane(hostOf({ tlsa: tlsaLookup({ status: 'unknown', error: 'timeout' }) }), mxOf({ addresses: [addressOf({ dnssec: 'insecure' })] })), []);
  const daneOf = (matched: boolean, records = [judgedRec(3)]) => addressOf({ dane: { usable: true, matched, records,
    sender: matched ? 'authenticated' : 'defer', tlsaName: OWNER, tlsaDnssec: 'secure', reason: '' } });
  const h = hostOf({ tlsa: tlsaLookup({ records: [tlsaRec(3)] }) });
  assert.deepEqual(dane(h, mxOf({ addresses: [daneOf(false)] })), ['tlsa-no-match']);
  assert.deepEqual(dane(h, mxOf({ addresses: [daneOf(true)] })), ['tlsa-no-rollover']);
  assert.deepEqual(dane(h, mxOf({ addresses: [daneOf(true, [judgedRec(3), judgedRec(2)])] })), [], '3 1 1 with 2 1 1 is rollover-ready');
  assert.deepEqual(dane(hostOf({ tlsa: tlsaLookup({ records: [tlsaRec(1), tlsaRec(0)] }) })), ['tlsa-unusable']);
  assert.deepEqual(dane(hostOf()), ['dane-absent']);
  assert.deepEqual(dane(hostOf({ kind: 'ip-literal' })), [], 'an address MX has no TLSA name');
  const partial = danePartialFindings('partial', [addressOf({ address: '127.53.0.11' })]);
  assert.deepEqual(ids(partial), ['dane-partial']);
  assert.match(partial[0]?.detail ?? '', /^127\.53\.0\.11 has no usable TLSA record/);
  assert.deepEqual(danePartialFindings('valid', []), []);
});

const txt = (p: Partial<StsTxt> = {}): StsTxt => ({ name: `_mta-sts.${D}`, records: ['v=STSv1; id=1'], valid: true, id: '1', dnssec: 'secure',
  errors: [], ...p });
const pol = (p: Partial<StsPolicy> = {}): StsPolicy => ({
  url: 'u', text: 'x', version: 'STSv1', mode: 'enforce', maxAge: 604800, mx: ['mx1.example.test'], valid: true, errors: [], address: '127.53.0.20', ...p,
});
const sts = (p: Partial<StsFacts> = {}): StsFacts => ({ txt: txt(), wanted: true, policy: pol(), applies: true, errors: [],
  url: `https://mta-sts.${D}/.well-known/mta-sts.txt`, ...p });
const NOW = new Date('2030-01-02T03:04:05Z');
const hosts = [{ host: 'mx1.example.test', kind: 'mx' as const }, { host: '127.53.0.9', kind: 'ip-literal' as const }];

test('MTA-STS findings: absent, TXT invalid, policy unreachable or with a bad certificate, invalid, short max_age, testing', () => {
  const sf = (s: StsFacts, src: 'mx' | 'null-mx' = 'mx') => domainStsFindings(D, s, src, hosts, NOW);
  const absent = sf(sts({ txt: txt({ records: [], valid: false, id: null }), wanted: false, policy: null, applies: false }));
  assert.deepEqual(absent.map((f) => `${f.id} ${f.severity}`), ['mta-sts-absent low']);
  assert.equal(absent[0]?.fix, `${stsTxtFix(D, NOW)}\n\n# https://mta-sts.${D}/.well-known/mta-sts.txt\n${stsPolicyFix('testing', hosts, null)}`);
  assert.equal(sf(sts({ txt: txt({ records: [], valid: false, id: null }), wanted: false, policy: null, applies: false }), 'null-mx')[0]?.fix, null);
  assert.deepEqual(sf(sts({ txt: txt({ valid: false, errors: ['bad'] }), applies: false })).map((f) => `${f.id} ${f.severity}`), ['mta-sts-txt-invalid high']);
  const down = sf(sts({ policy: pol({ text: null, valid: false }), applies: false, errors: [{ code: 'ECONNREFUSED', message: 'refused' }] }));
  assert.deepEqual(ids(down), ['mta-sts-policy-unavailable']);
  assert.deepEqual(down[0]?.place, { host: `mta-sts.${D}` });
  assert.deepEqual(ids(sf(sts({ policy: pol({ text: null, valid: false }), applies: false, errors: [{ code: 'EMTASTS_CERT',
    message: 'self-signed' }] }))), ['mta-sts-policy-cert']);
  assert.deepEqual(ids(sf(sts({ policy: pol({ valid: false, errors: ['no mode'] }), applies: false }))), ['mta-sts-policy-invalid']);
  assert.deepEqual(ids(sf(sts({ policy: pol({ maxAge: 3600 }) }))), ['mta-sts-max-age-short']);
  assert.deepEqual(ids(sf(sts({ policy: pol({ mode: 'testing' }) }))), ['mta-sts-testing']);
  assert.deepEqual(ids(sf(sts())), [], 'a valid enforce policy with a long max_age');
});

test('MTA-STS fixes: the TXT id is the time; the policy lists MX names, never addresses, max_age at least a day', () => {
  assert.equal(stsTxtFix(D, NOW), '_mta-sts.example.test. IN TXT "v=STSv1; id=20300102030405"');
  assert.equal(stsPolicyFix('none', hosts, 60), 'version: STSv1\nmode: testing\nmx: mx1.example.test\nmax_age: 86400\n');
});

test('MTA-STS host findings: by mode, a name not listed or a certificate that fails', () => {
  const bad = (nameMatches: boolean) => addressOf({ mtaSts: { match: false, nameMatches, certificateValid: !nameMatches ? true : false, reason: 'why.' } });
  const enforce = hostStsFindings(mxOf({ addresses: [bad(false)] }), sts(), hosts);
  assert.deepEqual(enforce.map((f) => `${f.id} ${f.severity}`), ['mta-sts-mx-mismatch critical']);
  assert.match(enforce[0]?.detail ?? '', /^why\. Under mode enforce/);
  assert.deepEqual(hostStsFindings(mxOf({ addresses: [bad(true)] }), sts({ policy: pol({ mode: 'testing' }) }),
    hosts).map((f) => `${f.id} ${f.severity}`), ['mta-sts-cert-invalid medium']);
  assert.deepEqual(hostStsFindings(mxOf({ addresses: [bad(true)] }), sts({ applies: false }), hosts), [], 'no policy applies');
  assert.deepEqual(hostStsFindings(mxOf(), sts(), hosts), []);
});

test('TLS-RPT, scan, REQUIRETLS and MX-unsigned findings', () => {
  assert.deepEqual(ids(tlsRptFindings(D, { record: 'v=TLSRPTv1', valid: false, rua: [], errors: ['no rua'] }, 'mx')), ['tlsrpt-invalid']);
  assert.deepEqual(ids(tlsRptFindings(D, { record: null, valid: false, rua: [], errors: [] }, 'mx')), ['tlsrpt-absent']);
  assert.deepEqual(tlsRptFindings(D, { record: null, valid: false, rua: [], errors: [] }, 'null-mx'), []);
  const finding = (id: string, severity: 'info' | 'high') => ({ id, severity, title: id, detail: `${id}!` });
  const scanned = (address: string, fs: ReturnType<typeof finding>[]) => addressOf({ address,
    scan: { findings: fs } as unknown as NonNullable<ReturnType<typeof addressOf>['scan']> });
  const grouped = scanFindings([scanned('127.53.0.10', [finding('tls10', 'high'), finding('note', 'info')]), scanned('127.53.0.11', [finding('tls10',
    'high')])]);
  assert.deepEqual(grouped.map((f) => [f.id, f.addresses, f.source]), [['tls10', ['127.53.0.10', '127.53.0.11'], 'scan']]);
  assert.deepEqual(ids(requireTlsFindings([addressOf({ requireTls: false }), addressOf({ requireTls: null })])), ['requiretls-absent']);
  assert.deepEqual(requireTlsFindings([addressOf({ requireTls: false }), addressOf({ requireTls: true })]), []);
  assert.deepEqual(requireTlsFindings([addressOf()]), [], 'no EHLO after TLS seen: nothing to judge');
  const m = mxLookup({ status: 'insecure' });
  assert.deepEqual(ids(mxUnsignedFindings(D, m, mxSet(D, m), 1)), ['mx-unsigned']);
  assert.deepEqual(mxUnsignedFindings(D, mxLookup(), mxSet(D, mxLookup()), 1), []);
});

test('all findings: the order a reader meets them, then most severe first', () => {
  const mx = mxLookup({ status: 'insecure' });
  const facts: CheckFacts = {
    domain: D, mx, mxSet: mxSet(D, mx), resolver: '127.0.0.53', hosts: [hostOf({ addresses: [] }), hostOf({ host: 'mx2.example.test' })],
    judged: [mxOf({ addresses: [] }), mxOf({ host: 'mx2.example.test' })],
    sts: sts({ txt: txt({ records: [], valid: false, id: null }), wanted: false, policy: null, applies: false }),
    tlsRpt: { record: null, valid: false, rua: [], errors: [] }, dane: { status: 'none', unprotected: [] }, now: NOW,
  };
  // The MX without addresses has no signed address, so only mx2 is told to publish TLSA.
  assert.deepEqual(checkFindings(facts).map((f) => `${f.severity} ${f.id} ${f.host ?? '-'}`), [
    'high mx-no-address mx1.example.test', 'low dane-absent mx2.example.test', 'low mta-sts-absent -', 'info mx-unsigned -', 'info tlsrpt-absent -',
  ]);
});
