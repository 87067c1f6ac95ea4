/**
 * Terminal rendering of the `mailtls config` report: per service its effective TLS policy, then
 * the findings with file:line and fix. `renderFixes` is the `--fix` view: the commands only, each
 * after a one-line reason. Renderers never compute anything; they only format the report data.
 */
import type { ConfigReport, Finding, ServiceReport } from '../postfix/types.js';
import { bySeverity, table, type Style } from './terminal.js';

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function where(f: Pick<Finding, 'file' | 'line'>): string {
  return f.line !== null ? `${f.file}:${f.line}` : f.file;
}

function header(r: ConfigReport, st: Style): string {
  const pf = `Postfix ${r.postfixVersion} (${r.postfixVersionSource === 'option' ? 'from --postfix-version' : r.postfixVersionSource === 'postconf' ? 'local postconf' : 'newest known; Postfix not installed'})`;
  const os = r.opensslVersion !== null ? `OpenSSL ${r.opensslVersion} (${r.opensslVersionSource === 'option' ? 'from --openssl-version' : 'local openssl'})` : 'OpenSSL unknown (cipher suites not predicted; use --openssl-version)';
  return `${st.bold(`mailtls config ${r.configDir}`)}\n  ${pf}, ${os}, defaults from ${r.defaultsSource === 'postconf -d' ? 'postconf -d' : 'the built-in table'}\n`;
}

function service(s: ServiceReport, st: Style): string {
  const t = s.tls;
  const title = `${st.bold(`${s.name}/${s.type}`)}  ${s.command}${s.port !== null ? `  port ${s.port}` : ''}  ${st.dim(`${s.file}:${s.line}`)}`;
  const rows: string[][] = [];
  const levelText = t.level === 'none' ? st.yellow('none (no TLS)') : t.level === 'may' ? 'may (opportunistic)' : st.green(t.level);
  rows.push(['level', `${levelText}${t.wrapper ? ' [wrapper mode: TLS from the first byte]' : ''}  ${st.dim(`from ${t.levelParameter}`)}`]);
  if (t.broken !== null) rows.push(['TLS', st.red(`does not work: ${t.broken}`)]);
  if (t.level !== 'none') {
    rows.push(['protocols', `${t.protocols ?? ''}  ${st.dim(`(${t.protocolsParameter ?? ''})`)} -> ${t.versions.length > 0 ? t.versions.join(', ') : st.red('none')}`]);
    rows.push(['cipher grade', `${t.cipherGrade ?? ''}  ${st.dim(`(${t.cipherGradeParameter ?? ''})`)}`]);
    rows.push(['exclusions', t.exclusions.length > 0 ? t.exclusions.map((e) => `${e.value} ${st.dim(`(${e.parameter})`)}`).join('; ') : 'none']);
    rows.push(['cipher list', t.cipherList ?? st.red('none (Postfix cannot build one)')]);
    if (t.cipherNames !== null) {
      const shown = t.cipherNames.slice(0, 6).join(', ');
      rows.push(['TLS<=1.2 suites', `${t.cipherNames.length}${t.cipherNames.length > 0 ? `: ${shown}${t.cipherNames.length > 6 ? ', ...' : ''}` : ''}`]);
    } else {
      rows.push(['TLS<=1.2 suites', st.dim('not predicted')]);
    }
    if (s.role !== 'client') {
      rows.push(['server order', `${yesNo(t.preferServerCiphers)} ${st.dim('(tls_preempt_cipherlist)')}`]);
      rows.push(['auth only', yesNo(t.authOnly)]);
      rows.push(['certificates', t.certificates.length > 0
        ? t.certificates.map((c) => `${c.path} ${c.readable ? `(${c.keyTypes.join('+') || '?'})` : st.yellow(`(unreadable: ${c.error ?? '?'})`)}`).join(', ')
        : st.yellow('none')]);
    }
  }
  if (s.overrides.length > 0) rows.push(['-o', s.overrides.map((o) => `${o.name}=${o.value}`).join(' ')]);
  if (!t.prediction.exact) rows.push(['prediction', st.yellow('inexact')]);
  for (const n of t.prediction.notes) rows.push(['note', n]);
  return `${title}\n${table(rows.map(([k, v]) => [st.dim(k ?? ''), v ?? '']), '    ')}\n`;
}

export function renderConfigReport(r: ConfigReport, st: Style): string {
  const parts: string[] = [header(r, st)];
  const listening = r.services.filter((s) => s.role !== 'client');
  const clients = r.services.filter((s) => s.role === 'client');
  if (listening.length > 0) parts.push(st.bold('Servers'), ...listening.map((s) => service(s, st)));
  if (clients.length > 0) parts.push(st.bold('Clients'), ...clients.map((s) => service(s, st)));
  if (r.services.length === 0) parts.push('No smtpd, postscreen, tlsproxy, smtp or lmtp service in master.cf.\n');
  if (r.warnings.length > 0) {
    parts.push(st.bold('Warnings (as Postfix reads the files)'));
    parts.push(r.warnings.map((w) => `  ${st.dim(w.line !== null ? `${w.file}:${w.line}` : w.file)}  ${w.message}`).join('\n') + '\n');
  }
  const fs = bySeverity(r.findings);
  parts.push(st.bold(`Findings (${fs.length})`));
  if (fs.length === 0) parts.push('  none\n');
  for (const f of fs) {
    parts.push(`  ${st.severity(f.severity)} ${st.dim(where(f))}  ${f.message} ${st.dim(`[${f.id}]`)}${f.fix !== null ? `\n           fix: ${st.cyan(f.fix)}` : f.fixReason !== undefined ? `\n           fix: ${f.fixReason}` : ''}`);
  }
  return parts.join('\n') + '\n';
}

/** `--fix`: the commands, most severe first, each after a one-line reason; nothing is run. */
export function renderFixes(r: ConfigReport, st: Style): string {
  const lines: string[] = [`# mailtls config --fix for ${r.configDir} (Postfix ${r.postfixVersion}); review, run, then: postfix reload`];
  const fs = bySeverity(r.findings);
  let n = 0;
  for (const f of fs) {
    const at = `${where(f)}${f.service !== undefined ? `, ${f.service}` : ''}`;
    if (f.fix !== null) {
      lines.push(st.dim(`# ${f.severity}: ${f.fixReason ?? f.id} (${at})`), f.fix);
      n++;
    } else if (f.fixReason !== undefined) {
      lines.push(st.dim(`# ${f.severity}: ${f.id} (${at}): no command; ${f.fixReason}`));
    }
  }
  if (n === 0) lines.push('# nothing to fix automatically');
  return lines.join('\n') + '\n';
}
