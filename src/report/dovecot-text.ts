/**
 * Terminal rendering of the `dovecot` part of the config report: per protocol its effective
 * TLS (each value with its file:line or "default"), the predicted wire and the plaintext view,
 * then the findings with the line to write. Formats the report data; decides nothing.
 */
import type { DovecotFinding, DovecotReport, Origin } from '../dovecot/types.js';
import { bySeverity } from '../severity.js';
import { table, type Style } from './terminal.js';

const from = (o: Origin, st: Style) => `${o.value === '' ? st.dim('(empty)') : o.value}  ${st.dim(o.default ? '(default)' : `(${o.file ?? ''}:${o.line ?? ''})`)}`;
const where = (f: Pick<DovecotFinding, 'file' | 'line'>) => (f.file === null ? 'default' : f.line !== null ? `${f.file}:${f.line}` : f.file);

export function renderDovecotReport(r: DovecotReport, st: Style): string {
  const out: string[] = [];
  out.push(st.bold(`Dovecot ${r.configDir}`) + st.dim(`  (Dovecot ${r.dovecotVersion}, ${r.dovecotVersionSource}; ${r.files.length} files read)`));
  out.push(table([[st.dim('protocols'), from(r.protocols, st)]]));
  for (const s of r.services) {
    out.push('', st.bold(`  ${s.protocol}`) + st.dim(`  ${s.listeners.map((l) => `${l.listener} ${l.address || '*'}:${l.port}${l.implicitTls ? ' (implicit TLS)' : ''}`).join(', ')}`));
    const rows: string[][] = [
      ['ssl', from(s.ssl, st)],
      [s.minProtocol.setting, from(s.minProtocol, st)],
      [s.cipherList.setting, from(s.cipherList, st)],
      [s.cipherSuites.setting, from(s.cipherSuites, st)],
      [s.preferServerCiphers.setting, from(s.preferServerCiphers, st)],
      [s.cleartextAuth.setting, from(s.cleartextAuth, st)],
      ['security level', `${s.securityLevel.level}  ${st.dim(`(${s.securityLevel.source})`)}`],
      ['certificates', s.certificates.map((c) => `${c.setting}: ${c.readable ? c.keyTypes.join('+') : st.red(c.error ?? 'unreadable')}`).join('; ') || st.red('none')],
      ['predicted versions', s.versions.join(', ') || st.red('none')],
      ['predicted TLS 1.2 suites', s.ciphers.length > 0 ? `${s.ciphers.length}: ${s.cipherNames.slice(0, 6).join(', ')}${s.cipherNames.length > 6 ? ', ...' : ''}` : 'none'],
      ['TLS 1.3 suites', s.tls13Ciphers.join(', ') || 'none'],
      ['order', s.serverPreference ? 'server chooses' : 'client chooses'],
      ['before TLS', `SASL ${s.beforeTls.sasl.join(' ') || 'none'}${s.beforeTls.loginDisabled !== null ? `, LOGINDISABLED ${s.beforeTls.loginDisabled ? 'yes' : st.red('no')}` : ''}${s.beforeTls.user !== null ? `, USER ${s.beforeTls.user ? st.red('yes') : 'no'}` : ''}`],
    ];
    if (s.broken) rows.push(['broken', st.red(s.broken)]);
    for (const l of s.locals) {
      const what = l.broken !== null ? st.red(l.broken) : `${l.versions.join(', ') || st.red('none')}; ${l.ciphers.length} TLS 1.2 suites; TLS 1.3 ${l.tls13Ciphers.length > 0 ? l.tls13Ciphers.length : 'off'}; ${l.serverPreference ? 'server chooses' : 'client chooses'}`;
      rows.push([`to ${l.address}`, `${what}  ${st.dim(`(${l.filter} { ${l.settings.join(', ')} }, ${l.file}:${l.line})`)}`]);
    }
    for (const c of s.conditional) rows.push(['not predicted', `${c.filter} { ${c.settings.join(', ')} }  ${st.dim(`(${c.file}:${c.line})`)}`]);
    for (const n of s.notes) rows.push(['note', n]);
    out.push(table(rows.map(([k, v]) => [st.dim(k ?? ''), v ?? '']), '    '));
  }
  out.push('', st.bold('  Dovecot findings'));
  if (r.findings.length === 0) out.push('    none');
  for (const f of bySeverity(r.findings)) {
    out.push(`    ${st.severity(f.severity)} ${f.message} ${st.dim(`[${f.id}, ${where(f)}]`)}`);
    if (f.fix !== null) out.push(`      ${st.dim('write:')} ${f.fix}${f.fixFile ? st.dim(`  (in ${f.fixFile})`) : ''}`);
  }
  if (r.warnings.length > 0) {
    out.push('', st.bold('  Dovecot warnings'));
    for (const w of r.warnings) out.push(`    ${w.code} ${w.file}${w.line !== null ? `:${w.line}` : ''}: ${w.message}`);
  }
  return `${out.join('\n')}\n`;
}

/** The --fix view of the Dovecot part: the lines to write, each after its reason. */
export function renderDovecotFixes(r: DovecotReport, st: Style): string {
  const lines = [`# Dovecot ${r.configDir} (${r.dovecotVersion}): write these lines, check with doveconf -n, then: doveadm reload`];
  let n = 0;
  for (const f of r.findings) {
    if (f.fix === null) continue;
    lines.push(st.dim(`# ${f.severity}: ${f.id} (${where(f)}${f.fixFile ? `; in ${f.fixFile}` : ''})`), f.fix);
    n++;
  }
  if (n === 0) lines.push('# nothing to fix');
  return `${lines.join('\n')}\n`;
}
