/** Shared by the config-* integration tests: fixture copies with fresh certificates, and postconf. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'config');

export const FIXTURE_NAMES = ['seed-002', 'continuations', 'container-dms', 'container-mailcow', 'legacy-2x', 'modern-hardened', 'debian-stock'] as const;

export function hasCommand(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** One RSA and one ECDSA self-signed certificate, as separate files and as chain files (key first). */
export function makeCerts(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const gen = (name: string, keyArgs: string[]) => {
    execFileSync('openssl', ['req', '-x509', '-newkey', ...keyArgs, '-nodes', '-days', '2', '-subj', `/CN=${name}.test`,
      '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`)], { stdio: 'ignore', timeout: 30_000 });
    writeFileSync(join(dir, `${name}.pem`), readFileSync(join(dir, `${name}.key`), 'utf8') + readFileSync(join(dir, `${name}.crt`), 'utf8'));
  };
  gen('rsa', ['rsa:2048']);
  gen('ecdsa', ['ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']);
  // Names the fixtures use.
  cpSync(join(dir, 'rsa.crt'), join(dir, 'cert.pem'));
  cpSync(join(dir, 'rsa.key'), join(dir, 'key.pem'));
  cpSync(join(dir, 'rsa.crt'), join(dir, 'server.pem'));
  cpSync(join(dir, 'rsa.crt'), join(dir, 'submission.pem'));
}

/** A temporary copy of a fixture with certificates in DIR/tls. */
export function fixtureCopy(name: string, withCerts = true): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `mailtls-config-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  if (withCerts) makeCerts(join(dir, 'tls'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function postconf(args: string[]): string {
  return execFileSync('postconf', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000, maxBuffer: 16 << 20 });
}

/** "name = value" lines (postconf -n, -x, -d), the value exactly as printed. */
export function parseNameValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(' =');
    if (i <= 0) continue;
    out.set(line.slice(0, i), line.slice(i + 2).replace(/^ /, ''));
  }
  return out;
}
