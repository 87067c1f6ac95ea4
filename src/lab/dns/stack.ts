/**
 * The lab DNS stack: a real authoritative server (NSD) serving DNSSEC-signed zones (signed here
 * with ldns-signzone) under the private TLD `test.`, a real validating resolver (Unbound) that
 * takes test.'s key as its trust anchor and answers nothing else, real HTTPS servers for the
 * MTA-STS policies (`openssl s_server -WWW`), and lab Postfix instances as the MX hosts on
 * loopback addresses, port 25, with certificates from the stack's own CA.
 *
 * Everything lives on one 127.53.S.0/24 (S: a free slot), so that stacks of several test files
 * or users never meet, and the system's own resolver and Postfix are never touched. The
 * daemons run detached, so `mailtls lab dns up` can return and `down` stop them by their pids.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, openSync, closeSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { MailtlsError } from '../../errors.js';
import { DnsClient } from '../../dns/client.js';
import { labDown, labStateDir, labUp, type LabInstance } from '../instance.js';
import { DEFAULT_MASTER_CF } from '../templates.js';
import { alive, sleep } from '../procs.js';
import { keySpkiSha256, makeCa, makeKey, makeLeaf, spkiSha256, type LabCa } from './ca.js';
import { SBIN_PATH, tool } from './tools.js';
import { BENCH_MX_NAMES, GOOD_MX_NAMES, parentRecords, stackAddresses, stsPolicies, tamperMx, testZones, zoneText, type StackAddresses, type ZoneSpec } from './zones.js';

export interface DnsStackOptions {
  /** [a-z0-9-], at most 16 characters; default "dns". */
  readonly name?: string;
  readonly stateDir?: string;
  /** Start the MX hosts (lab Postfix instances); default true. */
  readonly mx?: boolean;
  /** Add bench.test and its four MX hosts with two addresses each. */
  readonly bench?: boolean;
  /** With bench: start its MX hosts on their addresses (default true); false: the zone only (the benchmark puts delaying proxies there). */
  readonly benchInstances?: boolean;
  /** Start a Postfix DANE sender (smtp_tls_security_level = dane) that resolves through the stack. */
  readonly sender?: boolean;
  /** Extra zones of the user's, served and signed by the stack: origin → zone file. */
  readonly zones?: Readonly<Record<string, string>>;
}

export interface DnsStackZone {
  readonly origin: string;
  readonly signing: ZoneSpec['signing'];
  readonly purpose: string;
  readonly file: string;
}

export interface DnsStack {
  readonly name: string;
  readonly dir: string;
  readonly slot: number;
  readonly addresses: StackAddresses;
  /** The validating resolver: what `mailtls check --resolver` takes. */
  readonly resolver: { readonly address: string; readonly port: number };
  readonly authoritative: { readonly address: string; readonly port: number };
  /** The CA that signed every certificate of the stack: `mailtls check --ca-file`. */
  readonly caFile: string;
  /** smtpd_tls_chain_files of the bench MX hosts (their TLSA records name this certificate). */
  readonly benchChainFile: string;
  /** resolv.conf naming the stack's resolver, for a Postfix that should resolve through it. */
  readonly resolvConf: string;
  /** The trust anchor of test. (DS), for tools that validate themselves (ldns-dane -k). */
  readonly anchorFile: string;
  readonly zones: readonly DnsStackZone[];
  /** Lab instance names: the MX hosts, and the sender when asked for. */
  readonly mxInstances: readonly string[];
  readonly sender: string | null;
  /** Daemons started detached: nsd, unbound, the s_servers. */
  readonly pids: readonly { readonly name: string; readonly pid: number }[];
  readonly createdAt: string;
}

const NAME_RE = /^[a-z0-9][a-z0-9-]{0,15}$/;
const META = 'stack.json';

export function dnsStateDir(stateDir?: string): string {
  return join(labStateDir(stateDir), '.dns');
}

function requireRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new MailtlsError('ENOTROOT', 'the lab DNS stack binds port 53, 443 and 25 on loopback and runs Postfix: it needs root (try sudo)');
  }
}

/** Whether UDP address:53 can be bound now: a slot whose resolver address is busy belongs to someone else. */
function udpFree(address: string, port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createSocket('udp4');
    s.once('error', () => { s.close(); res(false); });
    s.bind(port, address, () => s.close(() => res(true)));
  });
}

/**
 * Slots are reserved machine-wide (stacks of other lab directories, or another test file
 * starting at the same moment, see only the addresses once the daemons bind them): one file per
 * slot, created exclusively. A reservation whose stack never came up and whose process is gone
 * is stale and taken over.
 */
const SLOT_LOCKS = existsSync('/run/lock') ? '/run/lock/mailtls-dns' : join(tmpdir(), 'mailtls-dns');

async function reserveSlot(slot: number, dir: string): Promise<boolean> {
  await mkdir(SLOT_LOCKS, { recursive: true });
  const file = join(SLOT_LOCKS, `slot-${slot}`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, JSON.stringify({ pid: process.pid, dir }), { flag: 'wx' });
      return true;
    } catch {
      let owner: { pid?: number; dir?: string } = {};
      try { owner = JSON.parse(await readFile(file, 'utf8')) as typeof owner; } catch { /* being written: taken */ }
      const stale = owner.dir !== undefined && !existsSync(join(owner.dir, META)) && !(owner.pid !== undefined && (await alive(owner.pid)));
      if (!stale) return false;
      await rm(file, { force: true });
    }
  }
  return false;
}

async function releaseSlot(slot: number, dir: string): Promise<void> {
  const file = join(SLOT_LOCKS, `slot-${slot}`);
  try {
    if ((JSON.parse(await readFile(file, 'utf8')) as { dir?: string }).dir === dir) await rm(file, { force: true });
  } catch { /* not ours, or gone */ }
}

async function pickSlot(dnsDir: string, dir: string): Promise<number> {
  const used = new Set<number>();
  for (const n of await readdir(dnsDir).catch(() => [] as string[])) {
    try {
      used.add((JSON.parse(await readFile(join(dnsDir, n, META), 'utf8')) as DnsStack).slot);
    } catch { /* a half-made stack: its slot is tried like any other */ }
  }
  for (let slot = 0; slot < 256; slot++) {
    if (used.has(slot)) continue;
    const a = stackAddresses(slot);
    if ((await udpFree(a.nsd, 53)) && (await udpFree(a.resolver, 53)) && (await reserveSlot(slot, dir))) return slot;
  }
  throw new MailtlsError('ELAB_DNS', 'no free 127.53.S.0/24 for a lab DNS stack (every slot is in use)');
}

function startDaemon(name: string, cmd: string, args: readonly string[], log: string, cwd: string): { name: string; pid: number } {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(cmd, [...args], { cwd, detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, PATH: SBIN_PATH } });
    child.on('error', () => undefined); // ENOENT surfaces as "did not answer" with the log's words
    child.unref();
    if (child.pid === undefined) throw new MailtlsError('ELAB_DNS', `${cmd} could not be started (is it installed?)`);
    return { name, pid: child.pid };
  } finally {
    closeSync(fd);
  }
}

/** Signs a zone with a fresh ECDSA P-256 key (one key as KSK and ZSK) and returns its DS records. */
async function sign(dir: string, origin: string, file: string): Promise<string[]> {
  const base = (await tool('ldns-keygen', ['-a', 'ECDSAP256SHA256', '-k', `${origin}.`], { cwd: dir })).trim();
  // -n: NSEC3 (RFC 5155) as most signed zones use today; signatures valid for four weeks.
  await tool('ldns-signzone', ['-n', '-o', `${origin}.`, '-f', `${file}.signed`, file, join(dir, base)], { cwd: dir });
  const ds = await readFile(join(dir, `${base}.ds`), 'utf8');
  return ds.split('\n').filter((l) => /\sDS\s/.test(l));
}

/** What a stack being built has started so far: stopped again if the build fails. */
interface Build {
  readonly name: string;
  readonly dir: string;
  readonly opts: DnsStackOptions;
  readonly pids: { name: string; pid: number }[];
  readonly instances: string[];
  reserved: number | null;
}

export async function dnsStackUp(opts: DnsStackOptions = {}): Promise<DnsStack> {
  const name = opts.name ?? 'dns';
  if (!NAME_RE.test(name)) throw new MailtlsError('EUSAGE', `a DNS stack name must match ${NAME_RE.source}, not "${name}"`);
  requireRoot();
  const dnsDir = dnsStateDir(opts.stateDir);
  const dir = join(dnsDir, name);
  if (existsSync(join(dir, META))) throw new MailtlsError('ELAB_EXISTS', `the lab DNS stack "${name}" is up already (mailtls lab dns down ${name})`, { place: { name } });
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'zones'), { recursive: true });
  await chmod(dir, 0o755);
  const b: Build = { name, dir, opts, pids: [], instances: [], reserved: null };
  try {
    return await build(b, dnsDir);
  } catch (err) {
    await stopAll(dir, b.pids, b.instances, opts.stateDir);
    await rm(dir, { recursive: true, force: true });
    if (b.reserved !== null) await releaseSlot(b.reserved, dir);
    throw err;
  }
}

async function build(b: Build, dnsDir: string): Promise<DnsStack> {
  const { name, dir } = b;
  const slot = await pickSlot(dnsDir, dir);
  b.reserved = slot;
  const a = stackAddresses(slot);
  const certs = await stackCerts(join(dir, 'certs'), name);
  const zones = await serveZones(b, a, certs);
  await startNsd(b, a, zones.served);
  await startUnbound(b, a, zones.anchorFile, zones.userAnchors);
  await startPolicyHosts(b, a, certs);

  // --- wait until the resolver answers a validated SOA of test. ---
  const resolverAddr = { address: a.resolver, port: 53 };
  await waitForResolver(resolverAddr, dir);

  const resolvConf = join(dir, 'resolv.conf');
  // trust-ad: glibc passes the AD bit on to Postfix only when told to (resolv.conf(5), glibc 2.31+).
  await writeFile(resolvConf, `nameserver ${a.resolver}\noptions edns0 trust-ad\n`);
  const sender = await startPostfixHosts(b, a, certs, resolvConf);

  const stack: DnsStack = {
    name, dir, slot, addresses: a, resolver: resolverAddr, authoritative: { address: a.nsd, port: 53 },
    caFile: certs.ca.cert, benchChainFile: certs.benchLeaf.chainFile, resolvConf, anchorFile: zones.anchorFile, zones: zones.served,
    mxInstances: b.instances.filter((i) => i !== sender), sender, pids: b.pids,
    createdAt: new Date().toISOString(),
  };
  await writeFile(join(dir, META), `${JSON.stringify(stack, null, 2)}\n`);
  return stack;
}

type Leaf = Awaited<ReturnType<typeof makeLeaf>>;

interface StackCerts {
  readonly ca: LabCa;
  readonly good: Leaf;
  readonly broken: Leaf;
  readonly benchLeaf: Leaf;
  readonly stsGood: Leaf;
  readonly stsBroken: Leaf;
  readonly stale: Awaited<ReturnType<typeof makeKey>>;
}

/** The stack's CA and every certificate it signs (and a retired key, for a stale TLSA record). */
async function stackCerts(certDir: string, name: string): Promise<StackCerts> {
  await mkdir(certDir, { recursive: true });
  const ca: LabCa = await makeCa(certDir, name);
  const [good, broken, benchLeaf, stsGood, stsBroken, stale] = await Promise.all([
    makeLeaf(certDir, 'mx-good', ca, GOOD_MX_NAMES),
    makeLeaf(certDir, 'mx-broken', ca, ['mx.broken.test']),
    makeLeaf(certDir, 'mx-bench', ca, BENCH_MX_NAMES),
    makeLeaf(certDir, 'sts-good', ca, ['mta-sts.good.test']),
    makeLeaf(certDir, 'sts-broken', ca, ['mta-sts.broken.test']),
    makeKey(certDir, 'retired'),
  ]);
  return { ca, good, broken, benchLeaf, stsGood, stsBroken, stale };
}

/** Zones: children first (their DS go into test.), then test. itself, then the user's own. */
async function serveZones(b: Build, a: StackAddresses, certs: StackCerts): Promise<{ served: DnsStackZone[]; anchorFile: string; userAnchors: string[] }> {
  const zonesDir = join(b.dir, 'zones');
  const specs = testZones(a, {
    goodLeaf: await spkiSha256(certs.good.cert), ca: await spkiSha256(certs.ca.cert), brokenLeaf: await spkiSha256(certs.broken.cert),
    stale: await keySpkiSha256(certs.stale), benchLeaf: await spkiSha256(certs.benchLeaf.cert),
  }, b.opts.bench === true);
  const serial = Math.floor(Date.now() / 1000);
  const served: DnsStackZone[] = [];
  const delegations: { origin: string; ds: string[] }[] = [];
  await Promise.all(specs.map(async (z) => {
    const file = join(zonesDir, `${z.origin}.zone`);
    await writeFile(file, zoneText(z.origin, z.records, serial));
    let ds: string[] = [];
    let servedFile = file;
    if (z.signing !== 'unsigned') {
      ds = await sign(zonesDir, z.origin, file);
      servedFile = `${file}.signed`;
      if (z.signing === 'bogus') await writeFile(servedFile, tamperMx(await readFile(servedFile, 'utf8')));
    }
    delegations.push({ origin: z.origin, ds });
    served.push({ origin: z.origin, signing: z.signing, purpose: z.purpose, file: servedFile });
  }));
  delegations.sort((x, y) => (x.origin < y.origin ? -1 : 1));
  const parentFile = join(zonesDir, 'test.zone');
  await writeFile(parentFile, zoneText('test', parentRecords(a.nsd, delegations), serial));
  const anchorLines = await sign(zonesDir, 'test', parentFile);
  const anchorFile = join(b.dir, 'test.anchor');
  await writeFile(anchorFile, `${anchorLines.join('\n')}\n`);
  served.unshift({ origin: 'test', signing: 'signed', purpose: 'the private test TLD; its key is the resolver\'s trust anchor', file: `${parentFile}.signed` });
  const userAnchors = await serveUserZones(b, zonesDir, served);
  return { served, anchorFile, userAnchors };
}

/** Users' own zones: signed with their own key, each its own trust anchor in Unbound. */
async function serveUserZones(b: Build, zonesDir: string, served: DnsStackZone[]): Promise<string[]> {
  const userAnchors: string[] = [];
  for (const [origin0, src] of Object.entries(b.opts.zones ?? {})) {
    const origin = origin0.replace(/\.$/, '').toLowerCase();
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(origin) || origin.endsWith('.test')) throw new MailtlsError('EUSAGE', `--zone takes DOMAIN=FILE with a domain outside test., not "${origin0}"`);
    const file = join(zonesDir, `${origin}.zone`);
    const text = await readFile(resolve(src), 'utf8').catch((err: unknown) => { throw new MailtlsError('EIO', `cannot read the zone file: ${(err as Error).message}`, { place: { file: src } }); });
    await writeFile(file, text);
    const ds = await sign(zonesDir, origin, file);
    const anchor = join(b.dir, `${origin}.anchor`);
    await writeFile(anchor, `${ds.join('\n')}\n`);
    userAnchors.push(origin);
    served.push({ origin, signing: 'signed', purpose: `your zone, from ${src}`, file: `${file}.signed` });
  }
  return userAnchors;
}

async function startNsd(b: Build, a: StackAddresses, served: readonly DnsStackZone[]): Promise<void> {
  const { dir } = b;
  const nsdConf = join(dir, 'nsd.conf');
  await writeFile(nsdConf, [
    'server:', `  ip-address: ${a.nsd}`, '  port: 53', '  do-ip6: no', `  zonesdir: "${join(dir, 'zones')}"`, '  database: ""',
    `  pidfile: "${join(dir, 'nsd.pid')}"`, `  xfrdfile: "${join(dir, 'xfrd.state')}"`, `  zonelistfile: "${join(dir, 'zone.list')}"`,
    `  logfile: "${join(dir, 'nsd.log')}"`, '  username: ""', '  chroot: ""', '  server-count: 1', '  verbosity: 1', '  hide-version: yes',
    'remote-control:', '  control-enable: no',
    ...served.flatMap((z) => ['zone:', `  name: "${z.origin}."`, `  zonefile: "${z.file}"`]), '',
  ].join('\n'));
  await tool('nsd-checkconf', [nsdConf]);
  b.pids.push(startDaemon('nsd', 'nsd', ['-d', '-c', nsdConf], join(dir, 'nsd.out'), dir));
}

/** Unbound: validates with test.'s key, resolves test. (and users' zones) from NSD, refuses the rest. */
async function startUnbound(b: Build, a: StackAddresses, anchorFile: string, userAnchors: readonly string[]): Promise<void> {
  const { dir } = b;
  const ubConf = join(dir, 'unbound.conf');
  const stubs = ['test', ...userAnchors];
  await writeFile(ubConf, [
    'server:', `  interface: ${a.resolver}`, '  port: 53', '  do-ip6: no', '  username: ""', '  chroot: ""', `  directory: "${dir}"`,
    `  pidfile: "${join(dir, 'unbound.pid')}"`, `  logfile: "${join(dir, 'unbound.log')}"`, '  use-syslog: no', '  do-daemonize: no',
    '  num-threads: 1', '  verbosity: 1', '  val-log-level: 2', '  module-config: "validator iterator"',
    '  do-not-query-localhost: no', '  access-control: 127.0.0.0/8 allow', `  outgoing-interface: ${a.resolver}`,
    '  trust-anchor-signaling: no', '  root-key-sentinel: no', '  qname-minimisation: no',
    // Nothing outside the stack's zones is ever asked of anyone: "." is refused locally.
    '  local-zone: "." refuse',
    ...stubs.map((z) => `  local-zone: "${z}." transparent`),
    `  trust-anchor-file: "${anchorFile}"`,
    ...userAnchors.map((z) => `  trust-anchor-file: "${join(dir, `${z}.anchor`)}"`),
    'remote-control:', '  control-enable: no',
    ...stubs.flatMap((z) => ['stub-zone:', `  name: "${z}."`, `  stub-addr: ${a.nsd}@53`]), '',
  ].join('\n'));
  await tool('unbound-checkconf', [ubConf]);
  b.pids.push(startDaemon('unbound', 'unbound', ['-d', '-c', ubConf], join(dir, 'unbound.out'), dir));
}

/** MTA-STS policy hosts: one openssl s_server -WWW each (SNI is not needed: one name per address). */
async function startPolicyHosts(b: Build, a: StackAddresses, certs: StackCerts): Promise<void> {
  const policies = stsPolicies();
  const sts: [string, string, string, string][] = [
    ['sts-good', a.stsGood, certs.stsGood.chainFile, policies.good],
    ['sts-broken', a.stsBroken, certs.stsBroken.chainFile, policies.broken],
    // mta-sts.badsts.test answers with good.test's policy-host certificate: the wrong name
    ['sts-badsts', a.stsBad, certs.stsGood.chainFile, policies.badsts],
  ];
  for (const [label, address, chain, policy] of sts) {
    const www = join(b.dir, 'www', label);
    await mkdir(join(www, '.well-known'), { recursive: true });
    await writeFile(join(www, '.well-known', 'mta-sts.txt'), policy);
    b.pids.push(startDaemon(label, 'openssl', ['s_server', '-quiet', '-WWW', '-accept', `${address}:443`, '-cert', chain, '-key', chain, '-cert_chain', certs.ca.cert, '-no_dhe'], join(b.dir, `${label}.out`), www));
  }
}

/** The MX hosts (lab Postfix instances on port 25) and the DANE sender when asked for; returns the sender's name or null. */
async function startPostfixHosts(b: Build, a: StackAddresses, certs: StackCerts, resolvConf: string): Promise<string | null> {
  const { name, opts, instances } = b;
  const mxMaster = DEFAULT_MASTER_CF.replace(/^submissions? .*\n(?:[ \t]+-o .*\n)*/gm, '');
  const mxSettings = (hostname: string, chain: string): Record<string, string> => ({
    myhostname: hostname, smtpd_tls_chain_files: chain, smtpd_tls_security_level: 'may',
    // Mail that arrives goes nowhere (no onward DNS, no bounces), and no client name is looked up.
    default_transport: 'discard', relay_transport: 'discard', smtpd_peername_lookup: 'no',
    // What a careful MX offers today (TLS 1.2+, no anonymous suites): the checks' findings are then about DNS, DANE and MTA-STS.
    smtpd_tls_protocols: '>=TLSv1.2', smtpd_tls_exclude_ciphers: 'aNULL',
  });
  const where = opts.stateDir !== undefined ? { stateDir: opts.stateDir } : {};
  const ups: Promise<LabInstance>[] = [];
  const up = (suffix: string, addresses: readonly string[], hostname: string, chain: string) => {
    const inst = `${name}-${suffix}`;
    instances.push(inst);
    ups.push(labDown(inst, where).catch(() => undefined).then(() => labUp({ name: inst, addresses, port: 25, masterCf: mxMaster, settings: mxSettings(hostname, chain), ...where })));
  };
  if (opts.mx !== false) {
    up('mx-good', a.good, 'mx1.good.test', certs.good.chainFile);
    up('mx-broken', [a.broken], 'mx.broken.test', certs.broken.chainFile);
    if (opts.bench === true && opts.benchInstances !== false) a.bench.forEach((pair, i) => up(`mx-bench${i + 1}`, pair, `mx${i + 1}.bench.test`, certs.benchLeaf.chainFile));
  }
  let sender: string | null = null;
  if (opts.sender === true) {
    sender = `${name}-sender`;
    instances.push(sender);
    ups.push(labDown(sender, where).catch(() => undefined).then(() => labUp({
      name: sender ?? '', resolvConf, masterCf: mxMaster, ...where,
      settings: {
        myhostname: 'sender.lab.mailtls.test', smtp_tls_security_level: 'dane', smtp_dns_support_level: 'dnssec',
        // Postfix's own DNSSEC self-test asks for "." by default, which the stack refuses: off
        dnssec_probe: '', smtp_tls_loglevel: '1', smtpd_peername_lookup: 'no',
        smtp_connect_timeout: '5s', maximal_backoff_time: '60s', minimal_backoff_time: '30s',
      },
    })));
  }
  await Promise.all(ups);
  return sender;
}

async function waitForResolver(server: { address: string; port: number }, dir: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await new DnsClient({ servers: [server], timeoutMs: 500, attempts: 1 }).query('test', 'SOA');
      if (r.rcode === 'NOERROR' && r.ad) return;
      last = `rcode ${r.rcode}, ad ${r.ad}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(100);
  }
  const logs = await Promise.all(['nsd.out', 'nsd.log', 'unbound.out', 'unbound.log'].map((f) => readFile(join(dir, f), 'utf8').catch(() => '')));
  const tail = logs.join('\n').split('\n').filter((l) => /error|fatal|fail/i.test(l)).slice(-4).join('; ');
  throw new MailtlsError('ELAB_DNS', `the stack's resolver did not answer a validated SOA for test. within 15 s (${last})${tail ? `: ${tail}` : ''}`, { place: { host: server.address, port: server.port } });
}

/** Stops only the processes we started (their pid, and their command line naming the stack's directory). */
async function stopDaemons(dir: string, pids: readonly { pid: number }[]): Promise<void> {
  const ours = async (pid: number) => (await alive(pid)) && (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes(dir);
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    const left: number[] = [];
    for (const { pid } of pids) if (await ours(pid)) left.push(pid);
    if (left.length === 0) return;
    for (const pid of left) { try { process.kill(pid, sig); } catch { /* gone */ } }
    for (let i = 0; i < 40 && (await Promise.all(left.map(ours))).some(Boolean); i++) await sleep(50);
  }
}

async function stopAll(dir: string, pids: readonly { pid: number }[], instances: readonly string[], stateDir?: string): Promise<void> {
  const where = stateDir !== undefined ? { stateDir } : {};
  await Promise.all([stopDaemons(dir, pids), ...instances.map((i) => labDown(i, where).catch(() => undefined))]);
}

export async function dnsStackDown(name: string, opts: { stateDir?: string } = {}): Promise<void> {
  requireRoot();
  const dir = join(dnsStateDir(opts.stateDir), name);
  if (!NAME_RE.test(name) || !existsSync(dir)) throw new MailtlsError('ELAB_NOTFOUND', `no lab DNS stack is called "${name}"`, { place: { name } });
  let stack: DnsStack | null = null;
  try {
    stack = JSON.parse(await readFile(join(dir, META), 'utf8')) as DnsStack;
  } catch { /* half-made: only its directory is left to remove */ }
  if (stack) await stopAll(dir, stack.pids, [...stack.mxInstances, ...(stack.sender !== null ? [stack.sender] : [])], opts.stateDir);
  await rm(dir, { recursive: true, force: true });
  if (stack) await releaseSlot(stack.slot, dir);
}

export async function dnsStackList(opts: { stateDir?: string } = {}): Promise<(DnsStack & { running: boolean })[]> {
  const dnsDir = dnsStateDir(opts.stateDir);
  const out: (DnsStack & { running: boolean })[] = [];
  for (const n of (await readdir(dnsDir).catch(() => [] as string[])).sort()) {
    try {
      const s = JSON.parse(await readFile(join(dnsDir, n, META), 'utf8')) as DnsStack;
      out.push({ ...s, running: (await Promise.all(s.pids.map((p) => alive(p.pid)))).every(Boolean) });
    } catch { /* not a stack */ }
  }
  return out;
}
