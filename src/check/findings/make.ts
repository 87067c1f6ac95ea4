/**
 * The one constructor of a `mailtls check` finding, so that every one has the common shape of
 * src/finding.ts (`message` is the detail, `place` the host it concerns) besides its own fields.
 */
import { place } from '../../finding.js';
import type { Severity } from '../../severity.js';
import type { CheckFinding } from '../types.js';

export interface FindingExtra {
  /** The MX host (or policy host) it concerns; none for the domain. */
  readonly host?: string | null;
  readonly addresses?: readonly string[];
  /** DNS records in zone-file syntax, or a policy file, to publish. */
  readonly fix?: string | null;
}

export function checkFinding(
  source: CheckFinding['source'], id: string, severity: Severity, title: string, detail: string, extra: FindingExtra = {},
): CheckFinding {
  const host = extra.host ?? null;
  return {
    id, severity, title, detail, source, host, addresses: [...(extra.addresses ?? [])], fix: extra.fix ?? null,
    message: detail, place: place({ host }),
  };
}
