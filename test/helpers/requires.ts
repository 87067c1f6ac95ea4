/**
 * Suites that need root, Postfix, Chromium or a local tool skip where those are missing, with
 * the reason printed. Under CI=true nothing may skip silently: CI installs everything
 * (`npm test` runs scripts/setup.mjs first), so a missing requirement there is a failure.
 */
import { spawnSync } from 'node:child_process';

/** Use as `{ skip: needs(cond, 'why') }`: false when `ok`, else the reason (a failure under CI). */
export function needs(ok: boolean, reason: string): string | false {
  if (ok) return false;
  if (process.env.CI === 'true') throw new Error(`CI=true: a suite that needs ${reason} may not be skipped; scripts/setup.mjs installs what it needs`);
  return `needs ${reason}`;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** The command runs (exit 0) with these arguments. */
export function hasCommand(cmd: string, args: readonly string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
  return r.status === 0;
}
