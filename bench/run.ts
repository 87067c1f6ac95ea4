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
 * Start-up alone, whole processes, median of N runs after one uncounted run (which writes the
 * code cache): a bare `node -e 0` (the floor), `bin/mailtls scan --help` (the CLI bundle and the
 * usage: no command bundle), and `bin/mailtls scan` without a target (the scanner's bundle loaded
 * and set up, then a usage error: a scan's start before its first connection).
 */
function medianMs(cmd: string, args: readonly string[], status: number, env: NodeJS.ProcessEnv = process.env): number[] {
  const runs = Number(process.env['MAILTLS_BENCH_STARTUP_RUNS'] ?? 15);
  const ms: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: 'ignore', env });
    if (r.status !== status) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status ?? r.signal}, not ${status}`);
    if (i > 0) ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b);
}

async function benchStartup(): Promise<void> {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'mailtls');
  // Node 20 parses NODE_EXTRA_CA_CERTS at every start; bin/mailtls drops it, so the floor does too.
  const bare = { ...process.env };
  delete bare['NODE_EXTRA_CA_CERTS'];
  const rows: [string, number[]][] = [
    ['`node -e 0` (the floor)', medianMs(process.execPath, ['-e', '0'], 0, bare)],
    ['`mailtls scan --help`', medianMs(bin, ['scan', '--help'], 0)],
    ['`mailtls scan` (scanner loaded, usage error)', medianMs(bin, ['scan'], 2)],
  ];
  const med = (ms: number[]) => ms[(ms.length - 1) >> 1] ?? NaN;
  const floor = med(rows[0]?.[1] ?? []);
  process.stdout.write(`| start-up, median of ${rows[0]?.[1].length ?? 0} | ms | x node |\n|---|---|---|\n`);
  for (const [what, ms] of rows) process.stdout.write(`| ${what} | ${med(ms).toFixed(0)} (min ${ms[0]?.toFixed(0)}, max ${ms.at(-1)?.toFixed(0)}) | ${(med(ms) / floor).toFixed(2)} |\n`);
  const help = med(rows[1]?.[1] ?? []);
  process.stdout.write(`first release's scan --help: ${FIRST_RELEASE_STARTUP_MS} ms (not runnable here); goal <= ${STARTUP_GOAL_MS} ms: ${help <= STARTUP_GOAL_MS ? 'met' : 'NOT met'}\n`);
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
