import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MailtlsError } from '../errors.js';

const run = promisify(execFile);
const SBIN_PATH = `/usr/sbin:/sbin:/usr/bin:/bin:${process.env['PATH'] ?? ''}`;

/** The installed Postfix version (`postconf -h mail_version`), or an ENOPOSTFIX error saying how to install it. */
export async function postfixVersion(): Promise<string> {
  try {
    const { stdout } = await run('postconf', ['-h', 'mail_version'], { env: { ...process.env, PATH: SBIN_PATH }, timeout: 10_000 });
    return stdout.trim();
  } catch (err) {
    throw new MailtlsError('ENOPOSTFIX', 'Postfix is not installed; install it with: apt-get install postfix (or run npm start, which does)', { cause: err });
  }
}

/**
 * Runs a `postfix` sub-command under a pseudo-terminal. Postfix writes its start-up errors
 * (fatal: ...) only to a terminal or to syslog (src/util/msg_vstream.c is set up only when
 * stderr is a tty), so a pipe would hear nothing; `script` from util-linux gives it one.
 */
export async function postfixCtl(configDir: string, action: 'start' | 'stop' | 'abort' | 'check' | 'status', timeoutMs = 60_000, resolvConf?: string): Promise<{ ok: boolean; output: string }> {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const quoted = q(configDir);
  let command = `postfix -c ${quoted} ${action}`;
  if (resolvConf !== undefined) {
    // Its own resolver: master and every daemon it forks live in a private mount namespace
    // (unshare(1), propagation private) where resolv.conf is this file; the machine's own
    // /etc/resolv.conf is never changed.
    command = `unshare -m --propagation private sh -c ${q(`mount --bind ${q(resolvConf)} /etc/resolv.conf && exec ${command}`)}`;
  }
  try {
    const { stdout } = await run('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, PATH: SBIN_PATH, TERM: 'dumb' }, timeout: timeoutMs, maxBuffer: 1 << 20,
    });
    return { ok: true, output: clean(stdout) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new MailtlsError('ENOPOSTFIX', 'the script command (util-linux) is needed to run Postfix: apt-get install bsdutils');
    return { ok: false, output: clean(`${e.stdout ?? ''}${e.stderr ?? ''}`) };
  }
}

function clean(s: string): string {
  return s.replace(/\r/g, '').trim();
}

/** The uid of a user, from /etc/passwd through `id`. */
export async function uidOf(user: string): Promise<{ uid: number; gid: number }> {
  const [{ stdout: u }, { stdout: g }] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(u.trim()), gid: Number(g.trim()) };
}
