/**
 * The TLS wire codec: byte reader/writer, registries, and one module per message. Pure code:
 * nothing here opens a socket (src/net does); node:crypto is used only for randoms, key shares
 * and certificate parsing.
 */
export * from './bytes.js';
export * from './der.js';
export * from './registry/versions.js';
export * from './registry/alerts.js';
export * from './registry/cipher-suites.js';
export { IANA_CIPHER_SUITE_ROWS, UNREGISTERED_CIPHER_SUITE_ROWS, SSLV2_CIPHER_KIND_ROWS, type SuiteRow } from './registry/cipher-suite-table.js';
export * from './registry/groups.js';
export * from './registry/signature-schemes.js';
export * from './registry/extensions.js';
export * from './record.js';
export * from './handshake.js';
export * from './extension.js';
export * from './client-extensions.js';
export * from './client-hello.js';
export * from './key-share.js';
export * from './build-client-hello.js';
export * from './server-hello.js';
export * from './certificate.js';
export * from './server-key-exchange.js';
export * from './alert.js';
export * from './sslv2.js';
export * from './cert-info.js';
