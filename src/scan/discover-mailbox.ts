/**
 * The full session of a mailbox scan (IMAP, POP3, ManageSieve): STARTTLS (or implicit TLS),
 * a node:tls handshake, the capabilities again over TLS, logout. The counterpart of the SMTP
 * discovery in discover-smtp.ts, with the facts in MailboxFacts.
 */
import { toMailtlsError, type MailtlsError } from '../errors.js';
import { upgradeToTls, type TlsPeer } from '../net/tcp.js';
import { mailboxAfterTls } from '../mailbox/session.js';
import type { MailboxCapabilities, MailProtocol } from '../mailbox/types.js';
import type { ScanContext, ScanOptions, ScanTarget } from './context.js';
import type { MailboxFacts } from './types.js';

export interface MailboxDiscovery {
  readonly mailbox: MailboxFacts | null;
  readonly peer: TlsPeer | null;
  readonly fatal: MailtlsError | null;
  readonly ticket: boolean | null;
}

export async function discoverMailbox(ctx: ScanContext, protocol: MailProtocol, target: ScanTarget, serverName: string | undefined, options: ScanOptions): Promise<MailboxDiscovery> {
  let transport;
  try {
    transport = await ctx.openChannel();
  } catch (err) {
    const e = toMailtlsError(err, 'ENETWORK', target);
    if (ctx.sessionRefusedLate('capabilities after TLS (node:tls)', e)) {
      return { mailbox: mailboxFacts(ctx, protocol, target, null), peer: null, fatal: null, ticket: null };
    }
    // Without STARTTLS the plaintext facts are still worth reporting (and judging).
    return { mailbox: e.code === 'ENOSTARTTLS' ? mailboxFacts(ctx, protocol, target, null) : null, peer: null, fatal: e, ticket: null };
  }
  let peer: TlsPeer | null = null;
  let after: { greeting: string | null; capabilities: MailboxCapabilities } | null = null;
  let ticket: boolean | null = null;
  try {
    const up = await upgradeToTls(transport, serverName, options.timeoutMs);
    transport = up.transport;
    peer = up.peer;
    after = await mailboxAfterTls(protocol, transport, { timeoutMs: options.timeoutMs, greetTimeoutMs: options.greetTimeoutMs }, !target.starttls);
    ticket = up.peer.ticketReceived();
  } catch (err) {
    const e = toMailtlsError(err, 'ETLS_PROTOCOL', target);
    ctx.errors.push({ probe: 'capabilities after TLS (node:tls)', code: e.code, message: e.message });
  } finally {
    transport.close();
  }
  return { mailbox: mailboxFacts(ctx, protocol, target, after), peer, fatal: null, ticket };
}

function mailboxFacts(ctx: ScanContext, protocol: MailProtocol, target: ScanTarget, after: { greeting: string | null; capabilities: MailboxCapabilities } | null): MailboxFacts {
  const plain = target.starttls ? ctx.firstMailbox : null;
  const caps = plain?.capabilities;
  return {
    protocol,
    greeting: plain?.greeting ?? after?.greeting ?? null,
    capabilities: caps ? [...caps.lines] : [],
    capabilitiesAfterTls: after ? [...after.capabilities.lines] : [],
    starttls: caps ? caps.starttls : null,
    saslBeforeTls: caps ? [...caps.sasl] : [],
    saslAfterTls: after ? [...after.capabilities.sasl] : [],
    loginDisabledBeforeTls: caps ? caps.loginDisabled : null,
    plaintextLoginBeforeTls: caps ? caps.plaintextLogin : null,
    injectedAfterStarttls: plain ? (ctx.injected?.bytes ?? 0) : null,
    sameAddress: ctx.connector.localAddresses.has(target.host),
    retries: ctx.retries,
  };
}
