import { readFileSync, writeFileSync } from 'node:fs';
import { renderAuditHtml } from '/work/main/src/report/audit-html.js';
const r = JSON.parse(readFileSync('/tmp/audit-out.json', 'utf8'));
writeFileSync('/tmp/audit.html', renderAuditHtml(r));
