import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Tally } from './tally.js';

describe('Tally', () => {
  test('keeps at most MAX_KEYS keys; the rest are counted under (other)', () => {
    const t = new Tally();
    for (let i = 0; i < Tally.MAX_KEYS + 10; i++) t.add(`k${i}`);
    assert.equal(t.size, Tally.MAX_KEYS + 1);
    assert.equal(t.get('(other)'), 10);
  });

  test('JSON form: largest counts first, ties by name', () => {
    assert.deepEqual(Object.entries(new Tally([['b', 1], ['a', 3], ['c', 1]]).toRecord()), [['a', 3], ['b', 1], ['c', 1]]);
    assert.deepEqual(new Tally().toRecord(), {});
  });

  test('addAll sums the counts of another tally', () => {
    const t = new Tally([['TLSv1.2', 2]]);
    t.addAll(new Tally([['TLSv1.2', 3], ['TLSv1', 1]]));
    assert.deepEqual(t.toRecord(), { 'TLSv1.2': 5, TLSv1: 1 });
  });
});
