/**
 * How bad a finding is. Shared by the scan, config and log findings, and by every renderer;
 * it lives below them all so that no analysis module depends on a renderer.
 */
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** 0 for critical, 4 for info: the one place the order is read. */
export function severityRank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s);
}

/** For Array.sort: negative when `a` is more severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}

/** True when `s` is `floor` or worse ("high" is at least "medium"). */
export function atLeast(s: Severity, floor: Severity): boolean {
  return severityRank(s) <= severityRank(floor);
}

/** The more severe of two. */
export function worse(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}

/** Sorts anything with a severity, most severe first, keeping the input order otherwise. */
export function bySeverity<T extends { severity: Severity }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareSeverity(a.severity, b.severity));
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITY_ORDER as readonly string[]).includes(s);
}
