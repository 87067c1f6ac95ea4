/**
 * The vulnerability section as the report lists it: the derived verdicts (derived.ts) with the
 * probed ones (--vulns) in their place. Pure, for the report assembly (../assemble.ts).
 */
import type { VulnResult } from '../types.js';
import { derivedVulns, type DerivedFacts } from './derived.js';

/** The order of the report: as testssl.sh -U lists them, with our additions at the end. */
export const VULN_ORDER: readonly string[] = [
  'heartbleed', 'ccs-injection', 'ticketbleed', 'robot', 'secure-renegotiation', 'client-renegotiation', 'crime', 'poodle',
  'fallback-scsv', 'sweet32', 'freak', 'drown', 'logjam', 'beast', 'lucky13', 'rc4', 'downgrade-sentinel',
];

export function orderVulns(results: readonly VulnResult[]): VulnResult[] {
  const rank = (id: string) => {
    const i = VULN_ORDER.indexOf(id);
    return i < 0 ? VULN_ORDER.length : i;
  };
  return [...results].sort((a, b) => rank(a.id) - rank(b.id));
}

export function allVulns(report: Parameters<typeof derivedVulns>[0], facts: DerivedFacts, probed: readonly VulnResult[] = []): VulnResult[] {
  // A probe's verdict replaces the derived one of the same id (Heartbleed: derived "unknown" until probed).
  const ids = new Set(probed.map((v) => v.id));
  const all = orderVulns([...derivedVulns(report, facts).filter((v) => !ids.has(v.id)), ...probed]);
  // Nothing answered (refused, no STARTTLS, every handshake failed): no verdict is worth anything.
  if (!report.protocols.some((p) => p.offered === true)) {
    return all.map((v) => ({ ...v, status: 'unknown' as const, why: 'no TLS handshake succeeded, so nothing could be tested' }));
  }
  return all;
}
