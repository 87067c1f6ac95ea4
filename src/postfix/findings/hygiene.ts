/**
 * Findings on hygiene: parameters on the wrong side, deprecated, ignored or unknown parameters,
 * duplicates, comments inside values, expansion errors and bad booleans.
 */
import { DEFAULTS_BY_VERSION } from '../defaults-data.js';
import { serviceKey, setMain, setService, unsetMain, unsetService } from '../fixes.js';
import type { Setting } from '../main-cf.js';
import type { Analysis, AnalyzedService } from '../model.js';
import { enabledProtocols, opensslProtocols, parseProtocolList } from '../protocols.js';
import type { ParamScope } from '../scope.js';
import type { Finding } from '../types.js';
import { atLeast } from '../version.js';
import { planned, type Emit } from './emit.js';
import { CLIENT_PREFIXES, SERVER_PREFIXES } from './facts.js';

/** Seed 002: a client parameter given to a server (or the reverse) is accepted and ignored. */
export function wrongSideOverrides(a: Analysis, emit: Emit): void {
  for (const s of a.services) {
    const serverSide = s.role !== 'client';
    const wrong = serverSide ? CLIENT_PREFIXES : SERVER_PREFIXES;
    for (const o of s.entry.overrides) {
      if (!wrong.some((p) => o.name.startsWith(p))) continue;
      const daemon = s.report.command;
      let message = serverSide
        ? `"-o ${o.name}=${o.value}" on ${serviceKey(s.entry)} (${daemon}) has no effect: ${o.name} is a Postfix SMTP/LMTP client parameter and ${daemon} never reads it.`
        : `"-o ${o.name}=${o.value}" on ${serviceKey(s.entry)} (${daemon}, the SMTP/LMTP client) has no effect: it is a server parameter.`;
      if (/_tls_(mandatory_)?protocols$/.test(o.name)) {
        const p = parseProtocolList(o.value, a.env.version);
        if (p.valid && p.usesInclusions && (p.excluded.has('TLSv1.2') || p.excluded.has('TLSv1.3'))) {
          const left = enabledProtocols(p, opensslProtocols(a.env.opensslVersion ?? undefined));
          message += ` Had it applied, the include list "${o.value}" would have limited that client to ${left.length > 0 ? left.join(', ') : 'no protocol at all'}${left.length === 1 ? ' only' : ''}.`;
        }
        if (serverSide && s.role === 'server') {
          message += ` This service's protocols come from ${s.tls.protocolsParameter ?? 'nothing (TLS is off)'}${s.tls.protocols !== null ? ` = "${s.tls.protocols}"` : ''}.`;
        }
      }
      emit({
        id: serverSide ? 'client-parameter-on-server' : 'server-parameter-on-client',
        severity: o.name.includes('tls') ? 'medium' : 'low',
        file: o.file, line: o.line, service: serviceKey(s.entry), message,
        fix: unsetService(s.entry, o.name),
        fixReason: `remove the ${o.name} override that ${daemon} ignores`,
      });
    }
  }
}

export function deprecatedFindings(a: Analysis, emit: Emit, sofar: readonly Finding[]): void {
  const v = a.env.version;
  const perScope: { s: AnalyzedService | null; scope: ParamScope }[] = [{ s: null, scope: a.mainScope }, ...a.services.map((s) => ({ s, scope: s.scope }))];
  const where = (set: Setting, s: AnalyzedService | null) => ({ file: set.file, line: set.line, ...(set.file === 'master.cf' && s ? { service: serviceKey(s.entry) } : {}) });
  const unset = (set: Setting, s: AnalyzedService | null, name: string) => (set.file === 'master.cf' && s ? unsetService(s.entry, name) : unsetMain(name));
  for (const { s, scope } of perScope) {
    if (s && s.role === 'client') continue;
    for (const [old, lvl] of [['smtpd_use_tls', 'smtpd_tls_security_level'], ['smtpd_enforce_tls', 'smtpd_tls_security_level'], ['smtp_use_tls', 'smtp_tls_security_level'], ['smtp_enforce_tls', 'smtp_tls_security_level']] as const) {
      const set = scope.setting(old);
      if (!set || (s && set.file === 'main.cf')) continue;
      const levelSet = scope.get(lvl).trim() !== '';
      // The level the switches give now (smtpd.c pre_jail_init(), smtp_tls_policy.c global_tls_level()).
      const enforce = scope.isKnown(old.replace('_use_', '_enforce_')) && scope.bool(old.replace('_use_', '_enforce_'));
      const use = scope.isKnown(old.replace('_enforce_', '_use_')) && scope.bool(old.replace('_enforce_', '_use_'));
      const now = enforce ? (old.startsWith('smtp_') && scope.isKnown('smtp_tls_enforce_peername') && scope.bool('smtp_tls_enforce_peername') ? 'verify' : 'encrypt') : use ? 'may' : 'none';
      const others = [old.replace('_use_', '_enforce_'), old.replace('_enforce_', '_use_')].filter((n, i, l) => n !== old && l.indexOf(n) === i && scope.setting(n)?.file === set.file);
      // Another finding may already change the level (client-tls-required-everywhere): say the same.
      const target = set.file === 'master.cf' && s ? `master:${serviceKey(s.entry)}/${lvl}` : `main:${lvl}`;
      const plan = planned(sofar, target);
      const to = typeof plan === 'string' ? plan : now;
      const levelFix = set.file === 'master.cf' && s ? `${setService(s.entry, [lvl, to])} && ${unsetService(s.entry, old, ...others)}` : `${setMain([lvl, to])} && ${unsetMain(old, ...others)}`;
      emit({
        id: levelSet ? 'deprecated-parameter-ignored' : 'deprecated-parameter', severity: levelSet ? 'low' : 'info', ...where(set, s),
        message: levelSet
          ? `${old} = ${set.value} is ignored: ${lvl} is set and takes precedence. ${old} is deprecated${atLeast(v, '3.9') ? ' (postconf warns since 3.9)' : ''}.`
          : `${old} is deprecated since Postfix 2.3; ${lvl} says the same thing${atLeast(v, '3.9') ? ', and Postfix 3.9+ warns about it' : ''}.`,
        fix: levelSet ? unset(set, s, old) : levelFix,
        fixReason: levelSet ? 'remove the ignored setting' : `say it with ${lvl} (= ${to}${to === now ? ', the level in force now' : ', as the fix above recommends'}), then remove ${old}`,
      });
    }
    const ignored: [string, string, string][] = [
      ['smtpd_tls_eecdh_grade', '3.6', 'Postfix 3.6+ ignores it and lets OpenSSL negotiate the groups of tls_eecdh_auto_curves'],
      ['tlsproxy_tls_eecdh_grade', '3.6', 'Postfix 3.6+ ignores it'],
      ['smtpd_tls_dh512_param_file', '3.6', 'Postfix 3.6+ ignores it (export ciphers are gone)'],
      ['tlsproxy_tls_dh512_param_file', '3.6', 'Postfix 3.6+ ignores it'],
    ];
    for (const [name, since, why] of ignored) {
      const set = scope.setting(name);
      if (!set || (s && set.file === 'main.cf') || !atLeast(v, since)) continue;
      emit({ id: 'ignored-parameter', severity: 'info', ...where(set, s), message: `${name} = ${set.value}: ${why}.`, fix: unset(set, s, name), fixReason: 'remove the ignored setting' });
    }
    const dh = scope.setting('smtpd_tls_dh1024_param_file');
    if (dh && !(s && dh.file === 'main.cf') && atLeast(v, '3.7') && dh.value.trim() !== '' && dh.value.trim().toLowerCase() !== 'auto') {
      emit({
        id: 'dh-param-file', severity: 'info', ...where(dh, s),
        message: `smtpd_tls_dh1024_param_file = ${dh.value}: with Postfix 3.7+ and OpenSSL 3 an empty value (or "auto") lets OpenSSL choose matching DH groups${atLeast(v, '3.9') ? '; the parameter is deprecated since 3.9' : ''}.`,
        fix: unset(dh, s, 'smtpd_tls_dh1024_param_file'), fixReason: 'let OpenSSL choose the DH parameters',
      });
    }
  }
  // TLS parameters this version does not know: Postfix ignores them silently (or postconf warns "unused parameter").
  const referenced = (name: string) => [...a.main.settings.values()].some((x) => x.value.includes(`$${name}`) || x.value.includes(`\${${name}`) || x.value.includes(`$(${name}`));
  const checkUnknown = (set: Setting, s: AnalyzedService | null) => {
    if (!set.name.includes('tls') || a.mainScope.isKnown(set.name) || referenced(set.name)) return;
    const entries = DEFAULTS_BY_VERSION[set.name];
    const other = entries !== undefined;
    emit({
      id: 'unknown-parameter', severity: other ? 'medium' : 'low', ...where(set, s),
      message: other
        ? `${set.name} does not exist in Postfix ${v.text} (it exists in ${entries.filter(([, x]) => x !== null).map(([since]) => since)[0] ?? 'other versions'} and later versions): this setting is ignored.`
        : `${set.name} is not a Postfix parameter (a typo?): it is ignored.`,
      fix: unset(set, s, set.name), fixReason: 'remove the setting Postfix ignores',
    });
  };
  for (const set of a.main.settings.values()) checkUnknown(set, null);
  for (const s of a.services) for (const o of s.entry.overrides) checkUnknown(o, s);
}

/** Duplicates, mid-line '#', expansion errors and bad booleans. */
export function fileFindings(a: Analysis, emit: Emit, sofar: readonly Finding[]): void {
  const numericLike = /(_level|_loglevel|_timeout|_limit|_depth|_bytes|_time|_period|_enable|_only|_tls|_mode|_ccert|_protocols|_ciphers|wrappermode|_cipherlist)$/;
  const checkComment = (set: Setting, s: AnalyzedService | null) => {
    const m = /\s#/.exec(set.value);
    if (!m) return;
    const clean = set.value.slice(0, m.index).trimEnd();
    const serious = numericLike.test(set.name);
    emit({
      id: 'comment-in-value', severity: serious ? 'high' : 'medium', file: set.file, line: set.line, ...(s ? { service: serviceKey(s.entry) } : {}),
      message: `${set.name} = "${set.value}": Postfix has no end-of-line comments; the '#' and the text after it are part of the value${serious ? `, which makes it invalid for ${set.name} (the daemon fails or the setting breaks)` : ''}.`,
      fix: set.file === 'master.cf' && s ? setService(s.entry, [set.name, clean]) : setMain([set.name, clean]),
      fixReason: 'move the comment to its own line',
    });
  };
  for (const set of a.main.settings.values()) checkComment(set, null);
  for (const s of a.services) for (const o of s.entry.overrides) checkComment(o, s);
  // Duplicates after the other fixes of the same names: the one line left gets the value they set.
  for (const o of a.main.overridden) {
    const final = a.main.settings.get(o.name);
    const plan = planned(sofar, `main:${o.name}`);
    emit({
      id: 'duplicate-parameter', severity: final && final.value !== o.value && o.name.includes('tls') ? 'low' : 'info', file: o.file, line: o.line,
      message: `${o.name} is set again on line ${o.byLine}; the last one wins, so "${o.value}" here is ${final && final.value === o.value ? 'redundant' : `replaced by "${final?.value ?? ''}"`}.`,
      // postconf -e rewrites every entry of the name, -X removes them all: together one line is left.
      fix: plan === null ? unsetMain(o.name) : final ? `${unsetMain(o.name)} && ${setMain([o.name, plan ?? final.value])}` : null, fixReason: `keep one ${o.name} line, with the value in force`,
    });
  }
  for (const e of a.master.overridden) {
    emit({
      id: 'duplicate-service', severity: 'medium', file: e.file, line: e.line, service: serviceKey(e),
      message: `${serviceKey(e)} is defined again on line ${e.byLine}; only the last entry is used, so this one (and its -o options) does nothing.`,
      fix: null, fixReason: `delete the master.cf entry at line ${e.line}`,
    });
  }
  for (const s of a.services) {
    const seenNames = new Map<string, Setting>();
    for (const o of s.entry.overrides) {
      const prev = seenNames.get(o.name);
      if (prev && prev.value !== o.value) {
        const plan = planned(sofar, `master:${serviceKey(s.entry)}/${o.name}`);
        const keep = typeof plan === 'string' ? plan : o.value;
        emit({
          id: 'duplicate-override', severity: 'low', file: o.file, line: prev.line, service: serviceKey(s.entry),
          message: `-o ${o.name} is given twice on ${serviceKey(s.entry)}; the later "${o.value}" (line ${o.line}) wins over "${prev.value}".`,
          fix: plan === null ? unsetService(s.entry, o.name) : /\s/.test(keep) ? null : `${unsetService(s.entry, o.name)} && ${setService(s.entry, [o.name, keep])}`, fixReason: `keep one -o ${o.name}, with the value in force`,
        });
      }
      seenNames.set(o.name, o);
    }
  }
  // Expansion errors and bad booleans, once per parameter and source.
  const scopes = [a.mainScope, ...a.services.flatMap((s) => [s.scope, s.tlsScope])];
  for (const sc of scopes) {
    for (const i of sc.issues) {
      const src = i.source;
      const file = src.kind === 'main.cf' || src.kind === 'master.cf' ? src.file : 'main.cf';
      const line = src.kind === 'main.cf' || src.kind === 'master.cf' ? src.line : null;
      emit({
        id: /boolean/.test(i.message) ? 'bad-boolean' : 'expansion-error', severity: 'high', file, line,
        message: `${i.name}: ${i.message}${/boolean/.test(i.message) ? '' : ' (Postfix daemons stop with "macro processing error")'}.`, fix: null,
      });
    }
  }
}
