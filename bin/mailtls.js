#!/usr/bin/env node
// The only place that calls process.exit: everything else returns an exit code.
import { main } from '../dist/cli/main.js';
import { processIo } from '../dist/cli/io.js';

main(process.argv.slice(2), processIo()).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`mailtls: internal error: ${err?.stack ?? err}\n`); process.exitCode = 70; },
);
