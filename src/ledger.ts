/**
 * The record of mailtls's own probe runs (scans, audits), so that the log statistics of later
 * runs can leave them out: Postfix logs neither the EHLO name nor, by default, the client port,
 * so the sessions of a scan run yesterday look like any client's failed handshakes today. Each
 * run appends one line: when its connections started and ended, and from which addresses.
 *
 * The file is mailtls's own state, never a user's file: $MAILTLS_STATE_DIR, else
 * /var/lib/mailtls for root, else $XDG_STATE_HOME/mailtls (~/.local/state/mailtls). Bounded:
 * past MAX_BYTES the older half is dropped. Failing to read or write it loses only the
 * exclusion of old runs, never a result: the errors are returned as warnings.
 */
import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ProbeRun {
  readonly tool: 'scan' | 'audit' | 'check' | 'lab';
  /** Epoch ms of the first and after the last connection. */
  readonly since: number;
  readonly until: number;
  readonly addresses: readonly string[];
  /** host:port scanned. */
  readonly targets: readonly string[];
}

const FILE = 'probes.jsonl';
export const MAX_BYTES = 1 << 20;

export function stateDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env['MAILTLS_STATE_DIR'] !== undefined) return env['MAILTLS_STATE_DIR'] === '' ? null : env['MAILTLS_STATE_DIR'];
  if (typeof process.getuid === 'function' && process.getuid() === 0) return '/var/lib/mailtls';
  const xdg = env['XDG_STATE_HOME'];
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.local', 'state'), 'mailtls');
}

function valid(x: unknown): x is ProbeRun {
  const r = x as Partial<ProbeRun> | null;
  return typeof r === 'object' && r !== null && typeof r.since === 'number' && typeof r.until === 'number'
    && Array.isArray(r.addresses) && r.addresses.every((a) => typeof a === 'string');
}

/** The recorded runs, oldest first; unreadable lines are skipped. */
export function readRuns(env: NodeJS.ProcessEnv = process.env): { runs: ProbeRun[]; warning: string | null } {
  const dir = stateDir(env);
  if (dir === null) return { runs: [], warning: null };
  const path = join(dir, FILE);
  let text: string;
  try {
    if (statSync(path).size > 4 * MAX_BYTES) return { runs: [], warning: `${path} is larger than ${4 * MAX_BYTES} bytes: earlier mailtls runs are not left out` };
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { runs: [], warning: code === 'ENOENT' ? null : `${path}: ${code ?? String(err)}: earlier mailtls runs are not left out` };
  }
  const runs: ProbeRun[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r: unknown = JSON.parse(line);
      if (valid(r)) runs.push(r);
    } catch {
      // a torn or foreign line: skipped
    }
  }
  return { runs, warning: null };
}

/** Appends a run; returns a warning instead of throwing. */
export function recordRun(run: ProbeRun, env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = stateDir(env);
  if (dir === null || run.addresses.length === 0) return null;
  const path = join(dir, FILE);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    let size = 0;
    try {
      size = statSync(path).size;
    } catch {
      size = 0;
    }
    if (size > MAX_BYTES) {
      const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
      writeFileSync(path, `${lines.slice(Math.floor(lines.length / 2)).join('\n')}\n`);
    }
    appendFileSync(path, `${JSON.stringify(run)}\n`, { mode: 0o644 });
    return null;
  } catch (err) {
    return `${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}: this run is not recorded, so later log reports may count its connections`;
  }
}
