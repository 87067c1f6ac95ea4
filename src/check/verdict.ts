/**
 * Verdicts, in the terms of `mailtls audit` (pass / warn / fail). One function per address and
 * one for the domain, so that the lead can switch them to the shared policy profiles
 * (src/policy) in one place: today `profile` is only carried along, and the grading is the
 * scan's own findings (src/scan/findings.ts severities, port 25 judged as opportunistic TLS)
 * plus what a DANE and an MTA-STS sender would do.
 */
import type { ScanReport } from '../scan/types.js';
import type { Severity } from '../severity.js';
import type { AddressDane, AddressMtaSts, CheckFinding, Verdict } from './types.js';

export const DEFAULT_PROFILE = 'mail';

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

export function addressVerdict(input: AddressVerdictInput, profile: string = DEFAULT_PROFILE): { verdict: Verdict; reasons: string[] } {
  void profile; // the seam: grading by profile tables comes with src/policy's grading functions
  const reasons: string[] = [];
  let v: Verdict = 'pass';
  const add = (verdict: Verdict, why: string) => { v = worse(v, verdict); if (verdict !== 'pass') reasons.push(why); };
  if (input.skipped !== null) add('fail', input.skipped);
  else if (!input.scan) add('fail', 'not scanned');
  else {
    const s = input.scan;
    if (s.stats.connections > 0 && s.smtp === null && !s.complete) add('fail', `unreachable: ${s.error ?? 'no connection'}`);
    for (const f of s.findings) add(severityVerdict(f.severity), `${f.title} (${f.severity})`);
    if (!s.complete && s.smtp !== null && !s.findings.some((f) => f.id === 'no-starttls')) add('warn', `the scan did not complete: ${s.error ?? ''}`);
  }
  if (input.dane.sender === 'defer') add('fail', `a DANE sender would defer: ${input.dane.reason}`);
  if (input.mtaSts.match === false) {
    if (input.mtaStsMode === 'enforce') add('fail', `an MTA-STS sender would refuse to deliver (policy enforce): ${input.mtaSts.reason}`);
    else if (input.mtaStsMode === 'testing') add('warn', `under MTA-STS testing this would be reported as a failure: ${input.mtaSts.reason}`);
  }
  return { verdict: v, reasons };
}

/**
 * The domain: fail when no MX address passes or warns (nobody can deliver well), or a finding
 * about the domain itself is high or critical; warn when some address fails or a medium one
 * stands; pass otherwise. A null MX (RFC 7505) with nothing wrong passes: it says so on purpose.
 */
export function domainVerdict(addresses: readonly { verdict: Verdict }[], findings: readonly CheckFinding[], nullMx: boolean, profile: string = DEFAULT_PROFILE): Verdict {
  void profile;
  let v: Verdict = 'pass';
  for (const f of findings) if (f.source !== 'scan') v = worse(v, severityVerdict(f.severity));
  if (nullMx) return v;
  if (addresses.length === 0 || addresses.every((a) => a.verdict === 'fail')) return 'fail';
  if (addresses.some((a) => a.verdict !== 'pass')) v = worse(v, 'warn');
  return v;
}
