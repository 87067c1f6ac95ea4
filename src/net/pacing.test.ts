import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PacingPolicy } from './pacing.js';
import { HostPacer, PatienceError, WaitMeter, type PacerClock } from './host-pacer.js';

const fixed = { random: () => 0.5, backoffMs: 1000, maxBackoffMs: 30_000 };

test('an unlimited server: no wait, the full concurrency, nothing learnt', () => {
  const p = new PacingPolicy({ maxConnections: 12, ...fixed });
  for (let i = 0; i < 200; i++) {
    assert.equal(p.waitMs(i), 0);
    p.started(i);
    p.accepted(i + 1, 1, i);
  }
  assert.equal(p.limit, 12);
  assert.equal(p.lingerMs, 0);
  assert.deepEqual(p.summary(), { refusals: 0, learnt: { maxConnections: null, ratePerMinute: null }, reasons: [] });
});

test('a concurrency refusal: the ceiling is what was open, slow start back to it, a pause with jitter', () => {
  const p = new PacingPolicy({ maxConnections: 12, ...fixed });
  for (let i = 0; i < 5; i++) p.started(0);
  p.refused(10, 2, 'refused', '421 4.7.0 Error: too many connections from 127.0.9.1');
  assert.equal(p.limit, 1, 'one connection after a refusal');
  assert.equal(p.waitMs(10), 1000, 'a pause of the base backoff (jitter 0.5 -> factor 1)');
  // connections already under way when the refusal came teach nothing new
  p.accepted(20, 1, 0);
  assert.equal(p.limit, 1);
  // fresh ones grow the concurrency by one each, up to the learnt ceiling and no further
  for (let i = 0; i < 5; i++) p.accepted(2000 + i, 1, 1500);
  assert.equal(p.limit, 2);
  assert.equal(p.summary().learnt.maxConnections, 2);
  assert.ok(p.lingerMs > 0, 'closed connections hold their slot a moment: the server sees the close late');
});

test('refusals that arrive together back off once; refusals in a row back off exponentially, capped', () => {
  const p = new PacingPolicy({ maxConnections: 12, ...fixed });
  p.refused(0, 5, 'refused', 'x');
  p.refused(1, 4, 'refused', 'x');
  p.refused(2, 3, 'refused', 'x');
  assert.equal(p.waitMs(2), 1000, 'still one step of backoff (from the last of them)');
  assert.equal(p.summary().learnt.maxConnections, 3);
  p.refused(1002, 1, 'refused', 'x');
  assert.equal(p.waitMs(1002), 2000);
  p.refused(3002, 1, 'refused', 'x');
  assert.equal(p.waitMs(3002), 4000);
  for (let t = 7002; t < 200_000; t += 31_000) p.refused(t, 1, 'refused', 'x');
  assert.ok(p.waitMs(193_002) <= 30_000 * 1.25);
  assert.equal(p.summary().refusals, 12);
  assert.deepEqual(p.summary().reasons, ['x']);
});

test('jitter spreads the pause between 0.75 and 1.25 of the backoff', () => {
  const lo = new PacingPolicy({ maxConnections: 4, ...fixed, random: () => 0 });
  const hi = new PacingPolicy({ maxConnections: 4, ...fixed, random: () => 0.999 });
  lo.refused(0, 1, 'refused', 'x');
  hi.refused(0, 1, 'refused', 'x');
  assert.equal(lo.waitMs(0), 750);
  assert.equal(hi.waitMs(0), 1250);
});

test('refused while alone after being taken: a rate, learnt from the starts of the window, and starts spaced to it', () => {
  const p = new PacingPolicy({ maxConnections: 12, ...fixed });
  // 31 starts in 7 s (anvil counts them all), the 31st refused with nothing else open
  for (let i = 0; i < 31; i++) {
    p.started(i * 230);
    if (i < 30) p.accepted(i * 230 + 5, 2, i * 230);
  }
  p.refused(7000, 0, 'refused', '421 4.7.0 Error: too many connections from 127.0.9.1');
  assert.equal(p.summary().learnt.ratePerMinute, 30);
  assert.equal(p.summary().learnt.maxConnections, null, 'nothing else was open: not a concurrency limit');
  // no start until the window that holds 30 starts has moved on: the first two starts age out
  assert.equal(p.waitMs(7000), 230 + 60_000 - 7000);
  // then one start every 2 s and a margin (30 a minute)
  p.started(60_230);
  assert.equal(p.spacingMs, 2200);
  assert.ok(p.waitMs(60_231) >= 2199);
  // a steady pace at the spacing never has more than 30 starts in any minute
  let t = 60_230;
  const starts = [t];
  for (let i = 0; i < 100; i++) {
    t += p.waitMs(t);
    p.started(t);
    starts.push(t);
  }
  for (const s of starts) assert.ok(starts.filter((x) => x >= s && x < s + 60_000).length <= 30);
});

test('refused on the very first connection: no rate is learnt (the server never took us)', () => {
  const p = new PacingPolicy({ maxConnections: 12, ...fixed });
  p.started(0);
  p.refused(5, 0, 'refused', '421 service not available');
  assert.equal(p.summary().learnt.ratePerMinute, null);
  assert.equal(p.waitMs(5), 1000);
});

test('--rate and --delay space the starts from the first one', () => {
  const r = new PacingPolicy({ maxConnections: 4, ...fixed, ratePerMinute: 60 });
  r.started(0);
  assert.equal(r.waitMs(0), 1100);
  const d = new PacingPolicy({ maxConnections: 4, ...fixed, delayMs: 300 });
  d.started(0);
  assert.equal(d.waitMs(100), 200);
});

test('a late greeting halves the concurrency; fresh accepted ones grow it back', () => {
  const p = new PacingPolicy({ maxConnections: 8, ...fixed });
  p.accepted(0, 5, 0);
  p.accepted(10, 3000, 5);
  assert.equal(p.limit, 4);
  assert.match(p.summary().reasons[0] ?? '', /late greeting/);
  p.accepted(20, 5, 15);
  assert.equal(p.limit, 5);
});

test('a rate window other than a minute (anvil_rate_time_unit) is reported per minute', () => {
  const p = new PacingPolicy({ maxConnections: 4, ...fixed, windowMs: 10_000 });
  for (let i = 0; i < 31; i++) {
    p.started(i * 100);
    p.accepted(i * 100 + 1, 1, i * 100);
  }
  p.refused(3100, 0, 'refused', 'x');
  assert.equal(p.summary().learnt.ratePerMinute, 180);
  assert.equal(p.spacingMs, 367);
});

/** A clock that only moves when the pacer sleeps. */
function fakeClock(): PacerClock & { t: number } {
  const c = { t: 0, now: () => c.t, sleep: async (ms: number) => { c.t += ms; } };
  return c;
}

test('host pacer: never more in flight than allowed, waits measured, patience enforced', async () => {
  const clock = fakeClock();
  const pacer = new HostPacer('127.0.0.1', { maxConnections: 2, ...fixed, ratePerMinute: 60 }, clock);
  const meter = new WaitMeter();
  const a = await pacer.acquire(Infinity, {}, meter);
  const b = await pacer.acquire(Infinity, {}, meter);
  assert.equal(pacer.open, 2);
  assert.equal(clock.t, 1100, 'the second start waited the spacing');
  assert.equal(meter.waitedMs, 1100);
  let third = false;
  const c = pacer.acquire(Infinity, {}, meter).then((s) => { third = true; return s; });
  await new Promise((r) => setImmediate(r));
  assert.equal(third, false, 'a third waits for a slot');
  a.accepted(1);
  a.release();
  (await c).release();
  b.release();
  // the pace asks for 1.1 s more; a deadline before that refuses at once
  await assert.rejects(pacer.acquire(clock.t + 500, { host: '127.0.0.1', port: 25 }), (e: unknown) => e instanceof PatienceError && e.code === 'ETIMEOUT');
});
