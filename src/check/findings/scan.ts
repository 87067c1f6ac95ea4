/** Findings from the scans of the MX addresses: each kind of scan finding once, and REQUIRETLS. Pure. */
import type { ScanReport } from '../../scan/types.js';
import type { CheckAddress, CheckFinding } from '../types.js';
import { checkFinding } from './make.js';

/** The scans' own findings above info, once per kind, with every address that has it. */
export function scanFindings(addresses: readonly CheckAddress[]): CheckFinding[] {
  const groups = new Map<string, { f: ScanReport['findings'][number]; addrs: string[] }>();
  for (const a of addresses) {
    for (const f of a.scan?.findings ?? []) {
      if (f.severity === 'info') continue;
      const g = groups.get(f.id) ?? { f, addrs: [] };
      g.addrs.push(a.address);
      groups.set(f.id, g);
    }
  }
  return [...groups.values()].map(({ f, addrs }) => checkFinding('scan', f.id, f.severity, f.title, f.detail, { addresses: addrs }));
}

/** No MX offers REQUIRETLS (RFC 8689) in its EHLO after STARTTLS; judged only when some EHLO after TLS was seen. */
export function requireTlsFindings(addresses: readonly CheckAddress[]): CheckFinding[] {
  const seen = addresses.filter((a) => a.requireTls !== null);
  if (seen.length === 0 || !seen.every((a) => a.requireTls === false)) return [];
  return [checkFinding('scan', 'requiretls-absent', 'info', 'No MX offers REQUIRETLS',
    'RFC 8689: a sender cannot ask for TLS to be required on every hop to the recipient. Postfix does not implement REQUIRETLS.')];
}
