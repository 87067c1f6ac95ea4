import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCheckHtml } from './check-html.js';
import { checkReport } from './check-report.fixture.js';

test('an MX without addresses: a verdict badge and the reason from the report', () => {
  const html = renderCheckHtml(checkReport());
  const row = /<tr data-mx="gone\.example\.test">.*?<\/tr>/.exec(html)?.[0] ?? '';
  assert.match(row, /<td colspan="7" class="bad">no address<\/td>/);
  assert.match(row, /data-verdict="fail"/);
  assert.match(html, /<li><b>gone\.example\.test<\/b>: no A or AAAA records: senders skip this MX<\/li>/);
  const other = renderCheckHtml(checkReport({ verdict: 'warn', verdictReason: 'because <b>', error: 'SERVFAIL' }));
  const row2 = /<tr data-mx="gone\.example\.test">.*?<\/tr>/.exec(other)?.[0] ?? '';
  assert.match(row2, /data-verdict="warn"/);
  assert.match(row2, />SERVFAIL</);
  assert.match(other, /because &lt;b&gt;/, 'escaped');
});

test('findings most severe first', () => {
  const r = checkReport();
  const f = (id: string, severity: 'low' | 'critical') => ({ id, severity, title: id, detail: 'd', message: 'd', place: {}, source: 'dns' as const,
    host: null, addresses: [], fix: null });
  const html = renderCheckHtml({ ...r, findings: [f('first-low', 'low'), f('then-critical', 'critical')] });
  assert.ok(html.indexOf('then-critical') < html.indexOf('first-low'));
});
