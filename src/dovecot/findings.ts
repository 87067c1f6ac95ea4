/**
 * Lint of the mailbox side: each finding with the file:line that causes it (or null when a
 * default is in force) and the line to write, in the spelling of the Dovecot generation in use.
 * Mail clients send passwords here, so findings are judged as submission is (RFC 8314).
 */
import { place } from '../finding.js';
import type { DovecotConfig } from './parse.js';
import { DOVECOT_DEFAULT_CIPHER_LIST, OBSOLETE_22, RENAMED, nameIn, type Generation } from './defaults.js';
import { weakSuites } from './analyze.js';
import type { DovecotFinding, DovecotProtocolReport, Origin } from './types.js';

/** One line per finding id: the `title` of the one finding shape. */
export const DOVECOT_FINDING_TITLES: Readonly<Record<string, string>> = {
  'dovecot-ssl-off': 'TLS off',
  'dovecot-tls-broken': 'TLS does not work',
  'dovecot-cleartext-auth': 'Passwords accepted before TLS',
  'dovecot-auth-before-tls': 'SASL before TLS',
  'dovecot-old-tls': 'TLS 1.0 or 1.1 offered',
  'dovecot-min-protocol': 'Minimum protocol below TLS 1.2',
  'dovecot-weak-ciphers': 'Weak cipher suites allowed',
  'dovecot-cert-expired': 'Certificate expired',
  'dovecot-no-dh': 'No DH parameters for DHE suites',
  'dovecot-no-implicit-tls': 'No implicit-TLS listener',
  'dovecot-other-generation': 'Setting of the other Dovecot generation',
  'dovecot-obsolete': 'Obsolete setting',
};

/** A finding of the one shape: its title by id, its place from file, line and protocol. */
function finding(d: Omit<DovecotFinding, 'title' | 'place'>): DovecotFinding {
  return { ...d, title: DOVECOT_FINDING_TITLES[d.id] ?? d.id, place: place({ file: d.file, line: d.line, service: d.protocol ?? null }) };
}

const SSL_CONF = 'conf.d/10-ssl.conf';
const AUTH_CONF = 'conf.d/10-auth.conf';

export function dovecotFindings(config: DovecotConfig, generation: Generation, services: readonly DovecotProtocolReport[]): DovecotFinding[] {
  const out: DovecotFinding[] = [];
  const seen = new Set<string>();
  const add = (draft: Omit<DovecotFinding, 'title' | 'place'>) => {
    const f = finding(draft);
    const key = `${f.id}\0${f.file ?? ''}\0${f.line ?? ''}\0${f.fix ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  const at = (o: Origin, fallback: string) => ({ file: o.file, line: o.line, fixFile: o.file ?? fallback });
  const protocolsOf = (pred: (s: DovecotProtocolReport) => boolean) => services.filter(pred).map((s) => s.protocol).join(', ');

  for (const s of services) {
    const p = s.protocol;
    if (s.ssl.value.trim() === 'no') {
      add({ id: 'dovecot-ssl-off', severity: 'high', ...at(s.ssl, SSL_CONF), protocol: p, message: `ssl = no: ${p} offers no TLS, so every password crosses the network in the clear.`, fix: 'ssl = required', });
      continue;
    }
    if (s.broken) add({ id: 'dovecot-tls-broken', severity: 'high', file: s.certificates[0] ? null : s.ssl.file, line: null, protocol: p, message: `TLS cannot work for ${p}: ${s.broken}.`, fix: null });
    const cleartext = s.beforeTls.sasl.filter((m) => m === 'PLAIN' || m === 'LOGIN');
    if (!s.tlsRequired && (cleartext.length > 0 || s.beforeTls.loginDisabled === false || s.beforeTls.user === true) && s.listeners.some((l) => !l.implicitTls)) {
      const fixLine = generation === '2.4' ? 'auth_allow_cleartext = no' : 'disable_plaintext_auth = yes';
      add({
        id: 'dovecot-cleartext-auth', severity: 'high', ...at(s.cleartextAuth, AUTH_CONF), protocol: p,
        message: `${s.cleartextAuth.setting} = ${s.cleartextAuth.value}: before STARTTLS ${p} offers ${[...(cleartext.length ? [`SASL ${cleartext.join(' ')}`] : []), ...(s.beforeTls.loginDisabled === false ? ['LOGIN (no LOGINDISABLED)'] : []), ...(s.beforeTls.user ? ['USER/PASS'] : [])].join(', ')}, so a mail client may send its password in the clear (RFC 8314 section 4, RFC 2595 section 3.2).`,
        fix: fixLine,
      });
    } else if (!s.tlsRequired && s.beforeTls.sasl.length > 0 && s.listeners.some((l) => !l.implicitTls)) {
      add({ id: 'dovecot-auth-before-tls', severity: 'low', ...at(s.ssl, SSL_CONF), protocol: p, message: `ssl = ${s.ssl.value}: ${p} still allows SASL ${s.beforeTls.sasl.join(' ')} before TLS (no password sent, but the exchange and the user name are exposed).`, fix: 'ssl = required' });
    }
    const low = s.versions.filter((v) => v === 'TLSv1.0' || v === 'TLSv1.1');
    const minTooLow = /^(ANY|SSLv3|TLSv1|TLSv1\.1)$/i.test(s.minProtocol.value.trim());
    if (low.length > 0) {
      add({ id: 'dovecot-old-tls', severity: 'medium', ...at(s.minProtocol, SSL_CONF), protocol: protocolsOf((x) => x.versions.includes('TLSv1.0') || x.versions.includes('TLSv1.1')), message: `${s.minProtocol.setting} = ${s.minProtocol.value}: ${low.join(' and ')} are offered (RFC 8996 deprecates them; mail clients all speak TLS 1.2).`, fix: 'ssl_min_protocol = TLSv1.2' });
    } else if (minTooLow) {
      add({ id: 'dovecot-min-protocol', severity: 'low', ...at(s.minProtocol, SSL_CONF), protocol: p, message: `${s.minProtocol.setting} = ${s.minProtocol.value} allows TLS below 1.2; today OpenSSL refuses them anyway (security level ${s.securityLevel.level}, ${s.securityLevel.source}), but a cipher list with @SECLEVEL=0 or another OpenSSL would bring them back.`, fix: 'ssl_min_protocol = TLSv1.2' });
    }
    const weak = weakSuites(s.cipherNames);
    if (weak.length > 0) {
      add({ id: 'dovecot-weak-ciphers', severity: 'medium', ...at(s.cipherList, SSL_CONF), protocol: p, message: `${s.cipherList.setting} = ${s.cipherList.value} lets clients choose ${weak.slice(0, 8).join(', ')}${weak.length > 8 ? ` and ${weak.length - 8} more` : ''}${s.serverPreference ? ' (server order puts them last, but a client that offers only those gets one)' : ''}.`, fix: `ssl_cipher_list = ${DOVECOT_DEFAULT_CIPHER_LIST}` });
    }
    for (const c of s.certificates) {
      if (!c.readable) continue;
      if (c.notAfter && new Date(c.notAfter).getTime() < Date.now()) add({ id: 'dovecot-cert-expired', severity: 'high', file: null, line: null, protocol: p, message: `${c.setting} (${c.path ?? 'inline'}) expired on ${c.notAfter.slice(0, 10)}.`, fix: null });
    }
    for (const n of s.notes.filter((x) => /is not set: a client that picks a DHE suite/.test(x))) {
      add({ id: 'dovecot-no-dh', severity: 'medium', file: null, line: null, fixFile: SSL_CONF, protocol: p, message: n, fix: `${nameIn(generation, 'ssl_dh')} = ${generation === '2.4' ? '' : '<'}/usr/share/dovecot/dh.pem` });
    }
    if (!s.listeners.some((l) => l.implicitTls) && (p === 'imap' || p === 'pop3') && s.listeners.length > 0) {
      add({ id: 'dovecot-no-implicit-tls', severity: 'info', file: null, line: null, protocol: p, message: `${p} has no implicit-TLS listener (${p === 'imap' ? '993' : '995'}); RFC 8314 section 3.3 prefers it to STARTTLS.`, fix: `service ${p}-login { inet_listener ${p}s { port = ${p === 'imap' ? 993 : 995}; ssl = yes } }` });
    }
  }

  // Settings of the other generation or of 2.2: Dovecot refuses them ("Unknown setting") or renames them with a warning.
  const walk = (scope: DovecotConfig['root']) => {
    for (const [k, v] of scope.settings) {
      const pair = RENAMED.find(([a, b]) => (generation === '2.3' ? b : a) === k);
      if (pair) {
        const right = generation === '2.3' ? pair[0] : pair[1];
        add({ id: 'dovecot-other-generation', severity: 'high', file: v.file, line: v.line, message: `${k} is the Dovecot ${generation === '2.3' ? '2.4' : '2.3'} name; Dovecot ${generation} knows it as ${right} (and refuses to start on an unknown setting).`, fix: `${right} = ${convert(k, right, v.value)}`, fixFile: v.file });
      }
      if (OBSOLETE_22[k] !== undefined) add({ id: 'dovecot-obsolete', severity: 'low', file: v.file, line: v.line, message: OBSOLETE_22[k] ?? '', fix: k === 'ssl_protocols' ? 'ssl_min_protocol = TLSv1.2' : null, fixFile: v.file });
    }
    for (const c of scope.children) walk(c);
  };
  walk(config.root);
  return out;
}

/** A value carried across a rename: the inverted boolean of disable_plaintext_auth, the `<` of file settings. */
function convert(from: string, to: string, value: string): string {
  if (from === 'disable_plaintext_auth' || to === 'disable_plaintext_auth') return /^(yes|y|1|true)$/i.test(value.trim()) ? 'no' : 'yes';
  if (to === 'ssl_server_prefer_ciphers') return /^(yes|y|1|true)$/i.test(value.trim()) ? 'server' : 'client';
  if (from === 'ssl_server_prefer_ciphers') return value.trim() === 'server' ? 'yes' : 'no';
  if (/_file$/.test(to)) return value.replace(/^</, '');
  if (/_file$/.test(from)) return `<${value}`;
  return value;
}
