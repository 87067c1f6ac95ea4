/**
 * The vulnerability section of a scan: the derived verdicts (derived.ts, no connection) always,
 * and with --vulns the probes that need connections of their own, run alongside each other
 * within the scan's connection limit. File map:
 *   derived.ts       CRIME, POODLE, FALLBACK_SCSV, SWEET32, FREAK, Logjam, DROWN, BEAST, LUCKY13,
 *                    RC4, secure renegotiation, the downgrade sentinel, Heartbleed when the server
 *                    never negotiates heartbeats; drownAcross for several services
 *   heartbleed.ts    CVE-2014-0160 (1 connection, only when the server negotiates heartbeats)
 *   ccs.ts           CVE-2014-0224 (1 connection)
 *   renegotiation.ts client-initiated renegotiation, counted (1 connection)
 *   robot.ts         ROBOT (5 connections, 10 when the answers differ)
 *   ticketbleed.ts   CVE-2016-9244 (2 connections)
 *   verdicts.ts      the section in report order, a probe's verdict replacing the derived one (pure)
 *   reply.ts         reading the one reply a probe waits for; env.ts the probes' view of the scan
 */
import type { VulnResult } from '../types.js';
import type { LegacyProtocol, VulnEnv } from './env.js';
import { probeHeartbleed } from './heartbleed.js';
import { probeCcs } from './ccs.js';
import { probeClientRenegotiation } from './renegotiation.js';
import { probeRobot } from './robot.js';
import { probeTicketbleed } from './ticketbleed.js';

export { derivedVulns, drownAcross, type DerivedFacts } from './derived.js';
export { VULN_ORDER, allVulns, orderVulns } from './verdicts.js';
export type { VulnEnv, LegacyProtocol } from './env.js';

export interface ProbeInputs {
  /** Best protocol below TLS 1.3 with static-RSA suites accepted (ROBOT), null when none. */
  readonly rsa: { readonly protocol: LegacyProtocol; readonly suites: readonly number[] } | null;
  /** A ServerHello below TLS 1.3 offered session tickets. */
  readonly legacyTickets: boolean;
  /** A TLS 1.0-1.2 ServerHello echoed the heartbeat extension (false: Heartbleed is ruled out at no cost; null: unseen). */
  readonly heartbeat: boolean | null;
}

/** The probes that need connections (--vulns). */
export async function probeVulns(env: VulnEnv, inputs: ProbeInputs): Promise<VulnResult[]> {
  if (!env.legacy && !env.tls13) return []; // nothing to probe: allVulns says why
  const timed = async (run: () => Promise<VulnResult>): Promise<VulnResult> => {
    const t0 = Date.now();
    const v = await run();
    return v.connections > 0 ? { ...v, durationMs: Date.now() - t0 } : v;
  };
  return Promise.all([
    ...(inputs.heartbeat === false ? [] : [timed(() => probeHeartbleed(env))]),
    timed(() => probeCcs(env)),
    timed(() => probeClientRenegotiation(env)),
    timed(() => probeTicketbleed(env, inputs.legacyTickets)),
    timed(() => probeRobot(env, inputs.rsa)),
  ]);
}
