import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { analyzeLogs } from './analyze.js';

const SAMPLE = readFileSync(join(import.meta.dirname, '../../test/fixtures/logs/postfix-3.0-3.3.txt'));

async function viaStdin(chunks: Buffer[], opts: { maxOpenSessions?: number } = {}) {
  const r = await analyzeLogs({ files: [], stdin: Readable.from(chunks), now: Date.UTC(2026, 10, 21), ...opts });
  return r;
}

/** The parts of a report that do not depend on how the input was cut. */
const essence = (r: Awaited<ReturnType<typeof viaStdin>>) => JSON.stringify({ lines: r.lines, unparsed: r.unparsed, services: r.services, clients: r.clients, outbound: r.outbound });

describe('analyzeLogs properties', () => {
  test('the report does not depend on where the input is cut into chunks', async () => {
    const whole = essence(await viaStdin([SAMPLE]));
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: SAMPLE.length - 1 }), { maxLength: 12 }), async (cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const chunks: Buffer[] = [];
      let prev = 0;
      for (const p of points) {
        chunks.push(SAMPLE.subarray(prev, p));
        prev = p;
      }
      chunks.push(SAMPLE.subarray(prev));
      assert.equal(essence(await viaStdin(chunks)), whole);
    }), { numRuns: 40 });
  });

  test('hostile lines among genuine ones: never a throw, every line counted, the genuine sessions intact', async () => {
    const genuine = SAMPLE.toString('utf8').split('\n').filter((l) => l !== '');
    const baseline = await viaStdin([SAMPLE]);
    const hostile = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 80 }).map((s) => `Nov 21 18:43:33 host postfix/smtpd[${s}]: ${s}`),
      fc.string({ maxLength: 80 }).map((s) => `2026-11-21T18:43:33${s} h postfix/smtp[1]: ${s}`),
      fc.string({ maxLength: 80 }).map((s) => `Nov 21 18:43:33 host postfix/${s}/smtpd[99999]: Anonymous TLS connection established from ${s}: ${s} with cipher ${s} (${s} bits)`),
      fc.string({ maxLength: 80 }).map((s) => `Nov 21 18:43:33 host postfix/smtp[99998]: ABCDEF123: to=<${s}>, relay=${s}, tls=${s}, status=${s}`),
      fc.constant('Nov 21 18:43:33 host postfix/smtpd[99997]: disconnect from x[1] starttls=a/b commands=x'),
    );
    await fc.assert(fc.asyncProperty(fc.array(hostile, { maxLength: 20 }), async (junk) => {
      // Junk goes after the genuine lines, in processes of its own, so genuine sessions stay whole.
      const text = `${[...genuine, ...junk.map((j) => j.replace(/[\r\n]/g, ' '))].join('\n')}\n`;
      const r = await viaStdin([Buffer.from(text)]);
      assert.equal(r.lines, genuine.length + junk.length);
      const sub = r.services.find((s) => s.name === 'postfix/submission/smtpd');
      const sub0 = baseline.services.find((s) => s.name === 'postfix/submission/smtpd');
      assert.deepEqual(sub?.tls, sub0?.tls);
    }), { numRuns: 60 });
  });

  test('a tiny session bound still gives a report (sessions closed early are counted, not lost)', async () => {
    const r = await viaStdin([SAMPLE], { maxOpenSessions: 1 });
    const total = r.services.filter((s) => s.direction === 'inbound').reduce((n, s) => n + s.sessions, 0);
    assert.ok(total >= 8);
  });
});
