/**
 * Terminal rendering of a ListenReport (`mailtls listen`): what each sending client offered,
 * what the handshake and the session did, the profile's client rules, and the Postfix settings
 * behind each part. Takes the report data as is; decides nothing.
 */
import type { ClientOffer, ListenReport, ListenSession, LevelProbe } from '../listen/types.js';
import { renderRuleResults, profileHeading } from './profile-text.js';
import { table, wrapWords, type Style } from './terminal.js';

function list(items: readonly string[], width: number, indent: string): string {
  const lines: string[] = [];
  let cur = '';
  for (const it of items) {
    if (cur !== '' && cur.length + 2 + it.length > width - indent.length) {
      lines.push(`${cur},`);
      cur = it;
    } else cur = cur === '' ? it : `${cur}, ${it}`;
  }
  if (cur !== '') lines.push(cur);
  return lines.map((l) => indent + l).join('\n');
}

export function renderOffer(o: ClientOffer, s: Style, width = 100): string {
  const out: string[] = [];
  const row = (k: string, v: string) => out.push(`    ${s.dim(k.padEnd(18))}${v}`);
  row('versions', `${o.versions.join(' ')}${o.versionsUnknown.length > 0 ? s.dim(` (no supported_versions: whether ${o.versionsUnknown.join(', ')} would be accepted is not in the hello)`) : ''}`);
  row('legacy_version', `${o.legacyVersion} (record ${o.recordVersion})`);
  const real = o.suites.filter((x) => x.signalling !== true && x.grease !== true);
  row('cipher suites', `${real.length} in the client's order${o.suites.length > real.length ? ` (+ ${o.suites.filter((x) => x.signalling === true).map((x) => x.name).join(', ')})` : ''}`);
  out.push(list(real.map((x) => x.openssl ?? x.name), width, '      '));
  if (o.groups) row('groups', o.groups.map((g) => g.name).join(' '));
  if (o.keyShares) row('key shares', o.keyShares.map((k) => k.name).join(' ') || '(none)');
  if (o.signatureSchemes) {
    row('signature schemes', `${o.signatureSchemes.length}`);
    out.push(list(o.signatureSchemes.map((x) => x.name), width, '      '));
  }
  row('server name', o.serverName ?? s.dim('(no SNI)'));
  if (o.alpn) row('ALPN', o.alpn.join(' '));
  row('compression', o.compression.map((c) => (c === 0 ? 'null' : c === 1 ? 'DEFLATE' : String(c))).join(' '));
  const f = o.facts;
  const facts = [
    f.secureRenegotiation ? 'secure renegotiation' : 'no secure renegotiation',
    f.extendedMasterSecret ? 'extended master secret' : 'no extended master secret',
    f.encryptThenMac ? 'encrypt-then-MAC' : null,
    f.sessionTicket ? 'session tickets' : null,
    f.resumptionOffered ? 'resumption offered' : null,
    f.fallbackScsv ? 'TLS_FALLBACK_SCSV (a fallback retry)' : null,
    f.grease ? 'GREASE' : null,
  ].filter((x): x is string => x !== null);
  row('facts', facts.join(', '));
  row('extensions', `${o.extensions.length}`);
  out.push(list(o.extensions.map((e) => e.name), width, '      '));
  for (const w of o.warnings) out.push(`    ${s.yellow('warning')} ${w}`);
  return `${out.join('\n')}\n`;
}

function sessionLine(x: ListenSession, s: Style): string {
  const h = x.handshake;
  const tls = h.outcome === 'completed' ? s.green(`${h.protocol ?? '?'} ${h.cipher ?? '?'}`)
    : h.outcome === 'refused' ? s.yellow('handshake refused (--refuse)')
    : h.outcome === 'failed' ? s.red(`handshake failed${h.error ? `: ${h.error.code} ${h.error.message}` : ''}`)
    : s.yellow('no STARTTLS (plaintext)');
  const msg = x.message ? `message of ${x.message.bytes} bytes over ${x.message.over}` : 'no message';
  const err = x.error ? s.red(` ${x.error.code}: ${x.error.message}`) : '';
  return `  #${x.index} ${x.peer.address}:${x.peer.port} ${s.dim(`EHLO ${x.ehlo ?? '-'}`)}  ${tls}, ${msg}${err}\n  ${s.dim(`   ${x.commands.join(' ')}`)}`;
}

function levelRows(levels: readonly LevelProbe[], s: Style): string {
  const rows: string[][] = [[s.bold('level'), s.bold('settings read'), s.bold('versions offered'), s.bold('suites'), s.bold('negotiated'), s.bold('mail')]];
  for (const l of levels) {
    const proto = l.governing.find((g) => g.name.endsWith('protocols'));
    rows.push([
      l.level,
      proto ? `${proto.name} = ${proto.value || '(empty)'}` : l.kind === 'none' ? 'no TLS' : '',
      l.offer ? `${l.offer.versions.join(' ')}${l.offer.versionsUnknown.length > 0 ? ' (floor not shown)' : ''}` : l.sessions.length > 0 ? 'plaintext' : '-',
      l.offer ? String(l.offer.suites.filter((x) => x.signalling !== true && x.grease !== true).length) : '-',
      l.negotiated?.protocol ? `${l.negotiated.protocol} ${l.negotiated.cipher ?? ''}` : '-',
      (l.delivered ? 'delivered' : s.yellow('not delivered')) + (l.plaintextFallback === true ? s.yellow(' in plaintext after the refusal') : l.plaintextFallback === false ? ' (no plaintext retry)' : ''),
    ]);
  }
  return table(rows);
}

export function renderListenText(r: ListenReport, s: Style, width = 100): string {
  const out: string[] = [];
  out.push(s.bold(`mailtls listen on ${r.listener.address}:${r.listener.port}`) + s.dim(` (${r.mode === 'refuse' ? 'refusing every handshake' : 'completing handshakes with a throw-away certificate'})`));
  if (r.postfix) {
    out.push(`Postfix ${r.postfix.version} of ${r.postfix.configDir}, run as lab instance ${r.postfix.lab} (the directory itself is not touched)`);
  }
  if (r.levels && r.levels.length > 0) {
    out.push('', s.bold('What the smtp client offered at each smtp_tls_security_level'));
    out.push(levelRows(r.levels, s));
    out.push(s.dim('  may reads smtp_tls_protocols and smtp_tls_ciphers; encrypt and stronger read smtp_tls_mandatory_protocols and'));
    out.push(s.dim('  smtp_tls_mandatory_ciphers (src/smtp/smtp_tls_policy.c); fingerprint and up also exclude aNULL.'));
    for (const l of r.levels) if (l.note) out.push(`  ${s.yellow(l.level)}: ${l.note}`);
    const logged = r.levels.filter((l) => l.postfixLog.length > 0);
    if (logged.length > 0) {
      out.push('', s.bold("What the smtp client logged (the lab's maillog_file)"));
      for (const l of logged) for (const line of l.postfixLog.slice(0, 4)) out.push(`  ${l.level.padEnd(12)}${s.dim(line.length > width - 16 ? `${line.slice(0, width - 17)}…` : line)}`);
    }
  }
  out.push('', s.bold(`Sessions (${r.sessions.length})`));
  if (r.sessions.length === 0) out.push(s.dim('  no client connected'));
  for (const x of r.sessions) out.push(sessionLine(x, s));
  if (r.fallback) {
    out.push('', s.bold('Fallback after a refused handshake'));
    out.push(r.fallback.retriedInPlaintext
      ? `  ${s.yellow('the client came back without TLS')} and sent its mail in plaintext (${r.fallback.plaintextRetries} session${r.fallback.plaintextRetries === 1 ? '' : 's'} after ${r.fallback.refused} refused)`
      : `  ${s.green('no plaintext retry')} after ${r.fallback.refused} refused handshake${r.fallback.refused === 1 ? '' : 's'}`);
  }
  const shown = new Set<string>();
  const offers = r.levels && r.levels.length > 0
    ? r.levels.filter((l) => l.offer !== null).map((l) => ({ label: `at level ${l.level}`, offer: l.offer as ClientOffer }))
    : r.sessions.filter((x) => x.clientHello !== null).map((x) => ({ label: `in session #${x.index}`, offer: x.clientHello as ClientOffer }));
  for (const { label, offer } of offers) {
    const key = JSON.stringify({ ...offer, bytes: 0, extensions: offer.extensions.map((e) => e.name), keyShares: offer.keyShares?.map((k) => k.name) });
    if (shown.has(key)) {
      out.push('', s.bold(`ClientHello ${label}`) + s.dim(': the same as above'));
      continue;
    }
    shown.add(key);
    out.push('', s.bold(`ClientHello ${label}`) + s.dim(` (${offer.bytes} bytes)`));
    out.push(renderOffer(offer, s, width).trimEnd());
  }
  const levelGrades = (r.levels ?? []).filter((l) => l.grade !== null);
  for (const l of levelGrades) {
    const g = l.grade;
    if (g === null) continue;
    out.push('', profileHeading(g.profile, null, g.rules, s, `Profile ${g.profile.id} at level ${l.level}, the client rules`));
    out.push(renderRuleResults(g.rules, s, { width, all: false }).trimEnd());
  }
  if (levelGrades.length > 0) out.push(s.dim(`  Not about a client: ${levelGrades[0]?.grade?.notForClients.join(', ') ?? ''}. An offered suite is one the client would accept; the server picks.`));
  if (r.grade && levelGrades.length === 0) {
    out.push('', profileHeading(r.grade.profile, null, r.grade.rules, s, `Profile ${r.grade.profile.id}, the client rules`) + s.dim(' (first ClientHello)'));
    out.push(renderRuleResults(r.grade.rules, s, { width }).trimEnd());
    out.push(s.dim(`  Not about a client: ${r.grade.notForClients.join(', ')}. An offered suite is one the client would accept; the server picks.`));
  }
  out.push('', s.bold('Postfix settings that change what a Postfix client offers'));
  for (const h of r.settings) out.push(`  ${s.bold(h.what)}: ${h.settings.join(', ')}\n${wrapWords(h.note, width - 6, '      ')}`);
  if (r.error) out.push('', s.red(`${r.error.code}: ${r.error.message}`));
  return `${out.join('\n')}\n`;
}
