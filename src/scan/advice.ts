/**
 * The server-specific half of the scan's findings: what to change, in the settings of the
 * software behind the port. SMTP ports get Postfix's parameters (postconf(5)); IMAP, POP3 and
 * ManageSieve ports get Dovecot's (10-ssl.conf; 2.4 names after a slash where they differ,
 * doc.dovecot.org "Upgrading Dovecot CE from 2.3 to 2.4", converted settings). The reasons stay
 * in findings.ts; this table holds only the remedies, as data.
 */
export interface Advice {
  readonly sslv2: string;
  readonly sslv3: string;
  readonly oldTlsMx: string;
  readonly oldTlsSubmission: string;
  readonly noTls13: string;
  readonly nullCiphers: string;
  readonly exportCiphers: string;
  readonly rc4: string;
  readonly des: string;
  readonly anonMx: string;
  readonly anonSubmission: string;
  readonly cbcOnly: string;
  readonly orderNotNeeded: string;
  readonly removeWeak: string;
  readonly weakDhAnon: string;
  readonly weakDh: string;
  readonly compression: string;
  readonly reload: string;
  readonly chain: string;
  /** The vulnerability probes (src/scan/vulns/). */
  readonly heartbleed: string;
  readonly ccsInjection: string;
  readonly clientRenegotiation: string;
  readonly robot: string;
  readonly ticketbleed: string;
  readonly downgradeSentinel: string;
  readonly drownElsewhere: string;
}

export const POSTFIX_ADVICE: Advice = {
  sslv2: 'Remove it: smtpd_tls_protocols = >=TLSv1.2 (Postfix 3.6+) or !SSLv2, !SSLv3.',
  sslv3: 'Exclude it: smtpd_tls_protocols = !SSLv2, !SSLv3 (or >=TLSv1 with Postfix 3.6+).',
  oldTlsMx: 'if your peers allow, set smtpd_tls_protocols = >=TLSv1.2.',
  oldTlsSubmission: 'Set smtpd_tls_protocols = >=TLSv1.2 and smtpd_tls_mandatory_protocols = >=TLSv1.2 (Postfix 3.6+; older: !SSLv2, !SSLv3, !TLSv1, !TLSv1.1).',
  noTls13: 'Postfix 3.4+ with OpenSSL 1.1.1+ offers it unless smtpd_tls_protocols excludes it.',
  nullCiphers: 'Add eNULL to smtpd_tls_exclude_ciphers.',
  exportCiphers: 'Add EXPORT to smtpd_tls_exclude_ciphers and upgrade OpenSSL.',
  rc4: 'Add RC4 to smtpd_tls_exclude_ciphers.',
  des: 'Add 3DES, DES to smtpd_tls_exclude_ciphers (Postfix 3.8+ excludes 3DES by default).',
  anonMx: 'Postfix enables them on purpose for opportunistic TLS (its cipher lists start with aNULL:-aNULL:), and sending MTAs rarely verify certificates anyway; they only matter for clients that verify (DANE, MTA-STS), which never offer them. To drop them: smtpd_tls_exclude_ciphers = aNULL.',
  anonSubmission: 'Set smtpd_tls_exclude_ciphers = aNULL (and smtpd_tls_mandatory_exclude_ciphers for encrypt services).',
  cbcOnly: 'Enable ECDHE AEAD suites, e.g. smtpd_tls_mandatory_ciphers = high.',
  orderNotNeeded: 'tls_preempt_cipherlist = yes would change nothing that matters.',
  removeWeak: 'Remove them rather than only setting tls_preempt_cipherlist = yes: a client that offers only weak suites gets one either way. For example smtpd_tls_exclude_ciphers = aNULL, eNULL, EXPORT, RC4, DES, 3DES, MD5, kRSA (or, on encrypt/submission services, smtpd_tls_mandatory_ciphers = high plus smtpd_tls_mandatory_exclude_ciphers).',
  weakDhAnon: 'Only anonymous suites get it: with automatic DH parameters OpenSSL sizes them by the cipher strength when there is no certificate (ssl_get_auto_dh), so the fix is smtpd_tls_exclude_ciphers = aNULL (or ADH).',
  weakDh: 'With Postfix 3.7+ and OpenSSL 3 leave smtpd_tls_dh1024_param_file empty (or "auto"); otherwise point it at a 2048-bit file (openssl dhparam 2048).',
  compression: 'Upgrade OpenSSL or set tls_ssl_options = NO_COMPRESSION.',
  reload: 'Renew it and reload Postfix.',
  chain: 'use a certificate from a public CA (and serve the full chain via smtpd_tls_chain_files).',
  heartbleed: 'Upgrade OpenSSL (1.0.1g or later) and restart Postfix, then replace the private key and certificate (smtpd_tls_chain_files): the old key may have leaked.',
  ccsInjection: 'Upgrade OpenSSL (0.9.8za, 1.0.0m, 1.0.1h or later) and restart Postfix; no Postfix setting avoids it.',
  clientRenegotiation: 'Set tls_ssl_options = NO_RENEGOTIATION (Postfix 3.4+ with OpenSSL 1.1.0h+); OpenSSL 3 refuses client renegotiation by default.',
  robot: 'Drop static-RSA key exchange: add kRSA to smtpd_tls_exclude_ciphers (ECDHE suites keep working for every current client).',
  ticketbleed: 'Postfix does not have this bug: a TLS proxy in front of it answers (F5 BIG-IP, K05121675). Update it or disable session tickets there.',
  downgradeSentinel: 'Postfix on OpenSSL 1.1.1+ sets it; a TLS proxy in front of Postfix, or an old TLS library, answers here: update it.',
  drownElsewhere: 'Turn SSLv2 off on that service, or give this one its own key (smtpd_tls_chain_files).',
};

/** Dovecot's default cipher list (2.3.0 to 2.4, src/lib-master/master-service-ssl-settings.c, src/lib-ssl-iostream/ssl-settings.c). */
export const DOVECOT_DEFAULT_CIPHER_LIST = 'ALL:!kRSA:!SRP:!kDHd:!DSS:!aNULL:!eNULL:!EXPORT:!DES:!3DES:!MD5:!PSK:!RC4:!ADH:!LOW@STRENGTH';

export const DOVECOT_ADVICE: Advice = {
  // Dovecot always sets SSL_OP_NO_SSLv2 (src/lib-ssl-iostream/iostream-openssl-context.c).
  sslv2: 'Dovecot never enables SSLv2 (it always sets SSL_OP_NO_SSLv2), so something else answers on this port: look for a TLS proxy in front of Dovecot.',
  sslv3: 'Set ssl_min_protocol = TLSv1.2 in 10-ssl.conf (Dovecot 2.3+; 2.2: ssl_protocols = !SSLv2 !SSLv3).',
  oldTlsMx: 'set ssl_min_protocol = TLSv1.2 in 10-ssl.conf (the default since Dovecot 2.3.15).',
  oldTlsSubmission: 'Set ssl_min_protocol = TLSv1.2 in 10-ssl.conf (the default since Dovecot 2.3.15; 2.3.0-2.3.14 defaulted to TLSv1).',
  noTls13: 'Dovecot has no maximum protocol setting: with OpenSSL 1.1.1+ it offers TLS 1.3 unless ssl_min_protocol is above it; without it, the OpenSSL build (or a proxy in front) is the cause.',
  nullCiphers: 'Add !eNULL to ssl_cipher_list (Dovecot\'s default list excludes it).',
  exportCiphers: 'Add !EXPORT to ssl_cipher_list and upgrade OpenSSL.',
  rc4: 'Add !RC4 to ssl_cipher_list (Dovecot\'s default list excludes it).',
  des: 'Add !3DES:!DES to ssl_cipher_list (Dovecot\'s default list excludes them).',
  anonMx: 'Add !aNULL to ssl_cipher_list (Dovecot\'s default list excludes them).',
  anonSubmission: 'Add !aNULL to ssl_cipher_list (Dovecot\'s default list excludes them).',
  cbcOnly: `Put ECDHE AEAD suites in ssl_cipher_list, e.g. Dovecot's default ${DOVECOT_DEFAULT_CIPHER_LIST}.`,
  orderNotNeeded: 'ssl_prefer_server_ciphers = yes (2.4: ssl_server_prefer_ciphers = server) would change nothing that matters.',
  removeWeak: `Remove them from ssl_cipher_list rather than only setting ssl_prefer_server_ciphers = yes (2.4: ssl_server_prefer_ciphers = server): a client that offers only weak suites gets one either way. For example Dovecot's default ssl_cipher_list = ${DOVECOT_DEFAULT_CIPHER_LIST}.`,
  weakDhAnon: 'Only anonymous suites get it: add !aNULL to ssl_cipher_list.',
  weakDh: 'Point ssl_dh (2.4: ssl_server_dh_file) at parameters of 2048 bits or more (openssl dhparam -out /etc/dovecot/dh.pem 4096), or drop DHE with !kDHE in ssl_cipher_list.',
  compression: 'Remove compression from ssl_options (Dovecot sets SSL_OP_NO_COMPRESSION unless it is there) or upgrade OpenSSL.',
  reload: 'Renew it and reload Dovecot (doveadm reload).',
  chain: 'use a certificate from a public CA (and serve the full chain: ssl_cert, 2.4: ssl_server_cert_file, holds the certificate followed by its intermediates).',
  heartbleed: 'Upgrade OpenSSL (1.0.1g or later) and restart Dovecot, then replace the private key and certificate (ssl_key, ssl_cert): the old key may have leaked.',
  ccsInjection: 'Upgrade OpenSSL (0.9.8za, 1.0.0m, 1.0.1h or later) and restart Dovecot; no Dovecot setting avoids it.',
  clientRenegotiation: 'Dovecot has no setting for it: OpenSSL 3 refuses client renegotiation by default, so upgrade OpenSSL (or look for a TLS proxy in front).',
  robot: 'Drop static-RSA key exchange: add !kRSA to ssl_cipher_list (Dovecot\'s default list has it).',
  ticketbleed: 'Dovecot does not have this bug: a TLS proxy in front of it answers (F5 BIG-IP, K05121675). Update it or disable session tickets there.',
  downgradeSentinel: 'Dovecot on OpenSSL 1.1.1+ sets it; a TLS proxy in front of Dovecot, or an old TLS library, answers here: update it.',
  drownElsewhere: 'Turn SSLv2 off on that service, or give this one its own key (ssl_key, ssl_cert).',
};
