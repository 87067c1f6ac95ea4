/**
 * Terminal rendering of a scan report. Takes the report data as is; decides nothing.
 */
import type { ScanReport, CipherRef } from '../scan/types.js';
import type { ProfileInfo, RuleResult, ServiceRole } from '../policy/types.js';
import { renderProfileSection } from './profile-text.js';
import { bySeverity, table, wrapWords, type Style } from './terminal.js';

/** `mailtls scan --profile`: the profile's rules, shown before the findings no rule covers. */
export interface ScanGrading {
  readonly profile: ProfileInfo;
  readonly role: ServiceRole;
  readonly rules: readonly RuleResult[];
}

const yn = (v: boolean | null | undefined, yes = 'yes', no = 'no') => (v === null || v === undefined ? 'unknown' : v ? yes : no);

function strengthCell(c: CipherRef, s: Style): string {
  return c.strength === 'strong' ? s.green('strong') : c.strength === 'weak' ? s.yellow('weak') : s.red('insecure');
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * One line on how the scan kept to the server's pace, or null when the server never pushed back
 * and nothing was waited for: "pacing: the server refused 3 connections (421 ...); kept to 2 at
 * once and 30 a minute; waited 52 s".
 */
export function pacingLine(r: Pick<ScanReport, 'pacing'>): string | null {
  const p = r.pacing;
  if (!p || (p.refusals === 0 && p.waitedMs === 0)) return null;
  const parts: string[] = [];
  if (p.refusals > 0) parts.push(`the server refused ${p.refusals} connection${p.refusals === 1 ? '' : 's'}${p.reasons[0] !== undefined ? ` (${p.reasons[0]})` : ''}`);
  const kept: string[] = [];
  if (p.learnt.maxConnections !== null) kept.push(`${p.learnt.maxConnections} at once`);
  if (p.learnt.ratePerMinute !== null) kept.push(`${p.learnt.ratePerMinute} a minute`);
  if (kept.length > 0) parts.push(`kept to ${kept.join(' and ')}`);
  parts.push(`waited ${seconds(p.waitedMs)}`);
  return `pacing: ${parts.join('; ')}`;
}

export function renderScanText(r: ScanReport, s: Style, width = 100, graded?: ScanGrading): string {
  const out: string[] = [];
  const t = r.target;
  const where = `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  const label = { smtp: 'SMTP', imap: 'IMAP', pop3: 'POP3', sieve: 'ManageSieve' } as const;
  const app = t.protocol ?? 'smtp';
  const mode = t.starttls ? `${label[t.starttls]} STARTTLS` : app === 'smtp' ? 'implicit TLS' : `${label[app]} over implicit TLS`;
  out.push(s.bold(`mailtls scan ${where}`) + s.dim(` (${mode}${t.ip && t.ip !== t.host ? `, ${t.ip}` : ''}) - ${r.stats.connections} connections, ${(r.stats.durationMs / 1000).toFixed(2)} s`));
  if (!r.complete && r.error) out.push(s.red(`incomplete: ${r.error}`));
  const pacing = pacingLine(r);
  if (pacing !== null) out.push(s.yellow(pacing));
  if (r.unfinished && r.unfinished.length > 0) {
    out.push(s.red(`unknown (not probed): ${r.unfinished.map((u) => u.probe).join(', ')}`));
    const reasons = [...new Set(r.unfinished.map((u) => u.reason))];
    for (const why of reasons.slice(0, 3)) out.push(s.dim(`  because ${why}`));
  }

  if (r.smtp) {
    const m = r.smtp;
    out.push('', s.bold('SMTP'));
    const rows: string[][] = [];
    if (m.banner !== null) rows.push(['banner', m.banner.split('\n')[0] ?? '']);
    if (t.starttls) rows.push(['STARTTLS', m.starttls === null ? 'unknown' : m.starttls ? s.green('offered') : s.red('not offered')]);
    if (t.starttls) rows.push(['AUTH before TLS', m.authBeforeTls.length ? s.red(m.authBeforeTls.join(' ')) : 'none']);
    rows.push(['AUTH after TLS', m.authAfterTls.length ? m.authAfterTls.join(' ') : 'none']);
    if (t.starttls && m.capabilities.length) rows.push(['EHLO before TLS', m.capabilities.join(', ')]);
    if (m.capabilitiesAfterTls.length) rows.push(['EHLO after TLS', m.capabilitiesAfterTls.join(', ')]);
    if (m.injectedAfterStarttls) rows.push(['after STARTTLS', s.red(`${m.injectedAfterStarttls} bytes of injected plaintext (discarded)`)]);
    if (m.retries) rows.push(['421/450 retries', String(m.retries)]);
    out.push(table(rows));
  }

  if (r.mailbox) {
    const m = r.mailbox;
    const word = m.protocol === 'pop3' ? 'STLS' : 'STARTTLS';
    const caps = m.protocol === 'imap' ? 'CAPABILITY' : m.protocol === 'pop3' ? 'CAPA' : 'capabilities';
    out.push('', s.bold(label[m.protocol]));
    const rows: string[][] = [];
    if (m.greeting !== null) rows.push(['greeting', m.greeting]);
    if (t.starttls) {
      rows.push([word, m.starttls === null ? 'unknown' : m.starttls ? s.green('offered') : s.red('not offered')]);
      const clear = m.saslBeforeTls.filter((x) => x === 'PLAIN' || x === 'LOGIN');
      rows.push(['SASL before TLS', m.saslBeforeTls.length ? (clear.length ? s.red(m.saslBeforeTls.join(' ')) : m.saslBeforeTls.join(' ')) : 'none']);
      if (m.loginDisabledBeforeTls !== null) rows.push(['LOGINDISABLED', m.loginDisabledBeforeTls ? s.green('yes (LOGIN refused before TLS)') : s.red('no (LOGIN allowed before TLS)')]);
      if (m.protocol === 'pop3' && m.plaintextLoginBeforeTls !== null) rows.push(['USER before TLS', m.plaintextLoginBeforeTls ? s.red('offered') : s.green('not offered')]);
    }
    rows.push(['SASL after TLS', m.saslAfterTls.length ? m.saslAfterTls.join(' ') : 'none']);
    if (t.starttls && m.capabilities.length) rows.push([`${caps} before TLS`, m.capabilities.join(', ')]);
    if (m.capabilitiesAfterTls.length) rows.push([`${caps} after TLS`, m.capabilitiesAfterTls.join(', ')]);
    if (m.injectedAfterStarttls) rows.push([`after ${word}`, s.red(`${m.injectedAfterStarttls} bytes of injected plaintext (discarded)`)]);
    if (m.sameAddress) rows.push(['scanned from', s.yellow('the server\'s own address (Dovecot counts it as secured)')]);
    if (m.retries) rows.push(['refusals retried', String(m.retries)]);
    out.push(table(rows));
  }

  if (r.protocols.length) {
    out.push('', s.bold('Protocols'));
    out.push(table(r.protocols.map((p) => [
      p.version,
      p.offered === null ? s.yellow('unknown') : p.offered ? (['SSLv2', 'SSLv3'].includes(p.version) ? s.red('offered') : 'offered') : s.dim('not offered'),
      p.offered ? `${p.ciphers.length} suite${p.ciphers.length === 1 ? '' : 's'}` : '',
      p.serverPreference === null ? '' : p.serverPreference ? 'server chooses' : 'client chooses',
      p.chacha20Priority === true ? 'ChaCha20 priority' : '',
      p.error ? s.yellow(`(${p.error})`) : '',
    ])));
    for (const p of r.protocols.filter((x) => x.ciphers.length > 0)) {
      const how = p.serverPreference === true ? 'server order' : p.serverPreference === false ? 'client chooses; listed in scan order' : '';
      out.push('', s.bold(`${p.version} cipher suites`) + (how ? s.dim(` (${how})`) : ''));
      out.push(table(p.ciphers.map((c) => [c.code, c.openssl ?? '-', c.iana, c.bits ? `${c.bits} bits` : '', strengthCell(c, s)])));
    }
  }

  if (r.groups.length || r.tls.dhBits !== null) {
    out.push('', s.bold('Key exchange'));
    const rows: string[][] = [];
    if (r.groups.length) rows.push(['groups', r.groups.map((g) => g.name).join(', ')]);
    if (r.tls.dhBits !== null) rows.push(['DHE parameters', r.tls.dhBits < 2048 ? s.yellow(`${r.tls.dhBits} bits (smallest seen)`) : `${r.tls.dhBits} bits (smallest seen)`]);
    if (r.tls.helloRetryRequest !== null) rows.push(['HelloRetryRequest', yn(r.tls.helloRetryRequest)]);
    out.push(table(rows));
  }

  if (r.certificates.length) {
    out.push('', s.bold('Certificates'));
    for (const c of r.certificates) {
      out.push(`  ${s.bold(`${c.keyType} ${c.keyBits ?? '?'}${c.curve ? ` (${c.curve})` : ''}`)}  ${c.subject}`);
      out.push(table([
        ['issuer', c.issuer],
        ['names', c.sans.join(', ') || '(no SAN)'],
        ['valid', `${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}`],
        ['signature', c.signatureAlgorithm],
        ['trusted', c.trusted ? s.green('yes') : s.yellow(`no: ${c.trustError ?? 'unknown issuer'}`)],
        ['name match', c.nameMatches === null ? 'not checked (IP address)' : c.nameMatches ? s.green('yes') : s.yellow(`no (asked for ${t.host})`)],
        ['chain', `${c.chain.length} certificate${c.chain.length === 1 ? '' : 's'} sent`],
        ['served for', c.servedFor.join(', ')],
      ], '    '));
    }
  }

  out.push('', s.bold('TLS features'));
  out.push(table([
    ['secure renegotiation', yn(r.tls.secureRenegotiation)],
    ['extended master secret', yn(r.tls.extendedMasterSecret)],
    ['encrypt-then-MAC', yn(r.tls.encryptThenMac)],
    ['session tickets', yn(r.tls.sessionTickets)],
    ['compression', r.tls.compression ?? 'unknown'],
    ['TLS_FALLBACK_SCSV', yn(r.tls.fallbackScsv, 'honoured', 'ignored')],
  ]));

  if (r.vulns && r.vulns.length > 0) {
    const probed = r.vulns.some((v) => ['ccs-injection', 'client-renegotiation', 'robot', 'ticketbleed'].includes(v.id));
    out.push('', s.bold('Vulnerabilities') + s.dim(probed ? ' (--vulns)' : ' (from the scan alone; --vulns probes CCS, ROBOT, Ticketbleed, client renegotiation and, where heartbeats are on, Heartbleed)'));
    const status = (v: NonNullable<ScanReport['vulns']>[number]) => v.status === 'vulnerable' ? (v.informational ? s.yellow('vulnerable (informational)') : s.red('vulnerable'))
      : v.status === 'unknown' ? s.yellow('unknown') : v.status === 'not applicable' ? s.dim('not applicable') : s.green('not vulnerable');
    const rows = r.vulns.map((v) => [`${v.name}${v.cve ? ` ${s.dim(v.cve)}` : ''}`, status(v), s.dim(v.connections > 0 ? `${v.connections} conn.` : '')]);
    const lines = table(rows).split('\n');
    r.vulns.forEach((v, i) => {
      out.push(lines[i] ?? '');
      out.push(s.dim(wrapWords(v.why, width - 8, ' '.repeat(6))));
    });
  }

  if (graded !== undefined) out.push('', renderProfileSection(graded.profile, graded.role, graded.rules, s, width).trimEnd());
  out.push('', s.bold(graded !== undefined ? 'Findings no profile rule covers' : 'Findings'));
  if (r.findings.length === 0) out.push('  none');
  for (const f of bySeverity(r.findings)) {
    out.push(`  ${s.severity(f.severity)} ${s.bold(f.title)} ${s.dim(`[${f.id}]`)}`);
    out.push(wrapWords(f.detail, width - 11, ' '.repeat(11)));
  }
  if (r.errors.length) {
    out.push('', s.bold('Probe errors') + s.dim(' (the scan went on without these answers)'));
    const seen = new Map<string, number>();
    for (const e of r.errors) seen.set(`${e.probe}: ${e.code} ${e.message}`, (seen.get(`${e.probe}: ${e.code} ${e.message}`) ?? 0) + 1);
    for (const [line, n] of seen) out.push(`  ${line}${n > 1 ? s.dim(` (x${n})`) : ''}`);
  }
  return `${out.join('\n')}\n`;
}
