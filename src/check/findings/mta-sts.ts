/**
 * Findings about MTA-STS (RFC 8461) per MX host and for the domain, with the TXT record and the
 * policy file to publish. Pure.
 */
import type { Severity } from '../../severity.js';
import type { CheckFinding, CheckMx, CheckReport, StsPolicy, StsTxt } from '../types.js';
import { checkFinding } from './make.js';

type MxName = { readonly host: string; readonly kind: CheckMx['kind'] };

/** What was learned of the domain's MTA-STS. */
export interface StsFacts {
  readonly txt: StsTxt;
  /** A TXT record was there (or something like one), so the policy was fetched. */
  readonly wanted: boolean;
  readonly policy: StsPolicy | null;
  /** A valid TXT record and a valid policy: senders apply it. */
  readonly applies: boolean;
  /** The fetch's errors, the last one the reason it failed. */
  readonly errors: readonly { readonly code: string; readonly message: string }[];
  readonly url: string;
}

/** The TXT record to publish; its id is the time, as a new id must differ from the last (RFC 8461 §3.1). */
export function stsTxtFix(domain: string, now: Date): string {
  const id = now.toISOString().replace(/[^0-9]/g, '').slice(0, 14);
  return `_mta-sts.${domain}. IN TXT "v=STSv1; id=${id}"`;
}

/** A policy file listing every MX host by name (§3.2; an address cannot match a pattern, §4.1). */
export function stsPolicyFix(mode: string, hosts: readonly MxName[], maxAge: number | null): string {
  const names = [...new Set(hosts.filter((h) => h.kind !== 'ip-literal').map((h) => h.host))];
  const lines = ['version: STSv1', `mode: ${mode === 'none' ? 'testing' : mode}`, ...names.map((n) => `mx: ${n}`)];
  return [...lines, `max_age: ${Math.max(maxAge ?? 604800, 86400)}`, ''].join('\n');
}

/** An MX host that an MTA-STS sender would not deliver to: by name (§4.1) or by certificate (§4.2). */
export function hostStsFindings(m: CheckMx, sts: StsFacts, hosts: readonly MxName[]): CheckFinding[] {
  const policy = sts.policy;
  if (!sts.applies || !policy) return [];
  const bad = m.addresses.filter((a) => a.mtaSts.match === false);
  if (bad.length === 0) return [];
  const sev: Severity = policy.mode === 'enforce' ? 'critical' : policy.mode === 'testing' ? 'medium' : 'info';
  const nameBad = bad.some((a) => a.mtaSts.nameMatches === false);
  const detail = `${bad[0]?.mtaSts.reason ?? ''}${policy.mode === 'enforce' ? ' Under mode enforce, MTA-STS senders refuse to deliver to it.' : ''}`;
  const fix = nameBad
    ? stsPolicyFix(policy.mode ?? 'testing', hosts, policy.maxAge)
    : `; serve a certificate valid for ${m.host} from a public CA, with its chain (smtpd_tls_chain_files)`;
  return [checkFinding('mta-sts', nameBad ? 'mta-sts-mx-mismatch' : 'mta-sts-cert-invalid', sev,
    nameBad ? `${m.host} is not listed in the MTA-STS policy` : `${m.host} fails the MTA-STS certificate check`,
    detail, { host: m.host, addresses: bad.map((a) => a.address), fix })];
}

/** The domain's MTA-STS: absent, an invalid TXT record, a policy that cannot be fetched or is invalid, weak settings. */
export function domainStsFindings(domain: string, sts: StsFacts, mxSource: CheckReport['mxSource'], hosts: readonly MxName[], now: Date): CheckFinding[] {
  const out: CheckFinding[] = [];
  const add = (...args: Parameters<typeof checkFinding>) => out.push(checkFinding(...args));
  const { txt, policy, url } = sts;
  if (txt.records.length === 0 && txt.errors.length === 0 && !sts.wanted) {
    add('mta-sts', 'mta-sts-absent', mxSource === 'null-mx' ? 'info' : 'low', 'No MTA-STS policy',
      `Senders that do not do DANE (most large providers) deliver to ${domain} over TLS that an attacker on the path can strip (RFC 8461 §1). `
      + 'Publish a policy, first in mode testing.',
      { fix: mxSource === 'null-mx' || hosts.length === 0 ? null : `${stsTxtFix(domain, now)}\n\n# ${url}\n${stsPolicyFix('testing', hosts, null)}` });
  }
  if (txt.errors.length > 0) {
    add('mta-sts', 'mta-sts-txt-invalid', policy?.mode === 'enforce' ? 'high' : 'medium', 'The MTA-STS TXT record is invalid',
      `${txt.errors.join('; ')}. Senders then act as if ${domain} had no policy (RFC 8461 §3.1).`, { fix: stsTxtFix(domain, now) });
  }
  if (policy && policy.text === null) {
    const e = sts.errors[sts.errors.length - 1];
    const cert = e?.code === 'EMTASTS_CERT';
    add('mta-sts', cert ? 'mta-sts-policy-cert' : 'mta-sts-policy-unavailable', 'high',
      cert ? 'The MTA-STS policy host has an invalid certificate' : 'The MTA-STS policy cannot be fetched',
      `${url}: ${e?.message ?? 'failed'}. Senders that have no cached policy treat ${domain} as having none; `
      + 'those with one cached keep applying it until max_age ends (RFC 8461 §3.3, §5.1).',
      { host: `mta-sts.${domain}`, fix: cert ? `; serve https://mta-sts.${domain}/ with a certificate valid for mta-sts.${domain} from a public CA` : null });
  }
  if (policy && policy.text !== null && !policy.valid) {
    add('mta-sts', 'mta-sts-policy-invalid', 'high', 'The MTA-STS policy file is invalid', `${policy.errors.join('; ')}. Senders ignore an invalid policy.`,
      { fix: stsPolicyFix(policy.mode ?? 'testing', hosts, policy.maxAge) });
  }
  if (policy?.valid === true && policy.maxAge !== null && policy.maxAge < 86400 && policy.mode !== 'none') {
    add('mta-sts', 'mta-sts-max-age-short', 'low', `MTA-STS max_age is ${policy.maxAge} s`,
      'A policy cached for less than a day protects little: an attacker needs only wait for it to expire. RFC 8461 §3.2 suggests weeks (e.g. 604800 or more).',
      { fix: stsPolicyFix(policy.mode ?? 'testing', hosts, 604800) });
  }
  if (sts.applies && policy?.mode === 'testing') {
    add('mta-sts', 'mta-sts-testing', 'info', 'MTA-STS is in mode testing',
      'Senders report failures (TLS-RPT) but still deliver. Switch to enforce once reports show no failures.');
  }
  return out;
}
