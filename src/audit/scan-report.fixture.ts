/** Test data shared by the audit's unit tests: a scan that saw exactly these versions and suites. */
import type { ScanReport } from '../scan/types.js';

/** STARTTLS offered and every suite strong ECDHE-RSA, unless `over` says otherwise. */
export function scanOf(protocols: Record<string, readonly string[]>, over: Partial<ScanReport> = {}): ScanReport {
  return {
    target: { host: '127.0.0.1', ip: '127.0.0.1', port: 25, starttls: 'smtp', role: 'mx' }, complete: true, error: null,
    protocols: Object.entries(protocols).map(([version, codes]) => ({
      version: version as ScanReport['protocols'][number]['version'], offered: true, serverPreference: false,
      ciphers: codes.map((code) => ({ code, iana: code, openssl: null, kx: 'ECDHE', auth: 'RSA', bits: 128, strength: 'strong' as const })),
    })),
    groups: [], certificates: [],
    tls: { secureRenegotiation: true, extendedMasterSecret: true, encryptThenMac: null, sessionTickets: null, compression: null, fallbackScsv: true, dhBits: null, dhBitsSuites: [], helloRetryRequest: null },
    smtp: { banner: '220 mx', capabilities: ['STARTTLS'], capabilitiesAfterTls: [], starttls: true, authBeforeTls: [], authAfterTls: [], injectedAfterStarttls: 0, retries: 0 },
    findings: [], errors: [], stats: { connections: 10, durationMs: 100 },
    ...over,
  };
}
