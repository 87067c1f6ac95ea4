export { parseConfigLine, type ConfigLine } from './lines.js';
export { parseDovecotConfig, globalSetting, protocolFilter, sections, type ConfigFs, type DovecotConfig, type Scope, type SettingValue, type ParseWarning } from './parse.js';
export { dovecotDefaults, parseDovecotVersion, generationOf, nameIn, RENAMED, DEFAULT_LISTENERS, DOVECOT_DEFAULT_CIPHER_LIST, type Generation, type DovecotVersion } from './defaults.js';
export { analyzeProtocol, effective, listenersOf, enabledProtocols } from './analyze.js';
export { dovecotFindings } from './findings.js';
export { loadDovecot, globFiles, diskFs, type DovecotLoadOptions } from './load.js';
export type { DovecotReport, DovecotProtocolReport, DovecotFinding, DovecotListener, DovecotCertificate, Origin } from './types.js';
