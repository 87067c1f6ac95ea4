#!/usr/bin/env node
// Installs what `npm start`, `npm test` and `npm run bench` need on a fresh Debian/Ubuntu
// machine, and nothing that is already there: npm packages (from the lock file), and, as root,
// Debian packages (Postfix, OpenSSL, the peer scanners for the benchmark).
// Only Node's own modules here: this runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const log = (msg) => process.stderr.write(`setup: ${msg}\n`);

function has(cmd) {
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
  execFileSync('apt-get', ['update', '-q'], { env, stdio: ['ignore', 2, 2] });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env, stdio: ['ignore', 2, 2] });
}
