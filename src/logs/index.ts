/**
 * Postfix log analysis: what clients really negotiate, and who would break under a stricter
 * policy. `analyzeLogs()` streams the files and returns plain report data; render it with
 * src/report/logs-text.ts (renderLogsText, renderLogsSummary) or print it as JSON.
 */
export { analyzeLogs, type AnalyzeOptions } from './analyze.js';
export { parseTightening, type Tightening } from './tightening.js';
export { acceptedCiphers, protocolsAllowedBy, type CipherAcceptance } from './postfix-settings.js';
export { gradeCipher, type CipherGrade } from './ciphers.js';
export type {
  ClientSummary, FileSummary, LogReport, Notice, RelaySummary, ServiceSummary, StarttlsCounters, TlsCounts,
} from './report.js';
export type { ImpactClient, ImpactReport, ImpactService, ImpactSession } from './impact.js';
export { clientAddress, isExcluded, type ProbeWindow, type SessionExclusion } from './exclusion.js';
export type { SessionClass } from './session-classes.js';
export type { MasterLogEvent } from './report.js';
