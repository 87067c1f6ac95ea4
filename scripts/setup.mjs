#!/usr/bin/env node
// Installs what `npm start`, `npm test` and `npm run bench` need on a fresh Debian/Ubuntu
// machine, and nothing that is already there: npm packages (from the lock file), and, as root,
// Debian packages (Postfix, OpenSSL, the peer scanners for the benchmark).
// Only Node's own modules here: this runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const log = (msg) => process.stderr.write(`setup: ${msg}\n`);

function has(cmd) {
  // A path (the Dovecot login daemons live in /usr/lib/dovecot, not on PATH) is there or not.
  if (cmd.startsWith('/')) return existsSync(cmd);
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` } }).status === 0;
}

// 1. npm packages: install when node_modules is missing or older than the lock file.
const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs)) {
  log('installing npm packages');
  execFileSync('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 2, 2] });
}

// 2. Debian packages: which commands we need, and the package that provides each.
const wanted = [];
if (args.has('--postfix')) wanted.push(['postconf', 'postfix'], ['openssl', 'openssl'], ['ip', 'iproute2']);
// --browser: Chromium, which renders the audit's HTML report in its test (headless).
if (args.has('--browser')) wanted.push(['chromium', 'chromium']);
// --dns: the lab DNS stack of `mailtls check`'s tests and `mailtls lab dns` (src/lab/dns): an
// authoritative server, a validating resolver, the zone signer and ldns-dane (a test oracle).
if (args.has('--dns')) wanted.push(['nsd', 'nsd'], ['unbound', 'unbound'], ['ldns-signzone', 'ldnsutils'], ['ldns-dane', 'ldnsutils'], ['unshare', 'util-linux']);
// Dovecot (the mailbox lab: IMAP, POP3, ManageSieve) and sslscan, the oracle its tests compare with.
if (args.has('--dovecot')) {
  wanted.push(['dovecot', 'dovecot-core'], ['/usr/lib/dovecot/imap-login', 'dovecot-imapd'], ['/usr/lib/dovecot/pop3-login', 'dovecot-pop3d'],
    ['/usr/lib/dovecot/managesieve-login', 'dovecot-managesieved'], ['sslscan', 'sslscan'], ['openssl', 'openssl']);
}
// --testssl: testssl.sh, the oracle the vulnerability probes' lab test compares with.
if (args.has('--testssl')) wanted.push(['testssl', 'testssl.sh']);
if (args.has('--peers')) wanted.push(['nmap', 'nmap'], ['sslscan', 'sslscan'], ['testssl', 'testssl.sh'], ['pflogsumm', 'pflogsumm']);
const missing = [...new Set(wanted.filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg))];
if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !has('apt-get')) {
    log(`missing: ${missing.join(' ')}. Install them with: sudo apt-get install ${missing.join(' ')}`);
    process.exit(1);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (missing.includes('postfix')) {
    // "Local only" gives a default instance bound to loopback only; the lab instances are
    // separate and need this default main.cf to list them (alternate_config_directories).
    execFileSync('debconf-set-selections', [], { input: 'postfix postfix/main_mailer_type select Local only\npostfix postfix/mailname string mailtls.lab\n', stdio: ['pipe', 2, 2] });
  }
  // nsd, unbound and dovecot are servers: installed as Debian ships them they start at once with
  // their stock configuration (unbound resolving from the root servers, nsd on every address's
  // port 53, dovecot on 110/143/993/995/4190). The labs start their own copies on loopback;
  // policy-rc.d(8) keeps the stock ones from starting during this install, and goes afterwards.
  const policy = '/usr/sbin/policy-rc.d';
  const holdServices = missing.some((p) => p === 'nsd' || p === 'unbound' || p.startsWith('dovecot')) && !existsSync(policy);
  if (holdServices) writeFileSync(policy, '#!/bin/sh\n# written by mailtls scripts/setup.mjs for the duration of one apt-get install\nexit 101\n', { mode: 0o755 });
  try {
    execFileSync('apt-get', ['update', '-q'], { env, stdio: ['ignore', 2, 2] });
    execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env, stdio: ['ignore', 2, 2] });
  } finally {
    if (holdServices) rmSync(policy, { force: true });
  }
}
