/**
 * Prediction of the TLS 1.2-and-older cipher suites a service offers: the cipher string Postfix
 * builds, evaluated with OpenSSL's semantics at security level 0 (Postfix calls
 * SSL_CTX_set_security_level(ctx, 0), src/tls/tls_server.c / tls_client.c), restricted to what
 * the certificate key types allow. The evaluator is injected (src/openssl when present, or the
 * local `openssl ciphers`), so this module stays pure.
 */

export interface SuiteInfo {
  /** "0xC02F": 0x and four upper-case hex digits, as in `mailtls scan`. */
  readonly code: string;
  /** OpenSSL's name, "ECDHE-RSA-AES128-GCM-SHA256". */
  readonly openssl: string;
}

export interface EvaluateOptions {
  readonly opensslVersion: string;
  readonly securityLevel: 0;
  /** Key types of the server certificates (rsa, ec, dsa, ed25519, ed448); all types for a client. */
  readonly keyTypes: readonly string[];
}

export interface Evaluation {
  /** Suites in OpenSSL's order (what the server can choose, or what the client offers). */
  readonly suites: readonly SuiteInfo[];
  /** OpenSSL rejects the string ("no cipher match"): SSL_set_cipher_list() fails, so TLS fails. */
  readonly invalid?: string;
  readonly warnings?: readonly string[];
}

/** keyTypes undefined: no certificate filter (a client offering its list). */
export type CipherEvaluator = (cipherString: string, opts: Omit<EvaluateOptions, 'keyTypes'> & { keyTypes: readonly string[] | undefined }) => Evaluation;

/** TLS 1.3 suites (0x13xx) are not chosen by the cipher string: Postfix never sets them. */
export function isTls13Suite(code: string): boolean {
  return /^0x13[0-9A-F]{2}$/i.test(code);
}

/** Suites that need TLS 1.2 (AEAD or SHA-2 MAC); the rest also work with TLS 1.0 and 1.1. */
export function needsTls12(opensslName: string): boolean {
  return /GCM|CCM|CHACHA20|SHA256|SHA384/.test(opensslName);
}
