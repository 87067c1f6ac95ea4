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
import { alive, listenerCounts, sleep } from '../procs.js';
import { kindDir, labDownAllOf, labDownOf, labGetOf, labListOf, pickName, requireRoot, writeMeta, type LabWhere } from '../registry.js';
import { doveconfAll, dovecotVersion, fatalLines, inetListeners, startDovecot, type DoveconfListener } from './dovecot-cmd.js';
import { DOVECOT_LAB, dovecotMasterPid, stopDovecot, type DovecotLabInstance, type DovecotLabListener, type DovecotLabStatus } from './kind.js';
import { listenerBlock, missingFileLines, overlayLines } from './overlay.js';
import { DEFAULT_DOVECOT_FILES } from './template.js';

export type { DovecotLabInstance, DovecotLabListener, DovecotLabStatus } from './kind.js';

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


/** sun_path holds 108 bytes; the longest socket Dovecot puts in base_dir is about 25 characters below it. */
const MAX_BASE_DIR = 80;

export function dovecotLabDir(stateDir?: string): string {
  return kindDir(DOVECOT_LAB, stateDir);
}

function isLoopback(address: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === '::1';
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

/** Everything one start attempt needs. */
interface StartContext {
  readonly opts: DovecotLabOptions;
  readonly name: string;
  readonly dir: string;
  readonly version: string;
  readonly address: string;
  readonly userDir: string | undefined;
  readonly files: Readonly<Record<string, string>> | undefined;
  readonly timeoutMs: number;
}

export async function dovecotLabUp(opts: DovecotLabOptions = {}): Promise<DovecotLabInstance> {
  requireRoot(DOVECOT_LAB);
  const version = await dovecotVersion();
  const address = opts.address ?? '127.0.0.2';
  if (!isLoopback(address)) throw new MailtlsError('ENOTALLOWED', `the lab listens on loopback only (127.0.0.0/8, ::1), not on ${address}`);
  const state = dovecotLabDir(opts.stateDir);
  await mkdir(state, { recursive: true, mode: 0o755 });
  const name = pickName(DOVECOT_LAB, state, opts.name);
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
  const ctx: StartContext = { opts, name, dir, version, address, userDir, files, timeoutMs: opts.timeoutMs ?? 30_000 };

  let lastError: MailtlsError | undefined;
  for (let attempt = 0; attempt < (opts.port !== undefined ? 1 : 3); attempt++) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'etc'), { recursive: true, mode: 0o755 });
    await mkdir(join(dir, 'state'), { recursive: true });
    await chmod(dir, 0o755);
    try {
      return await startOnce(ctx);
    } catch (err) {
      lastError = err instanceof MailtlsError ? err : new MailtlsError('ELAB_START', String(err), { cause: err });
      await stopDovecot(dir).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      if (lastError.code !== 'ELAB_PORT') break;
    }
  }
  throw lastError ?? new MailtlsError('ELAB_START', 'the Dovecot lab instance did not start');
}

/** The configuration, copied into etc/: absolute paths into the user's directory point at the copy. */
async function copyConfiguration(ctx: StartContext, etc: string): Promise<void> {
  const { userDir, files } = ctx;
  if (files) {
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(dirname(join(etc, rel)), { recursive: true });
      await writeFile(join(etc, rel), text, { mode: 0o644 });
    }
  } else if (userDir !== undefined) {
    const redirect = (t: string) => t.split(`${userDir}/`).join(`${etc}/`);
    for (const [rel, src] of await readTree(userDir)) {
      await mkdir(dirname(join(etc, rel)), { recursive: true });
      if (/\.(conf|ext)$/.test(rel) || rel === 'dovecot.conf') await writeFile(join(etc, rel), redirect(await readFile(src, 'utf8')), { mode: 0o644 });
      else await copyFile(src, join(etc, rel));
    }
  }
}

/**
 * Certificates, keys and DH parameters this machine does not have: the lab's, in the copy
 * itself (Dovecot reads `<file` values while it parses, so a later override comes too late).
 */
async function replaceMissingFiles(etc: string, certs: LabCerts, unmap: (t: string) => string): Promise<string[]> {
  const changes: string[] = [];
  for (const rel of await configFiles(etc)) {
    const path = join(etc, rel);
    const text = await readFile(path, 'utf8');
    const found = missingFileLines(text, dirname(path), certs, existsSync);
    if (found.length === 0) continue;
    const lines = text.split('\n');
    for (const r of found) {
      lines[r.index] = r.line;
      changes.push(`${unmap(path)}:${r.index + 1}: ${r.setting} = ${r.value}  (${unmap(r.was)} is not on this machine)`);
    }
    await writeFile(path, lines.join('\n'));
  }
  return changes;
}

/** Every inet listener of a running service, moved to our address and a free port. */
async function moveListeners(found: readonly DoveconfListener[], ctx: StartContext, changes: string[]): Promise<{ listeners: DovecotLabListener[]; lines: string[] }> {
  const { address, opts } = ctx;
  if (found.length === 0) throw new MailtlsError('ELAB_DOVECOT_CONFIG', 'the configuration has no inet listener (check protocols and the service blocks)');
  const ports: number[] = [];
  for (let i = 0; i < found.length; i++) ports.push(opts.port !== undefined ? opts.port + i : await freePort(address));
  for (const p of ports) {
    if (!(await portIsFree(p, address))) throw new MailtlsError('ELAB_PORT', `port ${p} on ${address} is in use`, { place: { host: address, port: p } });
  }
  const lines: string[] = [];
  const listeners: DovecotLabListener[] = found.map((l, i) => {
    const port = ports[i] ?? 0;
    const block = listenerBlock(l, address, port);
    lines.push(...block.lines);
    changes.push(block.change);
    return { service: l.service, listener: l.name, protocol: l.protocol, address, port, configuredPort: l.port, tls: l.ssl ? 'implicit' : 'starttls' };
  });
  return { listeners, lines };
}

async function startOnce(ctx: StartContext): Promise<DovecotLabInstance> {
  const { dir, name, address, userDir, opts } = ctx;
  const etc = join(dir, 'etc');
  await copyConfiguration(ctx, etc);
  const certs = await makeCerts(dir, `${name}.lab.mailtls.test`);
  for (const key of [certs.rsa.key, certs.ecdsa.key]) await chmod(key, 0o600);
  const unmap = (t: string) => (userDir === undefined ? t : t.split(`${etc}/`).join(`${userDir}/`));
  const labConf = join(dir, 'lab.conf');
  const changes = await replaceMissingFiles(etc, certs, unmap);
  const head = [
    '# mailtls lab: the configuration as given, then only what an isolated loopback instance needs',
    `!include ${join(etc, 'dovecot.conf')}`,
  ];
  const base = overlayLines(dir, name, address);
  for (const [k, v, why] of base) changes.push(`${k} = ${v}  (${why})`);
  const settings = Object.entries(opts.settings ?? {});
  for (const [k, v] of settings) changes.push(`${k} = ${v}  (--set)`);
  const globals = [...base.map(([k, v]) => `${k} = ${v}`), ...settings.map(([k, v]) => `${k} = ${v}`)];

  // What the configuration says, read by Dovecot's own parser.
  await writeFile(labConf, [...head, ...globals, ''].join('\n'));
  const first = await doveconfAll(labConf);
  if (!first.ok) throw new MailtlsError('ELAB_DOVECOT_CONFIG', `Dovecot refused the configuration: ${unmap(first.error)}`);
  const moved = await moveListeners(inetListeners(first.settings), ctx, changes);
  const { listeners } = moved;
  await writeFile(labConf, [...head, ...globals, ...moved.lines, ''].join('\n'));
  const check = await doveconfAll(labConf);
  if (!check.ok) throw new MailtlsError('ELAB_DOVECOT_CONFIG', `Dovecot refused the configuration: ${unmap(check.error)}`);
  const stray = inetListeners(check.settings).filter((l) => !listeners.some((x) => x.service === l.service && x.listener === l.name && x.port === l.port));
  if (stray.length > 0) throw new MailtlsError('ELAB_START', `listeners the lab could not move: ${stray.map((l) => `${l.service}/${l.name}:${l.port}`).join(', ')}`);

  const logFile = join(dir, 'dovecot.log');
  await writeFile(logFile, '', { mode: 0o644 });
  const started = await startDovecot(labConf, ctx.timeoutMs);
  if (started.code !== 0) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    throw startError(unmap(`${started.stderr}\n${started.stdout}\n${log}`));
  }
  const instance: DovecotLabInstance = {
    name, dir, configDir: etc, configFile: labConf, baseDir: join(dir, 'run'), logFile, dovecotVersion: ctx.version, address,
    listeners, certs, changes, createdAt: new Date().toISOString(),
  };
  await writeMeta(dir, instance);
  await waitReady(instance, ctx.timeoutMs, opts.probe ?? true);
  return instance;
}

/** The configuration files of a copied tree: what !include can reach (.conf, .ext, and dovecot.conf). */
async function configFiles(etc: string): Promise<string[]> {
  return [...(await readTree(etc)).keys()].filter((rel) => /\.(conf|ext)$/.test(rel) || /(^|\/)local\.conf$/.test(rel)).sort();
}

function startError(text: string): MailtlsError {
  const msg = fatalLines(text);
  if (/Address already in use/.test(msg)) {
    const m = /bind\(([^,]+), (\d+)\)/.exec(msg);
    return new MailtlsError('ELAB_PORT', msg, m?.[2] ? { place: { host: m[1] ?? '127.0.0.2', port: Number(m[2]) } } : {});
  }
  return new MailtlsError('ELAB_DOVECOT_CONFIG', `Dovecot did not start: ${msg}`);
}

/** Waits until every listener listens and greets (IMAP `* OK`, POP3 `+OK`, ManageSieve's capabilities then `OK`). */
async function waitReady(inst: DovecotLabInstance, timeoutMs: number, probe: boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const want = inst.listeners.map((l) => l.port);
  for (;;) {
    const pid = await dovecotMasterPid(inst.baseDir);
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

export function dovecotLabDown(name: string, opts: LabWhere = {}): Promise<void> {
  return labDownOf(DOVECOT_LAB, name, opts);
}

export function dovecotLabList(opts: LabWhere = {}): Promise<DovecotLabStatus[]> {
  return labListOf(DOVECOT_LAB, opts);
}

export function dovecotLabDownAll(opts: LabWhere = {}): Promise<string[]> {
  return labDownAllOf(DOVECOT_LAB, opts);
}

export function dovecotLabGet(name: string, opts: LabWhere = {}): Promise<DovecotLabStatus> {
  return labGetOf(DOVECOT_LAB, name, opts);
}
