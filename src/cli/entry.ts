/**
 * The entry of the CLI bundle, dist/mailtls.cjs (scripts/build.mjs), which bin/mailtls.cjs loads
 * through src/boot/. Commands are imported on demand (commands/index.ts), so `mailtls scan` never
 * runs the config or logs code.
 */
export { main } from './main.js';
export { processIo } from './io.js';
