import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy, parseStsTxt, mxMatchesPattern } from './mta-sts-policy.js';
import { parseTlsRpt } from './tls-rpt.js';
import { scanRefusal, specialPurpose } from './addresses.js';
import { rolloverReady, tlsaUsable } from './dane.js';
import { followCnames, weakest } from './lookup.js';
import { addressVerdict, domainVerdict } from './verdict.js';
import { normalizeDomain } from './run.js';
import { tamperMx, zoneText, testZones, stackAddresses } from '../lab/dns/zones.js';
import type { AddressDane, AddressMtaSts, CheckFinding } from './types.js';

test('MTA-STS TXT: exactly one v=STSv1 record with an alphanumeric id (RFC 8461 §3.1)', () => {
  assert.equal(parseStsTxt('_mta-sts.x', ['v=STSv1; id=20190429T010101']).valid, true, 'letters and digits only: valid');
  const ok = parseStsTxt('_mta-sts.x', ['v=spf1 -all', 'v=STSv1; id=2024abc;']);
  assert.equal(ok.valid, true);
  assert.equal(ok.id, '2024abc');
  const bad = parseStsTxt('_mta-sts.x', ['v=STSv1; id=bad-id!']);
  assert.equal(bad.valid, false);
  assert.match(bad.errors.join(), /1 to 32 letters and digits/);
  assert.match(parseStsTxt('_mta-sts.x', ['v=STSv1; id=a', 'v=STSv1; id=b']).errors.join(), /2 TXT records/);
  assert.match(parseStsTxt('_mta-sts.x', ['v=STSv1']).errors.join(), /no id/);
  assert.match(parseStsTxt('_mta-sts.x', ['V=stsv1; id=1']).errors.join(), /case-sensitive/);
  assert.equal(parseStsTxt('_mta-sts.x', []).valid, false);
});

test('MTA-STS policy: fields, bounds, mx patterns (RFC 8461 §3.2, §4.1)', () => {
  const p = parsePolicy('u', 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\nextension: ignored\r\n', null);
  assert.equal(p.valid, true, p.errors.join());
  assert.deepEqual(p.mx, ['mail.example.com', '*.example.net']);
  assert.equal(p.maxAge, 604800);
  const bad = parsePolicy('u', 'version: STSv2\nmode: strict\nmax_age: 99999999999\n', null);
  assert.equal(bad.valid, false);
  assert.equal(bad.errors.length >= 3, true, bad.errors.join('|'));
  assert.match(parsePolicy('u', 'version: STSv1\nmode: testing\nmax_age: 86400\n', null).errors.join(), /no mx/);
  assert.equal(parsePolicy('u', 'version: STSv1\nmode: none\nmax_age: 86400\n', null).valid, true);
  assert.ok(mxMatchesPattern('mx1.example.net', '*.example.net'));
  assert.ok(!mxMatchesPattern('a.b.example.net', '*.example.net'), 'a wildcard covers one label only');
  assert.ok(!mxMatchesPattern('example.net', '*.example.net'));
  assert.ok(mxMatchesPattern('MAIL.example.com.', 'mail.example.com'));
});

test('TLS-RPT: v=TLSRPTv1 then rua with mailto: or https: (RFC 8460 §3)', () => {
  const ok = parseTlsRpt('_smtp._tls.x', ['v=TLSRPTv1; rua=mailto:r@example.com,https://r.example.com/v1']);
  assert.equal(ok.valid, true, ok.errors.join());
  assert.equal(ok.rua.length, 2);
  assert.match(parseTlsRpt('_smtp._tls.x', ['v=TLSRPTv1; rua=r@example.com']).errors.join(), /mailto/);
  assert.match(parseTlsRpt('_smtp._tls.x', ['v=TLSRPTv1;']).errors.join(), /no rua/);
  assert.equal(parseTlsRpt('_smtp._tls.x', []).record, null);
});

test('special-purpose addresses are not scanned; loopback only with a local resolver (RFC 6890)', () => {
  assert.match(specialPurpose('10.1.2.3') ?? '', /RFC 1918/);
  assert.match(specialPurpose('192.0.2.7') ?? '', /documentation/);
  assert.match(specialPurpose('2001:db8::25') ?? '', /documentation/);
  assert.match(specialPurpose('fe80::1') ?? '', /link-local/);
  assert.match(specialPurpose('::ffff:10.0.0.1') ?? '', /IPv4-mapped/);
  assert.equal(specialPurpose('8.8.8.8'), null);
  assert.equal(specialPurpose('2a00:1450:4001::1b'), null);
  assert.equal(scanRefusal('127.53.0.10', true), null);
  assert.match(scanRefusal('127.53.0.10', false) ?? '', /loopback/);
  assert.match(scanRefusal('::1', false) ?? '', /loopback/);
  assert.match(scanRefusal('192.168.1.1', true) ?? '', /private/);
});

test('TLSA usability for SMTP and rollover readiness (RFC 7672 §3.1.3, RFC 7671 §8.1)', () => {
  assert.equal(tlsaUsable({ usage: 3, selector: 1, matchingType: 1 }).usable, true);
  assert.equal(tlsaUsable({ usage: 2, selector: 0, matchingType: 2 }).usable, true);
  assert.match(tlsaUsable({ usage: 1, selector: 1, matchingType: 1 }).note, /unusable for SMTP/);
  assert.equal(tlsaUsable({ usage: 3, selector: 2, matchingType: 1 }).usable, false);
  assert.equal(rolloverReady([{ usage: 3, usable: true }]), false);
  assert.equal(rolloverReady([{ usage: 3, usable: true }, { usage: 2, usable: true }]), true);
  assert.equal(rolloverReady([{ usage: 3, usable: true }, { usage: 3, usable: true }]), true);
});

test('CNAME chains are followed, loops stop', () => {
  const rr = (name: string, target: string) => ({ type: 'CNAME' as const, name, ttl: 1, target });
  assert.deepEqual(followCnames('a', [rr('a', 'b'), rr('b', 'c')]), { final: 'c', chain: ['b', 'c'] });
  assert.equal(followCnames('a', [rr('a', 'b'), rr('b', 'a')]).chain.length, 8);
  assert.equal(weakest('secure', 'insecure'), 'insecure');
  assert.equal(weakest('secure', 'bogus', 'insecure'), 'bogus');
});

const dane = (sender: AddressDane['sender']): AddressDane => ({ usable: sender !== 'opportunistic',
  matched: sender === 'authenticated' ? true : sender === 'defer' ? false : null,
  records: [], sender, tlsaName: '_25._tcp.x', tlsaDnssec: 'secure', reason: sender });
const sts = (match: boolean | null): AddressMtaSts => ({ match, nameMatches: match, certificateValid: match, reason: 'r' });

test('address verdicts: a DANE sender that defers, or an enforce policy that fails, is a fail', () => {
  assert.equal(addressVerdict({ scan: null, skipped: 'private', dane: dane('opportunistic'), mtaSts: sts(null), mtaStsMode: null }).verdict, 'fail');
  // A modern MX: TLS 1.2 and 1.3 with ECDHE AEAD suites only, STARTTLS, no AUTH before TLS.
  const suite = (code: string, kx: string) => ({ code, iana: code, openssl: null, kx, auth: 'RSA', bits: 256, strength: 'strong' as const });
  const scan: NonNullable<Parameters<typeof addressVerdict>[0]['scan']> = {
    target: { host: 'mx.good.test', ip: '127.53.0.10', port: 25, starttls: 'smtp', role: 'mx' }, complete: true, error: null,
    protocols: [
      { version: 'TLSv1.0', offered: false, serverPreference: null, ciphers: [] }, { version: 'TLSv1.1', offered: false, serverPreference: null, ciphers: [] },
      { version: 'TLSv1.2', offered: true, serverPreference: true, ciphers: [suite('0xC030', 'ECDHE'), suite('0xC02F', 'ECDHE')] },
      { version: 'TLSv1.3', offered: true, serverPreference: null, ciphers: [suite('0x1302', 'ANY'), suite('0x1301', 'ANY')] },
    ],
    groups: [{ name: 'x25519', code: '0x001D', kind: 'ECDHE', bits: 253, protocols: ['TLSv1.2', 'TLSv1.3'] }], certificates: [],
    tls: { secureRenegotiation: true, extendedMasterSecret: true, encryptThenMac: null, sessionTickets: true, compression: 'none', fallbackScsv: true,
      dhBits: null, dhBitsSuites: [], helloRetryRequest: true },
    smtp: { banner: '220 mx', capabilities: ['STARTTLS'], capabilitiesAfterTls: [], starttls: true, authBeforeTls: [], authAfterTls: [],
      injectedAfterStarttls: 0, retries: 0 },
    findings: [], errors: [], stats: { connections: 3, durationMs: 1 },
  };
  const graded = addressVerdict({ scan, skipped: null, dane: dane('authenticated'), mtaSts: sts(true), mtaStsMode: 'enforce' });
  assert.ok(graded.rules.length > 0 && graded.rules.every((r) => r.rule.startsWith('mail/')), 'graded by the default profile');
  assert.equal(addressVerdict({ ...{ scan }, skipped: null, dane: dane('authenticated'), mtaSts: sts(true), mtaStsMode: 'enforce' },
    'nist-800-52r2').rules[0]?.profile, 'nist-800-52r2');
  assert.equal(addressVerdict({ scan, skipped: null, dane: dane('authenticated'), mtaSts: sts(true), mtaStsMode: 'enforce' }).verdict, 'pass');
  assert.equal(addressVerdict({ scan, skipped: null, dane: dane('defer'), mtaSts: sts(true), mtaStsMode: 'enforce' }).verdict, 'fail');
  assert.equal(addressVerdict({ scan, skipped: null, dane: dane('opportunistic'), mtaSts: sts(false), mtaStsMode: 'enforce' }).verdict, 'fail');
  assert.equal(addressVerdict({ scan, skipped: null, dane: dane('opportunistic'), mtaSts: sts(false), mtaStsMode: 'testing' }).verdict, 'warn');
  const crit: CheckFinding = { id: 'x', severity: 'critical', title: '', detail: '', message: '', place: {}, host: null, addresses: [], fix: null,
    source: 'dns' };
  assert.equal(domainVerdict([{ verdict: 'pass' }], [], false), 'pass');
  assert.equal(domainVerdict([{ verdict: 'pass' }, { verdict: 'fail' }], [], false), 'warn');
  assert.equal(domainVerdict([{ verdict: 'fail' }], [], false), 'fail');
  assert.equal(domainVerdict([{ verdict: 'pass' }], [crit], false), 'fail');
  assert.equal(domainVerdict([], [], true), 'pass', 'a null MX passes');
});

test('domain names are normalised as a sender uses them', () => {
  assert.equal(normalizeDomain('Example.COM.'), 'example.com');
  assert.equal(normalizeDomain('bücher.example'), 'xn--bcher-kva.example');
  assert.throws(() => normalizeDomain('127.0.0.1'), /not a domain/);
  assert.throws(() => normalizeDomain('a..b'), /not a domain/);
});

test('lab zones: texts and the bogus tampering', () => {
  const a = stackAddresses(7);
  const zones = testZones(a, { goodLeaf: 'aa', ca: 'bb', brokenLeaf: 'cc', stale: 'dd', benchLeaf: 'ee' }, true);
  assert.deepEqual(zones.map((z) => z.origin), ['good.test', 'broken.test', 'badsts.test', 'unsigned.test', 'bogus.test', 'nullmx.test', 'nomx.test',
    'bench.test']);
  const text = zoneText('good.test', zones[0]?.records ?? [], 1);
  assert.match(text, /^mx1 IN A 127\.53\.7\.10$/m);
  assert.match(text, /^_25\._tcp\.mx1 IN TLSA 3 1 1 aa$/m);
  assert.equal(zones.find((z) => z.origin === 'bench.test')?.records.filter((r) => / A /.test(r)).length, 8);
  const signed = 'bogus.test.\t300\tIN\tMX\t10 mx.bogus.test.\nbogus.test.\t300\tIN\tRRSIG\tMX 13 2 300 x';
  assert.match(tamperMx(signed), /IN\tMX\t20 mx\.bogus\.test\./);
  assert.match(tamperMx(signed), /RRSIG\tMX 13/);
});
