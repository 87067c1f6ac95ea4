/**
 * Terminal rendering of the `mailtls logs` report (src/logs/report.ts). Renders only: every
 * number comes from the report data, which is also what --json prints.
 */
import type { LogReport, RelaySummary, ServiceSummary } from '../logs/report.js';
import type { ImpactReport } from '../logs/impact.js';
import { table, type Style } from './terminal.js';

/** Protocol columns, newest first; others found in the data are appended. */
const PROTOCOL_COLUMNS = ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'];
const LEGACY = new Set(['TLSv1.1', 'TLSv1', 'SSLv3', 'SSLv2']);
const MAX_ROWS = 25;

/** `2026-11-21T18:31:20.000Z` -> `2026-11-21 18:31:20`. */
function when(iso: string | null): string {
  return iso === null ? '-' : iso.slice(0, 19).replace('T', ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function tally(rec: Readonly<Record<string, number>>, limit = 4): string {
  const entries = Object.entries(rec);
  if (entries.length === 0) return '-';
  const shown = entries.slice(0, limit).map(([k, v]) => `${k} ×${v}`);
  if (entries.length > limit) shown.push(`+${entries.length - limit} more`);
  return shown.join(', ');
}

function protocolColumns(services: readonly ServiceSummary[]): string[] {
  const seen = new Set<string>();
  for (const s of services) for (const p of Object.keys(s.tls)) seen.add(p);
  const cols = PROTOCOL_COLUMNS.filter((p) => seen.has(p) || p === 'TLSv1.3' || p === 'TLSv1.2');
  for (const p of seen) if (!cols.includes(p)) cols.push(p);
  return cols;
}

function serviceTable(services: readonly ServiceSummary[], st: Style, peerWord: string): string {
  const cols = protocolColumns(services);
  const hasUnlogged = services.some((s) => s.tlsUnlogged > 0);
  const hasUnknown = services.some((s) => s.unknown > 0);
  const head = ['SERVICE', 'SESSIONS', ...cols, ...(hasUnlogged ? ['TLS (version not logged)'] : []), 'NO TLS', 'FAILED', ...(hasUnknown ? ['UNKNOWN'] : []), peerWord];
  const rows = services.map((s) => [
    s.name,
    String(s.sessions),
    ...cols.map((p) => {
      const n = s.tls[p] ?? 0;
      return n > 0 && LEGACY.has(p) ? st.yellow(String(n)) : String(n);
    }),
    ...(hasUnlogged ? [String(s.tlsUnlogged)] : []),
    s.plaintext > 0 ? st.yellow(String(s.plaintext)) : '0',
    s.failures > 0 ? st.red(String(s.failures)) : '0',
    ...(hasUnknown ? [String(s.unknown)] : []),
    String(s.peers),
  ]);
  return table([head.map((h) => st.bold(h)), ...rows]);
}


function capped<T>(rows: readonly T[], st: Style, render: (rows: readonly T[]) => string): string {
  const shown = render(rows.slice(0, MAX_ROWS));
  return rows.length > MAX_ROWS ? `${shown}\n  ${st.dim(`... and ${rows.length - MAX_ROWS} more (--json lists all)`)}` : shown;
}

/**
 * One row per relay and client service: `postfix/smtp` and `postfix/relay/smtp` (master.cf's
 * relay transport) delivering to one relay are two rows, so the SERVICE column tells them apart.
 */
function relayTable(relays: readonly RelaySummary[], st: Style): string {
  return table([
    ['RELAY', 'SERVICE', 'DELIVERIES', 'TLS', 'NO TLS', 'UNKNOWN', 'FAILED', 'LAST SEEN'].map((h) => st.bold(h)),
    ...relays.map((r) => [
      r.relay, r.service, String(r.deliveries), tally(r.protocols),
      r.plaintext > 0 ? st.yellow(String(r.plaintext)) : '0',
      String(r.unknown + r.tlsUnlogged),
      r.failures > 0 ? st.red(String(r.failures)) : '0',
      when(r.lastSeen),
    ]),
  ]);
}

function renderImpact(impact: ImpactReport, st: Style): string[] {
  const out: string[] = [];
  out.push(st.bold(`Impact if: ${impact.policies.map((p) => p.expr).join(' and ')}`));
  for (const p of impact.policies) out.push(`  ${st.dim(`${p.expr}: ${p.meaning}`)}`);
  if (impact.services.length === 0) out.push('  No inbound sessions to judge.');
  for (const s of impact.services) {
    const verdict = s.wouldFail > 0 ? st.red(`${s.wouldFail} of ${s.sessions} sessions would fail`) : st.green(`no session of ${s.sessions} would fail`);
    const extra = [`${s.fine} fine`];
    if (s.unknown > 0) extra.push(`${s.unknown} cannot be judged from the log`);
    if (s.alreadyFailing > 0) extra.push(`${s.alreadyFailing} failed already`);
    const who = s.clients.length > 0 ? ` (${plural(s.clients.length, 'client')})` : '';
    out.push(`  ${st.bold(s.name)}: ${verdict}${who}; ${extra.join(', ')}`);
    if (s.clients.length > 0) {
      out.push(capped(s.clients, st, (rows) => table([
        ['CLIENT', 'WOULD FAIL', 'OF', 'WHY', 'USERS', 'LAST SEEN'].map((h) => st.bold(h)),
        ...rows.map((c) => [c.client, String(c.wouldFail), String(c.sessions), tally(c.reasons, 2), c.users.join(',') || '-', when(c.lastSeen)]),
      ], '    ')));
    }
  }
  const o = impact.outbound;
  if (o.deliveries > 0) {
    out.push(`  ${st.bold('outbound deliveries')}: ${o.wouldFail > 0 ? st.red(`${o.wouldFail} of ${o.deliveries} would fail`) : st.green(`none of ${o.deliveries} would fail`)}; ${o.fine} fine${o.unknown > 0 ? `, ${o.unknown} cannot be judged` : ''}`);
    if (o.relays.length > 0) {
      out.push(capped(o.relays, st, (rows) => table([
        ['RELAY', 'SERVICE', 'WOULD FAIL', 'OF', 'WHY'].map((h) => st.bold(h)),
        ...rows.map((r) => [r.relay, r.service, String(r.wouldFail), String(r.deliveries), tally(r.reasons, 2)]),
      ], '    ')));
    }
  }
  if (impact.sessionsOmitted > 0) out.push(`  ${st.dim(`(--json lists the first ${impact.sessions.length} failing sessions; ${impact.sessionsOmitted} more omitted)`)}`);
  for (const n of impact.notes) out.push(`  ${st.dim(`note: ${n}`)}`);
  return out;
}

/** The kinds of LogReport.skipped in words. */
const SKIP_WORDS: Readonly<Record<string, string>> = {
  verbose: 'smtpd -v dialogue', 'tls-trace': 'TLS trace (loglevel 2+)', filter: 'filter/milter results', 'rbl-error': 'RBL lookup errors',
};

/**
 * Passwords without TLS, in two kinds: logins that succeeded (the server takes passwords in
 * clear: smtpd_tls_auth_only fixes it) and AUTH the server refused (the client sent
 * credentials anyway; with every plaintext AUTH refused, smtpd_tls_auth_only is evidently on
 * already and the fix would change nothing).
 */
function renderAuthWithoutTls(r: LogReport, st: Style): string[] {
  const out: string[] = [];
  const ok = r.clients.filter((c) => c.authOkWithoutTls > 0);
  if (ok.length > 0) {
    out.push('', st.bold(st.red(`Clients that logged in without TLS: passwords in clear text (${ok.length})`)));
    out.push(capped(ok, st, (rows) => table([
      ['CLIENT', 'SERVICE', 'SESSIONS', 'USERS', 'LAST SEEN'].map((h) => st.bold(h)),
      ...rows.map((c) => [c.client, c.service, String(c.authOkWithoutTls), c.users.join(',') || '-', when(c.lastSeen)]),
    ])));
    out.push(`  ${st.dim("fix: postconf -e 'smtpd_tls_auth_only = yes' (AUTH is then offered only after STARTTLS)")}`);
  }
  const refused = r.clients.filter((c) => c.authRefusedWithoutTls > 0);
  if (refused.length > 0) {
    out.push('', st.bold(st.yellow(`Clients that sent credentials without TLS, refused by the server (${refused.length})`)));
    out.push(capped(refused, st, (rows) => table([
      ['CLIENT', 'SERVICE', 'SESSIONS', 'LAST SEEN'].map((h) => st.bold(h)),
      ...rows.map((c) => [c.client, c.service, String(c.authRefusedWithoutTls), when(c.lastSeen)]),
    ])));
    out.push(`  ${st.dim(ok.length === 0
      ? 'no AUTH without TLS succeeded: the server refuses it (smtpd_tls_auth_only is in effect); these clients still sent their credentials in clear text before STARTTLS, so fix the clients'
      : 'these AUTH attempts were refused; the credentials still crossed the network in clear text')}`);
  }
  return out;
}

/** The whole report as terminal text. */
export function renderLogsText(r: LogReport, st: Style): string {
  const out: string[] = [];
  const names = r.files.map((f) => (f.name === '-' ? 'stdin' : f.name)).join(', ');
  out.push(`${st.bold('mailtls logs')}: ${names}`);
  out.push(`  ${r.lines} lines${r.unparsed > 0 ? ` (${r.unparsed} not understood)` : ''}, ${when(r.from)} to ${when(r.to)} UTC${r.postfixVersion !== null ? `, Postfix ${r.postfixVersion}` : ''}`);
  const skipped = Object.entries(r.skipped);
  if (skipped.length > 0) {
    out.push(`  ${st.dim(`skipped (read, of no use for TLS): ${skipped.map(([k, n]) => `${SKIP_WORDS[k] ?? k} ×${n}`).join(', ')}`)}`);
  }
  if (r.filters.since !== null || r.filters.until !== null || r.filters.services.length > 0) {
    const f: string[] = [];
    if (r.filters.since !== null) f.push(`since ${when(r.filters.since)}`);
    if (r.filters.until !== null) f.push(`until ${when(r.filters.until)}`);
    if (r.filters.services.length > 0) f.push(`service ${r.filters.services.join(', ')}`);
    out.push(`  ${st.dim(`only ${f.join('; ')}`)}`);
  }
  if (r.exclusion !== null && r.exclusion.sessions > 0) {
    out.push(`  ${st.dim(`${r.exclusion.sessions} session${r.exclusion.sessions === 1 ? '' : 's'} of ${r.exclusion.why} left out (--include-probes counts them)`)}`);
  }
  for (const n of r.notices) {
    out.push('');
    out.push(`${st.yellow('NOTICE')} ${n.message}`);
    if (n.fix !== undefined) out.push(`  fix: ${st.cyan(n.fix)}`);
  }

  const inbound = r.services.filter((s) => s.direction === 'inbound');
  const outboundSvcs = r.services.filter((s) => s.direction === 'outbound');
  if (inbound.length > 0) {
    out.push('', st.bold('Inbound sessions by service'), serviceTable(inbound, st, 'CLIENTS'));
    for (const s of inbound) {
      if (Object.keys(s.ciphers).length > 0) out.push(`  ${st.dim(`${s.name} ciphers: ${tally(s.ciphers, 5)}`)}`);
    }
    const failing = inbound.filter((s) => s.failures > 0);
    if (failing.length > 0) {
      out.push('', st.bold('Failed TLS handshakes by reason'));
      for (const s of failing) out.push(`  ${s.name}: ${tally(s.failureReasons, 6)}`);
    }
  }

  const legacy = r.clients.filter((c) => c.legacy).sort((a, b) => b.legacySessions - a.legacySessions || a.client.localeCompare(b.client));
  if (legacy.length > 0) {
    out.push('', st.bold(`Clients still on TLS 1.0/1.1 or weak ciphers (${legacy.length})`));
    out.push(capped(legacy, st, (rows) => table([
      ['CLIENT', 'SERVICE', 'OLD/WEAK', 'OF', 'PROTOCOLS', 'CIPHERS', 'LAST OLD/WEAK'].map((h) => st.bold(h)),
      ...rows.map((c) => [c.client, c.service, st.yellow(String(c.legacySessions)), String(c.sessions), tally(c.protocols), tally(c.ciphers, 2), when(c.legacyLastSeen)]),
    ])));
  } else if (r.tlsLogging.inbound && inbound.length > 0) {
    out.push('', st.green('No client used TLS 1.0/1.1 or a weak cipher.'));
  }

  out.push(...renderAuthWithoutTls(r, st));

  const failingClients = r.clients.filter((c) => c.failures > 0).sort((a, b) => b.failures - a.failures);
  if (failingClients.length > 0) {
    out.push('', st.bold(`Clients with failed TLS handshakes (${failingClients.length})`));
    out.push(capped(failingClients, st, (rows) => table([
      ['CLIENT', 'SERVICE', 'FAILED', 'OF', 'REASONS', 'LAST SEEN'].map((h) => st.bold(h)),
      ...rows.map((c) => [c.client, c.service, String(c.failures), String(c.sessions), tally(c.failureReasons, 2), when(c.lastSeen)]),
    ])));
  }

  if (outboundSvcs.length > 0) {
    out.push('', st.bold('Outbound deliveries by service'), serviceTable(outboundSvcs, st, 'RELAYS'));
    out.push('', st.bold('Outbound deliveries by destination'));
    out.push(capped(r.outbound, st, (rows) => relayTable(rows, st)));
  }

  if (r.postscreen !== null) {
    out.push('', `${st.bold('postscreen')}: ${r.postscreen.connections} connections, ${r.postscreen.passed} passed, ${r.postscreen.rejected} rejected`);
  }

  if (r.impact !== null) out.push('', ...renderImpact(r.impact, st));

  if (r.warnings.length > 0) {
    out.push('', st.bold(`Warnings (${r.warnings.length + r.warningsOmitted})`));
    for (const w of r.warnings) {
      const p = w.place;
      const where = p?.file !== undefined ? `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ` : '';
      out.push(`  ${w.code} ${where}${w.message}`);
    }
    if (r.warningsOmitted > 0) out.push(`  ... and ${r.warningsOmitted} more`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * A few lines for other reports (the demo shows it after a scan of the lab): sessions by TLS
 * version, sessions without TLS, failed handshakes, and the clients still on old protocols.
 */
export function renderLogsSummary(r: LogReport, st: Style): string {
  const out: string[] = [];
  const inbound = r.services.filter((s) => s.direction === 'inbound');
  const sum = (f: (s: ServiceSummary) => number) => inbound.reduce((n, s) => n + f(s), 0);
  const byProto: Record<string, number> = {};
  for (const s of inbound) for (const [p, n] of Object.entries(s.tls)) byProto[p] = (byProto[p] ?? 0) + n;
  const protos = PROTOCOL_COLUMNS.filter((p) => (byProto[p] ?? 0) > 0).map((p) => {
    const text = `${p} ${byProto[p] ?? 0}`;
    return LEGACY.has(p) ? st.yellow(text) : text;
  });
  const reasons: Record<string, number> = {};
  for (const s of inbound) for (const [k, n] of Object.entries(s.failureReasons)) reasons[k] = (reasons[k] ?? 0) + n;
  out.push(`${st.bold('Log')}: ${plural(sum((s) => s.sessions), 'inbound session')} (${protos.join(', ') || 'no TLS logged'}); `
    + `${sum((s) => s.plaintext)} without TLS; ${plural(sum((s) => s.failures), 'failed handshake')}${sum((s) => s.failures) > 0 ? ` (${tally(reasons, 3)})` : ''}`);
  for (const n of r.notices) if (n.code === 'TLS_NOT_LOGGED') out.push(`  ${st.yellow('note')}: TLS details are not logged; fix: ${n.fix ?? ''}`);
  const legacy = r.clients.filter((c) => c.legacy);
  if (legacy.length > 0) {
    out.push(`  clients on TLS 1.0/1.1 or weak ciphers: ${legacy.slice(0, 5).map((c) => `${c.client} (${c.service}, ${tally(c.protocols, 2)})`).join('; ')}${legacy.length > 5 ? `; +${legacy.length - 5} more` : ''}`);
  }
  const authOk = r.clients.filter((c) => c.authOkWithoutTls > 0);
  if (authOk.length > 0) out.push(`  ${st.red('logins without TLS')}: ${authOk.slice(0, 5).map((c) => c.client).join(', ')}`);
  const refused = r.clients.filter((c) => c.authRefusedWithoutTls > 0);
  if (refused.length > 0) out.push(`  ${st.yellow('AUTH without TLS refused')}: ${refused.slice(0, 5).map((c) => c.client).join(', ')}`);
  return `${out.join('\n')}\n`;
}
