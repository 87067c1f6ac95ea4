#!/usr/bin/env node
// `node bin/mailtls.js ...`, the path earlier versions documented: the same as bin/mailtls.cjs
// (this file is ESM, as every .js here is; the CLI is CommonJS for its code cache).
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./mailtls.cjs');
