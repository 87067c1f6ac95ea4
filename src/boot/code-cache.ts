/**
 * Loading the CLI bundle with V8's code cache (node:vm `cachedData`), so a run does not compile
 * again what the previous run of the same command compiled. On a small machine a scan of a near
 * server lasts about as long as Node's own start, and compiling the bundle's functions as they
 * are first called is a tenth of it. Node 22 has this built in (module.enableCompileCache); on
 * Node 20 only scripts compiled through node:vm can use a cache, hence this loader.
 *
 * A cache holds bytecode that V8 runs without checking more than a length and a checksum, so it
 * is read only from a directory that only this user can write (never /tmp): under
 * $MAILTLS_CACHE_DIR, $XDG_CACHE_HOME or ~/.cache, owned by us and not group- or
 * world-writable. Any failure means no cache, never a failed command.
 */
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

export type CacheStatus =
  /** No cache file (first run of this command with this bundle and Node), or caching is off. */
  | 'none'
  /** V8 took the cache. */
  | 'accepted'
  /** V8 refused it (another V8 build or flags, or a damaged file); it is rewritten. */
  | 'rejected'
  /** The cache directory or file could be written by someone else: not read, not written. */
  | 'unsafe';

export interface CachedModule {
  readonly exports: unknown;
  readonly status: CacheStatus;
  /** Writes the cache when it was missing or refused: call after the work, so it holds what the work compiled. */
  save(): void;
}

/** Whether `path` exists, and if so whether it is owned by this user and writable by no one else (lstat: a symlink is unsafe). */
function inspect(path: string, kind: 'dir' | 'file'): 'missing' | 'safe' | 'unsafe' {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return 'missing';
  }
  const uid = process.getuid?.() ?? st.uid;
  return (kind === 'dir' ? st.isDirectory() : st.isFile()) && st.uid === uid && (st.mode & 0o022) === 0 ? 'safe' : 'unsafe';
}

/**
 * The cache file for `bundle` run as `label` (the command: each command compiles different
 * code), or null when caching is off (MAILTLS_CACHE_DIR set to an empty string) or no home is
 * known. The name carries Node's version and the bundle's size and time, so a rebuild or
 * another Node starts a new file.
 */
export function codeCacheFile(bundle: string, label: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env['MAILTLS_CACHE_DIR'];
  if (explicit === '') return null;
  const root = explicit ?? (env['XDG_CACHE_HOME'] || (env['HOME'] ? join(env['HOME'], '.cache') : ''));
  if (!root) return null;
  let st;
  try {
    st = statSync(bundle);
  } catch {
    return null;
  }
  // The label is cut at the first '.', which it never contains, when older files are pruned.
  const name = `${label.replace(/[^a-z0-9-]/gi, '_')}.${process.version}-${process.arch}-${st.size}-${Math.trunc(st.mtimeMs)}.v8`;
  return join(explicit ?? join(root, 'mailtls'), name);
}

/**
 * Runs a CommonJS file (as `require` would) compiled with the cache in `cacheFile` when it is
 * safe and valid. `require` is what the file's own require() calls reach (Node's, from the
 * file's directory, unless given).
 */
export function requireWithCodeCache(file: string, cacheFile: string | null, require: NodeJS.Require = createRequire(file)): CachedModule {
  const source = readFileSync(file, 'utf8');
  const dir = cacheFile ? dirname(cacheFile) : null;
  let status: CacheStatus = 'none';
  let cachedData: Buffer | undefined;
  if (cacheFile && dir) {
    const dirState = inspect(dir, 'dir');
    const fileState = dirState === 'safe' ? inspect(cacheFile, 'file') : 'missing';
    if (dirState === 'unsafe' || fileState === 'unsafe') status = 'unsafe';
    else if (fileState === 'safe') {
      try {
        cachedData = readFileSync(cacheFile);
      } catch {
        // gone since: no cache
      }
    }
  }
  // The same wrapper as Node's CommonJS loader, so the file runs as it would under require().
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cachedData) status = script.cachedDataRejected === true ? 'rejected' : 'accepted';
  const module = { exports: {} as unknown };
  const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: { exports: unknown }, f: string, d: string) => void;
  fn.call(module.exports, module.exports, require, module, file, dirname(file));
  return {
    exports: module.exports,
    status,
    save: () => {
      if (!cacheFile || !dir || status === 'accepted' || status === 'unsafe') return;
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (inspect(dir, 'dir') !== 'safe') return;
        const data = script.createCachedData();
        const fd = openSync(tmp, 'wx', 0o600);
        try {
          writeSync(fd, data);
        } finally {
          closeSync(fd);
        }
        renameSync(tmp, cacheFile);
        // Files of older builds of the same command are dead weight.
        const prefix = `${basename(cacheFile).split('.')[0] ?? ''}.`;
        for (const f of readdirSync(dir)) {
          if (f.endsWith('.v8') && f.startsWith(prefix) && join(dir, f) !== cacheFile) rmSync(join(dir, f), { force: true });
        }
      } catch {
        // a cache is an optimisation: a full disk or a read-only home costs only speed
        try {
          rmSync(tmp, { force: true });
        } catch {
          // nothing more to do
        }
      }
    },
  };
}
