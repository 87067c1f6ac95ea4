/**
 * `mailtls scan` of IMAP, POP3 and ManageSieve on real Dovecot lab instances (Debian's
 * packages), checked against sslscan (`--starttls-imap`, `--starttls-pop3`, implicit TLS) on
 * the same listeners: protocols and suites must agree. ManageSieve, which sslscan does not
 * speak, is checked against `openssl s_client -starttls sieve`. The instances start once, side
 * by side, and go in `after`.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dovecotLabUp, dovecotLabDown, type DovecotLabInstance } from '../../src/lab/dovecot/index.js';
import { scanHost } from '../../src/scan/engine.js';
import type { ScanReport } from '../../src/scan/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { sslscan } from '../helpers/sslscan.js';

const names = { stock: 'scan-dc-stock', lax: 'scan-dc-lax', required: 'scan-dc-req' } as const;
const labs: Record<string, DovecotLabInstance> = {};

/** What a careless admin writes: old protocols, every suite at security level 0, cleartext logins, server order. */
export const LAX_SETTINGS = {
  ssl_min_protocol: 'TLSv1',
  ssl_cipher_list: 'ALL:@SECLEVEL=0',
  ssl_prefer_server_ciphers: 'yes',
  disable_plaintext_auth: 'no',
};

before(async () => {
  await Promise.all(Object.values(names).map((n) => dovecotLabDown(n).catch(() => undefined)));
  const ups = await Promise.all([
    dovecotLabUp({ name: names.stock }),
    dovecotLabUp({ name: names.lax, settings: LAX_SETTINGS }),
    dovecotLabUp({ name: names.required, settings: { ssl: 'required', ssl_min_protocol: 'TLSv1.3' } }),
  ]);
  for (const lab of ups) labs[lab.name] = lab;
});

after(async () => {
  await Promise.all(Object.values(names).map((n) => dovecotLabDown(n).catch(() => undefined)));
});

function listener(lab: string, name: string): { address: string; port: number } {
  const l = labs[lab]?.listeners.find((x) => x.listener === name);
  if (!l) throw new Error(`no listener ${name} in ${lab}`);
  return l;
}

const VERSIONS = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Protocols and suites as sslscan sees them must be what the scan found. */
async function agreeWithSslscan(r: ScanReport, target: string, args: string[]): Promise<void> {
  const s = await sslscan(target, args);
  for (const v of VERSIONS) {
    const mine = r.protocols.find((p) => p.version === v);
    assert.equal(mine?.offered === true, s.protocols.get(v) === true, `${v} offered: sslscan says ${String(s.protocols.get(v))}`);
    if (v === 'SSLv2') continue;
    assert.deepEqual([...(mine?.ciphers ?? []).map((c) => c.code)].sort(), [...(s.suites.get(v) ?? [])].sort(), `${v} suites`);
  }
}

// Side by side: sslscan takes seconds per listener, mostly waiting.
describe('Dovecot listeners against sslscan', { concurrency: 4 }, () => {
  test('stock Dovecot, IMAP STARTTLS: LOGINDISABLED and no cleartext SASL before TLS, AUTH=PLAIN after; agrees with sslscan --starttls-imap', async () => {
    const l = listener(names.stock, 'imap');
    const r = await scanHost({ host: l.address, port: l.port, starttls: true, protocol: 'imap' });
    assert.equal(r.complete, true, r.error ?? '');
    assert.equal(r.target.starttls, 'imap');
    assert.equal(r.target.role, 'submission');
    assert.equal(r.smtp, null);
    const m = r.mailbox;
    assert.ok(m);
    assert.equal(m.starttls, true);
    assert.equal(m.loginDisabledBeforeTls, true);
    assert.deepEqual(m.saslBeforeTls, []);
    assert.deepEqual(m.saslAfterTls, ['PLAIN', 'LOGIN']);
    assert.equal(m.injectedAfterStarttls, 0);
    assert.equal(m.sameAddress, false, 'the lab listens on 127.0.0.2, the scan comes from 127.0.0.1');
    assert.ok(!r.findings.some((f) => f.id === 'auth-before-tls'));
    // Dovecot 2.3.15+: ssl_min_protocol = TLSv1.2 by default.
    assert.deepEqual(r.protocols.filter((p) => p.offered).map((p) => p.version), ['TLSv1.2', 'TLSv1.3']);
    await agreeWithSslscan(r, `${l.address}:${l.port}`, ['--starttls-imap']);
  });

  test('lax Dovecot, POP3 STLS: USER and SASL PLAIN before TLS (high), TLS 1.0 at SECLEVEL=0, server order; agrees with sslscan --starttls-pop3', async () => {
    const l = listener(names.lax, 'pop3');
    const r = await scanHost({ host: l.address, port: l.port, starttls: true, protocol: 'pop3' });
    assert.equal(r.complete, true, r.error ?? '');
    const m = r.mailbox;
    assert.ok(m);
    assert.equal(m.plaintextLoginBeforeTls, true);
    assert.deepEqual(m.saslBeforeTls, ['PLAIN', 'LOGIN']);
    const f = r.findings.find((x) => x.id === 'auth-before-tls');
    assert.equal(f?.severity, 'high');
    assert.match(f?.detail ?? '', /disable_plaintext_auth = yes/);
    assert.match(f?.detail ?? '', /auth_allow_cleartext = no/);
    assert.equal(r.protocols.find((p) => p.version === 'TLSv1.0')?.offered, true);
    assert.equal(r.protocols.find((p) => p.version === 'TLSv1.2')?.serverPreference, true);
    // The remedies are Dovecot's, not Postfix's.
    const old = r.findings.find((x) => x.id === 'old-tls');
    assert.match(old?.detail ?? '', /ssl_min_protocol = TLSv1\.2/);
    assert.ok(!r.findings.some((x) => /smtpd_|postconf/.test(x.detail)), 'no Postfix parameter in the findings of a Dovecot port');
    await agreeWithSslscan(r, `${l.address}:${l.port}`, ['--starttls-pop3']);
  });

  test('lax Dovecot, IMAP over implicit TLS (the imaps listener): greeting and capabilities over TLS; agrees with sslscan', async () => {
    const l = listener(names.lax, 'imaps');
    const r = await scanHost({ host: l.address, port: l.port, starttls: false, protocol: 'imap' });
    assert.equal(r.complete, true, r.error ?? '');
    assert.equal(r.target.starttls, null);
    assert.equal(r.target.protocol, 'imap');
    assert.match(r.mailbox?.greeting ?? '', /ready/);
    assert.ok(r.mailbox?.capabilitiesAfterTls.includes('AUTH=PLAIN'));
    assert.equal(r.mailbox?.loginDisabledBeforeTls, null);
    await agreeWithSslscan(r, `${l.address}:${l.port}`, []);
  });

  test('ssl = required: no SASL at all before TLS (and LOGINDISABLED) on IMAP; TLS 1.3 only; the CLI picks IMAP from --starttls', async () => {
    const l = listener(names.required, 'imap');
    const io = memoryIo({ MAILTLS_STATE_DIR: '' });
    assert.equal(await main(['scan', `${l.address}:${l.port}`, '--starttls', 'imap', '--json'], io), 0, io.err());
    const r = JSON.parse(io.out()) as ScanReport;
    assert.equal(r.mailbox?.loginDisabledBeforeTls, true);
    assert.deepEqual(r.mailbox?.saslBeforeTls, []);
    assert.deepEqual(r.protocols.filter((p) => p.offered).map((p) => p.version), ['TLSv1.3']);
    await agreeWithSslscan(r, `${l.address}:${l.port}`, ['--starttls-imap']);
  });
});

/** `openssl s_client -starttls sieve` with one version: the suite it got, or null. */
function sieveClient(address: string, port: number, flag: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = execFile('openssl', ['s_client', '-starttls', 'sieve', '-connect', `${address}:${port}`, '-brief', flag, '-cipher', 'ALL:@SECLEVEL=0'], { timeout: 10_000 }, (_e, _o, stderr) => {
      resolve(/Ciphersuite: (\S+)/.exec(stderr)?.[1] ?? null);
    });
    child.stdin?.end();
  });
}

test('ManageSieve STARTTLS: capabilities re-issued after TLS with SASL PLAIN; versions agree with openssl s_client -starttls sieve', async () => {
  const l = listener(names.lax, 'sieve');
  const io = memoryIo({ MAILTLS_STATE_DIR: '' });
  // 4190 is not the lab's port, so the protocol is named.
  assert.equal(await main(['scan', `${l.address}:${l.port}`, '--starttls', 'sieve', '--json'], io), 0, io.err());
  const r = JSON.parse(io.out()) as ScanReport;
  assert.equal(r.mailbox?.protocol, 'sieve');
  assert.equal(r.mailbox?.starttls, true);
  assert.ok(r.mailbox?.saslAfterTls.includes('PLAIN'));
  assert.ok(r.mailbox?.saslBeforeTls.includes('PLAIN'), 'disable_plaintext_auth = no: PLAIN before TLS too');
  const flags: Record<string, string> = { 'TLSv1.0': '-tls1', 'TLSv1.1': '-tls1_1', 'TLSv1.2': '-tls1_2', 'TLSv1.3': '-tls1_3' };
  for (const [v, flag] of Object.entries(flags)) {
    const got = await sieveClient(l.address, l.port, flag);
    assert.equal(r.protocols.find((p) => p.version === v)?.offered, got !== null, `${v}: s_client got ${String(got)}`);
  }
});
