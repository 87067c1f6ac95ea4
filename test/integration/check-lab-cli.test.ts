/**
 * `mailtls lab dns up|down` as a user runs it: try a zone of one's own before publishing it.
 * The stack signs the user's zone with its own key and makes that key a trust anchor of its
 * resolver; `mailtls check` then sees the zone as a validating sender would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { alive } from '../../src/lab/procs.js';
import type { DnsStack } from '../../src/lab/dns/index.js';
import type { CheckReport } from '../../src/check/types.js';

const ZONE = `$ORIGIN example.com.
$TTL 300
@ IN SOA ns.example.com. hostmaster.example.com. 2026120301 3600 600 86400 300
@ IN NS ns.test.
; the stack's good MX host, so the zone can be tried against a real server
@ IN MX 10 mx1.good.test.
_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@example.com"
`;

test('lab dns up --zone, check the zone, lab dns down: nothing left behind', async () => {
  // No ledger (MAILTLS_STATE_DIR empty): the check's connections would be left out of other test files' log statistics.
  const env = { MAILTLS_LAB_DIR: process.env['MAILTLS_LAB_DIR'] ?? '/var/lib/mailtls/lab', MAILTLS_STATE_DIR: '' };
  const tmp = await mkdtemp(join(tmpdir(), 'mailtls-zone-'));
  const file = join(tmp, 'example.com.zone');
  await writeFile(file, ZONE);
  await main(['lab', 'dns', 'down', 'chk-cli'], memoryIo(env)).catch(() => undefined);
  let stack: DnsStack | undefined;
  try {
    const up = memoryIo(env);
    assert.equal(await main(['lab', 'dns', 'up', '--name', 'chk-cli', '--zone', `example.com=${file}`, '--json'], up), 0, up.err());
    stack = JSON.parse(up.out()) as DnsStack;
    assert.ok(stack.zones.some((z) => z.origin === 'example.com' && z.signing === 'signed'));

    const io = memoryIo(env);
    const code = await main(['check', 'example.com', '--resolver', stack.resolver.address, '--ca-file', stack.caFile, '--json'], io);
    const r = JSON.parse(io.out()) as CheckReport;
    assert.equal(r.dnssec.mx, 'secure', 'the user zone validates with the key the stack signed it with');
    assert.equal(r.mx[0]?.host, 'mx1.good.test');
    assert.equal(r.dane.status, 'valid');
    assert.equal(r.tlsRpt.valid, true);
    assert.ok(r.findings.some((f) => f.id === 'mta-sts-absent' && f.fix?.includes('_mta-sts.example.com. IN TXT "v=STSv1; id=')));
    assert.equal(code, 0, io.err());

    const text = memoryIo(env);
    assert.equal(await main(['lab', 'dns', 'list'], text), 0);
    assert.match(text.out(), /chk-cli\s+running/);
  } finally {
    const down = memoryIo(env);
    assert.equal(await main(['lab', 'dns', 'down', 'chk-cli'], down), 0, down.err());
    await rm(tmp, { recursive: true, force: true });
  }
  assert.ok(stack);
  for (const p of stack.pids) assert.equal(await alive(p.pid), false, `${p.name} (${p.pid}) stopped`);
  assert.equal(existsSync(stack.dir), false);
  const again = memoryIo(env);
  assert.equal(await main(['lab', 'dns', 'down', 'chk-cli'], again), 1);
  assert.match(again.err(), /ELAB_NOTFOUND/);
});
