/**
 * The shape of a profile table. A profile is data: which grade each protocol, suite, group and
 * key size gets under a guideline, what each grade gives (pass / warn / fail and how much it
 * weighs), where each line comes from, and which scan findings a rule makes redundant. The one
 * evaluator (evaluate.ts) reads every table the same way, so the profiles differ only here.
 *
 * Suites are written by IANA name, as the sources list them (internet.nl's tls_constants.py,
 * Mozilla's guideline JSON); load.ts converts them to codes once, and a name the registry does
 * not know is an error there (and in the table test), never a silent gap.
 */
import type { Severity } from '../severity.js';
import type { Authentication, KeyExchange } from '../wire/registry/cipher-suites.js';
import type { ProtocolName } from '../wire/registry/versions.js';
import type { ServiceRole } from './types.js';

/**
 * Grades as NCSC-NL names them (good / sufficient / phase-out / insufficient); the other
 * guidelines map onto them: "listed" is good, "SHOULD NOT" phase-out, "MUST NOT" insufficient.
 * `unknown`: the table does not grade it (a partial profile), so no rule judges it.
 */
export type Grade = 'good' | 'sufficient' | 'phase-out' | 'insufficient';
export type TableGrade = Grade | 'unknown';

export interface Verdict {
  readonly outcome: 'pass' | 'warn' | 'fail';
  readonly severity: Severity;
}

/** What each grade gives under one rule. */
export type GradeOutcomes = Readonly<Record<Grade, Verdict>>;

interface RuleBase {
  /** The roles this row applies to; absent: every role. A profile has one row per rule id and role. */
  readonly roles?: readonly ServiceRole[];
  readonly title: string;
  /** "RFC 8996 §2", "NCSC-NL 2025-05 §3.3.1 (internet.nl tls_constants.py)". */
  readonly source: string;
  /** The scan finding ids (src/scan/findings.ts) this rule judges instead; "cbc-only-*" is a prefix. */
  readonly covers: readonly string[];
}

export interface VersionsRule extends RuleBase {
  readonly id: 'tls-versions';
  readonly grades: Readonly<Record<ProtocolName, Grade>>;
  /** Why a protocol has its grade, per the source (used in messages). */
  readonly why: Readonly<Partial<Record<ProtocolName, string>>>;
  readonly outcomes: GradeOutcomes;
  /** A protocol whose verdict differs from its grade's (SSLv2 failing where SSLv3 only warns). */
  readonly verdicts?: Readonly<Partial<Record<ProtocolName, Verdict>>>;
  /** Protocols the guideline wants accepted, and what their absence gives. */
  readonly required?: readonly { readonly version: ProtocolName; readonly verdict: Verdict; readonly why: string }[];
}

/** Properties of a suite, as the registry derives them from its IANA name. Every given field must hold. */
export interface SuiteMatch {
  readonly kx?: readonly KeyExchange[];
  readonly auth?: readonly Authentication[];
  /** A regular expression over the registry's `enc` ("AES_128_GCM", "3DES_EDE_CBC"). */
  readonly enc?: string;
  readonly mac?: readonly string[];
  readonly export?: boolean;
  /** Effective key bits below this. */
  readonly bitsBelow?: number;
  /** A TLS 1.3 suite (0x13xx). */
  readonly tls13?: boolean;
  readonly aead?: boolean;
  readonly cbc?: boolean;
  /** CBC and the server does not do encrypt_then_mac (RFC 7366); unknown EtM grades the row `unknown`. */
  readonly withoutEncryptThenMac?: boolean;
}

export interface SuiteRow {
  readonly grade: TableGrade;
  readonly why: string;
  /** IANA names (converted to codes at load). */
  readonly names?: readonly string[];
  readonly match?: SuiteMatch;
}

export interface SuitesRule extends RuleBase {
  readonly id: 'cipher-suites';
  /** First row that matches a suite gives its grade. */
  readonly rows: readonly SuiteRow[];
  readonly otherwise: { readonly grade: TableGrade; readonly why: string };
  readonly outcomes: GradeOutcomes;
}

/**
 * Server order, judged as seed 000's answer and internet.nl's test_cipher_order do: order matters
 * only where a suite of a `lower` grade can be chosen although one of a `higher` grade is
 * accepted too. The grades are those of the same profile's cipher-suites rule for the role.
 */
export interface OrderRule extends RuleBase {
  readonly id: 'cipher-order';
  readonly constraints: readonly { readonly lower: readonly Grade[]; readonly higher: readonly Grade[] }[];
  readonly verdict: Verdict;
  /**
   * The fix when the client chooses: let the server choose (`server-order`), or, where the
   * guideline says not to use server order (Mozilla 6.0), remove the suites that can win (`exclude`).
   */
  readonly fix: 'server-order' | 'exclude';
  /** What the guideline itself says about server order, quoted in messages. */
  readonly guideline: string;
}

export interface GroupRow {
  readonly grade: TableGrade;
  readonly why: string;
  /** Group names as the scan reports them ("x25519", "secp256r1", "X25519MLKEM768"). */
  readonly names?: readonly string[];
  readonly kinds?: readonly ('ECDHE' | 'FFDHE' | 'hybrid' | 'other')[];
  readonly bitsBelow?: number;
}

/** Finite-field DH: by prime size, and whether the prime is an RFC 7919 group (ffdhe2048 ...). */
export interface DhRow {
  readonly grade: TableGrade;
  readonly why: string;
  readonly bitsBelow?: number;
  readonly bitsAtLeast?: number;
  /** true: only RFC 7919 groups; false: only other primes; absent: either. */
  readonly named?: boolean;
}

export interface KeyExchangeRule extends RuleBase {
  readonly id: 'key-exchange';
  /** Elliptic-curve and hybrid groups (FFDHE groups negotiated by name go through `dh`). */
  readonly groups?: { readonly rows: readonly GroupRow[]; readonly otherwise: { readonly grade: TableGrade; readonly why: string } };
  readonly dh?: { readonly rows: readonly DhRow[]; readonly otherwise: { readonly grade: TableGrade; readonly why: string } };
  readonly outcomes: GradeOutcomes;
}

export interface KeySizeRow {
  readonly grade: Grade;
  readonly why: string;
  /** "RSA", "EC", "DSA", "Ed25519" as the scan reports them. */
  readonly keyTypes: readonly string[];
  readonly bitsBelow?: number;
  /** EC curves ("prime256v1"): the row holds for these (or, with `notCurves`, all others). */
  readonly curves?: readonly string[];
  readonly notCurves?: readonly string[];
}

export interface CertificateRule extends RuleBase {
  readonly id: 'certificate';
  /** Key sizes and curves; the first row that holds grades the key, else it is good. */
  readonly keys?: readonly KeySizeRow[];
  /** Signature algorithms (a regular expression over the scan's name, case-insensitive), first match wins. */
  readonly signatures?: readonly { readonly pattern: string; readonly grade: Grade; readonly why: string }[];
  /** Key types the guideline wants; none of them served fails, others beside one warn. */
  readonly keyTypes?: { readonly allowed: readonly string[]; readonly why: string };
  /** Trust, expiry and name, where the guideline judges them (the mail profile). */
  readonly trust?: {
    readonly untrusted: Verdict;
    readonly expired: Verdict;
    readonly nameMismatch: Verdict;
    readonly why: string;
  };
  readonly outcomes: GradeOutcomes;
}

/** A yes/no property of the TLS stack (compression, RFC 5746, RFC 7627, RFC 7507). */
export interface FactRule extends RuleBase {
  readonly id: 'compression' | 'renegotiation' | 'extended-master-secret' | 'fallback-scsv';
  /** What it gives when the property is wrong (compression on; the others missing). */
  readonly verdict: Verdict;
  readonly why: string;
}

/** STARTTLS offered (or implicit TLS answered). */
export interface StarttlsRule extends RuleBase {
  readonly id: 'starttls';
  readonly missing: Verdict;
  readonly why: string;
}

/**
 * Whether clients may send without TLS. `expect`: what the role needs, `either` where no source
 * says (role `other`); the verdict applies when the service does the opposite.
 */
export interface TlsRequiredRule extends RuleBase {
  readonly id: 'tls-required';
  readonly expect: 'required' | 'not-required' | 'either';
  readonly verdict: Verdict;
  readonly why: string;
}

export interface AuthRule extends RuleBase {
  readonly id: 'auth-after-tls';
  readonly verdict: Verdict;
  readonly why: string;
}

export type RuleSpec =
  | VersionsRule | SuitesRule | OrderRule | KeyExchangeRule | CertificateRule | FactRule
  | StarttlsRule | TlsRequiredRule | AuthRule;

export type RuleId = RuleSpec['id'];

/** Every local rule id, in the order results are listed. */
export const RULE_IDS: readonly RuleId[] = [
  'starttls', 'tls-required', 'auth-after-tls', 'tls-versions', 'cipher-suites', 'cipher-order',
  'key-exchange', 'certificate', 'compression', 'renegotiation', 'extended-master-secret', 'fallback-scsv',
];

export interface ProfileTable {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly date: string;
  readonly sources: readonly string[];
  readonly partial: string | null;
  /** How the guideline applies to each role, in a sentence: shown with the profile list. */
  readonly roles: Readonly<Record<ServiceRole, string>>;
  readonly rules: readonly RuleSpec[];
}

// Verdicts the tables share.
export const PASS: Verdict = { outcome: 'pass', severity: 'info' };
export const warn = (severity: Severity): Verdict => ({ outcome: 'warn', severity });
export const fail = (severity: Severity): Verdict => ({ outcome: 'fail', severity });
