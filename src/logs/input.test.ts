import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { MailtlsError } from '../errors.js';
import { LineSplitter, orderSources, readSource, rotationOf, utf8Pending } from './input.js';

const FIX = join(import.meta.dirname, '../../test/fixtures/logs');

function split(chunks: string[], max = 100): { lines: string[]; overlong: number[] } {
  const lines: string[] = [];
  const overlong: number[] = [];
  const sp = new LineSplitter(max, (t, s, e) => lines.push(t.slice(s, e)), (n) => overlong.push(n));
  for (const c of chunks) sp.push(c);
  sp.end();
  return { lines, overlong };
}

async function readAll(path: string | undefined, stdinText?: Buffer, maxLineLength?: number) {
  const lines: string[] = [];
  const warnings: MailtlsError[] = [];
  const source = path === undefined ? { name: '-', mtime: Date.now() } : { name: path, path, mtime: Date.now() };
  const stdin = Readable.from(stdinText ? [stdinText] : []);
  const stats = await readSource(source, stdin, (t, s, e) => lines.push(t.slice(s, e)), {
    onWarning: (w) => warnings.push(w), ...(maxLineLength !== undefined ? { maxLineLength } : {}),
  });
  return { lines, warnings, stats };
}

describe('line splitting', () => {
  test('lines across chunk boundaries, CRLF, and a last line without newline', () => {
    assert.deepEqual(split(['ab', 'c\nde', 'f\r\n', '\ngh']).lines, ['abc', 'def', '', 'gh']);
  });

  test('an overlong line is counted with its number and skipped, never buffered', () => {
    const long = 'x'.repeat(250);
    const r = split(['a\n', long.slice(0, 90), long.slice(90), '\nb\n', `${long}\nc`], 100);
    assert.deepEqual(r.lines, ['a', 'b', 'c']);
    assert.deepEqual(r.overlong, [2, 4]);
  });

  test('utf8Pending tells whether a chunk ends inside a multi-byte sequence', () => {
    assert.equal(utf8Pending(Buffer.from('abc')), false);
    assert.equal(utf8Pending(Buffer.from('abé')), false);
    assert.equal(utf8Pending(Buffer.from('abé').subarray(0, 3)), true);
    assert.equal(utf8Pending(Buffer.from('a€').subarray(0, 3)), true);
  });
});

describe('reading sources', () => {
  test('gzip is detected by its magic bytes, not its name', async () => {
    const plain = await readAll(join(FIX, 'lab-3.7.11.txt'));
    const gz = await readAll(join(FIX, 'lab-3.7.11.gz-named.txt'));
    assert.equal(gz.stats.lines, 66);
    assert.deepEqual(gz.lines, plain.lines);
    assert.equal(gz.stats.complete, true);
  });

  test('stdin, plain or gzip', async () => {
    const text = 'Nov 21 18:31:20 m postfix/smtpd[1]: a\nNov 21 18:31:21 m postfix/smtpd[1]: b\n';
    assert.deepEqual((await readAll(undefined, Buffer.from(text))).lines.length, 2);
    assert.deepEqual((await readAll(undefined, gzipSync(text))).lines, text.trim().split('\n'));
  });

  test('a truncated gzip gives the lines before the damage and a warning with file:line', async () => {
    const r = await readAll(join(FIX, 'truncated.gz'));
    assert.equal(r.stats.complete, false);
    assert.ok(r.stats.lines > 20 && r.stats.lines < 264, String(r.stats.lines));
    assert.equal(r.warnings.length, 1);
    const w = r.warnings[0]!;
    assert.equal(w.code, 'ELOG_GZIP');
    assert.equal(w.place?.line, r.stats.lines + 1);
    assert.match(w.message, /truncated/);
  });

  test('binary lines are skipped with a warning each; the rest is read', async () => {
    const r = await readAll(join(FIX, 'binary-garbage.txt'));
    assert.equal(r.stats.binary, 2);
    assert.equal(r.stats.lines, 68);
    assert.equal(r.lines.length, 66);
    assert.deepEqual(r.warnings.map((w) => [w.code, w.place?.line]), [['ELOG_BINARY', 21], ['ELOG_BINARY', 22]]);
  });

  test('a binary line cut across two chunks is still caught', async () => {
    const lines: string[] = [];
    const stdin = Readable.from([Buffer.from('good one\nbin\u0000ary '), Buffer.from('rest of it\ngood two\n')]);
    const stats = await readSource({ name: '-', mtime: 0 }, stdin, (t, s, e) => lines.push(t.slice(s, e)), { onWarning: () => undefined });
    assert.deepEqual(lines, ['good one', 'good two']);
    assert.equal(stats.binary, 1);
  });

  test('UTF-8 split across chunks is decoded whole', async () => {
    const line = `Nov 21 18:31:20 m postfix/smtpd[1]: ${'é'.repeat(200_000)}`;
    const r = await readAll(undefined, Buffer.from(`${line}\n`), 1 << 20);
    assert.equal(r.lines[0], line);
    assert.equal(r.stats.binary, 0);
  });

  test('a plain file read in large pieces: every line whole, across ASCII and UTF-8 parts, binary lines caught', async () => {
    // About 3 MB: several 1 MiB reads and many decoded pieces. Lines of varying length put
    // boundaries everywhere, including inside the multi-byte characters of the UTF-8 lines.
    const expected: string[] = [];
    for (let i = 0; expected.length < 40_000; i++) {
      const pad = 'x'.repeat((i * 37) % 101);
      expected.push(i % 997 === 500 ? `Nov 21 18:31:20 m postfix/smtpd[${i}]: é€𝄞 ${'ü'.repeat(i % 50)} ${pad}` : `Nov 21 18:31:20 m postfix/smtpd[${i}]: line ${i} ${pad}`);
    }
    const binaryAt = 30_000; // 1-based line number of the line with a NUL byte
    const lines = [...expected];
    lines.splice(binaryAt - 1, 0, 'Nov 21 18:31:20 m postfix/smtpd[1]: bin\u0000ary');
    const dir = await mkdtemp(join(tmpdir(), 'mailtls-input-'));
    try {
      const file = join(dir, 'mail.log');
      await writeFile(file, `${lines.join('\n')}\n`);
      const r = await readAll(file);
      assert.equal(r.stats.lines, lines.length);
      assert.equal(r.stats.binary, 1);
      assert.deepEqual(r.warnings.map((w) => [w.code, w.place?.line]), [['ELOG_BINARY', binaryAt]]);
      assert.equal(r.lines.length, expected.length);
      assert.ok(r.lines.every((l, i) => l === expected[i]), 'every line decoded whole');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a missing file is an ELOG_READ error naming it', async () => {
    await assert.rejects(readAll('/nonexistent/mail.log'), (e: MailtlsError) => e.code === 'ELOG_READ' && e.place?.file === '/nonexistent/mail.log');
  });
});

describe('rotated files', () => {
  test('rotation suffixes: numbers count back, dates forward, the live file is newest', () => {
    assert.deepEqual(rotationOf('/var/log/mail.log.2.gz'), { base: 'mail.log', rank: -2 });
    assert.deepEqual(rotationOf('mail.log'), { base: 'mail.log', rank: 0 });
    assert.ok(rotationOf('maillog-20261120.gz').rank < rotationOf('maillog-20261121').rank);
    assert.ok(rotationOf('maillog-20261121').rank < rotationOf('maillog').rank);
  });

  test('a rotated set given in any order is read oldest first', async () => {
    const names = ['maillog', 'maillog.2.gz', 'maillog.1', 'maillog.3.gz'].map((n) => join(FIX, 'rotated', n));
    const ordered = await orderSources(names);
    assert.deepEqual(ordered.map((s) => s.name.split('/').pop()), ['maillog.3.gz', 'maillog.2.gz', 'maillog.1', 'maillog']);
  });

  test('unrelated files are ordered by their first timestamp', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailtls-order-'));
    try {
      await writeFile(join(dir, 'b.txt'), 'Nov 20 10:00:00 m postfix/smtpd[1]: x\n');
      await writeFile(join(dir, 'a.txt'), gzipSync('Nov 21 10:00:00 m postfix/smtpd[1]: y\n'));
      const t = new Date(2026, 10, 22).getTime() / 1000;
      await utimes(join(dir, 'a.txt'), t, t);
      await utimes(join(dir, 'b.txt'), t, t);
      const ordered = await orderSources([join(dir, 'a.txt'), join(dir, 'b.txt')]);
      assert.deepEqual(ordered.map((s) => s.name.split('/').pop()), ['b.txt', 'a.txt']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('no file means stdin', async () => {
    assert.deepEqual((await orderSources([], 5)).map((s) => [s.name, s.path]), [['-', undefined]]);
  });
});
