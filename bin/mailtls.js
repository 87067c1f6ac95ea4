#!/usr/bin/env node
// The only place that calls process.exit: everything else returns an exit code.
import { main, processIo } from '../dist/mailtls.js';

main(process.argv.slice(2), processIo()).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`mailtls: internal error: ${err?.stack ?? err}\n`); process.exitCode = 70; },
);
