/**
 * MTA-STS (RFC 8461): the `_mta-sts` TXT record (§3.1), the policy file (§3.2) fetched over HTTPS
 * with certificate validation and no redirects (§3.3), and the MX check a sending MTA makes
 * (§4.1 name patterns, §4.2 PKIX-valid certificate for the MX name).
 */
import { request } from 'node:https';
import { MailtlsError } from '../errors.js';
import type { StsPolicy, StsTxt } from './types.js';

/** RFC 8461 §3.3: senders SHOULD NOT read more than 64 KiB of a policy. */
export const POLICY_MAX_BYTES = 64 * 1024;
/** RFC 8461 §3.2: max_age is at most 31557600 (about a year). */
export const MAX_AGE_LIMIT = 31_557_600;

export function parseStsTxt(name: string, texts: readonly string[]): Omit<StsTxt, 'dnssec'> {
  // §3.1: records not starting with v=STSv1 are ignored; exactly one must.
  const ours = texts.filter((t) => /^v=STSv1(;|\s|$)/.test(t.trimStart()) || t.trimStart().startsWith('v=STSv1'));
  const errors: string[] = [];
  if (ours.length === 0) {
    if (texts.some((t) => /^\s*v\s*=\s*stsv1/i.test(t))) errors.push(`a TXT record at ${name} looks like MTA-STS but does not start with exactly "v=STSv1" (the field is case-sensitive)`);
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
        if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_AGE_LIMIT) errors.push(`line ${i + 1}: max_age must be a whole number of seconds up to ${MAX_AGE_LIMIT}, not "${value}"`);
        else maxAge = Number(value);
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

export interface FetchTarget {
  readonly host: string;
  readonly address: string;
  readonly port?: number;
  /** PEM CA certificates to validate against (the system's plus --ca-file). */
  readonly ca: readonly string[];
  readonly timeoutMs?: number;
}

const CERT_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|HOSTNAME|DEPTH_ZERO/;

/**
 * GET https://mta-sts.<domain>/.well-known/mta-sts.txt from one address, the certificate checked
 * for the host name against `ca`. A redirect, another status, another content type, more than
 * 64 KiB or no answer in time each fail with their own code; nothing is read past the cap.
 */
export function fetchPolicyText(t: FetchTarget): Promise<string> {
  const port = t.port ?? 443;
  const place = { host: t.host, port };
  const timeoutMs = t.timeoutMs ?? 10_000;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const finish = (err: MailtlsError | null, body?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      if (err) reject(err);
      else resolve(body ?? '');
    };
    const req = request({
      host: t.address, port, servername: t.host, path: '/.well-known/mta-sts.txt', method: 'GET',
      headers: { Host: t.host, 'User-Agent': 'mailtls', Accept: 'text/plain' },
      ca: [...t.ca], minVersion: 'TLSv1.2', agent: false, rejectUnauthorized: true,
    }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        finish(new MailtlsError('EMTASTS_REDIRECT', `HTTP ${status} to ${String(res.headers.location ?? '(no Location)').slice(0, 200)}: senders must not follow redirects (RFC 8461 §3.3)`, { place }));
        return;
      }
      if (status !== 200) {
        finish(new MailtlsError('EMTASTS_HTTP', `HTTP ${status}, not 200`, { place }));
        return;
      }
      const type = String(res.headers['content-type'] ?? '');
      if (!/^text\/plain\s*(;|$)/i.test(type)) {
        finish(new MailtlsError('EMTASTS_HTTP', `Content-Type "${type || '(none)'}", not text/plain (RFC 8461 §3.2)`, { place }));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > POLICY_MAX_BYTES) {
          finish(new MailtlsError('EMTASTS_TOOLARGE', `the policy is longer than ${POLICY_MAX_BYTES} bytes; reading stopped there`, { place }));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => finish(null, Buffer.concat(chunks).toString('utf8')));
      res.on('error', (e) => finish(new MailtlsError('EMTASTS_FETCH', e.message, { place, cause: e })));
    });
    const timer = setTimeout(() => finish(new MailtlsError('ETIMEOUT', `no complete policy within ${timeoutMs} ms`, { place })), timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? '';
      finish(new MailtlsError(CERT_ERRORS.test(code) ? 'EMTASTS_CERT' : code === 'ECONNREFUSED' ? 'ECONNREFUSED' : 'EMTASTS_FETCH', `${code ? `${code}: ` : ''}${e.message}`, { place, cause: e }));
    });
    req.end();
  });
}
