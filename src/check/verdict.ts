/**
 * Verdicts, in the terms of `mailtls audit` (pass / warn / fail). An MX address is graded by
 * the same policy profile tables as `mailtls audit` and `mailtls scan --profile` (src/policy),
 * as an `mx` (port 25: opportunistic TLS, RFC 7435, RFC 9325 §5.2): its rules, plus the scan's
 * findings no rule covers, plus what a DANE and an MTA-STS sender would do there.
 */
import { DEFAULT_PROFILE, getProfile } from '../policy/profiles.js';
import { gradeScan } from '../policy/grade.js';
import type { RuleResult } from '../policy/types.js';
import type { ScanReport } from '../scan/types.js';
import type { Severity } from '../severity.js';
import type { AddressDane, AddressMtaSts, CheckFinding, Verdict } from './types.js';

export { DEFAULT_PROFILE };

const ORDER: readonly Verdict[] = ['pass', 'warn', 'fail'];
export const worse = (a: Verdict, b: Verdict): Verdict => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

export function severityVerdict(s: Severity): Verdict {
  return s === 'critical' || s === 'high' ? 'fail' : s === 'medium' ? 'warn' : 'pass';
}

export interface AddressVerdictInput {
  readonly scan: ScanReport | null;
  readonly skipped: string | null;
  readonly dane: AddressDane;
  readonly mtaSts: AddressMtaSts;
  readonly mtaStsMode: 'enforce' | 'testing' | 'none' | null;
}

export function addressVerdict(input: AddressVerdictInput, profile: string = DEFAULT_PROFILE): { verdict: Verdict; reasons: string[]; rules: RuleResult[] } {
  const reasons: string[] = [];
  let rules: RuleResult[] = [];
  let v: Verdict = 'pass';
  const add = (verdict: Verdict, why: string) => { v = worse(v, verdict); if (verdict !== 'pass') reasons.push(why); };
  if (input.skipped !== null) add('fail', input.skipped);
  else if (!input.scan) add('fail', 'not scanned');
  else {
    const s = input.scan;
    if (s.stats.connections > 0 && s.smtp === null && !s.complete) add('fail', `unreachable: ${s.error ?? 'no connection'}`);
    // The profile judges what its rules cover; the scan's other findings by their severity.
    const graded = s.complete ? gradeScan(getProfile(profile), s, 'mx') : { rules: [], findings: s.findings };
    rules = graded.rules;
    for (const r of graded.rules) {
      if (r.outcome === 'fail') add('fail', `${r.rule}: ${r.message}`);
      else if (r.outcome === 'warn') add('warn', `${r.rule}: ${r.message}`);
    }
    for (const f of graded.findings) add(severityVerdict(f.severity), `${f.title} (${f.severity})`);
    if (!s.complete && s.smtp !== null && !s.findings.some((f) => f.id === 'no-starttls')) add('warn', `the scan did not complete: ${s.error ?? ''}`);
  }
  if (input.dane.sender === 'defer') add('fail', `a DANE sender would defer: ${input.dane.reason}`);
  if (input.mtaSts.match === false) {
    if (input.mtaStsMode === 'enforce') add('fail', `an MTA-STS sender would refuse to deliver (policy enforce): ${input.mtaSts.reason}`);
    else if (input.mtaStsMode === 'testing') add('warn', `under MTA-STS testing this would be reported as a failure: ${input.mtaSts.reason}`);
  }
  return { verdict: v, reasons, rules };
}

/**
 * The domain: fail when no MX address passes or warns (nobody can deliver well), or a finding
 * about the domain itself is high or critical; warn when some address fails or a medium one
 * stands; pass otherwise. A null MX (RFC 7505) with nothing wrong passes: it says so on purpose.
 */
export function domainVerdict(addresses: readonly { verdict: Verdict }[], findings: readonly CheckFinding[], nullMx: boolean): Verdict {
  let v: Verdict = 'pass';
  for (const f of findings) if (f.source !== 'scan') v = worse(v, severityVerdict(f.severity));
  if (nullMx) return v;
  if (addresses.length === 0 || addresses.every((a) => a.verdict === 'fail')) return 'fail';
  if (addresses.some((a) => a.verdict !== 'pass')) v = worse(v, 'warn');
  return v;
}
