export { checkDomain, normalizeDomain, type CheckOptions } from './run.js';
export { addressVerdict, domainVerdict, DEFAULT_PROFILE } from './verdict.js';
export type * from './types.js';
