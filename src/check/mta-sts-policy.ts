/**
 * MTA-STS (RFC 8461) as data and as a sending MTA judges it, without I/O: the `_mta-sts` TXT
 * record (§3.1), the policy file (§3.2), and the MX check a sender makes at each address (§4.1
 * name patterns, §4.2 PKIX-valid certificate for the MX name). The policy is fetched by
 * `mta-sts.ts`, the one HTTPS client.
 */
import { describeCertificate } from '../scan/certs.js';
import type { TrustStore } from '../scan/trust-store.js';
import type { AddressMtaSts, CheckMx, StsPolicy, StsTxt } from './types.js';

/** RFC 8461 §3.2: max_age is at most 31557600 (about a year). */
export const MAX_AGE_LIMIT = 31_557_600;

export function parseStsTxt(name: string, texts: readonly string[]): Omit<StsTxt, 'dnssec'> {
  // §3.1: records not starting with v=STSv1 are ignored; exactly one must.
  const ours = texts.filter((t) => /^v=STSv1(;|\s|$)/.test(t.trimStart()) || t.trimStart().startsWith('v=STSv1'));
  const errors: string[] = [];
  if (ours.length === 0) {
    if (texts.some((t) => /^\s*v\s*=\s*stsv1/i.test(t))) {
      errors.push(`a TXT record at ${name} looks like MTA-STS but does not start with exactly "v=STSv1" (the field is case-sensitive)`);
    }
    return { name, records: texts, valid: false, id: null, errors };
  }
  if (ours.length > 1) {
    errors.push(`${ours.length} TXT records at ${name} start with v=STSv1; RFC 8461 §3.1 says senders then treat the domain as having no policy`);
    return { name, records: ours, valid: false, id: null, errors };
  }
  const rec = ours[0] ?? '';
  // sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]; fields are key=value
  const fields = rec.split(';').map((f) => f.trim()).filter((f, i, all) => f !== '' || i < all.length - 1);
  let id: string | null = null;
  fields.forEach((f, i) => {
    const m = /^([A-Za-z0-9_.-]+)=([\x21-\x3a\x3c\x3e-\x7e]*)$/.exec(f);
    if (!m) {
      errors.push(`field ${i + 1} "${f}" is not key=value (RFC 8461 §3.1)`);
      return;
    }
    if (i === 0 && (m[1] !== 'v' || m[2] !== 'STSv1')) errors.push('the first field must be v=STSv1');
    if (m[1] === 'id') {
      if (id !== null) errors.push('id appears twice');
      id = m[2] ?? '';
      if (!/^[A-Za-z0-9]{1,32}$/.test(id)) errors.push(`id "${id}" must be 1 to 32 letters and digits (RFC 8461 §3.1: sts-id = 1*32(ALPHA / DIGIT))`);
    }
  });
  if (id === null) errors.push('the record has no id field');
  return { name, records: ours, valid: errors.length === 0, id, errors };
}

/** A policy file (RFC 8461 §3.2): "key: value" lines; mx may repeat. Pure. */
export function parsePolicy(url: string, text: string, address: string | null): StsPolicy {
  const errors: string[] = [];
  let version: string | null = null;
  let mode: StsPolicy['mode'] = null;
  let maxAge: number | null = null;
  const mx: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (line === '') return;
    const m = /^([A-Za-z0-9_.-]+):[ \t]*(.*)$/.exec(line);
    if (!m) {
      errors.push(`line ${i + 1}: "${line.slice(0, 80)}" is not "key: value"`);
      return;
    }
    const key = m[1] ?? '';
    const value = (m[2] ?? '').trim();
    if (key !== 'mx' && seen.has(key)) {
      errors.push(`line ${i + 1}: ${key} appears again (senders use the first)`);
      return;
    }
    seen.add(key);
    switch (key) {
      case 'version':
        version = value;
        if (value !== 'STSv1') errors.push(`line ${i + 1}: version must be STSv1, not "${value}"`);
        break;
      case 'mode':
        if (value === 'enforce' || value === 'testing' || value === 'none') mode = value;
        else errors.push(`line ${i + 1}: mode must be enforce, testing or none, not "${value}"`);
        break;
      case 'max_age':
        if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_AGE_LIMIT) {
          errors.push(`line ${i + 1}: max_age must be a whole number of seconds up to ${MAX_AGE_LIMIT}, not "${value}"`);
        } else maxAge = Number(value);
        break;
      case 'mx':
        if (!/^(\*\.)?([A-Za-z0-9-]+\.)+[A-Za-z0-9-]+\.?$/.test(value)) errors.push(`line ${i + 1}: mx "${value}" is not a host name or *.domain pattern`);
        else mx.push(value.toLowerCase().replace(/\.$/, ''));
        break;
      default:
        break; // §3.2: unknown fields are ignored
    }
  });
  if (version === null) errors.push('no version field');
  if (mode === null && !errors.some((e) => e.includes('mode'))) errors.push('no mode field');
  if (maxAge === null && !errors.some((e) => e.includes('max_age'))) errors.push('no max_age field');
  if (mx.length === 0 && mode !== 'none') errors.push('no mx field (required unless mode is none)');
  return { url, text, version, mode, maxAge, mx, valid: errors.length === 0, errors, address };
}

/** RFC 8461 §4.1: an exact name, or "*.example.com" covering exactly one more leftmost label. */
export function mxMatchesPattern(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return h === p;
  const rest = p.slice(2);
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === rest;
}


/**
 * What an MTA-STS sender does at one address of an MX: deliver when the MX name matches one of
 * the policy's mx patterns (§4.1: the name as published; an implicit MX is the domain itself)
 * and every certificate the server serves is PKIX-valid for that name (§4.2). `policy` is the
 * policy that applies (valid TXT and valid policy), null when none does.
 */
export function addressMtaSts(
  mx: { readonly host: string; readonly kind: CheckMx['kind'] }, chainsDer: readonly (readonly string[])[], starttls: boolean | null,
  policy: StsPolicy | null, store: TrustStore, now: Date,
): AddressMtaSts {
  if (!policy || policy.mode === 'none') {
    return { match: null, nameMatches: null, certificateValid: null, reason: policy ? 'policy mode none' : 'no MTA-STS policy applies' };
  }
  // RFC 8461 §4.1: the MX host name as published (an implicit MX: the domain) against the patterns.
  const nameMatches = mx.kind !== 'ip-literal' && policy.mx.some((p) => mxMatchesPattern(mx.host, p));
  const certs = chainsDer.map((d) => describeCertificate(d.map((b) => Buffer.from(b, 'base64')), mx.host, [], now, store));
  const bad = certs.find((c) => !c || !c.trusted || c.nameMatches !== true);
  const certificateValid = certs.length === 0 ? (starttls === false ? false : null) : bad === undefined;
  const reasons: string[] = [];
  if (!nameMatches) reasons.push(`${mx.host} matches none of the policy's mx patterns (${policy.mx.join(', ') || 'none'})`);
  if (starttls === false) reasons.push('no STARTTLS');
  if (bad) reasons.push(bad.trusted ? `the certificate does not name ${mx.host}` : `the certificate is not PKIX-valid: ${bad.trustError ?? 'untrusted'}`);
  const match = nameMatches && certificateValid === true;
  return { match, nameMatches, certificateValid, reason: reasons.length > 0 ? reasons.join('; ') : `listed in the policy, certificate valid for ${mx.host}` };
}
