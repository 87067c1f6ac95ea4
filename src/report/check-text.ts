/**
 * Terminal rendering of a `mailtls check` report: one table for the domain (every MX address:
 * reachable, STARTTLS, TLS versions, DANE, MTA-STS, verdict), then DNSSEC, DANE records,
 * MTA-STS, TLS-RPT, and the findings with the records to publish. Decides nothing.
 */
import type { CheckAddress, CheckReport, Verdict } from '../check/types.js';
import { table, wrapWords, type Style } from './terminal.js';

function verdictCell(v: Verdict, s: Style): string {
  return v === 'pass' ? s.green('pass') : v === 'warn' ? s.yellow('warn') : s.bold(s.red('fail'));
}

function versions(a: CheckAddress): string {
  const offered = a.scan?.protocols.filter((p) => p.offered === true).map((p) => p.version.replace('TLSv', '')) ?? [];
  return offered.length > 0 ? offered.join(' ') : '-';
}

function daneCell(a: CheckAddress, s: Style): string {
  switch (a.dane.sender) {
    case 'authenticated': return s.green('match');
    case 'defer': return s.red(a.dane.matched === false ? 'NO MATCH' : 'defer');
    case 'encrypted': return s.yellow('unusable');
    default: return s.dim(a.dane.tlsaDnssec === 'secure' || a.dnssec === 'secure' ? 'none' : 'n/a');
  }
}

function stsCell(a: CheckAddress, s: Style): string {
  return a.mtaSts.match === null ? s.dim('n/a') : a.mtaSts.match ? s.green('match') : s.red('NO MATCH');
}

export function renderCheckText(r: CheckReport, s: Style, width = 100): string {
  const out: string[] = [];
  const st0 = r.stats;
  const counts = `${st0.scans} scans, ${st0.connections} connections, ${st0.dnsQueries} DNS queries, ${(st0.durationMs / 1000).toFixed(2)} s`;
  out.push(`${s.bold(`mailtls check ${r.domain}`)}  ${verdictCell(r.verdict, s)}${s.dim(`  (resolver ${r.resolver.servers.join(', ')}; ${counts})`)}`);
  if (r.mxSource === 'null-mx') out.push('', `  null MX (RFC 7505): ${r.domain} accepts no mail`);
  else if (r.mxSource === 'none') out.push('', s.red(`  no MX set: ${r.findings.find((f) => f.source === 'dns')?.detail ?? 'the MX lookup failed'}`));
  else {
    if (r.mxSource === 'implicit') out.push('', `  no MX records: the implicit MX is ${r.mx[0]?.host ?? r.domain} itself (RFC 5321 §5.1)`);
    const rows: string[][] = [['MX', 'address', 'reachable', 'STARTTLS', 'TLS', 'DANE', 'MTA-STS', 'verdict'].map((h) => s.bold(h))];
    for (const m of r.mx) {
      const name = `${m.preference} ${m.host}${m.cname.length > 0 ? ` → ${m.cname[m.cname.length - 1] ?? ''}` : ''}`;
      if (m.addresses.length === 0) rows.push([name, s.red('no address'), '-', '-', '-', '-', '-', m.verdict !== null ? verdictCell(m.verdict, s) : '-']);
      m.addresses.forEach((a, i) => {
        const reach = a.skipped !== null ? s.yellow('not scanned') : a.reachable ? 'yes' : s.red('no');
        const tls = a.scan?.smtp?.starttls;
        const starttls = tls === true ? 'yes' : tls === false ? s.red('no') : '-';
        rows.push([i === 0 ? name : '', a.address, reach, starttls, versions(a), daneCell(a, s), stsCell(a, s), verdictCell(a.verdict, s)]);
      });
    }
    out.push('', table(rows));
  }

  out.push('', s.bold('DNSSEC'));
  const dn: string[][] = [[`${r.domain} MX`, r.dnssec.mx]];
  for (const [host, st] of Object.entries(r.dnssec.hosts)) dn.push([host, `address ${st.address}, TLSA ${st.tlsa}`]);
  out.push(table(dn));

  out.push('', `${s.bold('DANE')}  ${r.dane.status}${r.dane.rolloverReady === false ? s.yellow(' (not rollover-ready)') : ''}: ${r.dane.detail}`);
  for (const m of r.mx) {
    const recs = m.addresses[0]?.dane.records ?? [];
    if (recs.length === 0) continue;
    out.push(`  ${m.addresses[0]?.dane.tlsaName ?? m.host}`);
    out.push(table(recs.map((t) => [
      `TLSA ${t.usage} ${t.selector} ${t.matchingType} ${t.data.length > 20 ? `${t.data.slice(0, 16)}…` : t.data}`,
      t.matched === true ? s.green('matches') : t.matched === false ? s.red('no match') : s.dim(t.usable ? 'not checked' : 'unusable'),
      t.note,
    ]), '    '));
  }

  const st = r.mtaSts;
  out.push('', `${s.bold('MTA-STS')}  ${st.mode ?? (st.txt.records.length > 0 ? 'invalid' : 'none')}`);
  if (st.txt.records.length > 0) out.push(`  ${st.txt.name} TXT ${st.txt.records.map((t) => `"${t}"`).join(' ')}${st.txt.valid ? '' : s.red(' (invalid)')}`);
  for (const e of st.txt.errors) out.push(s.red(`    ${e}`));
  if (st.policy) {
    const state = st.policy.text === null ? s.red('not fetched') : st.policy.valid ? s.green('valid') : s.red('invalid');
    out.push(`  ${st.policy.url}${st.policy.address ? s.dim(` (${st.policy.address})`) : ''}: ${state}`);
    if (st.policy.valid) out.push(`    mode ${st.policy.mode ?? '?'}, max_age ${st.policy.maxAge ?? '?'}, mx ${st.policy.mx.join(', ')}`);
    for (const e of st.policy.errors) out.push(s.red(`    ${e}`));
  }
  const rpt = r.tlsRpt;
  const rptState = rpt.record === null ? 'none' : rpt.valid ? s.green('valid') : s.red('invalid');
  out.push('', `${s.bold('TLS-RPT')}  ${rptState}${rpt.record !== null ? `  "${rpt.record}"` : ''}`);
  for (const e of r.tlsRpt.errors) out.push(s.red(`    ${e}`));

  const reasons = r.mx.flatMap((m) => [
    ...(m.verdict !== null && m.verdictReason !== null ? [`${m.host}: ${m.verdict}: ${m.verdictReason}`] : []),
    ...m.addresses.filter((a) => a.reasons.length > 0).map((a) => `${m.host} [${a.address}]: ${a.verdict}: ${a.reasons.join('; ')}`),
  ]);
  if (reasons.length > 0) {
    out.push('', s.bold('Verdicts'));
    for (const l of reasons) out.push(wrapWords(l, width - 4, '  '));
  }
  if (r.findings.length > 0) {
    out.push('', s.bold('Findings'));
    for (const f of r.findings) {
      const where = f.host !== null ? ` ${s.dim(f.host)}` : f.addresses.length > 0 ? ` ${s.dim(f.addresses.join(', '))}` : '';
      out.push(`  ${s.severity(f.severity)} ${f.title}${where}`);
      out.push(wrapWords(f.detail, width - 12, '           '));
      if (f.fix !== null) out.push(s.cyan(f.fix.split('\n').map((l) => `           ${l}`).join('\n')));
    }
  }
  return `${out.join('\n')}\n`;
}
