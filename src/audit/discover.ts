/**
 * Which services of master.cf take mail over TCP, where they really listen, and what each is
 * for. Pure: the configuration analysis, /etc/services and the lab's metadata are handed in.
 *
 * Where a service listens (src/master/master_ent.c get_master_ent()): an inet entry's first
 * field is `[host:]port`; without a host it listens on every address of inet_interfaces
 * (`all`, `loopback-only`, or a list of addresses and names), for the families inet_protocols
 * allows. The port is a number or a name from /etc/services.
 *
 * The role (issue 10): `mx` for port 25 and postscreen; `submission` for the submission,
 * submissions and smtps services (ports 587 and 465, RFC 8314) and for any service that offers
 * SASL AUTH (smtpd_sasl_auth_enable = yes) without a port-25 role; `other` otherwise.
 */
import type { AnalyzedService, Analysis } from '../postfix/analyze.js';
import type { ServiceRole } from '../policy/types.js';
import { commandName, hostOf, portOf } from '../postfix/services.js';
import { serviceKey } from '../postfix/fixes.js';
import { serviceRole } from '../postfix/service-role.js';
import type { LabServiceName } from '../postfix/lab-copy.js';

export interface DiscoverInput {
  readonly analysis: Analysis;
  /** /etc/services: tcp service names (and aliases) to ports. */
  readonly services: ReadonlyMap<string, number>;
  /** Set when the configuration is a `mailtls lab` instance: its services' original names. */
  readonly lab?: readonly LabServiceName[];
}

export interface DiscoveredService {
  /** "submission/inet", with the user's name for a lab instance's service. */
  readonly name: string;
  /** The master.cf name as written ("127.0.0.1:40123" in a lab instance). */
  readonly masterName: string;
  readonly command: string;
  readonly analyzed: AnalyzedService;
  /** Addresses as the listen field or inet_interfaces give them: IPs, names, or a wildcard "0.0.0.0"/"::". */
  readonly listen: readonly string[];
  readonly port: number | null;
  readonly role: ServiceRole;
  readonly roleSource: string;
  /** TLS from the first byte (smtpd_tls_wrappermode = yes). */
  readonly implicitTls: boolean;
  /** The syslog tag its smtpd sessions are logged under. */
  readonly logName: string;
  readonly notes: string[];
}

/** /etc/services (services(5)): `name port/proto [aliases...]`, comments after '#'. */
export function parseEtcServices(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [name, portProto, ...aliases] = line.split(/\s+/);
    const m = /^(\d+)\/tcp$/i.exec(portProto ?? '');
    if (!m || name === undefined) continue;
    const port = Number(m[1]);
    if (!(port > 0 && port < 65536)) continue;
    for (const n of [name, ...aliases]) if (!out.has(n)) out.set(n, port);
  }
  return out;
}

function portFrom(listen: string, services: ReadonlyMap<string, number>): number | null {
  const host = hostOf(listen);
  const p = host !== null ? listen.slice(listen.lastIndexOf(':') + 1) : listen;
  if (/^\d+$/.test(p)) return portOf(p);
  return services.get(p) ?? portOf(p);
}

/**
 * The addresses of inet_interfaces for the families of inet_protocols (src/global/inet_proto.c,
 * own_inet_addr.c): `all` is the wildcard, `loopback-only` the loopback addresses.
 */
export function interfaceAddresses(interfaces: string, protocols: string): string[] {
  const proto = protocols.toLowerCase().split(/[\s,]+/).filter((p) => p !== '');
  const v4 = proto.length === 0 || proto.includes('all') || proto.includes('ipv4');
  const v6 = proto.length === 0 || proto.includes('all') || proto.includes('ipv6');
  const out: string[] = [];
  for (const i of interfaces.split(/[\s,]+/).filter((x) => x !== '')) {
    const l = i.toLowerCase();
    if (l === 'all') {
      if (v4) out.push('0.0.0.0');
      if (v6) out.push('::');
    } else if (l === 'loopback-only') {
      if (v4) out.push('127.0.0.1');
      if (v6) out.push('::1');
    } else {
      const a = i.replace(/^\[(.*)\]$/, '$1');
      if (a.includes(':') ? v6 : v4 || !/^[\d.]+$/.test(a)) out.push(a);
    }
  }
  return [...new Set(out)];
}

/** The address to connect to for a listen address: a wildcard is reached through loopback. */
export function scanAddressFor(listen: readonly string[]): string | null {
  if (listen.includes('0.0.0.0')) return '127.0.0.1';
  if (listen.includes('::')) return '::1';
  return listen[0] ?? null;
}

function sourceOf(s: AnalyzedService, name: string): string {
  const set = s.scope.setting(name);
  return set ? `${set.file}:${set.line}` : 'default';
}

/** The one role decision (src/postfix/service-role.ts), with the audit's details: where SASL is set, postscreen's port. */
function roleFor(s: AnalyzedService, name: string, port: number | null): { role: ServiceRole; roleSource: string } {
  const service = name.slice(0, name.indexOf('/'));
  const saslEnabled = s.scope.isKnown('smtpd_sasl_auth_enable') && s.scope.bool('smtpd_sasl_auth_enable');
  const { role, source } = serviceRole({
    service, port, postscreen: s.role === 'postscreen', saslEnabled,
    saslSetAt: sourceOf(s, 'smtpd_sasl_auth_enable'), postscreenPort: true,
  });
  return { role, roleSource: source };
}

/** The syslog tag of a service's sessions: $syslog_name/<daemon> (src/global/mail_task.c). */
function logNameOf(s: AnalyzedService): string {
  return `${s.scope.get('syslog_name').trim() || 'postfix'}/${commandName(s.entry)}`;
}

export function discover(input: DiscoverInput): DiscoveredService[] {
  const a = input.analysis;
  const out: DiscoveredService[] = [];
  for (const s of a.services) {
    if (s.entry.type !== 'inet' || (s.role !== 'server' && s.role !== 'postscreen')) continue;
    const masterName = s.entry.service;
    const host = hostOf(masterName);
    const port = portFrom(masterName, input.services);
    const lab = port !== null ? input.lab?.find((l) => l.port === port) : undefined;
    const name = `${lab?.service ?? masterName}/${s.entry.type}`;
    const notes: string[] = [];
    // A lab instance listens on our loopback port: the role comes from the user's own name.
    const rolePort = lab !== undefined ? portFrom(lab.service, input.services) : port;
    const { role, roleSource } = roleFor(s, name, rolePort);
    const listen = host !== null
      ? [host.replace(/^\[(.*)\]$/, '$1')]
      : interfaceAddresses(s.scope.get('inet_interfaces'), s.scope.get('inet_protocols'));
    if (lab !== undefined) notes.push(`a mailtls lab instance: ${lab.service}/inet listens on ${masterName} here`);
    // postscreen hands sessions to the smtpd pass service, which logs them under its own tag.
    const passName = s.delegatedTo ?? (s.role === 'postscreen' ? `${s.scope.get('smtpd_service_name')}/pass` : undefined);
    const pass = passName !== undefined ? a.services.find((x) => serviceKey(x.entry) === passName) : undefined;
    const logName = logNameOf(pass ?? s);
    out.push({
      name, masterName, command: commandName(s.entry), analyzed: s, listen, port,
      role, roleSource: lab !== undefined ? `${roleSource} (lab: ${lab.service})` : roleSource,
      implicitTls: s.tls.wrapper, logName, notes,
    });
  }
  // Services that log under one tag cannot be told apart in the log.
  for (const d of out) {
    const same = out.filter((o) => o !== d && o.logName === d.logName);
    if (same.length > 0) d.notes.push(`logs under ${d.logName} like ${same.map((o) => o.name).join(', ')}: the log statistics are theirs together (give each service its own -o syslog_name)`);
  }
  return out;
}
