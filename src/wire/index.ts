/**
 * The TLS wire codec: byte reader/writer, registries, and one module per message. Pure code:
 * nothing here opens a socket (src/net does); node:crypto is used only for randoms, key shares
 * and certificate parsing.
 *
 * File map:
 *   bytes.ts                 ByteWriter (deferred length closures) / ByteReader (checked sub-reads)
 *   registry/                data tables: cipher suites (+ SSLv2 kinds), groups, signature
 *                            schemes, extensions, versions, alerts
 *   record.ts                record header codec, RecordDeframer (incremental, SSLv2 detection)
 *   handshake.ts             handshake header codec, HandshakeReassembler (size cap)
 *   extension.ts             the generic {type, data} extension and its block codec
 *   client-hello.ts          ClientHello codec
 *   client-extensions.ts     ClientHello extension builders
 *   key-share.ts             TLS 1.3 key shares (x25519, x448, P-256/384/521, ML-KEM, hybrids)
 *   build-client-hello.ts    buildClientHello: probe version + suites -> record bytes
 *   server-hello.ts          ServerHello / HelloRetryRequest codec and the facts it carries
 *   server-extensions.ts     ServerHello extension builders (fake servers, tests)
 *   certificate.ts           Certificate (TLS <= 1.2 and 1.3 layouts)
 *   server-key-exchange.ts   ServerKeyExchange per key exchange (ECDHE, DHE, export RSA, PSK)
 *   alert.ts                 Alert codec
 *   heartbeat.ts             HeartbeatMessage (RFC 6520), for the Heartbleed probe
 *   client-key-exchange.ts   RSA ClientKeyExchange and raw RSA encryption, for the ROBOT probe
 *   sslv2.ts                 SSLv2 CLIENT-HELLO, SERVER-HELLO, ERROR
 *   der.ts, cert-info.ts     certificate facts from DER, chain verification against given roots
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
export * from './server-extensions.js';
export * from './certificate.js';
export * from './server-key-exchange.js';
export * from './alert.js';
export * from './heartbeat.js';
export * from './client-key-exchange.js';
export * from './sslv2.js';
export * from './cert-info.js';
