import { readFileSync } from 'node:fs';
import { renderAuditText } from '/work/main/src/report/audit-text.js';
import { makeStyle } from '/work/main/src/report/terminal.js';
const r = JSON.parse(readFileSync('/tmp/audit-out.json', 'utf8'));
process.stdout.write(renderAuditText(r, makeStyle(false), 100));
