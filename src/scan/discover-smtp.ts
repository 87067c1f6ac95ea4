/**
 * The full session of an SMTP scan: the plaintext EHLO (the context's first channel), STARTTLS
 * or implicit TLS, a node:tls handshake, EHLO again over TLS (RFC 3207 section 4.2: the
 * capabilities may differ), QUIT. The counterpart of discover-mailbox.ts, with the facts in
 * SmtpFacts.
 */
import { toMailtlsError, type MailtlsError } from '../errors.js';
import { upgradeToTls, type TlsPeer } from '../net/tcp.js';
import { SmtpClient } from '../smtp/client.js';
import type { ScanContext, ScanOptions, ScanTarget } from './context.js';
import type { MailboxFacts, SmtpFacts } from './types.js';

export interface Discovery {
  smtp: SmtpFacts | null;
  /** IMAP, POP3, ManageSieve (discover-mailbox.ts). */
  mailbox?: MailboxFacts | null;
  peer: TlsPeer | null;
  fatal: MailtlsError | null;
  /** A session ticket arrived during the full session (TLS 1.3 sends them only after the handshake); null: no full session. */
  ticket: boolean | null;
}

/** One full session: plaintext EHLO, STARTTLS (or implicit TLS), node:tls handshake, EHLO again, QUIT. */
export async function discoverSmtp(ctx: ScanContext, target: ScanTarget, serverName: string | undefined, options: ScanOptions): Promise<Discovery> {
  let transport;
  try {
    transport = await ctx.openChannel();
  } catch (err) {
    const e = toMailtlsError(err, 'ENETWORK', target);
    if (ctx.sessionRefusedLate('EHLO after TLS (node:tls)', e)) {
      return { smtp: smtpFacts(ctx, target.starttls ? ctx.firstPlaintext : null, null, target.starttls ? true : null), peer: null, fatal: null, ticket: null };
    }
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
