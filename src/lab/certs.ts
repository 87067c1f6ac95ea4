import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { MailtlsError } from '../errors.js';

const run = promisify(execFile);

export interface LabCert {
  readonly cert: string;
  readonly key: string;
}

export interface LabCerts {
  readonly rsa: LabCert;
  readonly ecdsa: LabCert;
}

/**
 * A throw-away RSA 2048 and ECDSA P-256 certificate for an instance, made by the real openssl
 * so that Postfix loads them exactly as it would a user's. Self-signed: a scan must report them
 * untrusted, which is what the tests expect.
 */
export async function makeCerts(dir: string, hostname: string): Promise<LabCerts> {
  const make = async (kind: 'rsa' | 'ecdsa'): Promise<LabCert> => {
    const cert = join(dir, `${kind}-cert.pem`);
    const key = join(dir, `${kind}-key.pem`);
    const keyArgs = kind === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
    try {
      await run('openssl', ['req', '-x509', ...keyArgs, '-nodes', '-sha256', '-days', '30', '-subj', `/CN=${hostname}`,
        '-addext', `subjectAltName=DNS:${hostname}`, '-keyout', key, '-out', cert], { timeout: 30_000 });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') throw new MailtlsError('ENOOPENSSL', 'openssl is needed to make lab certificates: apt-get install openssl');
      throw new MailtlsError('ELAB_START', `openssl could not make a ${kind} certificate: ${e.message}`, { cause: err });
    }
    return { cert, key };
  };
  const [rsa, ecdsa] = await Promise.all([make('rsa'), make('ecdsa')]);
  return { rsa, ecdsa };
}
