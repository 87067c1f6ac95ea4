/**
 * The join of the configuration and the wire: what the model predicts a service offers
 * against what the scan saw, each difference with its most likely cause, checked against the
 * system (system.ts) rather than guessed:
 * - other-listener: the port's listening socket is not held by Postfix's master (or its
 *   children), or another process holds one too (SO_REUSEPORT);
 * - not-reloaded: main.cf or master.cf changed after master last read them (its `daemon
 *   started` / `reload` log line, or the master process's start time); Postfix reads its
 *   configuration at start and on `postfix reload` only (master(8));
 * - openssl-system-config / tls-config-file: a directive of OpenSSL's configuration that
 *   reaches the SSL_CTX turns the prediction into the observation (decided by a checker the
 *   caller hands in, which re-predicts with and without the directive);
 * - unknown otherwise.
 */
import type { CauseId, Difference } from './types.js';
import type { ScanReport } from '../scan/types.js';
import type { ServiceTls } from '../postfix/types.js';
import { needsTls12 } from '../postfix/predict.js';
import type { MasterProcess, PortListeners } from './system.js';

export interface Wire {
  readonly versions: readonly string[];
  /** TLS 1.2 and older suites, IANA codes. */
  readonly ciphers: readonly string[];
  /** null: not known (the model has no TLS 1.3 suites for this service). */
  readonly tls13Ciphers: readonly string[] | null;
  /** STARTTLS offered (or implicit TLS answered). */
  readonly tls: boolean;
}

/** Postfix's protocol names (TLSv1) to the wire's (TLSv1.0). */
export const wireVersion = (v: string): string => (v === 'TLSv1' ? 'TLSv1.0' : v);
/** The wire's names to the spelling of Postfix's logs and settings. */
export const postfixVersion = (v: string): string => (v === 'TLSv1.0' ? 'TLSv1' : v);

const ORDER = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const byVersion = (a: string, b: string) => ORDER.indexOf(a) - ORDER.indexOf(b);

export function predictedWire(tls: ServiceTls): Wire {
  const t13 = tls.tls13Ciphers;
  const versions = tls.versions.map(wireVersion).sort(byVersion);
  return {
    versions,
    ciphers: tls.ciphers ?? [],
    tls13Ciphers: t13 === null ? null : versions.includes('TLSv1.3') ? t13 : [],
    tls: tls.level !== 'none' && tls.broken === null,
  };
}

export function observedWire(scan: ScanReport): Wire {
  const offered = scan.protocols.filter((p) => p.offered === true);
  const legacy: string[] = [];
  // TLS 1.2's list first (it holds every suite the others have and more), then the rest.
  for (const p of [...offered].sort((a, b) => byVersion(b.version, a.version))) {
    // SSLv2 kinds are not TLS suites (three-byte codes): the version shows, the suites do not.
    if (p.version === 'TLSv1.3' || p.version === 'SSLv2') continue;
    for (const c of p.ciphers) if (!legacy.includes(c.code)) legacy.push(c.code);
  }
  const t13 = offered.find((p) => p.version === 'TLSv1.3');
  return {
    versions: offered.map((p) => p.version).sort(byVersion),
    ciphers: legacy,
    tls13Ciphers: t13 ? t13.ciphers.map((c) => c.code) : [],
    // Implicit TLS has no STARTTLS to offer: TLS is there when a protocol was accepted.
    tls: scan.target.starttls !== null && scan.smtp ? scan.smtp.starttls === true : offered.length > 0,
  };
}

function setDiff(a: readonly string[], b: readonly string[]): { onlyA: string[]; onlyB: string[] } {
  const sb = new Set(b);
  const sa = new Set(a);
  return { onlyA: a.filter((x) => !sb.has(x)), onlyB: b.filter((x) => !sa.has(x)) };
}

/** What differs, before causes: the predicted and observed values of each field that differs. */
export function compareWire(pred: Wire, obs: Wire, cipherName: (code: string) => string): Omit<Difference, 'cause' | 'explanation'>[] {
  const out: Omit<Difference, 'cause' | 'explanation'>[] = [];
  if (pred.tls !== obs.tls) {
    out.push({ what: 'starttls', predicted: [pred.tls ? 'TLS offered' : 'no TLS'], observed: [obs.tls ? 'TLS offered' : 'no TLS'] });
    return out;
  }
  const v = setDiff(pred.versions, obs.versions);
  if (v.onlyA.length > 0 || v.onlyB.length > 0) out.push({ what: 'versions', predicted: pred.versions, observed: obs.versions });
  // A suite that needs TLS 1.2 cannot show when TLS 1.2 is off: compare what can be observed.
  const observable = obs.versions.includes('TLSv1.2') ? pred.ciphers : pred.ciphers.filter((c) => !needsTls12(cipherName(c)));
  const anyLegacy = obs.versions.some((x) => x !== 'TLSv1.3');
  if (anyLegacy || pred.versions.some((x) => x !== 'TLSv1.3')) {
    const c = setDiff(anyLegacy ? observable : [], obs.ciphers);
    if (c.onlyA.length > 0 || c.onlyB.length > 0) out.push({ what: 'ciphers', predicted: c.onlyA.map(cipherName), observed: c.onlyB.map(cipherName) });
  }
  if (pred.tls13Ciphers !== null && obs.versions.includes('TLSv1.3') && pred.versions.includes('TLSv1.3')) {
    const c = setDiff(pred.tls13Ciphers, obs.tls13Ciphers ?? []);
    if (c.onlyA.length > 0 || c.onlyB.length > 0) out.push({ what: 'tls13-ciphers', predicted: c.onlyA.map(cipherName), observed: c.onlyB.map(cipherName) });
  }
  return out;
}

export interface LoadState {
  /** When master last read its configuration, epoch ms, and what says so. */
  readonly time: number;
  readonly evidence: string;
}

export interface CauseContext {
  readonly configFiles: readonly { readonly path: string; readonly label: string; readonly mtime: number | null }[];
  readonly lastLoad: LoadState | null;
  readonly master: MasterProcess | null;
  readonly listeners: PortListeners | null;
  /** The OpenSSL configuration check (src/openssl): a directive that explains the difference. */
  /** What the scan could not finish (a protocol's enumeration that timed out): a difference may be the scan's. */
  readonly scanGaps?: readonly string[];
  /** The service's certificate files as read here: one smtpd cannot load turns TLS off. */
  readonly certificates?: readonly { readonly parameter: string; readonly path: string; readonly readable: boolean; readonly error?: string; readonly place?: { file: string; line: number } }[];
  readonly systemConfig?: (d: Omit<Difference, 'cause' | 'explanation'>) => { cause: 'openssl-system-config' | 'tls-config-file'; explanation: string; file?: string; line?: number } | null;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** The checked cause of one difference. */
export function causeOf(d: Omit<Difference, 'cause' | 'explanation'>, ctx: CauseContext): { cause: CauseId; explanation: string; place?: { file: string; line: number } } {
  const l = ctx.listeners;
  // Nothing answers and no master runs: whatever else is true, that is why.
  if (d.what === 'reachable' && ctx.master === null && (l === null || l.processes.length === 0)) {
    return { cause: 'unknown', explanation: `no Postfix master process runs for this configuration (its master.pid names none that is alive), so nothing of it listens here: start it (postfix start), or audit the directory the running Postfix uses (postconf config_directory)` };
  }
  if (l !== null && l.ownersKnown) {
    const others = l.processes.filter((p) => !p.postfix);
    if (l.processes.length === 0 && l.addresses.length > 0) {
      return { cause: 'other-listener', explanation: `port ${l.port} is open (${l.addresses.join(', ')}), but no process holding it could be found; Postfix's master ${ctx.master ? `(pid ${ctx.master.pid}) ` : ''}does not` };
    }
    if (others.length > 0) {
      const who = others.map((p) => `${p.command} (pid ${p.pid})`).join(', ');
      return {
        cause: 'other-listener',
        explanation: ctx.master === null
          ? `port ${l.port} is held by ${who}, and no running Postfix master was found for this configuration`
          : `port ${l.port} is held by ${who} ${l.processes.some((p) => p.postfix) ? 'as well as' : 'instead of'} Postfix's master (pid ${ctx.master.pid}): connections may reach that process`,
      };
    }
  }
  if (ctx.lastLoad !== null) {
    const changed = ctx.configFiles.filter((f) => f.mtime !== null && f.mtime > ctx.lastLoad!.time);
    if (changed.length > 0) {
      return {
        cause: 'not-reloaded',
        explanation: `${changed.map((f) => `${f.label} changed at ${iso(f.mtime as number)}`).join(', ')}, after Postfix last read its configuration (${ctx.lastLoad.evidence}): the running daemons still use the old settings`,
      };
    }
  }
  // smtpd that cannot load its certificate or key logs "disabling TLS support" and offers no
  // STARTTLS (wrapper mode: drops the connection) — tls_misc.c / smtpd.c. The audit runs on the
  // server, so a file it cannot find is one smtpd cannot find either.
  if ((d.what === 'starttls' || d.what === 'reachable' || d.what === 'versions') && d.observed.every((o) => o === 'no TLS' || !o.startsWith('TLS'))) {
    const bad = (ctx.certificates ?? []).find((c) => !c.readable && c.error !== undefined && /ENOENT|no such file|EACCES|permission/i.test(c.error));
    if (bad !== undefined) {
      return {
        cause: 'certificate',
        explanation: `${bad.parameter} = ${bad.path}${bad.place !== undefined ? ` (${bad.place.file}:${bad.place.line})` : ''} cannot be read (${bad.error ?? 'unreadable'}): smtpd then disables TLS ("warning: ... disabling TLS support" in the log)`,
        ...(bad.place !== undefined ? { place: bad.place } : {}),
      };
    }
  }
  const sys = ctx.systemConfig?.(d) ?? null;
  if (sys !== null) return { cause: sys.cause, explanation: sys.explanation, ...(sys.file !== undefined ? { place: { file: sys.file, line: sys.line ?? 0 } } : {}) };
  const checked = [
    l === null ? null : l.ownersKnown ? `the port is Postfix's` : 'the port\'s owner could not be read',
    ctx.lastLoad === null ? 'when Postfix last read its configuration is not known' : `the configuration has not changed since ${ctx.lastLoad.evidence}`,
  ].filter((x): x is string => x !== null);
  const gaps = ctx.scanGaps ?? [];
  if (gaps.length > 0 && d.what !== 'reachable') {
    return { cause: 'unknown', explanation: `the scan did not finish (${gaps.join('; ')}), so the difference may be the scan's: audit again (${checked.join('; ')})` };
  }
  return { cause: 'unknown', explanation: `no cause found (${checked.join('; ')})` };
}

/**
 * When master last read the configuration: the latest `daemon started` / `reload` line for
 * this configuration directory that is not older than the running master, else the master's
 * own start time.
 */
export function lastLoad(
  master: MasterProcess | null,
  events: readonly { readonly time: string | null; readonly event: string; readonly configDir: string | null }[],
  configDir: string,
  sameDir: (a: string, b: string) => boolean,
): LoadState | null {
  let best: LoadState | null = master !== null ? { time: master.startedAt, evidence: `master (pid ${master.pid}) started at ${iso(master.startedAt)}` } : null;
  for (const e of events) {
    if (e.time === null || e.configDir === null || (e.event !== 'start' && e.event !== 'reload') || !sameDir(e.configDir, configDir)) continue;
    const t = Date.parse(e.time);
    // Log stamps have whole seconds: the configuration was read within that second.
    if (best === null || t + 999 > best.time) best = { time: t + 999, evidence: `the log's "${e.event === 'start' ? 'daemon started' : 'reload'}" line at ${iso(t)}` };
  }
  return best;
}
