import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineAt, readLogicalLines } from './lines.js';

describe('readLogicalLines (readlline.c)', () => {
  it('joins continuations without a separator and keeps their leading whitespace', () => {
    const { lines } = readLogicalLines('a = 1,\n    2\nb = 3\n');
    assert.deepEqual(lines.map((l) => [l.text, l.line, l.lastLine]), [['a = 1,    2', 1, 2], ['b = 3', 3, 3]]);
  });

  it('skips blank and comment lines, even inside a continued value', () => {
    const { lines } = readLogicalLines('x = a,\n# comment\n\n   \n  b,\n\t# indented comment\n c\n');
    assert.deepEqual(lines.map((l) => l.text), ['x = a,  b, c']);
    assert.equal(lines[0]?.lastLine, 7);
  });

  it('keeps a mid-line # as text', () => {
    const { lines } = readLogicalLines('n = 1 # not a comment\n');
    assert.equal(lines[0]?.text, 'n = 1 # not a comment');
  });

  it('warns about continuation text without a preceding line and drops it', () => {
    const { lines, warnings } = readLogicalLines('  orphan\n   more\nk = v\n');
    assert.deepEqual(lines.map((l) => l.text), ['k = v']);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.line, 1);
  });

  it('maps an offset back to its physical line', () => {
    const { lines } = readLogicalLines('svc inet n - y - - smtpd\n  -o a=b\n# c\n  -o c=d\n');
    const l = lines[0];
    assert.ok(l);
    assert.equal(lineAt(l, l.text.indexOf('-o a=b')), 2);
    assert.equal(lineAt(l, l.text.indexOf('-o c=d')), 4);
  });

  it('handles CRLF files and a missing final newline', () => {
    const { lines } = readLogicalLines('a = 1\r\n  2\r\nb = 3');
    assert.deepEqual(lines.map((l) => l.text), ['a = 1\r  2\r', 'b = 3']);
  });
});
