/**
 * `mailtls listen --probe-postfix DIR`: what the Postfix of DIR offers when it delivers, at each
 * smtp_tls_security_level. A lab copy of DIR (src/lab: the user's files are read, never
 * written) gets one smtp transport per level (a clone of its own `smtp unix` entry with
 * `-o smtp_tls_security_level=LEVEL`) and a transport map that sends mail for
 * LEVEL.probe.mailtls.test to the capture server; one message per level goes in through the
 * lab's sendmail, and the capture server records what the smtp client offered.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MailtlsError, toMailtlsError } from '../errors.js';
import { labDown, labUp, type LabInstance } from '../lab/instance.js';
import { labPostconf, labSendmail } from '../lab/send.js';
import type { Profile } from '../policy/profiles.js';
import { governingParameters, gradeOffer } from './grade.js';
import { CaptureServer, fallbackOf } from './run.js';
import type { LevelProbe, ListenReport, ListenSession } from './types.js';

export const PROBE_DOMAIN = 'probe.mailtls.test';
/** smtp_tls_policy.c: none, may, encrypt and the verifying levels; fingerprint verifies our certificate. */
export const DEFAULT_LEVELS: readonly string[] = ['none', 'may', 'encrypt', 'fingerprint'];
export const KNOWN_LEVELS: readonly string[] = ['none', 'may', 'encrypt', 'fingerprint', 'verify', 'secure'];

export interface ProbePostfixOptions {
  readonly configDir: string;
  readonly levels?: readonly string[];
  /** The lab instance's name (default mailtls-listen). */
  readonly labName?: string;
  readonly stateDir?: string;
  /** main.cf settings put over the lab copy (what-if: `--set smtp_tls_mandatory_protocols=>=TLSv1.3`). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly profile: Profile | null;
  readonly address?: string;
  readonly port?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** refuse: fail every handshake, to see what the client does next at each level. */
  readonly mode?: 'complete' | 'refuse';
  /** refuse: how long to wait for a retry after a refused handshake (default 5000 ms). */
  readonly retryWaitMs?: number;
}

/** The `smtp unix` entry of a master.cf, as lines (command line and continuations), and its -o overrides. */
export function smtpClientEntry(master: string): { lines: string[]; overrides: Map<string, string> } {
  const all = master.split('\n');
  let found: string[] | null = null;
  for (let i = 0; i < all.length; i++) {
    // The last entry of a name/type wins (master.cf(5)), so keep looking.
    if (/^smtp\s+unix\s/.test(all[i] ?? '')) {
      const lines = [all[i] as string];
      for (let j = i + 1; j < all.length && /^\s+\S/.test(all[j] ?? '') && !/^\s*#/.test(all[j] ?? ''); j++) lines.push(all[j] as string);
      found = lines;
    }
  }
  const lines = found ?? ['smtp      unix  -       -       n       -       -       smtp'];
  const overrides = new Map<string, string>();
  for (const m of lines.join(' ').matchAll(/-o\s+([A-Za-z0-9_]+)=(\S*)/g)) overrides.set(m[1] as string, m[2] as string);
  return { lines, overrides };
}

/** The master.cf text with one transport per level appended. */
export function withLevelTransports(master: string, levels: readonly string[], fingerprint: string): string {
  const { lines } = smtpClientEntry(master);
  const out = [master.replace(/\n*$/, '\n'), '# --- mailtls listen --probe-postfix: one smtp transport per TLS security level ---'];
  for (const level of levels) {
    out.push(lines[0]?.replace(/^smtp(\s)/, `mailtls-${level}$1`) ?? '');
    out.push(...lines.slice(1));
    out.push(`  -o syslog_name=postfix/mailtls-${level}`);
    out.push(`  -o smtp_tls_security_level=${level}`);
    if (level === 'fingerprint') out.push('  -o smtp_tls_fingerprint_digest=sha256', `  -o smtp_tls_fingerprint_cert_match=${fingerprint}`);
  }
  return `${out.join('\n')}\n`;
}

export async function probePostfix(opts: ProbePostfixOptions): Promise<ListenReport> {
  const levels = opts.levels ?? DEFAULT_LEVELS;
  for (const l of levels) if (!KNOWN_LEVELS.includes(l)) throw new MailtlsError('EUSAGE', `unknown smtp_tls_security_level "${l}" (one of ${KNOWN_LEVELS.join(', ')})`);
  // The lab runs Postfix with inet_protocols = ipv4 (src/lab/instance.ts): the listener must be on 127.0.0.0/8.
  if (opts.address !== undefined && !/^127\.\d+\.\d+\.\d+$/.test(opts.address)) throw new MailtlsError('EUSAGE', `--probe-postfix listens on 127.0.0.0/8 only, not "${opts.address}"`);
  const dir = resolve(opts.configDir);
  const masterText = await readFile(join(dir, 'master.cf'), 'utf8').catch((err: unknown) => {
    throw new MailtlsError('ECONFIG_NOTFOUND', `cannot read ${join(dir, 'master.cf')}: ${(err as Error).message}`, { place: { file: join(dir, 'master.cf') }, cause: err });
  });
  const server = new CaptureServer({ address: opts.address ?? '127.0.0.1', port: opts.port ?? 0, mode: opts.mode ?? 'complete', timeoutMs: opts.timeoutMs });
  await server.start();
  const tmp = await mkdtemp(join(tmpdir(), 'mailtls-probe-'));
  let lab: LabInstance | null = null;
  try {
    const masterFile = join(tmp, 'master.cf');
    await writeFile(masterFile, withLevelTransports(masterText, levels, server.fingerprint));
    const next = `[${server.address}]:${server.port}`;
    const transport = `inline:{${levels.map((l) => `${l}.${PROBE_DOMAIN}=mailtls-${l}:${next}`).join(', ')}}`;
    const settings: Record<string, string> = {
      transport_maps: transport,
      // The log then shows the smtp client's own view of each handshake.
      smtp_tls_loglevel: '1',
      // A session cached at one level would be offered again at the next: each level gets a fresh handshake.
      smtp_tls_session_cache_database: '',
      ...(opts.settings ?? {}),
    };
    lab = await labUp({ name: opts.labName ?? 'mailtls-listen', configDir: dir, masterFile, settings, ...(opts.stateDir !== undefined ? { stateDir: opts.stateDir } : {}), ...(opts.env ? { env: opts.env } : {}) });
    const entry = smtpClientEntry(masterText);
    const names = [...new Set(levels.flatMap((l) => governingParameters(l).names))];
    const values = await labPostconf(lab, names);
    const probes: LevelProbe[] = [];
    for (const level of levels) {
      const before = server.connections;
      const to = `probe@${level}.${PROBE_DOMAIN}`;
      await labSendmail(lab, `mailtls@${PROBE_DOMAIN}`, to, `From: mailtls <mailtls@${PROBE_DOMAIN}>\nTo: ${to}\nSubject: mailtls listen probe (${level})\n\nA test message from mailtls listen --probe-postfix; the capture server discards it.\n`);
      const mine = (all: readonly ListenSession[]) => all.filter((s) => s.index >= before);
      // Done when a message arrived, or when a session ended without one and no retry came within a grace period.
      const delivered = await server.waitFor((all) => mine(all).some((s) => s.message !== null), opts.mode === 'refuse' ? Math.min(opts.timeoutMs, opts.retryWaitMs ?? 5000) : opts.timeoutMs);
      if (!delivered) await server.waitFor((all) => mine(all).length > 0 && server.inProgress === 0, 2000);
      const sessions = mine(server.sessions);
      const withHello = sessions.find((s) => s.clientHello !== null);
      const gov = governingParameters(level);
      probes.push({
        level,
        kind: gov.kind,
        governing: gov.names.map((name) => ({ name, value: entry.overrides.get(name) ?? values.get(name) ?? '' })),
        sessions: sessions.map((s) => s.index),
        offer: withHello?.clientHello ?? null,
        negotiated: withHello ? { protocol: withHello.handshake.protocol, cipher: withHello.handshake.cipher } : null,
        delivered: sessions.some((s) => s.message !== null),
        plaintextFallback: fallbackOf(sessions)?.retriedInPlaintext ?? null,
        postfixLog: [],
        grade: opts.profile !== null && withHello?.clientHello ? gradeOffer(opts.profile, withHello.clientHello) : null,
        note: sessions.length === 0 ? `no connection within ${opts.timeoutMs} ms (see ${lab.logFile})`
          : level === 'none' && sessions.some((s) => s.starttls) ? 'STARTTLS was used at level none'
          : level !== 'none' && !sessions.some((s) => s.starttls) ? 'the client did not use STARTTLS' : null,
      });
    }
    // Each level's transport logs as postfix/mailtls-LEVEL/smtp (its -o syslog_name): Postfix's own view.
    const log = await readFile(lab.logFile, 'utf8').catch(() => '');
    const withLog = probes.map((p) => ({
      ...p,
      postfixLog: log.split('\n')
        .filter((l) => l.includes(`postfix/mailtls-${p.level}/smtp[`) && /TLS connection|status=|SSL_connect|TLS is required|Cannot start TLS/.test(l))
        .slice(0, 20)
        .map((l) => l.replace(/^.*?postfix\/mailtls-[a-z]+\/smtp\[\d+\]: /, '')),
    }));
    return server.report(opts.profile, {
      levels: withLog,
      postfix: { configDir: dir, lab: lab.name, version: lab.postfixVersion, changes: lab.changes },
      complete: probes.every((p) => p.sessions.length > 0),
    });
  } catch (err) {
    const e = toMailtlsError(err, 'ELAB_START');
    return server.report(opts.profile, { complete: false, error: { code: e.code, message: e.message } });
  } finally {
    if (lab !== null) await labDown(lab.name, opts.stateDir !== undefined ? { stateDir: opts.stateDir } : {}).catch(() => undefined);
    await server.close();
    await rm(tmp, { recursive: true, force: true });
  }
}
