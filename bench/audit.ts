/**
 * `npm run bench -- audit`: the wall time of `mailtls audit` on a lab Postfix (the webshop
 * server of seed 002: ports 25 and 587 in production) against the sum of the separate commands
 * it joins — `mailtls scan` of each service, `mailtls config`, `mailtls logs` — on the same
 * instance and the same log (generated Postfix logs of 2 and 20 MB with the instance's own lines),
 * interleaved round by round, medians printed. Goal (issue 10): no more than its scan plus a
 * fraction, since the scans run in parallel and the configuration and the log are read while
 * they run. Printed, never asserted.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labDown, labUp } from '../src/lab/index.js';
import { clientSession } from '../src/lab/traffic.js';
import { generateLog } from '../scripts/gen-log.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'mailtls');
const ROUNDS = 5;

function timed(args: readonly string[]): Promise<{ ms: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(BIN, [...args], { stdio: ['ignore', 'ignore', 'ignore'], cwd: ROOT });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - t0, code }));
  });
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

export async function benchAudit(): Promise<void> {
  const name = 'bench-audit';
  await labDown(name).catch(() => undefined);
  const tmp = await mkdtemp(join(tmpdir(), 'mailtls-bench-audit-'));
  const lab = await labUp({ name, configDir: join(ROOT, 'examples', 'webshop') });
  try {
    const sub = lab.services.find((s) => s.service === 'submission');
    const smtp = lab.services.find((s) => s.service === 'smtp');
    if (!sub || !smtp) throw new Error('the webshop lab has no smtp or submission service');
    await clientSession({ port: sub.port, from: '127.0.0.10', minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'ECDHE-RSA-AES256-SHA' });
    await clientSession({ port: sub.port, from: '127.0.0.11', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
    const rows: string[] = [];
    const ratios: string[] = [];
    // Two logs: a small server's (2 MB) and a busy one's (20 MB). The scans are the same.
    for (const mb of [2, 20]) {
      const log = join(tmp, `mail-${mb}.log`);
      const out = createWriteStream(log);
      const gen = await generateLog({ bytes: mb << 20, out, seed: 7 });
      await new Promise<void>((r) => out.end(r));
      process.stdout.write(`lab ${name}: smtp on 127.0.0.1:${smtp.port}, submission on 127.0.0.1:${sub.port}; log ${(gen.bytes / (1 << 20)).toFixed(0)} MB, ${gen.lines} lines\n`);
      const commands: Record<string, string[][]> = {
        audit: [['audit', lab.configDir, '--json', '--log', log, '--fail-on', 'none']],
        separate: [
          ['scan', `127.0.0.1:${smtp.port}`, '--json', '--role', 'mx'],
          ['scan', `127.0.0.1:${sub.port}`, '--json', '--role', 'submission'],
          ['config', lab.configDir, '--json'],
          ['logs', log, '--json'],
        ],
      };
      const times: Record<string, number[]> = { audit: [], separate: [], scans: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const [label, runs] of Object.entries(commands)) {
          let sum = 0;
          let scans = 0;
          for (const args of runs) {
            const r = await timed(args);
            if (r.code !== 0 && r.code !== 1) throw new Error(`mailtls ${args.join(' ')} exited with ${r.code ?? 'a signal'}`);
            sum += r.ms;
            if (args[0] === 'scan') scans += r.ms;
          }
          times[label]?.push(sum);
          if (label === 'separate') times['scans']?.push(scans);
        }
      }
      const a = median(times['audit'] ?? []);
      const s = median(times['separate'] ?? []);
      const sc = median(times['scans'] ?? []);
      rows.push(`| ${mb} MB | ${(a / 1000).toFixed(2)} s | ${(s / 1000).toFixed(2)} s | ${(sc / 1000).toFixed(2)} s |`);
      ratios.push(`${mb} MB log: audit / separate commands ${(a / s).toFixed(2)}, audit / the two scans alone ${(a / sc).toFixed(2)}`);
    }
    process.stdout.write([
      '',
      `| median of ${ROUNDS} interleaved rounds | mailtls audit (2 services, config, log) | scan ×2 + config + logs, one after the other | of which the two scans |`,
      '|---|---|---|---|',
      ...rows,
      '',
      ...ratios,
      '',
    ].join('\n'));
  } finally {
    await labDown(name).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
}
