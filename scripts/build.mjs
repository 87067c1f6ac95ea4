#!/usr/bin/env node
// `npm run build`: bundles src/ into dist/ with esbuild (types are checked by `tsc --noEmit` in
// `npm test`, not here). Two CommonJS files:
// - dist/mailtls.cjs: the whole CLI (src/cli/entry.ts). Commands are still evaluated only when
//   run (esbuild wraps lazily imported modules), so `mailtls scan` never runs the log parser.
// - dist/boot.cjs: src/boot/start.ts, which bin/mailtls.cjs runs: it compiles the CLI bundle
//   with V8's code cache (src/boot/code-cache.ts).
// Why a bundle: on a small machine Node spends longer resolving, reading and compiling ~90
// separate modules than a scan of a near server takes to run. Why CommonJS: Node 20 can feed a
// code cache only to scripts compiled through node:vm, and its ESM loader alone costs a few
// milliseconds more at start.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/mailtls.cjs',
  sourcemap: 'linked',
  // The sources are ESM; the few that locate files next to themselves read import.meta.url.
  define: { 'import.meta.url': '__mailtlsModuleUrl' },
  banner: { js: "const __mailtlsModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({ ...common, entryPoints: ['src/boot/start.ts'], outfile: 'dist/boot.cjs' });
