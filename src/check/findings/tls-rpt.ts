/** Findings about TLS reporting (RFC 8460): the `_smtp._tls` record invalid or absent. Pure. */
import type { TlsRptResult } from '../tls-rpt.js';
import type { CheckFinding, CheckReport } from '../types.js';
import { checkFinding } from './make.js';

export function tlsRptFindings(domain: string, rpt: TlsRptResult, mxSource: CheckReport['mxSource']): CheckFinding[] {
  const fix = `_smtp._tls.${domain}. IN TXT "v=TLSRPTv1; rua=mailto:tls-reports@${domain}"`;
  if (rpt.errors.length > 0) {
    return [checkFinding('tls-rpt', 'tlsrpt-invalid', 'low', 'The TLS-RPT record is invalid', `${rpt.errors.join('; ')}. Senders send no reports.`, { fix })];
  }
  // A null MX receives no mail, so there is nothing to report on.
  if (rpt.record === null && mxSource !== 'null-mx') {
    return [checkFinding('tls-rpt', 'tlsrpt-absent', 'info', 'No TLS-RPT record',
      'Without one, nobody tells you when senders fail to deliver over TLS (RFC 8460).', { fix })];
  }
  return [];
}
