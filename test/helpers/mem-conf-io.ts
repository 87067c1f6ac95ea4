/** An in-memory file system for the OpenSSL configuration reader (src/openssl/conf.ts ConfIo). */
import { readFileSync } from 'node:fs';
import type { ConfIo } from '../../src/openssl/conf.js';

/** Files by absolute path; directories list their entries in the given (readdir) order, else in insertion order. */
export function memIo(files: Record<string, string>, dirOrder: Record<string, string[]> = {}): ConfIo {
  const dirs = new Map<string, string[]>();
  for (const p of Object.keys(files)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/') || '/';
      const name = parts[i] ?? '';
      const list = dirs.get(dir) ?? [];
      if (!list.includes(name)) list.push(name);
      dirs.set(dir, list);
    }
  }
  for (const [d, order] of Object.entries(dirOrder)) dirs.set(d, order);
  return {
    stat: (p) => (files[p] !== undefined ? 'file' : dirs.has(p.replace(/\/$/, '')) ? 'dir' : null),
    readFile: (p) => files[p] ?? null,
    readDir: (p) => dirs.get(p.replace(/\/$/, '')) ?? null,
  };
}

const FIXTURES = new URL('../fixtures/openssl-conf/', import.meta.url);

/** A fixture of test/fixtures/openssl-conf/ by its relative path. */
export function confFixture(rel: string): string {
  return readFileSync(new URL(rel, FIXTURES), 'utf8');
}
