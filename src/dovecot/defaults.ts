/**
 * Dovecot's defaults for the settings mailtls models, by version, as data. Sources (dovecot/core):
 * - 2.3: src/lib-master/master-service-ssl-settings.c (ssl = yes, ssl_cipher_list,
 *   ssl_min_protocol = TLSv1 until 2.3.14, TLSv1.2 from 2.3.15, which also added
 *   ssl_cipher_suites), src/login-common/login-settings.c (disable_plaintext_auth = yes),
 *   src/auth/auth-settings.c (auth_mechanisms = plain), src/master/master-settings.c
 *   (protocols = imap pop3 lmtp; Debian's build and dovecot.conf start from none and add one per
 *   installed package through /usr/share/dovecot/protocols.d), the login services' listeners
 *   (src/imap-login/imap-login-settings.c: imap 143, imaps 993 ssl; src/pop3-login/: pop3 110,
 *   pop3s 995 ssl; src/submission-login/: submission 587; pigeonhole's managesieve-login: sieve 4190).
 * - 2.4: src/lib-ssl-iostream/ssl-settings.c (same cipher list and TLSv1.2;
 *   ssl_server_prefer_ciphers = client), src/login-common/login-settings.c
 *   (auth_allow_cleartext = no). Renamed settings: doc.dovecot.org, "Upgrading Dovecot CE from
 *   2.3 to 2.4", converted settings.
 */
export type Generation = '2.3' | '2.4';

export const DOVECOT_DEFAULT_CIPHER_LIST = 'ALL:!kRSA:!SRP:!kDHd:!DSS:!aNULL:!eNULL:!EXPORT:!DES:!3DES:!MD5:!PSK:!RC4:!ADH:!LOW@STRENGTH';

export interface DovecotVersion {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export function parseDovecotVersion(text: string): DovecotVersion | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!m) return null;
  return { text: m[0], major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

export const NEWEST_KNOWN = '2.4.1';

export function generationOf(v: DovecotVersion): Generation {
  return v.major > 2 || (v.major === 2 && v.minor >= 4) ? '2.4' : '2.3';
}

/** The defaults of the settings mailtls reads, for one version. */
export function dovecotDefaults(v: DovecotVersion): ReadonlyMap<string, string> {
  const g = generationOf(v);
  const d = new Map<string, string>([
    ['ssl', 'yes'],
    ['ssl_cipher_list', DOVECOT_DEFAULT_CIPHER_LIST],
    ['ssl_min_protocol', g === '2.4' || v.patch >= 15 ? 'TLSv1.2' : 'TLSv1'],
    ['ssl_curve_list', ''],
    ['ssl_options', ''],
    ['auth_mechanisms', 'plain'],
    ['listen', '*, ::'],
    ['protocols', 'imap pop3 lmtp'],
    ['login_trusted_networks', ''],
  ]);
  if (g === '2.3') {
    if (v.minor > 3 || v.patch >= 15) d.set('ssl_cipher_suites', '');
    d.set('ssl_prefer_server_ciphers', 'no');
    d.set('disable_plaintext_auth', 'yes');
    for (const k of ['ssl_cert', 'ssl_key', 'ssl_alt_cert', 'ssl_alt_key', 'ssl_dh']) d.set(k, '');
  } else {
    d.set('ssl_cipher_suites', '');
    d.set('ssl_server_prefer_ciphers', 'client');
    d.set('auth_allow_cleartext', 'no');
    for (const k of ['ssl_server_cert_file', 'ssl_server_key_file', 'ssl_server_alt_cert_file', 'ssl_server_alt_key_file', 'ssl_server_dh_file']) d.set(k, '');
  }
  return d;
}

/** The settings of one meaning in each generation: [2.3 name, 2.4 name]. */
export const RENAMED: readonly (readonly [string, string])[] = [
  ['ssl_cert', 'ssl_server_cert_file'],
  ['ssl_key', 'ssl_server_key_file'],
  ['ssl_alt_cert', 'ssl_server_alt_cert_file'],
  ['ssl_alt_key', 'ssl_server_alt_key_file'],
  ['ssl_dh', 'ssl_server_dh_file'],
  ['ssl_key_password', 'ssl_server_key_password'],
  ['ssl_prefer_server_ciphers', 'ssl_server_prefer_ciphers'],
  ['disable_plaintext_auth', 'auth_allow_cleartext'],
  ['ssl_require_crl', 'ssl_server_require_crl'],
  ['ssl_verify_client_cert', 'ssl_server_request_client_cert'],
  ['ssl_cert_username_field', 'ssl_server_cert_username_field'],
];

/** The name a meaning has in a generation ('ssl_cert' -> 'ssl_server_cert_file' in 2.4). */
export function nameIn(g: Generation, name23: string): string {
  return g === '2.3' ? name23 : (RENAMED.find(([a]) => a === name23)?.[1] ?? name23);
}

/** Default inet listeners of the login services: [service, listener, port, implicit TLS, protocol]. */
export const DEFAULT_LISTENERS: readonly (readonly [string, string, number, boolean, string])[] = [
  ['imap-login', 'imap', 143, false, 'imap'],
  ['imap-login', 'imaps', 993, true, 'imap'],
  ['pop3-login', 'pop3', 110, false, 'pop3'],
  ['pop3-login', 'pop3s', 995, true, 'pop3'],
  ['submission-login', 'submission', 587, false, 'submission'],
  ['managesieve-login', 'sieve', 4190, false, 'sieve'],
];

/** ssl_min_protocol values (src/lib-ssl-iostream/iostream-openssl-common.c protocol_versions), lowest first. */
export const MIN_PROTOCOLS: readonly string[] = ['ANY', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3', 'LATEST'];

/** Settings of Dovecot 2.2 and older that 2.3 no longer has (src/config/old-set-parser.c). */
export const OBSOLETE_22: Readonly<Record<string, string>> = {
  ssl_protocols: 'ssl_protocols has been replaced by ssl_min_protocol (2.3)',
  ssl_dh_parameters_length: 'ssl_dh_parameters_length is no longer needed (2.3 reads ssl_dh)',
  ssl_parameters_regenerate: 'ssl_parameters_regenerate is no longer needed (2.3 reads ssl_dh)',
};
