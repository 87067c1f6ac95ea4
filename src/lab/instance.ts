/**
 * Throw-away Postfix instances on loopback: `mailtls lab up/down/list/log`, and the same code
 * for the tests and the demo. Each instance lives in its own directory under the lab state
 * directory (etc/ = config_directory, queue/, data/, postfix.log) and is started with
 * `postfix -c etc start`; the system's own Postfix configuration is never touched.
 */
import { chmod, chown, copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MailtlsError } from '../errors.js';
import { recordRun } from '../ledger.js';
import { PROBE_LOOPBACK_SOURCE, probeSource } from '../net/tcp.js';
import { makeCerts, type LabCerts } from './certs.js';
import { DEFAULT_MAIN_CF, DEFAULT_MASTER_CF } from './templates.js';
import { mainValues, overlayMainCf } from './main-overlay.js';
import { expandValue } from '../postfix/expand.js';
import { rewriteMasterCf, type LabService } from './master-rewrite.js';
import { freePort, portIsFree } from './ports.js';
import { postfixCtl, postfixVersion, uidOf } from './postfix-cmd.js';
import { alive, listenerAddresses, processesUnder, sleep } from './procs.js';
import { isIP } from 'node:net';

export type { LabService } from './master-rewrite.js';
export type { LabCerts } from './certs.js';

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

const NAME_RE = /^[a-z0-9][a-z0-9-]{0,31}$/;
const META = 'instance.json';
const OVERLAY_HEADER = '# --- mailtls lab: settings an isolated loopback instance needs (put over the configuration above) ---';
/** Certificate parameters whose files must exist for smtpd to offer TLS (postconf(5)). */
const CERT_PARAMS: Readonly<Record<string, 'rsa-cert' | 'rsa-key' | 'ec-cert' | 'ec-key' | 'chain' | 'drop'>> = {
  smtpd_tls_cert_file: 'rsa-cert', smtpd_tls_key_file: 'rsa-key',
  smtpd_tls_eccert_file: 'ec-cert', smtpd_tls_eckey_file: 'ec-key',
  smtpd_tls_dcert_file: 'drop', smtpd_tls_dkey_file: 'drop',
  smtpd_tls_chain_files: 'chain', smtpd_tls_CAfile: 'drop', smtpd_tls_CApath: 'drop',
  smtp_tls_CAfile: 'drop', smtp_tls_CApath: 'drop', smtp_tls_cert_file: 'drop', smtp_tls_key_file: 'drop',
  smtp_tls_chain_files: 'drop',
};

export function labStateDir(explicit?: string): string {
  return resolve(explicit ?? process.env['MAILTLS_LAB_DIR'] ?? '/var/lib/mailtls/lab');
}

function requireRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new MailtlsError('ENOTROOT', 'the lab runs Postfix, which must be started as root (try sudo)');
  }
}

async function pickName(state: string, wanted: string | undefined): Promise<string> {
  if (wanted !== undefined) {
    if (!NAME_RE.test(wanted)) throw new MailtlsError('EUSAGE', `lab name "${wanted}" must match ${NAME_RE.source}`);
    if (existsSync(join(state, wanted))) throw new MailtlsError('ELAB_EXISTS', `lab instance "${wanted}" exists already (mailtls lab down --name ${wanted})`, { place: { name: wanted } });
    return wanted;
  }
  for (let n = 1; ; n++) if (!existsSync(join(state, `lab${n}`))) return `lab${n}`;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new MailtlsError('EIO', `cannot read the ${what}: ${(err as Error).message}`, { place: { file: path }, cause: err });
  }
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

export async function labUp(opts: LabUpOptions = {}): Promise<LabInstance> {
  const addresses = opts.addresses !== undefined && opts.addresses.length > 0 ? [...opts.addresses] : ['127.0.0.1'];
  for (const a of addresses) {
    if (isIP(a) !== 4 || !a.startsWith('127.')) throw new MailtlsError('EUSAGE', `lab instances listen only on loopback addresses (127.0.0.0/8), not "${a}"`);
  }
  requireRoot();
  const version = await postfixVersion();
  const state = labStateDir(opts.stateDir);
  await mkdir(state, { recursive: true });
  // The mail owner must reach data_directory below it (a mkdtemp() directory is 0700).
  const mode = (await stat(state)).mode;
  if ((mode & 0o001) === 0) await chmod(state, (mode & 0o777) | 0o011);
  const name = await pickName(state, opts.name);
  const dir = join(state, name);
  const etc = join(dir, 'etc');
  const queue = join(dir, 'queue');
  const data = join(dir, 'data');
  const logFile = join(dir, 'postfix.log');

  // Gather the configuration texts before creating anything, so bad input changes nothing.
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
    const redirect = (t: string) => t.split(`${userDir}/`).join(`${etc}/`);
    mainText = redirect(mainText);
    masterText = redirect(masterText);
  }

  const timeoutMs = opts.timeoutMs ?? 30_000;
  let lastError: MailtlsError | undefined;
  // A port picked free can be taken before master binds it; pick again then (not with --port).
  for (let attempt = 0; attempt < (opts.port !== undefined ? 1 : 3); attempt++) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(etc, { recursive: true, mode: 0o755 });
    await chmod(dir, 0o755);
    await mkdir(queue, { recursive: true });
    await mkdir(data, { recursive: true });
    try {
      return await startOnce();
    } catch (err) {
      lastError = err instanceof MailtlsError ? err : new MailtlsError('ELAB_START', String(err), { cause: err });
      await stopInstance(dir).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      if (lastError.code !== 'ELAB_PORT') break;
    }
  }
  throw lastError ?? new MailtlsError('ELAB_START', 'the lab instance did not start');

  async function startOnce(): Promise<LabInstance> {
    if (userDir !== undefined) await copyConfigDir(userDir, etc);
    const certs = await makeCerts(etc, `${name}.lab.mailtls.test`);
    // Key and certificate in one file, for a replaced certificate option whose key option is
    // left to its default ($smtpd_tls_cert_file: "the file may contain the key too", TLS_README).
    const combined = { rsa: join(etc, 'rsa-key-cert.pem'), ecdsa: join(etc, 'ecdsa-key-cert.pem') };
    for (const k of ['rsa', 'ecdsa'] as const) {
      await writeFile(combined[k], `${await readFile(certs[k].key, 'utf8')}${await readFile(certs[k].cert, 'utf8')}`, { mode: 0o600 });
    }
    const values = mainValues(mainText);
    for (const [k, v] of Object.entries(opts.settings ?? {})) values.set(k, v);

    // Ports: the n-th inet service gets --port + n, or a free ephemeral port.
    const ports: number[] = [];
    const portFor = (i: number) => ports[i] ?? 0;
    const count = rewriteMasterCf(masterText, { portFor: () => 0, mainWrapperMode: false, mainSecurityLevel: '', addresses }).services.length;
    for (let i = 0; i < count; i++) ports.push(opts.port !== undefined ? opts.port + i : await freePort());
    for (const p of ports) {
      for (const a of addresses) {
        if (!(await portIsFree(p, a))) throw new MailtlsError('ELAB_PORT', `port ${p} on ${a} is in use`, { place: { host: a, port: p } });
      }
    }
    // A certificate the machine does not have (a user's /etc/letsencrypt/...): use the lab's.
    const chain = `${certs.rsa.key}, ${certs.rsa.cert}, ${certs.ecdsa.key}, ${certs.ecdsa.cert}`;
    const certReplacement = (param: string, v: string): string | null => {
      const kind = CERT_PARAMS[param];
      if (kind === undefined || v === '' || v === 'none') return null;
      // `$config_directory/tls/key.pem` names a file in the lab's copy, which has what the
      // user's directory had: expand the simple $names as Postfix would (mail_params.c).
      const x = expandValue(v, (n) => (n === 'config_directory' ? etc : values.get(n)));
      if (x.errors.length > 0 || x.undefinedNames.length > 0) return null;
      const expanded = x.value;
      const files = expanded.split(/[\s,]+/).filter((f) => f !== '');
      if (files.every((f) => existsSync(f))) return null;
      return { 'rsa-cert': combined.rsa, 'rsa-key': certs.rsa.key, 'ec-cert': combined.ecdsa, 'ec-key': certs.ecdsa.key, chain, drop: '' }[kind];
    };
    const master = rewriteMasterCf(masterText, {
      portFor,
      mainWrapperMode: values.get('smtpd_tls_wrappermode') === 'yes',
      mainSecurityLevel: legacyAwareLevel(values),
      fileLabel: masterLabel,
      addresses,
      certFor: certReplacement,
    });

    // What an isolated instance needs, over whatever the user wrote.
    const overlay = new Map<string, string>();
    for (const [k, v] of Object.entries(opts.settings ?? {})) overlay.set(k, v);
    const hasCert = ['smtpd_tls_cert_file', 'smtpd_tls_eccert_file', 'smtpd_tls_dcert_file', 'smtpd_tls_chain_files'].some((p) => (values.get(p) ?? '') !== '');
    if (!hasCert) overlay.set('smtpd_tls_chain_files', chain);
    for (const param of Object.keys(CERT_PARAMS)) {
      const repl = certReplacement(param, values.get(param) ?? '');
      if (repl !== null) overlay.set(param, repl);
    }
    // A replaced certificate needs the lab's key beside it, whatever key file main.cf names
    // (the user's own key would not match the lab's certificate).
    if (overlay.has('smtpd_tls_cert_file') && !overlay.has('smtpd_tls_key_file')) overlay.set('smtpd_tls_key_file', certs.rsa.key);
    if (overlay.has('smtpd_tls_eccert_file') && !overlay.has('smtpd_tls_eckey_file')) overlay.set('smtpd_tls_eckey_file', certs.ecdsa.key);
    // As master-rewrite.ts does for -o overrides: no Dovecot auth socket in a lab.
    if (values.get('smtpd_sasl_type') === 'dovecot') {
      overlay.set('smtpd_sasl_type', 'cyrus');
      overlay.set('smtpd_sasl_path', 'smtpd');
    }
    overlay.set('queue_directory', queue);
    overlay.set('data_directory', data);
    overlay.set('maillog_file', logFile);
    overlay.set('maillog_file_prefixes', dir);
    // 127.0.0.1 even for instances on other loopback addresses: Postfix accepts there only addresses
    // configured on an interface; master.cf binds the others (master-rewrite.ts).
    overlay.set('inet_interfaces', '127.0.0.1');
    overlay.set('inet_protocols', 'ipv4');
    // No DNS to the machine's resolver from a lab (only loopback is ours to use): smtpd's
    // reverse lookup of every loopback client (127.0.9.1 is in no hosts file; a resolver that
    // does not answer stalls each new session for its timeout) and postscreen's DNSBL queries.
    // A lab with its own resolv.conf (the DNS stack on loopback) keeps both.
    if (opts.resolvConf === undefined) {
      overlay.set('smtpd_peername_lookup', 'no');
      if ((values.get('postscreen_dnsbl_sites') ?? '') !== '') overlay.set('postscreen_dnsbl_sites', '');
    }
    const main = overlayMainCf(mainText, overlay, OVERLAY_HEADER, mainLabel);

    await writeFile(join(etc, 'main.cf'), main.text, { mode: 0o644 });
    await writeFile(join(etc, 'master.cf'), master.text, { mode: 0o644 });
    await writeFile(logFile, '', { mode: 0o644 });
    for (const key of [certs.rsa.key, certs.ecdsa.key]) await chmod(key, 0o600);
    // data_directory must belong to the mail owner (postfix-script check: "not owned by postfix").
    const owner = await uidOf(values.get('mail_owner') ?? 'postfix');
    await chown(data, owner.uid, owner.gid);

    const started = await postfixCtl(etc, 'start', timeoutMs, opts.resolvConf);
    if (!started.ok) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      // Point Postfix's messages at the user's files: the copies keep their line numbers.
      const unmap = (t: string) => t.split(join(etc, 'main.cf')).join(mainLabel).split(join(etc, 'master.cf')).join(masterLabel);
      throw startError(unmap(started.output), unmap(log), ports);
    }
    const instance: LabInstance = {
      name, dir, configDir: etc, queueDir: queue, logFile, postfixVersion: version,
      services: master.services, certs, changes: [...main.changes, ...master.changes], createdAt: new Date().toISOString(),
      source: userDir ?? null,
      ...(opts.addresses !== undefined ? { addresses } : {}),
      ...(opts.resolvConf !== undefined ? { resolvConf: opts.resolvConf } : {}),
    };
    await writeFile(join(dir, META), `${JSON.stringify(instance, null, 2)}\n`);
    await waitReady(instance, timeoutMs, opts.probe ?? true, opts.env ?? process.env);
    return instance;
  }
}

/**
 * The main.cf server TLS level, for labelling services: smtpd_tls_security_level, or when it is
 * empty the deprecated smtpd_enforce_tls / smtpd_use_tls (src/smtpd/smtpd.c, pre-2.3 style).
 */
function legacyAwareLevel(values: ReadonlyMap<string, string>): string {
  const level = values.get('smtpd_tls_security_level') ?? '';
  if (level !== '') return level;
  if (values.get('smtpd_enforce_tls') === 'yes') return 'encrypt';
  return values.get('smtpd_use_tls') === 'yes' ? 'may' : '';
}

/** Postfix's own fatal lines, from the start command's terminal output and the instance log. */
function startError(output: string, log: string, ports: readonly number[]): MailtlsError {
  const lines = `${output}\n${log}`.split('\n').filter((l) => /fatal:|panic:|error:/.test(l));
  const msg = lines.length > 0 ? lines.map((l) => l.replace(/^.*?(postfix\S*: )/, '$1')).join('; ') : output || 'postfix start failed with no message';
  if (/Address already in use/.test(msg)) {
    const m = /port (\d+)/.exec(msg);
    return new MailtlsError('ELAB_PORT', msg, m?.[1] ? { place: { host: '127.0.0.1', port: Number(m[1]) } } : {});
  }
  void ports;
  return new MailtlsError('ELAB_CONFIG', `Postfix refused the configuration: ${msg}`);
}

async function masterPid(queueDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(join(queueDir, 'pid', 'master.pid'), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until master listens on every port and each SMTP service sends its 220 greeting. */
async function waitReady(inst: LabInstance, timeoutMs: number, probe: boolean, env: NodeJS.ProcessEnv): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const want = inst.services.map((s) => s.port);
  const addrs = inst.addresses ?? ['127.0.0.1'];
  const pairs = want.flatMap((port) => addrs.map((address) => ({ address, port })));
  for (;;) {
    const pid = await masterPid(inst.queueDir);
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
      break;
    }
    const log = await readFile(inst.logFile, 'utf8').catch(() => '');
    if (/fatal:|panic:/.test(log)) throw startError('', log, want);
    if (Date.now() > deadline) throw new MailtlsError('ELAB_START', `the instance did not listen on ${want.join(', ')} within ${timeoutMs} ms`, { place: { name: inst.name } });
    await sleep(50);
  }
  if (!probe) return;
  // The log reports of this instance leave these connections out (src/ledger.ts).
  const since = Date.now();
  for (const s of inst.services) {
    if (s.command !== 'smtpd' && s.command !== 'postscreen') continue;
    const banner = await greet(addrs[0] ?? '127.0.0.1', s.port, s.tls === 'wrapper', Math.max(1000, deadline - Date.now()));
    if (!banner.startsWith('220')) {
      const log = await readFile(inst.logFile, 'utf8').catch(() => '');
      // A daemon that cannot reach an internal service it needs (a master.cf without proxymap
      // while main.cf uses proxy: maps) waits and retries instead of dying: say which.
      const fatal = [...new Set(log.split('\n').filter((l) => /fatal:|panic:|warning: connect #\d+ to subsystem /.test(l))
        .map((l) => l.replace(/^.*?(fatal:|panic:|warning:)/, '$1').replace(/connect #\d+/, 'connect')))].slice(0, 5).join('; ');
      throw new MailtlsError('ELAB_START', `${s.service} on port ${s.port} did not greet with 220: ${JSON.stringify(banner.slice(0, 200))}${fatal ? ` (${fatal})` : ''}`, { place: { host: addrs[0] ?? '127.0.0.1', port: s.port } });
    }
  }
  recordRun({ tool: 'lab', since, until: Date.now(), addresses: [PROBE_LOOPBACK_SOURCE], targets: inst.services.map((s) => `${addrs[0] ?? '127.0.0.1'}:${s.port}`) }, env);
}

/**
 * Reads the greeting (implicit TLS first on wrapper-mode services), then says QUIT. From the
 * probes' own source address when the instance is on loopback, so that log reports can leave
 * this connection out.
 */
async function greet(host: string, port: number, wrapper: boolean, timeoutMs: number): Promise<string> {
  const source = probeSource(host);
  const banner = await greetFrom(host, port, wrapper, timeoutMs, source);
  return source !== undefined && /EADDRNOTAVAIL/.test(banner) ? greetFrom(host, port, wrapper, timeoutMs, undefined) : banner;
}

function greetFrom(host: string, port: number, wrapper: boolean, timeoutMs: number, localAddress: string | undefined): Promise<string> {
  return new Promise((resolveGreeting) => {
    const from = localAddress !== undefined ? { localAddress } : {};
    const sock = wrapper
      ? tlsConnect({ host, port, rejectUnauthorized: false, minVersion: 'TLSv1.2', ...from })
      : connect({ host, port, ...from });
    let buf = '';
    const done = (v: string) => { clearTimeout(timer); sock.destroy(); resolveGreeting(v); };
    const timer = setTimeout(() => done(buf || 'timeout'), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      // The last line of a (possibly multi-line, postscreen) greeting is "220 ...".
      if (/(^|\n)220 [^\n]*\r?\n/.test(buf)) { sock.write('QUIT\r\n'); sock.once('data', () => done(buf)); setTimeout(() => done(buf), 500); }
      if (buf.length > 65536) done(buf);
    });
    sock.on('error', (e: NodeJS.ErrnoException) => done(`error: ${e.code ?? ''} ${e.message}`));
    sock.on('close', () => done(buf || 'closed'));
  });
}

async function stopInstance(dir: string): Promise<void> {
  const etc = join(dir, 'etc');
  const queue = join(dir, 'queue');
  const pid = await masterPid(queue);
  if (existsSync(join(etc, 'main.cf')) && pid !== undefined && (await alive(pid))) {
    await postfixCtl(etc, 'stop', 15_000);
    for (let i = 0; i < 100 && (await alive(pid)); i++) await sleep(50);
  }
  // Whatever is left (a master that did not stop, orphaned daemons): TERM, then KILL.
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    const left = [...new Set([...(pid !== undefined && (await alive(pid)) ? [pid] : []), ...(await processesUnder(dir))])];
    if (left.length === 0) return;
    for (const p of left) { try { process.kill(p, sig); } catch { /* already gone */ } }
    for (let i = 0; i < 40 && (await Promise.all(left.map(alive))).some(Boolean); i++) await sleep(50);
  }
}

export async function labDown(name: string, opts: { stateDir?: string } = {}): Promise<void> {
  requireRoot();
  const dir = join(labStateDir(opts.stateDir), name);
  if (!NAME_RE.test(name) || !existsSync(dir)) throw new MailtlsError('ELAB_NOTFOUND', `no lab instance is called "${name}"`, { place: { name } });
  await stopInstance(dir);
  await rm(dir, { recursive: true, force: true });
}

export async function labList(opts: { stateDir?: string } = {}): Promise<LabStatus[]> {
  const state = labStateDir(opts.stateDir);
  let names: string[];
  try {
    names = (await readdir(state)).filter((n) => NAME_RE.test(n)).sort();
  } catch {
    return [];
  }
  const out: LabStatus[] = [];
  for (const n of names) {
    try {
      const inst = JSON.parse(await readFile(join(state, n, META), 'utf8')) as LabInstance;
      const pid = await masterPid(inst.queueDir);
      out.push({ ...inst, running: pid !== undefined && (await alive(pid)) });
    } catch {
      // a half-made instance (start failed mid-way): list it so that down --all clears it
      out.push({ name: n, dir: join(state, n), configDir: '', queueDir: '', logFile: '', postfixVersion: '', services: [], certs: { rsa: { cert: '', key: '' }, ecdsa: { cert: '', key: '' } }, changes: [], createdAt: '', running: false });
    }
  }
  return out;
}

export async function labDownAll(opts: { stateDir?: string } = {}): Promise<string[]> {
  const all = await labList(opts);
  await Promise.all(all.map((i) => labDown(i.name, opts)));
  return all.map((i) => i.name);
}

export async function labGet(name: string, opts: { stateDir?: string } = {}): Promise<LabStatus> {
  const found = (await labList(opts)).find((i) => i.name === name);
  if (!found) throw new MailtlsError('ELAB_NOTFOUND', `no lab instance is called "${name}"`, { place: { name } });
  return found;
}
