#!/usr/bin/env node
// `npm run build`: bundles src/ into dist/ with esbuild (types are checked by `tsc --noEmit` in
// `npm test`, not here). CommonJS files:
// - dist/mailtls.cjs: the CLI without its commands (src/cli/entry.ts: main, `--help`,
//   `--version`, the list of commands). Each command module that src/cli/commands/index.ts
//   imports becomes a require of its own bundle, ./commands/NAME.cjs, run only when the command
//   runs (or prints its usage).
// - dist/commands/NAME.cjs: one bundle per command (src/cli/commands/NAME.ts and all it
//   imports). Code shared by commands is in each bundle that needs it: disk is cheap, and
//   `mailtls scan` reads and compiles the scanner and nothing else. One bundle for all grew to
//   1.2 MB as audit, check, listen and the labs arrived, and every command paid for all of it.
// - dist/errors.cjs: src/errors.ts, required by all of the above: a module that must exist once
//   per process, as main.ts tells a MailtlsError a command threw by `instanceof`.
// - dist/boot.cjs: src/boot/start.ts, which bin/mailtls.cjs runs: it compiles these bundles
//   with V8's code cache (src/boot/code-cache.ts), one cache per bundle.
// Why bundles: on a small machine Node spends longer resolving, reading and compiling ~90
// separate modules than a scan of a near server takes to run. Why CommonJS: Node 20 can feed a
// code cache only to scripts compiled through node:vm, and its ESM loader alone costs a few
// milliseconds more at start.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COMMANDS_INDEX = join(root, 'src', 'cli', 'commands', 'index.ts');
/** Modules with an identity (classes tested by instanceof across bundles): a file of their own, each bundle requires it. */
const ONCE = new Map([[join(root, 'src', 'errors.ts'), 'errors']]);
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
const cli = {
  ...common,
  sourcemap: 'linked',
  // The sources are ESM; the few that locate files next to themselves read import.meta.url.
  define: { 'import.meta.url': '__mailtlsModuleUrl' },
  banner: { js: "const __mailtlsModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/** The commands' modules, as src/cli/commands/index.ts imports them (`import('./scan.js')`). */
const commands = new Set();
/** In dist/mailtls.cjs, `import('./scan.js')` of the index becomes require('./commands/scan.cjs'), a file of its own. */
const commandsApart = {
  name: 'commands-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/[a-z][a-z-]*\.js$/ }, (args) => {
      if (args.importer !== COMMANDS_INDEX) return undefined;
      if (args.kind !== 'dynamic-import') throw new Error(`${COMMANDS_INDEX}: ${args.path} must be imported with import(), so its command loads only when run`);
      const name = args.path.slice(2, -3);
      commands.add(name);
      return { path: `./commands/${name}.cjs`, external: true };
    });
  },
};
/** Each import of a module of ONCE becomes a require of dist/NAME.cjs (from dist/ or dist/commands/). */
const once = (fromDir) => ({
  name: 'once',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const name = ONCE.get(join(args.resolveDir, args.path).replace(/\.js$/, '.ts'));
      return name === undefined ? undefined : { path: `${fromDir}${name}.cjs`, external: true };
    });
  },
});
await build({
  ...cli,
  entryPoints: Object.fromEntries([...ONCE].map(([file, name]) => [name, file])),
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
});
await build({
  ...cli,
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/mailtls.cjs',
  plugins: [commandsApart, once('./')],
  // import() of a CommonJS file becomes require(), which src/boot/start.ts serves through the
  // code cache; a real import() would go through Node's ESM loader, which node:vm scripts lack.
  supported: { 'dynamic-import': false },
});
if (commands.size === 0) throw new Error(`${COMMANDS_INDEX} imports no command: the build does not match the index`);
await build({
  ...cli,
  entryPoints: Object.fromEntries([...commands].map((name) => [`commands/${name}`, `src/cli/commands/${name}.ts`])),
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  plugins: [once('../')],
});
await build({ ...common, entryPoints: ['src/boot/start.ts'], outfile: 'dist/boot.cjs' });

// esbuild writes strings and identifiers in ASCII (charset 'ascii') but keeps comments as they
// are; one '≤' in a comment makes V8 hold the whole source as a two-byte string (twice the
// memory, a slower scan of it). Escaped, a comment reads the same.
for (const f of readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' })) {
  if (!f.endsWith('.cjs')) continue;
  const text = readFileSync(join(root, 'dist', f), 'utf8');
  if (/[^\0-\x7f]/.test(text)) writeFileSync(join(root, 'dist', f), text.replace(/[^\0-\x7f]/gu, (c) => `\\u{${c.codePointAt(0)?.toString(16)}}`));
}
