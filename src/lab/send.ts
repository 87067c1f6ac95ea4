/**
 * Mail through a lab instance, and its effective parameters: the lab's own `sendmail -C DIR`
 * (postdrop into the instance's queue; pickup and qmgr hand it to the smtp client) and
 * `postconf -c DIR -x`. Used by `mailtls listen --probe-postfix` to make the instance's smtp
 * client deliver to the capture server.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { MailtlsError } from '../errors.js';
import type { LabInstance } from './instance.js';

const run = promisify(execFile);

export async function labSendmail(lab: LabInstance, from: string, to: string, text: string, timeoutMs = 15_000): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('sendmail', ['-C', lab.configDir, '-f', from, '-i', '--', to], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new MailtlsError('ETIMEOUT', `sendmail did not finish in ${timeoutMs} ms`, { place: { name: lab.name } })); }, timeoutMs);
    child.stderr.on('data', (d: Buffer) => { if (err.length < 4096) err += d.toString(); });
    child.on('error', (e) => { clearTimeout(timer); reject(new MailtlsError('ENOPOSTFIX', `sendmail could not run: ${e.message}`, { cause: e })); });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new MailtlsError('ELAB_START', `sendmail -C ${lab.configDir} exited with ${code}: ${err.trim()}`, { place: { name: lab.name } }));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}

/** Effective main.cf values (`postconf -c DIR -x`: defaults and $name expansion included). */
export async function labPostconf(lab: LabInstance, names: readonly string[]): Promise<Map<string, string>> {
  const { stdout } = await run('postconf', ['-c', lab.configDir, '-x', ...names], { timeout: 15_000 }).catch((err: unknown) => {
    throw new MailtlsError('ELAB_CONFIG', `postconf -c ${lab.configDir} failed: ${(err as Error).message}`, { cause: err });
  });
  const out = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+) = ?(.*)$/.exec(line);
    if (m?.[1] !== undefined) out.set(m[1], m[2] ?? '');
  }
  return out;
}
