/**
 * Findings on exposure, per role: port 25 (RFC 3207), submission (RFC 8314), SASL AUTH before
 * TLS, the SMTP client's levels, postscreen's STARTTLS through tlsproxy.
 */
import { serviceKey, setMain, setService, tls12OrNewer } from '../fixes.js';
import type { Setting } from '../main-cf.js';
import type { Analysis, AnalyzedService } from '../model.js';
import { PROTOCOLS } from '../protocols.js';
import type { Emit } from './emit.js';
import { enforced, isPort25, isPublic, isSubmission, minVersion, placeOf } from './facts.js';

/** "the public port 25", or for postscreen elsewhere (service-role.ts: the MX service) its port. */
const mxService = (s: AnalyzedService) => (s.report.port === 25 ? 'the public port 25' : `the public MX service (postscreen, port ${s.report.port ?? '?'})`);

export function port25AndSubmission(a: Analysis, emit: Emit): void {
  const p25 = a.services.filter(isPort25);
  const subs = a.services.filter(isSubmission);
  for (const s of p25) {
    if (!enforced(s)) continue;
    const levelParam = s.role === 'postscreen' ? 'postscreen_tls_security_level' : s.tls.wrapper ? 'smtpd_tls_wrappermode' : 'smtpd_tls_security_level';
    emit({
      id: 'port25-tls-required', severity: 'high', ...placeOf(s, levelParam), service: serviceKey(s.entry),
      message: `${serviceKey(s.entry)} is ${mxService(s)} and ${s.tls.wrapper ? 'runs in wrapper mode (TLS from the first byte)' : 'requires STARTTLS (level "encrypt")'}: mail from servers that do not use TLS is refused. RFC 3207 section 4: a publicly-referenced SMTP server MUST NOT require STARTTLS.`,
      fix: setService(s.entry, s.tls.wrapper ? ['smtpd_tls_wrappermode', 'no'] : [levelParam === 'postscreen_tls_security_level' ? 'postscreen_tls_security_level' : 'smtpd_tls_security_level', 'may']),
      fixReason: 'opportunistic TLS on port 25',
    });
  }
  for (const s of p25) {
    if (s.tls.level !== 'none' || s.tls.broken !== null) continue;
    const levelParam = s.role === 'postscreen' ? 'postscreen_tls_security_level' : 'smtpd_tls_security_level';
    const set = s.scope.setting(levelParam);
    emit({
      id: 'port25-no-tls', severity: 'medium', ...placeOf(s, levelParam), service: serviceKey(s.entry),
      message: `${serviceKey(s.entry)} is ${mxService(s)} and does not offer STARTTLS: every message from other mail servers arrives in clear text, even from senders that would encrypt.`,
      fix: set?.file === 'master.cf' ? setService(s.entry, [levelParam, 'may']) : setMain([levelParam, 'may']),
      fixReason: 'offer opportunistic TLS (needs a certificate: smtpd_tls_chain_files)',
    });
  }
  for (const s of subs) {
    const sasl = s.scope.isKnown('smtpd_sasl_auth_enable') && s.scope.bool('smtpd_sasl_auth_enable');
    if (s.report.port === 587 && !s.tls.wrapper && !enforced(s)) {
      const none = s.tls.level === 'none';
      emit({
        id: 'submission-tls-not-required', severity: none ? 'high' : 'medium', ...placeOf(s, 'smtpd_tls_security_level'), service: serviceKey(s.entry),
        message: none
          ? `Submission ${serviceKey(s.entry)} (port 587) has TLS off: mail clients send mail${sasl ? ' and passwords' : ''} in clear text.`
          : `Submission ${serviceKey(s.entry)} (port 587) runs at level "may": a client may submit without STARTTLS${s.tls.authOnly ? ' (AUTH is hidden until STARTTLS, so authenticated clients are protected)' : ''}. RFC 8314 section 3.3 wants TLS required for submission.`,
        fix: setService(s.entry, ['smtpd_tls_security_level', 'encrypt']), fixReason: 'require TLS on submission',
      });
    }
  }
  // Port 25 stricter than submission: the service for people is laxer than the one for servers.
  const minOf = (ss: AnalyzedService[]) => ss.map((s) => minVersion(s.tls.versions)).filter((v): v is number => v !== undefined);
  const m25 = minOf(p25);
  if (m25.length > 0) {
    const floor25 = Math.min(...m25);
    for (const s of subs) {
      const m = minVersion(s.tls.versions);
      if (m === undefined || m >= floor25) continue;
      emit({
        id: 'submission-laxer-than-port25', severity: 'medium', ...placeOf(s, s.tls.protocolsParameter ?? 'smtpd_tls_protocols'), service: serviceKey(s.entry),
        message: `${serviceKey(s.entry)} accepts ${PROTOCOLS[m] ?? '?'}, older than anything port 25 accepts (${PROTOCOLS[floor25] ?? '?'}): the authenticated service is weaker than the public relay port.`,
        fix: s.tls.protocolsParameter !== null ? setService(s.entry, [s.tls.protocolsParameter, tls12OrNewer(a.env.version)]) : null,
        fixReason: 'submission at least as strict as port 25',
      });
    }
  }
}

/**
 * SASL AUTH where a client can send its password before TLS. The finding points at the line
 * that turns AUTH on (smtpd_sasl_auth_enable, in main.cf or an -o), since that line's effect is
 * the exposure; one main.cf line that exposes several services is one finding naming them all.
 */
export function saslFindings(a: Analysis, emit: Emit): void {
  const exposed = a.services.filter((s) => s.role === 'server' && isPublic(s) && s.scope.isKnown('smtpd_sasl_auth_enable') && s.scope.bool('smtpd_sasl_auth_enable')
    && (s.tls.level === 'none' || (s.tls.level === 'may' && !s.tls.authOnly)));
  const fixFor = (s: AnalyzedService) => {
    const authSet = s.scope.setting('smtpd_tls_auth_only');
    return s.tls.level === 'none'
      ? setService(s.entry, ['smtpd_tls_security_level', isSubmission(s) ? 'encrypt' : 'may'], ['smtpd_tls_auth_only', 'yes'])
      : authSet?.file === 'master.cf' ? setService(s.entry, ['smtpd_tls_auth_only', 'yes']) : null;
  };
  const why = (s: AnalyzedService) => (s.tls.level === 'none' ? `${serviceKey(s.entry)} has TLS off` : `${serviceKey(s.entry)} offers AUTH before STARTTLS (level "may", smtpd_tls_auth_only = no)`);
  // Exposed by one main.cf line: one finding at that line; main.cf's smtpd_tls_auth_only fixes the "may" services.
  const byMain = exposed.filter((s) => s.scope.setting('smtpd_sasl_auth_enable')?.file === 'main.cf');
  const mainSet = byMain[0]?.scope.setting('smtpd_sasl_auth_enable');
  if (mainSet) {
    const perService = byMain.map(fixFor).filter((f): f is string => f !== null);
    const mayViaMain = byMain.some((s) => s.tls.level === 'may' && s.scope.setting('smtpd_tls_auth_only')?.file !== 'master.cf');
    const fix = [...(mayViaMain ? [setMain(['smtpd_tls_auth_only', 'yes'])] : []), ...perService].join(' && ');
    emit({
      id: 'sasl-without-tls', severity: 'high', file: mainSet.file, line: mainSet.line, ...(byMain.length === 1 ? { service: serviceKey((byMain[0] as AnalyzedService).entry) } : {}),
      message: `smtpd_sasl_auth_enable = ${mainSet.value} turns SASL AUTH on for ${byMain.map((s) => serviceKey(s.entry)).join(', ')}, where a client can send its password in clear text: ${byMain.map(why).join('; ')}.`,
      fix: fix === '' ? null : fix,
      fixReason: 'announce AUTH only after STARTTLS',
    });
  }
  for (const s of exposed.filter((x) => !byMain.includes(x))) {
    const set = s.scope.setting('smtpd_sasl_auth_enable');
    emit({
      id: 'sasl-without-tls', severity: 'high', ...(set ? { file: set.file, line: set.line } : placeOf(s, 'smtpd_sasl_auth_enable')), service: serviceKey(s.entry),
      message: s.tls.level === 'none'
        ? `${serviceKey(s.entry)} offers SASL AUTH but has TLS off: passwords travel in clear text.`
        : `${serviceKey(s.entry)} offers SASL AUTH before STARTTLS (level "may", smtpd_tls_auth_only = no): a client can send its password in clear text.`,
      fix: fixFor(s) ?? setService(s.entry, ['smtpd_tls_auth_only', 'yes']),
      fixReason: 'announce AUTH only after STARTTLS',
    });
  }
}

export function clientFindings(a: Analysis, emit: Emit): void {
  // No TLS at all for outgoing mail from main.cf (Postfix's default before 3.x distributions set
  // "may"): mail to the servers that offer STARTTLS still goes in clear text. An -o ...=none on one
  // transport is a deliberate choice and not reported.
  const plain = a.services.filter((s) => s.role === 'client' && s.report.command === 'smtp' && s.tls.level === 'none' && s.tls.broken === null
    && s.scope.setting(s.tls.levelParameter)?.file !== 'master.cf' && !s.entry.overrides.some((o) => /^smtp_(use_tls|enforce_tls|tls_security_level)$/.test(o.name)));
  const first = plain.find((s) => s.entry.service === 'smtp') ?? plain[0];
  if (first && a.master.entries.some((e) => e.type === 'inet' || e.type === 'pass')) {
    const set = first.scope.setting('smtp_tls_security_level');
    emit({
      id: 'client-no-tls', severity: 'medium', file: set?.file ?? 'main.cf', line: set?.line ?? null,
      message: `The SMTP client (${plain.map((s) => serviceKey(s.entry)).join(', ')}) never uses TLS (${set ? `smtp_tls_security_level = ${set.value}` : 'smtp_tls_security_level is empty and smtp_use_tls is off'}): outgoing mail travels in clear text even to servers that offer STARTTLS.`,
      fix: setMain(['smtp_tls_security_level', 'may']), fixReason: 'opportunistic TLS for outgoing mail (RFC 3207; Postfix TLS_README)',
    });
  }
  for (const s of a.services) {
    if (s.role !== 'client' || s.report.command !== 'smtp') continue;
    if (!enforced(s) || s.tls.level === 'dane' || s.tls.level === 'dane-only') continue;
    // A client that only talks to one relay host, or with per-destination policies, is fine.
    if (s.scope.get('relayhost').trim() !== '' || s.scope.get('smtp_tls_policy_maps').trim() !== '' || s.entry.service !== 'smtp') continue;
    const param = s.tls.levelParameter;
    emit({
      id: 'client-tls-required-everywhere', severity: 'medium', ...placeOf(s, param), service: serviceKey(s.entry),
      message: `${param} makes the SMTP client require TLS (level "${s.tls.level}") for every destination: mail to the many servers without TLS${s.tls.level !== 'encrypt' ? ' or without a certificate that verifies' : ''} is deferred and finally bounced.`,
      fix: param === 'smtp_tls_security_level' && s.scope.setting(param)?.file !== 'master.cf' ? setMain(['smtp_tls_security_level', 'may']) : s.scope.setting(param)?.file === 'master.cf' ? setService(s.entry, ['smtp_tls_security_level', 'may']) : setMain(['smtp_tls_security_level', 'may']),
      fixReason: 'opportunistic TLS by default; require it per destination with smtp_tls_policy_maps',
    });
  }
}

/** postscreen's own STARTTLS runs in tlsproxy with tlsproxy_tls_*, not with the smtpd pass entry's -o values. */
export function postscreenFindings(a: Analysis, emit: Emit): void {
  for (const ps of a.services.filter((s) => s.role === 'postscreen')) {
    const passName = ps.scope.get('smtpd_service_name');
    const pass = a.services.find((s) => s.role === 'server' && s.entry.type === 'pass' && s.entry.service === passName);
    if (!pass) continue;
    const tlsOverrides = pass.entry.overrides.filter((o) => o.name.startsWith('smtpd_') && o.name.includes('tls'));
    if (tlsOverrides.length === 0) continue;
    const deep = ['postscreen_pipelining_enable', 'postscreen_non_smtp_command_enable', 'postscreen_bare_newline_enable'].filter((n) => ps.scope.isKnown(n) && ps.scope.bool(n));
    const proxy = ps.proxyTls ?? ps.tls;
    const differs = pass.tls.protocols !== proxy.protocols || pass.tls.cipherList !== proxy.cipherList || pass.tls.level !== proxy.level;
    if (!differs) continue;
    const first = tlsOverrides[0] as Setting;
    const proxyPairs = tlsOverrides.map((o) => [o.name.replace(/^smtpd_/, 'tlsproxy_'), o.value] as [string, string]).filter(([n]) => (ps.proxyScope ?? ps.tlsScope).isKnown(n));
    emit({
      id: 'postscreen-tlsproxy-settings', severity: deep.length > 0 ? 'medium' : 'info', file: first.file, line: first.line, service: serviceKey(pass.entry),
      message: `The -o ${tlsOverrides.map((o) => o.name).join(', ')} on ${serviceKey(pass.entry)} apply only after postscreen hands the connection over. `
        + (deep.length > 0 ? `With ${deep.join(', ')} on, postscreen answers STARTTLS itself through tlsproxy, which uses tlsproxy_tls_* (level "${proxy.level}", protocols "${proxy.protocols ?? ''}") instead.`
          : 'If you enable postscreen\'s deep protocol tests, its STARTTLS goes through tlsproxy and tlsproxy_tls_* apply instead.'),
      fix: proxyPairs.length > 0 ? setMain(...proxyPairs) : null,
      fixReason: 'give tlsproxy the same TLS settings',
    });
  }
}
