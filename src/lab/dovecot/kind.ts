/**
 * Dovecot lab instances in the registry (../registry.ts): below dovecot.d/ of the lab state
 * directory, master.pid in base_dir, SIGTERM to the master and then whatever is left.
 */
import { join } from 'node:path';
import type { LabCerts } from '../certs.js';
import { alive, sleep } from '../procs.js';
import { killLeft, readPid, type LabKind } from '../registry.js';

export interface DovecotLabListener {
  /** service/inet_listener, e.g. imap-login/imaps. */
  readonly service: string;
  readonly listener: string;
  /** imap, pop3, sieve, submission, or the service's protocol setting as it is. */
  readonly protocol: string;
  readonly address: string;
  readonly port: number;
  /** The port the configuration gave it (143, 993, ...). */
  readonly configuredPort: number;
  readonly tls: 'implicit' | 'starttls';
}

export interface DovecotLabInstance {
  readonly name: string;
  readonly dir: string;
  /** The copy of the configuration directory, and the file dovecot runs with. */
  readonly configDir: string;
  readonly configFile: string;
  readonly baseDir: string;
  readonly logFile: string;
  readonly dovecotVersion: string;
  readonly address: string;
  readonly listeners: DovecotLabListener[];
  readonly certs: LabCerts;
  /** Every setting put over the configuration, and why. */
  readonly changes: string[];
  readonly createdAt: string;
}

export interface DovecotLabStatus extends DovecotLabInstance {
  readonly running: boolean;
}

/** Not a valid lab name, so `mailtls lab list` (Postfix) never mistakes it for an instance. */
export const DOVECOT_SUBDIR = 'dovecot.d';

export function dovecotMasterPid(baseDir: string): Promise<number | undefined> {
  return readPid(join(baseDir, 'master.pid'));
}

export async function stopDovecot(dir: string): Promise<void> {
  const pid = await dovecotMasterPid(join(dir, 'run'));
  if (pid !== undefined && (await alive(pid))) {
    // SIGTERM is how `dovecot stop` ends the master (src/master/main.c), which then ends its children.
    try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
    for (let i = 0; i < 100 && (await alive(pid)); i++) await sleep(50);
  }
  await killLeft(dir, pid);
}

export const DOVECOT_LAB: LabKind<DovecotLabInstance> = {
  daemon: 'Dovecot',
  noun: 'Dovecot lab instance',
  subdir: DOVECOT_SUBDIR,
  defaultPrefix: 'dovecot',
  downHint: (name) => `mailtls lab dovecot down ${name}`,
  pidFile: (inst) => join(inst.baseDir, 'master.pid'),
  placeholder: (name, dir) => ({
    name, dir, configDir: '', configFile: '', baseDir: join(dir, 'run'), logFile: '', dovecotVersion: '', address: '',
    listeners: [], certs: { rsa: { cert: '', key: '' }, ecdsa: { cert: '', key: '' } }, changes: [], createdAt: '',
  }),
  stop: stopDovecot,
};
