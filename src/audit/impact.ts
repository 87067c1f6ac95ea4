/**
 * Who a configuration change would break, from the log: each class of sessions (service,
 * client, protocol, cipher, AUTH: src/logs/session-classes.ts) judged against the wire the
 * configuration model predicts after the change.
 *
 * A client that negotiated an old protocol was offered the newer ones and did not take them:
 * it most likely cannot do better, so it fails once its protocol goes. A client whose suite
 * goes would have to pick another one it offers; the log does not say whether it has one, so
 * it counts as failing, with that reason (the lab replay of the tests confirms it for clients
 * that offer only that suite).
 */
import type { SessionClass } from '../logs/session-classes.js';
import { cipherSuiteByIana, cipherSuiteByOpenssl, formatSuiteCode } from '../wire/registry/cipher-suites.js';
import type { FixImpact, ImpactClient } from './types.js';
import { wireVersion } from './join.js';

/** What a service accepts after a change. */
export interface Acceptance {
  /** Wire names: TLSv1.0 ... TLSv1.3. */
  readonly versions: ReadonlySet<string>;
  /** TLS 1.2-and-older suites, IANA codes. */
  readonly ciphers: ReadonlySet<string>;
  /** TLS 1.3 suites; null: not known (not judged). */
  readonly tls13: ReadonlySet<string> | null;
  /** TLS offered at all. */
  readonly tls: boolean;
  /** A session without TLS is refused (level encrypt, wrapper mode). */
  readonly tlsRequired: boolean;
  /** AUTH only after STARTTLS. */
  readonly authOnly: boolean;
}

export type ClassVerdict = { readonly verdict: 'ok' | 'unknown' | 'already' } | { readonly verdict: 'fail'; readonly reason: string };

/** The IANA code of a cipher as Postfix logs it (OpenSSL name, or TLS_* for TLS 1.3). */
export function loggedCipherCode(name: string): string | null {
  const s = name.startsWith('TLS_') ? cipherSuiteByIana(name) : cipherSuiteByOpenssl(name);
  return s ? formatSuiteCode(s.code) : null;
}

export function judgeClass(c: SessionClass, a: Acceptance): ClassVerdict {
  switch (c.outcome) {
    case 'failed': return { verdict: 'already' };
    case 'unknown': return { verdict: 'unknown' };
    case 'plaintext':
      if (a.tlsRequired) return { verdict: 'fail', reason: 'no TLS: would get "530 5.7.0 Must issue a STARTTLS command first"' };
      return { verdict: 'ok' };
    case 'tls-unlogged':
      if (!a.tls) return { verdict: 'fail', reason: 'used TLS, which would no longer be offered' };
      return { verdict: 'unknown' };
    case 'tls': {
      if (!a.tls) return c.auth && a.authOnly ? { verdict: 'fail', reason: 'used TLS, which would no longer be offered' } : { verdict: 'ok' };
      const v = wireVersion(c.protocol ?? '');
      if (!a.versions.has(v)) return { verdict: 'fail', reason: `${c.protocol ?? '?'} not allowed` };
      const code = loggedCipherCode(c.cipher ?? '');
      if (code === null) return { verdict: 'unknown' };
      if (v === 'TLSv1.3') {
        if (a.tls13 !== null && !a.tls13.has(code)) return { verdict: 'fail', reason: `${c.cipher ?? '?'} no longer offered (it would need another TLS 1.3 suite)` };
        return { verdict: 'ok' };
      }
      if (!a.ciphers.has(code)) return { verdict: 'fail', reason: `${c.cipher ?? '?'} no longer offered (it would need another suite)` };
      return { verdict: 'ok' };
    }
  }
}

/** The impact of one acceptance per log service name on the classes of those services. */
export function impactOf(
  classes: readonly SessionClass[] | null,
  after: ReadonlyMap<string, Acceptance>,
  period: { from: string | null; to: string | null },
): FixImpact {
  if (classes === null) {
    return { sessions: 0, clients: [], judged: 0, unknown: 0, known: false, summary: 'no log was read, so who it would break cannot be told' };
  }
  const clients = new Map<string, { sessions: number; total: number; lastSeen: string | null; users: Set<string>; reasons: Set<string> }>();
  let sessions = 0;
  let judged = 0;
  let unknown = 0;
  for (const c of classes) {
    const a = after.get(c.service);
    if (a === undefined) continue;
    judged += c.sessions;
    const j = judgeClass(c, a);
    const e = clients.get(c.client) ?? { sessions: 0, total: 0, lastSeen: null, users: new Set<string>(), reasons: new Set<string>() };
    e.total += c.sessions;
    if (j.verdict === 'unknown') unknown += c.sessions;
    if (j.verdict === 'fail') {
      sessions += c.sessions;
      e.sessions += c.sessions;
      e.reasons.add(j.reason);
      for (const u of c.users) e.users.add(u);
      if (c.lastSeen !== null && (e.lastSeen === null || c.lastSeen > e.lastSeen)) e.lastSeen = c.lastSeen;
    }
    clients.set(c.client, e);
  }
  const failing: ImpactClient[] = [...clients.entries()]
    .filter(([, e]) => e.sessions > 0)
    .map(([client, e]) => ({ client, sessions: e.sessions, lastSeen: e.lastSeen, users: [...e.users].slice(0, 5), reasons: [...e.reasons], totalSessions: e.total }))
    .sort((x, y) => y.sessions - x.sessions || x.client.localeCompare(y.client));
  const span = period.from !== null && period.to !== null ? `, ${period.from.slice(0, 10)} to ${period.to.slice(0, 10)}` : '';
  const unk = unknown > 0 ? `; ${unknown} could not be judged (TLS details not logged)` : '';
  const summary = judged === 0
    ? 'the log has no sessions of the services it changes'
    : failing.length === 0
      ? `breaks no client seen in the log (${judged} session${judged === 1 ? '' : 's'}${span}${unk})`
      : `breaks ${failing.length} client${failing.length === 1 ? '' : 's'} seen in the log: ${sessions} of ${judged} sessions would fail${unk}`;
  return { sessions, clients: failing, judged, unknown, known: true, summary };
}
