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

function addressRow(m: CheckMx, a: CheckAddress): string {
  const starttls = a.scan?.smtp?.starttls;
  return `<tr data-address="${esc(a.address)}"><td>${esc(m.host)}</td><td>${m.preference}</td><td>${esc(a.address)}${a.skipped !== null ? `<br><span class="muted">${esc(a.skipped)}</span>` : ''}</td>`
    + `<td>${a.reachable === null ? '<span class="muted">not tried</span>' : a.reachable ? '<span class="ok">yes</span>' : '<span class="bad">no</span>'}</td>`
    + `<td>${starttls === true ? '<span class="ok">yes</span>' : starttls === false ? '<span class="bad">no</span>' : '-'}</td>`
    + `<td>${esc(versions(a))}</td>`
    + `<td>${a.dane.usable ? (a.dane.matched === true ? '<span class="ok">matches</span>' : '<span class="bad">no match</span>') : '<span class="muted">n/a</span>'}<br><span class="muted">${esc(a.dane.sender)}</span></td>`
    + `<td>${a.mtaSts.match === null ? '<span class="muted">n/a</span>' : a.mtaSts.match ? '<span class="ok">yes</span>' : '<span class="bad">no</span>'}</td>`
    + `<td>${a.requireTls === null ? '-' : a.requireTls ? 'yes' : 'no'}</td><td>${badge(a.verdict)}</td></tr>`;
}

/** An MX without addresses: why, across the address columns, and its own verdict from the report. */
function noAddressRow(m: CheckMx): string {
  return `<tr data-mx="${esc(m.host)}"><td>${esc(m.host)}</td><td>${m.preference}</td><td colspan="7" class="bad">${esc(m.error ?? 'no address')}</td>`
    + `<td>${m.verdict !== null ? badge(m.verdict) : '-'}</td></tr>`;
}

export function renderCheckHtml(r: CheckReport): string {
  const rows = r.mx.flatMap((m) => (m.addresses.length > 0 ? m.addresses.map((a) => addressRow(m, a)) : [noAddressRow(m)]));
  const findings = bySeverity(r.findings);
  const reasons = r.mx.flatMap((m) => [
    ...(m.verdictReason !== null ? [`<li><b>${esc(m.host)}</b>: ${esc(m.verdictReason)}</li>`] : []),
    ...m.addresses.filter((a) => a.reasons.length > 0).map((a) => `<li><b>${esc(m.host)} ${esc(a.address)}</b>: ${a.reasons.map(esc).join('; ')}</li>`),
  ]).join('');
  const sts = r.mtaSts;
  const body = `<h1>mailtls check ${esc(r.domain)} ${badge(r.verdict)}</h1>
<p class="meta">Profile <b>${esc(r.profile)}</b>; resolver ${esc(r.resolver.servers.join(', '))}${r.resolver.validating === false ? ' (not validating: DNSSEC cannot be judged)' : ''}; MX from ${esc(r.mxSource)}${r.domainCname.length > 0 ? ` through ${esc(r.domainCname.join(' → '))}` : ''}. ${r.stats.scans} scans, ${r.stats.connections} connections, ${r.stats.dnsQueries} DNS queries in ${(r.stats.durationMs / 1000).toFixed(2)} s. Generated ${esc(r.generatedAt)} by mailtls ${esc(r.tool.version)}.</p>
<h2>Every MX address</h2>
${rows.length > 0 ? `<table class="addresses"><thead><tr><th>MX</th><th>Pref</th><th>Address</th><th>Reachable</th><th>STARTTLS</th><th>TLS versions</th><th>DANE</th><th>MTA-STS</th><th>REQUIRETLS</th><th>Verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : `<p>${r.mxSource === 'null-mx' ? 'A null MX (RFC 7505): the domain accepts no mail.' : 'No MX host.'}</p>`}
${reasons !== '' ? `<details open><summary>Why</summary><ul>${reasons}</ul></details>` : ''}
<h2>DNSSEC and DANE</h2>
<table><tbody><tr><th>MX RRset</th><td>${esc(r.dnssec.mx)}</td></tr>
${Object.entries(r.dnssec.hosts).map(([h, d]) => `<tr><th>${esc(h)}</th><td>addresses ${esc(d.address)}, TLSA ${esc(d.tlsa)}</td></tr>`).join('')}
<tr><th>DANE</th><td>${esc(r.dane.status)}${r.dane.rolloverReady !== null ? `, rollover ${r.dane.rolloverReady ? 'ready' : 'not ready'}` : ''}<br><span class="muted">${esc(r.dane.detail)}</span></td></tr></tbody></table>
<h2>MTA-STS and TLS-RPT</h2>
<table><tbody><tr><th>${esc(sts.txt.name)}</th><td>${sts.txt.records.length > 0 ? sts.txt.records.map((t) => `<code>${esc(t)}</code>`).join('<br>') : '<span class="muted">none</span>'}${sts.txt.errors.length > 0 ? `<br><span class="bad">${sts.txt.errors.map(esc).join('; ')}</span>` : ''}</td></tr>
<tr><th>Policy</th><td>${sts.policy === null ? '<span class="muted">none fetched</span>' : `${esc(sts.policy.url)}: mode ${esc(sts.policy.mode ?? '?')}, mx ${esc(sts.policy.mx.join(' '))}, max_age ${sts.policy.maxAge ?? '?'}${sts.policy.errors.length > 0 ? `<br><span class="bad">${sts.policy.errors.map(esc).join('; ')}</span>` : ''}`}${sts.errors.length > 0 ? `<br><span class="bad">${sts.errors.map((e) => `${esc(e.code)}: ${esc(e.message)}`).join('; ')}</span>` : ''}</td></tr>
<tr><th>TLS-RPT</th><td>${r.tlsRpt.record !== null ? `<code>${esc(r.tlsRpt.record)}</code> ${r.tlsRpt.valid ? '<span class="ok">valid</span>' : `<span class="bad">${r.tlsRpt.errors.map(esc).join('; ')}</span>`}` : '<span class="muted">none</span>'}</td></tr></tbody></table>
<h2>Findings</h2>
${findings.length === 0 ? '<p>None.</p>' : findings.map((f) => `<div class="fix"><h3>${sev(f.severity)} ${esc(f.title)} <span class="muted">${esc(f.id)}${f.host !== null ? ` (${esc(f.host)})` : ''}</span></h3><p>${esc(f.detail)}</p>${f.fix !== null ? `<pre>${esc(f.fix)}</pre>` : ''}</div>`).join('\n')}
`;
  return page(`mailtls check ${r.domain}: ${r.verdict}`, body);
}
