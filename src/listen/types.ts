/**
 * The data of `mailtls listen` (= its JSON): what a sending client offered in its ClientHello,
 * what the handshake and the SMTP session then did, and, for --probe-postfix, the same per
 * smtp_tls_security_level. Rendered by src/report/listen-text.ts.
 */
import type { ProfileInfo, RuleResult } from '../policy/types.js';

export interface NamedCode {
  /** The wire value, "0x1301" style. */
  readonly code: string;
  /** The registry name; the hex code for values the registry lacks (GREASE included). */
  readonly name: string;
  readonly grease?: boolean;
}

export interface OfferedExtension {
  readonly type: number;
  readonly name: string;
  readonly length: number;
}

/** One ClientHello as a client sent it (RFC 8446 section 4.1.2), decoded by src/wire. */
export interface ClientOffer {
  /** legacy_version ("TLSv1.2"); with supported_versions the real list is `versions`. */
  readonly legacyVersion: string;
  /** The record layer version of the first record ("TLSv1.0" is usual). */
  readonly recordVersion: string;
  /** supported_versions in the client's order, or null when the extension is absent. */
  readonly supportedVersions: readonly string[] | null;
  /**
   * The versions the client certainly offers, oldest first: supported_versions without GREASE,
   * or without it legacy_version alone (RFC 5246 appendix E.1: the highest it speaks).
   */
  readonly versions: readonly string[];
  /**
   * Without supported_versions, the older versions the ClientHello neither offers nor rules out:
   * a client's floor is not on the wire (a TLS 1.2-only OpenSSL client and one that also speaks
   * TLS 1.0 send the same hello). Empty with supported_versions.
   */
  readonly versionsUnknown: readonly string[];
  /** Cipher suites in the client's order, signalling values included (flagged). */
  readonly suites: readonly (NamedCode & { readonly openssl: string | null; readonly signalling?: boolean })[];
  readonly compression: readonly number[];
  readonly groups: readonly NamedCode[] | null;
  readonly keyShares: readonly (NamedCode & { readonly length: number })[] | null;
  readonly signatureSchemes: readonly NamedCode[] | null;
  readonly signatureSchemesCert: readonly NamedCode[] | null;
  readonly serverName: string | null;
  readonly alpn: readonly string[] | null;
  readonly ecPointFormats: readonly number[] | null;
  readonly pskModes: readonly number[] | null;
  readonly extensions: readonly OfferedExtension[];
  readonly sessionIdLength: number;
  /** Facts a report asks about. */
  readonly facts: {
    readonly secureRenegotiation: boolean;
    readonly extendedMasterSecret: boolean;
    readonly encryptThenMac: boolean;
    readonly sessionTicket: boolean;
    readonly fallbackScsv: boolean;
    readonly resumptionOffered: boolean;
    readonly statusRequest: boolean;
    readonly grease: boolean;
  };
  /** Extensions whose body could not be decoded (the hello itself was fine). */
  readonly warnings: readonly string[];
  /** Bytes of the ClientHello handshake message. */
  readonly bytes: number;
}

export interface CodedError {
  readonly code: string;
  readonly message: string;
}

export type HandshakeOutcome = 'completed' | 'refused' | 'failed' | 'not-attempted';

/** One connection a client made to the listener. */
export interface ListenSession {
  readonly index: number;
  readonly peer: { readonly address: string; readonly port: number };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly ehlo: string | null;
  /** The SMTP commands the client sent (verbs only, in order; DATA content is never kept). */
  readonly commands: readonly string[];
  readonly starttls: boolean;
  readonly clientHello: ClientOffer | null;
  readonly handshake: {
    readonly outcome: HandshakeOutcome;
    /** What node:tls negotiated with the client ("TLSv1.3"). */
    readonly protocol: string | null;
    readonly cipher: string | null;
    readonly error: CodedError | null;
  };
  /** A message the client sent (its size; the content is discarded), and over what. */
  readonly message: { readonly bytes: number; readonly recipients: number; readonly over: 'tls' | 'plaintext' } | null;
  /** Why the session ended early (a hostile or broken client): a coded error. */
  readonly error: CodedError | null;
}

/** A Postfix setting that changes something the report shows. */
export interface SettingHint {
  readonly what: string;
  readonly settings: readonly string[];
  readonly note: string;
}

export interface ClientGrade {
  readonly profile: ProfileInfo;
  /** Rules that judge a client's offer. */
  readonly rules: readonly RuleResult[];
  /** Rules of the profile that are about servers (certificates, server order, STARTTLS offer...). */
  readonly notForClients: readonly string[];
}

export interface ListenReport {
  readonly tool: 'mailtls listen';
  readonly listener: { readonly address: string; readonly port: number };
  readonly mode: 'complete' | 'refuse';
  readonly sessions: readonly ListenSession[];
  /** --refuse: did a client come back without TLS after a refused handshake? null: no refused handshake. */
  readonly fallback: { readonly refused: number; readonly plaintextRetries: number; readonly retriedInPlaintext: boolean } | null;
  /** The first captured ClientHello, graded (a client sends the same one each time). */
  readonly grade: ClientGrade | null;
  readonly settings: readonly SettingHint[];
  /** --probe-postfix: one entry per smtp_tls_security_level. */
  readonly levels?: readonly LevelProbe[];
  readonly postfix?: { readonly configDir: string; readonly lab: string; readonly version: string; readonly changes: readonly string[] };
  readonly complete: boolean;
  readonly error: CodedError | null;
}

/** What the Postfix smtp client offered at one smtp_tls_security_level. */
export interface LevelProbe {
  readonly level: string;
  /** Opportunistic (may) or mandatory (encrypt and stronger) settings, per smtp_tls_policy.c. */
  readonly kind: 'none' | 'opportunistic' | 'mandatory';
  /** The parameters Postfix reads at this level and their values in the lab copy. */
  readonly governing: readonly { readonly name: string; readonly value: string }[];
  readonly sessions: readonly number[];
  readonly offer: ClientOffer | null;
  readonly negotiated: { readonly protocol: string | null; readonly cipher: string | null } | null;
  readonly delivered: boolean;
  /** --refuse: after a refused handshake, did the client deliver in plaintext? null: nothing was refused. */
  readonly plaintextFallback: boolean | null;
  /** What this level's smtp client logged (its TLS summary and delivery status lines), from the lab's maillog_file. */
  readonly postfixLog: readonly string[];
  /** This level's offer graded by the profile's client rules (null without an offer or a profile). */
  readonly grade: ClientGrade | null;
  readonly note: string | null;
}
