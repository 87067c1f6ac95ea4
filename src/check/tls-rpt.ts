/**
 * SMTP TLS Reporting (RFC 8460 §3): the `_smtp._tls` TXT record. Exactly one record starting
 * with v=TLSRPTv1, then `rua=` with one or more comma-separated mailto: or https: URIs.
 */
export interface TlsRptResult {
  readonly record: string | null;
  readonly valid: boolean;
  readonly rua: string[];
  readonly errors: string[];
}

export function parseTlsRpt(name: string, texts: readonly string[]): TlsRptResult {
  const ours = texts.filter((t) => t.trimStart().startsWith('v=TLSRPTv1'));
  if (ours.length === 0) {
    const near = texts.find((t) => /^\s*v\s*=\s*tlsrptv1/i.test(t));
    return { record: near ?? null, valid: false, rua: [], errors: near ? [`the record at ${name} must start with exactly "v=TLSRPTv1"`] : [] };
  }
  if (ours.length > 1) return { record: ours[0] ?? null, valid: false, rua: [], errors: [`${ours.length} records at ${name} start with v=TLSRPTv1; RFC 8460 §3 requires exactly one`] };
  const record = ours[0] ?? '';
  const errors: string[] = [];
  const rua: string[] = [];
  const fields = record.split(';').map((f) => f.trim()).filter((f) => f !== '');
  if (fields[0] !== 'v=TLSRPTv1') errors.push('the first field must be v=TLSRPTv1');
  let sawRua = false;
  for (const f of fields.slice(1)) {
    const m = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(f);
    if (!m) { errors.push(`field "${f}" is not key=value`); continue; }
    if (m[1] !== 'rua') continue; // unknown extension fields are allowed (§3, tlsrpt-extension)
    if (sawRua) errors.push('rua appears twice');
    sawRua = true;
    for (const uri of (m[2] ?? '').split(',').map((u) => u.trim())) {
      if (/^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$/i.test(uri) || /^https:\/\/[^\s/]+/i.test(uri)) rua.push(uri);
      else errors.push(`rua "${uri}" must be a mailto: address or an https: URL (RFC 8460 §3)`);
    }
  }
  if (!sawRua) errors.push('no rua field: reports have nowhere to go');
  return { record, valid: errors.length === 0, rua, errors };
}
