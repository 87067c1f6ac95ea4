/**
 * The one registry of lab instances, whatever they run (Postfix, Dovecot): where each kind keeps
 * its instances under the lab state directory, instance.json (the instance as it was made; read
 * also by src/postfix/lab-copy.ts, so its fields never change meaning), names, list, get, stop,
 * down. What differs between kinds (the master's pid file, how to stop it, the words of its
 * messages) comes from a `LabKind`.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MailtlsError } from '../errors.js';
import { alive, processesUnder, sleep } from './procs.js';

export const NAME_RE = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const META = 'instance.json';

/** Where instances live: the given directory, else $MAILTLS_LAB_DIR, else /var/lib/mailtls/lab. */
export function labStateDir(explicit?: string): string {
  return resolve(explicit ?? process.env['MAILTLS_LAB_DIR'] ?? '/var/lib/mailtls/lab');
}

export interface LabWhere {
  readonly stateDir?: string;
}

/** What one kind of lab instance needs from the registry; I is its instance.json. */
export interface LabKind<I extends { readonly name: string; readonly dir: string }> {
  /** The daemon, for "the lab runs Postfix, which must be started as root". */
  readonly daemon: string;
  /** "lab instance", "Dovecot lab instance": in the messages about one instance. */
  readonly noun: string;
  /** Its directory below the state directory; '' for the state directory itself. */
  readonly subdir: string;
  /** The name given when none is asked for: prefix + the first free number. */
  readonly defaultPrefix: string;
  /** The command that removes an instance, for the "exists already" message. */
  readonly downHint: (name: string) => string;
  /** The master's pid file of an instance as instance.json records it. */
  readonly pidFile: (inst: I) => string;
  /** An instance whose instance.json is missing (its start failed mid-way), so that down --all clears it. */
  readonly placeholder: (name: string, dir: string) => I;
  /** Stops what runs in an instance directory (its files stay). */
  readonly stop: (dir: string) => Promise<void>;
}

export type LabStatusOf<I> = I & { readonly running: boolean };

export function requireRoot(kind: Pick<LabKind<never>, 'daemon'>): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new MailtlsError('ENOTROOT', `the lab runs ${kind.daemon}, which must be started as root (try sudo)`);
  }
}

export function kindDir<I extends { name: string; dir: string }>(kind: LabKind<I>, stateDir?: string): string {
  return kind.subdir === '' ? labStateDir(stateDir) : join(labStateDir(stateDir), kind.subdir);
}

/** The asked name if valid and free, else the first free `<prefix>N`. */
export function pickName<I extends { name: string; dir: string }>(kind: LabKind<I>, state: string, wanted: string | undefined): string {
  if (wanted !== undefined) {
    if (!NAME_RE.test(wanted)) throw new MailtlsError('EUSAGE', `lab name "${wanted}" must match ${NAME_RE.source}`);
    if (existsSync(join(state, wanted))) throw new MailtlsError('ELAB_EXISTS', `${kind.noun} "${wanted}" exists already (${kind.downHint(wanted)})`, { place: { name: wanted } });
    return wanted;
  }
  for (let n = 1; ; n++) if (!existsSync(join(state, `${kind.defaultPrefix}${n}`))) return `${kind.defaultPrefix}${n}`;
}

export async function writeMeta(dir: string, instance: object): Promise<void> {
  await writeFile(join(dir, META), `${JSON.stringify(instance, null, 2)}\n`);
}

export async function readMeta<I>(dir: string): Promise<I> {
  return JSON.parse(await readFile(join(dir, META), 'utf8')) as I;
}

/** The pid in a master.pid file, if it holds one. */
export async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whatever is left of an instance (a master that did not stop, orphaned daemons): TERM, then KILL. */
export async function killLeft(dir: string, pid: number | undefined): Promise<void> {
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    const left = [...new Set([...(pid !== undefined && (await alive(pid)) ? [pid] : []), ...(await processesUnder(dir))])];
    if (left.length === 0) return;
    for (const p of left) { try { process.kill(p, sig); } catch { /* already gone */ } }
    for (let i = 0; i < 40 && (await Promise.all(left.map(alive))).some(Boolean); i++) await sleep(50);
  }
}

export async function labListOf<I extends { name: string; dir: string }>(kind: LabKind<I>, opts: LabWhere = {}): Promise<LabStatusOf<I>[]> {
  const state = kindDir(kind, opts.stateDir);
  let names: string[];
  try {
    names = (await readdir(state)).filter((n) => NAME_RE.test(n)).sort();
  } catch {
    return [];
  }
  const out: LabStatusOf<I>[] = [];
  for (const n of names) {
    try {
      const inst = await readMeta<I>(join(state, n));
      const pid = await readPid(kind.pidFile(inst));
      out.push({ ...inst, running: pid !== undefined && (await alive(pid)) });
    } catch {
      // a half-made instance (start failed mid-way): list it so that down --all clears it
      out.push({ ...kind.placeholder(n, join(state, n)), running: false });
    }
  }
  return out;
}

export async function labGetOf<I extends { name: string; dir: string }>(kind: LabKind<I>, name: string, opts: LabWhere = {}): Promise<LabStatusOf<I>> {
  const found = (await labListOf(kind, opts)).find((i) => i.name === name);
  if (!found) throw new MailtlsError('ELAB_NOTFOUND', `no ${kind.noun} is called "${name}"`, { place: { name } });
  return found;
}

export async function labDownOf<I extends { name: string; dir: string }>(kind: LabKind<I>, name: string, opts: LabWhere = {}): Promise<void> {
  requireRoot(kind);
  const dir = join(kindDir(kind, opts.stateDir), name);
  if (!NAME_RE.test(name) || !existsSync(dir)) throw new MailtlsError('ELAB_NOTFOUND', `no ${kind.noun} is called "${name}"`, { place: { name } });
  await kind.stop(dir);
  await rm(dir, { recursive: true, force: true });
}

export async function labDownAllOf<I extends { name: string; dir: string }>(kind: LabKind<I>, opts: LabWhere = {}): Promise<string[]> {
  const all = await labListOf(kind, opts);
  await Promise.all(all.map((i) => labDownOf(kind, i.name, opts)));
  return all.map((i) => i.name);
}
