/**
 * Findings: configuration mistakes, each with file:line, why it matters and the postconf command
 * that repairs it. Every rule is a small function over the analysis (findings/: levels and
 * protocols, ciphers and certificates, exposure per role, hygiene); severities follow what the
 * mistake costs: "critical"/"high" only when mail or credentials are exposed or TLS (or the
 * daemon) stops working, so a modern, correct configuration gets none of them. The machinery
 * (building, merging, ordering) is findings/emit.ts.
 */
import type { Analysis } from './model.js';
import type { Finding } from './types.js';
import { certificateFindings, cipherFindings, preemptFindings } from './findings/ciphers.js';
import { collector, sortFindings } from './findings/emit.js';
import { clientFindings, port25AndSubmission, postscreenFindings, saslFindings } from './findings/exposure.js';
import { tlsOn } from './findings/facts.js';
import { deprecatedFindings, fileFindings, wrongSideOverrides } from './findings/hygiene.js';
import { legacySyntaxFindings, levelFindings, mandatoryVsOpportunistic, protocolFindings } from './findings/levels.js';

export { mergeFindings, sortFindings } from './findings/emit.js';
export { geForm } from './findings/levels.js';

/** Every finding of a configuration, in report order. The rules run from the specific to the general (emit.ts keeps the first fix). */
export function findingsFor(a: Analysis): Finding[] {
  const { emit, out } = collector();
  wrongSideOverrides(a, emit);
  for (const s of a.services) {
    if (s.delegatedTo !== undefined) continue; // its TLS is the pass service's, reported there
    levelFindings(a, s, emit);
    if (tlsOn(s) || s.role === 'postscreen') protocolFindings(a, s, emit);
    cipherFindings(a, s, emit);
    certificateFindings(s, emit);
  }
  mandatoryVsOpportunistic(a, emit);
  port25AndSubmission(a, emit);
  saslFindings(a, emit);
  clientFindings(a, emit);
  postscreenFindings(a, emit);
  deprecatedFindings(a, emit, out);
  legacySyntaxFindings(a, emit, out);
  fileFindings(a, emit, out);
  preemptFindings(a, emit);
  return sortFindings(out);
}
