/**
 * The cipher-string model against the real OpenSSL (the local 3.0 `openssl`):
 * - every fixture string: the raw list (`openssl ciphers -V`) and the list a context supports
 *   at TLS 1.2 (`-s -tls1_2`), codes and order;
 * - security levels 0–5;
 * - random token soups from the alias vocabulary (fast-check), batched over a small pool;
 * - the certificate filter and server preference, through real `openssl s_server` handshakes:
 *   the client offers everything, and each handshake removes the suite the server took, so the
 *   sequence of choices is the server's real preference order.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { MailtlsError } from '../../src/errors.js';
import { CIPHER_ALIASES, evaluateCipherString } from '../../src/openssl/index.js';
import type { EvaluateOptions, KeyType } from '../../src/openssl/index.js';
import { detectLocalOpenssl, listCiphersLocal } from '../../src/openssl/local.js';
import { sClient } from '../helpers/openssl.js';
import { pool } from '../helpers/pool.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/openssl/cipher-strings.txt');
const fixtureStrings = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));

const local = await detectLocalOpenssl();
const skip = local?.line === '3.0' ? false : 'needs the local OpenSSL 3.0';

interface Mismatch { str: string; supported: boolean; ours: string; real: string }

/** Compares the model with openssl for one string; returns a description of the difference or null. */
async function compare(str: string, supported: boolean): Promise<Mismatch | null> {
  const opts: EvaluateOptions = supported ? { tlsVersion: 'TLSv1.2' } : {};
  const r = evaluateCipherString(str, opts);
  const real = await listCiphersLocal(str, { supported });
  const ours = r.invalid ? `invalid (${r.error})` : (supported ? r.suites : r.list).map((s) => s.hex).join(' ');
  const theirs = real.ok ? real.suites.map((s) => `0x${s.code.toString(16).toUpperCase().padStart(4, '0')}`).join(' ') : 'invalid';
  const same = r.invalid ? !real.ok : real.ok && ours === theirs;
  return same ? null : { str, supported, ours, real: theirs };
}

describe('cipher strings: model vs openssl ciphers', { skip }, () => {
  it('gives the same raw list, codes and order, for every fixture string', async () => {
    const bad = (await pool(fixtureStrings, 8, (s) => compare(s, false))).filter((m) => m !== null);
    assert.deepEqual(bad, []);
  });

  it('gives the same supported TLS 1.2 list (-s -tls1_2) at security level 0', async () => {
    const bad = (await pool(fixtureStrings, 8, (s) => compare(`${s}:@SECLEVEL=0`, true))).filter((m) => m !== null);
    assert.deepEqual(bad, []);
  });

  it('applies security levels 0 to 5 as OpenSSL does', async () => {
    const strs = ['ALL:COMPLEMENTOFALL', 'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH', 'DEFAULT', 'kRSA:aNULL:eNULL:MD5']
      .flatMap((s) => [0, 1, 2, 3, 4, 5].map((l) => `${s}:@SECLEVEL=${l}`));
    const bad = (await pool(strs, 8, (s) => compare(s, true))).filter((m) => m !== null);
    assert.deepEqual(bad, []);
  });

  it('matches openssl on random token soups and never throws anything but MailtlsError', async () => {
    const words = [...Object.keys(CIPHER_ALIASES), 'ECDHE-RSA-AES128-GCM-SHA256', 'AES256-SHA', 'ADH-AES128-SHA', 'NULL-MD5',
      'DES-CBC3-SHA', 'FOO', 'kDH', 'kECDH', 'RC5', 'EXPORT', 'SSLv2', 'DEFAULT', 'SUITEB128'];
    const word = fc.constantFrom(...words);
    const term = fc.tuple(
      fc.constantFrom('', '', '!', '-', '+'),
      fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join('+')),
    ).map(([op, w]) => op + w);
    const special = fc.constantFrom('@STRENGTH', '@SECLEVEL=0', '@SECLEVEL=2', '@STRENGTHX');
    const sep = fc.constantFrom(':', ':', ',', ' ', ';', '::', ' : ');
    const soup = fc.tuple(
      fc.constantFrom('', '', '', 'DEFAULT:', 'DEFAULT'),
      fc.array(fc.tuple(fc.oneof({ weight: 6, arbitrary: term }, { weight: 1, arbitrary: special }), sep), { minLength: 1, maxLength: 8 }),
    ).map(([head, parts]) => head + parts.map(([t, s]) => t + s).join('').replace(/[:,; ]+$/, ''));
    const samples = fc.sample(soup, { numRuns: 150, seed: 20261121 });
    const raw = (await pool(samples, 8, (s) => compare(s, false))).filter((m) => m !== null);
    const supported = (await pool(samples, 8, (s) => compare(`${s}:@SECLEVEL=0`, true))).filter((m) => m !== null);
    assert.deepEqual([...raw, ...supported], []);

    fc.assert(fc.property(fc.oneof(soup, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })), (s) => {
      try {
        evaluateCipherString(s, { keyTypes: ['RSA'], securityLevel: 1 });
      } catch (e) {
        return e instanceof MailtlsError;
      }
      return true;
    }), { numRuns: 500 });
  });
});

// ---- the certificate filter and server order, through real handshakes ----

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

interface Server { proc: ChildProcess; port: number }

async function startServer(dir: string, keys: readonly KeyType[], cipher: string): Promise<Server> {
  const port = await freePort();
  const certArgs: string[] = [];
  const files: Record<string, [string, string]> = { RSA: ['rsa.pem', 'rsa.key'], EC: ['ec.pem', 'ec.key'] };
  keys.forEach((k, i) => {
    const [cert, key] = files[k] ?? ['', ''];
    certArgs.push(i === 0 ? '-cert' : '-dcert', join(dir, cert), i === 0 ? '-key' : '-dkey', join(dir, key));
  });
  const proc = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, ...certArgs, '-cipher', cipher, '-serverpref', '-tls1_2'], {
    // stdin stays open: s_server shuts down when it reads EOF there
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('s_server did not start')), 10_000);
    proc.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ACCEPT')) { clearTimeout(timer); resolve(); }
    });
    proc.once('exit', () => { clearTimeout(timer); reject(new Error('s_server exited')); });
  });
  return { proc, port };
}

/** The suites the server picks, best first: each handshake excludes what it took before. */
async function observedServerOrder(port: number): Promise<string[]> {
  const taken: string[] = [];
  for (let i = 0; i < 200; i++) {
    const r = await sClient({ port, starttls: false, version: 'TLSv1.2', cipher: ['ALL:COMPLEMENTOFALL', ...taken.map((n) => `!${n}`)].join(':') });
    if (!r.ok || r.cipher === undefined) break;
    taken.push(r.cipher);
  }
  return taken;
}

describe('server suites and order: model vs openssl s_server', { skip }, () => {
  let dir = '';
  const servers: Server[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailtls-openssl-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'rsa.key'), '-out', join(dir, 'rsa.pem'), '-subj', '/CN=rsa.test', '-days', '2'], { stdio: 'ignore' });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'ec.key'), '-out', join(dir, 'ec.pem'), '-subj', '/CN=ec.test', '-days', '2'], { stdio: 'ignore' });
  });

  after(() => {
    for (const s of servers) s.proc.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cases: { keys: KeyType[]; cipher: string }[] = [
    // Postfix 3.7 mandatory high grade plus the exclusions of the reference's example
    { keys: ['RSA'], cipher: 'aNULL:-aNULL:HIGH:@STRENGTH:!RC4:!MD5:!3DES:!aNULL' },
    // Postfix 3.8+ medium grade: anonymous suites first
    { keys: ['EC'], cipher: 'aNULL:-aNULL:HIGH:MEDIUM:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5:+RC4:@STRENGTH' },
    { keys: ['RSA', 'EC'], cipher: 'ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:RSA+AES:!SHA1' },
  ];

  it('predicts exactly the suites each server takes, in its preference order', async () => {
    const results = await Promise.all(cases.map(async (c) => {
      const server = await startServer(dir, c.keys, `${c.cipher}:@SECLEVEL=0`);
      servers.push(server);
      const observed = await observedServerOrder(server.port);
      const predicted = evaluateCipherString(c.cipher, { keyTypes: c.keys, tlsVersion: 'TLSv1.2' }).suites.map((s) => s.openssl);
      return { keys: c.keys.join('+'), observed, predicted };
    }));
    for (const r of results) {
      assert.ok(r.observed.length > 5, `${r.keys}: the server negotiated`);
      assert.deepEqual(r.predicted, r.observed, r.keys);
    }
  });
});
