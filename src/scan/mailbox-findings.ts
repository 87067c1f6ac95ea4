/**
 * Findings about the plaintext part of an IMAP, POP3 or ManageSieve service, the mailbox
 * counterpart of the SMTP block in findings.ts. Mail clients log in with passwords here, so
 * they are judged as submission is (RFC 8314): a password that may travel before TLS is high.
 * The remedies are Dovecot's settings (2.3 name, 2.4 name after it): the login processes hide
 * cleartext mechanisms and announce LOGINDISABLED unless the connection is secured
 * (src/login-common/sasl-server.c sasl_server_get_advertised_mechs, src/imap-login/
 * imap-login-client.c is_login_cmd_disabled, src/pop3-login/client-authenticate.c cmd_capa).
 */
import type { Severity } from '../severity.js';
import { place } from '../finding.js';
import { CLEARTEXT_SASL } from '../mailbox/types.js';
import { PROTOCOL_LABEL } from '../mailbox/session.js';
import type { Finding, MailboxFacts, ScanReport } from './types.js';

const CAPS_NAME = { imap: 'CAPABILITY', pop3: 'CAPA', sieve: 'capability' } as const;
const STARTTLS_NAME = { imap: 'STARTTLS', pop3: 'STLS', sieve: 'STARTTLS' } as const;
const CLEARTEXT_FIX = 'Set disable_plaintext_auth = yes (Dovecot 2.3, its default) or auth_allow_cleartext = no (2.4, its default), or ssl = required to refuse every authentication before TLS (10-auth.conf, 10-ssl.conf).';

export function mailboxFindings(m: MailboxFacts, target: ScanReport['target']): Finding[] {
  const out: Finding[] = [];
  const where = place({ host: target.host, port: target.port });
  const add = (id: string, severity: Severity, title: string, detail: string, fix: string | null = null) =>
    out.push({ id, severity, title, detail, message: detail, place: where, fix });
  const p = PROTOCOL_LABEL[m.protocol];
  const starttlsMode = target.starttls !== null;
  // Dovecot treats a client on its own address as secured and offers it what it hides from others.
  const own = m.sameAddress
    ? ' The scan connected from the server\'s own address, which Dovecot counts as a secured connection (src/login-common/client-common.c), so a remote client may see less: scan from another host to be sure.'
    : '';

  if (starttlsMode && m.starttls === false) {
    add('no-starttls', 'high', `${STARTTLS_NAME[m.protocol]} is not offered`,
      `The ${p} ${CAPS_NAME[m.protocol]} list does not announce ${STARTTLS_NAME[m.protocol]}, so mail clients can only log in without encryption on this port. Configure ssl = yes with ssl_cert and ssl_key (2.4: ssl_server_cert_file, ssl_server_key_file) in 10-ssl.conf, or offer implicit TLS on ${m.protocol === 'pop3' ? '995' : '993'} (RFC 8314 section 3.3).`);
  }
  if (starttlsMode && m.starttls !== null) {
    const cleartext = m.saslBeforeTls.filter((x) => CLEARTEXT_SASL.includes(x));
    const loginCmd = m.plaintextLoginBeforeTls === true;
    if (cleartext.length > 0 || loginCmd) {
      const what = [
        ...(cleartext.length > 0 ? [`SASL ${cleartext.join(' ')}`] : []),
        ...(loginCmd ? [m.protocol === 'imap' ? 'the LOGIN command (no LOGINDISABLED, RFC 2595 section 3.2)' : 'USER/PASS'] : []),
      ].join(' and ');
      add('auth-before-tls', m.sameAddress ? 'info' : 'high', `${p} offers password login before TLS`,
        `Before ${STARTTLS_NAME[m.protocol]} the server offers ${what}, so a mail client may send its password in the clear (RFC 8314 section 4: cleartext passwords only under TLS). ${CLEARTEXT_FIX}${own}`, CLEARTEXT_FIX);
    } else if (m.saslBeforeTls.length > 0) {
      add('auth-before-tls-hashed', 'low', `${p} offers authentication before TLS`,
        `Before ${STARTTLS_NAME[m.protocol]} the server offers SASL ${m.saslBeforeTls.join(' ')}. These do not send the password itself, but the user name and the exchange travel unencrypted and can be attacked offline. ssl = required in 10-ssl.conf refuses every authentication before TLS.${own}`);
    }
  }
  if ((m.injectedAfterStarttls ?? 0) > 0) {
    add('starttls-injection', 'high', `Plaintext arrived after the ${STARTTLS_NAME[m.protocol]} reply`,
      `${m.injectedAfterStarttls} bytes followed the reply to ${STARTTLS_NAME[m.protocol]} before TLS began. RFC 2595 section 3.1 and RFC 5804 section 2.2 require clients to discard them; a client that does not is open to response injection (CVE-2011-0411 and its kin). Look for a proxy or filter in front of the server.`);
  }
  if (m.retries > 0) {
    add('rate-limited', 'info', 'The server asked the scan to slow down',
      `${m.retries} connection(s) were refused at the greeting and retried after a pause. Use --concurrency 2 --delay 1000 against this server (Dovecot: service ${m.protocol === 'sieve' ? 'managesieve' : m.protocol}-login process_limit/client_limit, mail_max_userip_connections).`);
  }
  if (m.sameAddress && out.every((f) => f.id !== 'auth-before-tls')) {
    add('scanned-from-server', 'info', 'Scanned from the server\'s own address',
      `The scan connected from ${target.ip ?? target.host}, the address it scanned. Dovecot counts such connections as secured (src/login-common/client-common.c), so the capabilities before TLS may show more than a remote client gets.`);
  }
  if (starttlsMode && m.protocol !== 'sieve' && out.every((f) => f.id !== 'no-starttls')) {
    add('starttls-port', 'info', `${p} with STARTTLS rather than implicit TLS`,
      `RFC 8314 section 3.3 prefers implicit TLS for mail access (${m.protocol === 'imap' ? 'IMAP on 993' : 'POP3 on 995'}): a STARTTLS port lets an active attacker strip the upgrade from clients that do not insist on it. Dovecot serves both (service ${m.protocol}-login { inet_listener ${m.protocol}s { port = ${m.protocol === 'imap' ? 993 : 995}; ssl = yes } }); keep ${m.protocol === 'imap' ? 143 : 110} for old clients if you must.`);
  }
  return out;
}
