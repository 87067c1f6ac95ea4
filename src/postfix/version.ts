/** Postfix release numbers ("3.7.11", "3.7"): parsing and ordering. */

export interface PostfixVersion {
  readonly major: number;
  readonly minor: number;
  /** Patch level; a "3.7" given without one counts as 3.7.0 for table lookups. */
  readonly patch: number;
  readonly text: string;
}

/** The oldest and newest releases whose defaults we know (src/postfix/defaults-data.ts). */
export const OLDEST_KNOWN = '2.11.0';
export const NEWEST_KNOWN = '3.11.6';

export function parsePostfixVersion(text: string): PostfixVersion | undefined {
  // Snapshot versions look like "3.12-20260821"; the date part does not matter for defaults.
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:[-.][0-9A-Za-z.-]*)?$/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), text: text.trim() };
}

export function compareVersions(a: PostfixVersion, b: PostfixVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** a >= "x.y[.z]" */
export function atLeast(v: PostfixVersion, text: string): boolean {
  const b = parsePostfixVersion(text);
  if (!b) throw new Error(`bad version literal ${text}`);
  return compareVersions(v, b) >= 0;
}
