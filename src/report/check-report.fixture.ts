/**
 * A small `mailtls check` report for the renderer tests (not used by mailtls itself): one MX
 * with no address, one with an address that passes.
 */
import { addressOf, mxOf } from '../check/fixtures.js';
import type { CheckMx, CheckReport } from '../check/types.js';

export function checkReport(noAddressMx: Partial<CheckMx> = {}): CheckReport {
  const gone = mxOf({
    host: 'gone.example.test', preference: 20, addresses: [], verdict: 'fail', verdictReason: 'no A or AAAA records: senders skip this MX', ...noAddressMx,
  });
  return {
    tool: { name: 'mailtls', version: '0.0.0' }, generatedAt: '2030-01-01T00:00:00.000Z', domain: 'example.test', profile: 'mail',
    resolver: { servers: ['127.0.0.53'], local: true, validating: true }, mxSource: 'mx', domainCname: [],
    mx: [mxOf({ addresses: [addressOf()] }), gone],
    dnssec: { mx: 'secure', hosts: {} },
    dane: { status: 'none', rolloverReady: null, detail: 'the MX hosts are DNSSEC-signed but publish no TLSA records' },
    mtaSts: { txt: { name: '_mta-sts.example.test', records: [], valid: false, id: null, dnssec: 'secure', errors: [] }, policy: null, mode: null, errors: [] },
    tlsRpt: { record: null, valid: false, rua: [], errors: [] },
    findings: [], verdict: 'warn',
    stats: { durationMs: 10, dnsQueries: 5, scans: 1, connections: 3, scanMs: 5 },
  };
}
