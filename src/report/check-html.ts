/**
 * `mailtls check DOMAIN --html`: the domain as one self-contained page, like the audit's
 * (src/report/html.ts): the table of every MX address, DNSSEC, DANE, MTA-STS and TLS-RPT, the
 * findings with the records or policy file to publish. Every text from the report is escaped:
 * DNS data, banners and certificate names come from the network.
 */
import type { CheckAddress, CheckMx, CheckReport } from '../check/types.js';
import { bySeverity } from '../severity.js';
import { badge, esc, page, sev } from './html.js';

function versions(a: CheckAddress): string {
  const v = a.scan?.protocols.filter((p) => p.offered === true).map((p) => p.version) ?? [];
  return v.length > 0 ? v.join(' ') : '-';
}

const OK = (t: string) => `<span class="ok">${t}</span>`;
const BAD = (t: string) => `<span class="bad">${t}</span>`;
const MUTED = (t: string) => `<span class="muted">${t}</span>`;

function addressRow(m: CheckMx, a: CheckAddress): string {
  const starttls = a.scan?.smtp?.starttls;
  const dane = a.dane.usable ? (a.dane.matched === true ? OK('matches') : BAD('no match')) : MUTED('n/a');
  return `<tr data-address="${esc(a.address)}"><td>${esc(m.host)}</td><td>${m.preference}</td>`
    + `<td>${esc(a.address)}${a.skipped !== null ? `<br>${MUTED(esc(a.skipped))}` : ''}</td>`
    + `<td>${a.reachable === null ? MUTED('not tried') : a.reachable ? OK('yes') : BAD('no')}</td>`
    + `<td>${starttls === true ? OK('yes') : starttls === false ? BAD('no') : '-'}</td>`
    + `<td>${esc(versions(a))}</td>`
    + `<td>${dane}<br>${MUTED(esc(a.dane.sender))}</td>`
    + `<td>${a.mtaSts.match === null ? MUTED('n/a') : a.mtaSts.match ? OK('yes') : BAD('no')}</td>`
    + `<td>${a.requireTls === null ? '-' : a.requireTls ? 'yes' : 'no'}</td><td>${badge(a.verdict)}</td></tr>`;
}

/** An MX without addresses: why, across the address columns, and its own verdict from the report. */
function noAddressRow(m: CheckMx): string {
  return `<tr data-mx="${esc(m.host)}"><td>${esc(m.host)}</td><td>${m.preference}</td><td colspan="7" class="bad">${esc(m.error ?? 'no address')}</td>`
    + `<td>${m.verdict !== null ? badge(m.verdict) : '-'}</td></tr>`;
}

function meta(r: CheckReport): string {
  const validating = r.resolver.validating === false ? ' (not validating: DNSSEC cannot be judged)' : '';
  const through = r.domainCname.length > 0 ? ` through ${esc(r.domainCname.join(' → '))}` : '';
  const st = r.stats;
  return `<p class="meta">Profile <b>${esc(r.profile)}</b>; resolver ${esc(r.resolver.servers.join(', '))}${validating}; `
    + `MX from ${esc(r.mxSource)}${through}. `
    + `${st.scans} scans, ${st.connections} connections, ${st.dnsQueries} DNS queries in ${(st.durationMs / 1000).toFixed(2)} s. `
    + `Generated ${esc(r.generatedAt)} by mailtls ${esc(r.tool.version)}.</p>`;
}

function addressTable(r: CheckReport): string {
  const rows = r.mx.flatMap((m) => (m.addresses.length > 0 ? m.addresses.map((a) => addressRow(m, a)) : [noAddressRow(m)]));
  if (rows.length === 0) return `<p>${r.mxSource === 'null-mx' ? 'A null MX (RFC 7505): the domain accepts no mail.' : 'No MX host.'}</p>`;
  const columns = ['MX', 'Pref', 'Address', 'Reachable', 'STARTTLS', 'TLS versions', 'DANE', 'MTA-STS', 'REQUIRETLS', 'Verdict'];
  const head = columns.map((h) => `<th>${h}</th>`).join('');
  return `<table class="addresses"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function reasonList(r: CheckReport): string {
  const reasons = r.mx.flatMap((m) => [
    ...(m.verdictReason !== null ? [`<li><b>${esc(m.host)}</b>: ${esc(m.verdictReason)}</li>`] : []),
    ...m.addresses.filter((a) => a.reasons.length > 0).map((a) => `<li><b>${esc(m.host)} ${esc(a.address)}</b>: ${a.reasons.map(esc).join('; ')}</li>`),
  ]).join('');
  return reasons !== '' ? `<details open><summary>Why</summary><ul>${reasons}</ul></details>` : '';
}

function dnssecTable(r: CheckReport): string {
  const hosts = Object.entries(r.dnssec.hosts).map(([h, d]) => `<tr><th>${esc(h)}</th><td>addresses ${esc(d.address)}, TLSA ${esc(d.tlsa)}</td></tr>`).join('');
  const rollover = r.dane.rolloverReady !== null ? `, rollover ${r.dane.rolloverReady ? 'ready' : 'not ready'}` : '';
  return `<table><tbody><tr><th>MX RRset</th><td>${esc(r.dnssec.mx)}</td></tr>\n${hosts}\n`
    + `<tr><th>DANE</th><td>${esc(r.dane.status)}${rollover}<br>${MUTED(esc(r.dane.detail))}</td></tr></tbody></table>`;
}

function stsTable(r: CheckReport): string {
  const sts = r.mtaSts;
  const txt = sts.txt.records.length > 0 ? sts.txt.records.map((t) => `<code>${esc(t)}</code>`).join('<br>') : MUTED('none');
  const txtErrors = sts.txt.errors.length > 0 ? `<br>${BAD(sts.txt.errors.map(esc).join('; '))}` : '';
  const p = sts.policy;
  const policy = p === null
    ? MUTED('none fetched')
    : `${esc(p.url)}: mode ${esc(p.mode ?? '?')}, mx ${esc(p.mx.join(' '))}, max_age ${p.maxAge ?? '?'}`
      + (p.errors.length > 0 ? `<br>${BAD(p.errors.map(esc).join('; '))}` : '');
  const fetchErrors = sts.errors.length > 0 ? `<br>${BAD(sts.errors.map((e) => `${esc(e.code)}: ${esc(e.message)}`).join('; '))}` : '';
  const rpt = r.tlsRpt;
  const rptCell = rpt.record !== null
    ? `<code>${esc(rpt.record)}</code> ${rpt.valid ? OK('valid') : BAD(rpt.errors.map(esc).join('; '))}`
    : MUTED('none');
  return `<table><tbody><tr><th>${esc(sts.txt.name)}</th><td>${txt}${txtErrors}</td></tr>\n`
    + `<tr><th>Policy</th><td>${policy}${fetchErrors}</td></tr>\n`
    + `<tr><th>TLS-RPT</th><td>${rptCell}</td></tr></tbody></table>`;
}

function findingsHtml(r: CheckReport): string {
  const findings = bySeverity(r.findings);
  if (findings.length === 0) return '<p>None.</p>';
  return findings.map((f) => `<div class="fix"><h3>${sev(f.severity)} ${esc(f.title)} ${MUTED(`${esc(f.id)}${f.host !== null ? ` (${esc(f.host)})` : ''}`)}`
    + `</h3><p>${esc(f.detail)}</p>${f.fix !== null ? `<pre>${esc(f.fix)}</pre>` : ''}</div>`).join('\n');
}

export function renderCheckHtml(r: CheckReport): string {
  const body = `<h1>mailtls check ${esc(r.domain)} ${badge(r.verdict)}</h1>
${meta(r)}
<h2>Every MX address</h2>
${addressTable(r)}
${reasonList(r)}
<h2>DNSSEC and DANE</h2>
${dnssecTable(r)}
<h2>MTA-STS and TLS-RPT</h2>
${stsTable(r)}
<h2>Findings</h2>
${findingsHtml(r)}
`;
  return page(`mailtls check ${r.domain}: ${r.verdict}`, body);
}
