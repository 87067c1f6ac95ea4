/**
 * The protocol choice of a scan: one preamble per application protocol, bringing a fresh
 * connection to the point where the ClientHello goes out (SMTP: greeting, EHLO, STARTTLS;
 * IMAP/POP3/ManageSieve: greeting, capabilities, STARTTLS/STLS), and the protocol a port
 * implies when the user names none.
 */
import type { Transport } from '../net/transport.js';
import { smtpStartTls, type InjectedData } from '../smtp/client.js';
import type { Capabilities } from '../smtp/capabilities.js';
import { mailboxStartTls } from '../mailbox/session.js';
import type { MailboxCapabilities, MailProtocol } from '../mailbox/types.js';

export type AppProtocol = 'smtp' | MailProtocol;

/**
 * Well-known ports (RFC 6186 section 3.1, RFC 8314 section 7, RFC 5804 section 1.8): 25/587
 * SMTP with STARTTLS, 465 SMTP submission over implicit TLS, 143/110 IMAP/POP3 with STARTTLS,
 * 993/995 over implicit TLS, 4190 ManageSieve with STARTTLS. Any other port: SMTP STARTTLS.
 */
export function protocolForPort(port: number): { protocol: AppProtocol; starttls: boolean } {
  switch (port) {
    case 465: return { protocol: 'smtp', starttls: false };
    case 143: return { protocol: 'imap', starttls: true };
    case 993: return { protocol: 'imap', starttls: false };
    case 110: return { protocol: 'pop3', starttls: true };
    case 995: return { protocol: 'pop3', starttls: false };
    case 4190: return { protocol: 'sieve', starttls: true };
    default: return { protocol: 'smtp', starttls: true };
  }
}

export interface PreambleOptions {
  readonly ehloName: string;
  readonly timeoutMs: number;
  readonly greetTimeoutMs: number;
}

/** Sees the plaintext facts as soon as they are known, even when STARTTLS then turns out missing. */
export interface PreambleSink {
  smtp(banner: string, capabilities: Capabilities): void;
  mailbox(greeting: string, capabilities: MailboxCapabilities): void;
}

export interface PreambleResult {
  readonly injected: InjectedData | null;
  /** About one round trip, ms (the scan's distance estimate). */
  readonly rttMs?: number;
}

export async function startTlsPreamble(protocol: AppProtocol, t: Transport, options: PreambleOptions, sink: PreambleSink): Promise<PreambleResult> {
  if (protocol === 'smtp') {
    const plain = await smtpStartTls(t, options, (banner, caps) => sink.smtp(banner, caps));
    return { injected: plain.injected, ...(plain.ehloMs !== undefined ? { rttMs: plain.ehloMs } : {}) };
  }
  const plain = await mailboxStartTls(protocol, t, options, (greeting, caps) => sink.mailbox(greeting, caps));
  return { injected: plain.injected, ...(plain.rttMs !== undefined ? { rttMs: plain.rttMs } : {}) };
}
