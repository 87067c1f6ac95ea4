/**
 * The scan report as plain data: JSON on --json is exactly this, the terminal text is rendered
 * from it (src/report/scan-text.ts). Field names follow issue 3.
 */
import type { Finding as BaseFinding } from '../finding.js';
import type { ProtocolName } from '../wire/registry/versions.js';
import type { MailProtocol } from '../mailbox/types.js';

export type { ProtocolName };

export interface CipherRef {
  /** "0xC030" (six hex digits for SSLv2 kinds). */
  readonly code: string;
  readonly iana: string;
  readonly openssl: string | null;
  /** Key exchange and authentication as in the IANA name ("ECDHE", "RSA"; "ANY" for TLS 1.3). */
  readonly kx: string;
  readonly auth: string;
  readonly bits: number;
  /** Our verdict on the suite itself: "strong", "weak" or "insecure" (see findings.ts). */
  readonly strength: 'strong' | 'weak' | 'insecure';
}

export interface ProtocolResult {
  readonly version: ProtocolName;
  /** null when the probe could not tell (it failed with an error). */
  readonly offered: boolean | null;
  /** Does the server choose the suite? null when fewer than 2 suites (or unknown). */
  readonly serverPreference: boolean | null;
  /** In server order when serverPreference is true, else in our candidate order. */
  readonly ciphers: CipherRef[];
  /** With server preference: does the server put ChaCha20 first when the client does (PRIORITIZE_CHACHA)? */
  readonly chacha20Priority?: boolean | null;
  /** What went wrong, when the enumeration is incomplete. */
  readonly error?: string;
}

export interface GroupResult {
  /** "x25519", "secp256r1", "ffdhe2048" */
  readonly name: string;
  /** "0x001D" */
  readonly code: string;
  readonly kind: 'ECDHE' | 'FFDHE' | 'hybrid' | 'other';
  readonly bits: number | null;
  /** Where it was seen accepted. */
  readonly protocols: ProtocolName[];
}

export interface ChainEntry {
  readonly subject: string;
  readonly issuer: string;
  readonly notAfter: string;
}

export interface CertificateResult {
  /** "RSA", "EC", "Ed25519", "DSA" ... */
  readonly keyType: string;
  readonly keyBits: number | null;
  /** Named curve for EC keys. */
  readonly curve: string | null;
  readonly subject: string;
  readonly issuer: string;
  readonly sans: string[];
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly signatureAlgorithm: string;
  readonly fingerprintSha256: string;
  readonly selfSigned: boolean;
  /** Chains to a root in the system store (trust-store.ts), each signature checked. */
  readonly trusted: boolean;
  readonly trustError: string | null;
  /** The store judged against: the system bundle's path, or 'node:tls rootCertificates' when none was readable. */
  readonly trustStore: string;
  /** The certificate names the host asked for (null when the target was given as an IP address and no IP SAN exists). */
  readonly nameMatches: boolean | null;
  /** The chain as sent, leaf first (the leaf included). */
  readonly chain: ChainEntry[];
  /** How we got this leaf: the authentication of the suite or the protocol. */
  readonly servedFor: string[];
  /** The chain as sent, base64 DER, leaf first: only when the scan was asked to keep it (ScanOptions.keepChains). */
  readonly chainDer?: string[];
}

export interface TlsFacts {
  readonly secureRenegotiation: boolean | null;
  readonly extendedMasterSecret: boolean | null;
  readonly encryptThenMac: boolean | null;
  readonly sessionTickets: boolean | null;
  /** Compression method the server chose when we offered DEFLATE (null: not tested). */
  readonly compression: string | null;
  /** true: the server refused a fallback hello with inappropriate_fallback (RFC 7507). */
  readonly fallbackScsv: boolean | null;
  /** Bits of the DHE parameters (ServerKeyExchange), smallest seen. */
  readonly dhBits: number | null;
  /** The suites that got those smallest parameters (OpenSSL sizes DH by the suite's strength). */
  readonly dhBitsSuites: string[];
  readonly helloRetryRequest: boolean | null;
}

export interface SmtpFacts {
  readonly banner: string | null;
  /** EHLO keywords before TLS. */
  readonly capabilities: string[];
  readonly capabilitiesAfterTls: string[];
  readonly starttls: boolean | null;
  readonly authBeforeTls: string[];
  readonly authAfterTls: string[];
  /** Plaintext received after the 220 to STARTTLS (RFC 3207 section 6), in bytes. */
  readonly injectedAfterStarttls: number | null;
  /** Temporary refusals (421/450) met during the scan and retried. */
  readonly retries: number;
}

/**
 * The plaintext and TLS facts of an IMAP, POP3 or ManageSieve service: the mailbox side's
 * counterpart of SmtpFacts (which stays as it is for SMTP). Present (not null) only when the
 * scan spoke a mailbox protocol.
 */
export interface MailboxFacts {
  readonly protocol: MailProtocol;
  /** The greeting's text: before TLS with STARTTLS, over TLS with implicit TLS. */
  readonly greeting: string | null;
  /** As announced before TLS (IMAP CAPABILITY atoms, POP3 CAPA lines, ManageSieve capability lines); empty with implicit TLS. */
  readonly capabilities: string[];
  readonly capabilitiesAfterTls: string[];
  /** IMAP STARTTLS / POP3 STLS / ManageSieve STARTTLS announced; null with implicit TLS or unknown. */
  readonly starttls: boolean | null;
  /** SASL mechanisms offered before TLS (IMAP AUTH=, POP3 SASL, ManageSieve "SASL"). */
  readonly saslBeforeTls: string[];
  readonly saslAfterTls: string[];
  /** IMAP: LOGINDISABLED before TLS (RFC 2595 section 3.2); null for POP3, ManageSieve and implicit TLS. */
  readonly loginDisabledBeforeTls: boolean | null;
  /** IMAP LOGIN (no LOGINDISABLED) or POP3 USER usable before TLS; null for ManageSieve and implicit TLS. */
  readonly plaintextLoginBeforeTls: boolean | null;
  /** Plaintext received after the STARTTLS/STLS reply (RFC 2595 section 3.1, RFC 5804 section 2.2), in bytes; null with implicit TLS. */
  readonly injectedAfterStarttls: number | null;
  /**
   * The scan connected from the server's own address (source = destination). Dovecot counts such
   * connections as secured (src/login-common/client-common.c: net_ip_compare(real_remote_ip,
   * real_local_ip)), so what it offers before TLS is not what a remote client sees.
   */
  readonly sameAddress: boolean;
  /** Refusals (BYE, -ERR or NO greetings) met during the scan and retried. */
  readonly retries: number;
}

/**
 * A scan finding: the shape every finding has (src/finding.ts; place is the scanned host and
 * port, fix the server's remedy from advice.ts or null), plus detail, the same text as message,
 * which the scan's JSON had before message existed.
 */
export interface Finding extends BaseFinding {
  readonly detail: string;
}

export type VulnStatus = 'vulnerable' | 'not vulnerable' | 'not applicable' | 'unknown';

/**
 * One known TLS vulnerability, judged (src/scan/vulns/). The default scan judges those it can
 * from what it learnt anyway (0 connections); --vulns adds the ones that need their own probes.
 */
export interface VulnResult {
  /** "heartbleed", "ccs-injection", "robot" ... (stable, for JSON consumers). */
  readonly id: string;
  /** "Heartbleed" */
  readonly name: string;
  /** "CVE-2014-0160"; null when the issue has none (e.g. the downgrade sentinel). */
  readonly cve: string | null;
  readonly status: VulnStatus;
  /** Why: the evidence for the status, or for `unknown` what stopped the probe. */
  readonly why: string;
  /** Connections this result cost on top of the scan's own (0: derived from the scan). */
  readonly connections: number;
  /** Wall time of the probes' own connections (--vulns probes only; they run alongside each other). */
  readonly durationMs?: number;
  /** Informational only (BEAST, LUCKY13): a property of the suites, not a proven flaw. */
  readonly informational?: boolean;
}

export interface ProbeError {
  readonly probe: string;
  readonly code: string;
  readonly message: string;
}

/** A probe the scan could not run (no connection: refused, or the patience ran out). */
export interface UnfinishedProbe {
  /** The probe's name, as in `errors` ("TLSv1.0 cipher suites", "TLSv1.2 curves", ...). */
  readonly probe: string;
  /** The first reason, "CODE: message". */
  readonly reason: string;
}

/** How the scan kept to the server's pace (src/net/pacing.ts). */
export interface PacingReport {
  /** Wall time the scan's connection starts were held back (pauses, spacing), ms. */
  readonly waitedMs: number;
  /** Connections the server refused (421/450, busy 554, BYE), reset or left silent before the greeting. */
  readonly refusals: number;
  /** What the server taught: its concurrency limit and its rate; null where it taught nothing. */
  readonly learnt: { readonly maxConnections: number | null; readonly ratePerMinute: number | null };
  /** The server's own words and what the scan saw (at most 8, each once). */
  readonly reasons: string[];
}

export interface ScanReport {
  /**
   * starttls: the protocol STARTTLS was spoken in, null for implicit TLS. protocol: the
   * application protocol (implicit TLS included); absent in reports made before it existed = smtp.
   */
  readonly target: { host: string; ip: string | null; port: number; starttls: 'smtp' | MailProtocol | null; protocol?: 'smtp' | MailProtocol; role: 'mx' | 'submission' };
  /** false when the scan stopped early (reason in `error`). */
  readonly complete: boolean;
  readonly error: string | null;
  readonly protocols: ProtocolResult[];
  readonly groups: GroupResult[];
  readonly certificates: CertificateResult[];
  readonly tls: TlsFacts;
  readonly smtp: SmtpFacts | null;
  /** IMAP, POP3 and ManageSieve scans: their facts (smtp is then null); null or absent for SMTP. */
  readonly mailbox?: MailboxFacts | null;
  readonly findings: Finding[];
  /** Known vulnerabilities (src/scan/vulns/): the derived ones always, the probed ones with --vulns; absent in older reports. */
  readonly vulns?: VulnResult[];
  readonly errors: ProbeError[];
  /**
   * Probes that got no connection (the scan's answer for them is unknown, never "not offered");
   * empty when every probe ran. Absent in older reports and in a scan that could not start.
   */
  readonly unfinished?: UnfinishedProbe[];
  /** How the scan kept to the server's pace; absent in older reports and in a scan that could not start. */
  readonly pacing?: PacingReport;
  /** sourceAddresses: the local addresses the scan connected from, as the server's log shows the client. */
  readonly stats: { connections: number; durationMs: number; sourceAddresses?: string[] };
}
