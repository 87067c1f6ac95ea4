/**
 * Who decides the suite order, and TLS 1.3's fixed suites.
 *
 * ssl3_choose_cipher (ssl/s3_lib.c): with SSL_OP_CIPHER_SERVER_PREFERENCE (Postfix:
 * tls_preempt_cipherlist = yes, server side only, src/tls/tls_server.c) the server walks ITS
 * list in order and takes the first suite the client also offers; otherwise it walks the
 * client's list and takes the first suite it allows. SSL_OP_PRIORITIZE_CHACHA (tls_ssl_options
 * PRIORITIZE_CHACHA) only acts with server preference, and only when the client's first suite
 * is ChaCha20: then every ChaCha20 suite of the server list moves to the front, in order.
 */
import type { EvaluatedSuite } from './cipher-string.js';
import { cipherByCode } from './cipher-table.js';

export interface ServerOrderOptions {
  /** SSL_OP_CIPHER_SERVER_PREFERENCE (tls_preempt_cipherlist). */
  readonly preferServer: boolean;
  /** SSL_OP_PRIORITIZE_CHACHA. */
  readonly prioritizeChacha?: boolean;
  /** Whether the client's most preferred suite is a ChaCha20 one (mobile clients without AES hardware). */
  readonly clientPrefersChacha?: boolean;
}

export interface ServerOrder {
  /** Whose preference picks the suite among those both sides allow. */
  readonly decidedBy: 'server' | 'client';
  /** The server's suites; with decidedBy 'server', in the order it will prefer them. */
  readonly suites: EvaluatedSuite[];
  readonly note: string;
}

const isChacha = (s: EvaluatedSuite): boolean => cipherByCode(s.code)?.enc === 'CHACHA20POLY1305';

export function serverOrder(suites: readonly EvaluatedSuite[], options: ServerOrderOptions): ServerOrder {
  if (!options.preferServer) {
    return {
      decidedBy: 'client',
      suites: [...suites],
      note: 'the client\'s order decides: the server takes the first suite in the client\'s list that it allows',
    };
  }
  if (options.prioritizeChacha && options.clientPrefersChacha && suites.some(isChacha)) {
    return {
      decidedBy: 'server',
      suites: [...suites.filter(isChacha), ...suites.filter((s) => !isChacha(s))],
      note: 'server order, with ChaCha20 suites first because the client put ChaCha20 first (PRIORITIZE_CHACHA)',
    };
  }
  return { decidedBy: 'server', suites: [...suites], note: 'the server\'s order decides: its first suite the client also offers wins' };
}

export interface Tls13Suite {
  readonly code: number;
  readonly name: string;
}

/**
 * OpenSSL's default TLS 1.3 ciphersuites (OSSL_default_ciphersuites / TLS_DEFAULT_CIPHERSUITES,
 * 1.1.1 and 3.x), in preference order. Postfix never calls SSL_CTX_set_ciphersuites, so these
 * are what every Postfix service offers with TLS 1.3 — unless tls_config_file (an openssl.cnf
 * with a Ciphersuites line) changes them. TLS_AES_128_CCM_SHA256 and _CCM_8_ exist but are off.
 */
export const OPENSSL_DEFAULT_TLS13_SUITES: readonly Tls13Suite[] = [
  { code: 0x1302, name: 'TLS_AES_256_GCM_SHA384' },
  { code: 0x1303, name: 'TLS_CHACHA20_POLY1305_SHA256' },
  { code: 0x1301, name: 'TLS_AES_128_GCM_SHA256' },
];

/** The same, as the string OpenSSL uses. */
export const OPENSSL_DEFAULT_CIPHERSUITES = OPENSSL_DEFAULT_TLS13_SUITES.map((s) => s.name).join(':');
