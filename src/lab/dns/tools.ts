/** The Debian tools the lab DNS stack runs, and how to run them with coded errors. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MailtlsError } from '../../errors.js';

const exec = promisify(execFile);
export const SBIN_PATH = `/usr/sbin:/sbin:/usr/bin:/bin:${process.env['PATH'] ?? ''}`;

/** command → the Debian package that has it. */
export const DNS_TOOLS: Readonly<Record<string, string>> = {
  nsd: 'nsd', 'nsd-checkconf': 'nsd', unbound: 'unbound', 'unbound-checkconf': 'unbound', 'ldns-signzone': 'ldnsutils', 'ldns-keygen': 'ldnsutils', openssl: 'openssl', unshare: 'util-linux',
};

export async function tool(cmd: string, args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<string> {
  try {
    const { stdout } = await exec(cmd, [...args], { cwd: opts.cwd, timeout: opts.timeoutMs ?? 30_000, env: { ...process.env, PATH: SBIN_PATH }, maxBuffer: 4 << 20 });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      const pkg = DNS_TOOLS[cmd] ?? cmd;
      throw new MailtlsError('ELAB_DNS', `${cmd} is not installed: apt-get install ${pkg} (or run npm test, which does)`, { cause: err });
    }
    throw new MailtlsError('ELAB_DNS', `${cmd} ${args.join(' ')} failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join('; ')}`, { cause: err });
  }
}
