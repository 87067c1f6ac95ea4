/**
 * Throw-away Postfix instances on loopback: `mailtls lab up/down/list/log`, and the same code
 * for the tests and the demo. Each instance lives in its own directory under the lab state
 * directory (etc/ = config_directory, queue/, data/, postfix.log) and is started with
 * `postfix -c etc start`; the system's own Postfix configuration is never touched. What is put
 * over the user's configuration is decided in postfix-overlay.ts; the registry of instances
 * (list, get, down) is registry.ts.
 */
import { chmod, chown, copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { MailtlsError } from '../errors.js';
import { recordRun } from '../ledger.js';
import { PROBE_LOOPBACK_SOURCE } from '../net/tcp.js';
import { makeCerts } from './certs.js';
import { greetSmtp } from './greet.js';
import { DEFAULT_MAIN_CF, DEFAULT_MASTER_CF } from './templates.js';
import { labInetCount, postfixOverlay, redirectPaths, type LabPaths } from './postfix-overlay.js';
import { freePort, portIsFree } from './ports.js';
import { postfixCtl, postfixVersion, uidOf } from './postfix-cmd.js';
import { postfixMasterPid, POSTFIX_LAB, stopPostfixInstance, type LabInstance, type LabStatus } from './postfix-kind.js';
import { alive, listenerAddresses, sleep } from './procs.js';
import {
  kindDir, labDownAllOf, labDownOf, labGetOf, labListOf, pickName, requireRoot, writeMeta, type LabWhere,
} from './registry.js';

export type { LabService } from './master-rewrite.js';
export type { LabCerts } from './certs.js';
export type { LabInstance, LabStatus } from './postfix-kind.js';
export { labStateDir } from './registry.js';

export interface LabUpOptions {
  /** [a-z0-9-], at most 32 characters; default: the first free "labN". */
  readonly name?: string;
  /** A directory holding main.cf and master.cf (and the maps they use, copied along). */
  readonly configDir?: string;
  readonly mainFile?: string;
  readonly masterFile?: string;
  /** main.cf / master.cf as text (tests); default: the lab's stock configuration. */
  readonly mainCf?: string;
  readonly masterCf?: string;
  /** main.cf parameters set on top, as `postconf -e` would. */
  readonly settings?: Readonly<Record<string, string>>;
  /** The port of the first inet service; the next ones follow it. Default: free ephemeral ports. */
  readonly port?: number;
  /** Where instances live; default $MAILTLS_LAB_DIR or /var/lib/mailtls/lab. */
  readonly stateDir?: string;
  /** Connect to each SMTP service once to check that it answers (default true). */
  readonly probe?: boolean;
  readonly timeoutMs?: number;
  /**
   * Loopback addresses (127.0.0.0/8) the inet services listen on instead of 127.0.0.1, e.g. an
   * MX host of the lab DNS stack on 127.53.0.10 port 25 while the system's Postfix holds
   * 127.0.0.1:25.
   */
  readonly addresses?: readonly string[];
  /**
   * A resolv.conf for this instance alone: Postfix (its smtp client, for DNS and DANE) then runs
   * in a private mount namespace where /etc/resolv.conf is this file (needs unshare(1)).
   */
  readonly resolvConf?: string;
  /**
   * The environment that locates mailtls's probe ledger (src/ledger.ts): the CLI's, so that the
   * start-up greeting is recorded where the audit of this instance will look. Default process.env.
   */
  readonly env?: NodeJS.ProcessEnv;
}


/** The configuration texts an instance starts from, and the names its messages give them. */
interface ConfigTexts {
  readonly mainText: string;
  readonly masterText: string;
  readonly mainLabel: string;
  readonly masterLabel: string;
  /** The user's configuration directory (--config-dir), copied into etc/. */
  readonly userDir: string | undefined;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new MailtlsError('EIO', `cannot read the ${what}: ${(err as Error).message}`, { place: { file: path }, cause: err });
  }
}

/** Gathers the configuration texts before anything is created, so bad input changes nothing. */
async function configTexts(opts: LabUpOptions, etc: string): Promise<ConfigTexts> {
  const userDir = opts.configDir !== undefined ? resolve(opts.configDir) : undefined;
  let mainText = opts.mainCf ?? DEFAULT_MAIN_CF;
  let masterText = opts.masterCf ?? DEFAULT_MASTER_CF;
  let mainLabel = 'main.cf';
  let masterLabel = 'master.cf';
  if (userDir !== undefined) {
    mainText = await readText(join(userDir, 'main.cf'), 'main.cf');
    masterText = await readText(join(userDir, 'master.cf'), 'master.cf');
    mainLabel = join(userDir, 'main.cf');
    masterLabel = join(userDir, 'master.cf');
  }
  if (opts.mainFile !== undefined) { mainText = await readText(opts.mainFile, 'main.cf'); mainLabel = opts.mainFile; }
  if (opts.masterFile !== undefined) { masterText = await readText(opts.masterFile, 'master.cf'); masterLabel = opts.masterFile; }
  if (userDir !== undefined) {
    // Absolute paths into the user's directory now point at our copy of it.
    mainText = redirectPaths(mainText, userDir, etc);
    masterText = redirectPaths(masterText, userDir, etc);
  }
  return { mainText, masterText, mainLabel, masterLabel, userDir };
}

/** Copies a user's config directory (maps, certificates, ...) so absolute paths into it can be redirected. */
async function copyConfigDir(from: string, to: string, depth = 0): Promise<void> {
  if (depth > 3) return;
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) {
      await mkdir(dst, { recursive: true });
      await copyConfigDir(src, dst, depth + 1);
    } else if (entry.isFile() && entry.name !== 'main.cf' && entry.name !== 'master.cf' && (await stat(src)).size < 16 << 20) {
      await copyFile(src, dst);
    }
  }
}

function loopbackAddresses(opts: LabUpOptions): string[] {
  const addresses = opts.addresses !== undefined && opts.addresses.length > 0 ? [...opts.addresses] : ['127.0.0.1'];
  for (const a of addresses) {
    if (isIP(a) !== 4 || !a.startsWith('127.')) throw new MailtlsError('EUSAGE', `lab instances listen only on loopback addresses (127.0.0.0/8), not "${a}"`);
  }
  return addresses;
}

/** The state directory, made reachable: the mail owner must reach data_directory below it (a mkdtemp() directory is 0700). */
async function prepareStateDir(stateDir: string | undefined): Promise<string> {
  const state = kindDir(POSTFIX_LAB, stateDir);
  await mkdir(state, { recursive: true });
  const mode = (await stat(state)).mode;
  if ((mode & 0o001) === 0) await chmod(state, (mode & 0o777) | 0o011);
  return state;
}

/** Everything one start attempt needs. */
interface StartContext {
  readonly opts: LabUpOptions;
  readonly name: string;
  readonly version: string;
  readonly paths: LabPaths;
  readonly config: ConfigTexts;
  readonly addresses: readonly string[];
  readonly timeoutMs: number;
}

export async function labUp(opts: LabUpOptions = {}): Promise<LabInstance> {
  const addresses = loopbackAddresses(opts);
  requireRoot(POSTFIX_LAB);
  const version = await postfixVersion();
  const state = await prepareStateDir(opts.stateDir);
  const name = pickName(POSTFIX_LAB, state, opts.name);
  const dir = join(state, name);
  const paths: LabPaths = { dir, etc: join(dir, 'etc'), queue: join(dir, 'queue'), data: join(dir, 'data'), logFile: join(dir, 'postfix.log') };
  const config = await configTexts(opts, paths.etc);
  const ctx: StartContext = { opts, name, version, paths, config, addresses, timeoutMs: opts.timeoutMs ?? 30_000 };

  let lastError: MailtlsError | undefined;
  // A port picked free can be taken before master binds it; pick again then (not with --port).
  for (let attempt = 0; attempt < (opts.port !== undefined ? 1 : 3); attempt++) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(paths.etc, { recursive: true, mode: 0o755 });
    await chmod(dir, 0o755);
    await mkdir(paths.queue, { recursive: true });
    await mkdir(paths.data, { recursive: true });
    try {
      return await startOnce(ctx);
    } catch (err) {
      lastError = err instanceof MailtlsError ? err : new MailtlsError('ELAB_START', String(err), { cause: err });
      await stopPostfixInstance(dir).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      if (lastError.code !== 'ELAB_PORT') break;
    }
  }
  throw lastError ?? new MailtlsError('ELAB_START', 'the lab instance did not start');
}

/** Ports: the n-th inet service gets --port + n, or a free ephemeral port; each must be free on every address. */
async function pickPorts(count: number, first: number | undefined, addresses: readonly string[]): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(first !== undefined ? first + i : await freePort());
  for (const p of ports) {
    for (const a of addresses) {
      if (!(await portIsFree(p, a))) throw new MailtlsError('ELAB_PORT', `port ${p} on ${a} is in use`, { place: { host: a, port: p } });
    }
  }
  return ports;
}

async function startOnce(ctx: StartContext): Promise<LabInstance> {
  const { opts, paths, config } = ctx;
  const { etc } = paths;
  if (config.userDir !== undefined) await copyConfigDir(config.userDir, etc);
  const certs = await makeCerts(etc, `${ctx.name}.lab.mailtls.test`);
  // Key and certificate in one file, for a replaced certificate option whose key option is
  // left to its default ($smtpd_tls_cert_file: "the file may contain the key too", TLS_README).
  const combined = { rsa: join(etc, 'rsa-key-cert.pem'), ecdsa: join(etc, 'ecdsa-key-cert.pem') };
  for (const k of ['rsa', 'ecdsa'] as const) {
    await writeFile(combined[k], `${await readFile(certs[k].key, 'utf8')}${await readFile(certs[k].cert, 'utf8')}`, { mode: 0o600 });
  }
  const ports = await pickPorts(labInetCount(config.masterText, ctx.addresses), opts.port, ctx.addresses);
  const overlay = postfixOverlay({
    mainText: config.mainText, masterText: config.masterText, mainLabel: config.mainLabel, masterLabel: config.masterLabel,
    settings: opts.settings ?? {}, addresses: ctx.addresses, ports, paths, certs, combined, exists: existsSync,
    ...(opts.resolvConf !== undefined ? { resolvConf: opts.resolvConf } : {}),
  });

  await writeFile(join(etc, 'main.cf'), overlay.mainCf, { mode: 0o644 });
  await writeFile(join(etc, 'master.cf'), overlay.masterCf, { mode: 0o644 });
  await writeFile(paths.logFile, '', { mode: 0o644 });
  for (const key of [certs.rsa.key, certs.ecdsa.key]) await chmod(key, 0o600);
  // data_directory must belong to the mail owner (postfix-script check: "not owned by postfix").
  const owner = await uidOf(overlay.mailOwner);
  await chown(paths.data, owner.uid, owner.gid);

  const started = await postfixCtl(etc, 'start', ctx.timeoutMs, opts.resolvConf);
  if (!started.ok) {
    const log = await readFile(paths.logFile, 'utf8').catch(() => '');
    // Point Postfix's messages at the user's files: the copies keep their line numbers.
    const unmap = (t: string) => t.split(join(etc, 'main.cf')).join(config.mainLabel).split(join(etc, 'master.cf')).join(config.masterLabel);
    throw startError(unmap(started.output), unmap(log));
  }
  const instance: LabInstance = {
    name: ctx.name, dir: paths.dir, configDir: etc, queueDir: paths.queue, logFile: paths.logFile, postfixVersion: ctx.version,
    services: overlay.services, certs, changes: overlay.changes, createdAt: new Date().toISOString(),
    source: config.userDir ?? null,
    ...(opts.addresses !== undefined ? { addresses: [...ctx.addresses] } : {}),
    ...(opts.resolvConf !== undefined ? { resolvConf: opts.resolvConf } : {}),
  };
  await writeMeta(paths.dir, instance);
  await waitReady(instance, ctx.timeoutMs, opts.probe ?? true, opts.env ?? process.env);
  return instance;
}

/** Postfix's own fatal lines, from the start command's terminal output and the instance log. */
function startError(output: string, log: string): MailtlsError {
  const lines = `${output}\n${log}`.split('\n').filter((l) => /fatal:|panic:|error:/.test(l));
  const msg = lines.length > 0 ? lines.map((l) => l.replace(/^.*?(postfix\S*: )/, '$1')).join('; ') : output || 'postfix start failed with no message';
  if (/Address already in use/.test(msg)) {
    const m = /port (\d+)/.exec(msg);
    return new MailtlsError('ELAB_PORT', msg, m?.[1] ? { place: { host: '127.0.0.1', port: Number(m[1]) } } : {});
  }
  return new MailtlsError('ELAB_CONFIG', `Postfix refused the configuration: ${msg}`);
}

/** Waits until master listens on every port and each SMTP service sends its 220 greeting. */
async function waitReady(inst: LabInstance, timeoutMs: number, probe: boolean, env: NodeJS.ProcessEnv): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await waitListening(inst, deadline, timeoutMs);
  if (!probe) return;
  const addrs = inst.addresses ?? ['127.0.0.1'];
  const host = addrs[0] ?? '127.0.0.1';
  // The log reports of this instance leave these connections out (src/ledger.ts).
  const since = Date.now();
  for (const s of inst.services) {
    if (s.command !== 'smtpd' && s.command !== 'postscreen') continue;
    const greeting = await greetSmtp(host, s.port, s.tls === 'wrapper', Math.max(1000, deadline - Date.now()));
    if (!greeting.ok) {
      const log = await readFile(inst.logFile, 'utf8').catch(() => '');
      // A daemon that cannot reach an internal service it needs (a master.cf without proxymap
      // while main.cf uses proxy: maps) waits and retries instead of dying: say which.
      const fatal = [...new Set(log.split('\n').filter((l) => /fatal:|panic:|warning: connect #\d+ to subsystem /.test(l))
        .map((l) => l.replace(/^.*?(fatal:|panic:|warning:)/, '$1').replace(/connect #\d+/, 'connect')))].slice(0, 5).join('; ');
      throw new MailtlsError('ELAB_START', `${s.service} on port ${s.port} did not greet with 220: ${JSON.stringify(greeting.text.slice(0, 200))}${fatal ? ` (${fatal})` : ''}`, { place: { host, port: s.port } });
    }
  }
  recordRun({ tool: 'lab', since, until: Date.now(), addresses: [PROBE_LOOPBACK_SOURCE], targets: inst.services.map((s) => `${host}:${s.port}`) }, env);
}

/** Until master runs and listens on every address:port of the instance (or its log says fatal, or time is up). */
async function waitListening(inst: LabInstance, deadline: number, timeoutMs: number): Promise<void> {
  const want = inst.services.map((s) => s.port);
  const addrs = inst.addresses ?? ['127.0.0.1'];
  const pairs = want.flatMap((port) => addrs.map((address) => ({ address, port })));
  for (;;) {
    const pid = await postfixMasterPid(inst.queueDir);
    const listening = await listenerAddresses();
    const on = (p: { address: string; port: number }) => (listening.get(p.port) ?? []).filter((a) => a === p.address || a === '0.0.0.0' || a === '::');
    if (pairs.every((p) => (listening.get(p.port) ?? []).includes(p.address)) && pid !== undefined && (await alive(pid))) {
      // master binds with SO_REUSEPORT, so a port another process also listens on does not
      // make it fail: it would silently share the connections. Pick other ports then.
      const shared = pairs.filter((p) => on(p).length > 1);
      if (shared.length > 0) {
        const first = shared[0] ?? { address: '127.0.0.1', port: 0 };
        throw new MailtlsError('ELAB_PORT', `port ${[...new Set(shared.map((p) => p.port))].join(', ')} on ${first.address} is also listened on by another process`, { place: { host: first.address, port: first.port } });
      }
      return;
    }
    const log = await readFile(inst.logFile, 'utf8').catch(() => '');
    if (/fatal:|panic:/.test(log)) throw startError('', log);
    if (Date.now() > deadline) throw new MailtlsError('ELAB_START', `the instance did not listen on ${want.join(', ')} within ${timeoutMs} ms`, { place: { name: inst.name } });
    await sleep(50);
  }
}

export function labDown(name: string, opts: LabWhere = {}): Promise<void> {
  return labDownOf(POSTFIX_LAB, name, opts);
}

export function labList(opts: LabWhere = {}): Promise<LabStatus[]> {
  return labListOf(POSTFIX_LAB, opts);
}

export function labDownAll(opts: LabWhere = {}): Promise<string[]> {
  return labDownAllOf(POSTFIX_LAB, opts);
}

export function labGet(name: string, opts: LabWhere = {}): Promise<LabStatus> {
  return labGetOf(POSTFIX_LAB, name, opts);
}
