import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandBundle } from './start.js';
import { main } from '../cli/main.js';
import { COMMANDS } from '../cli/commands/index.js';
import { memoryIo } from '../cli/io.js';

const ROOT = join(import.meta.dirname, '../..');
const built = existsSync(join(ROOT, 'dist', 'mailtls.cjs'));

test('commandBundle: only a command bundle beside the CLI bundle is served through the cache', () => {
  assert.equal(commandBundle('./commands/scan.cjs'), 'scan');
  assert.equal(commandBundle('./commands/lab-dovecot.cjs'), 'lab-dovecot');
  assert.equal(commandBundle('./errors.cjs'), null, 'a module every bundle shares goes to Node: one copy per process');
  assert.equal(commandBundle('node:tls'), null);
  assert.equal(commandBundle('dns-packet'), null);
  assert.equal(commandBundle('./commands/../../etc/x.cjs'), null);
  assert.equal(commandBundle('./commands/Scan.cjs'), null);
});

/** bin/mailtls with a cache directory of its own (and a cwd far from the package: it must not matter). */
function run(cacheDir: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(join(ROOT, 'bin', 'mailtls'), args, { encoding: 'utf8', cwd: tmpdir(), env: { ...process.env, MAILTLS_CACHE_DIR: cacheDir } });
}

test('the built CLI prints every command\'s usage as main() does without loading the command, and a run loads only that command\'s bundle', { skip: !built && 'dist/ not built' }, async () => {
  const caches = (dir: string) => readdirSync(dir).map((f) => f.split('.')[0]).sort();
  for (const c of COMMANDS) {
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'mailtls-start-')), 'cache');
    const io = memoryIo();
    assert.equal(await main([c.name, '--help'], io), 0);
    const r = run(cacheDir, [c.name, '--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, io.out(), c.name);
    assert.equal(r.stderr, '');
    assert.deepEqual(caches(cacheDir), ['cli'], `${c.name} --help: the usage comes with the CLI bundle, no command bundle is loaded`);
    const bad = run(cacheDir, [c.name, '--no-such-option']);
    assert.equal(bad.status, 2, bad.stderr);
    assert.deepEqual(caches(cacheDir), ['cli', c.name].sort(), 'one cache per bundle: the CLI and this command');
  }
});

test('the built CLI: an error a command throws keeps its code and exit status across bundles', { skip: !built && 'dist/ not built' }, () => {
  const cacheDir = join(mkdtempSync(join(tmpdir(), 'mailtls-start-')), 'cache');
  const usage = run(cacheDir, ['scan', '--no-such-option']);
  assert.equal(usage.status, 2, 'EUSAGE: exit 2, not 1 as for an error main() does not recognise');
  assert.match(usage.stderr, /^mailtls scan: EUSAGE\b/);
  const missing = run(cacheDir, ['config', join(tmpdir(), 'mailtls-no-such-dir'), '--json']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^mailtls config: ECONFIG_NOTFOUND\b/);
  const unknown = run(cacheDir, ['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
});

test('the built bundles are ASCII, so V8 holds each source as a one-byte string', { skip: !built && 'dist/ not built' }, () => {
  const files = readdirSync(join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.cjs'));
  assert.ok(files.includes(join('commands', 'scan.cjs')), 'one bundle per command');
  for (const f of files) assert.doesNotMatch(readFileSync(join(ROOT, 'dist', f), 'utf8'), /[^\0-\x7f]/, f);
});
