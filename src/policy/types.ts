/**
 * Policy profiles: versioned data tables of rules (NCSC-NL, Mozilla, BCP 195, NIST, mailtls's
 * own port-role aware "mail" profile), and what grading a service against one gives. Shared by
 * `mailtls scan --profile`, `mailtls config --profile`, `mailtls audit` and `mailtls check`, so
 * every command grades by the same rules.
 *
 * The input is Evidence: one service's TLS as the wire shows it (a scan) or as the configuration
 * predicts it. The output is one RuleResult per rule: pass / warn / fail / n/a, with the rule's
 * source, and a FixHint that says what the wire should become (the caller turns it into
 * postconf commands: src/postfix knows which parameter is in force).
 */
import type { Severity } from '../severity.js';
import type { ProtocolName } from '../wire/registry/versions.js';

export type { ProtocolName };

/** What a service is for: server-to-server on port 25 (`mx`), mail clients (`submission`), or neither. */
export type ServiceRole = 'mx' | 'submission' | 'other';

export type RuleOutcome = 'pass' | 'warn' | 'fail' | 'n/a';

export interface EvidenceCertificate {
  /** "RSA", "EC", "Ed25519", "DSA" (as in the scan report). */
  readonly keyType: string;
  readonly keyBits: number | null;
  readonly signatureAlgorithm: string | null;
  /** null: not known (the configuration side cannot tell trust or names). */
  readonly trusted: boolean | null;
  readonly nameMatches: boolean | null;
  readonly notAfter: string | null;
  readonly selfSigned: boolean | null;
  readonly subject: string | null;
  /** Named curve of an EC key ("prime256v1", "secp384r1"), where known. */
  readonly curve?: string | null;
}

export interface EvidenceGroup {
  /** "x25519", "secp256r1", "ffdhe2048", "X25519MLKEM768". */
  readonly name: string;
  readonly kind: 'ECDHE' | 'FFDHE' | 'hybrid' | 'other';
  readonly bits: number | null;
}

/** One service's TLS, from the wire or from the configuration's prediction. null = not known. */
export interface Evidence {
  readonly role: ServiceRole;
  readonly source: 'wire' | 'config';
  /** TLS is possible at all (STARTTLS offered, or implicit TLS answered). */
  readonly tls: boolean | null;
  /** TLS from the first byte (port 465, smtpd_tls_wrappermode). */
  readonly implicitTls: boolean;
  /** A client cannot send mail without TLS (level encrypt, or implicit TLS). */
  readonly tlsRequired: boolean | null;
  /** AUTH is offered before TLS. */
  readonly authBeforeTls: boolean | null;
  /** Protocols accepted, oldest first. */
  readonly versions: readonly ProtocolName[] | null;
  /**
   * Accepted suites per protocol as IANA code strings ("0xC02F"), in the server's order where
   * it chooses. TLS 1.3 suites under "TLSv1.3". A protocol of `versions` without an entry here:
   * its suites are not known (the configuration cannot predict TLS 1.3 suites everywhere).
   */
  readonly suites: Readonly<Partial<Record<ProtocolName, readonly string[]>>> | null;
  /** Does the server choose the suite, per protocol (null: cannot tell). */
  readonly serverPreference: Readonly<Partial<Record<ProtocolName, boolean | null>>>;
  readonly groups: readonly EvidenceGroup[] | null;
  /** Smallest finite-field DH prime seen (bits). */
  readonly dhBits: number | null;
  readonly certificates: readonly EvidenceCertificate[] | null;
  readonly facts: {
    readonly compression: boolean | null;
    readonly secureRenegotiation: boolean | null;
    readonly extendedMasterSecret: boolean | null;
    readonly encryptThenMac: boolean | null;
    readonly fallbackScsv: boolean | null;
  };
  /**
   * Protocols whose probe could not tell whether they are accepted (the scan's `offered: null`).
   * A rule that would object to one of them says it could not judge, instead of passing.
   */
  readonly unknownVersions?: readonly ProtocolName[];
  /** The SASL mechanisms offered before TLS ("PLAIN", "LOGIN"), where known. */
  readonly authMechanismsBeforeTls?: readonly string[];
  /** The suites that got the smallest DH parameters (OpenSSL names), where known. */
  readonly dhSuites?: readonly string[];
  /** Why the evidence is approximate (a configuration prediction that is not exact). */
  readonly notes?: readonly string[];
}

/** What the wire should become for a rule to pass; the caller turns it into postconf commands. */
export type FixHint =
  /** Accept no protocol older than `floor`. */
  | { readonly kind: 'protocols-floor'; readonly floor: ProtocolName }
  /** Stop accepting these suites (IANA codes); TLS 1.3 ones need tls_config_file. */
  | { readonly kind: 'exclude-suites'; readonly suites: readonly string[] }
  /** Let the server choose the suite (tls_preempt_cipherlist = yes), or stop it (no). */
  | { readonly kind: 'server-order'; readonly enable: boolean }
  | { readonly kind: 'require-tls' }
  | { readonly kind: 'offer-tls' }
  | { readonly kind: 'auth-only-after-tls' }
  /** Anything that is no postconf parameter (a new certificate, an OpenSSL upgrade): text only. */
  | { readonly kind: 'manual'; readonly text: string };

export interface RuleResult {
  /** "<profile>/<rule>", e.g. "ncsc-2025/tls-versions"; the local part is shared by all profiles. */
  readonly rule: string;
  readonly profile: string;
  /** The rule's local id: "tls-versions", "cipher-suites", "cipher-order", ... */
  readonly id: string;
  readonly title: string;
  readonly outcome: RuleOutcome;
  /** How much a warn or fail weighs ("info" for pass and n/a). */
  readonly severity: Severity;
  /** Why this outcome, in a sentence or two, naming what offends (suites, versions, sizes). */
  readonly message: string;
  /** Where the rule comes from: "RFC 8996 §2", "NCSC-NL 2025-05 §3.3.1", "Mozilla 6.0 intermediate". */
  readonly source: string;
  /** What offends, machine-readable: versions, suite codes, group names. */
  readonly offending: readonly string[];
  readonly fix: FixHint | null;
  /**
   * false: the evidence the rule needs was not known (outcome n/a, or a warn saying so), so the
   * rule did not judge; a scan finding it covers then stays. Absent means true.
   */
  readonly judged?: boolean;
  /** What the rule judged: the wire (a scan) or the configuration's prediction. */
  readonly basis?: 'wire' | 'config';
}

export interface ProfileInfo {
  readonly id: string;
  readonly title: string;
  /** The version of the guideline the table encodes ("2025-05", "6.0"). */
  readonly version: string;
  /** The date of that version. */
  readonly date: string;
  /** Where the table's rules were taken from. */
  readonly sources: readonly string[];
  /** Set when the table encodes only part of the guideline, and says which part is missing. */
  readonly partial: string | null;
  /** How the guideline applies to each role (web guidelines on port 25, for instance). */
  readonly roles?: Readonly<Record<ServiceRole, string>>;
}
