/**
 * The machinery every finding family shares: a finding built from what a rule found (its title
 * and place filled in, src/finding.ts), one finding per (id, file, line) with duplicates merged,
 * fixes kept coherent (no two setting one parameter differently), and the report order.
 */
import { place } from '../../finding.js';
import { compareSeverity } from '../../severity.js';
import { fixAssignments, fixTargets } from '../fixes.js';
import type { Finding } from '../types.js';
import { findingTitle } from './titles.js';

/** What a rule says: a finding without the fields derived from it (title, place). */
export type Draft = Omit<Finding, 'title' | 'place'>;
export type Emit = (f: Draft) => void;

/** A finding of the one shape: the rule's fields, its title by id, its place from file, line and service. */
export function finding(d: Draft): Finding {
  return { ...d, title: findingTitle(d.id), place: place({ file: d.file, line: d.line, service: d.service ?? null }) };
}

/** The emit function the rules call, and the findings it keeps, in the order emitted. */
export function collector(): { emit: Emit; out: readonly Finding[] } {
  const out: Finding[] = [];
  const at = new Map<string, number>();
  const emit: Emit = (found) => {
    // No two fixes may set one parameter differently: the first one emitted (the rules run from the
    // specific to the general) keeps its command, a later contradicting one points at it.
    let f = finding(found);
    for (const [target, value] of f.fix !== null ? fixAssignments(f.fix) : []) {
      const by = plannedBy(out, target);
      if (by === undefined || by.value === value || (by.finding.id === f.id && by.finding.file === f.file && by.finding.line === f.line)) continue;
      const name = target.replace(/^(main|master):/, '');
      f = { ...f, fix: null, fixReason: `see the fix for ${by.finding.id} (${by.finding.file}${by.finding.line !== null ? `:${by.finding.line}` : ''}), which ${by.value === null ? `removes ${name}` : `sets ${name} = ${by.value}`}` };
      break;
    }
    // One finding per (id, file, line): a main.cf line shared by several services is reported once.
    const key = `${f.id}|${f.file}|${f.line ?? ''}`;
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, out.length);
      out.push(f);
    } else out[i] = mergeFindings(out[i] as Finding, f);
  };
  return { emit, out };
}

/** Most severe first, then by file and line (main.cf before master.cf), as the report lists them. */
export function sortFindings(fs: readonly Finding[]): Finding[] {
  return [...fs].sort((x, y) => compareSeverity(x.severity, y.severity)
    || x.file.localeCompare(y.file) || (x.line ?? 0) - (y.line ?? 0) || x.id.localeCompare(y.id));
}

/**
 * Two findings with the same (id, file, line): keep one. The more severe one leads; a fix for
 * another service is joined with " && " so one command line repairs both; a fix that sets the
 * same parameter differently is dropped (one coherent fix per place).
 */
export function mergeFindings(a: Finding, b: Finding): Finding {
  const [first, second] = compareSeverity(b.severity, a.severity) < 0 ? [b, a] : [a, b];
  if (second.fix === null || second.fix === first.fix || first.fix === null) {
    return first.fix === null && second.fix !== null ? { ...first, fix: second.fix, ...(second.fixReason !== undefined ? { fixReason: second.fixReason } : {}) } : first;
  }
  const t1 = fixTargets(first.fix);
  if (fixTargets(second.fix).some((t) => t1.includes(t))) return first;
  const also = second.service !== undefined && second.service !== first.service ? ` The same holds for ${second.service}.` : '';
  return { ...first, message: first.message + also, fix: `${first.fix} && ${second.fix}` };
}

/** The earlier finding whose fix sets (or removes, null) a target, and the value it gives it. */
export function plannedBy(sofar: readonly Finding[], target: string): { finding: Finding; value: string | null } | undefined {
  for (const f of sofar) {
    if (f.fix === null) continue;
    const m = fixAssignments(f.fix);
    if (m.has(target)) return { finding: f, value: m.get(target) ?? null };
  }
  return undefined;
}

/** The value an earlier finding's fix gives a target, so later fixes agree with it. */
export function planned(sofar: readonly Finding[], target: string): string | null | undefined {
  return plannedBy(sofar, target)?.value;
}
