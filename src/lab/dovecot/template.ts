/**
 * The lab's stock Dovecot configuration, shaped like Debian's (dovecot.conf including conf.d
 * and 10-ssl.conf: ssl = yes, a certificate and key, Debian's DH parameters, cleartext
 * authentication refused before TLS by Dovecot's own default), with IMAP, POP3 and
 * ManageSieve on their standard listeners. Authentication is against an empty password file:
 * nobody can log in to a lab instance.
 */
export const DEFAULT_DOVECOT_FILES: Readonly<Record<string, string>> = {
  'dovecot.conf': `# mailtls lab: stock Dovecot configuration (Debian-like)
protocols = imap pop3 sieve
!include conf.d/*.conf
!include_try local.conf
`,
  'conf.d/10-auth.conf': `auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = /dev/null
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
`,
  'conf.d/10-master.conf': `service imap-login {
  inet_listener imap {
  }
  inet_listener imaps {
  }
}
service pop3-login {
  inet_listener pop3 {
  }
  inet_listener pop3s {
  }
}
service managesieve-login {
  inet_listener sieve {
  }
}
`,
  'conf.d/10-ssl.conf': `ssl = yes
ssl_cert = </etc/dovecot/private/dovecot.pem
ssl_key = </etc/dovecot/private/dovecot.key
ssl_dh = </usr/share/dovecot/dh.pem
`,
};
