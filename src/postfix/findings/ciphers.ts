/**
 * Findings on ciphers and certificates: invalid exclusions and grades, missing or unreadable
 * certificates, chain files beside legacy ones, and what server cipher order changes.
 */
import { splitExclusions } from '../cipherlist.js';
import { serviceKey, setMain, setService, unsetMain, unsetService } from '../fixes.js';
import type { Setting } from '../main-cf.js';
import type { Analysis, AnalyzedService } from '../model.js';
import { atLeast } from '../version.js';
import type { Emit } from './emit.js';
import { fixParam, isPort25, placeOf } from './facts.js';

export function cipherFindings(a: Analysis, s: AnalyzedService, emit: Emit): void {
  if (s.tls.level === 'none') return;
  const scope = s.role === 'postscreen' ? s.tlsScope : s.scope;
  for (const e of s.tls.exclusions) {
    const bad = splitExclusions(e.value).filter((t) => '!+-@'.includes(t[0] ?? ''));
    if (bad.length === 0 || !scope.setting(e.parameter)) continue;
    const cleaned = splitExclusions(e.value).map((t) => t.replace(/^[!+\-@]+/, '')).filter((t) => t !== '').join(', ');
    const set = scope.setting(e.parameter) as Setting;
    emit({
      id: 'cipher-exclusion-invalid', severity: 'high', file: set.file, line: set.line, service: serviceKey(s.entry),
      message: `${e.parameter} = "${e.value}": Postfix rejects exclusion tokens that start with '!', '+', '-' or '@' (${bad.join(' ')}) and then fails every TLS handshake on ${serviceKey(s.entry)}; write the bare names, Postfix adds the '!'.`,
      fix: set.file === 'master.cf' ? setService(s.entry, [e.parameter, cleaned.replace(/ /g, '')]) : setMain([e.parameter, cleaned]),
      fixReason: 'exclusions are bare cipher names',
    });
  }
  if (s.tls.cipherGradeParameter !== null && s.tls.cipherList === null && s.tls.broken !== null && /cipher grade/.test(s.tls.broken)) {
    const p = s.tls.cipherGradeParameter;
    emit({
      id: 'cipher-grade-invalid', severity: 'high', ...placeOf(s, p), service: serviceKey(s.entry),
      message: `${p} = "${scope.get(p)}" is not a cipher grade (high, medium, null${atLeast(a.env.version, '3.8') ? '' : ', low, export'}); every TLS handshake on ${serviceKey(s.entry)} fails.`,
      fix: fixParam(s, scope, p, 'medium'), fixReason: 'a valid grade',
    });
  }
}

export function certificateFindings(s: AnalyzedService, emit: Emit): void {
  if (s.role === 'client' || s.tls.level === 'none') return;
  const scope = s.role === 'postscreen' ? s.tlsScope : s.scope;
  const prefix = s.role === 'server' ? 'smtpd_tls_' : 'tlsproxy_tls_';
  if (s.tls.broken !== null && /no server certificate/.test(s.tls.broken)) {
    emit({
      id: 'no-certificate', severity: 'high', file: s.entry.file, line: s.entry.line, service: serviceKey(s.entry),
      message: `${serviceKey(s.entry)} has TLS at level "${s.tls.level}" but no certificate (${prefix}chain_files, ${prefix}cert_file, ${prefix}eccert_file are empty): Postfix logs "No server certs available. TLS won't be enabled" and answers STARTTLS with 454.`,
      fix: null, fixReason: `set ${prefix}chain_files (Postfix >= 3.4) or ${prefix}cert_file and ${prefix}key_file`,
    });
  }
  const both = s.tls.bothCertKinds === true;
  if (both) {
    const names = ['cert_file', 'key_file', 'eccert_file', 'eckey_file', 'dcert_file', 'dkey_file'].map((n) => prefix + n);
    const legacy = names.filter((n) => scope.setting(n)?.file === 'main.cf');
    const legacyMaster = names.filter((n) => scope.setting(n)?.file === 'master.cf');
    const chain = scope.setting(`${prefix}chain_files`);
    const fixes = [...(legacy.length > 0 ? [unsetMain(...legacy)] : []), ...(legacyMaster.length > 0 && s.role !== 'postscreen' ? [unsetService(s.entry, ...legacyMaster)] : [])];
    emit({
      id: 'certificate-chain-and-legacy', severity: 'low', file: chain?.file ?? s.entry.file, line: chain?.line ?? s.entry.line, service: serviceKey(s.entry),
      message: `Both ${prefix}chain_files and legacy certificate parameters are set: Postfix warns and ignores ${prefix}cert_file, ${prefix}eccert_file and ${prefix}dcert_file.`,
      fix: fixes.length > 0 ? fixes.join(' && ') : null, fixReason: 'remove the ignored legacy certificate settings',
    });
  }
  for (const c of s.tls.certificates) {
    if (c.readable) continue;
    const missing = c.error !== undefined && /ENOENT|no such file/i.test(c.error);
    const set = scope.setting(c.parameter) ?? scope.setting(c.parameter.replace(/^tlsproxy_tls_/, 'smtpd_tls_'));
    emit({
      id: missing ? 'certificate-missing' : 'certificate-unreadable', severity: missing ? 'medium' : 'info',
      file: set?.file ?? s.entry.file, line: set?.line ?? s.entry.line, ...(set?.file === 'master.cf' ? { service: serviceKey(s.entry) } : {}),
      message: missing
        ? `${c.parameter}: ${c.path} does not exist on this machine; if this is the mail server, Postfix cannot load it and TLS fails (STARTTLS answers 454). The prediction assumes ${(c.assumedKeyTypes ?? ['rsa']).join(' and ').toUpperCase()} keys.`
        : `${c.parameter}: ${c.path} could not be read here (${c.error ?? 'unknown error'}); the prediction assumes ${(c.assumedKeyTypes ?? ['rsa']).join(' and ').toUpperCase()} keys.`,
      fix: null,
    });
  }
}

/** tls_preempt_cipherlist in context (seed 000): what server order changes with this list. */
export function preemptFindings(a: Analysis, emit: Emit): void {
  const set = a.mainScope.setting('tls_preempt_cipherlist');
  if (!set) return;
  const on = a.mainScope.bool('tls_preempt_cipherlist');
  const servers = a.services.filter((s) => (s.role === 'server' || s.role === 'postscreen') && s.tls.cipherNames !== null && (s.tls.cipherNames?.length ?? 0) > 0);
  const s = servers.find(isPort25) ?? servers[0];
  let context = '';
  if (s?.tls.cipherNames) {
    const names = s.tls.cipherNames;
    const weak = names.filter((n) => /(^|-)(RC4|DES-CBC3|3DES|NULL|EXP|SEED|IDEA|MD5)|^(AES|CAMELLIA)\d*-SHA$|^ARIA/.test(n) || /-SHA$/.test(n));
    const anon = names.filter((n) => /^(ADH|AECDH)-/.test(n));
    context = ` On ${serviceKey(s.entry)} the list begins ${names.slice(0, 3).join(', ')}`
      + (anon.length > 0 && names.indexOf(anon[0] ?? '') < 3
        ? `: with the stock "aNULL:-aNULL:..." lists the anonymous suites come first${on ? ', so a client that offers them gets an anonymous suite' : ''}; Postfix's own SMTP client lists them first as well, so Postfix-to-Postfix TLS 1.2 sessions are anonymous (ADH) either way — harmless for opportunistic TLS, where no certificate is checked`
        : '')
      + `. ${weak.length === 0 ? 'It contains no weak suites, so server order changes little: any suite a client can pick is acceptable.'
        : on ? `It also allows ${weak.length} older suites (e.g. ${weak.slice(0, 2).join(', ')}); that is when server order matters: a client that prefers one of them still gets your first choice.`
          : `It also allows ${weak.length} older suites (e.g. ${weak.slice(0, 2).join(', ')}); a client that prefers one of them gets it. Removing them (exclusions or a higher grade) protects better than server order; on port 25 keep them only for old senders (RFC 9325 section 5.2).`}`;
  }
  emit({
    id: 'preempt-cipherlist', severity: 'info', file: set.file, line: set.line,
    message: `tls_preempt_cipherlist = ${set.value}: ${on ? 'the server picks the first suite of its own list that the client offers (SSL_OP_CIPHER_SERVER_PREFERENCE)' : 'the client\'s preference decides among the suites both sides allow'}; it only affects TLS 1.2 and older, and only the server side.${context}`,
    fix: null,
  });
}
