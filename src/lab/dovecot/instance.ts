/**
 * Throw-away Dovecot instances on loopback: `mailtls lab dovecot up/down/list/log`, and the
 * same code for the tests. Each instance lives in its own directory under the lab state
 * directory's dovecot.d/ (etc/ = a copy of the configuration, run/ = base_dir, state/ =
 * state_dir, dovecot.log) and is started with `dovecot -c DIR/lab.conf`, a file that includes
 * the copied dovecot.conf and then puts over it only what an isolated instance needs. The
 * system's own Dovecot and /etc/dovecot are never touched.
 *
 * Listeners go to 127.0.0.2 by default, not 127.0.0.1: Dovecot counts a client connecting from
 * the server's own address as secured (src/login-common/client-common.c: net_ip_compare(
 * real_remote_ip, real_local_ip)) and would offer it cleartext logins it hides from everyone
 * else. A client on this host connects to 127.0.0.2 from 127.0.0.1, so it sees what a remote
 * client sees.
 */
import { chmod, copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { dirname, join, resolve } from 'node:path';
import { MailtlsError } from '../../errors.js';
import { recordRun } from '../../ledger.js';
import { makeCerts, type LabCerts } from '../certs.js';
import { freePort, portIsFree } from '../ports.js';
import { alive, listenerCounts, processesUnder, sleep } from '../procs.js';
import { labStateDir } from '../instance.js';
import { doveconfAll, dovecotVersion, fatalLines, inetListeners, startDovecot } from './dovecot-cmd.js';
import { DEFAULT_DOVECOT_FILES } from './template.js';

export interface DovecotLabOptions {
  /** [a-z0-9-], at most 32 characters; default: the first free "dovecotN". */
  readonly name?: string;
  /** A Dovecot configuration directory holding dovecot.conf (copied whole, like /etc/dovecot). */
  readonly configDir?: string;
  /** Files as text, relative to the configuration directory (tests); must hold dovecot.conf. Default: the lab's stock configuration. */
  readonly files?: Readonly<Record<string, string>>;
  /** Global settings put over the configuration, as `doveconf -n` would show them. */
  readonly settings?: Readonly<Record<string, string>>;
  /** The loopback address to listen on (default 127.0.0.2; see above). */
  readonly address?: string;
  /** The port of the first listener; the next ones follow it. Default: free ephemeral ports. */
  readonly port?: number;
  readonly stateDir?: string;
  /** Greet each listener once to check that it answers (default true). */
  readonly probe?: boolean;
  readonly timeoutMs?: number;
}

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

const NAME_RE = /^[a-z0-9][a-z0-9-]{0,31}$/;
const META = 'instance.json';
/** Not a valid lab name, so `mailtls lab list` (Postfix) never mistakes it for an instance. */
const SUBDIR = 'dovecot.d';
/** sun_path holds 108 bytes; the longest socket Dovecot puts in base_dir is about 25 characters below it. */
const MAX_BASE_DIR = 80;
/** Settings that name certificate, key and DH files, by Dovecot generation, and the lab file that replaces a missing one. */
const FILE_SETTINGS: readonly { readonly name: string; readonly kind: 'rsa-cert' | 'rsa-key' | 'ec-cert' | 'ec-key' | 'dh' }[] = [
  { name: 'ssl_cert', kind: 'rsa-cert' }, { name: 'ssl_key', kind: 'rsa-key' },
  { name: 'ssl_alt_cert', kind: 'ec-cert' }, { name: 'ssl_alt_key', kind: 'ec-key' }, { name: 'ssl_dh', kind: 'dh' },
  { name: 'ssl_server_cert_file', kind: 'rsa-cert' }, { name: 'ssl_server_key_file', kind: 'rsa-key' },
  { name: 'ssl_server_alt_cert_file', kind: 'ec-cert' }, { name: 'ssl_server_alt_key_file', kind: 'ec-key' }, { name: 'ssl_server_dh_file', kind: 'dh' },
];
const DEBIAN_DH = '/usr/share/dovecot/dh.pem';

function requireRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new MailtlsError('ENOTROOT', 'the lab runs Dovecot, which must be started as root (try sudo)');
  }
}

export function dovecotLabDir(stateDir?: string): string {
  return join(labStateDir(stateDir), SUBDIR);
}

function isLoopback(address: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === '::1';
}

/** Settings a user might have that send files or sockets elsewhere: the lab keeps them in the instance. */
function overlayLines(dir: string, name: string, address: string): [string, string, string][] {
  return [
    ['base_dir', join(dir, 'run'), 'the instance\'s own runtime directory (sockets, master.pid)'],
    ['state_dir', join(dir, 'state'), 'the instance\'s own state directory'],
    ['instance_name', `mailtls-lab-${name}`, 'tells its processes from the system Dovecot\'s'],
    ['log_path', join(dir, 'dovecot.log'), 'the instance\'s own log, so start-up errors are never lost'],
    ['info_log_path', '', 'info lines go to log_path too'],
    ['debug_log_path', '', 'debug lines go to log_path too'],
    ['listen', address, 'loopback only'],
    ['shutdown_clients', 'yes', 'stopping the instance ends its sessions'],
  ];
}

async function readTree(from: string, depth = 0): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (depth > 4) return out;
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    if (entry.isDirectory()) {
      for (const [k, v] of await readTree(src, depth + 1)) out.set(join(entry.name, k), v);
    } else if (entry.isFile() && (await stat(src)).size < 4 << 20) {
      out.set(entry.name, src);
    }
  }
  return out;
}

export async function dovecotLabUp(opts: DovecotLabOptions = {}): Promise<DovecotLabInstance> {
  requireRoot();
  const version = await dovecotVersion();
  const address = opts.address ?? '127.0.0.2';
  if (!isLoopback(address)) throw new MailtlsError('ENOTALLOWED', `the lab listens on loopback only (127.0.0.0/8, ::1), not on ${address}`);
  const state = dovecotLabDir(opts.stateDir);
  await mkdir(state, { recursive: true, mode: 0o755 });
  const name = await pickName(state, opts.name);
  const dir = join(state, name);
  if (join(dir, 'run').length > MAX_BASE_DIR) {
    throw new MailtlsError('ELAB_START', `the instance directory ${dir} is too long for Dovecot's sockets (base_dir at most ${MAX_BASE_DIR} characters): use a shorter MAILTLS_LAB_DIR`);
  }
  const userDir = opts.configDir !== undefined ? resolve(opts.configDir) : undefined;
  if (userDir !== undefined && !existsSync(join(userDir, 'dovecot.conf'))) {
    throw new MailtlsError('EDOVECOT_NOTFOUND', `${join(userDir, 'dovecot.conf')} does not exist`, { place: { file: join(userDir, 'dovecot.conf') } });
  }
  const files = opts.files ?? (userDir === undefined ? DEFAULT_DOVECOT_FILES : undefined);
  if (files && files['dovecot.conf'] === undefined) throw new MailtlsError('EUSAGE', 'the lab configuration files must include dovecot.conf');

  const timeoutMs = opts.timeoutMs ?? 30_000;
  let lastError: MailtlsError | undefined;
  for (let attempt = 0; attempt < (opts.port !== undefined ? 1 : 3); attempt++) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'etc'), { recursive: true, mode: 0o755 });
    await mkdir(join(dir, 'state'), { recursive: true });
    await chmod(dir, 0o755);
    try {
      return await startOnce();
    } catch (err) {
      lastError = err instanceof MailtlsError ? err : new MailtlsError('ELAB_START', String(err), { cause: err });
      await stopDovecot(dir).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      if (lastError.code !== 'ELAB_PORT') break;
    }
  }
  throw lastError ?? new MailtlsError('ELAB_START', 'the Dovecot lab instance did not start');

  async function startOnce(): Promise<DovecotLabInstance> {
    const etc = join(dir, 'etc');
    // The configuration, copied: absolute paths into the user's directory point at the copy.
    const redirect = (t: string) => (userDir === undefined ? t : t.split(`${userDir}/`).join(`${etc}/`));
    if (files) {
      for (const [rel, text] of Object.entries(files)) {
        await mkdir(dirname(join(etc, rel)), { recursive: true });
        await writeFile(join(etc, rel), text, { mode: 0o644 });
      }
    } else if (userDir !== undefined) {
      for (const [rel, src] of await readTree(userDir)) {
        await mkdir(dirname(join(etc, rel)), { recursive: true });
        if (/\.(conf|ext)$/.test(rel) || rel === 'dovecot.conf') await writeFile(join(etc, rel), redirect(await readFile(src, 'utf8')), { mode: 0o644 });
        else await copyFile(src, join(etc, rel));
      }
    }
    const certs = await makeCerts(dir, `${name}.lab.mailtls.test`);
    for (const key of [certs.rsa.key, certs.ecdsa.key]) await chmod(key, 0o600);
    const unmap = (t: string) => (userDir === undefined ? t : t.split(`${etc}/`).join(`${userDir}/`));
    const labConf = join(dir, 'lab.conf');
    const changes: string[] = [];
    // Certificates, keys and DH parameters this machine does not have: the lab's, in the copy
    // itself (Dovecot reads `<file` values while it parses, so a later override comes too late).
    for (const rel of await configFiles(etc)) {
      const path = join(etc, rel);
      const lines = (await readFile(path, 'utf8')).split('\n');
      let changed = false;
      lines.forEach((line, i) => {
        const m = /^(\s*)([A-Za-z0-9_]+)(\s*=\s*)(<?)\s*(\S+)\s*$/.exec(line);
        const kind = m ? FILE_SETTINGS.find((f) => f.name === m[2])?.kind : undefined;
        if (!m || kind === undefined || (m[4] === '' && !(m[2] ?? '').startsWith('ssl_server_'))) return;
        const target = (m[5] ?? '').startsWith('/') ? (m[5] ?? '') : join(dirname(path), m[5] ?? '');
        if (existsSync(target)) return;
        const repl = kind === 'rsa-cert' ? certs.rsa.cert : kind === 'rsa-key' ? certs.rsa.key : kind === 'ec-cert' ? certs.ecdsa.cert : kind === 'ec-key' ? certs.ecdsa.key : DEBIAN_DH;
        lines[i] = `${m[1] ?? ''}${m[2] ?? ''}${m[3] ?? ''}${m[4] ?? ''}${repl}`;
        changed = true;
        changes.push(`${unmap(path)}:${i + 1}: ${m[2] ?? ''} = ${m[4] ?? ''}${repl}  (${unmap(m[5] ?? '')} is not on this machine)`);
      });
      if (changed) await writeFile(path, lines.join('\n'));
    }
    const head = [
      '# mailtls lab: the configuration as given, then only what an isolated loopback instance needs',
      `!include ${join(etc, 'dovecot.conf')}`,
    ];
    const base = overlayLines(dir, name, address);
    for (const [k, v, why] of base) changes.push(`${k} = ${v}  (${why})`);
    const settings = Object.entries(opts.settings ?? {});
    for (const [k, v] of settings) changes.push(`${k} = ${v}  (--set)`);
    const globals = () => [...base.map(([k, v]) => `${k} = ${v}`), ...settings.map(([k, v]) => `${k} = ${v}`)];

    // What the configuration says, read by Dovecot's own parser.
    await writeFile(labConf, [...head, ...globals(), ''].join('\n'));
    const first = await doveconfAll(labConf);
    if (!first.ok) throw new MailtlsError('ELAB_DOVECOT_CONFIG', `Dovecot refused the configuration: ${unmap(first.error)}`);

    const fileLines: string[] = [];

    // Every inet listener of a running service, moved to our address and a free port.
    const found = inetListeners(first.settings);
    if (found.length === 0) throw new MailtlsError('ELAB_DOVECOT_CONFIG', 'the configuration has no inet listener (check protocols and the service blocks)');
    const ports: number[] = [];
    for (let i = 0; i < found.length; i++) ports.push(opts.port !== undefined ? opts.port + i : await freePort(address));
    for (const p of ports) {
      if (!(await portIsFree(p, address))) throw new MailtlsError('ELAB_PORT', `port ${p} on ${address} is in use`, { place: { host: address, port: p } });
    }
    const listenerLines: string[] = [];
    const listeners: DovecotLabListener[] = found.map((l, i) => {
      const port = ports[i] ?? 0;
      listenerLines.push(`service ${l.service} {`, `  inet_listener ${l.name} {`, `    address = ${address}`, `    port = ${port}`, ...(l.haproxy ? ['    haproxy = no'] : []), '  }', '}');
      changes.push(`service ${l.service} { inet_listener ${l.name} { address = ${address}, port = ${port} } }  (was ${l.address || '*'}:${l.port}${l.haproxy ? ', haproxy off' : ''})`);
      return { service: l.service, listener: l.name, protocol: l.protocol, address, port, configuredPort: l.port, tls: l.ssl ? 'implicit' : 'starttls' };
    });
    await writeFile(labConf, [...head, ...globals(), ...fileLines, ...listenerLines, ''].join('\n'));
    const check = await doveconfAll(labConf);
    if (!check.ok) throw new MailtlsError('ELAB_DOVECOT_CONFIG', `Dovecot refused the configuration: ${unmap(check.error)}`);
    const stray = inetListeners(check.settings).filter((l) => !listeners.some((x) => x.service === l.service && x.listener === l.name && x.port === l.port));
    if (stray.length > 0) throw new MailtlsError('ELAB_START', `listeners the lab could not move: ${stray.map((l) => `${l.service}/${l.name}:${l.port}`).join(', ')}`);

    const logFile = join(dir, 'dovecot.log');
    await writeFile(logFile, '', { mode: 0o644 });
    const started = await startDovecot(labConf, timeoutMs);
    if (started.code !== 0) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw startError(unmap(`${started.stderr}\n${started.stdout}\n${log}`));
    }
    const instance: DovecotLabInstance = {
      name, dir, configDir: etc, configFile: labConf, baseDir: join(dir, 'run'), logFile, dovecotVersion: version, address,
      listeners, certs, changes, createdAt: new Date().toISOString(),
    };
    await writeFile(join(dir, META), `${JSON.stringify(instance, null, 2)}\n`);
    await waitReady(instance, timeoutMs, opts.probe ?? true);
    return instance;
  }
}

/** The configuration files of a copied tree: what !include can reach (.conf, .ext, and dovecot.conf). */
async function configFiles(etc: string): Promise<string[]> {
  return [...(await readTree(etc)).keys()].filter((rel) => /\.(conf|ext)$/.test(rel) || /(^|\/)local\.conf$/.test(rel)).sort();
}

async function pickName(state: string, wanted: string | undefined): Promise<string> {
  if (wanted !== undefined) {
    if (!NAME_RE.test(wanted)) throw new MailtlsError('EUSAGE', `lab name "${wanted}" must match ${NAME_RE.source}`);
    if (existsSync(join(state, wanted))) throw new MailtlsError('ELAB_EXISTS', `Dovecot lab instance "${wanted}" exists already (mailtls lab dovecot down ${wanted})`, { place: { name: wanted } });
    return wanted;
  }
  for (let n = 1; ; n++) if (!existsSync(join(state, `dovecot${n}`))) return `dovecot${n}`;
}

function startError(text: string): MailtlsError {
  const msg = fatalLines(text);
  if (/Address already in use/.test(msg)) {
    const m = /bind\(([^,]+), (\d+)\)/.exec(msg);
    return new MailtlsError('ELAB_PORT', msg, m?.[2] ? { place: { host: m[1] ?? '127.0.0.2', port: Number(m[2]) } } : {});
  }
  return new MailtlsError('ELAB_DOVECOT_CONFIG', `Dovecot did not start: ${msg}`);
}

async function masterPid(baseDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(join(baseDir, 'master.pid'), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until every listener listens and greets (IMAP `* OK`, POP3 `+OK`, ManageSieve's capabilities then `OK`). */
async function waitReady(inst: DovecotLabInstance, timeoutMs: number, probe: boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const want = inst.listeners.map((l) => l.port);
  for (;;) {
    const pid = await masterPid(inst.baseDir);
    const listening = await listenerCounts();
    if (pid !== undefined && (await alive(pid)) && want.every((p) => listening.has(p))) break;
    const log = await readFile(inst.logFile, 'utf8').catch(() => '');
    if (/Fatal:/.test(log)) throw startError(log);
    if (Date.now() > deadline) throw new MailtlsError('ELAB_START', `the Dovecot instance did not listen on ${want.join(', ')} within ${timeoutMs} ms`, { place: { name: inst.name } });
    await sleep(50);
  }
  if (!probe) return;
  const since = Date.now();
  for (const l of inst.listeners) {
    const greeting = await greet(l, Math.max(1000, deadline - Date.now()));
    const ok = l.protocol === 'pop3' ? /^\+OK/.test(greeting) : l.protocol === 'sieve' ? /(^|\n)OK/.test(greeting) : l.protocol === 'submission' ? /^220/.test(greeting) : /^\* OK/.test(greeting);
    if (!ok) {
      const log = await readFile(inst.logFile, 'utf8').catch(() => '');
      const fatal = log.split('\n').filter((x) => /Fatal:|Error:/.test(x)).join('; ');
      throw new MailtlsError('ELAB_START', `${l.service}/${l.listener} on port ${l.port} did not greet: ${JSON.stringify(greeting.slice(0, 200))}${fatal ? ` (${fatal})` : ''}`, { place: { host: l.address, port: l.port } });
    }
  }
  recordRun({ tool: 'lab', since, until: Date.now(), addresses: ['127.0.0.1'], targets: inst.listeners.map((l) => `${l.address}:${l.port}`) });
}

/** Reads the greeting (over TLS on implicit listeners), then leaves. */
function greet(l: DovecotLabListener, timeoutMs: number): Promise<string> {
  return new Promise((resolveGreeting) => {
    const sock = l.tls === 'implicit'
      ? tlsConnect({ host: l.address, port: l.port, rejectUnauthorized: false, minVersion: 'TLSv1.2' })
      : connect({ host: l.address, port: l.port });
    let buf = '';
    const done = (v: string) => { clearTimeout(timer); sock.destroy(); resolveGreeting(v); };
    const timer = setTimeout(() => done(buf || 'timeout'), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      const complete = l.protocol === 'sieve' ? /(^|\n)(OK|NO|BYE)[^\n]*\n/.test(buf) : buf.includes('\n');
      if (complete || buf.length > 65536) done(buf);
    });
    sock.on('error', (e: Error) => done(`error: ${e.message}`));
    sock.on('close', () => done(buf || 'closed'));
  });
}

async function stopDovecot(dir: string): Promise<void> {
  const baseDir = join(dir, 'run');
  const pid = await masterPid(baseDir);
  if (pid !== undefined && (await alive(pid))) {
    // SIGTERM is how `dovecot stop` ends the master (src/master/main.c), which then ends its children.
    try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
    for (let i = 0; i < 100 && (await alive(pid)); i++) await sleep(50);
  }
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    const left = [...new Set([...(pid !== undefined && (await alive(pid)) ? [pid] : []), ...(await processesUnder(dir))])];
    if (left.length === 0) return;
    for (const p of left) { try { process.kill(p, sig); } catch { /* already gone */ } }
    for (let i = 0; i < 40 && (await Promise.all(left.map(alive))).some(Boolean); i++) await sleep(50);
  }
}

export async function dovecotLabDown(name: string, opts: { stateDir?: string } = {}): Promise<void> {
  requireRoot();
  const dir = join(dovecotLabDir(opts.stateDir), name);
  if (!NAME_RE.test(name) || !existsSync(dir)) throw new MailtlsError('ELAB_NOTFOUND', `no Dovecot lab instance is called "${name}"`, { place: { name } });
  await stopDovecot(dir);
  await rm(dir, { recursive: true, force: true });
}

export async function dovecotLabList(opts: { stateDir?: string } = {}): Promise<DovecotLabStatus[]> {
  const state = dovecotLabDir(opts.stateDir);
  let names: string[];
  try {
    names = (await readdir(state)).filter((n) => NAME_RE.test(n)).sort();
  } catch {
    return [];
  }
  const out: DovecotLabStatus[] = [];
  for (const n of names) {
    try {
      const inst = JSON.parse(await readFile(join(state, n, META), 'utf8')) as DovecotLabInstance;
      const pid = await masterPid(inst.baseDir);
      out.push({ ...inst, running: pid !== undefined && (await alive(pid)) });
    } catch {
      out.push({
        name: n, dir: join(state, n), configDir: '', configFile: '', baseDir: join(state, n, 'run'), logFile: '', dovecotVersion: '', address: '',
        listeners: [], certs: { rsa: { cert: '', key: '' }, ecdsa: { cert: '', key: '' } }, changes: [], createdAt: '', running: false,
      });
    }
  }
  return out;
}

export async function dovecotLabDownAll(opts: { stateDir?: string } = {}): Promise<string[]> {
  const all = await dovecotLabList(opts);
  await Promise.all(all.map((i) => dovecotLabDown(i.name, opts)));
  return all.map((i) => i.name);
}

export async function dovecotLabGet(name: string, opts: { stateDir?: string } = {}): Promise<DovecotLabStatus> {
  const found = (await dovecotLabList(opts)).find((i) => i.name === name);
  if (!found) throw new MailtlsError('ELAB_NOTFOUND', `no Dovecot lab instance is called "${name}"`, { place: { name } });
  return found;
}
