/**
 * The scan: probes as small steps scheduled concurrently within the per-host connection limit.
 * Every protocol is enumerated at once (pick-and-remove, enumerate.ts); groups, fallback and
 * ChaCha20 checks start as soon as what they need is known; one node:tls session learns what
 * only a full handshake shows (EHLO after TLS, RFC 3207 section 4.2). The result is plain data.
 */
import { isIP } from 'node:net';
import { toMailtlsError, type MailtlsError } from '../errors.js';
import { upgradeToTls, type TlsPeer } from '../net/tcp.js';
import { SmtpClient } from '../smtp/client.js';
import { groupByCode } from '../wire/registry/groups.js';
import { cipherSuiteByCode, formatSuiteCode } from '../wire/registry/cipher-suites.js';
import { enumerate, type PickFn, type PickResult } from './enumerate.js';
import { tlsHello, sslv2Hello, type HelloOutcome } from './handshake.js';
import { TLS13_GROUPS, LEGACY_GROUPS } from './hello.js';
import { versionCode } from '../wire/registry/versions.js';
import { candidateSuites, cipherRef, isChacha, isLikely } from './suites.js';
import { describeCertificate } from './certs.js';
import { scanFindings } from './findings.js';
import { ScanContext, DEFAULT_SCAN_OPTIONS, mailboxProtocol, targetRole, type ScanOptions, type ScanTarget } from './context.js';
import { discoverMailbox } from './discover-mailbox.js';
import { allVulns, probeVulns, type LegacyProtocol, type VulnEnv } from './vulns/index.js';
import type { VulnResult } from './types.js';
import type { CertificateResult, GroupResult, MailboxFacts, ProtocolName, ProtocolResult, ScanReport, SmtpFacts, TlsFacts } from './types.js';

type TlsProtocol = Exclude<ProtocolName, 'SSLv2'>;

/** Side facts gathered from every accepted hello. */
class Observations {
  readonly chains = new Map<string, { chain: Uint8Array[]; servedFor: Set<string> }>();
  dhBits: number | null = null;
  readonly dhSuites = new Set<string>();
  readonly groups = new Map<number, Set<ProtocolName>>();
  legacyAccepted = 0;
  reneg = false;
  ems = false;
  cbcPicks = 0;
  etm = false;
  tickets = false;
  compression: number | null = null;
  hrr = false;
  /** TLS ≤1.2 ServerHellos that offered a session ticket (Ticketbleed). */
  legacyTickets = false;
  /** A TLS 1.0-1.2 ServerHello echoed the heartbeat extension every such scan hello offers (Heartbleed). */
  heartbeat = false;
  /** TLS 1.0-1.2 ServerHellos seen (SSLv3 hellos carry no extensions). */
  heartbeatAsked = 0;
  /** Lower-version ServerHellos with and without the RFC 8446 downgrade sentinel. */
  readonly sentinel = new Map<ProtocolName, { with: number; without: number }>();
  /** Distinct DH primes seen (Logjam's common primes), by hex, with whether only anonymous suites got them. */
  readonly dhPrimes = new Map<string, { p: Uint8Array; anon: boolean }>();
  /** Smallest DH prime of an authenticated (non-anonymous) suite. */
  dhAuthBits: number | null = null;
  fallbackProbed = false;

  note(protocol: TlsProtocol, o: Extract<HelloOutcome, { kind: 'accepted' }>): void {
    const h = o.hello;
    const suite = cipherSuiteByCode(h.cipherSuite);
    if (h.sessionTicket) this.tickets = true;
    if (protocol === 'TLSv1.3') {
      if (h.helloRetryRequest) this.hrr = true;
      if (h.keyShareGroup !== null) this.group(h.keyShareGroup, 'TLSv1.3');
      return;
    }
    this.legacyAccepted++;
    if (h.sessionTicket) this.legacyTickets = true;
    if (protocol !== 'SSLv3') {
      this.heartbeatAsked++;
      if (h.heartbeat !== null) this.heartbeat = true;
    }
    // RFC 8446 section 4.1.3: DOWNGRD01 for TLS 1.2, DOWNGRD00 below (judged only if TLS 1.3 is offered).
    const s = this.sentinel.get(protocol) ?? { with: 0, without: 0 };
    if (h.downgradeSentinel === (protocol === 'TLSv1.2' ? 'TLSv1.2' : 'TLSv1.1')) s.with++;
    else s.without++;
    this.sentinel.set(protocol, s);
    if (h.renegotiationInfo !== null) this.reneg = true;
    if (h.extendedMasterSecret) this.ems = true;
    if (suite?.cbc) {
      this.cbcPicks++;
      if (h.encryptThenMac) this.etm = true;
    }
    this.compression = Math.max(this.compression ?? 0, h.compression);
    if (o.chain && o.chain.length > 0 && suite && suite.auth !== 'anon') {
      const key = Buffer.from(o.chain[0] as Uint8Array).toString('base64');
      const entry = this.chains.get(key) ?? { chain: o.chain, servedFor: new Set<string>() };
      entry.servedFor.add(`${protocol} ${suite.auth}`);
      this.chains.set(key, entry);
    }
    if (o.ske?.kind === 'dhe') {
      const bits = o.ske.primeBits;
      const hex = Buffer.from(o.ske.p).toString('hex');
      const anon = suite?.auth === 'anon';
      const known = this.dhPrimes.get(hex);
      if (known) known.anon &&= anon;
      else if (this.dhPrimes.size < 16) this.dhPrimes.set(hex, { p: o.ske.p, anon });
      if (!anon && (this.dhAuthBits === null || bits < this.dhAuthBits)) this.dhAuthBits = bits;
      if (this.dhBits === null || bits < this.dhBits) {
        this.dhBits = bits;
        this.dhSuites.clear();
      }
      if (bits === this.dhBits) this.dhSuites.add(suite?.openssl ?? suite?.iana ?? String(h.cipherSuite));
    }
    if (o.ske?.kind === 'ecdhe' && o.ske.group !== null) this.group(o.ske.group, protocol);
  }

  group(code: number, protocol: ProtocolName): void {
    const set = this.groups.get(code) ?? new Set<ProtocolName>();
    set.add(protocol);
    this.groups.set(code, set);
  }
}

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

export async function scanHost(target: ScanTarget, opts: Partial<ScanOptions> = {}, onProgress?: ProgressFn): Promise<ScanReport> {
  const started = Date.now();
  const options: ScanOptions = { ...DEFAULT_SCAN_OPTIONS, ...opts };
  let ip: string | null = target.address ?? (isIP(target.host) !== 0 ? target.host : null);
  if (ip === null) {
    try {
      // Loaded only for names: most scans of a lab or a known server give an address, and every
      // module loaded is start-up time (a scan of a near server takes about as long as Node's start).
      const { lookup } = await import('node:dns/promises');
      ip = (await lookup(target.host)).address;
    } catch (err) {
      const e = toMailtlsError(err, 'ENETWORK', { host: target.host, port: target.port });
      return emptyReport(target, null, `cannot resolve ${target.host}: ${e.message}`, started);
    }
  }
  const ctx = new ScanContext({ ...target, host: ip }, options, onProgress);
  const obs = new Observations();
  const serverName = isIP(target.host) === 0 ? target.host : undefined;
  const timeout = options.timeoutMs;
  const hello = (protocol: TlsProtocol, suites: readonly number[], extra: { groups?: readonly number[]; fallbackScsv?: boolean } = {}) =>
    (t: Parameters<typeof tlsHello>[0]) => tlsHello(t, { protocol, suites, ...(serverName ? { serverName } : {}), ...extra }, timeout);

  // TLS 1.3 groups are learnt on the side of the suite probes too: those hellos carry no key
  // share, so the server names its group in a HelloRetryRequest anyway. Offering the groups not
  // seen yet first (then the seen ones, so the suite answer never depends on the groups) makes
  // each suite probe also a group pick-and-remove step, and the group enumeration that follows
  // starts where they left off (a server that chooses groups by its own order names the same one
  // each time, and nothing is lost).
  const groups13Candidates = orderedGroups(TLS13_GROUPS);
  const groups13Seen: number[] = [];
  const suiteHello = (protocol: TlsProtocol, offered: readonly number[]) => (protocol !== 'TLSv1.3' ? hello(protocol, offered)
    : hello(protocol, offered, { groups: [...groups13Candidates.filter((g) => !groups13Seen.includes(g)), ...groups13Seen] }));
  const sawGroup13 = (protocol: TlsProtocol, o: HelloOutcome): HelloOutcome => {
    const g = o.kind === 'accepted' && o.hello.helloRetryRequest ? o.hello.keyShareGroup : null;
    if (protocol === 'TLSv1.3' && g !== null && groups13Candidates.includes(g) && !groups13Seen.includes(g)) groups13Seen.push(g);
    return o;
  };

  const runProtocol = async (protocol: TlsProtocol): Promise<ProtocolRun> => {
    const candidates = candidateSuites(protocol);
    const pick: PickFn = async (offered, more) => pickOf(protocol, sawGroup13(protocol, await ctx.probe(`${protocol} cipher suites`, suiteHello(protocol, offered), more)), obs, (o) => o.hello.cipherSuite);
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
    if (r.serverPreference === true) chacha = await chachaPriority(protocol, r.accepted);
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
  };

  /** OpenSSL's PRIORITIZE_CHACHA: with server order, ChaCha20 wins only if the client lists it first. */
  const chachaPriority = async (protocol: TlsProtocol, order: number[]): Promise<boolean | null | undefined> => {
    const chacha = order.find(isChacha);
    const top = order[0];
    if (chacha === undefined || top === undefined || top === chacha) return undefined;
    try {
      const o = await ctx.probe(`${protocol} ChaCha20 priority`, hello(protocol, [chacha, top]));
      return o.kind === 'accepted' ? o.hello.cipherSuite === chacha : null;
    } catch {
      return null;
    }
  };

  const runGroups13 = async (suites: number[]): Promise<{ order: number[]; serverPreference: boolean | null }> => {
    const seen = [...groups13Seen];
    const candidates = groups13Candidates.filter((g) => !seen.includes(g));
    const pick: PickFn = async (offered, more) => pickOf('TLSv1.3', await ctx.probe('TLSv1.3 groups', hello('TLSv1.3', suites, { groups: offered }), more), obs, (o) => (o.hello.helloRetryRequest ? o.hello.keyShareGroup : null));
    // Sequential: groups are off the critical path, and OpenSSL picks them in server order anyway.
    const r = await enumerate(candidates, pick, { maxChains: 1, parallelFirstRound: false, detectPreference: false, likely: (g) => likelyGroups.has(g) });
    return { order: [...seen, ...r.accepted], serverPreference: r.serverPreference };
  };

  const runCurves12 = async (protocol: TlsProtocol, suites: number[]): Promise<void> => {
    const ecdhe = suites.filter((s) => cipherSuiteByCode(s)?.kx === 'ECDHE');
    if (ecdhe.length === 0) return;
    const candidates = orderedGroups(LEGACY_GROUPS.filter((g) => g < 256));
    const pick: PickFn = async (offered, more) => pickOf(protocol, await ctx.probe(`${protocol} curves`, hello(protocol, ecdhe, { groups: offered }), more), obs, (o) => (o.ske?.kind === 'ecdhe' ? o.ske.group : null));
    await enumerate(candidates, pick, { maxChains: 1, parallelFirstRound: false, detectPreference: false, likely: (g) => likelyGroups.has(g) });
  };

  const runFallback = async (lower: TlsProtocol, suites: readonly number[]): Promise<boolean | null> => {
    obs.fallbackProbed = true;
    try {
      const o = await ctx.probe(`${lower} TLS_FALLBACK_SCSV`, hello(lower, suites, { fallbackScsv: true }));
      if (o.kind === 'refused') return o.alert === 86 ? true : null;
      if (o.hello.negotiatedVersion !== versionCode(lower)) return null;
      return false;
    } catch {
      return null;
    }
  };

  const runSslv2 = async (): Promise<ProtocolResult> => {
    try {
      const o = await ctx.probe('SSLv2', (t) => sslv2Hello(t, timeout));
      if (o.kind === 'refused') return { version: 'SSLv2', offered: false, serverPreference: null, ciphers: [] };
      if (o.certificate) {
        const key = Buffer.from(o.certificate).toString('base64');
        if (!obs.chains.has(key)) obs.chains.set(key, { chain: [o.certificate], servedFor: new Set(['SSLv2']) });
      }
      const kinds = o.cipherSpecs.filter((c) => c > 0xffff);
      return { version: 'SSLv2', offered: kinds.length > 0, serverPreference: null, ciphers: kinds.map(cipherRef) };
    } catch (err) {
      return { version: 'SSLv2', offered: null, serverPreference: null, ciphers: [], error: toMailtlsError(err).message };
    }
  };

  // --- schedule: the long TLS 1.2 enumeration first, everything else alongside ---
  const tls12 = runProtocol('TLSv1.2');
  const tls13 = runProtocol('TLSv1.3');
  const groups13 = tls13.then((r) => (r.accepted.length > 0 ? runGroups13(r.accepted.slice(0, 5)) : null));
  // With TLS 1.3 offered, a TLS 1.2 hello carrying TLS_FALLBACK_SCSV must be refused (RFC 7507 section 3).
  const fallback = tls13.then(async (r13) => (r13.accepted.length > 0 ? runFallback('TLSv1.2', candidateSuites('TLSv1.2')) : null));
  const older = (['TLSv1.1', 'TLSv1.0', 'SSLv3'] as const).map((p) => runProtocol(p));
  const curves = Promise.all([tls13, tls12]).then(([r13, r12]) => (r13.accepted.length === 0 && r12.accepted.length > 0 ? runCurves12('TLSv1.2', r12.accepted) : undefined));
  const sslv2 = runSslv2();
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
    if (lower) fallbackScsv = await runFallback(lower.result.version as TlsProtocol, lower.accepted);
  }

  // --- certificates: every distinct leaf seen in the clear, else the node:tls one ---
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
  if (obs.chains.size === 0 && r13.accepted.length > 0 && certificates.length === 1) {
    const other = certificates[0]?.keyType === 'RSA' ? 'ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ed25519:ed448' : 'rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_pss_sha256:RSA+SHA256';
    try {
      const peer = await ctx.probe('TLSv1.3 second certificate', async (t) => {
        const up = await upgradeToTls(t, serverName, timeout, undefined, other);
        up.transport.close();
        return up.peer;
      });
      const c = peer.chain.length > 0 ? describe(peer.chain, ['TLSv1.3']) : null;
      if (c && !certificates.some((x) => x.fingerprintSha256 === c.fingerprintSha256)) certificates.push(c);
    } catch {
      // a server with one certificate refuses the other signature algorithms: nothing more to learn
    }
  }

  ctx.finish();
  const groups: GroupResult[] = [];
  const groupOrder = g13 ? [...g13.order, ...[...obs.groups.keys()].filter((g) => !g13.order.includes(g))] : [...obs.groups.keys()];
  for (const code of groupOrder) {
    const g = groupByCode(code);
    const protocols = newestFirst([...(obs.groups.get(code) ?? new Set<ProtocolName>(['TLSv1.3']))]);
    groups.push({
      name: g?.name ?? formatSuiteCode(code), code: formatSuiteCode(code),
      kind: g?.kind === 'ec' ? 'ECDHE' : g?.kind === 'ff' ? 'FFDHE' : g?.kind === 'hybrid' || g?.kind === 'pq' ? 'hybrid' : 'other',
      bits: g?.bits ?? null, protocols,
    });
  }

  const protocols: ProtocolResult[] = [v2, r3.result, r10.result, r11.result, r12.result, r13.result];
  const legacy = obs.legacyAccepted > 0;
  const tls: TlsFacts = {
    secureRenegotiation: legacy ? obs.reneg : null,
    extendedMasterSecret: legacy ? obs.ems : null,
    encryptThenMac: obs.cbcPicks > 0 ? obs.etm : null,
    // TLS ≤1.2: the ServerHello echoes the session_ticket extension (RFC 5077 section 3.2); TLS 1.3
    // tickets come only after the handshake, so the full session tells (RFC 8446 section 4.6.1).
    sessionTickets: obs.tickets || disc.ticket === true ? true : legacy || disc.ticket === false ? false : null,
    compression: obs.compression === null ? null : obs.compression === 0 ? 'none' : obs.compression === 1 ? 'DEFLATE' : `method ${obs.compression}`,
    fallbackScsv,
    dhBits: obs.dhBits,
    dhBitsSuites: [...obs.dhSuites].sort(),
    helloRetryRequest: r13.accepted.length > 0 ? obs.hrr : null,
  };
  const smtp = disc.smtp;
  const fatal = ctx.fatal ?? disc.fatal;
  const anyOffered = protocols.some((p) => p.offered === true);
  const broken = protocols.find((p) => p.error !== undefined);
  const error = fatal ? fatal.toLine()
    : !anyOffered && ctx.errors.length > 0 ? `no TLS handshake succeeded (${ctx.errors[0]?.code}: ${ctx.errors[0]?.message})`
    : broken ? `${broken.version} could not be enumerated completely: ${broken.error ?? ''}`
    : null;
  const base = {
    target: targetFacts(target, ip),
    complete: error === null,
    error,
    protocols, groups, certificates, tls, smtp, mailbox: disc.mailbox ?? null,
    errors: ctx.errors,
  };
  const vulns = allVulns(base, { sentinel: obs.sentinel, dhPrimes: [...obs.dhPrimes.values()], dhAuthBits: obs.dhAuthBits, fallbackProbed: obs.fallbackProbed, heartbeat: obs.heartbeatAsked > 0 ? obs.heartbeat : null }, probedVulns);
  const findings = scanFindings({ ...base, vulns, findings: [], stats: { connections: 0, durationMs: 0 } }, { groupsServerPreference: g13?.serverPreference ?? null });
  return { ...base, findings, vulns, stats: { connections: ctx.connections, durationMs: Date.now() - started, sourceAddresses: [...ctx.connector.localAddresses] } };
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

const PROTOCOL_RANK: readonly string[] = ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1.0', 'SSLv3', 'SSLv2'];

/**
 * Probes of all protocols run at once, so the order in which they first saw a certificate or a
 * group is a race; reports list protocols newest first instead, the same in every run.
 */
function newestFirst<T extends string>(labels: T[]): T[] {
  const rank = (l: string) => {
    const i = PROTOCOL_RANK.indexOf(l.split(' ')[0] ?? '');
    return i < 0 ? PROTOCOL_RANK.length : i;
  };
  return labels.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const likelyGroups = new Set([29, 23, 30, 25, 24, 256, 257, 258, 259, 260, 0x11ec, 0x11eb, 0x11ed]);
function orderedGroups(all: readonly number[]): number[] {
  const likely = [...likelyGroups].filter((g) => all.includes(g));
  return [...likely, ...all.filter((g) => !likelyGroups.has(g))];
}

interface Discovery {
  smtp: SmtpFacts | null;
  /** IMAP, POP3, ManageSieve (discover-mailbox.ts). */
  mailbox?: MailboxFacts | null;
  peer: TlsPeer | null;
  fatal: MailtlsError | null;
  /** A session ticket arrived during the full session (TLS 1.3 sends them only after the handshake); null: no full session. */
  ticket: boolean | null;
}

/** One full session: plaintext EHLO, STARTTLS (or implicit TLS), node:tls handshake, EHLO again, QUIT. */
async function discover(ctx: ScanContext, target: ScanTarget, serverName: string | undefined, options: ScanOptions): Promise<Discovery> {
  const mailbox = mailboxProtocol(target);
  if (mailbox !== null) return { smtp: null, ...(await discoverMailbox(ctx, mailbox, target, serverName, options)) };
  let transport;
  try {
    transport = await ctx.openChannel();
  } catch (err) {
    const e = toMailtlsError(err, 'ENETWORK', target);
    const noStarttls = e.code === 'ENOSTARTTLS';
    const plain = ctx.firstPlaintext;
    return {
      smtp: noStarttls ? smtpFacts(ctx, plain, null, false) : null,
      peer: null,
      fatal: e,
      ticket: null,
    };
  }
  const plain = target.starttls ? ctx.firstPlaintext : null;
  let peer: TlsPeer | null = null;
  let after: { banner: string | null; caps: string[]; auth: string[] } | null = null;
  let ticket: boolean | null = null;
  try {
    const up = await upgradeToTls(transport, serverName, options.timeoutMs);
    transport = up.transport;
    peer = up.peer;
    const client = new SmtpClient(transport, { ehloName: options.ehloName, timeoutMs: options.timeoutMs, greetTimeoutMs: options.greetTimeoutMs });
    let banner: string | null = null;
    if (!target.starttls) banner = (await client.greeting()).lines.join('\n');
    const caps = await client.ehlo();
    after = { banner, caps: [...caps.lines], auth: [...caps.auth] };
    await client.quit();
    ticket = up.peer.ticketReceived();
  } catch (err) {
    const e = toMailtlsError(err, 'ETLS_PROTOCOL', target);
    ctx.errors.push({ probe: 'EHLO after TLS (node:tls)', code: e.code, message: e.message });
  } finally {
    transport.close();
  }
  return { smtp: smtpFacts(ctx, plain, after, target.starttls ? true : null), peer, fatal: null, ticket };
}

function smtpFacts(ctx: ScanContext, plain: ScanContext['firstPlaintext'], after: { banner: string | null; caps: string[]; auth: string[] } | null, starttls: boolean | null): SmtpFacts {
  return {
    banner: plain?.banner ?? after?.banner ?? null,
    capabilities: plain ? [...plain.capabilities.lines] : [],
    capabilitiesAfterTls: after?.caps ?? [],
    starttls: plain ? plain.capabilities.starttls : starttls,
    authBeforeTls: plain ? [...plain.capabilities.auth] : [],
    authAfterTls: after?.auth ?? [],
    injectedAfterStarttls: plain ? (ctx.injected?.bytes ?? 0) : null,
    retries: ctx.retries,
  };
}

function emptyReport(target: ScanTarget, ip: string | null, error: string, started: number): ScanReport {
  return {
    target: targetFacts(target, ip),
    complete: false, error,
    protocols: [], groups: [], certificates: [],
    tls: { secureRenegotiation: null, extendedMasterSecret: null, encryptThenMac: null, sessionTickets: null, compression: null, fallbackScsv: null, dhBits: null, dhBitsSuites: [], helloRetryRequest: null },
    smtp: null, mailbox: null, findings: [], errors: [], stats: { connections: 0, durationMs: Date.now() - started },
  };
}

function targetFacts(target: ScanTarget, ip: string | null): ScanReport['target'] {
  const protocol = target.protocol ?? 'smtp';
  return { host: target.host, ip, port: target.port, starttls: target.starttls ? protocol : null, protocol, role: targetRole(target) };
}
