/**
 * Fixes joined with evidence. Each fix is a list of commands (postconf, postfix reload) with:
 * - the findings it resolves: its own, plus every configuration finding that is gone when the
 *   model analyses the configuration with the fix applied in memory (src/postfix/edits.ts), and
 *   every profile rule that passes on the wire the model then predicts;
 * - that predicted wire, per service it changes;
 * - its impact from the log (impact.ts): who would fail under it;
 * - where it breaks clients, a gentler alternative with its own impact: the same change on the
 *   services where it breaks nobody (keep port 25 as it is, tighten submission), or a lower
 *   protocol floor.
 * Nothing is written: the commands are printed for the administrator.
 */
import { analyze, type Analysis, type AnalyzedService } from '../postfix/analyze.js';
import { fixAssignments, serviceKey, setService } from '../postfix/fixes.js';
import type { ConfigReport, ServiceTls } from '../postfix/types.js';
import type { RuleResult } from '../policy/types.js';
import type { SessionClass } from '../logs/session-classes.js';
import { severityRank } from '../severity.js';
import { cipherSuiteByCode } from '../wire/registry/cipher-suites.js';
import type { DiscoveredService } from './discover.js';
import { floorValue, hintCommands, tlsService } from './hints.js';
import { impactOf, type Acceptance } from './impact.js';
import { predictedWire } from './join.js';
import type { AuditFinding, AuditFix, FixImpact } from './types.js';

export interface FixPlanInput {
  readonly analysis: Analysis;
  readonly configReport: ConfigReport;
  readonly services: readonly DiscoveredService[];
  readonly findings: readonly AuditFinding[];
  /** The profile's results per service name (graded on the wire, else on the prediction). */
  readonly rules: ReadonlyMap<string, readonly RuleResult[]>;
  /** Grades a service's predicted TLS with the profile (after a change). */
  readonly regrade: (s: DiscoveredService, tls: ServiceTls) => readonly RuleResult[];
  readonly classes: readonly SessionClass[] | null;
  readonly period: { readonly from: string | null; readonly to: string | null };
  /** The running server does not use the configuration: reload it (the services that show it). */
  readonly reload: { readonly services: readonly string[]; readonly findingKeys: readonly string[] } | null;
  readonly configDir: string;
  /** A lab copy: its listen fields to the user's service names, and the user's directory. */
  readonly production?: { readonly names: ReadonlyMap<string, string>; readonly configDir: string | null };
  /** Further fixes the caller knows of (e.g. from the log: smtpd_tls_loglevel). */
  readonly extra?: readonly { readonly commands: readonly string[]; readonly sourceKeys: readonly string[]; readonly title: string; readonly why: string }[];
}

const DEFAULT_DIR = '/etc/postfix';

function withConfigDir(cmd: string, dir: string): string {
  if (dir === DEFAULT_DIR) return cmd;
  const q = /^[A-Za-z0-9_./-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, `'\\''`)}'`;
  return cmd.replace(/^postconf /, `postconf -c ${q} `).replace(/^postfix /, `postfix -c ${q} `);
}

/** A lab copy's command for the configuration it was copied from. */
function productionCommand(cmd: string, p: NonNullable<FixPlanInput['production']>): string {
  let out = cmd;
  for (const [listen, name] of p.names) out = out.split(`'${listen}/`).join(`'${name}/`);
  return withConfigDir(out, p.configDir ?? DEFAULT_DIR);
}

function acceptanceOf(t: ServiceTls): Acceptance {
  const w = predictedWire(t);
  return {
    versions: new Set(w.versions), ciphers: new Set(w.ciphers), tls13: w.tls13Ciphers !== null ? new Set(w.tls13Ciphers) : null,
    tls: w.tls, tlsRequired: w.tls && (t.level === 'encrypt' || t.wrapper), authOnly: t.authOnly,
  };
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));
function sameAcceptance(a: Acceptance, b: Acceptance): boolean {
  return a.tls === b.tls && a.tlsRequired === b.tlsRequired && a.authOnly === b.authOnly && sameSet(a.versions, b.versions)
    && sameSet(a.ciphers, b.ciphers) && (a.tls13 === null || b.tls13 === null || sameSet(a.tls13, b.tls13));
}

interface Evaluated {
  readonly commands: string[];
  readonly changed: { service: DiscoveredService; after: AnalyzedService }[];
  readonly impact: FixImpact;
  readonly afterReport: ConfigReport | null;
}

interface Candidate {
  readonly commands: string[];
  readonly sourceKeys: string[];
  readonly title: string;
  readonly why: string;
  /** Set for the reload fix: the wire it brings is the current configuration's. */
  readonly reload?: boolean;
}

const findingPlace = (f: { id: string; service?: string | null | undefined; file: string | null; line: number | null }) =>
  `${f.id}|${f.service ?? `${f.file ?? ''}:${f.line ?? ''}`}`;

export function planFixes(input: FixPlanInput): AuditFix[] {
  return new FixPlanner(input).plan();
}

/**
 * The planning state: the fixes accepted so far, the settings they assign (a later candidate
 * that contradicts or repeats them is not a fix of its own) and the findings they cover.
 */
class FixPlanner {
  private readonly a: Analysis;
  private readonly before: Map<string, Acceptance>;
  private readonly findingByKey: Map<string, AuditFinding>;
  private readonly cache = new Map<string, Evaluated>();
  private readonly fixes: AuditFix[] = [];
  /** Each fix's commands as planned, before `-c DIR` is added. */
  private readonly raw = new Map<string, readonly string[]>();
  private readonly covered = new Set<string>();
  private readonly targets = new Map<string, string | null>();

  constructor(private readonly input: FixPlanInput) {
    this.a = input.analysis;
    this.before = new Map(input.services.map((s) => [s.name, acceptanceOf(tlsService(this.a, s.analyzed).tls)]));
    this.findingByKey = new Map(input.findings.map((f) => [f.key, f]));
  }

  plan(): AuditFix[] {
    for (const c of this.candidates()) {
      if (c.reload !== true && (this.conflicts(c.commands) || this.subsumed(c.commands))) {
        this.mergeIntoPlanned(c);
        continue;
      }
      this.accept(c);
    }
    this.hintFixes();
    return this.fixes;
  }

  /** The configuration with the commands applied, what changes, and who it breaks. */
  private evaluate(commands: readonly string[], only?: ReadonlySet<string>): Evaluated {
    const input = this.input;
    const key = `${commands.join('\n')}\0${only ? [...only].join(',') : ''}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const edits = new Map<string, string | null>();
    for (const c of commands) for (const [t, v] of fixAssignments(c)) edits.set(t, v);
    const after = edits.size > 0 ? analyze({ ...this.a.input, edits }) : null;
    const changed: Evaluated['changed'] = [];
    const accept = new Map<string, Acceptance>();
    for (const s of input.services) {
      if (only !== undefined && !only.has(s.name)) continue;
      const as = after?.analysis.services.find((x) => serviceKey(x.entry) === serviceKey(s.analyzed.entry));
      if (!as) continue;
      const t = tlsService(after!.analysis, as);
      const acc = acceptanceOf(t.tls);
      const prev = this.before.get(s.name);
      if (prev !== undefined && sameAcceptance(prev, acc)) continue;
      changed.push({ service: s, after: t });
      accept.set(s.logName, acc);
    }
    const impact = changed.length === 0 && after !== null
      ? { sessions: 0, clients: [], judged: 0, unknown: 0, known: input.classes !== null, summary: 'changes what no service offers: breaks no client' }
      : impactOf(input.classes, accept, input.period);
    const ev: Evaluated = { commands: [...commands], changed, impact, afterReport: after?.report ?? null };
    this.cache.set(key, ev);
    return ev;
  }

  /** Findings a change resolves: configuration findings gone after it, rules that pass after it. */
  private resolvedBy(ev: Evaluated): string[] {
    const input = this.input;
    const keys: string[] = [];
    if (ev.afterReport !== null) {
      const left = new Set(ev.afterReport.findings.map((f) => findingPlace(f)));
      for (const f of input.configReport.findings) {
        if (!left.has(findingPlace(f))) keys.push(`config:${f.id}:${f.file}:${f.line ?? ''}`);
      }
    }
    for (const { service, after } of ev.changed) {
      const results = input.regrade(service, after.tls);
      for (const r of input.rules.get(service.name) ?? []) {
        if (r.outcome !== 'fail' && r.outcome !== 'warn') continue;
        const now = results.find((x) => x.id === r.id);
        // Resolved when the model judges the rule passed after the change; a rule the
        // configuration cannot judge (certificate trust, say) is not resolved by it.
        if (now && now.judged !== false && (now.outcome === 'pass' || now.outcome === 'n/a')) {
          for (const f of input.findings) if (f.rule === r.rule && f.service === service.name) keys.push(f.key);
        }
      }
    }
    return keys.filter((k) => this.findingByKey.has(k));
  }

  /** The reload first, then the configuration's own fixes most severe first, then the caller's. */
  private candidates(): Candidate[] {
    const input = this.input;
    const candidates: Candidate[] = [];
    if (input.reload !== null) {
      candidates.push({
        commands: ['postfix reload'], sourceKeys: [...input.reload.findingKeys], reload: true,
        title: 'make the running Postfix read its configuration',
        why: `the configuration changed after Postfix last read it, so ${input.reload.services.join(', ')} still run the old settings; after the reload they offer what the configuration says (below)`,
      });
    }
    const byFix = new Map<string, { keys: string[]; why: string; title: string; rank: number }>();
    for (const f of input.configReport.findings) {
      if (f.fix === null) continue;
      const key = `config:${f.id}:${f.file}:${f.line ?? ''}`;
      const e = byFix.get(f.fix) ?? { keys: [], why: f.message, title: f.fixReason ?? f.id, rank: severityRank(f.severity) };
      e.keys.push(key);
      byFix.set(f.fix, e);
    }
    for (const [fix, e] of [...byFix.entries()].sort((x, y) => x[1].rank - y[1].rank)) {
      candidates.push({ commands: fix.split(' && ').map((c) => c.trim()), sourceKeys: e.keys, title: e.title, why: e.why });
    }
    for (const e of input.extra ?? []) candidates.push({ commands: [...e.commands], sourceKeys: [...e.sourceKeys], title: e.title, why: e.why });
    return candidates;
  }

  private conflicts(commands: readonly string[]): boolean {
    return commands.some((c) => [...fixAssignments(c)].some(([t, v]) => this.targets.has(t) && this.targets.get(t) !== v));
  }

  /** Every assignment of the commands is already planned, with the same value: nothing new. */
  private subsumed(commands: readonly string[]): boolean {
    const pairs = commands.flatMap((c) => [...fixAssignments(c)]);
    return pairs.length > 0 && pairs.every(([t, v]) => this.targets.has(t) && this.targets.get(t) === v);
  }

  /** Its findings are resolved by the fix that plans the same settings. */
  private mergeIntoPlanned(c: Candidate): void {
    const fixes = this.fixes;
    const by = fixes.find((f) => c.commands.every((cmd) => [...fixAssignments(cmd)].every(([t, v]) => (this.raw.get(f.id) ?? []).some((fc) => fixAssignments(fc).get(t) === v))));
    if (by === undefined) return;
    const i = fixes.indexOf(by);
    const keys = [...new Set([...by.resolvesKeys, ...c.sourceKeys])];
    fixes[i] = { ...by, resolvesKeys: keys, resolves: [...new Set(keys.map((k) => this.findingByKey.get(k)?.id ?? k))] };
    for (const k of c.sourceKeys) this.covered.add(k);
  }

  private accept(c: Candidate): void {
    const input = this.input;
    let ev: Evaluated;
    let resolves: string[];
    if (c.reload === true) {
      // The sessions in the log ran under the old settings: the reload brings the configuration's.
      const svcs = input.services.filter((s) => input.reload?.services.includes(s.name));
      const acc = new Map(svcs.map((s) => [s.logName, acceptanceOf(tlsService(this.a, s.analyzed).tls)]));
      ev = { commands: c.commands, changed: svcs.map((s) => ({ service: s, after: tlsService(this.a, s.analyzed) })), impact: impactOf(input.classes, acc, input.period), afterReport: null };
      resolves = [...c.sourceKeys];
    } else {
      ev = this.evaluate(c.commands);
      resolves = [...new Set([...c.sourceKeys, ...this.resolvedBy(ev)])];
    }
    for (const cmd of c.commands) for (const [t, v] of fixAssignments(cmd)) this.targets.set(t, v);
    for (const k of resolves) this.covered.add(k);
    const alternative = c.reload === true || ev.impact.sessions === 0 ? null : this.gentler(c.commands, ev);
    const config = c.commands.some((x) => x.startsWith('postconf '));
    const dir = input.configDir;
    this.raw.set(`fix-${this.fixes.length + 1}`, c.commands);
    this.fixes.push({
      id: `fix-${this.fixes.length + 1}`,
      commands: [...c.commands.map((x) => withConfigDir(x, dir)), ...(config ? [withConfigDir('postfix reload', dir)] : [])],
      ...(input.production !== undefined && config ? { productionCommands: [...c.commands, 'postfix reload'].map((x) => productionCommand(x, input.production!)) } : {}),
      resolves: [...new Set(resolves.map((k) => this.findingByKey.get(k)?.id ?? k))],
      resolvesKeys: resolves,
      service: ev.changed.length === 1 ? (ev.changed[0]?.service.name ?? null) : serviceOf(c.commands, input.services),
      services: ev.changed.map((x) => x.service.name),
      title: c.title, why: c.why,
      predictedAfter: ev.changed.map(({ service, after }) => {
        const w = predictedWire(after.tls);
        return { service: service.name, versions: w.versions, ciphers: w.ciphers };
      }),
      impact: ev.impact,
      alternative: alternative === null ? null : {
        commands: [...alternative.ev.commands.map((x) => withConfigDir(x, dir)), withConfigDir('postfix reload', dir)],
        ...(input.production !== undefined ? { productionCommands: [...alternative.ev.commands, 'postfix reload'].map((x) => productionCommand(x, input.production!)) } : {}),
        why: alternative.why, impact: alternative.ev.impact,
      },
    });
  }

  /** A change that breaks fewer of the clients seen: narrower (per service) or a lower floor. */
  private gentler(commands: readonly string[], ev: Evaluated): { ev: Evaluated; why: string } | null {
    const options: { ev: Evaluated; why: string }[] = [];
    // 1. Only where it breaks nobody: the main.cf settings as -o overrides of those services.
    if (ev.changed.length > 1) {
      const harmless = ev.changed.filter((c) => this.evaluate(commands, new Set([c.service.name])).impact.sessions === 0);
      if (harmless.length > 0 && harmless.length < ev.changed.length) {
        const pairs = commands.flatMap((c) => [...fixAssignments(c)]).filter(([t, v]) => t.startsWith('main:smtpd_') && v !== null && !/\s/.test(v));
        if (pairs.length > 0) {
          const cmds = harmless.map((h) => setService(h.service.analyzed.entry, ...pairs.map(([t, v]) => [t.slice(5), v as string] as [string, string])));
          const alt = this.evaluate(cmds);
          const kept = ev.changed.filter((c) => !harmless.includes(c)).map((c) => c.service.name);
          if (alt.changed.length > 0) options.push({ ev: alt, why: `the same change only on ${harmless.map((h) => h.service.name).join(', ')}, where no client seen in the log breaks; ${kept.join(', ')} keep${kept.length === 1 ? 's' : ''} its settings for now` });
        }
      }
    }
    // 2. A lower protocol floor, while it still removes something.
    const floors = ['TLSv1.2', 'TLSv1.1', 'TLSv1.0'];
    for (const [t, v] of commands.flatMap((c) => [...fixAssignments(c)])) {
      if (!/_protocols$/.test(t) || v === null) continue;
      const m = /^>=(TLSv1(?:\.\d)?)$/.exec(v) ?? /^!SSLv2:!SSLv3(?::!TLSv1(?::!TLSv1\.1)?)?$/.exec(v);
      if (!m) continue;
      const current = v.startsWith('>=') ? (m[1] === 'TLSv1' ? 'TLSv1.0' : m[1] ?? '') : v.endsWith('!TLSv1.1') ? 'TLSv1.2' : v.endsWith('!TLSv1') ? 'TLSv1.1' : 'TLSv1.0';
      for (const lower of floors.slice(floors.indexOf(current) + 1)) {
        const lv = floorValue(this.input.analysis, lower);
        const cmds = commands.map((c) => c.split(`${v}'`).join(`${lv}'`).split(`=${v} `).join(`=${lv} `));
        const alt = this.evaluate(cmds);
        if (alt.changed.length > 0 && alt.impact.sessions < ev.impact.sessions) {
          options.push({ ev: alt, why: `accept ${lower} or newer instead: still drops the older protocols, and breaks ${alt.impact.clients.length === 0 ? 'no client seen in the log' : `only ${alt.impact.clients.map((x) => x.client).join(', ')}`}` });
          break;
        }
      }
    }
    options.sort((x, y) => x.ev.impact.sessions - y.ev.impact.sessions);
    const best = options[0];
    return best !== undefined && best.ev.impact.sessions < ev.impact.sessions ? best : null;
  }

  /** Profile rules no configuration fix resolves: the profile's hint, in this configuration's terms. */
  private hintFixes(): void {
    const input = this.input;
    for (const s of input.services) {
      for (const r of input.rules.get(s.name) ?? []) {
        if ((r.outcome !== 'fail' && r.outcome !== 'warn') || r.fix === null) continue;
        const keys = input.findings.filter((f) => f.rule === r.rule && f.service === s.name).map((f) => f.key);
        if (keys.length === 0 || keys.every((k) => this.covered.has(k))) continue;
        const h = hintCommands(this.a, s.analyzed, r.fix);
        if (h === null) continue;
        if (h.commands.length === 0) {
          this.fixes.push({
            id: `fix-${this.fixes.length + 1}`, commands: [], resolves: [r.id], resolvesKeys: keys, service: s.name, services: [s.name],
            title: h.title, why: `${r.message}${h.manual !== null && h.manual !== h.title ? ` ${h.manual}` : ''}`, predictedAfter: [],
            impact: { sessions: 0, clients: [], judged: 0, unknown: 0, known: false, summary: 'not a Postfix setting: its impact cannot be modelled' }, alternative: null,
          });
          for (const k of keys) this.covered.add(k);
          continue;
        }
        if (this.conflicts(h.commands)) continue;
        this.accept({ commands: h.commands, sourceKeys: keys, title: h.title, why: `${r.message}${h.manual !== null ? ` ${h.manual}` : ''}` });
      }
    }
  }
}

/** The one service a set of -o commands names, else null. */
function serviceOf(commands: readonly string[], services: readonly DiscoveredService[]): string | null {
  const names = new Set<string>();
  for (const c of commands) {
    for (const [t] of fixAssignments(c)) {
      if (!t.startsWith('master:')) return null;
      const key = t.slice(7, t.lastIndexOf('/'));
      const s = services.find((x) => serviceKey(x.analyzed.entry) === key);
      names.add(s?.name ?? key);
    }
  }
  return names.size === 1 ? ([...names][0] ?? null) : null;
}

/** "ECDHE-RSA-AES128-GCM-SHA256" for "0xC02F", for messages. */
export function suiteName(code: string): string {
  const s = cipherSuiteByCode(parseInt(code, 16));
  return s?.openssl ?? s?.iana ?? code;
}
