#!/usr/bin/env node
// `npm run build`: bundles src/ into dist/ with esbuild (types are checked by `tsc --noEmit` in
// `npm test`, not here). One entry, dist/mailtls.js, and a chunk per command loaded on demand.
// Why a bundle: on a small machine Node spends longer resolving, reading and compiling ~90
// separate modules than a scan of a near server takes to run (ESM resolution walks the file
// system once per import); one file per command removes most of that start-up time.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { mailtls: 'src/cli/entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
});
