/**
 * The lab DNS stack's certificates, made by the real openssl: one CA, and leaf certificates it
 * signs for the MX hosts and the MTA-STS policy hosts, so that PKIX validation in the tests is
 * real (`--ca-file` names the CA). ECDSA P-256 throughout: quick to make.
 */
import { X509Certificate, createHash, createPublicKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tool } from './tools.js';

export interface LabCa {
  readonly cert: string;
  readonly key: string;
}

export interface LabLeaf {
  readonly cert: string;
  readonly key: string;
  /** key, leaf, CA: what smtpd_tls_chain_files takes (postconf(5)), and the order s_server needs too. */
  readonly chainFile: string;
  readonly names: readonly string[];
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export async function makeCa(dir: string, label: string): Promise<LabCa> {
  const cert = join(dir, 'ca.pem');
  const key = join(dir, 'ca.key');
  await tool('openssl', ['req', '-x509', ...EC, '-sha256', '-days', '30', '-subj', `/CN=mailtls lab DNS CA ${label}`,
    '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', key, '-out', cert]);
  return { cert, key };
}

export async function makeLeaf(dir: string, base: string, ca: LabCa, names: readonly string[]): Promise<LabLeaf> {
  const key = join(dir, `${base}.key`);
  const csr = join(dir, `${base}.csr`);
  const cert = join(dir, `${base}.pem`);
  const ext = join(dir, `${base}.ext`);
  await tool('openssl', ['req', '-new', ...EC, '-subj', `/CN=${names[0] ?? base}`, '-keyout', key, '-out', csr]);
  await writeFile(ext, `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\nbasicConstraints=CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
  await tool('openssl', ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', `0x${createHash('sha1').update(base + Date.now()).digest('hex').slice(0, 16)}`,
    '-days', '30', '-sha256', '-extfile', ext, '-out', cert]);
  const chainFile = join(dir, `${base}-chain.pem`);
  await writeFile(chainFile, `${await readFile(key, 'utf8')}${await readFile(cert, 'utf8')}${await readFile(ca.cert, 'utf8')}`, { mode: 0o600 });
  return { cert, key, chainFile, names };
}

/** A key pair alone (a "retired" key whose TLSA record was never removed). */
export async function makeKey(dir: string, base: string): Promise<string> {
  const key = join(dir, `${base}.key`);
  await tool('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', key]);
  return key;
}

/** SHA-256 of the certificate's SubjectPublicKeyInfo: the data of a `x 1 1` TLSA record. */
export async function spkiSha256(certFile: string): Promise<string> {
  const x = new X509Certificate(await readFile(certFile));
  return createHash('sha256').update(x.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export async function keySpkiSha256(keyFile: string): Promise<string> {
  const k = createPublicKey(await readFile(keyFile));
  return createHash('sha256').update(k.export({ type: 'spki', format: 'der' })).digest('hex');
}
