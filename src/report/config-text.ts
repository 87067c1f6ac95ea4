/**
 * Terminal rendering of the `mailtls config` report: per service its effective TLS policy, then
 * the findings with file:line and fix. `renderFixes` is the `--fix` view: the commands only, each
 * after a one-line reason. Renderers never compute anything; they only format the report data.
 */
import type { ConfigReport, Finding, ServiceReport, SystemTls } from '../postfix/types.js';
import { compareSeverity } from '../severity.js';
import { table, visibleLength, type Style } from './terminal.js';

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/**
 * A value on one terminal line: a main.cf value continued over several lines holds newlines
 * and indentation; shown with single spaces, as `postconf` prints it (the data keeps the raw value).
 */
export function oneLine(v: string): string {
  return v.split(/[ \t\r\n]+/).filter((w) => w !== '').join(' ');
}

function where(f: Pick<Finding, 'file' | 'line'>): string {
  return f.line !== null ? `${f.file}:${f.line}` : f.file;
}

/** Which versions the analysis assumes and why: defaults and predictions depend on both. */
function header(r: ConfigReport, st: Style): string {
  const pfWhy = r.postfixVersionSource === 'option' ? 'given with --postfix-version'
    : r.postfixVersionSource === 'postconf' ? 'the Postfix installed here (postconf mail_version); --postfix-version X.Y for another'
      : 'the newest version mailtls knows, since Postfix is not installed here; --postfix-version X.Y for yours';
  const osWhy = r.opensslVersion === null ? st.yellow('unknown: cipher suites are not predicted; give --openssl-version X.Y')
    : r.opensslVersionSource === 'option' ? 'given with --openssl-version' : 'the openssl installed here; --openssl-version X.Y if the server\'s differs';
  const rows = [
    ['Postfix', `${r.postfixVersion}  ${st.dim(`(${pfWhy})`)}`],
    ['OpenSSL', `${r.opensslVersion ?? ''}${r.opensslVersion !== null ? '  ' : ''}${st.dim(`(${osWhy})`)}`],
    ['defaults', r.defaultsSource === 'postconf -d' ? `postconf -d of that Postfix ${st.dim('(with the distribution\'s build-time defaults)')}` : `mailtls's table for Postfix ${r.postfixVersion}`],
  ];
  if (r.opensslConfig !== null) {
    const c = r.opensslConfig;
    rows.push(['openssl.cnf', c.defaultFile !== null ? `${c.defaultFile}  ${st.dim(`(${c.detail})`)}` : st.yellow(c.detail)]);
    for (const n of c.notes) rows.push(['', st.dim(n)]);
  }
  return `${st.bold(`mailtls config ${r.configDir}`)}\n${table(rows.map(([k, v]) => [st.dim(k ?? ''), v ?? '']), '  ')}\n`;
}

/** Finding text is wrapped to this width, continued under the message (after severity and place). */
const WIDTH = 110;
const HANG = ' '.repeat(11);

/** Greedy word wrap; a word longer than the width gets a line of its own. */
export function wrap(text: string, first: number, rest: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(' ')) {
    const limit = lines.length === 0 ? first : rest;
    if (cur !== '' && cur.length + 1 + w.length > limit) {
      lines.push(cur);
      cur = w;
    } else cur = cur === '' ? w : `${cur} ${w}`;
  }
  if (cur !== '') lines.push(cur);
  return lines;
}

/** Severity, then file:line: the order the findings are read in. */
function ordered(fs: readonly Finding[]): Finding[] {
  return [...fs].sort((x, y) => compareSeverity(x.severity, y.severity)
    || x.file.localeCompare(y.file) || (x.line ?? 0) - (y.line ?? 0) || x.id.localeCompare(y.id));
}

function service(s: ServiceReport, st: Style): string {
  const t = s.tls;
  const title = `${st.bold(`${s.name}/${s.type}`)}  ${s.command}${s.port !== null ? `  port ${s.port}` : ''}  ${st.dim(`${s.file}:${s.line}`)}`;
  const rows: string[][] = [];
  const levelText = t.level === 'none' ? st.yellow('none (no TLS)') : t.level === 'may' ? 'may (opportunistic)' : st.green(t.level);
  rows.push(['level', `${levelText}${t.wrapper ? ' [wrapper mode: TLS from the first byte]' : ''}  ${st.dim(`from ${t.levelParameter}`)}`]);
  if (t.broken !== null) rows.push(['TLS', st.red(`does not work: ${t.broken}`)]);
  if (t.level !== 'none') {
    rows.push(['protocols', `${oneLine(t.protocols ?? '')}  ${st.dim(`(${t.protocolsParameter ?? ''})`)} -> ${t.versions.length > 0 ? t.versions.join(', ') : st.red('none')}`]);
    rows.push(['cipher grade', `${oneLine(t.cipherGrade ?? '')}  ${st.dim(`(${t.cipherGradeParameter ?? ''})`)}`]);
    rows.push(['exclusions', t.exclusions.length > 0 ? t.exclusions.map((e) => `${oneLine(e.value)} ${st.dim(`(${e.parameter})`)}`).join('; ') : 'none']);
    rows.push(['cipher list', t.cipherList !== null ? oneLine(t.cipherList) : st.red('none (Postfix cannot build one)')]);
    if (t.cipherNames !== null) {
      const shown = t.cipherNames.slice(0, 6).join(', ');
      rows.push(['TLS<=1.2 suites', `${t.cipherNames.length}${t.cipherNames.length > 0 ? `: ${shown}${t.cipherNames.length > 6 ? ', ...' : ''}` : ''}`]);
    } else {
      rows.push(['TLS<=1.2 suites', st.dim('not predicted')]);
    }
    rows.push(['TLS 1.3 suites', t.tls13CipherNames === null ? st.dim('not predicted (OpenSSL version unknown)')
      : t.tls13CipherNames.length > 0 ? `${t.tls13CipherNames.length}: ${t.tls13CipherNames.join(', ')}` : st.dim('none (TLS 1.3 not offered)')]);
    if (t.system !== null) rows.push(...systemRows(t.system, st));
    if (s.role !== 'client') {
      const bySystem = t.system?.directives.find((d) => d.decides && d.changes.includes('serverOrder'));
      rows.push(['server order', `${yesNo(t.preferServerCiphers)} ${st.dim(bySystem ? `(${bySystem.directive}, ${bySystem.file}:${bySystem.line})` : '(tls_preempt_cipherlist)')}`]);
      rows.push(['auth only', yesNo(t.authOnly)]);
      rows.push(['certificates', t.certificates.length > 0
        ? t.certificates.map((c) => `${c.path} ${c.readable ? `(${c.keyTypes.join('+') || '?'})` : st.yellow(`(unreadable here: ${c.error ?? '?'}; assumed ${(c.assumedKeyTypes ?? ['rsa']).join('+')})`)}`).join(', ')
        : st.yellow('none')]);
    }
  }
  // One override a line, with its master.cf line: the long -o lists of submission entries stay readable.
  s.overrides.forEach((o, i) => rows.push([i === 0 ? '-o' : '', `${o.name}=${oneLine(o.value)}  ${st.dim(`${s.file}:${o.line}`)}`]));
  if (!t.prediction.exact) rows.push(['prediction', st.yellow('inexact')]);
  for (const n of t.prediction.notes) wrap(n, WIDTH - 21, WIDTH - 21).forEach((l, i) => rows.push([i === 0 ? 'note' : '', l]));
  return `${title}\n${table(rows.map(([k, v]) => [st.dim(k ?? ''), v ?? '']), '    ')}\n`;
}

/** Which OpenSSL configuration the daemon reads, and each of its directives with what it does here. */
function systemRows(sys: SystemTls, st: Style): string[][] {
  const rows: string[][] = [];
  const file = sys.file === null ? st.dim(sys.how === 'none' ? 'none read' : 'not read') : sys.file;
  rows.push(['openssl config', `${file}${sys.appName !== null ? ` [${sys.appName}]` : ''}  ${st.dim(`(${sys.source})`)}`]);
  if (sys.files.length > 1) rows.push(['', st.dim(`includes ${sys.files.slice(1).join(', ')}`)]);
  if (sys.error !== null) rows.push(['', st.yellow(`${sys.error.file}:${sys.error.line}: ${sys.error.message}`)]);
  if (sys.file !== null && sys.loaded && sys.section === null && sys.error === null) rows.push(['', st.dim('no system_default section: nothing of it reaches TLS')]);
  for (const d of sys.directives) {
    const head = `${d.directive}  ${st.dim(`${d.file}:${d.line}`)}`;
    const effect = d.decides ? st.bold(d.effect) : d.status === 'rejected' ? st.yellow(d.effect) : st.dim(d.effect);
    const label = d.decides ? 'decides' : d.status === 'applies' ? 'applies' : d.status;
    rows.push([`  ${label}`, `${head}: ${effect}`]);
  }
  return rows;
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
  const fs = ordered(r.findings);
  parts.push(st.bold(`Findings (${fs.length})`));
  if (fs.length === 0) parts.push('  none\n');
  for (const f of fs) {
    const head = `  ${st.severity(f.severity)} ${st.dim(where(f))}  `;
    const body = wrap(`${oneLine(f.message)} [${f.id}]`, WIDTH - visibleLength(head), WIDTH - HANG.length)
      .map((l, i) => (i === 0 ? head : HANG) + l.replace(`[${f.id}]`, st.dim(`[${f.id}]`))).join('\n');
    // Commands are never wrapped: they are copied as they are.
    parts.push(`${body}${f.fix !== null ? `\n${HANG}fix: ${st.cyan(f.fix)}` : f.fixReason !== undefined ? `\n${HANG}${st.dim('no command:')} ${f.fixReason}` : ''}`);
  }
  return parts.join('\n') + '\n';
}

/** `--fix`: the commands, most severe first, each after a one-line reason; nothing is run. */
export function renderFixes(r: ConfigReport, st: Style): string {
  const lines: string[] = [`# mailtls config --fix for ${r.configDir} (Postfix ${r.postfixVersion}); review, run, then: postfix reload`];
  const fs = ordered(r.findings);
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
