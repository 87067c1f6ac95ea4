/**
 * `npm run bench`: mailtls and its peers side by side, in one run, with ratios. Not a timed
 * test: these machines are shared and noisy, so the numbers are printed, never asserted.
 * Each part lives in its own module; `npm run bench -- scan` runs only the scan part.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the first release's `mailtls scan --help` took on the reference machine (issue 19); that build cannot run here. */
const FIRST_RELEASE_STARTUP_MS = 106;
const STARTUP_GOAL_MS = 100;

/**
 * Start-up alone: `bin/mailtls scan --help` loads the scanner's bundle and its code cache, runs
 * its module set-up and prints the usage. Whole process, median of N runs after one uncounted
 * run (which writes the code cache).
 */
async function benchStartup(): Promise<void> {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'mailtls');
  const runs = Number(process.env['MAILTLS_BENCH_STARTUP_RUNS'] ?? 15);
  const ms: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(bin, ['scan', '--help'], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`bin/mailtls scan --help: exit ${r.status ?? r.signal}`);
    if (i > 0) ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const median = ms[(ms.length - 1) >> 1] ?? NaN;
  process.stdout.write(`| | start-up (\`mailtls scan --help\`, median of ${ms.length}) |\n|---|---|\n`);
  process.stdout.write(`| first release (not runnable here) | ${FIRST_RELEASE_STARTUP_MS} ms |\n| this build | ${median.toFixed(0)} ms (min ${ms[0]?.toFixed(0)}, max ${ms.at(-1)?.toFixed(0)}) |\n`);
  process.stdout.write(`goal <= ${STARTUP_GOAL_MS} ms: ${median <= STARTUP_GOAL_MS ? 'met' : 'NOT met'}\n`);
}

const PARTS: Record<string, () => Promise<void>> = {
  startup: benchStartup,
  scan: async () => (await import('./scan.js')).benchScan(),
  logs: async () => (await import('./logs.js')).benchLogs(),
  audit: async () => (await import('./audit.js')).benchAudit(),
  check: async () => (await import('./check.js')).benchCheck(),
  vulns: async () => (await import('./vulns.js')).benchVulns(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const [name, part] of Object.entries(PARTS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stdout.write(`\n##### bench: ${name}\n`);
  try {
    await part();
  } catch (err) {
    process.stdout.write(`bench ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
