/**
 * sslscan (Debian's package) as an oracle: runs it with --xml and reads which protocols it
 * found enabled and which suites it saw accepted, by protocol, as "0xC02F" codes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SslscanResult {
  /** "TLSv1.0" ... "TLSv1.3", "SSLv2", "SSLv3" -> enabled. */
  readonly protocols: ReadonlyMap<string, boolean>;
  /** By protocol, the accepted suites as "0x009F" (upper-case hex, as mailtls writes them). */
  readonly suites: ReadonlyMap<string, readonly string[]>;
}

export function sslscan(target: string, args: readonly string[]): Promise<SslscanResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-sslscan-'));
  const xml = join(dir, 'out.xml');
  return new Promise((resolve, reject) => {
    execFile('sslscan', ['--no-colour', '--no-heartbleed', `--xml=${xml}`, ...args, target], { timeout: 120_000, maxBuffer: 8 << 20 }, (err) => {
      try {
        const text = readFileSync(xml, 'utf8');
        rmSync(dir, { recursive: true, force: true });
        const protocols = new Map<string, boolean>();
        for (const m of text.matchAll(/<protocol type="(ssl|tls)" version="([\d.]+)" enabled="(\d)"/g)) {
          const name = m[1] === 'ssl' ? `SSLv${m[2] ?? ''}` : `TLSv${m[2] ?? ''}`;
          protocols.set(name, m[3] === '1');
        }
        const suites = new Map<string, string[]>();
        for (const m of text.matchAll(/<cipher status="(?:preferred|accepted)" sslversion="([^"]+)"[^>]* id="0x([0-9A-Fa-f]+)"/g)) {
          const v = m[1] ?? '';
          const list = suites.get(v) ?? [];
          list.push(`0x${(m[2] ?? '').toUpperCase().padStart(4, '0')}`);
          suites.set(v, list);
        }
        resolve({ protocols, suites });
      } catch (e) {
        rmSync(dir, { recursive: true, force: true });
        reject(err ?? (e instanceof Error ? e : new Error(String(e))));
      }
    });
  });
}
