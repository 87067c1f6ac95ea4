/**
 * MTA-STS (RFC 8461): the policy file fetched over HTTPS with certificate validation and no
 * redirects (§3.3). The one HTTPS client of mailtls; parsing and judging are in
 * `mta-sts-policy.ts`.
 */
import { request } from 'node:https';
import { MailtlsError } from '../errors.js';

/** RFC 8461 §3.3: senders SHOULD NOT read more than 64 KiB of a policy. */
export const POLICY_MAX_BYTES = 64 * 1024;

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
        const to = String(res.headers.location ?? '(no Location)').slice(0, 200);
        finish(new MailtlsError('EMTASTS_REDIRECT', `HTTP ${status} to ${to}: senders must not follow redirects (RFC 8461 §3.3)`, { place }));
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
      const kind = CERT_ERRORS.test(code) ? 'EMTASTS_CERT' : code === 'ECONNREFUSED' ? 'ECONNREFUSED' : 'EMTASTS_FETCH';
      finish(new MailtlsError(kind, `${code ? `${code}: ` : ''}${e.message}`, { place, cause: e }));
    });
    req.end();
  });
}
