import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { enumerate, type PickFn, type PickResult } from './enumerate.js';

/** A simulated server: accepts `accepted`, picks by its own order or the client's. */
function server(accepted: number[], serverOrder: boolean, maxOffer = Infinity): PickFn & { calls: number } {
  const fn = (async (offered: readonly number[]): Promise<PickResult> => {
    fn.calls++;
    if (offered.length > maxOffer) return { kind: 'refused', alert: 40, reason: 'too long' };
    const pick = serverOrder ? accepted.find((s) => offered.includes(s)) : offered.find((s) => accepted.includes(s));
    return pick === undefined ? { kind: 'refused', alert: 40, reason: 'no shared cipher' } : { kind: 'picked', item: pick };
  }) as unknown as PickFn & { calls: number };
  fn.calls = 0;
  return fn;
}

const candidates = Array.from({ length: 300 }, (_, i) => i + 1);

test('client order: finds every suite with accepted + chains connections', async () => {
  const accepted = candidates.filter((x) => x % 5 === 0).slice(0, 56);
  const s = server(accepted, false);
  const r = await enumerate(candidates, s, { maxChains: 7, parallelFirstRound: true });
  assert.deepEqual(r.accepted, accepted);
  assert.equal(r.serverPreference, false);
  assert.ok(r.attempts <= accepted.length + 7, `attempts ${r.attempts}`);
  assert.equal(r.attempts, s.calls);
});

test('server order: the pick sequence is the server order', async () => {
  const accepted = [50, 3, 200, 17, 99];
  const r = await enumerate(candidates, server(accepted, true), { maxChains: 7, parallelFirstRound: true });
  assert.deepEqual(r.accepted, accepted);
  assert.equal(r.serverPreference, true);
  assert.equal(r.attempts, accepted.length + 2);
});

test('one suite: preference unknown; none: one connection when not parallel', async () => {
  const one = await enumerate(candidates, server([42], true), { maxChains: 4, parallelFirstRound: false });
  assert.deepEqual(one.accepted, [42]);
  assert.equal(one.serverPreference, null);
  const none = await enumerate(candidates, async () => ({ kind: 'refused', alert: 70, reason: 'protocol_version' }), { maxChains: 4, parallelFirstRound: false });
  assert.deepEqual(none.accepted, []);
  assert.equal(none.attempts, 1);
  // handshake_failure on a long list: one short retry before concluding
  const noShared = await enumerate(candidates, server([], false), { maxChains: 4, parallelFirstRound: false });
  assert.equal(noShared.attempts, 2);
});

test('property: any accepted set, either preference, is found exactly', async () => {
  await fc.assert(fc.asyncProperty(
    fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 80 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 8 }),
    async (accepted, serverOrder, parallel, maxChains) => {
      const r = await enumerate(candidates, server(accepted, serverOrder), { maxChains, parallelFirstRound: parallel, maxPerHello: 128 });
      if (serverOrder) assert.deepEqual(r.accepted, accepted);
      else assert.deepEqual(r.accepted, candidates.filter((c) => accepted.includes(c)));
      assert.ok(r.attempts <= accepted.length + maxChains + 3 + 2);
    }), { numRuns: 200 });
});

test('a server that breaks on long hellos is retried short', async () => {
  const accepted = [2, 4, 6];
  const r = await enumerate(candidates, server(accepted, false, 128), { maxChains: 2, parallelFirstRound: false, maxPerHello: 128 });
  assert.deepEqual(r.accepted, accepted);
});

test('an error stops a chain and is reported', async () => {
  let n = 0;
  const r = await enumerate(candidates, async (offered) => {
    if (++n > 3) throw new Error('reset');
    return { kind: 'picked', item: offered[0]! };
  }, { maxChains: 2, parallelFirstRound: true });
  assert.ok(r.error instanceof Error);
  assert.ok(r.accepted.length >= 2);
});

test('a server that picks by neither order still has every suite found', async () => {
  // picks the first accepted suite at an odd position of the offered list: order matters, but
  // it is not the client's order, and an accepted suite lies outside the two first picks
  const accepted = [5, 150, 299];
  const r = await enumerate(candidates, async (offered) => {
    const hits = offered.filter((x) => accepted.includes(x));
    const odd = hits.find((x) => offered.indexOf(x) % 2 === 1);
    const item = odd ?? hits[0];
    return item !== undefined ? { kind: 'picked', item } : { kind: 'refused', alert: 40, reason: 'none' };
  }, { maxChains: 3, parallelFirstRound: true });
  assert.deepEqual([...r.accepted].sort((x, y) => x - y), accepted);
});

test('maxChains as a function: decided after the first round, and fewer chains cost fewer refusals', async () => {
  const accepted = candidates.filter((x) => x % 3 === 0).slice(0, 56);
  let asked = 0;
  let limit = 0; // not known yet while the first round is in flight
  const s = server(accepted, false);
  const pick: PickFn = async (offered, more) => {
    const r = await s(offered, more);
    limit = 2;
    return r;
  };
  const r = await enumerate(candidates, pick, { maxChains: () => { asked++; return limit; }, parallelFirstRound: true });
  assert.deepEqual(r.accepted, accepted);
  assert.equal(r.serverPreference, false);
  assert.ok(asked > 0);
  assert.ok(r.attempts <= accepted.length + 2, `attempts ${r.attempts}`);
  const wide = await enumerate(candidates, server(accepted, false), { maxChains: 6, parallelFirstRound: true });
  assert.deepEqual(wide.accepted, accepted);
  assert.ok(wide.attempts > r.attempts, `${wide.attempts} attempts with 6 chains, ${r.attempts} with 2`);
});
