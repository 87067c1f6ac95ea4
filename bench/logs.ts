/**
 * `npm run bench -- logs`: `mailtls logs --json` against `pflogsumm --smtpd-stats` (what most
 * admins run; it reports nothing about TLS) on the same generated 100 MB Postfix log, in one
 * run: MB/s of each (best and median of interleaved rounds), the ratio, and mailtls's peak
 * memory. Goal (issue 5): at least 5x pflogsumm, under 200 MB peak RSS whatever the input size.
 * Printed, never asserted.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLog } from '../scripts/gen-log.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;

interface Run {
  readonly seconds: number;
  /** Peak resident set size in MB, when /usr/bin/time could tell. */
  readonly peakMb: number | null;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs a command with stdout discarded, timing it; under /usr/bin/time -v when present for the peak RSS. */
async function timed(cmd: string, args: readonly string[]): Promise<Run> {
  const useTime = existsSync('/usr/bin/time');
  const argv = useTime ? ['-v', cmd, ...args] : [...args];
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(useTime ? '/usr/bin/time' : cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 1 << 20) stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ seconds, peakMb: m ? Number(m[1]) / 1024 : null, code, stderr });
    });
  });
}

export async function benchLogs(): Promise<void> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const dir = await mkdtemp(join(tmpdir(), 'mailtls-bench-logs-'));
  try {
    const file = join(dir, 'mail.log');
    const ws = createWriteStream(file);
    const gen = await generateLog({ bytes: 100 * MB, out: ws, seed: 5 });
    await new Promise<void>((resolve) => ws.end(() => resolve()));
    const size = (await stat(file)).size;
    out(`log: ${(size / MB).toFixed(1)} MB, ${gen.lines} lines, smtpd sessions ${JSON.stringify(gen.sessions)} (scripts/gen-log.ts, seed 5)`);

    const cli = join(ROOT, 'bin', 'mailtls'); // the installed command (bin/mailtls.cjs under Node)
    if (!existsSync(join(ROOT, 'dist', 'mailtls.cjs'))) {
      out('dist/ is missing: run `npm run build` first (npm run bench does)');
      return;
    }
    // One warm-up read so that both tools find the file in the page cache.
    await timed('cat', [file]);
    // Interleaved rounds: the machines are shared and noisy, so both see the same load; the
    // best and the median of each are printed (MAILTLS_BENCH_ROUNDS, default 3).
    const rounds = Math.max(1, Number(process.env.MAILTLS_BENCH_ROUNDS ?? '3') || 3);
    const pfls: Run[] = [];
    const mines: Run[] = [];
    for (let i = 0; i < rounds; i++) {
      pfls.push(await timed('pflogsumm', ['--smtpd-stats', file]));
      mines.push(await timed(cli, ['logs', '--json', file]));
    }
    const bySpeed = (a: Run, b: Run) => a.seconds - b.seconds;
    const pflSorted = [...pfls].sort(bySpeed);
    const mineSorted = [...mines].sort(bySpeed);
    const median = (runs: readonly Run[]) => runs[(runs.length - 1) >> 1] as Run;
    const pfl = pflSorted[0] as Run;
    const best = mineSorted[0] as Run;
    const peaks = mines.map((m) => m.peakMb).filter((m): m is number => m !== null);
    const peak = peaks.length > 0 ? Math.max(...peaks) : null;
    const rate = (r: Run) => size / MB / r.seconds;
    const list = (runs: readonly Run[]) => runs.map((r) => r.seconds.toFixed(2)).join(', ');
    if (pfls.some((r) => r.code !== 0)) out(`pflogsumm failed (exit ${pfls.find((r) => r.code !== 0)?.code}): ${pfl.stderr.slice(0, 300)}`);
    const failed = mines.find((r) => r.code !== 0);
    if (failed) out(`mailtls logs failed (exit ${failed.code}): ${failed.stderr.slice(0, 300)}`);
    out(`pflogsumm --smtpd-stats: best ${pfl.seconds.toFixed(2)} s = ${rate(pfl).toFixed(1)} MB/s, median ${rate(median(pflSorted)).toFixed(1)} MB/s (runs: ${list(pfls)} s)`);
    out(`mailtls logs --json:     best ${best.seconds.toFixed(2)} s = ${rate(best).toFixed(1)} MB/s, median ${rate(median(mineSorted)).toFixed(1)} MB/s (runs: ${list(mines)} s; includes Node start-up)`);
    const ratio = pfl.seconds / best.seconds;
    const medianRatio = median(pflSorted).seconds / median(mineSorted).seconds;
    out(`ratio: mailtls is ${ratio.toFixed(1)}x pflogsumm's speed (best vs best; median vs median ${medianRatio.toFixed(1)}x; goal >= 5x): ${ratio >= 5 ? 'met' : 'NOT met'}`);
    if (peak !== null) out(`mailtls peak memory: ${peak.toFixed(0)} MB RSS (goal < 200 MB): ${peak < 200 ? 'met' : 'NOT met'}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
