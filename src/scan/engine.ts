/**
 * The scan: probes as small steps scheduled concurrently within the per-host connection limit.
 * Every protocol is enumerated at once (pick-and-remove, enumerate.ts); groups, fallback and
 * ChaCha20 checks start as soon as what they need is known; one node:tls session learns what
 * only a full handshake shows (EHLO after TLS, RFC 3207 section 4.2). The result is plain data.
 */
import { isIP } from 'node:net';
import { toMailtlsError } from '../errors.js';
import { upgradeToTls } from '../net/tcp.js';
import { cipherSuiteByCode } from '../wire/registry/cipher-suites.js';
import { versionCode } from '../wire/registry/versions.js';
import { enumerate, type PickFn, type PickResult } from './enumerate.js';
import { tlsHello, sslv2Hello, type HelloOutcome } from './handshake.js';
import { TLS13_GROUPS, LEGACY_GROUPS } from './hello.js';
import { candidateSuites, cipherRef, isChacha, isLikely } from './suites.js';
import { describeCertificate } from './certs.js';
import { ScanContext, DEFAULT_SCAN_OPTIONS, mailboxProtocol, type ScanOptions, type ScanTarget } from './context.js';
import { discoverMailbox } from './discover-mailbox.js';
import { discoverSmtp, type Discovery } from './discover-smtp.js';
import { Observations, type TlsProtocol } from './observations.js';
import { assembleReport, emptyReport, newestFirst } from './assemble.js';
import { probeVulns, type LegacyProtocol, type VulnEnv } from './vulns/index.js';
import type { CertificateResult, ProtocolResult, ScanReport, VulnResult } from './types.js';

function pickOf(protocol: TlsProtocol, o: HelloOutcome, obs: Observations, item: (h: Extract<HelloOutcome, { kind: 'accepted' }>) => number | null): PickResult {
  if (o.kind === 'refused') return { kind: 'refused', alert: o.alert, reason: o.reason };
  const got = o.hello.negotiatedVersion;
  if (got !== versionCode(protocol)) {
    return { kind: 'refused', alert: null, reason: `the server answered with version 0x${got.toString(16).padStart(4, '0')}` };
  }
  obs.note(protocol, o);
  const it = item(o);
  return it === null ? { kind: 'refused', alert: null, reason: 'no selection in the answer' } : { kind: 'picked', item: it };
}

interface ProtocolRun {
  result: ProtocolResult;
  accepted: number[];
}

export type ProgressFn = (done: number, label: string) => void;

const likelyGroups = new Set([29, 23, 30, 25, 24, 256, 257, 258, 259, 260, 0x11ec, 0x11eb, 0x11ed]);
function orderedGroups(all: readonly number[]): number[] {
  const likely = [...likelyGroups].filter((g) => all.includes(g));
  return [...likely, ...all.filter((g) => !likelyGroups.has(g))];
}

/** The probe steps of one scan, over its context (connections) and observations (side facts). */
class Steps {
  readonly obs = new Observations();
  private readonly timeout: number;
  // TLS 1.3 groups are learnt on the side of the suite probes too: those hellos carry no key
  // share, so the server names its group in a HelloRetryRequest anyway. Offering the groups not
  // seen yet first (then the seen ones, so the suite answer never depends on the groups) makes
  // each suite probe also a group pick-and-remove step, and the group enumeration that follows
  // starts where they left off (a server that chooses groups by its own order names the same one
  // each time, and nothing is lost).
  private readonly groups13Candidates = orderedGroups(TLS13_GROUPS);
  private readonly groups13Seen: number[] = [];

  constructor(readonly ctx: ScanContext, readonly serverName: string | undefined) {
    this.timeout = ctx.options.timeoutMs;
  }

  hello(protocol: TlsProtocol, suites: readonly number[], extra: { groups?: readonly number[]; fallbackScsv?: boolean } = {}) {
    const serverName = this.serverName;
    return (t: Parameters<typeof tlsHello>[0]) => tlsHello(t, { protocol, suites, ...(serverName ? { serverName } : {}), ...extra }, this.timeout);
  }

  private suiteHello(protocol: TlsProtocol, offered: readonly number[]) {
    return protocol !== 'TLSv1.3' ? this.hello(protocol, offered)
      : this.hello(protocol, offered, { groups: [...this.groups13Candidates.filter((g) => !this.groups13Seen.includes(g)), ...this.groups13Seen] });
  }

  private sawGroup13(protocol: TlsProtocol, o: HelloOutcome): HelloOutcome {
    const g = o.kind === 'accepted' && o.hello.helloRetryRequest ? o.hello.keyShareGroup : null;
    if (protocol === 'TLSv1.3' && g !== null && this.groups13Candidates.includes(g) && !this.groups13Seen.includes(g)) this.groups13Seen.push(g);
    return o;
  }

  async protocol(protocol: TlsProtocol): Promise<ProtocolRun> {
    const ctx = this.ctx;
    const candidates = candidateSuites(protocol);
    const pick: PickFn = async (offered, more) => pickOf(protocol, this.sawGroup13(protocol, await ctx.probe(`${protocol} cipher suites`, this.suiteHello(protocol, offered), more)), this.obs, (o) => o.hello.cipherSuite);
    const tls12plus = protocol === 'TLSv1.2' || protocol === 'TLSv1.3';
    // Chains buy parallelism, which pays only when the server is far; each costs one refused
    // hello. The scan learns the distance from its first connection, before any chain starts.
    const far = protocol === 'TLSv1.2' ? 5 : protocol === 'TLSv1.3' ? 1 : 2;
    const near = protocol === 'TLSv1.2' ? 2 : 1;
    const r = await enumerate(candidates, pick, {
      maxChains: () => (ctx.near ? near : far),
      parallelFirstRound: tls12plus,
      likely: isLikely,
    });
    const offered = r.accepted.length > 0 ? true : r.error !== undefined ? null : false;
    const failure = r.error !== undefined ? toMailtlsError(r.error, 'ETLS_PROTOCOL') : undefined;
    const error = failure ? `${failure.code}: ${failure.message}` : undefined;
    let chacha: boolean | null | undefined;
    if (r.serverPreference === true) chacha = await this.chachaPriority(protocol, r.accepted);
    return {
      accepted: r.accepted,
      result: {
        version: protocol, offered, serverPreference: r.serverPreference,
        // Server order when the server chooses; otherwise by code, which is easy to compare with other tools.
        ciphers: (r.serverPreference === true ? r.accepted : [...r.accepted].sort((x, y) => x - y)).map(cipherRef),
        ...(chacha !== undefined ? { chacha20Priority: chacha } : {}),
        ...(error !== undefined ? { error } : {}),
      },
    };
  }

  /** OpenSSL's PRIORITIZE_CHACHA: with server order, ChaCha20 wins only if the client lists it first. */
  private async chachaPriority(protocol: TlsProtocol, order: number[]): Promise<boolean | null | undefined> {
    const chacha = order.find(isChacha);
    const top = order[0];
    if (chacha === undefined || top === undefined || top === chacha) return undefined;
    try {
      const o = await this.ctx.probe(`${protocol} ChaCha20 priority`, this.hello(protocol, [chacha, top]));
      return o.kind === 'accepted' ? o.hello.cipherSuite === chacha : null;
    } catch {
      return null; // recorded in ctx.errors by probe(); the report says "unknown"
    }
  }

  async groups13(suites: number[]): Promise<{ order: number[]; serverPreference: boolean | null }> {
    const seen = [...this.groups13Seen];
    const candidates = this.groups13Candidates.filter((g) => !seen.includes(g));
    const pick: PickFn = async (offered, more) => pickOf('TLSv1.3', await this.ctx.probe('TLSv1.3 groups', this.hello('TLSv1.3', suites, { groups: offered }), more), this.obs, (o) => (o.hello.helloRetryRequest ? o.hello.keyShareGroup : null));
    // Sequential: groups are off the critical path, and OpenSSL picks them in server order anyway.
    const r = await enumerate(candidates, pick, { maxChains: 1, parallelFirstRound: false, detectPreference: false, likely: (g) => likelyGroups.has(g) });
    return { order: [...seen, ...r.accepted], serverPreference: r.serverPreference };
  }

  async curves12(protocol: TlsProtocol, suites: number[]): Promise<void> {
    const ecdhe = suites.filter((s) => cipherSuiteByCode(s)?.kx === 'ECDHE');
    if (ecdhe.length === 0) return;
    const candidates = orderedGroups(LEGACY_GROUPS.filter((g) => g < 256));
    const pick: PickFn = async (offered, more) => pickOf(protocol, await this.ctx.probe(`${protocol} curves`, this.hello(protocol, ecdhe, { groups: offered }), more), this.obs, (o) => (o.ske?.kind === 'ecdhe' ? o.ske.group : null));
    await enumerate(candidates, pick, { maxChains: 1, parallelFirstRound: false, detectPreference: false, likely: (g) => likelyGroups.has(g) });
  }

  async fallback(lower: TlsProtocol, suites: readonly number[]): Promise<boolean | null> {
    this.obs.fallbackProbed = true;
    try {
      const o = await this.ctx.probe(`${lower} TLS_FALLBACK_SCSV`, this.hello(lower, suites, { fallbackScsv: true }));
      if (o.kind === 'refused') return o.alert === 86 ? true : null;
      if (o.hello.negotiatedVersion !== versionCode(lower)) return null;
      return false;
    } catch {
      return null; // recorded in ctx.errors by probe(); the report says "unknown"
    }
  }

  async sslv2(): Promise<ProtocolResult> {
    try {
      const o = await this.ctx.probe('SSLv2', (t) => sslv2Hello(t, this.timeout));
      if (o.kind === 'refused') return { version: 'SSLv2', offered: false, serverPreference: null, ciphers: [] };
      if (o.certificate) {
        const key = Buffer.from(o.certificate).toString('base64');
        if (!this.obs.chains.has(key)) this.obs.chains.set(key, { chain: [o.certificate], servedFor: new Set(['SSLv2']) });
      }
      const kinds = o.cipherSpecs.filter((c) => c > 0xffff);
      return { version: 'SSLv2', offered: kinds.length > 0, serverPreference: null, ciphers: kinds.map(cipherRef) };
    } catch (err) {
      return { version: 'SSLv2', offered: null, serverPreference: null, ciphers: [], error: toMailtlsError(err).message };
    }
  }
}

/** The address to scan: the one given, the host when it is an address, else the host's name resolved. */
async function addressOf(target: ScanTarget): Promise<string> {
  const given = target.address ?? (isIP(target.host) !== 0 ? target.host : null);
  if (given !== null) return given;
  // Loaded only for names: most scans of a lab or a known server give an address, and every
  // module loaded is start-up time (a scan of a near server takes about as long as Node's start).
  const { lookup } = await import('node:dns/promises');
  return (await lookup(target.host)).address;
}

export async function scanHost(target: ScanTarget, opts: Partial<ScanOptions> = {}, onProgress?: ProgressFn): Promise<ScanReport> {
  const started = Date.now();
  const options: ScanOptions = { ...DEFAULT_SCAN_OPTIONS, ...opts };
  let ip: string;
  try {
    ip = await addressOf(target);
  } catch (err) {
    const e = toMailtlsError(err, 'ENETWORK', { host: target.host, port: target.port });
    return emptyReport(target, null, `cannot resolve ${target.host}: ${e.message}`, Date.now() - started);
  }
  const ctx = new ScanContext({ ...target, host: ip }, options, onProgress);
  const serverName = isIP(target.host) === 0 ? target.host : undefined;
  const steps = new Steps(ctx, serverName);
  const obs = steps.obs;

  // --- schedule: the long TLS 1.2 enumeration first, everything else alongside ---
  const tls12 = steps.protocol('TLSv1.2');
  const tls13 = steps.protocol('TLSv1.3');
  const groups13 = tls13.then((r) => (r.accepted.length > 0 ? steps.groups13(r.accepted.slice(0, 5)) : null));
  // With TLS 1.3 offered, a TLS 1.2 hello carrying TLS_FALLBACK_SCSV must be refused (RFC 7507 section 3).
  const fallback = tls13.then(async (r13) => (r13.accepted.length > 0 ? steps.fallback('TLSv1.2', candidateSuites('TLSv1.2')) : null));
  const older = (['TLSv1.1', 'TLSv1.0', 'SSLv3'] as const).map((p) => steps.protocol(p));
  const curves = Promise.all([tls13, tls12]).then(([r13, r12]) => (r13.accepted.length === 0 && r12.accepted.length > 0 ? steps.curves12('TLSv1.2', r12.accepted) : undefined));
  const sslv2 = steps.sslv2();
  const discovery = discover(ctx, target, serverName, options);

  // --vulns: the probes that need connections start once every protocol below TLS 1.3 is known.
  const probed = options.vulns === true
    ? Promise.all([tls12, tls13, Promise.all(older)]).then(([a, b, c]) => runVulnProbes(ctx, obs, [a, ...c], b.accepted.length > 0, serverName))
    : Promise.resolve([]);

  const [r12, r13, g13, fb13, olderRuns, v2, disc, , probedVulns] = await Promise.all([tls12, tls13, groups13, fallback, Promise.all(older), sslv2, discovery, curves, probed]);
  const [r11, r10, r3] = olderRuns as [ProtocolRun, ProtocolRun, ProtocolRun];
  // Without TLS 1.3, the fallback test uses the highest two of the older versions.
  let fallbackScsv = fb13;
  if (fallbackScsv === null && r13.accepted.length === 0) {
    const offeredOld = [r12, r11, r10, r3].filter((r) => r.accepted.length > 0);
    const lower = offeredOld[1];
    if (lower) fallbackScsv = await steps.fallback(lower.result.version as TlsProtocol, lower.accepted);
  }

  const certificates = await collectCertificates(ctx, obs, target, options, serverName, disc, r13.accepted.length > 0);
  ctx.finish();
  return assembleReport({
    target, ip,
    protocols: [v2, r3.result, r10.result, r11.result, r12.result, r13.result],
    tls13Offered: r13.accepted.length > 0,
    groups13: g13,
    observations: obs,
    fallbackScsv,
    certificates,
    smtp: disc.smtp, mailbox: disc.mailbox ?? null, ticket: disc.ticket,
    fatal: ctx.fatal ?? disc.fatal,
    errors: ctx.errors,
    unfinished: ctx.unfinished,
    pacing: ctx.pacing(),
    probedVulns,
    stats: { connections: ctx.connections, durationMs: Date.now() - started, sourceAddresses: [...ctx.connector.localAddresses] },
  });
}

/** Every distinct leaf seen in the clear, else the node:tls one; with TLS 1.3 only, the other key type's leaf too. */
async function collectCertificates(
  ctx: ScanContext, obs: Observations, target: ScanTarget, options: ScanOptions, serverName: string | undefined, disc: Discovery, tls13: boolean,
): Promise<CertificateResult[]> {
  const describe = (chain: readonly Uint8Array[], servedFor: string[]) => {
    const c = describeCertificate(chain, target.host, servedFor, new Date(), options.trustStore);
    return c && options.keepChains === true ? { ...c, chainDer: chain.map((d) => Buffer.from(d).toString('base64')) } : c;
  };
  const certificates: CertificateResult[] = [];
  for (const { chain, servedFor } of obs.chains.values()) {
    const c = describe(chain, newestFirst([...servedFor]));
    if (c) certificates.push(c);
  }
  if (certificates.length === 0 && disc.peer && disc.peer.chain.length > 0) {
    const c = describe(disc.peer.chain, [disc.peer.protocol ?? 'TLS']);
    if (c) certificates.push(c);
  }

  // TLS 1.3 only: certificates travel encrypted, so ask node:tls once more with the other key
  // type's signature algorithms to reach the second leaf of a dual-certificate server.
  if (obs.chains.size === 0 && tls13 && certificates.length === 1) {
    const other = certificates[0]?.keyType === 'RSA' ? 'ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ed25519:ed448' : 'rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_pss_sha256:RSA+SHA256';
    try {
      const peer = await ctx.probe('TLSv1.3 second certificate', async (t) => {
        const up = await upgradeToTls(t, serverName, options.timeoutMs, undefined, other);
        up.transport.close();
        return up.peer;
      });
      const c = peer.chain.length > 0 ? describe(peer.chain, ['TLSv1.3']) : null;
      if (c && !certificates.some((x) => x.fingerprintSha256 === c.fingerprintSha256)) certificates.push(c);
    } catch {
      // a server with one certificate refuses the other signature algorithms: nothing more to learn
    }
  }
  return certificates;
}

/** The full session: SMTP (discover-smtp.ts) or IMAP, POP3, ManageSieve (discover-mailbox.ts). */
async function discover(ctx: ScanContext, target: ScanTarget, serverName: string | undefined, options: ScanOptions): Promise<Discovery> {
  const mailbox = mailboxProtocol(target);
  if (mailbox !== null) return { smtp: null, ...(await discoverMailbox(ctx, mailbox, target, serverName, options)) };
  return discoverSmtp(ctx, target, serverName, options);
}

/** The --vulns probes over the scan's connector, from what the enumeration found. */
async function runVulnProbes(ctx: ScanContext, obs: Observations, legacyRuns: ProtocolRun[], tls13: boolean, serverName: string | undefined): Promise<VulnResult[]> {
  const runs = legacyRuns.filter((r) => r.accepted.length > 0 && r.result.version !== 'SSLv2');
  const best = runs[0];
  const isRsa = (c: number) => {
    const s = cipherSuiteByCode(c);
    return s !== undefined && s.kx === 'RSA' && !s.export;
  };
  const rsaRun = runs.find((r) => r.accepted.some(isRsa));
  const env: VulnEnv = {
    probe: (name, fn) => ctx.probe(name, fn),
    timeoutMs: ctx.options.timeoutMs,
    ...(serverName !== undefined ? { serverName } : {}),
    legacy: best ? { protocol: best.result.version as LegacyProtocol, suites: best.accepted } : null,
    tls13,
  };
  return probeVulns(env, {
    rsa: rsaRun ? { protocol: rsaRun.result.version as LegacyProtocol, suites: rsaRun.accepted.filter(isRsa) } : null,
    legacyTickets: obs.legacyTickets,
    heartbeat: obs.heartbeatAsked > 0 ? obs.heartbeat : null,
  });
}
