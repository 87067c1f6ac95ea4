/**
 * Postfix configuration analysis (`mailtls config`): read main.cf/master.cf as Postfix does,
 * compute each service's effective TLS policy, predict the wire, find mistakes, suggest fixes.
 * `loadAndAnalyze` does the I/O (files, local postconf/openssl, certificates, lab copies);
 * `analyzeModel` (the model), `findingsFor` and `configReport` are pure.
 */
export { loadAndAnalyze, localOpensslVersion, localPostfixVersion, modelEvaluator, certificateReader } from './load.js';
export type { LoadOptions, Loaded } from './load.js';
export { analyze, analyzeModel, postconfPrintable } from './analyze.js';
export type { AnalyzeInput, Analysis, AnalyzedService } from './model.js';
export { configReport } from './config-report.js';
export { findingsFor } from './findings.js';
export { serviceRole, type MailRole, type RoleInput } from './service-role.js';
export type { LabCopy } from './lab-copy.js';
export { parseMainCf } from './main-cf.js';
export type { MainCf, Setting } from './main-cf.js';
export { parseMasterCf } from './master-cf.js';
export type { MasterCf, MasterEntry } from './master-cf.js';
export { expandValue } from './expand.js';
export { defaultsFor, parsePostconfOutput } from './defaults.js';
export { parseProtocolList, enabledProtocols, opensslProtocols } from './protocols.js';
export { buildCipherList } from './cipherlist.js';
export { parsePostfixVersion } from './version.js';
export type { ConfigReport, ServiceReport, ServiceTls, Finding, CertificateInfo } from './types.js';
export { explainDifference, wireAgrees } from './system-explain.js';
export type { ObservedWire, SystemExplanation } from './system-explain.js';
export { postfixLoad, daemonEnvironment } from './openssl-system.js';
export type { OpensslInput, PostfixLoad } from './openssl-system.js';
export type { SystemTls, SystemDirective, OpensslConfigSummary } from './types.js';
