/**
 * Benchmark: `mailtls scan --vulns` against testssl.sh's vulnerability checks (Debian's package)
 * on one lab Postfix with stock settings: wall time and TCP connections (the ": connect from"
 * lines each run adds to the instance's log), per probe and in total, with ratios. testssl.sh
 * runs once per check flag (its numbers include its own start-up: service detection and a
 * few handshakes per run) and once with all of them; mailtls's per-probe numbers come from its
 * report (the derived verdicts cost no connection and no time of their own). Printed, never
 * asserted.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labUp, labDown, type LabInstance } from '../src/lab/index.js';
import type { ScanReport } from '../src/scan/types.js';
import { run, connects } from './scan.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const LAB = 'bench-vulns';

/** Our id -> testssl.sh's flag for the same check (Ticketbleed: testssl runs it on HTTPS only). */
const FLAGS: readonly [string, string][] = [
  ['heartbleed', '-H'], ['ccs-injection', '-I'], ['robot', '-BB'], ['client-renegotiation', '-R'], ['crime', '-C'],
  ['poodle', '-O'], ['fallback-scsv', '-Z'], ['sweet32', '-W'], ['freak', '-F'], ['drown', '-D'], ['logjam', '-J'],
  ['beast', '-A'], ['lucky13', '-L'], ['rc4', '-4'],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function mailtls(lab: LabInstance, port: number, vulns: boolean, repeats: number): Promise<{ ms: number; connections: number; report: ScanReport | null }> {
  const times: number[] = [];
  let connections = 0;
  let report: ScanReport | null = null;
  for (let i = 0; i < repeats; i++) {
    const before = connects(lab);
    const r = await run(join(ROOT, 'bin', 'mailtls'), ['scan', `127.0.0.1:${port}`, '--json', ...(vulns ? ['--vulns'] : [])], 120_000);
    await new Promise((res) => setTimeout(res, 300)); // the log line of the last connection
    connections = connects(lab) - before;
    times.push(r.ms);
    try { report = JSON.parse(r.stdout) as ScanReport; } catch { report = null; }
  }
  return { ms: median(times), connections, report };
}

async function testssl(lab: LabInstance, port: number, flags: string[]): Promise<{ ms: number; connections: number }> {
  const before = connects(lab);
  const r = await run('testssl', ['--quiet', '--color', '0', '--warnings', 'off', '--starttls', 'smtp', ...flags, `127.0.0.1:${port}`], 300_000);
  await new Promise((res) => setTimeout(res, 300));
  return { ms: r.ms, connections: connects(lab) - before };
}

function print(rows: string[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  for (const row of rows) process.stdout.write(`  ${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`);
}

export async function benchVulns(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'mailtls.cjs'))) throw new Error('dist/ is not built: run npm run build first');
  await labDown(LAB).catch(() => undefined);
  const lab = await labUp({ name: LAB });
  try {
    const port = lab.services.find((s) => s.service === 'smtp')?.port;
    if (port === undefined) throw new Error('the lab instance has no smtp service');
    process.stdout.write(`lab instance ${lab.name}: Postfix ${lab.postfixVersion} on 127.0.0.1:${port}\n`);
    await mailtls(lab, port, false, 1); // warm-up, uncounted
    const plain = await mailtls(lab, port, false, 3);
    const full = await mailtls(lab, port, true, 3);
    const all = await testssl(lab, port, ['-p', ...FLAGS.map(([, f]) => f)]);
    const vulns = full.report?.vulns ?? [];
    const rows = [['probe', 'mailtls conn.', 'mailtls s', 'testssl conn.', 'testssl s', 'conn. ratio', 'time ratio', 'verdict (mailtls)']];
    for (const [id, flag] of FLAGS) {
      const ours = vulns.find((v) => v.id === id);
      const theirs = await testssl(lab, port, [flag]);
      const ms = ours?.durationMs ?? 0;
      rows.push([
        `${id} (${flag})`, String(ours?.connections ?? '?'), (ms / 1000).toFixed(2), String(theirs.connections), (theirs.ms / 1000).toFixed(1),
        ours && ours.connections > 0 ? `1/${(theirs.connections / ours.connections).toFixed(1)}` : 'derived',
        ms > 0 ? `1/${(theirs.ms / ms).toFixed(0)}` : 'derived',
        ours?.status ?? 'missing',
      ]);
    }
    const tb = vulns.find((v) => v.id === 'ticketbleed');
    rows.push(['ticketbleed (-T)', String(tb?.connections ?? '?'), ((tb?.durationMs ?? 0) / 1000).toFixed(2), '-', '-', 'testssl: HTTPS only', '', tb?.status ?? 'missing']);
    process.stdout.write('\nPer probe (testssl.sh: one run per flag, its start-up included; mailtls: from the --vulns report)\n');
    print(rows);
    process.stdout.write('\nIn total\n');
    print([
      ['run', 'wall s', 'connections'],
      ['mailtls scan (median of 3)', (plain.ms / 1000).toFixed(2), String(plain.connections)],
      ['mailtls scan --vulns (median of 3)', (full.ms / 1000).toFixed(2), String(full.connections)],
      [`testssl.sh -p ${FLAGS.map(([, f]) => f).join(' ')}`, (all.ms / 1000).toFixed(1), String(all.connections)],
    ]);
    process.stdout.write(`  --vulns adds ${full.connections - plain.connections} connections and ${((full.ms - plain.ms) / 1000).toFixed(2)} s to a full scan; `
      + `the whole scan with --vulns takes ${(100 * full.ms / all.ms).toFixed(0)}% of testssl.sh's time and ${(100 * full.connections / all.connections).toFixed(0)}% of its connections.\n`);
  } finally {
    await labDown(LAB).catch(() => undefined);
  }
}
