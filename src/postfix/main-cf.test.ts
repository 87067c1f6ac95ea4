import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMainCf, splitNameValue } from './main-cf.js';

describe('main.cf', () => {
  it('splits name = value like split_nameval', () => {
    assert.deepEqual(splitNameValue('  a=b  '), { name: 'a', value: 'b' });
    assert.deepEqual(splitNameValue('a =   '), { name: 'a', value: '' });
    assert.deepEqual(splitNameValue('a = b = c'), { name: 'a', value: 'b = c' });
    assert.deepEqual(splitNameValue('= x'), { error: 'missing attribute name' });
    assert.deepEqual(splitNameValue('a b = c'), { error: "missing '=' after attribute name" });
  });

  it('last duplicate wins and the overridden one is remembered with its line', () => {
    const m = parseMainCf('a = 1\nb = 2\na = 3\n');
    assert.equal(m.settings.get('a')?.value, '3');
    assert.equal(m.settings.get('a')?.line, 3);
    assert.deepEqual(m.overridden.map((o) => [o.name, o.value, o.line, o.byLine]), [['a', '1', 1, 3]]);
  });

  it('reports a syntax error with file:line and keeps going', () => {
    const m = parseMainCf('a = 1\nnot a setting\nb = 2\n', 'main.cf');
    assert.equal(m.settings.size, 2);
    assert.equal(m.warnings[0]?.line, 2);
    assert.equal(m.warnings[0]?.file, 'main.cf');
  });
});
