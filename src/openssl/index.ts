/**
 * OpenSSL's cipher semantics without OpenSSL: the suite table, the cipher-string engine, the
 * server-preference model and TLS 1.3's fixed suites. `local.ts` (the real binary) is exported
 * separately so that the pure parts never pull in child_process.
 */
export {
  OPENSSL_CIPHERS, OPENSSL_LINES, LEGACY_PROVIDER_ENC, cipherByCode, cipherByName, codeHex,
} from './cipher-table.js';
export type { Au, CipherTls, Enc, Kx, Mac, OpensslCipher, OpensslLine, Strength } from './cipher-table.js';
export { CIPHER_ALIASES, DEFAULT_CIPHER_LIST_102, DEFAULT_CIPHER_LIST_111 } from './cipher-aliases.js';
export { availableCiphers, evaluateCipherString, serverCanChoose } from './cipher-string.js';
export type { CipherStringResult, EvaluateOptions, EvaluatedSuite, KeyType, TlsVersion } from './cipher-string.js';
export { OPENSSL_DEFAULT_CIPHERSUITES, OPENSSL_DEFAULT_TLS13_SUITES, serverOrder } from './server-order.js';
export type { ServerOrder, ServerOrderOptions, Tls13Suite } from './server-order.js';
export { resolveOpensslLine } from './version.js';
export type { ResolvedLine } from './version.js';
