/**
 * Postfix lab instances in the registry (registry.ts): the state directory itself, master.pid
 * under the queue directory, `postfix stop` and then whatever is left.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LabCerts } from './certs.js';
import type { LabService } from './master-rewrite.js';
import { postfixCtl } from './postfix-cmd.js';
import { alive, sleep } from './procs.js';
import { killLeft, readPid, type LabKind } from './registry.js';

/** instance.json of a Postfix lab instance (src/postfix/lab-copy.ts reads it too: fields keep their meaning). */
export interface LabInstance {
  readonly name: string;
  readonly dir: string;
  readonly configDir: string;
  readonly queueDir: string;
  readonly logFile: string;
  readonly postfixVersion: string;
  readonly services: LabService[];
  readonly certs: LabCerts;
  /** Every setting put over the user's configuration, with the file:line it replaced. */
  readonly changes: string[];
  readonly createdAt: string;
  /** The user's configuration directory the instance copies (--config-dir), or null. */
  readonly source?: string | null;
  /** Where the inet services listen (absent in instances made before addresses existed: 127.0.0.1). */
  readonly addresses?: readonly string[];
  readonly resolvConf?: string;
}

export interface LabStatus extends LabInstance {
  readonly running: boolean;
}

export function postfixMasterPid(queueDir: string): Promise<number | undefined> {
  return readPid(join(queueDir, 'pid', 'master.pid'));
}

/** `postfix stop` while its main.cf is there and master runs, then TERM and KILL to what is left. */
export async function stopPostfixInstance(dir: string): Promise<void> {
  const etc = join(dir, 'etc');
  const pid = await postfixMasterPid(join(dir, 'queue'));
  if (existsSync(join(etc, 'main.cf')) && pid !== undefined && (await alive(pid))) {
    await postfixCtl(etc, 'stop', 15_000);
    for (let i = 0; i < 100 && (await alive(pid)); i++) await sleep(50);
  }
  await killLeft(dir, pid);
}

export const POSTFIX_LAB: LabKind<LabInstance> = {
  daemon: 'Postfix',
  noun: 'lab instance',
  subdir: '',
  defaultPrefix: 'lab',
  downHint: (name) => `mailtls lab down --name ${name}`,
  pidFile: (inst) => join(inst.queueDir, 'pid', 'master.pid'),
  placeholder: (name, dir) => ({
    name, dir, configDir: '', queueDir: '', logFile: '', postfixVersion: '', services: [],
    certs: { rsa: { cert: '', key: '' }, ecdsa: { cert: '', key: '' } }, changes: [], createdAt: '',
  }),
  stop: stopPostfixInstance,
};
