import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCheckText } from './check-text.js';
import { checkReport } from './check-report.fixture.js';
import { makeStyle } from './terminal.js';

test('an MX without addresses: its verdict and why come from the report', () => {
  const text = renderCheckText(checkReport(), makeStyle(false), 200);
  assert.match(text, /^ {2}20 gone\.example\.test +no address +- +- +- +- +- +fail$/m);
  assert.match(text, /^ {2}gone\.example\.test: fail: no A or AAAA records: senders skip this MX$/m);
  // Rendered, not decided: another verdict in the data is what the row shows.
  const other = renderCheckText(checkReport({ verdict: 'warn', verdictReason: 'because' }), makeStyle(false), 200);
  assert.match(other, /^ {2}20 gone\.example\.test +no address +- +- +- +- +- +warn$/m);
  assert.match(other, /^ {2}gone\.example\.test: warn: because$/m);
});

test('the one finding shape changes nothing in the terminal: title, host, detail, fix', () => {
  const r = checkReport();
  const text = renderCheckText({ ...r, findings: [{
    id: 'mx-no-address', severity: 'high', title: 'MX gone.example.test has no address', detail: 'Neither A nor AAAA records.', source: 'dns',
    host: 'gone.example.test', addresses: [], fix: null, message: 'Neither A nor AAAA records.', place: { host: 'gone.example.test' },
  }] }, makeStyle(false), 200);
  assert.match(text, /Findings\n +HIGH +MX gone\.example\.test has no address gone\.example\.test\n +Neither A nor AAAA records\.\n/i);
});
