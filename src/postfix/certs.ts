/**
 * Key types of the server certificates Postfix loads. A legacy cert file starts with the leaf;
 * a chain file (smtpd_tls_chain_files, 3.4+) holds one or more "key, leaf, chain..." sequences,
 * so the leaf is the first certificate after each private key (TLS_README "Server certificate
 * and private key").
 */
import { X509Certificate } from 'node:crypto';

export interface PemInspection {
  readonly keyTypes: string[];
  readonly subject?: string;
  readonly notAfter?: string;
  readonly error?: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

export function inspectPem(text: string): PemInspection {
  const blocks = [...text.matchAll(BLOCK)].map((m) => ({ label: m[1] ?? '', pem: m[0] }));
  const leaves: string[] = [];
  let afterKey = false;
  let sawKey = false;
  for (const b of blocks) {
    if (b.label.endsWith('PRIVATE KEY')) {
      afterKey = true;
      sawKey = true;
    } else if (b.label === 'CERTIFICATE' || b.label === 'TRUSTED CERTIFICATE') {
      if (afterKey || (!sawKey && leaves.length === 0)) leaves.push(b.pem);
      afterKey = false;
    }
  }
  if (leaves.length === 0) return { keyTypes: [], error: 'no certificate found in the file' };
  const keyTypes: string[] = [];
  let subject: string | undefined;
  let notAfter: string | undefined;
  for (const pem of leaves) {
    try {
      const cert = new X509Certificate(pem);
      const t = cert.publicKey.asymmetricKeyType;
      if (t !== undefined) keyTypes.push(t === 'rsa-pss' ? 'rsa' : t);
      subject ??= cert.subject.replace(/\n/g, ', ');
      notAfter ??= new Date(cert.validTo).toISOString();
    } catch (err) {
      return { keyTypes, error: `certificate could not be parsed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  return { keyTypes: [...new Set(keyTypes)], ...(subject !== undefined ? { subject } : {}), ...(notAfter !== undefined ? { notAfter } : {}) };
}
