/**
 * The lab's default configuration: a stock Postfix (every TLS parameter at its default) with
 * the services a mail administrator runs: smtp (25), submission (587, STARTTLS) and
 * submissions (465, implicit TLS), as in Postfix 3.7's stock master.cf with the submission
 * entries uncommented (proto/master.cf).
 */
export const DEFAULT_MAIN_CF = `# mailtls lab: a stock Postfix, TLS parameters at their defaults unless a test sets them.
compatibility_level = 3.6
smtpd_banner = $myhostname ESMTP $mail_name (mailtls lab)
biff = no
mydestination = $myhostname, localhost
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks reject_unauth_destination
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
`;

export const DEFAULT_MASTER_CF = `# mailtls lab master.cf (the stock entries, submission and submissions enabled)
smtp      inet  n       -       n       -       -       smtpd
submission inet n       -       n       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=no
submissions inet n      -       n       -       -       smtpd
  -o syslog_name=postfix/submissions
  -o smtpd_tls_wrappermode=yes
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
  -o syslog_name=postfix/$service_name
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;
