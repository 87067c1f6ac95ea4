/**
 * The local `openssl` binary, when there is one: its version (to pick the model's release
 * line) and its own answer for a cipher string (to check the model, or to use when present).
 * The only place in src/openssl that runs a process.
 */
import { execFile } from 'node:child_process';
import { MailtlsError } from '../errors.js';
import type { OpensslLine } from './cipher-table.js';
import { resolveOpensslLine } from './version.js';

export interface LocalOpenssl {
  /** "3.0.19". */
  readonly version: string;
  readonly line: OpensslLine;
  /** The full `openssl version` line. */
  readonly text: string;
}

function run(args: readonly string[], timeoutMs = 10_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('openssl', [...args], { timeout: timeoutMs, maxBuffer: 4 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new MailtlsError('ENOOPENSSL', 'the openssl command is not installed', { cause: err }));
        return;
      }
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `openssl version`, or null when openssl is missing or says something unexpected. */
export async function detectLocalOpenssl(): Promise<LocalOpenssl | null> {
  try {
    const { code, stdout } = await run(['version']);
    const m = /OpenSSL (\d+\.\d+\.\d+[a-z]*)/.exec(stdout);
    if (code !== 0 || !m?.[1]) return null;
    return { version: m[1], line: resolveOpensslLine(m[1]).line, text: stdout.trim() };
  } catch {
    return null;
  }
}

export interface LocalCipherList {
  /** false: openssl rejected the string ("Error in cipher list"). */
  readonly ok: boolean;
  /** TLS ≤1.2 suites in order (TLS 1.3 ones, always listed first by openssl, are left out). */
  readonly suites: { code: number; openssl: string }[];
  readonly stderr: string;
}

/**
 * `openssl ciphers -V [-s -tls1_2] STRING`. With `supported`, openssl filters the list the way a
 * context supports it (security level, protocol, no PSK/SRP callbacks), without a certificate.
 */
export async function listCiphersLocal(str: string, options: { supported?: boolean } = {}): Promise<LocalCipherList> {
  const args = ['ciphers', '-V', ...(options.supported ? ['-s', '-tls1_2'] : []), '--', str];
  const { code, stdout, stderr } = await run(args);
  if (code !== 0) return { ok: false, suites: [], stderr };
  const suites: { code: number; openssl: string }[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2}) - (\S+)\s+(\S+)/.exec(line);
    if (!m?.[1] || !m[2] || !m[3] || m[4] === 'TLSv1.3') continue;
    suites.push({ code: parseInt(m[1] + m[2], 16), openssl: m[3] });
  }
  return { ok: true, suites, stderr };
}
