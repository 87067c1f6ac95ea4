/**
 * The capture server (`mailtls listen`): a loopback listener (src/net/server.ts), one
 * runSession per connection, a throw-away certificate from the lab's openssl (src/lab/certs.ts),
 * and the ListenReport. The one module of src/listen/ besides probe-postfix.ts that does I/O.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { MailtlsError } from '../errors.js';
import { makeCerts } from '../lab/certs.js';
import { acceptTls, isLoopback, startListener, type Listener } from '../net/server.js';
import type { Profile } from '../policy/profiles.js';
import { gradeOffer, postfixClientSettings } from './grade.js';
import { runSession } from './session.js';
import type { ListenReport, ListenSession } from './types.js';

export interface CaptureOptions {
  readonly address: string;
  readonly port: number;
  /** A non-loopback address must be asked for explicitly (--address given by the user). */
  readonly allowNonLoopback?: boolean;
  readonly mode: 'complete' | 'refuse';
  readonly timeoutMs: number;
  readonly hostname?: string;
  readonly maxConnections?: number;
  readonly maxMessageBytes?: number;
}

/** 16 MiB per connection: a 10 MB message and its SMTP; more is a client that is not delivering. */
const MAX_CONNECTION_BYTES = 16 * 1024 * 1024;

export class CaptureServer {
  readonly sessions: ListenSession[] = [];
  private listener: Listener | null = null;
  private certDir: string | null = null;
  private count = 0;
  private waiters: (() => void)[] = [];
  private running = 0;
  /** SHA-256 of the throw-away certificate (for smtp_tls_fingerprint_cert_match). */
  fingerprint = '';

  constructor(readonly options: CaptureOptions) {}

  get address(): string { return this.listener?.address ?? this.options.address; }
  get port(): number { return this.listener?.port ?? this.options.port; }

  async start(): Promise<void> {
    const o = this.options;
    if (!isLoopback(o.address) && o.allowNonLoopback !== true) {
      throw new MailtlsError('ENOTALLOWED', `${o.address} is not a loopback address: give it with --address to listen there`);
    }
    this.certDir = await mkdtemp(join(tmpdir(), 'mailtls-listen-'));
    const hostname = o.hostname ?? 'listen.mailtls.test';
    const certs = await makeCerts(this.certDir, hostname);
    const [key, cert] = await Promise.all([readFile(certs.rsa.key), readFile(certs.rsa.cert)]);
    this.fingerprint = new X509Certificate(cert).fingerprint256;
    const maxMessageBytes = o.maxMessageBytes ?? 10 * 1024 * 1024;
    this.listener = await startListener(
      { address: o.address, port: o.port, maxConnections: o.maxConnections ?? 16, maxBytes: MAX_CONNECTION_BYTES },
      (transport, peer) => {
        const index = this.count++;
        this.running++;
        void runSession(transport, peer, index, {
          hostname, mode: o.mode, timeoutMs: o.timeoutMs, sessionMs: Math.max(60_000, o.timeoutMs * 10), maxMessageBytes,
          acceptTls: (plain, pushedBack) => acceptTls(plain, pushedBack, { key, cert, timeoutMs: o.timeoutMs, maxBytes: MAX_CONNECTION_BYTES }),
        }).then((s) => {
          this.running--;
          this.sessions.push(s);
          this.sessions.sort((a, b) => a.index - b.index);
          const w = this.waiters;
          this.waiters = [];
          for (const f of w) f();
        });
      },
    );
  }

  /** Connections accepted so far (the next session's index). */
  get connections(): number { return this.count; }

  /** Sessions in progress (accepted, not finished). */
  get inProgress(): number { return this.running; }

  /** Resolves true once `done(sessions)` holds, false after timeoutMs. */
  async waitFor(done: (sessions: readonly ListenSession[]) => boolean, timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (!done(this.sessions)) {
      const left = end - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    return true;
  }

  async close(): Promise<void> {
    await this.listener?.close();
    this.listener = null;
    if (this.certDir !== null) await rm(this.certDir, { recursive: true, force: true });
    this.certDir = null;
  }

  report(profile: Profile | null, extra: Partial<Pick<ListenReport, 'levels' | 'postfix' | 'error' | 'complete'>> = {}): ListenReport {
    const sessions = [...this.sessions];
    const firstHello = sessions.find((s) => s.clientHello !== null)?.clientHello ?? null;
    return {
      tool: 'mailtls listen',
      listener: { address: this.address, port: this.port },
      mode: this.options.mode,
      sessions,
      fallback: fallbackOf(sessions),
      grade: profile !== null && firstHello !== null ? gradeOffer(profile, firstHello) : null,
      settings: postfixClientSettings(),
      ...(extra.levels ? { levels: extra.levels } : {}),
      ...(extra.postfix ? { postfix: extra.postfix } : {}),
      complete: extra.complete ?? sessions.length > 0,
      error: extra.error ?? null,
    };
  }
}

/** After a refused handshake, did the same client come back and send mail without STARTTLS? */
export function fallbackOf(sessions: readonly ListenSession[]): ListenReport['fallback'] {
  const refused = sessions.filter((s) => s.handshake.outcome === 'refused');
  if (refused.length === 0) return null;
  const first = refused[0] as ListenSession;
  const retries = sessions.filter((s) => s.index > first.index && s.peer.address === first.peer.address && !s.starttls && s.commands.includes('MAIL'));
  return { refused: refused.length, plaintextRetries: retries.length, retriedInPlaintext: retries.length > 0 };
}
