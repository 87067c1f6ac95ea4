import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheFile, requireWithCodeCache } from './code-cache.js';

/** A CommonJS file with enough code for V8 to cache, and a function that runs only when called. */
function bundle(dir: string): string {
  const file = join(dir, 'bundle.cjs');
  const fns = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x.map((y) => y * ${i} + ${i}).filter(Boolean).length; }`).join('\n');
  writeFileSync(file, `'use strict';\n${fns}\nexports.run = () => [${Array.from({ length: 50 }, (_, i) => `f${i}([1, 2, 3])`).join(', ')}].reduce((a, b) => a + b, 0);\nexports.file = __filename;\nexports.path = require('node:path').basename(__dirname);\n`);
  return file;
}

/**
 * Each load in a process of its own, as in real use: within one process V8 finds a script it
 * compiled before in its own compilation cache and never looks at the cached data.
 */
function loadInChild(file: string, cacheFile: string, save: boolean): { status: string; run: number; file: string; path: string } {
  const script = `const m = await import(${JSON.stringify(join(import.meta.dirname, 'code-cache.ts'))});
    const r = m.requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheFile)});
    if (${save}) r.save();
    console.log(JSON.stringify({ status: r.status, run: r.exports.run(), file: r.exports.file, path: r.exports.path }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(import.meta.dirname, '../..') });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { status: string; run: number; file: string; path: string };
}

test('code cache: written after the first run, taken by the next, refused and rewritten when damaged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-cc-'));
  const file = bundle(dir);
  const cacheDir = join(dir, 'cache');
  const cacheFile = codeCacheFile(file, 'scan', { MAILTLS_CACHE_DIR: cacheDir }) ?? '';
  assert.ok(cacheFile.startsWith(cacheDir));

  const first = loadInChild(file, cacheFile, true);
  assert.deepEqual(first, { status: 'none', run: 147, file, path: dir.split('/').pop() }, 'runs as require() would: __filename, __dirname, require');
  assert.ok(existsSync(cacheFile));
  assert.equal(loadInChild(file, cacheFile, false).status, 'accepted');

  writeFileSync(cacheFile, Buffer.alloc(4096, 7), { mode: 0o600 });
  const damaged = loadInChild(file, cacheFile, true);
  assert.equal(damaged.status, 'rejected');
  assert.equal(damaged.run, 147, 'still runs');
  assert.equal(loadInChild(file, cacheFile, false).status, 'accepted', 'rewritten');
});

test('code cache: never read from or written to a directory others can write; off when MAILTLS_CACHE_DIR is empty', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-cc-'));
  const file = bundle(dir);
  const open = join(dir, 'open');
  mkdirSync(open);
  chmodSync(open, 0o777);
  const cacheFile = codeCacheFile(file, 'scan', { MAILTLS_CACHE_DIR: open });
  assert.ok(cacheFile);
  writeFileSync(cacheFile, Buffer.alloc(4096, 7), { mode: 0o600 });
  const r = requireWithCodeCache(file, cacheFile);
  assert.equal(r.status, 'unsafe');
  r.save();
  assert.deepEqual(readdirSync(open), [cacheFile.split('/').pop()], 'nothing written');
  assert.equal(codeCacheFile(file, 'scan', { MAILTLS_CACHE_DIR: '' }), null);
  assert.equal(codeCacheFile(file, 'scan', {}), null, 'no home: no cache');
  assert.match(codeCacheFile(file, 'logs', { HOME: '/home/u' }) ?? '', /^\/home\/u\/\.cache\/mailtls\/logs\.v\d/);
  assert.match(codeCacheFile(file, '../x', { XDG_CACHE_HOME: '/c' }) ?? '', /^\/c\/mailtls\/___x\.v\d/, 'the label cannot leave the directory');
});

test('code cache: a rebuild starts a new file and removes the old one of the same command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-cc-'));
  const file = bundle(dir);
  const cacheDir = join(dir, 'cache');
  const env = { MAILTLS_CACHE_DIR: cacheDir };
  const a = codeCacheFile(file, 'scan', env);
  const logs = codeCacheFile(file, 'logs', env);
  requireWithCodeCache(file, a).save();
  requireWithCodeCache(file, logs).save();
  writeFileSync(file, `${'\n'.repeat(3)}exports.run = () => 1;\n`);
  const b = codeCacheFile(file, 'scan', env);
  assert.notEqual(a, b);
  requireWithCodeCache(file, b).save();
  assert.deepEqual(readdirSync(cacheDir).sort(), [b, logs].map((p) => p?.split('/').pop()).sort());
});

test('bin/mailtls runs the built CLI and caches per command under the given directory', { skip: !existsSync(join(import.meta.dirname, '../../dist/mailtls.cjs')) && 'dist/ not built' }, () => {
  const cacheDir = join(mkdtempSync(join(tmpdir(), 'mailtls-cc-')), 'cache');
  const bin = join(import.meta.dirname, '../../bin/mailtls');
  for (let i = 0; i < 2; i++) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', env: { ...process.env, MAILTLS_CACHE_DIR: cacheDir, NODE_EXTRA_CA_CERTS: '/nonexistent/bundle.pem' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
    // Node warns about an unreadable NODE_EXTRA_CA_CERTS at start: the launcher dropped it.
    assert.equal(r.stderr, '');
  }
  assert.equal(readdirSync(cacheDir).length, 1);
});
