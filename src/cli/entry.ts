/**
 * What bin/mailtls.js loads: the one entry of the bundle (scripts/build.mjs). Commands stay in
 * chunks of their own, loaded on demand (commands/index.ts), so `mailtls scan` never parses the
 * config or logs code.
 */
export { main } from './main.js';
export { processIo } from './io.js';
