/**
 * One entry point per step for the three mailbox protocols: the plaintext part up to the
 * STARTTLS reply (a connection then ready for a ClientHello), and what to ask once TLS is up.
 */
import { MailtlsError } from '../errors.js';
import type { Transport } from '../net/transport.js';
import { ImapClient } from './imap.js';
import { Pop3Client } from './pop3.js';
import { SieveClient } from './sieve.js';
import type { MailboxCapabilities, MailboxClientOptions, MailboxPlaintext, MailProtocol } from './types.js';

export const PROTOCOL_LABEL: Readonly<Record<MailProtocol, string>> = { imap: 'IMAP', pop3: 'POP3', sieve: 'ManageSieve' };
const STARTTLS_WORD: Readonly<Record<MailProtocol, string>> = { imap: 'STARTTLS', pop3: 'STLS', sieve: 'STARTTLS' };
const CAPS_WORD: Readonly<Record<MailProtocol, string>> = { imap: 'CAPABILITY', pop3: 'CAPA', sieve: 'capability' };

const elapsed = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

/**
 * Greeting, capabilities, STARTTLS/STLS: leaves the transport ready for a TLS ClientHello.
 * Throws ENOSTARTTLS when the capabilities do not offer it (after `onCapabilities` has seen them,
 * so the scan can still report them).
 */
export async function mailboxStartTls(
  protocol: MailProtocol,
  transport: Transport,
  options: MailboxClientOptions,
  onCapabilities?: (greeting: string, capabilities: MailboxCapabilities) => void,
): Promise<MailboxPlaintext> {
  const noStarttls = () => new MailtlsError('ENOSTARTTLS', `the ${PROTOCOL_LABEL[protocol]} server does not offer ${STARTTLS_WORD[protocol]} in its ${CAPS_WORD[protocol]} list`, { place: transport.place });
  let greeting: string;
  let capabilities: MailboxCapabilities;
  let rttMs: number | undefined;
  if (protocol === 'imap') {
    const c = new ImapClient(transport, options);
    const g = await c.greeting();
    greeting = g.text;
    // RFC 9051 section 7.1: capabilities in the greeting spare the CAPABILITY round trip (Dovecot sends them).
    const sent = process.hrtime.bigint();
    capabilities = g.capabilities ?? (await c.capability());
    if (g.capabilities === null) rttMs = elapsed(sent);
    onCapabilities?.(greeting, capabilities);
    if (!capabilities.starttls) { await c.logout(); throw noStarttls(); }
    const sentTls = process.hrtime.bigint();
    const injected = await c.starttls();
    rttMs ??= elapsed(sentTls);
    return { protocol, greeting, capabilities, injected, rttMs };
  }
  if (protocol === 'pop3') {
    const c = new Pop3Client(transport, options);
    greeting = await c.greeting();
    const sent = process.hrtime.bigint();
    capabilities = await c.capa();
    rttMs = elapsed(sent);
    onCapabilities?.(greeting, capabilities);
    if (!capabilities.starttls) { await c.quit(); throw noStarttls(); }
    const injected = await c.stls();
    return { protocol, greeting, capabilities, injected, rttMs };
  }
  const c = new SieveClient(transport, options);
  const g = await c.greeting();
  onCapabilities?.(g.text, g.capabilities);
  if (!g.capabilities.starttls) { await c.logout(); throw noStarttls(); }
  const sent = process.hrtime.bigint();
  const injected = await c.starttls();
  rttMs = elapsed(sent);
  return { protocol, greeting: g.text, capabilities: g.capabilities, injected, rttMs };
}

/**
 * Over TLS: the greeting first when TLS was implicit, then the capabilities again (they may
 * differ, and what came before TLS must not be trusted: RFC 2595 section 3.1, RFC 9051
 * section 6.2.1, RFC 2449 section 6.14); ManageSieve re-issues them unasked after STARTTLS
 * (RFC 5804 section 2.2). Ends the session politely.
 */
export async function mailboxAfterTls(
  protocol: MailProtocol,
  transport: Transport,
  options: MailboxClientOptions,
  implicit: boolean,
): Promise<{ greeting: string | null; capabilities: MailboxCapabilities }> {
  if (protocol === 'imap') {
    const c = new ImapClient(transport, options);
    const greeting = implicit ? (await c.greeting()).text : null;
    const capabilities = await c.capability();
    await c.logout();
    return { greeting, capabilities };
  }
  if (protocol === 'pop3') {
    const c = new Pop3Client(transport, options);
    const greeting = implicit ? await c.greeting() : null;
    const capabilities = await c.capa();
    await c.quit();
    return { greeting, capabilities };
  }
  const c = new SieveClient(transport, options);
  const r = implicit ? await c.greeting() : await c.capabilities('the capabilities after STARTTLS');
  await c.logout();
  return { greeting: implicit ? r.text : null, capabilities: r.capabilities };
}
