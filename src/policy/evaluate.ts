// Over 500 lines: one evaluator, one small judge per rule kind; they share the evidence helpers and the outcome builders.
/**
 * The one evaluator: a profile's rules for the evidence's role, applied to the evidence, one
 * RuleResult per rule. Pure (the clock is a parameter for certificate expiry). What is not known
 * is never guessed: a rule whose evidence is null gives n/a with `judged: false` and says what it
 * could not see; a suite, group or prime the table cannot grade is named as such.
 */
import type { Severity } from '../severity.js';
import { severityRank, worse as worseSeverity } from '../severity.js';
import { cipherSuiteByCode, type CipherSuite } from '../wire/registry/cipher-suites.js';
import { PROTOCOL_VERSIONS, type ProtocolName } from '../wire/registry/versions.js';
import type { Profile } from './profiles.js';
import { SERVER_ORDER_QUESTION } from './profiles/sources.js';
import type {
  AuthRule, CertificateRule, DhRow, FactRule, Grade, GroupRow, KeyExchangeRule, OrderRule, RuleSpec,
  StarttlsRule, SuiteMatch, SuitesRule, TableGrade, TlsRequiredRule, Verdict, VersionsRule,
} from './table.js';
import type { Evidence, EvidenceCertificate, FixHint, RuleOutcome, RuleResult } from './types.js';

export interface GradeOptions {
  /** The time certificates are judged at (default: now). */
  readonly now?: Date;
}

/** What one rule found, before it is labelled with the profile and rule. */
interface Judgement {
  readonly outcome: RuleOutcome;
  readonly severity: Severity;
  readonly message: string;
  readonly offending: readonly string[];
  readonly fix: FixHint | null;
  readonly judged: boolean;
}

const INFO: Severity = 'info';
const pass = (message: string): Judgement => ({ outcome: 'pass', severity: INFO, message, offending: [], fix: null, judged: true });
const notApplicable = (message: string, judged = true): Judgement => ({ outcome: 'n/a', severity: INFO, message, offending: [], fix: null, judged });
const unknown = (message: string): Judgement => notApplicable(message, false);
const verdictOf = (v: Verdict, message: string, offending: readonly string[], fix: FixHint | null): Judgement =>
  v.outcome === 'pass' ? pass(message) : { outcome: v.outcome, severity: v.severity, message, offending, fix, judged: true };

/** "phase-out (why)", unless the why already starts with its grade. */
const graded = (grade: string, why: string) => (why.startsWith(grade) ? why : `${grade} (${why})`);

const OUTCOME_RANK: Readonly<Record<RuleOutcome, number>> = { fail: 3, warn: 2, pass: 1, 'n/a': 0 };

/** The worse of two verdicts: fail over warn over pass, then the higher severity. */
function worse(a: Verdict, b: Verdict): Verdict {
  const r = OUTCOME_RANK[a.outcome] - OUTCOME_RANK[b.outcome];
  if (r !== 0) return r > 0 ? a : b;
  return severityRank(a.severity) <= severityRank(b.severity) ? a : b;
}
const milder = (a: Verdict, b: Verdict): Verdict => (worse(a, b) === a ? b : a);

/** The overall outcome of a set of results: fail, else warn, else pass, else n/a. */
export function worstOutcome(results: readonly RuleResult[]): RuleOutcome {
  let best: RuleOutcome = 'n/a';
  for (const r of results) if (OUTCOME_RANK[r.outcome] > OUTCOME_RANK[best]) best = r.outcome;
  return best;
}

/** The most severe severity among warn and fail results ("info" when none). */
export function worstSeverity(results: readonly RuleResult[]): Severity {
  let worst: Severity = 'info';
  for (const r of results) {
    if (r.outcome === 'warn' || r.outcome === 'fail') worst = worseSeverity(r.severity, worst);
  }
  return worst;
}

// ------------------------------------------------------------------ helpers

const ORDER = PROTOCOL_VERSIONS.map((v) => v.name);
const rank = (v: ProtocolName) => ORDER.indexOf(v);

const suiteOf = (code: string): CipherSuite | undefined => cipherSuiteByCode(parseInt(code, 16));
const suiteName = (code: string): string => {
  const s = suiteOf(code);
  return s?.openssl ?? s?.iana ?? code;
};

function nameList(names: readonly string[], max = 8): string {
  const unique = [...new Set(names)];
  return unique.length > max ? `${unique.slice(0, max).join(', ')} and ${unique.length - max} more` : unique.join(', ');
}

/** Grouped as "A, B (why); C (why)", in first-seen order of the reasons. */
function byReason(items: readonly { name: string; why: string }[]): string {
  const groups = new Map<string, string[]>();
  for (const i of items) groups.set(i.why, [...(groups.get(i.why) ?? []), i.name]);
  return [...groups].map(([why, names]) => `${nameList(names)}: ${why}`).join('; ');
}

const regexCache = new Map<string, RegExp>();
function re(pattern: string): RegExp {
  let r = regexCache.get(pattern);
  if (r === undefined) {
    r = new RegExp(pattern, 'i');
    regexCache.set(pattern, r);
  }
  return r;
}

const legacyVersions = (e: Evidence): ProtocolName[] => (e.versions ?? []).filter((v) => v !== 'TLSv1.3' && v !== 'SSLv2');

// ------------------------------------------------------------------ suites

interface Graded { readonly grade: TableGrade; readonly why: string; /** Both candidate verdicts fail or warn, whatever the unknown is. */ readonly atLeast?: Verdict }

/** true, false, or null when the match depends on what is not known (encrypt_then_mac). */
function matches(s: CipherSuite, m: SuiteMatch, e: Evidence): boolean | null {
  if (m.kx && !m.kx.includes(s.kx)) return false;
  if (m.auth && !m.auth.includes(s.auth)) return false;
  if (m.enc !== undefined && !re(`${m.enc}`).test(s.enc)) return false;
  if (m.mac && !m.mac.includes(s.mac)) return false;
  if (m.export !== undefined && s.export !== m.export) return false;
  if (m.bitsBelow !== undefined && !(s.encBits < m.bitsBelow)) return false;
  if (m.tls13 !== undefined && (s.kx === 'ANY') !== m.tls13) return false;
  if (m.aead !== undefined && s.aead !== m.aead) return false;
  if (m.cbc !== undefined && s.cbc !== m.cbc) return false;
  if (m.withoutEncryptThenMac) {
    if (!s.cbc) return false;
    const etm = e.facts.encryptThenMac;
    if (etm === null) return null;
    if (etm) return false;
  }
  return true;
}

function gradeSuite(profile: Profile, rule: SuitesRule, code: string, e: Evidence): Graded {
  const s = suiteOf(code);
  for (const row of rule.rows) {
    if (row.names && profile.codesOf(row.names).has(code.toUpperCase().replace(/^0X/, '0x'))) return row;
    if (row.match && s) {
      const m = matches(s, row.match, e);
      if (m === null) return { grade: 'unknown', why: `${row.why}, if the server does not do encrypt_then_mac (not known here)` };
      if (m) return row;
    }
  }
  return rule.otherwise;
}

function suitesRuleFor(profile: Profile, role: Evidence['role']): SuitesRule | undefined {
  return profile.rulesFor(role).find((r): r is SuitesRule => r.id === 'cipher-suites');
}

/** Every accepted suite once (first-seen order), and the versions whose suites are not known. */
function acceptedSuites(e: Evidence): { codes: string[]; missing: ProtocolName[] } {
  const codes: string[] = [];
  const missing: ProtocolName[] = [];
  for (const v of e.versions ?? []) {
    const list = e.suites?.[v];
    if (list === undefined) missing.push(v);
    else for (const c of list) if (!codes.includes(c)) codes.push(c);
  }
  return { codes, missing };
}

function judgeSuites(profile: Profile, rule: SuitesRule, e: Evidence): Judgement {
  if (e.tls === false) return notApplicable('TLS is not offered (see the starttls rule).');
  if (e.versions === null || e.suites === null) return unknown('The accepted cipher suites are not known.');
  if (e.versions.length === 0) return notApplicable('No protocol is accepted.');
  const { codes, missing } = acceptedSuites(e);
  const offenders: { code: string; name: string; why: string; grade: Grade; verdict: Verdict }[] = [];
  const unjudged: { name: string; why: string }[] = [];
  for (const code of codes) {
    const g = gradeSuite(profile, rule, code, e);
    if (g.grade === 'unknown') {
      unjudged.push({ name: suiteName(code), why: g.why });
      continue;
    }
    const v = rule.outcomes[g.grade];
    if (v.outcome !== 'pass') offenders.push({ code, name: suiteName(code), why: graded(g.grade, g.why), grade: g.grade, verdict: v });
  }
  const notes: string[] = [];
  if (missing.length > 0) notes.push(`The ${missing.join(', ')} suites are not known${e.source === 'config' ? ' to the configuration model' : ''}, so they are not judged.`);
  if (unjudged.length > 0) notes.push(`Not judged: ${byReason(unjudged)}.`);
  if (offenders.length > 0) {
    const v = offenders.map((o) => o.verdict).reduce(worse);
    const msg = `${offenders.length} accepted suite${offenders.length === 1 ? ' falls' : 's fall'} short of this profile: ${byReason(offenders)}.`;
    return verdictOf(v, [msg, ...notes].join(' '), offenders.map((o) => o.code), { kind: 'exclude-suites', suites: offenders.map((o) => o.code) });
  }
  if (notes.length > 0) return unknown(`${codes.length - unjudged.length} judged suite${codes.length - unjudged.length === 1 ? '' : 's'} comply. ${notes.join(' ')}`);
  return pass(`All ${codes.length} accepted suites comply.`);
}

// ------------------------------------------------------------------ versions

function judgeVersions(rule: VersionsRule, e: Evidence): Judgement {
  if (e.tls === false) return notApplicable('TLS is not offered (see the starttls rule).');
  if (e.versions === null) return unknown('The accepted protocol versions are not known.');
  const verdictFor = (v: ProtocolName): Verdict => rule.verdicts?.[v] ?? rule.outcomes[rule.grades[v]];
  const bad = e.versions.filter((v) => verdictFor(v).outcome !== 'pass');
  const unknownBad = (e.unknownVersions ?? []).filter((v) => verdictFor(v).outcome !== 'pass');
  const unknownSet = new Set(e.unknownVersions ?? []);
  const missing = e.versions.length === 0 ? [] : (rule.required ?? []).filter((r) => !e.versions?.includes(r.version) && !unknownSet.has(r.version));
  const parts: string[] = [];
  let v: Verdict | null = null;
  if (bad.length > 0) {
    const reasons = bad.map((x) => ({ name: x, why: rule.why[x] ?? rule.grades[x] }));
    const one = new Set(reasons.map((r) => r.why)).size === 1;
    parts.push(`${bad.join(' and ')} ${bad.length === 1 ? 'is' : 'are'} accepted: ${one ? reasons[0]?.why ?? '' : byReason(reasons)}.`);
    v = bad.map(verdictFor).reduce(worse);
  }
  for (const m of missing) {
    parts.push(`${m.version} is not accepted: ${m.why}.`);
    v = v === null ? m.verdict : worse(v, m.verdict);
  }
  const unsure = unknownBad.length > 0 ? `Could not tell whether ${unknownBad.join(' and ')} ${unknownBad.length === 1 ? 'is' : 'are'} accepted (the probe failed).` : '';
  if (v !== null && v.outcome !== 'pass') {
    let fix: FixHint | null = null;
    if (bad.length > 0) {
      const newestBad = bad.reduce((a, b) => (rank(a) > rank(b) ? a : b));
      // The oldest protocol above every offending one that this rule allows.
      const floor = ORDER.find((x) => rank(x) > rank(newestBad) && verdictFor(x).outcome === 'pass');
      fix = floor !== undefined ? { kind: 'protocols-floor', floor } : null;
    } else if (missing.length > 0) {
      fix = { kind: 'manual', text: `accept ${missing.map((m) => m.version).join(' and ')}: smtpd_tls_protocols must not exclude ${missing.length === 1 ? 'it' : 'them'}${missing.some((m) => m.version === 'TLSv1.3') ? '; TLS 1.3 needs Postfix 3.4+ with OpenSSL 1.1.1+' : ''}` };
    }
    return verdictOf(v, [...parts, unsure].filter((p) => p !== '').join(' '), [...bad, ...missing.map((m) => m.version)], fix);
  }
  if (unsure !== '') return unknown(`${e.versions.join(', ')} accepted. ${unsure}`);
  if (e.versions.length === 0) return notApplicable('No protocol is accepted.');
  return pass(`${e.versions.join(', ')} accepted: all allowed.`);
}

// ------------------------------------------------------------------ server order

interface Violation { readonly version: ProtocolName; readonly lower: string; readonly higher: string; readonly clientChooses: boolean }

function judgeOrder(profile: Profile, rule: OrderRule, e: Evidence): Judgement {
  const suitesRule = suitesRuleFor(profile, e.role);
  if (suitesRule === undefined) return notApplicable('The profile grades no suites, so order cannot matter.');
  if (e.tls === false) return notApplicable('TLS is not offered (see the starttls rule).');
  if (e.versions === null || e.suites === null) return unknown('The accepted cipher suites are not known.');
  const legacy = legacyVersions(e);
  if (legacy.length === 0) {
    return notApplicable(e.versions.includes('TLSv1.3') ? 'Only TLS 1.3: its suites are judged by the cipher-suites rule, not by order (as internet.nl).' : 'No protocol is accepted.');
  }
  const violations: Violation[] = [];
  const undecided: ProtocolName[] = [];
  const notKnown: ProtocolName[] = [];
  let comparable = false;
  let unjudged = 0;
  for (const v of legacy) {
    const codes = e.suites[v];
    if (codes === undefined) {
      notKnown.push(v);
      continue;
    }
    const grades = codes.map((c) => gradeSuite(profile, suitesRule, c, e).grade);
    unjudged += grades.filter((g) => g === 'unknown').length;
    for (const c of rule.constraints) {
      const lower = grades.flatMap((g, i) => ((c.lower as readonly TableGrade[]).includes(g) ? [i] : []));
      const higher = grades.flatMap((g, i) => ((c.higher as readonly TableGrade[]).includes(g) ? [i] : []));
      if (lower.length === 0 || higher.length === 0) continue;
      comparable = true;
      const pref = e.serverPreference[v];
      const l0 = lower[0] as number;
      if (pref === false) {
        violations.push({ version: v, lower: codes[l0] as string, higher: codes[higher[0] as number] as string, clientChooses: true });
      } else if (pref === true) {
        // The server's order decides: a lower suite wins iff it precedes a higher one.
        const after = higher.find((h) => h > l0);
        if (after !== undefined) violations.push({ version: v, lower: codes[l0] as string, higher: codes[after] as string, clientChooses: false });
      } else if (codes.length >= 2) {
        undecided.push(v);
      }
      if (violations.some((x) => x.version === v)) break;
    }
  }
  if (violations.length > 0) {
    const client = violations.filter((x) => x.clientChooses);
    const server = violations.filter((x) => !x.clientChooses);
    const parts: string[] = [];
    if (client.length > 0) {
      const ex = client[0] as Violation;
      parts.push(`On ${client.map((x) => x.version).join(', ')} the client chooses the suite, so a client that offers ${suiteName(ex.higher)} but prefers ${suiteName(ex.lower)} gets ${suiteName(ex.lower)}.`);
    }
    if (server.length > 0) {
      const ex = server[0] as Violation;
      parts.push(`On ${server.map((x) => x.version).join(', ')} the server's order puts ${suiteName(ex.lower)} before ${suiteName(ex.higher)}, so a client offering both gets ${suiteName(ex.lower)}.`);
    }
    parts.push(`Under this profile: ${rule.guideline}.`);
    const lowerCodes = [...new Set(violations.map((x) => x.lower))];
    let fix: FixHint;
    if (client.length > 0 && rule.fix === 'server-order') fix = { kind: 'server-order', enable: true };
    else if (client.length > 0) {
      // Remove every suite that can win, not only the first pair's.
      const all = new Set<string>();
      for (const v of client.map((x) => x.version)) {
        for (const code of e.suites[v] ?? []) {
          const g = gradeSuite(profile, suitesRule, code, e).grade;
          if (rule.constraints.some((c) => (c.lower as readonly TableGrade[]).includes(g))) all.add(code);
        }
      }
      fix = { kind: 'exclude-suites', suites: [...all] };
    } else {
      fix = { kind: 'manual', text: `put the stronger suites first in the server's order (Postfix takes it from the cipher list: tls_high_cipherlist / tls_medium_cipherlist, or exclude ${nameList(lowerCodes.map(suiteName), 4)})` };
    }
    return verdictOf(rule.verdict, parts.join(' '), [...new Set(violations.flatMap((x) => [x.lower, x.higher]))], fix);
  }
  if (undecided.length > 0 || notKnown.length > 0) {
    const why = [
      undecided.length > 0 ? `could not tell who chooses the suite on ${undecided.join(', ')}` : '',
      notKnown.length > 0 ? `the ${notKnown.join(', ')} suites are not known` : '',
    ].filter((x) => x !== '').join('; ');
    return unknown(`Weaker and stronger suites are both accepted, but ${why}.`);
  }
  if (!comparable) {
    if (unjudged > 0) return unknown(`${unjudged} suite${unjudged === 1 ? ' is' : 's are'} not graded by this profile, so whether a weaker one can win is not known.`);
    const who = legacy.map((v) => e.serverPreference[v]).includes(true) ? 'The server chooses' : 'The client chooses';
    const lower = [...new Set(rule.constraints.flatMap((c) => c.lower))].join(' or ');
    return pass(`${who}, and no ${lower} suite is accepted beside a stronger one on the same protocol, so whichever suite wins is acceptable under this profile: server order matters only where a weaker suite can be chosen (${SERVER_ORDER_QUESTION}).`);
  }
  return pass('The server chooses, and puts every stronger suite before the weaker ones it still accepts.');
}

// ------------------------------------------------------------------ key exchange

function gradeGroupRow(rows: readonly GroupRow[], otherwise: { grade: TableGrade; why: string }, g: { name: string; kind: string; bits: number | null }): Graded {
  for (const r of rows) {
    if (r.names && !r.names.includes(g.name)) continue;
    if (r.kinds && !(r.kinds as readonly string[]).includes(g.kind)) continue;
    if (r.bitsBelow !== undefined && !(g.bits !== null && g.bits < r.bitsBelow)) continue;
    return r;
  }
  return otherwise;
}

function gradeDhKnown(rows: readonly DhRow[], otherwise: { grade: TableGrade; why: string }, bits: number, named: boolean): Graded {
  for (const r of rows) {
    if (r.bitsBelow !== undefined && !(bits < r.bitsBelow)) continue;
    if (r.bitsAtLeast !== undefined && !(bits >= r.bitsAtLeast)) continue;
    if (r.named !== undefined && r.named !== named) continue;
    return r;
  }
  return otherwise;
}

function gradeDh(rule: KeyExchangeRule, bits: number, named: boolean | null): Graded | null {
  if (rule.dh === undefined) return null;
  if (named !== null) return gradeDhKnown(rule.dh.rows, rule.dh.otherwise, bits, named);
  const a = gradeDhKnown(rule.dh.rows, rule.dh.otherwise, bits, true);
  const b = gradeDhKnown(rule.dh.rows, rule.dh.otherwise, bits, false);
  if (a.grade === b.grade) return a;
  const va = a.grade === 'unknown' ? null : rule.outcomes[a.grade];
  const vb = b.grade === 'unknown' ? null : rule.outcomes[b.grade];
  const atLeast = va !== null && vb !== null && va.outcome !== 'pass' && vb.outcome !== 'pass' ? milder(va, vb) : undefined;
  return {
    grade: 'unknown',
    why: `${a.grade} if the prime is an RFC 7919 group (${a.why}), ${b.grade} otherwise (${b.why}); the scan does not tell which`,
    ...(atLeast ? { atLeast } : {}),
  };
}

function judgeKeyExchange(rule: KeyExchangeRule, e: Evidence): Judgement {
  if (e.tls === false) return notApplicable('TLS is not offered (see the starttls rule).');
  if (e.groups === null && e.dhBits === null) return unknown('The key exchange groups and DH sizes are not known.');
  // name: for the message; id: machine-readable ("x448", "DH-1024", as internet.nl writes DH sizes)
  const items: { name: string; id: string; g: Graded }[] = [];
  for (const g of e.groups ?? []) {
    if (g.kind === 'FFDHE') {
      const d = g.bits !== null ? gradeDh(rule, g.bits, true) : null;
      if (d) items.push({ name: g.name, id: g.name, g: d });
    } else if (rule.groups) {
      items.push({ name: g.name, id: g.name, g: gradeGroupRow(rule.groups.rows, rule.groups.otherwise, g) });
    }
  }
  if (e.dhBits !== null) {
    const d = gradeDh(rule, e.dhBits, null);
    const who = e.dhSuites && e.dhSuites.length > 0 ? ` (${nameList(e.dhSuites, 4)})` : '';
    if (d) items.push({ name: `DH ${e.dhBits} bits${who}`, id: `DH-${e.dhBits}`, g: d });
  }
  if (items.length === 0) return e.groups === null ? unknown('The key exchange groups are not known.') : notApplicable('No graded key exchange was seen.');
  const offenders: { name: string; id: string; why: string; v: Verdict }[] = [];
  const unjudged: { name: string; why: string }[] = [];
  for (const { name, id, g } of items) {
    if (g.grade === 'unknown') {
      if (g.atLeast) offenders.push({ name, id, why: g.why, v: g.atLeast });
      else unjudged.push({ name, why: g.why });
      continue;
    }
    const v = rule.outcomes[g.grade];
    if (v.outcome !== 'pass') offenders.push({ name, id, why: graded(g.grade, g.why), v });
  }
  const notes = unjudged.length > 0 ? ` Not judged: ${byReason(unjudged)}.` : '';
  if (offenders.length > 0) {
    const v = offenders.map((o) => o.v).reduce(worse);
    const dh = offenders.some((o) => o.name.startsWith('DH ') || o.name.startsWith('ffdhe'));
    const ec = offenders.some((o) => !o.name.startsWith('DH ') && !o.name.startsWith('ffdhe'));
    const text = [
      ec ? 'list only the allowed curves in tls_eecdh_auto_curves' : '',
      dh ? 'give DHE at least the size the profile wants (Postfix 3.7+ with OpenSSL 3: smtpd_tls_dh1024_param_file = auto; else a generated 2048-bit file), or exclude the DHE suites' : '',
    ].filter((x) => x !== '').join('; ');
    return verdictOf(v, `${byReason(offenders)}.${notes}`, offenders.map((o) => o.id), { kind: 'manual', text });
  }
  if (unjudged.length > 0) return unknown(`The rest complies.${notes}`);
  return pass(`${nameList(items.map((i) => i.name))}: all allowed.`);
}

// ------------------------------------------------------------------ certificate

const certName = (c: EvidenceCertificate) => `${c.keyType}${c.keyBits !== null ? ` ${c.keyBits}` : ''}${c.subject ? ` "${c.subject}"` : ''}`;

/** "RSA "CN=x", EC "CN=x": key size, signature algorithm, trust not known", grouped by what is missing. */
function unjudgedCerts(items: readonly { name: string; why: string }[]): string {
  const byCert = new Map<string, string[]>();
  for (const i of items) byCert.set(i.name, [...new Set([...(byCert.get(i.name) ?? []), i.why.replace(/ not known$/, '')])]);
  const byWhat = new Map<string, string[]>();
  for (const [name, whats] of byCert) byWhat.set(whats.join(', '), [...(byWhat.get(whats.join(', ')) ?? []), name]);
  return [...byWhat].map(([what, names]) => `${nameList(names)}: ${what} not known`).join('; ');
}

function judgeCertificate(rule: CertificateRule, e: Evidence, now: Date): Judgement {
  if (e.tls === false) return notApplicable('TLS is not offered (see the starttls rule).');
  if (e.certificates === null) return unknown('The certificates are not known.');
  if (e.certificates.length === 0) return notApplicable('No certificate was served (anonymous suites only).');
  // id: machine-readable ("RSA-1024", "sha1WithRSAEncryption", "self-signed", "expired")
  const offenders: { name: string; id: string; why: string; v: Verdict }[] = [];
  const unjudged: { name: string; why: string }[] = [];
  for (const c of e.certificates) {
    const name = certName(c);
    const keyId = `${c.keyType}-${c.keyBits ?? c.curve ?? '?'}`;
    for (const row of rule.keys ?? []) {
      if (!row.keyTypes.includes(c.keyType)) continue;
      if (row.bitsBelow !== undefined) {
        if (c.keyBits === null) {
          unjudged.push({ name, why: 'key size not known' });
          break;
        }
        if (!(c.keyBits < row.bitsBelow)) continue;
      }
      if (row.curves || row.notCurves) {
        const curve = c.curve ?? null;
        if (curve === null) {
          unjudged.push({ name, why: 'curve not known' });
          break;
        }
        if (row.curves && !row.curves.includes(curve)) continue;
        if (row.notCurves && row.notCurves.includes(curve)) continue;
      }
      const v = rule.outcomes[row.grade];
      if (v.outcome !== 'pass') offenders.push({ name, id: row.curves || row.notCurves ? `${c.keyType}-${c.curve ?? '?'}` : keyId, why: graded(row.grade, row.why), v });
      break;
    }
    // A self-signature vouches for nothing, so its algorithm does not matter.
    if (rule.signatures && c.selfSigned !== true) {
      if (c.signatureAlgorithm === null) unjudged.push({ name, why: 'signature algorithm not known' });
      else {
        const row = rule.signatures.find((s) => re(s.pattern).test(c.signatureAlgorithm ?? ''));
        const v = row ? rule.outcomes[row.grade] : null;
        if (row && v && v.outcome !== 'pass') offenders.push({ name: `${name} signed with ${c.signatureAlgorithm}`, id: c.signatureAlgorithm ?? '?', why: graded(row.grade, row.why), v });
      }
    }
    if (rule.trust) {
      const expired = c.notAfter !== null && new Date(c.notAfter).getTime() < now.getTime();
      if (expired) offenders.push({ name, id: 'expired', why: `expired on ${(c.notAfter ?? '').slice(0, 10)} (${rule.trust.why})`, v: rule.trust.expired });
      else if (c.trusted === false) offenders.push({ name, id: c.selfSigned ? 'self-signed' : 'untrusted', why: `${c.selfSigned ? 'self-signed' : 'not trusted'} (${rule.trust.why})`, v: rule.trust.untrusted });
      else if (c.trusted === null) unjudged.push({ name, why: 'trust not known' });
      if (c.nameMatches === false) offenders.push({ name, id: 'name-mismatch', why: `does not name this host (${rule.trust.why})`, v: rule.trust.nameMismatch });
    }
  }
  if (rule.keyTypes) {
    const allowed = e.certificates.filter((c) => rule.keyTypes?.allowed.includes(c.keyType));
    const others = e.certificates.filter((c) => !rule.keyTypes?.allowed.includes(c.keyType));
    if (allowed.length === 0) offenders.push({ name: nameList(others.map(certName)), id: [...new Set(others.map((c) => c.keyType))].join('+'), why: `no certificate of an allowed type (${rule.keyTypes.why})`, v: rule.outcomes.insufficient });
    else for (const c of others) offenders.push({ name: certName(c), id: c.keyType, why: `served beside an allowed one, but not of an allowed type (${rule.keyTypes.why})`, v: rule.outcomes['phase-out'] });
  }
  const notes = unjudged.length > 0 ? ` Not judged: ${unjudgedCerts(unjudged)}${e.source === 'config' ? ' (the configuration does not tell)' : ''}.` : '';
  if (offenders.length > 0) {
    const v = offenders.map((o) => o.v).reduce(worse);
    return verdictOf(v, `${byReason(offenders)}.${notes}`, [...new Set(offenders.map((o) => o.id))],
      { kind: 'manual', text: 'a new certificate: from a public CA (for clients that verify), with a key and signature this profile allows, served with its chain (smtpd_tls_chain_files)' });
  }
  if (unjudged.length > 0) return unknown(`Nothing objectionable seen.${notes}`.replace('Nothing objectionable seen. Not judged: ', 'Not judged: '));
  return pass(`${nameList(e.certificates.map(certName))}: allowed.`);
}

// ------------------------------------------------------------------ facts and the mail baseline

function judgeFact(rule: FactRule, e: Evidence): Judgement {
  if (e.tls === false) return notApplicable('TLS is not offered (see the starttls rule).');
  const versions = e.versions ?? [];
  const legacy = legacyVersions(e);
  const upgrade: FixHint = { kind: 'manual', text: 'upgrade OpenSSL (and Postfix linked with it)' };
  switch (rule.id) {
    case 'compression': {
      const c = e.facts.compression;
      if (c === null) return unknown('Whether the server compresses is not known.');
      return c ? verdictOf(rule.verdict, `The server accepted TLS compression (DEFLATE): ${rule.why}.`, ['DEFLATE'], { kind: 'manual', text: 'tls_ssl_options = NO_COMPRESSION, or upgrade OpenSSL' }) : pass('No TLS compression.');
    }
    case 'renegotiation': {
      if (e.versions !== null && legacy.length === 0) return notApplicable('Only TLS 1.3, which has no renegotiation.');
      const r = e.facts.secureRenegotiation;
      if (r === null) return unknown('Whether the server supports secure renegotiation is not known.');
      return r ? pass('renegotiation_info (RFC 5746) supported.') : verdictOf(rule.verdict, `No renegotiation_info: ${rule.why}.`, ['renegotiation_info'], upgrade);
    }
    case 'extended-master-secret': {
      if (e.versions !== null && legacy.length === 0) return notApplicable('Only TLS 1.3, whose key schedule includes what the extended master secret adds.');
      const x = e.facts.extendedMasterSecret;
      if (x === null) return unknown('Whether the server uses the extended master secret is not known.');
      return x ? pass('Extended master secret (RFC 7627) supported.') : verdictOf(rule.verdict, `No extended master secret: ${rule.why}.`, ['extended_master_secret'], upgrade);
    }
    case 'fallback-scsv': {
      if (e.versions !== null && versions.length <= 1) return notApplicable('One protocol only: there is nothing to downgrade to.');
      const f = e.facts.fallbackScsv;
      if (f === null) return unknown('Whether the server honours TLS_FALLBACK_SCSV is not known.');
      return f ? pass('TLS_FALLBACK_SCSV honoured (RFC 7507).') : verdictOf(rule.verdict, `TLS_FALLBACK_SCSV ignored: ${rule.why}.`, ['TLS_FALLBACK_SCSV'], upgrade);
    }
  }
}

function judgeStarttls(rule: StarttlsRule, e: Evidence): Judgement {
  if (e.tls === null) return unknown('Whether TLS is offered is not known.');
  if (e.tls) return pass(e.implicitTls ? 'Implicit TLS (TLS from the first byte).' : 'STARTTLS is offered.');
  return verdictOf(rule.missing, `${e.implicitTls ? 'The TLS handshake fails on this implicit-TLS port' : 'STARTTLS is not offered'}: ${rule.why}.`, ['STARTTLS'], { kind: 'offer-tls' });
}

function judgeTlsRequired(rule: TlsRequiredRule, e: Evidence): Judgement {
  if (rule.expect === 'either') return notApplicable(`${e.tlsRequired === null ? 'Whether TLS is required is not known; either way,' : e.tlsRequired ? 'TLS is required;' : 'TLS is optional;'} ${rule.why}.`);
  if (e.tlsRequired === null) {
    return unknown(`Whether clients may send without TLS cannot be told from the wire (the scan sends no mail); ${e.source === 'wire' ? 'mailtls config --profile judges it from the configuration' : 'not known'}.`);
  }
  if (rule.expect === 'required') {
    return e.tlsRequired
      ? pass(e.implicitTls ? 'Implicit TLS: no client can send without it.' : 'TLS is required before mail (level encrypt).')
      : verdictOf(rule.verdict, `TLS is optional, so a client may send mail${e.authBeforeTls === false ? '' : ' and passwords'} in plaintext: ${rule.why}.`, ['tls optional'], { kind: 'require-tls' });
  }
  return e.tlsRequired
    ? verdictOf(rule.verdict, `TLS is required: ${rule.why}.`, ['tls required'], { kind: 'offer-tls' })
    : pass('TLS is offered, not required (RFC 3207 §4).');
}

function judgeAuth(rule: AuthRule, e: Evidence): Judgement {
  if (e.authBeforeTls === null) return unknown('Whether AUTH is offered before TLS is not known.');
  if (!e.authBeforeTls) return pass(e.implicitTls ? 'Implicit TLS: AUTH only ever runs inside TLS.' : 'AUTH is not offered before TLS.');
  const mechs = e.authMechanismsBeforeTls ?? [];
  return verdictOf(rule.verdict, `AUTH${mechs.length > 0 ? ` ${mechs.join(' ')}` : ''} is offered before TLS: ${rule.why}.`, mechs.length > 0 ? mechs : ['AUTH'], { kind: 'auth-only-after-tls' });
}

// ------------------------------------------------------------------ the entry point

function judge(profile: Profile, rule: RuleSpec, e: Evidence, now: Date): Judgement {
  switch (rule.id) {
    case 'tls-versions': return judgeVersions(rule, e);
    case 'cipher-suites': return judgeSuites(profile, rule, e);
    case 'cipher-order': return judgeOrder(profile, rule, e);
    case 'key-exchange': return judgeKeyExchange(rule, e);
    case 'certificate': return judgeCertificate(rule, e, now);
    case 'compression': case 'renegotiation': case 'extended-master-secret': case 'fallback-scsv': return judgeFact(rule, e);
    case 'starttls': return judgeStarttls(rule, e);
    case 'tls-required': return judgeTlsRequired(rule, e);
    case 'auth-after-tls': return judgeAuth(rule, e);
  }
}

/** Grades one service: one RuleResult per rule of the profile for the evidence's role. */
export function gradeEvidence(profile: Profile, evidence: Evidence, opts: GradeOptions = {}): RuleResult[] {
  const now = opts.now ?? new Date();
  const notes = evidence.notes && evidence.notes.length > 0 ? evidence.notes : null;
  return profile.rulesFor(evidence.role).map((rule) => {
    const j = judge(profile, rule, evidence, now);
    const message = notes && evidence.source === 'config' && (j.outcome === 'pass' || j.outcome === 'fail') && ['tls-versions', 'cipher-suites', 'cipher-order'].includes(rule.id)
      ? `${j.message} (Prediction not exact: ${notes.join('; ')}.)`
      : j.message;
    return {
      rule: `${profile.info.id}/${rule.id}`, profile: profile.info.id, id: rule.id, title: rule.title,
      outcome: j.outcome, severity: j.outcome === 'warn' || j.outcome === 'fail' ? j.severity : 'info',
      message, source: rule.source, offending: j.offending, fix: j.fix, judged: j.judged, basis: evidence.source,
    };
  });
}
