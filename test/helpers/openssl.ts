/**
 * Ground truth from the real OpenSSL client: one handshake per call, against a lab port.
 * Tests use it to check what mailtls reports against what a real client gets.
 */
import { execFile } from 'node:child_process';

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
const FLAG: Record<TlsVersion, string> = { TLSv1: '-tls1', 'TLSv1.1': '-tls1_1', 'TLSv1.2': '-tls1_2', 'TLSv1.3': '-tls1_3' };

export interface SClientResult {
  readonly ok: boolean;
  readonly protocol: string | undefined;
  readonly cipher: string | undefined;
  readonly output: string;
}

export interface SClientOptions {
  readonly port: number;
  readonly host?: string;
  /** STARTTLS over SMTP (default) or implicit TLS. */
  readonly starttls?: boolean;
  readonly version?: TlsVersion;
  /** An OpenSSL cipher string for TLS <= 1.2 (security level 0 is added so old suites can be tried). */
  readonly cipher?: string;
  readonly ciphersuites?: string;
  readonly groups?: string;
  readonly sigalgs?: string;
  readonly timeoutMs?: number;
}

export function sClient(o: SClientOptions): Promise<SClientResult> {
  const args = ['s_client', '-connect', `${o.host ?? '127.0.0.1'}:${o.port}`, '-brief', '-verify_quiet'];
  if (o.starttls !== false) args.push('-starttls', 'smtp');
  if (o.version) args.push(FLAG[o.version]);
  args.push('-cipher', `${o.cipher ?? 'ALL:COMPLEMENTOFALL'}:@SECLEVEL=0`);
  if (o.ciphersuites) args.push('-ciphersuites', o.ciphersuites);
  if (o.groups) args.push('-groups', o.groups);
  if (o.sigalgs) args.push('-sigalgs', o.sigalgs);
  return new Promise((resolve) => {
    const child = execFile('openssl', args, { timeout: o.timeoutMs ?? 10_000 }, (_err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const protocol = /Protocol version: (\S+)/.exec(output)?.[1];
      const cipher = /Ciphersuite: (\S+)/.exec(output)?.[1];
      resolve({ ok: protocol !== undefined && cipher !== undefined, protocol, cipher, output });
    });
    child.stdin?.end();
  });
}
