/**
 * What a vulnerability probe gets from the scan: a way to open one connection (the scan's own
 * connector, so the per-host limit, pacing and STARTTLS hold), the timeouts, and what the scan
 * learnt (the best protocol below TLS 1.3 and its accepted suites). Probes count their own
 * connections.
 */
import type { StreamTransport } from '../../net/transport.js';
import type { ProtocolName, VulnResult, VulnStatus } from '../types.js';

export type LegacyProtocol = Exclude<ProtocolName, 'SSLv2' | 'TLSv1.3'>;

export interface VulnEnv {
  /** One connection ready for a ClientHello (after STARTTLS); errors are recorded by the scan and rethrown. */
  readonly probe: <T>(name: string, fn: (t: StreamTransport) => Promise<T>) => Promise<T>;
  readonly timeoutMs: number;
  readonly serverName?: string;
  /** Best protocol below TLS 1.3 the server accepts, with its accepted suites; null when none. */
  readonly legacy: { readonly protocol: LegacyProtocol; readonly suites: readonly number[] } | null;
  /** TLS 1.3 is offered. */
  readonly tls13: boolean;
}

/** Counts the connections of one probe. */
export function counted(env: VulnEnv): { env: VulnEnv; readonly count: () => number } {
  let n = 0;
  return {
    env: { ...env, probe: (name, fn) => { n++; return env.probe(name, fn); } },
    count: () => n,
  };
}

export function vuln(id: string, name: string, cve: string | null, status: VulnStatus, why: string, connections: number): VulnResult {
  return { id, name, cve, status, why, connections };
}
