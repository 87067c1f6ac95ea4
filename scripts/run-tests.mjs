#!/usr/bin/env node
// Runs the suite with Node's own test runner over the TypeScript sources (tsx loads them):
// unit tests beside the code (src/**/*.test.ts), integration tests in test/integration/.
// `--unit` runs only the unit tests; extra arguments are substrings that select files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const unitOnly = argv.includes('--unit');
const filters = argv.filter((a) => !a.startsWith('--'));

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

let files = walk(join(root, 'src'));
if (!unitOnly) files.push(...walk(join(root, 'test')));
if (filters.length > 0) files = files.filter((f) => filters.some((s) => f.includes(s)));
files.sort();
if (files.length === 0) {
  process.stderr.write('run-tests: no test files matched\n');
  process.exit(1);
}
// mailtls records its own probe runs (src/ledger.ts) so that log reports leave them out; the
// tests keep theirs apart from the machine's, in a directory of this run.
const stateDir = process.env.MAILTLS_STATE_DIR ?? mkdtempSync(join(tmpdir(), 'mailtls-test-state-'));
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: '', MAILTLS_STATE_DIR: stateDir },
});
if (process.env.MAILTLS_STATE_DIR === undefined) rmSync(stateDir, { recursive: true, force: true });
process.exit(res.status ?? 1);
