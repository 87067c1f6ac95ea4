/**
 * The entry of the CLI bundle, dist/mailtls.cjs (scripts/build.mjs), which bin/mailtls.cjs loads
 * through src/boot/. It holds no command: each is a bundle of its own, dist/commands/NAME.cjs,
 * loaded on demand (commands/index.ts), so `mailtls scan` never reads, compiles or runs the
 * config or logs code.
 */
export { main } from './main.js';
export { processIo } from './io.js';
