/**
 * The audit as one self-contained HTML page: no script, no external style, font or image (a
 * Content-Security-Policy that forbids them says so to the browser), readable offline and
 * printable. The verdict table, a protocols × services matrix (configured against seen), each
 * service's details, the fixes with their impact, the findings. Every text from the report is
 * escaped: banners, certificate subjects and log client names come from the network.
 */
import type { AuditFinding, AuditFix, AuditReport, AuditService, FixImpact } from '../audit/types.js';
import { bySeverity } from '../severity.js';
import { badge, esc, page, PROTOCOLS, sev } from './html.js';

export { esc };

const endpoint = (s: AuditService) => (s.address === null ? '?' : `${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port ?? '?'}`);

function verdictTable(r: AuditReport): string {
  const rows = r.services.map((s) => {
    const worst = r.findings.find((f) => f.service === s.name && f.severity !== 'info');
    const fix = r.fixes.find((f) => f.services.includes(s.name));
    return `<tr data-service="${esc(s.name)}"><td><a href="#svc-${esc(s.name)}">${esc(s.name)}</a></td><td>${esc(endpoint(s))}</td><td>${esc(s.role)}</td><td>${badge(s.verdict)}</td>`
      + `<td>${s.observed === null ? '<span class="muted">not scanned</span>' : esc(s.observed.versions.join(' ') || 'no TLS')}</td>`
      + `<td>${s.agreement === 'match' ? '<span class="ok">matches</span>' : s.agreement === 'differs' ? '<span class="bad">differs</span>' : '<span class="muted">unscanned</span>'}</td>`
      + `<td>${worst ? `${sev(worst.severity)} ${esc(worst.id)}` : '<span class="muted">-</span>'}</td><td>${fix ? `<a href="#${esc(fix.id)}">${esc(fix.id)}</a>` : '<span class="muted">-</span>'}</td></tr>`;
  });
  return `<table class="verdicts"><thead><tr><th>Service</th><th>Address</th><th>Role</th><th>Verdict</th><th>TLS seen</th><th>Configuration</th><th>Worst finding</th><th>First fix</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function matrix(r: AuditReport): string {
  const head = r.services.map((s) => `<th>${esc(s.name)}</th>`).join('');
  const rows = PROTOCOLS.map((p) => {
    const cells = r.services.map((s) => {
      const conf = s.predicted.versions.includes(p);
      const wire = s.observed?.versions.includes(p) ?? null;
      const [cls, text] = wire === null ? (conf ? ['m-conf', 'configured'] : ['m-none', '-'])
        : conf && wire ? ['m-both', 'yes'] : conf ? ['m-conf', 'configured, not seen'] : wire ? ['m-wire', 'seen, not configured'] : ['m-none', 'no'];
      return `<td class="${cls}">${text}</td>`;
    }).join('');
    return `<tr><th>${p}</th>${cells}</tr>`;
  }).join('');
  return `<table class="matrix"><thead><tr><th>Protocol</th>${head}</tr></thead><tbody>${rows}</tbody></table>`
    + '<p class="meta">yes: configured and seen on the wire; "configured, not seen" / "seen, not configured": the server does not do what its configuration says.</p>';
}

function impact(i: FixImpact): string {
  const head = `<p class="${!i.known ? 'muted' : i.sessions === 0 ? 'ok' : 'bad'}">${esc(i.summary)}</p>`;
  if (i.clients.length === 0) return head;
  const rows = i.clients.slice(0, 50).map((c) => `<tr><td>${esc(c.client)}</td><td>${c.sessions} of ${c.totalSessions}</td><td>${esc(c.lastSeen ?? '')}</td><td>${esc(c.users.join(' '))}</td><td>${esc(c.reasons.join('; '))}</td></tr>`).join('');
  return `${head}<table><thead><tr><th>Client</th><th>Sessions that would fail</th><th>Last seen</th><th>SASL users</th><th>Why</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function fixBlock(r: AuditReport, f: AuditFix): string {
  const cmds = f.commands.length > 0 ? `<pre>${esc(f.commands.join('\n'))}</pre>` : '';
  const prod = f.productionCommands !== undefined && r.lab !== null ? `<p class="meta">For ${esc(r.lab.source ?? 'the configuration')} itself:</p><pre>${esc(f.productionCommands.join('\n'))}</pre>` : '';
  const after = f.predictedAfter.map((p) => `<li>${esc(p.service)}: ${esc(p.versions.join(' ') || 'no TLS')}, ${p.ciphers.length} TLS 1.2-and-older suites</li>`).join('');
  const alt = f.alternative !== null
    ? `<h4>Gentler alternative</h4><p>${esc(f.alternative.why)}</p><pre>${esc((f.alternative.productionCommands ?? f.alternative.commands).join('\n'))}</pre>${impact(f.alternative.impact)}`
    : '';
  return `<div class="fix" id="${esc(f.id)}"><h3>${esc(f.id)}: ${esc(f.title)}${f.service !== null ? ` <span class="muted">(${esc(f.service)})</span>` : ''}</h3>`
    + `<p>${esc(f.why)}</p>${cmds}${prod}`
    + (f.resolves.length > 0 ? `<p class="meta">Resolves: ${f.resolves.map(esc).join(', ')}</p>` : '')
    + (after !== '' ? `<p class="meta">The wire the configuration model predicts after it:</p><ul>${after}</ul>` : '')
    + `<h4>Impact, from the log</h4>${impact(f.impact)}${alt}</div>`;
}

function serviceBlock(r: AuditReport, s: AuditService): string {
  const diffs = s.differences.map((d) => `<li><b>${esc(d.what)}</b> (cause: <b>${esc(d.cause)}</b>): predicted ${esc(d.predicted.join(' ') || 'none')}; observed ${esc(d.observed.join(' ') || 'none')}<br><span class="muted">${esc(d.explanation)}</span></li>`).join('');
  const rules = s.rules.map((x) => `<tr><td>${badge(x.outcome === 'fail' ? 'fail' : x.outcome === 'warn' ? 'warn' : 'pass')}${x.outcome === 'n/a' ? ' <span class="muted">n/a</span>' : ''}</td><td><code>${esc(x.rule)}</code><br>${esc(x.title)}</td><td>${esc(x.message)}<br><span class="muted">${esc(x.source)}</span></td></tr>`).join('');
  const mine = r.findings.filter((f) => f.service === s.name);
  const l = s.logs;
  return `<section class="service" id="svc-${esc(s.name)}"><h3>${esc(s.name)} ${badge(s.verdict)} <span class="muted">${esc(endpoint(s))}</span></h3>`
    + '<table><tbody>'
    + `<tr><th>Role</th><td>${esc(s.role)} <span class="muted">(${esc(s.roleSource)})</span></td></tr>`
    + `<tr><th>TLS</th><td>level ${esc(s.tls.level)}${s.tls.implicit ? ', implicit (wrapper mode)' : ''}${s.tls.required ? ', required' : ''}${s.tls.authOnly ? ', AUTH only after TLS' : ''}</td></tr>`
    + `<tr><th>Configured</th><td>${esc(s.predicted.versions.join(' ') || 'no TLS')}; ${s.predicted.ciphers.length} TLS 1.2-and-older suites${s.predicted.exact ? '' : ' (not exact)'}</td></tr>`
    + `<tr><th>On the wire</th><td>${s.observed === null ? `<span class="muted">${esc(s.scan?.error ?? 'not scanned')}</span>` : `${esc(s.observed.versions.join(' ') || 'no TLS')}; ${s.observed.ciphers.length} TLS 1.2-and-older suites, ${s.observed.tls13Ciphers.length} TLS 1.3`}</td></tr>`
    + `<tr><th>Agreement</th><td>${s.agreement === 'match' ? '<span class="ok">the server does what its configuration says</span>' : s.agreement === 'differs' ? `<span class="bad">differs</span><ul>${diffs}</ul>` : '<span class="muted">not scanned</span>'}</td></tr>`
    + (l !== null ? `<tr><th>Log</th><td>${l.sessions} sessions from ${l.clients} clients: ${esc(Object.entries(l.tls).map(([v, n]) => `${v} ${n}`).join(', ') || 'no TLS details')}${l.plaintext > 0 ? `, ${l.plaintext} without TLS` : ''}${l.failures > 0 ? `, ${l.failures} failed handshakes` : ''}; ${l.excludedProbeSessions} probe sessions of mailtls left out</td></tr>` : '')
    + '</tbody></table>'
    + (rules !== '' ? `<details open><summary>Profile ${esc(r.profile.id)}: ${s.rules.filter((x) => x.outcome === 'pass').length} of ${s.rules.length} rules pass (graded on the ${s.gradedOn === 'wire' ? 'wire' : 'configuration'})</summary><table><tbody>${rules}</tbody></table></details>` : '')
    + (mine.length > 0 ? `<p class="meta">Findings: ${mine.map((f) => `${sev(f.severity)} ${esc(f.id)}`).join(', ')}</p>` : '')
    + '</section>';
}

function findingRow(f: AuditFinding): string {
  const where = f.file !== null ? `${f.file}${f.line !== null ? `:${f.line}` : ''}` : f.endpoint ?? '';
  return `<tr><td>${sev(f.severity)}</td><td><code>${esc(f.id)}</code>${f.rule !== null ? `<br><span class="muted">${esc(f.rule)}</span>` : ''}</td><td>${esc(f.source)}</td><td>${esc(f.service ?? '')}<br><span class="muted">${esc(where)}</span></td><td>${esc(f.message)}</td></tr>`;
}

export function renderAuditHtml(r: AuditReport): string {
  const findings = bySeverity(r.findings);
  const logs = r.logs;
  return page(`mailtls audit ${r.configDir}: ${r.verdict}`, `<h1>mailtls audit ${esc(r.configDir)} ${badge(r.verdict)}</h1>
<p class="meta">Postfix ${esc(r.postfixVersion)}, OpenSSL ${esc(r.opensslVersion ?? '?')}; profile <b>${esc(r.profile.id)}</b> (${esc(r.profile.title)}, ${esc(r.profile.version)}, ${esc(r.profile.date)})${r.profile.partial !== null ? `: partial, ${esc(r.profile.partial)}` : ''}${r.lab !== null ? `; mailtls lab instance ${esc(r.lab.name)}${r.lab.source !== null ? ` of ${esc(r.lab.source)}` : ''}` : ''}</p>
<p class="meta">Log: ${logs === null ? 'none read' : `${esc(logs.files.join(', '))}, ${logs.lines} lines${logs.from !== null ? `, ${esc(logs.from)} to ${esc(logs.to ?? '')}` : ''}; ${logs.excludedProbeSessions} sessions of mailtls's own probes left out`}. Scan: ${r.scan.enabled ? `${r.scan.connections} connections in ${(r.scan.durationMs / 1000).toFixed(2)} s, EHLO ${esc(r.scan.ehloName)}` : 'off'}. Generated ${esc(r.generatedAt)} by mailtls ${esc(r.tool.version)}.</p>
<h2>Verdict per service</h2>
${verdictTable(r)}
<h2>Protocols × services</h2>
${matrix(r)}
<h2>Services</h2>
${r.services.map((s) => serviceBlock(r, s)).join('\n')}
<h2>Fixes</h2>
${r.fixes.length === 0 ? '<p>None needed.</p>' : `<p class="meta">Nothing was changed: review, run, then reload Postfix.</p>${r.fixes.map((f) => fixBlock(r, f)).join('\n')}`}
<h2>Findings</h2>
<table class="findings"><thead><tr><th>Severity</th><th>Id</th><th>Source</th><th>Where</th><th>What</th></tr></thead><tbody>${findings.map(findingRow).join('')}</tbody></table>
${r.warnings.length > 0 ? `<h2>Warnings</h2><ul>${r.warnings.map((w) => `<li><code>${esc(w.code)}</code> ${esc(w.place ?? '')} ${esc(w.message)}</li>`).join('')}</ul>` : ''}
<p class="meta">${r.findings.length} findings, ${r.fixes.length} fixes; exit ${r.exitCode}${r.failOn !== null ? ` (--fail-on ${esc(r.failOn)})` : ''}.</p>
`);
}
