/**
 * `mailtls lab`: real Postfix instances side by side on loopback, each with its own TLS
 * settings, checked with plaintext EHLO and the real openssl client.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { labDown, labList, labStateDir, labUp, type LabInstance } from '../../src/lab/index.js';
import { listenerCounts, processesUnder } from '../../src/lab/procs.js';
import { MailtlsError } from '../../src/errors.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { sClient } from '../helpers/openssl.js';
import { plainEhlo } from '../helpers/smtp-plain.js';

const port = (lab: LabInstance, service: string): number => {
  const s = lab.services.find((x) => x.service === service);
  assert.ok(s, `${lab.name} has no ${service} service`);
  return s.port;
};

describe('lab instances side by side', () => {
  const labs = new Map<string, LabInstance>();
  const configs: Record<string, Parameters<typeof labUp>[0]> = {
    'lt-stock': {},
    'lt-tls12': { settings: { smtpd_tls_protocols: '>=TLSv1.2', smtpd_tls_mandatory_protocols: '>=TLSv1.2' } },
    'lt-tls13': { settings: { smtpd_tls_protocols: '>=TLSv1.3', smtpd_tls_mandatory_protocols: '>=TLSv1.3' } },
    'lt-notls': { settings: { smtpd_tls_security_level: 'none' } },
    'lt-preempt': { settings: { tls_preempt_cipherlist: 'yes', smtpd_tls_ciphers: 'high', smtpd_tls_exclude_ciphers: 'aNULL, CBC' } },
    'lt-webshop': { configDir: join(import.meta.dirname, '../../examples/webshop') },
  };

  before(async () => {
    await Promise.all(Object.keys(configs).map((n) => labDown(n).catch(() => undefined)));
    const up = await Promise.all(Object.entries(configs).map(([name, o]) => labUp({ ...o, name })));
    for (const l of up) labs.set(l.name, l);
  });
  after(async () => {
    await Promise.all([...labs.keys()].map((n) => labDown(n).catch(() => undefined)));
  });

  test('six instances run at once, each on its own 127.0.0.1 ports', async () => {
    const running = (await labList()).filter((l) => labs.has(l.name));
    assert.equal(running.length, 6);
    assert.ok(running.every((l) => l.running));
    const ports = [...labs.values()].flatMap((l) => l.services.map((s) => s.port));
    assert.equal(new Set(ports).size, ports.length, 'no port is shared');
    const counts = await listenerCounts();
    for (const p of ports) assert.equal(counts.get(p), 1, `port ${p} has exactly one listener`);
  });


  test('STARTTLS is announced after EHLO where TLS is on, and not where it is off', async () => {
    for (const name of ['lt-stock', 'lt-tls12', 'lt-tls13', 'lt-preempt', 'lt-webshop']) {
      const lab = labs.get(name)!;
      const { banner, capabilities } = await plainEhlo(port(lab, 'smtp'));
      assert.match(banner, /^220 /, name);
      assert.ok(capabilities.includes('STARTTLS'), `${name}: ${capabilities.join(',')}`);
    }
    const off = await plainEhlo(port(labs.get('lt-notls')!, 'smtp'));
    assert.ok(!off.capabilities.includes('STARTTLS'));
  });

  test('the protocols each instance accepts are the ones its settings allow', async () => {
    const stock = port(labs.get('lt-stock')!, 'smtp');
    const t12 = port(labs.get('lt-tls12')!, 'smtp');
    const t13 = port(labs.get('lt-tls13')!, 'smtp');
    const [s10, s13, a11, a12, b12, b13] = await Promise.all([
      sClient({ port: stock, version: 'TLSv1' }),
      sClient({ port: stock, version: 'TLSv1.3' }),
      sClient({ port: t12, version: 'TLSv1.1' }),
      sClient({ port: t12, version: 'TLSv1.2' }),
      sClient({ port: t13, version: 'TLSv1.2' }),
      sClient({ port: t13, version: 'TLSv1.3' }),
    ]);
    assert.equal(s10.protocol, 'TLSv1', s10.output);
    assert.equal(s13.protocol, 'TLSv1.3');
    assert.equal(a11.ok, false);
    assert.equal(a12.protocol, 'TLSv1.2');
    assert.equal(b12.ok, false);
    assert.equal(b13.protocol, 'TLSv1.3');
  });

  test('implicit TLS on the wrapper-mode service, server order with preempt, both certificates', async () => {
    const stock = labs.get('lt-stock')!;
    const wrapped = await sClient({ port: port(stock, 'submissions'), starttls: false, version: 'TLSv1.2' });
    assert.equal(wrapped.protocol, 'TLSv1.2');
    // The client prefers a CBC suite; a server with preference and CBC excluded picks its own.
    const pre = await sClient({ port: port(labs.get('lt-preempt')!, 'smtp'), version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384' });
    assert.equal(pre.cipher, 'ECDHE-RSA-AES256-GCM-SHA384');
    const [rsa, ec] = await Promise.all([
      sClient({ port: port(stock, 'smtp'), version: 'TLSv1.2', cipher: 'aRSA' }),
      sClient({ port: port(stock, 'smtp'), version: 'TLSv1.2', cipher: 'aECDSA' }),
    ]);
    assert.match(rsa.cipher ?? '', /RSA/);
    assert.match(ec.cipher ?? '', /ECDSA/);
  });

  test('a user configuration is taken as given, with what was put over it reported', () => {
    const web = labs.get('lt-webshop')!;
    assert.deepEqual(web.services.map((s) => [s.service, s.tls]), [['smtp', 'starttls'], ['submission', 'starttls']], 'smtpd_use_tls = yes means STARTTLS');
    assert.ok(web.changes.some((c) => /main\.cf:9: smtpd_tls_cert_file = \/etc\/ssl\/certs\/ssl-cert-snakeoil\.pem ->/.test(c)), web.changes.join('\n'));
    assert.ok(web.changes.some((c) => /chroot turned off/.test(c)));
  });

  test('each instance logs to its own file, with the submission service under its syslog_name', async () => {
    const web = labs.get('lt-webshop')!;
    await sClient({ port: port(web, 'submission'), version: 'TLSv1.2' });
    const log = await readFile(web.logFile, 'utf8');
    // unknown[...]: a lab makes no reverse lookups (smtpd_peername_lookup = no, src/lab/instance.ts).
    assert.match(log, /postfix\/submission\/smtpd\[\d+\]: Anonymous TLS connection established from unknown\[127\.0\.0\.1\]: TLSv1\.2/);
  });

  test('Postfix listens with SO_REUSEPORT: a second listener can join its port, and the listener count sees it', { skip: spawnSync('python3', ['-c', '1']).status !== 0 && 'no python3' }, async () => {
    const p = port(labs.get('lt-stock') as LabInstance, 'smtp');
    // Why labUp counts listeners after start: this is what a second instance given the same port does.
    const py = spawn('python3', ['-c', `import socket,sys,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)\ns.bind(('127.0.0.1', ${p}))\ns.listen()\nprint('ok', flush=True)\ntime.sleep(30)`]);
    try {
      const ok = await new Promise<string>((resolve) => { py.stdout.once('data', (d: Buffer) => resolve(d.toString())); py.once('exit', () => resolve('exit')); });
      assert.equal(ok.trim(), 'ok', 'the second SO_REUSEPORT bind succeeds');
      assert.equal((await listenerCounts()).get(p), 2);
    } finally {
      // wait until it is gone: connections the kernel queued on it would be reset
      await new Promise<void>((resolve) => { if (py.exitCode !== null || py.signalCode !== null) resolve(); else { py.once('exit', () => resolve()); py.kill(); } });
    }
  });
});

describe('lab errors change nothing', () => {
  test('a port in use is refused with ELAB_PORT and leaves no instance', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const addr = blocker.address();
    const busy = typeof addr === 'object' && addr ? addr.port : 0;
    try {
      await assert.rejects(labUp({ name: 'lt-busy', port: busy }), (e: unknown) => e instanceof MailtlsError && e.code === 'ELAB_PORT' && e.place?.port === busy);
      assert.equal((await labList()).some((l) => l.name === 'lt-busy'), false);
    } finally {
      blocker.close();
    }
  });

  test('an invalid configuration shows Postfix\'s own fatal message at the user\'s line', async () => {
    await assert.rejects(labUp({ name: 'lt-bad', mainCf: 'smtpd_tls_loglevel = 1\nthis line is wrong\n' }), (e: unknown) => {
      assert.ok(e instanceof MailtlsError);
      assert.equal(e.code, 'ELAB_CONFIG');
      assert.match(e.message, /fatal: main\.cf, line 2: missing '=' after attribute name/);
      return true;
    });
    assert.equal(existsSync(join(labStateDir(), 'lt-bad')), false);
  });

  test('not root: a coded error that says why, and nothing created', async () => {
    // nobody runs a copy of the built CLI (bin/ and dist/) in a directory it can read: the clone
    // itself may be in a private one (/root/src, a mkdtemp -d folder) it cannot enter.
    const root = join(import.meta.dirname, '../..');
    const copy = await mkdtemp(join(tmpdir(), 'mailtls-lab-bin-'));
    try {
      await cp(join(root, 'bin', 'mailtls.cjs'), join(copy, 'bin', 'mailtls.cjs'));
      await cp(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
      assert.equal(spawnSync('chmod', ['-R', 'a+rX', copy]).status, 0);
      const state = await mkdtemp(join(tmpdir(), 'mailtls-lab-nobody-'));
      const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, join(copy, 'bin', 'mailtls.cjs'), 'lab', 'up', '--name', 'lt-nobody'], {
        encoding: 'utf8', env: { ...process.env, MAILTLS_LAB_DIR: state },
      });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /^mailtls lab: ENOTROOT: .*root/m);
      assert.deepEqual(await readdir(state), []);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  test('the CLI: up, list, log, down --all leaves no process behind', async () => {
    // Its own state directory: down --all must not touch the instances of tests running beside it.
    const env = { MAILTLS_LAB_DIR: await mkdtemp(join(tmpdir(), 'mailtls-lab-cli-')) };
    const memoryIoIn = () => memoryIo(env);
    const io = memoryIoIn();
    assert.equal(await main(['lab', 'up', '--name', 'lt-cli', '--set', 'smtpd_tls_loglevel=2', '--json'], io), 0, io.err());
    const inst = JSON.parse(io.out()) as LabInstance;
    assert.equal(inst.name, 'lt-cli');
    const list = memoryIoIn();
    assert.equal(await main(['lab', 'list'], list), 0);
    assert.match(list.out(), /lt-cli\s+running/);
    const log = memoryIoIn();
    assert.equal(await main(['lab', 'log', 'lt-cli'], log), 0);
    assert.match(log.out(), /daemon started -- version/);
    const dup = memoryIoIn();
    assert.equal(await main(['lab', 'up', '--name', 'lt-cli'], dup), 1);
    assert.match(dup.err(), /ELAB_EXISTS/);
    const down = memoryIoIn();
    assert.equal(await main(['lab', 'down', '--all'], down), 0);
    assert.deepEqual(await processesUnder(inst.dir), []);
    assert.equal(existsSync(inst.dir), false);
  });
});

describe('real-world configurations start in a lab', () => {
  // A container's cut-down master.cf (no proxymap: smtpd would wait for it forever), Dovecot SASL
  // (no auth socket in a lab: smtpd would exit), `$config_directory/tls/...` certificates the
  // copy lacks, and a certificate whose key defaults to the certificate file.
  const fixtures = ['container-dms', 'container-mailcow', 'modern-hardened', 'continuations', 'seed-002'];
  after(async () => {
    await Promise.all(fixtures.map((f) => labDown(`lt-${f}`).catch(() => undefined)));
  });
  for (const f of fixtures) {
    test(`${f}: every SMTP service greets, TLS included`, async () => {
      await labDown(`lt-${f}`).catch(() => undefined);
      // labUp itself greets every smtpd service (implicit TLS ones over TLS) and throws if one does not.
      const lab = await labUp({ name: `lt-${f}`, configDir: join(import.meta.dirname, `../../test/fixtures/config/${f}`) });
      assert.ok(lab.services.length >= 1);
      if (f.startsWith('container') || f === 'modern-hardened') assert.ok(lab.changes.some((c) => /stock internal services|-> cyrus/.test(c)), lab.changes.join('\n'));
      await labDown(lab.name);
    });
  }
});
