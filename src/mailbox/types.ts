/** What the mailbox protocols (IMAP, POP3, ManageSieve) have in common for a scanner. */
import type { InjectedData } from '../smtp/client.js';

export type { InjectedData };

/** The mailbox protocols mailtls speaks far enough to start TLS. */
export type MailProtocol = 'imap' | 'pop3' | 'sieve';

export const MAIL_PROTOCOLS: readonly MailProtocol[] = ['imap', 'pop3', 'sieve'];

export interface MailboxClientOptions {
  /** How long to wait for any reply, in ms. */
  readonly timeoutMs: number;
  /** How long to wait for the greeting (default: timeoutMs). */
  readonly greetTimeoutMs?: number;
}

/**
 * What a capability listing announces, in one shape for the three protocols: IMAP CAPABILITY
 * (RFC 9051 section 7.2.2, RFC 3501 section 7.2.1), POP3 CAPA (RFC 2449 section 5) and the
 * ManageSieve capability response (RFC 5804 section 1.7).
 */
export interface MailboxCapabilities {
  /** As sent: IMAP atoms, POP3 CAPA lines, ManageSieve `NAME value` lines. */
  readonly lines: readonly string[];
  /** IMAP STARTTLS, POP3 STLS, ManageSieve "STARTTLS". */
  readonly starttls: boolean;
  /** SASL mechanisms offered (IMAP AUTH=, POP3 SASL, ManageSieve "SASL"), upper-case. */
  readonly sasl: readonly string[];
  /** IMAP only: LOGINDISABLED is announced (RFC 3501 section 6.2.3, RFC 2595 section 3.2); null for POP3 and ManageSieve. */
  readonly loginDisabled: boolean | null;
  /**
   * A command that sends the password as it is may be used: IMAP LOGIN (no LOGINDISABLED),
   * POP3 USER/PASS (USER announced, RFC 2449 section 6.8); null for ManageSieve, which has only SASL.
   */
  readonly plaintextLogin: boolean | null;
}

/** What the plaintext part of a mailbox session showed, up to the STARTTLS reply. */
export interface MailboxPlaintext {
  readonly protocol: MailProtocol;
  /** The greeting's text (IMAP `* OK ...`, POP3 `+OK ...`, ManageSieve's final `OK ...`). */
  readonly greeting: string;
  readonly capabilities: MailboxCapabilities;
  readonly injected: InjectedData | null;
  /** How long the capability command took to be answered, ms: about one round trip. */
  readonly rttMs?: number;
}

/** SASL mechanisms that send the password itself (RFC 4616 PLAIN, the LOGIN draft). */
export const CLEARTEXT_SASL: readonly string[] = ['PLAIN', 'LOGIN'];
