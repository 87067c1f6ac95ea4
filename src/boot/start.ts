/**
 * What bin/mailtls.cjs runs: the CLI bundle (dist/mailtls.cjs, scripts/build.mjs) loaded through
 * V8's code cache (code-cache.ts), then main(). That bundle holds no command: it requires a
 * command's own bundle, ./commands/NAME.cjs, only when the command runs or prints its usage, and
 * this loader serves that require through the cache too, one cache file per bundle (each
 * command compiles different code), so `mailtls scan` reads and compiles the scanner and
 * nothing else. Kept apart from the bundles because it must run before they are compiled; it
 * imports nothing of mailtls but types.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CliIo } from '../cli/io.js';
import { codeCacheFile, requireWithCodeCache, type CachedModule } from './code-cache.js';

interface Cli {
  readonly main: (argv: readonly string[], io: CliIo) => Promise<number>;
  readonly processIo: () => CliIo;
}

/** The command whose bundle a require() of the CLI bundle names ('./commands/scan.cjs': 'scan'), or null for any other module. */
export function commandBundle(id: string): string | null {
  return /^\.\/commands\/([a-z][a-z-]{0,20})\.cjs$/.exec(id)?.[1] ?? null;
}

/** Bundles loaded through the code cache, each once; their caches are written after the run. */
class Bundles {
  private readonly loaded = new Map<string, CachedModule>();

  load(file: string, label: string): unknown {
    let m = this.loaded.get(file);
    if (!m) {
      m = requireWithCodeCache(file, codeCacheFile(file, label), this.requireFrom(file));
      this.loaded.set(file, m);
    }
    return m.exports;
  }

  /** Writes the caches that were missing or refused: after the work, so they hold what it compiled. */
  save(): void {
    for (const m of this.loaded.values()) m.save();
  }

  /** Node's require for `file`, except for command bundles, which come through here. */
  private requireFrom(file: string): NodeJS.Require {
    const node = createRequire(file);
    const require = (id: string): unknown => {
      const name = commandBundle(id);
      return name === null ? node(id) : this.load(join(dirname(file), id), name);
    };
    return Object.assign(require, { resolve: node.resolve, cache: node.cache, extensions: node.extensions, main: node.main });
  }
}

export function start(argv: readonly string[], distDir: string): void {
  const bundle = join(distDir, 'mailtls.cjs');
  const bundles = new Bundles();
  let cli: Cli;
  try {
    cli = bundles.load(bundle, 'cli') as Cli;
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
    process.stderr.write(missing ? `mailtls: ${bundle} is missing: run \`npm run build\` first\n` : `mailtls: internal error: ${(err as Error | null)?.stack ?? String(err)}\n`);
    process.exitCode = 70;
    return;
  }
  cli.main(argv, cli.processIo()).then(
    (code) => {
      process.exitCode = code;
      bundles.save();
    },
    (err: unknown) => {
      process.stderr.write(`mailtls: internal error: ${(err as Error | null)?.stack ?? String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
