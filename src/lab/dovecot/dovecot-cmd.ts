/**
 * The local Dovecot binaries, for the lab: `dovecot --version`, `doveconf -c FILE -S` (every
 * setting as the real parser sees it, defaults included: the lab's authority on which listeners
 * an instance has) and `dovecot -c FILE` itself.
 */
import { execFile, spawn } from 'node:child_process';
import { MailtlsError } from '../../errors.js';

const SBIN_PATH = `/usr/sbin:/sbin:/usr/bin:/bin:${process.env['PATH'] ?? ''}`;
const INSTALL = 'apt-get install dovecot-imapd dovecot-pop3d dovecot-managesieved (or run npm test, which does)';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runTool(cmd: string, args: readonly string[], timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, [...args], { env: { ...process.env, PATH: SBIN_PATH }, timeout: timeoutMs, maxBuffer: 16 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new MailtlsError('ENODOVECOT', `${cmd} is not installed; install Dovecot with: ${INSTALL}`, { cause: err }));
        return;
      }
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** "2.3.19.1" from `dovecot --version` ("2.3.19.1 (9b53102964)"). */
export async function dovecotVersion(): Promise<string> {
  const r = await runTool('dovecot', ['--version'], 10_000);
  const m = /^(\d+\.\d+(?:\.\d+)*)/.exec(r.stdout.trim());
  if (r.code !== 0 || !m?.[1]) throw new MailtlsError('ENODOVECOT', `dovecot --version said nothing usable (${r.stderr.trim() || r.stdout.trim()}); install Dovecot with: ${INSTALL}`);
  return m[1];
}

/**
 * `doveconf -c FILE -S`: `key=value` lines with section paths (`service/imap-login/
 * inet_listener/imap/port=143`). A configuration Dovecot refuses comes back as its own Fatal line.
 */
export async function doveconfAll(configFile: string): Promise<{ ok: true; settings: Map<string, string> } | { ok: false; error: string }> {
  const r = await runTool('doveconf', ['-c', configFile, '-S']);
  if (r.code !== 0) return { ok: false, error: fatalLines(`${r.stderr}\n${r.stdout}`) };
  const settings = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) settings.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return { ok: true, settings };
}

/** Dovecot's Fatal/Error lines, without the program prefix. */
export function fatalLines(text: string): string {
  const lines = text.split('\n').filter((l) => /Fatal:|Error:/.test(l)).map((l) => l.replace(/^.*?(Fatal|Error): /, ''));
  return lines.length > 0 ? [...new Set(lines)].join('; ') : text.trim() || 'no message';
}

/** An inet listener of an enabled service, from doveconf -S. */
export interface DoveconfListener {
  readonly service: string;
  readonly name: string;
  /** The service's protocol setting: imap, pop3, sieve, submission, '' (none). */
  readonly protocol: string;
  readonly port: number;
  readonly address: string;
  readonly ssl: boolean;
  readonly haproxy: boolean;
}

/**
 * Every inet listener with a port, of the services that run: those whose protocol is listed in
 * `protocols` or that have none (src/master/master-settings.c: a service whose protocol is not
 * enabled is dropped).
 */
export function inetListeners(settings: ReadonlyMap<string, string>): DoveconfListener[] {
  const protocols = new Set((settings.get('protocols') ?? '').split(/\s+/).filter((p) => p !== ''));
  const out: DoveconfListener[] = [];
  for (const [key, value] of settings) {
    const m = /^service\/([^/]+)\/inet_listener$/.exec(key);
    if (!m?.[1]) continue;
    const service = m[1];
    const protocol = settings.get(`service/${service}/protocol`) ?? '';
    if (protocol !== '' && !protocols.has(protocol)) continue;
    for (const name of value.split(/\s+/).filter((n) => n !== '')) {
      const at = (k: string) => settings.get(`service/${service}/inet_listener/${name}/${k}`) ?? '';
      const port = Number(at('port'));
      if (!Number.isInteger(port) || port <= 0) continue;
      out.push({ service, name, protocol, port, address: at('address'), ssl: at('ssl') === 'yes', haproxy: at('haproxy') === 'yes' });
    }
  }
  return out;
}

/**
 * `dovecot -c FILE`: the master forks into the background and the parent exits, but the
 * daemon keeps the inherited stdout/stderr open for a while, so this waits for the parent's
 * exit, not for the pipes to close (which execFile would).
 */
export function startDovecot(configFile: string, timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('dovecot', ['-c', configFile], { env: { ...process.env, PATH: SBIN_PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { if (out.length < 1 << 16) out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (err.length < 1 << 16) err += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, timeoutMs);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT' ? new MailtlsError('ENODOVECOT', `dovecot is not installed; install it with: ${INSTALL}`, { cause: e }) : e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // What the parent printed before exiting is in the pipe already; give it one turn to arrive.
      setImmediate(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ code: code ?? 1, stdout: out, stderr: err });
      });
    });
  });
}
