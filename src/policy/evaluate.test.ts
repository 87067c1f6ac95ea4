import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradeEvidence, worstOutcome, worstSeverity } from './evaluate.js';
import { getProfile, listProfiles } from './profiles.js';
import type { Evidence, RuleResult, ServiceRole } from './types.js';

const NOW = new Date('2026-12-01T00:00:00Z');

/** A good modern server: ECDHE AEAD on TLS 1.2, TLS 1.3, client order, a trusted P-256 certificate. */
function ev(over: Partial<Evidence> = {}): Evidence {
  return {
    role: 'mx', source: 'wire', tls: true, implicitTls: false, tlsRequired: false, authBeforeTls: false,
    versions: ['TLSv1.2', 'TLSv1.3'],
    suites: { 'TLSv1.2': ['0xC02B', '0xC02F', '0xC030', '0xCCA8'], 'TLSv1.3': ['0x1301', '0x1302', '0x1303'] },
    serverPreference: { 'TLSv1.2': false, 'TLSv1.3': false },
    groups: [{ name: 'x25519', kind: 'ECDHE', bits: 253 }, { name: 'secp256r1', kind: 'ECDHE', bits: 256 }],
    dhBits: null,
    certificates: [{
      keyType: 'EC', keyBits: 256, curve: 'prime256v1', signatureAlgorithm: 'ecdsa-with-SHA256', trusted: true, nameMatches: true,
      notAfter: '2027-06-01T00:00:00Z', selfSigned: false, subject: 'CN=mx.example',
    }],
    facts: { compression: false, secureRenegotiation: true, extendedMasterSecret: true, encryptThenMac: true, fallbackScsv: true },
    ...over,
  };
}

function grade(profile: string, e: Evidence): Record<string, RuleResult> {
  return Object.fromEntries(gradeEvidence(getProfile(profile), e, { now: NOW }).map((r) => [r.id, r]));
}
function rule(profile: string, e: Evidence, id: string): RuleResult {
  const r = grade(profile, e)[id];
  assert.ok(r, `${profile} has no ${id} rule for ${e.role}`);
  return r;
}
const tls12 = (codes: string[], pref: boolean | null, extra: Partial<Evidence> = {}): Evidence =>
  ev({ suites: { 'TLSv1.2': codes, 'TLSv1.3': ['0x1301', '0x1302', '0x1303'] }, serverPreference: { 'TLSv1.2': pref, 'TLSv1.3': pref }, ...extra });

// ---------------------------------------------------------------- results, whatever the profile

test('one result per rule, ids <profile>/<rule>, a source each, severity info unless warn or fail', () => {
  for (const p of listProfiles()) {
    for (const role of ['mx', 'submission', 'other'] as ServiceRole[]) {
      const rs = gradeEvidence(getProfile(p.id), ev({ role }), { now: NOW });
      assert.equal(new Set(rs.map((r) => r.id)).size, rs.length, `${p.id} ${role}: duplicate rule`);
      for (const r of rs) {
        assert.equal(r.rule, `${p.id}/${r.id}`);
        assert.equal(r.profile, p.id);
        assert.ok(r.source.length > 0 && r.message.length > 0 && r.title.length > 0);
        if (r.outcome === 'pass' || r.outcome === 'n/a') assert.equal(r.severity, 'info', `${r.rule}: ${r.outcome} with ${r.severity}`);
        assert.equal(r.basis, 'wire');
      }
      for (const base of ['starttls', 'tls-required', 'auth-after-tls']) assert.ok(rs.some((r) => r.id === base), `${p.id} ${role} lacks ${base}`);
    }
  }
});

test('nothing known: no rule passes or fails, each says it could not judge', () => {
  const blank: Evidence = {
    role: 'submission', source: 'wire', tls: null, implicitTls: false, tlsRequired: null, authBeforeTls: null, versions: null, suites: null,
    serverPreference: {}, groups: null, dhBits: null, certificates: null,
    facts: { compression: null, secureRenegotiation: null, extendedMasterSecret: null, encryptThenMac: null, fallbackScsv: null },
  };
  for (const p of listProfiles()) {
    for (const r of gradeEvidence(getProfile(p.id), blank, { now: NOW })) {
      assert.equal(r.outcome, 'n/a', `${r.rule}: ${r.outcome} on unknown evidence (${r.message})`);
      assert.equal(r.judged, false, `${r.rule} claims to have judged unknown evidence`);
    }
  }
});

test('a good modern server passes the mail profile on every role, with nothing to fix', () => {
  for (const role of ['mx', 'submission'] as const) {
    const rs = Object.values(grade('mail', ev({ role, tlsRequired: role === 'submission' })));
    assert.deepEqual(rs.filter((r) => r.outcome === 'warn' || r.outcome === 'fail').map((r) => r.id), [], role);
    assert.ok(rs.every((r) => r.fix === null));
  }
});

// ---------------------------------------------------------------- cipher order (seed 000)

test('seed 000: only strong suites and no server order is a pass, under every profile that grades the suites', () => {
  // ECDHE with AES-GCM only: strong under every profile (NIST has no ChaCha20, see below)
  const strong = ev({ suites: { 'TLSv1.2': ['0xC02B', '0xC02F', '0xC030'], 'TLSv1.3': ['0x1301', '0x1302'] } });
  for (const p of listProfiles()) {
    const r = rule(p.id, strong, 'cipher-order');
    if (p.id === 'bsi-2026') assert.equal(r.outcome, 'n/a'); // TLS 1.2 suites not encoded: cannot judge
    else assert.equal(r.outcome, 'pass', `${p.id}: ${r.message}`);
  }
});

test('the cipher-order rule and its pass message cite public sources a user can open, never a working name', () => {
  const strong = ev({ suites: { 'TLSv1.2': ['0xC02B', '0xC02F', '0xC030'], 'TLSv1.3': ['0x1301', '0x1302'] } });
  const msg = rule('mail', strong, 'cipher-order').message;
  assert.match(msg, /https:\/\/security\.stackexchange\.com\/q\/200176/);
  for (const p of listProfiles()) {
    for (const role of ['mx', 'submission', 'other'] as const) {
      for (const r of gradeEvidence(getProfile(p.id), { ...strong, role }, { now: NOW })) {
        assert.doesNotMatch(`${r.source} ${r.message}`, /\bseed\b/i, `${p.id}/${r.id} (${role})`);
        // the profiles whose order rule rests on that argument rather than on a guideline's own test
        if (r.id === 'cipher-order' && ['mail', 'nist-800-52r2', 'bsi-2026'].includes(p.id)) assert.match(r.source, /tls_preempt_cipherlist.*TLS_README.*security\.stackexchange\.com\/q\/200176/, `${p.id} (${role})`);
      }
    }
  }
});

test('nist-800-52r2: ChaCha20 is not approved, so with the client choosing it can win over AES-GCM', () => {
  const r = rule('nist-800-52r2', ev(), 'cipher-order');
  assert.equal(r.outcome, 'warn');
  assert.match(r.message, /CHACHA20/);
});

test('client chooses, a weak and a strong suite: the weak one can win, so the order rule fails', () => {
  // RC4-SHA beside ECDHE-RSA-AES128-GCM, on port 25 (mail calls RC4 broken, so it must not win)
  const r = rule('mail', tls12(['0xC02F', '0x0005'], false), 'cipher-order');
  assert.equal(r.outcome, 'fail');
  assert.match(r.message, /RC4-SHA/);
  assert.deepEqual(r.fix, { kind: 'server-order', enable: true });
  assert.ok(r.offending.includes('0x0005') && r.offending.includes('0xC02F'));
});

test('server chooses: a weak suite wins only if it precedes a strong one in the server order', () => {
  assert.equal(rule('mail', tls12(['0xC02F', '0x0005'], true), 'cipher-order').outcome, 'pass');
  const bad = rule('mail', tls12(['0x0005', '0xC02F'], true), 'cipher-order');
  assert.equal(bad.outcome, 'fail');
  assert.equal(bad.fix?.kind, 'manual');
  assert.match(bad.message, /puts RC4-SHA before ECDHE-RSA-AES128-GCM-SHA256/);
});

test('who chooses unknown with weak and strong suites: not judged, never a pass or fail', () => {
  const r = rule('ncsc-2025', tls12(['0xC02F', '0x009E'], null), 'cipher-order');
  assert.equal(r.outcome, 'n/a');
  assert.equal(r.judged, false);
});

test('mail on port 25: a suite without forward secrecy beside strong ones warns, but order does not fail (stock Postfix)', () => {
  const e = tls12(['0xC02F', '0x002F', '0x0034'], false); // ECDHE-RSA-AES128-GCM, AES128-SHA, ADH-AES128-SHA
  assert.equal(rule('mail', e, 'cipher-order').outcome, 'pass');
  const s = rule('mail', e, 'cipher-suites');
  assert.equal(s.outcome, 'warn');
  assert.deepEqual(s.offending, ['0x002F']); // the anonymous suite is fine for opportunistic TLS
  // on submission both fail, and so does the order
  const sub = tls12(['0xC02F', '0x002F', '0x0034'], false, { role: 'submission', tlsRequired: true });
  assert.equal(rule('mail', sub, 'cipher-suites').outcome, 'fail');
  assert.deepEqual([...rule('mail', sub, 'cipher-suites').offending].sort(), ['0x002F', '0x0034']);
  assert.equal(rule('mail', sub, 'cipher-order').outcome, 'fail');
});

test('only TLS 1.3: the order rule does not apply (as internet.nl)', () => {
  const e = ev({ versions: ['TLSv1.3'], suites: { 'TLSv1.3': ['0x1301', '0x1302'] } });
  assert.equal(rule('ncsc-2025', e, 'cipher-order').outcome, 'n/a');
  assert.equal(rule('ncsc-2025', e, 'cipher-order').judged, true);
});

test('Mozilla 6.0: a suite outside the list that can win fails, and the fix removes it rather than adding server order', () => {
  const r = rule('mozilla-6.0-intermediate', tls12(['0xC02F', '0x009E'], false), 'cipher-order');
  assert.equal(r.outcome, 'fail');
  assert.deepEqual(r.fix, { kind: 'exclude-suites', suites: ['0x009E'] });
  // Mozilla 5.7 old wants server order over its AEAD-first list
  const old = rule('mozilla-5.7-old', tls12(['0xC02F', '0x002F'], false), 'cipher-order');
  assert.equal(old.outcome, 'fail');
  assert.deepEqual(old.fix, { kind: 'server-order', enable: true });
  assert.equal(rule('mozilla-5.7-old', tls12(['0xC02F', '0x002F'], true), 'cipher-order').outcome, 'pass');
});

test('ncsc-2021 wants the whole order: a sufficient suite before a good one fails, 2025 does not mind', () => {
  const e = tls12(['0xC013', '0xC02F'], true); // ECDHE-RSA-AES128-SHA (2021 sufficient) before ECDHE-RSA-AES128-GCM (good)
  assert.equal(rule('ncsc-2021', e, 'cipher-order').outcome, 'fail');
  // 2025 calls SHA-1 CBC insufficient, which fails the suite rule instead of the order rule
  assert.equal(rule('ncsc-2025', e, 'cipher-order').outcome, 'pass');
  assert.equal(rule('ncsc-2025', e, 'cipher-suites').outcome, 'fail');
});

// ---------------------------------------------------------------- versions

test('mail: TLS 1.0 warns on port 25 and fails on submission; the fix is a floor of TLS 1.2', () => {
  const mx = rule('mail', ev({ versions: ['TLSv1.0', 'TLSv1.2', 'TLSv1.3'] }), 'tls-versions');
  assert.equal(mx.outcome, 'warn');
  assert.match(mx.message, /fall back to plaintext/);
  const sub = rule('mail', ev({ role: 'submission', versions: ['TLSv1.0', 'TLSv1.2', 'TLSv1.3'] }), 'tls-versions');
  assert.equal(sub.outcome, 'fail');
  assert.deepEqual(sub.fix, { kind: 'protocols-floor', floor: 'TLSv1.2' });
  // SSLv2 fails even on port 25 (DROWN), SSLv3 warns there
  assert.equal(rule('mail', ev({ versions: ['SSLv2', 'TLSv1.2'] }), 'tls-versions').outcome, 'fail');
  const v3 = rule('mail', ev({ versions: ['SSLv3', 'TLSv1.2'] }), 'tls-versions');
  assert.equal(v3.outcome, 'warn');
  assert.equal(v3.severity, 'high');
});

test('a probe that failed is not a pass: the rule says it could not tell', () => {
  const r = rule('mail', ev({ role: 'submission', unknownVersions: ['TLSv1.0'] }), 'tls-versions');
  assert.equal(r.outcome, 'n/a');
  assert.equal(r.judged, false);
  assert.match(r.message, /Could not tell whether TLSv1.0/);
});

test('a TLS 1.3-only server passes Mozilla modern and only warns under Mozilla old (it lists TLS 1.0-1.2 for old clients)', () => {
  const e = ev({ versions: ['TLSv1.3'], suites: { 'TLSv1.3': ['0x1301', '0x1302', '0x1303'] }, serverPreference: { 'TLSv1.3': false } });
  for (const id of ['tls-versions', 'cipher-suites', 'key-exchange']) assert.equal(rule('mozilla-6.0-modern', e, id).outcome, 'pass', id);
  const old = rule('mozilla-5.7-old', e, 'tls-versions');
  assert.equal(old.outcome, 'warn');
  assert.deepEqual([...old.offending].sort(), ['TLSv1.0', 'TLSv1.1', 'TLSv1.2']);
  assert.equal(rule('mozilla-5.7-old', e, 'cipher-suites').outcome, 'pass');
  // and modern fails a server that keeps TLS 1.2
  assert.equal(rule('mozilla-6.0-modern', ev(), 'tls-versions').outcome, 'fail');
  assert.deepEqual(rule('mozilla-6.0-modern', ev(), 'tls-versions').fix, { kind: 'protocols-floor', floor: 'TLSv1.3' });
});

test('ncsc: TLS 1.1 is phase-out (warn) in 2021 and insufficient (fail) in 2025', () => {
  const e = ev({ versions: ['TLSv1.1', 'TLSv1.2'] });
  assert.equal(rule('ncsc-2021', e, 'tls-versions').outcome, 'warn');
  assert.equal(rule('ncsc-2025', e, 'tls-versions').outcome, 'fail');
});

test('nist-800-52r2: TLS 1.0 warns on an MX (business-facing), fails on submission; no TLS 1.3 fails', () => {
  const e = (role: ServiceRole) => ev({ role, versions: ['TLSv1.0', 'TLSv1.2', 'TLSv1.3'] });
  assert.equal(rule('nist-800-52r2', e('mx'), 'tls-versions').outcome, 'warn');
  assert.equal(rule('nist-800-52r2', e('submission'), 'tls-versions').outcome, 'fail');
  const no13 = rule('nist-800-52r2', ev({ versions: ['TLSv1.2'] }), 'tls-versions');
  assert.equal(no13.outcome, 'fail');
  assert.match(no13.message, /1 January 2024/);
});

// ---------------------------------------------------------------- suites

test('ncsc-2025: DHE-RSA is phase-out (warn), static RSA insufficient (fail); 2021 had static RSA AES as phase-out', () => {
  const dhe = rule('ncsc-2025', tls12(['0xC02F', '0x009E'], true), 'cipher-suites');
  assert.equal(dhe.outcome, 'warn');
  assert.deepEqual(dhe.offending, ['0x009E']);
  const rsa = rule('ncsc-2025', tls12(['0xC02F', '0x009C'], true), 'cipher-suites');
  assert.equal(rsa.outcome, 'fail');
  assert.deepEqual(rsa.fix, { kind: 'exclude-suites', suites: ['0x009C'] });
  assert.equal(rule('ncsc-2021', tls12(['0xC02F', '0x009C'], true), 'cipher-suites').outcome, 'warn');
  // TLS 1.3 CCM_8 is insufficient under both
  const ccm8 = ev({ suites: { 'TLSv1.2': ['0xC02F'], 'TLSv1.3': ['0x1301', '0x1305'] } });
  assert.equal(rule('ncsc-2025', ccm8, 'cipher-suites').outcome, 'fail');
});

test('nist-800-52r2 has no ChaCha20, and BSI none in TLS 1.3; BSI leaves TLS 1.2 suites unjudged', () => {
  assert.deepEqual(rule('nist-800-52r2', ev(), 'cipher-suites').offending, ['0xCCA8', '0x1303']);
  const bsi = rule('bsi-2026', ev(), 'cipher-suites');
  assert.equal(bsi.outcome, 'fail');
  assert.deepEqual(bsi.offending, ['0x1303']);
  const bsiOk = rule('bsi-2026', ev({ suites: { 'TLSv1.2': ['0xC02F'], 'TLSv1.3': ['0x1301', '0x1302'] } }), 'cipher-suites');
  assert.equal(bsiOk.outcome, 'n/a');
  assert.match(bsiOk.message, /Table 3/);
});

test('bcp195: CBC is phase-out without encrypt_then_mac, fine with it, unjudged when unknown', () => {
  const cbc = (etm: boolean | null) => tls12(['0xC02F', '0xC013'], true, { facts: { ...ev().facts, encryptThenMac: etm } });
  assert.equal(rule('bcp195', cbc(false), 'cipher-suites').outcome, 'warn');
  assert.equal(rule('bcp195', cbc(true), 'cipher-suites').outcome, 'pass');
  const u = rule('bcp195', cbc(null), 'cipher-suites');
  assert.equal(u.outcome, 'n/a');
  assert.match(u.message, /encrypt_then_mac/);
});

test('unknown TLS 1.3 suites (a configuration without tls13Ciphers) are said, not passed', () => {
  const e = ev({ source: 'config', suites: { 'TLSv1.2': ['0xC02F'] } });
  const r = rule('mozilla-6.0-intermediate', e, 'cipher-suites');
  assert.equal(r.outcome, 'n/a');
  assert.match(r.message, /TLSv1.3 suites are not known/);
});

// ---------------------------------------------------------------- key exchange

test('key exchange: NCSC 2025 DH sizes, with the RFC 7919 question the scan cannot answer said', () => {
  assert.equal(rule('ncsc-2025', ev({ dhBits: 2048 }), 'key-exchange').outcome, 'fail'); // ffdhe2048 or custom: insufficient either way
  const d3072 = rule('ncsc-2025', ev({ dhBits: 3072 }), 'key-exchange');
  assert.equal(d3072.outcome, 'warn'); // phase-out at best
  assert.match(d3072.message, /RFC 7919/);
  const named = rule('ncsc-2025', ev({ groups: [{ name: 'ffdhe3072', kind: 'FFDHE', bits: 3072 }] }), 'key-exchange');
  assert.equal(named.outcome, 'warn');
  // 2021: ffdhe4096 is sufficient, a custom 4096-bit prime insufficient: not judged
  const d4096 = rule('ncsc-2021', ev({ dhBits: 4096 }), 'key-exchange');
  assert.equal(d4096.outcome, 'n/a');
  assert.equal(d4096.judged, false);
});

test('key exchange: mail warns for 1024-bit DH on port 25 and fails it on submission; Mozilla grades curves by its list', () => {
  const dh = rule('mail', ev({ dhBits: 1024, dhSuites: ['ADH-AES128-SHA'] }), 'key-exchange');
  assert.equal(dh.outcome, 'warn');
  assert.deepEqual(dh.offending, ['DH-1024']);
  assert.match(dh.message, /DH 1024 bits \(ADH-AES128-SHA\)/);
  assert.equal(rule('mail', ev({ role: 'submission', dhBits: 1024 }), 'key-exchange').outcome, 'fail');
  const x448 = rule('mozilla-6.0-intermediate', ev({ groups: [{ name: 'x25519', kind: 'ECDHE', bits: 253 }, { name: 'x448', kind: 'ECDHE', bits: 448 }] }), 'key-exchange');
  assert.equal(x448.outcome, 'warn');
  const small = rule('mozilla-6.0-intermediate', ev({ groups: [{ name: 'secp192r1', kind: 'ECDHE', bits: 192 }] }), 'key-exchange');
  assert.equal(small.outcome, 'fail');
});

// ---------------------------------------------------------------- certificates

test('certificates: NCSC 2025 phases out RSA 2048; the mail profile judges trust by role', () => {
  const rsa = (bits: number, over: Record<string, unknown> = {}) => ev({
    certificates: [{ keyType: 'RSA', keyBits: bits, signatureAlgorithm: 'sha256WithRSAEncryption', trusted: true, nameMatches: true, notAfter: '2027-06-01T00:00:00Z', selfSigned: false, subject: 'CN=mx', ...over }],
  });
  assert.equal(rule('ncsc-2025', rsa(2048), 'certificate').outcome, 'warn');
  assert.deepEqual(rule('ncsc-2025', rsa(2048), 'certificate').offending, ['RSA-2048']);
  assert.deepEqual(rule('mail', rsa(2048, { trusted: false, selfSigned: true }), 'certificate').offending, ['self-signed']);
  assert.deepEqual(rule('bcp195', rsa(2048, { signatureAlgorithm: 'sha1WithRSAEncryption' }), 'certificate').offending, ['sha1WithRSAEncryption']);
  assert.equal(rule('ncsc-2025', rsa(3072), 'certificate').outcome, 'pass');
  assert.equal(rule('ncsc-2021', rsa(2048), 'certificate').outcome, 'pass');
  const selfSigned = { trusted: false, selfSigned: true };
  assert.equal(rule('mail', rsa(2048, selfSigned), 'certificate').outcome, 'warn');
  assert.equal(rule('mail', { ...rsa(2048, selfSigned), role: 'submission' }, 'certificate').outcome, 'fail');
  const expired = rule('mail', { ...rsa(2048, { notAfter: '2026-01-01T00:00:00Z' }), role: 'submission' }, 'certificate');
  assert.equal(expired.outcome, 'fail');
  assert.match(expired.message, /expired on 2026-01-01/);
  assert.equal(rule('mail', rsa(1024), 'certificate').outcome, 'warn');
  // Mozilla modern wants ECDSA: an RSA certificate alone fails
  assert.equal(rule('mozilla-6.0-modern', rsa(2048), 'certificate').outcome, 'fail');
});

// ---------------------------------------------------------------- the mail baseline

test('port 25 must not require TLS (RFC 3207 §4), under every profile; submission must', () => {
  for (const p of listProfiles()) {
    const mx = rule(p.id, ev({ tlsRequired: true }), 'tls-required');
    assert.equal(mx.outcome, 'fail', p.id);
    assert.match(mx.source, /RFC 3207 §4/);
    assert.deepEqual(mx.fix, { kind: 'offer-tls' });
    const sub = rule(p.id, ev({ role: 'submission', tlsRequired: false }), 'tls-required');
    assert.equal(sub.outcome, 'fail', p.id);
    assert.deepEqual(sub.fix, { kind: 'require-tls' });
    assert.equal(rule(p.id, ev({ role: 'other', tlsRequired: true }), 'tls-required').outcome, 'n/a');
  }
  const wire = rule('mail', ev({ role: 'submission', tlsRequired: null }), 'tls-required');
  assert.equal(wire.outcome, 'n/a');
  assert.equal(wire.judged, false);
});

test('no STARTTLS fails on port 25 (plaintext) and submission, warns on other; AUTH before TLS fails', () => {
  const none = { tls: false, versions: [], suites: {} } as const;
  assert.equal(rule('mail', ev(none), 'starttls').outcome, 'fail');
  assert.equal(rule('mail', ev({ ...none, role: 'submission' }), 'starttls').severity, 'critical');
  assert.equal(rule('mail', ev({ ...none, role: 'other' }), 'starttls').outcome, 'warn');
  assert.equal(rule('mail', ev(none), 'tls-versions').outcome, 'n/a');
  const auth = rule('bcp195', ev({ role: 'submission', tlsRequired: true, authBeforeTls: true, authMechanismsBeforeTls: ['PLAIN', 'LOGIN'] }), 'auth-after-tls');
  assert.equal(auth.outcome, 'fail');
  assert.deepEqual(auth.offending, ['PLAIN', 'LOGIN']);
  assert.deepEqual(auth.fix, { kind: 'auth-only-after-tls' });
});

test('stack facts: compression fails, missing renegotiation_info fails, and they do not apply to TLS 1.3 alone', () => {
  assert.equal(rule('mail', ev({ facts: { ...ev().facts, compression: true } }), 'compression').outcome, 'fail');
  assert.equal(rule('bcp195', ev({ facts: { ...ev().facts, secureRenegotiation: false } }), 'renegotiation').outcome, 'fail');
  const only13 = ev({ versions: ['TLSv1.3'], suites: { 'TLSv1.3': ['0x1301'] }, facts: { ...ev().facts, extendedMasterSecret: false } });
  assert.equal(rule('bcp195', only13, 'extended-master-secret').outcome, 'n/a');
  assert.equal(rule('mail', ev({ facts: { ...ev().facts, fallbackScsv: false } }), 'fallback-scsv').outcome, 'warn');
});

test('worstOutcome and worstSeverity summarise a result list', () => {
  const rs = gradeEvidence(getProfile('mail'), ev({ role: 'submission', versions: ['TLSv1.0', 'TLSv1.2'], tlsRequired: true }), { now: NOW });
  assert.equal(worstOutcome(rs), 'fail');
  assert.equal(worstSeverity(rs), 'medium');
  // the most severe of warn and fail results wins, whatever their order; pass and n/a never count
  const at = (outcome: RuleResult['outcome'], severity: RuleResult['severity']): RuleResult => ({ ...rs[0]!, outcome, severity });
  assert.equal(worstSeverity([at('warn', 'low'), at('fail', 'high'), at('warn', 'medium')]), 'high');
  assert.equal(worstSeverity([at('fail', 'critical'), at('warn', 'low')]), 'critical');
  assert.equal(worstSeverity([at('pass', 'critical'), at('n/a', 'high')]), 'info');
  assert.equal(worstOutcome([]), 'n/a');
  assert.equal(worstOutcome(rs.filter((r) => r.outcome === 'pass')), 'pass');
});
