/**
 * What bin/mailtls.cjs runs: the CLI bundle (dist/mailtls.cjs, scripts/build.mjs) loaded through
 * V8's code cache (code-cache.ts), then main(). Kept apart from the bundle because it must run
 * before the bundle is compiled; it imports nothing of mailtls but types.
 */
import { join } from 'node:path';
import type { CliIo } from '../cli/io.js';
import { codeCacheFile, requireWithCodeCache, type CachedModule } from './code-cache.js';

interface Cli {
  readonly main: (argv: readonly string[], io: CliIo) => Promise<number>;
  readonly processIo: () => CliIo;
}

export function start(argv: readonly string[], distDir: string): void {
  const bundle = join(distDir, 'mailtls.cjs');
  // One cache per command: each compiles different code (a scan never runs the log parser).
  const first = argv[0] ?? '';
  const label = /^[a-z][a-z-]{0,20}$/.test(first) ? first : 'cli';
  let loaded: CachedModule;
  try {
    loaded = requireWithCodeCache(bundle, codeCacheFile(bundle, label));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
    process.stderr.write(missing ? `mailtls: ${bundle} is missing: run \`npm run build\` first\n` : `mailtls: internal error: ${(err as Error | null)?.stack ?? String(err)}\n`);
    process.exitCode = 70;
    return;
  }
  const { main, processIo } = loaded.exports as Cli;
  main(argv, processIo()).then(
    (code) => {
      process.exitCode = code;
      loaded.save();
    },
    (err: unknown) => {
      process.stderr.write(`mailtls: internal error: ${(err as Error | null)?.stack ?? String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
