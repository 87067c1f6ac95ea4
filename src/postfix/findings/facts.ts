/**
 * What several finding families ask of a service: is it public, is it port 25 or submission
 * (service-role.ts decides, for the profiles too), does it run or require TLS, where a finding
 * about one of its parameters points, and how a fix sets that parameter.
 */
import { setMain, setService, tls12OrNewer } from '../fixes.js';
import type { Analysis, AnalyzedService } from '../model.js';
import { PROTOCOLS, type Protocol } from '../protocols.js';
import type { ParamScope } from '../scope.js';
import { serviceRole } from '../service-role.js';
import { isLoopbackOnly } from '../services.js';
import { atLeast } from '../version.js';

export const SERVER_PREFIXES = ['smtpd_', 'postscreen_', 'tlsproxy_'];
export const CLIENT_PREFIXES = ['smtp_', 'lmtp_'];

/** Reachable from other hosts: not bound to loopback by its listen field or by inet_interfaces. */
export function isPublic(s: AnalyzedService): boolean {
  // A lab copy listens on loopback for a service that is public in production.
  if (s.productionListen !== undefined) return !isLoopbackOnly(s.productionListen);
  if (isLoopbackOnly(s.entry.service)) return false;
  const ifs = s.scope.get('inet_interfaces').split(/[\s,]+/).filter((x) => x !== '');
  return !(ifs.length > 0 && ifs.every((i) => /^(loopback-only|localhost|127\.[0-9.]+|::1|\[::1\])$/i.test(i)));
}

/** The role of an smtpd or postscreen service (service-role.ts), by its production name and port. */
function roleOf(s: AnalyzedService): 'mx' | 'submission' | 'other' {
  return serviceRole({
    service: s.productionListen ?? s.entry.service, port: s.report.port,
    // An smtpd pass service has a port only when postscreen hands it that port's connections (analyze.ts).
    postscreen: s.role === 'postscreen' || (s.entry.type === 'pass' && s.report.port !== null),
    saslEnabled: s.scope.isKnown('smtpd_sasl_auth_enable') && s.scope.bool('smtpd_sasl_auth_enable'),
  }).role;
}

/** The public MX service whose TLS is its own (postscreen handing sessions over is reported at the pass service). */
export const isPort25 = (s: AnalyzedService) => (s.role === 'server' || s.role === 'postscreen') && s.delegatedTo === undefined && isPublic(s) && roleOf(s) === 'mx';
/** A public smtpd listener where mail clients submit (and log in). */
export const isSubmission = (s: AnalyzedService) => s.role === 'server' && s.entry.type === 'inet' && isPublic(s) && roleOf(s) === 'submission';
export const tlsOn = (s: AnalyzedService) => s.tls.level !== 'none';
export const enforced = (s: AnalyzedService) => s.tls.level !== 'none' && s.tls.level !== 'may';

/** Where a finding about a parameter of a service points: its -o or main.cf line, else the entry. */
export function placeOf(s: AnalyzedService, name: string): { file: string; line: number } {
  const set = s.scope.setting(name);
  return set ? { file: set.file, line: set.line } : { file: s.entry.file, line: s.entry.line };
}

/** Minimum version in a list, by protocol order; undefined for an empty list. */
export function minVersion(vs: readonly Protocol[]): number | undefined {
  const idx = vs.map((v) => PROTOCOLS.indexOf(v));
  return idx.length > 0 ? Math.min(...idx) : undefined;
}

export function describeVersions(vs: readonly string[]): string {
  return vs.length > 0 ? vs.join(', ') : 'none';
}

export function recommendedProtocols(a: Analysis, s: AnalyzedService, forSubmission: boolean): string {
  if (forSubmission || enforced(s)) return tls12OrNewer(a.env.version);
  return atLeast(a.env.version, '3.6') ? '>=TLSv1' : '!SSLv2:!SSLv3';
}

/** Fix that sets a parameter where its current value comes from: -o override, else main.cf. */
export function fixParam(s: AnalyzedService, scope: ParamScope, name: string, value: string): string {
  const set = scope.setting(name);
  if (set?.file === 'master.cf' || (s.role === 'server' && !set)) return setService(s.entry, [name, value]);
  if (s.role === 'tlsproxy' || s.role === 'postscreen') return setMain([name, value]);
  return set ? setMain([name, value]) : setService(s.entry, [name, value]);
}
