/**
 * Inbound sessions grouped by everything a stricter policy could judge them by: service,
 * client, how TLS went (protocol and cipher) and whether the client authenticated. Any number
 * of policies can then be judged after one pass over the log, without keeping the sessions:
 * the audit judges each fix (and its gentler alternative) against these classes.
 *
 * Bounded: a client uses one or two classes, so MAX_CLASSES classes hold far more clients than
 * the report keeps; past it, new classes are counted under the client `(other clients)`.
 */
import type { SessionOutcome, SessionRecord } from './sessions.js';
import { isoTime } from './timestamp.js';

export const MAX_CLASSES = 50_000;
const OTHER = '(other clients)';

export interface SessionClass {
  readonly service: string;
  /** `name[addr]` as Postfix logs it, the port stripped. */
  readonly client: string;
  readonly outcome: SessionOutcome['kind'];
  /** TLSv1, TLSv1.1, TLSv1.2, TLSv1.3 as Postfix logs them; null without TLS details. */
  readonly protocol: string | null;
  /** OpenSSL's name (ECDHE-RSA-AES256-SHA) or, for TLS 1.3, the IANA-style name Postfix logs. */
  readonly cipher: string | null;
  /** The client tried AUTH (credentials went over the wire). */
  readonly auth: boolean;
  sessions: number;
  lastSeen: string | null;
  /** SASL user names seen (at most 5). */
  readonly users: string[];
}

export class SessionClasses {
  private readonly byKey = new Map<string, SessionClass & { last: number }>();
  /** Classes that went to `(other clients)` because the table was full. */
  folded = 0;

  add(r: SessionRecord): void {
    const o = r.outcome;
    const protocol = o.kind === 'tls' ? o.protocol : null;
    const cipher = o.kind === 'tls' ? o.cipher : null;
    let client = r.client;
    let key = `${r.service}\0${client}\0${o.kind}\0${protocol ?? ''}\0${cipher ?? ''}\0${r.authAttempted ? 1 : 0}`;
    let c = this.byKey.get(key);
    if (c === undefined && this.byKey.size >= MAX_CLASSES) {
      this.folded++;
      client = OTHER;
      key = `${r.service}\0${client}\0${o.kind}\0${protocol ?? ''}\0${cipher ?? ''}\0${r.authAttempted ? 1 : 0}`;
      c = this.byKey.get(key);
    }
    if (c === undefined) {
      c = { service: r.service, client, outcome: o.kind, protocol, cipher, auth: r.authAttempted, sessions: 0, lastSeen: null, users: [], last: -Infinity };
      this.byKey.set(key, c);
    }
    c.sessions++;
    if (r.start > c.last) c.last = r.start;
    if (r.saslUsername !== null && c.users.length < 5 && !c.users.includes(r.saslUsername)) c.users.push(r.saslUsername);
  }

  /** The classes, by service then most sessions first. */
  build(): SessionClass[] {
    return [...this.byKey.values()]
      .sort((a, b) => a.service.localeCompare(b.service) || b.sessions - a.sessions || a.client.localeCompare(b.client))
      .map(({ last, ...c }) => ({ ...c, lastSeen: isoTime(last) }));
  }
}
