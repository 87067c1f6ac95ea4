/**
 * `npm run bench`: mailtls and its peers side by side, in one run, with ratios. Not a timed
 * test: these machines are shared and noisy, so the numbers are printed, never asserted.
 * Each part lives in its own module; `npm run bench -- scan` runs only the scan part.
 */
const PARTS: Record<string, () => Promise<void>> = {
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
