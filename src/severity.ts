/**
 * How bad a finding is. Shared by the scan, config and log findings, and by every renderer;
 * it lives below them all so that no analysis module depends on a renderer.
 */
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Sorts anything with a severity, most severe first, keeping the input order otherwise. */
export function bySeverity<T extends { severity: Severity }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}
