/**
 * Terminal rendering of an audit report: the verdict table first, then each service's details,
 * then the fixes with who they would break, then the findings no fix covers and the warnings.
 * Reads the report data only; decides nothing.
 */
import type { AuditFinding, AuditFix, AuditReport, AuditService, FixImpact, Verdict } from '../audit/types.js';
import { bySeverity, table, wrapWords, type Style } from './terminal.js';

function verdictCell(v: Verdict, st: Style): string {
  return v === 'pass' ? st.green('PASS') : v === 'warn' ? st.yellow('WARN') : st.bold(st.red('FAIL'));
}

/** Folds text to lines of at most `width` characters, the indent included. */
export function fold(text: string, width: number, indent: string): string {
  return wrapWords(text, width - indent.length, indent);
}

const endpoint = (s: AuditService) => (s.address === null ? '?' : `${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port ?? '?'}`);

function worstFinding(report: AuditReport, s: AuditService): AuditFinding | undefined {
  return report.findings.find((f) => f.service === s.name && f.severity !== 'info');
}

function firstFix(report: AuditReport, s: AuditService): AuditFix | undefined {
  return report.fixes.find((f) => f.services.includes(s.name) && f.commands.length > 0) ?? report.fixes.find((f) => f.service === s.name);
}

function impactLine(i: FixImpact, st: Style): string {
  if (!i.known) return st.dim(i.summary);
  return i.sessions === 0 ? st.green(i.summary) : st.red(i.summary);
}

function impactClients(i: FixImpact, st: Style, indent: string): string[] {
  if (i.clients.length === 0) return [];
  const rows = i.clients.slice(0, 10).map((c) => [c.client, `${c.sessions}/${c.totalSessions}`, c.lastSeen?.replace(/\.\d+Z$/, 'Z') ?? '', c.users.join(' '), c.reasons.join('; ')]);
  const out = [table([['CLIENT', 'FAIL/ALL', 'LAST SEEN', 'SASL USERS', 'WHY'].map((h) => st.dim(h)), ...rows], indent)];
  if (i.clients.length > 10) out.push(`${indent}${st.dim(`... and ${i.clients.length - 10} more clients (--json lists all)`)}`);
  return out;
}

function serviceDetails(report: AuditReport, s: AuditService, st: Style, width: number): string[] {
  const out: string[] = ['', `${st.bold(s.name)}  ${endpoint(s)}  ${verdictCell(s.verdict, st)}`];
  const rows: string[][] = [
    ['role', `${s.role} ${st.dim(`(${s.roleSource})`)}`],
    ['TLS', `level ${s.tls.level}${s.tls.implicit ? ', implicit (wrapper mode)' : ''}${s.tls.required ? ', required' : ''}${s.tls.authOnly ? ', AUTH only after TLS' : ''}`],
    ['configured', `${s.predicted.versions.join(' ') || 'no TLS'}; ${s.predicted.ciphers.length} TLS<=1.2 suites${s.predicted.tls13Ciphers !== null ? `, ${s.predicted.tls13Ciphers.length} TLS 1.3` : ''}${s.predicted.exact ? '' : st.yellow(' (not exact)')}`],
    ['on the wire', s.observed === null ? st.dim(s.scan?.error ?? 'not scanned') : `${s.observed.versions.join(' ') || 'no TLS'}; ${s.observed.ciphers.length} TLS<=1.2 suites, ${s.observed.tls13Ciphers.length} TLS 1.3${s.scan ? st.dim(` (${s.scan.connections} connections, ${(s.scan.durationMs / 1000).toFixed(2)} s)`) : ''}`],
    ['agreement', s.agreement === 'match' ? st.green('the server does what its configuration says') : s.agreement === 'differs' ? st.red('differs') : st.dim('not scanned')],
  ];
  out.push(table(rows.map(([k, v]) => [st.dim(k ?? ''), v ?? '']), '  '));
  for (const d of s.differences) {
    out.push(`  ${st.yellow(`${d.what} differ`)} (cause: ${st.bold(d.cause)})`);
    out.push(fold(`predicted ${d.predicted.join(' ') || 'none'}; observed ${d.observed.join(' ') || 'none'}`, width, '    '));
    out.push(st.dim(fold(d.explanation, width, '    ')));
  }
  for (const n of s.predicted.notes) out.push(st.dim(fold(`note: ${n}`, width, '  ')));
  const graded = s.rules.filter((r) => r.outcome === 'warn' || r.outcome === 'fail');
  const passed = s.rules.filter((r) => r.outcome === 'pass').length;
  if (s.rules.length > 0) {
    out.push(`  ${st.dim(`profile ${report.profile.id}, graded on the ${s.gradedOn === 'wire' ? 'wire' : 'configuration'}: ${passed} of ${s.rules.length} rules pass`)}`);
    for (const r of graded) {
      out.push(`  ${r.outcome === 'fail' ? st.red('fail') : st.yellow('warn')} ${st.bold(r.rule)} ${r.title}`);
      out.push(fold(r.message, width, '       '));
      out.push(st.dim(fold(r.source, width, '       ')));
    }
  }
  if (s.logs !== null) {
    const l = s.logs;
    const tls = Object.entries(l.tls).map(([v, n]) => `${v} ${n}`).join(', ');
    out.push(`  ${st.dim('log')}  ${l.sessions} sessions from ${l.clients} clients${tls !== '' ? `: ${tls}` : ''}${l.plaintext > 0 ? `, ${l.plaintext} without TLS` : ''}${l.failures > 0 ? `, ${l.failures} failed handshakes` : ''}${l.tlsUnlogged > 0 ? `, ${l.tlsUnlogged} with TLS not logged` : ''}${l.excludedProbeSessions > 0 ? st.dim(` (${l.excludedProbeSessions} sessions of mailtls's own probes left out)`) : ''}`);
  }
  return out;
}

function fixBlock(report: AuditReport, f: AuditFix, st: Style, width: number): string[] {
  const out: string[] = ['', `${st.bold(f.id)} ${f.title}${f.service !== null ? st.dim(` (${f.service})`) : ''}`];
  out.push(st.dim(fold(f.why, width, '  ')));
  for (const c of f.commands) out.push(`    ${st.cyan(c)}`);
  if (f.productionCommands !== undefined && report.lab !== null) {
    out.push(`  ${st.dim(`for ${report.lab.source ?? 'the configuration'} itself:`)}`);
    for (const c of f.productionCommands) out.push(`    ${st.cyan(c)}`);
  }
  if (f.resolves.length > 0) out.push(`  ${st.dim('resolves')} ${f.resolves.join(', ')}`);
  for (const p of f.predictedAfter) out.push(`  ${st.dim('then')} ${p.service}: ${p.versions.join(' ') || 'no TLS'}, ${p.ciphers.length} TLS<=1.2 suites`);
  out.push(`  ${st.dim('impact')} ${impactLine(f.impact, st)}`);
  out.push(...impactClients(f.impact, st, '    '));
  if (f.alternative !== null) {
    out.push(`  ${st.bold('gentler')}: ${fold(f.alternative.why, width, '  ').trimStart()}`);
    for (const c of f.alternative.productionCommands ?? f.alternative.commands) out.push(`    ${st.cyan(c)}`);
    out.push(`  ${st.dim('impact')} ${impactLine(f.alternative.impact, st)}`);
    out.push(...impactClients(f.alternative.impact, st, '    '));
  }
  return out;
}

/**
 * Control characters (ANSI and OSC escapes among them) made visible: banners, certificate
 * subjects and client names come from the network, and must not drive the user's terminal.
 */
export function safeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function renderAuditText(r: AuditReport, st: Style, width = 100): string {
  return renderUnsafe(sanitized(r), st, width);
}

/** The report with every string made safe for a terminal. */
function sanitized<T>(v: T): T {
  if (typeof v === 'string') return safeText(v) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => sanitized(x)) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sanitized(x as unknown)])) as T;
  return v;
}

function renderUnsafe(r: AuditReport, st: Style, width: number): string {
  const out: string[] = [];
  out.push(`${st.bold(`mailtls audit ${r.configDir}`)}  ${verdictCell(r.verdict, st)}`);
  out.push(st.dim(`  Postfix ${r.postfixVersion}, OpenSSL ${r.opensslVersion ?? '?'}; profile ${r.profile.id} (${r.profile.title}, ${r.profile.version})${r.lab !== null ? `; mailtls lab instance ${r.lab.name}${r.lab.source !== null ? ` of ${r.lab.source}` : ''}` : ''}`));
  const logs = r.logs;
  out.push(st.dim(`  log: ${logs === null ? 'none read' : `${logs.files.join(', ')} (${logs.lines} lines${logs.from !== null ? `, ${logs.from.slice(0, 16)} to ${(logs.to ?? '').slice(0, 16)}` : ''}; ${logs.excludedProbeSessions} probe sessions left out)`}; scan: ${r.scan.enabled ? `${r.scan.connections} connections in ${(r.scan.durationMs / 1000).toFixed(2)} s as EHLO ${r.scan.ehloName}` : 'off'}`));
  out.push('');
  out.push(table([
    ['SERVICE', 'ADDRESS', 'ROLE', 'VERDICT', 'TLS SEEN', 'CONFIG', 'WORST FINDING', 'FIRST FIX'].map((h) => st.bold(h)),
    ...r.services.map((s) => {
      const w = worstFinding(r, s);
      const fx = firstFix(r, s);
      return [
        s.name, endpoint(s), s.role, verdictCell(s.verdict, st),
        s.observed === null ? st.dim('-') : s.observed.versions.map((v) => v.replace('TLSv', '')).join(' ') || st.red('none'),
        s.agreement === 'match' ? st.green('matches') : s.agreement === 'differs' ? st.red('differs') : st.dim('unscanned'),
        w === undefined ? st.dim('-') : `${st.severity(w.severity).trimEnd()} ${w.id}`,
        fx === undefined ? st.dim('-') : fx.id,
      ];
    }),
  ]));
  for (const s of r.services) out.push(...serviceDetails(r, s, st, width));

  const onlyReload = (f: AuditFix) => f.commands.length > 0 && f.commands.every((c) => / reload$/.test(c));
  const changing = r.fixes.filter((f) => f.services.length > 0 || f.commands.length === 0 || onlyReload(f));
  const tidy = r.fixes.filter((f) => !changing.includes(f));
  if (r.fixes.length > 0) {
    out.push('', st.bold('Fixes') + st.dim(' (nothing was changed: review, run, and reload)'));
    for (const f of changing) out.push(...fixBlock(r, f, st, width));
    if (tidy.length > 0) {
      out.push('', st.bold('Tidying') + st.dim(' (these change what no service offers: no client can break)'));
      const placeOf = (f: AuditFix) => {
        const first = r.findings.find((x) => f.resolvesKeys.includes(x.key) && x.file !== null);
        return first !== undefined ? `, ${first.file ?? ''}${first.line !== null ? `:${first.line}` : ''}` : '';
      };
      for (const f of tidy) {
        out.push(`  ${st.bold(f.id)} ${f.title} ${st.dim(`(${f.resolves.join(', ')}${placeOf(f)})`)}`);
        out.push(st.dim(fold(f.why.split(/(?<=\.) /)[0] ?? f.why, width, '    ')));
        for (const c of f.productionCommands ?? f.commands) if (!/ reload$/.test(c)) out.push(`    ${st.cyan(c)}`);
      }
    }
  }
  const fixed = new Set(r.fixes.flatMap((f) => f.resolvesKeys));
  const open = r.findings.filter((f) => !fixed.has(f.key));
  if (open.length > 0) {
    out.push('', st.bold('Findings without a fix above'));
    for (const f of bySeverity(open)) {
      const where = f.file !== null ? `${f.file}${f.line !== null ? `:${f.line}` : ''}` : f.endpoint ?? f.service ?? '';
      out.push(`  ${st.severity(f.severity)} ${st.bold(f.id)}${where !== '' ? st.dim(` ${where}`) : ''}${f.service !== null && f.file !== null ? st.dim(` (${f.service})`) : ''}`);
      out.push(fold(f.message, width, '           '));
    }
  }
  if (r.warnings.length > 0) {
    out.push('', st.bold('Warnings'));
    for (const w of r.warnings) out.push(fold(`${st.yellow(w.code)} ${w.place !== null ? `${w.place}: ` : ''}${w.message}`, width, '  '));
  }
  out.push('', st.dim(`${r.findings.length} findings, ${r.fixes.length} fixes; exit ${r.exitCode}${r.failOn !== null ? ` (--fail-on ${r.failOn})` : ''}; ${(r.stats.durationMs / 1000).toFixed(2)} s`));
  return `${out.join('\n')}\n`;
}
