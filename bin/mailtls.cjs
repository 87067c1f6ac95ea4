#!/usr/bin/env node
// `node bin/mailtls.cjs ...`: runs the built CLI (npm run build). It sets process.exitCode and
// never calls process.exit, so output is never cut short; bin/mailtls is the installed command.
'use strict';
require('../dist/boot.cjs').start(process.argv.slice(2), require('node:path').join(__dirname, '..', 'dist'));
