/**
 * The `mailtls check DOMAIN` report: plain data, `--json` prints exactly this and the terminal
 * renderer (src/report/check-text.ts) reads only this. Fields marked "contract" are issue 11's
 * JSON contract: others rely on them, so they are never renamed.
 */
import type { Verdict } from '../audit/types.js';
import type { Finding } from '../finding.js';
import type { RuleResult } from '../policy/types.js';
import type { ScanReport } from '../scan/types.js';
import type { Severity } from '../severity.js';

export type { Verdict };

/** secure: the resolver validated it (AD); insecure: no chain of trust; bogus: validation failed (SERVFAIL, data only with CD); unknown: the lookup failed. */
export type DnssecStatus = 'secure' | 'insecure' | 'bogus' | 'unknown';

export interface TlsaResult {
  readonly usage: number;
  readonly selector: number;
  readonly matchingType: number;
  /** hex */
  readonly data: string;
  /** "3 1 1 9f86…" as in a zone file. */
  readonly text: string;
  /** Usable for SMTP: DANE-TA(2) or DANE-EE(3) with known selector and matching type (RFC 7672 §3.1.3). */
  readonly usable: boolean;
  /** Matched a chain the scan saw (null: not usable, or no chain to match). */
  readonly matched: boolean | null;
  readonly note: string;
}

/** What a DANE sender (Postfix smtp_tls_security_level = dane) does at this address. */
export type DaneSender = 'authenticated' | 'defer' | 'encrypted' | 'opportunistic';

export interface AddressDane {
  /** contract: at least one usable TLSA record applies (address and TLSA RRsets secure). */
  readonly usable: boolean;
  /** contract: every certificate the server serves matches a usable record (null: DANE does not apply). */
  readonly matched: boolean | null;
  /** contract */
  readonly records: readonly TlsaResult[];
  readonly sender: DaneSender;
  /** The TLSA owner name asked ("_25._tcp.mx1.example.com"). */
  readonly tlsaName: string;
  readonly tlsaDnssec: DnssecStatus;
  readonly reason: string;
}

export interface AddressMtaSts {
  /** contract: an MTA-STS sender would deliver here under the policy (null: no policy applies). */
  readonly match: boolean | null;
  readonly nameMatches: boolean | null;
  readonly certificateValid: boolean | null;
  readonly reason: string;
}

export interface CheckAddress {
  /** contract */
  readonly address: string;
  readonly family: 4 | 6;
  /** The RRset it came from: its DNSSEC status decides whether DANE applies (RFC 7672 §2.2.2). */
  readonly dnssec: DnssecStatus;
  /** contract: the scan connected (null: not tried). */
  readonly reachable: boolean | null;
  /** Why it was not scanned (special-purpose address, RFC 6890), or null. */
  readonly skipped: string | null;
  /** contract: the scan report (null when not scanned). */
  readonly scan: ScanReport | null;
  /** contract */
  readonly dane: AddressDane;
  /** contract */
  readonly mtaSts: AddressMtaSts;
  /** contract: REQUIRETLS (RFC 8689 §4) in the EHLO after STARTTLS (null: no EHLO after TLS). */
  readonly requireTls: boolean | null;
  /** contract */
  readonly verdict: Verdict;
  readonly reasons: readonly string[];
  /** The profile's rules on this address's scan (as an mx); [] when it was not scanned. */
  readonly rules: readonly RuleResult[];
}

export interface CheckMx {
  /** contract: the MX host name as published (the domain itself for an implicit MX). */
  readonly host: string;
  /** contract */
  readonly preference: number;
  /** mx: an MX record; implicit: the domain itself (RFC 5321 §5.1); ip-literal: an MX whose name is an address. */
  readonly kind: 'mx' | 'implicit' | 'ip-literal';
  /** CNAMEs the host name led through, in order (empty: none). */
  readonly cname: readonly string[];
  readonly dnssec: { readonly a: DnssecStatus; readonly aaaa: DnssecStatus; readonly tlsa: DnssecStatus };
  /** contract */
  readonly addresses: readonly CheckAddress[];
  readonly error: string | null;
  /**
   * The MX's own verdict when it has no address to grade (fail: senders skip it), null when it
   * has addresses: each then carries its own.
   */
  readonly verdict: Verdict | null;
  /** Why, for the terminal and HTML (null with `verdict`). */
  readonly verdictReason: string | null;
}

/** A finding of `mailtls check`: the common shape (`message` = `detail`, `place` = {host} or {}) plus its own fields. */
export interface CheckFinding extends Finding {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly detail: string;
  /** The MX host (or policy host) it concerns, null for the domain. */
  readonly host: string | null;
  readonly addresses: readonly string[];
  /** What to publish or change: DNS records in zone-file syntax, or a policy file. */
  readonly fix: string | null;
  readonly source: 'dns' | 'dane' | 'mta-sts' | 'tls-rpt' | 'scan';
}

export interface StsTxt {
  readonly name: string;
  readonly records: readonly string[];
  readonly valid: boolean;
  readonly id: string | null;
  readonly dnssec: DnssecStatus;
  readonly errors: readonly string[];
}

export interface StsPolicy {
  readonly url: string;
  /** The body as fetched (at most 64 KiB), or null when the fetch failed. */
  readonly text: string | null;
  readonly version: string | null;
  readonly mode: 'enforce' | 'testing' | 'none' | null;
  readonly maxAge: number | null;
  readonly mx: readonly string[];
  readonly valid: boolean;
  readonly errors: readonly string[];
  /** The address it was fetched from. */
  readonly address: string | null;
}

export interface CheckReport {
  readonly tool: { readonly name: 'mailtls'; readonly version: string };
  readonly generatedAt: string;
  /** contract */
  readonly domain: string;
  readonly profile: string;
  readonly resolver: { readonly servers: readonly string[]; readonly local: boolean; readonly validating: boolean | null };
  /** Where the MX set came from. */
  readonly mxSource: 'mx' | 'implicit' | 'null-mx' | 'none';
  /** The CNAMEs the domain's MX lookup led through. */
  readonly domainCname: readonly string[];
  /** contract: in preference order */
  readonly mx: readonly CheckMx[];
  /** contract: `mx` is the MX RRset's status; hosts: each MX host's address and TLSA status. */
  readonly dnssec: { readonly mx: DnssecStatus; readonly hosts: Readonly<Record<string, { readonly address: DnssecStatus; readonly tlsa: DnssecStatus }>> };
  /** contract: valid (every MX address authenticates), partial, invalid (some would defer), none (signed, no TLSA), not-applicable (unsigned). */
  readonly dane: {
    readonly status: 'valid' | 'partial' | 'invalid' | 'none' | 'not-applicable'; readonly rolloverReady: boolean | null; readonly detail: string;
  };
  /** contract */
  readonly mtaSts: {
    readonly txt: StsTxt; readonly policy: StsPolicy | null; readonly mode: 'enforce' | 'testing' | 'none' | null;
    readonly errors: readonly { readonly code: string; readonly message: string }[];
  };
  /** contract */
  readonly tlsRpt: { readonly record: string | null; readonly valid: boolean; readonly rua: readonly string[]; readonly errors: readonly string[] };
  /** contract: most severe first */
  readonly findings: readonly CheckFinding[];
  /** contract */
  readonly verdict: Verdict;
  readonly stats: { readonly durationMs: number; readonly dnsQueries: number; readonly scans: number; readonly connections: number; readonly scanMs: number };
}
