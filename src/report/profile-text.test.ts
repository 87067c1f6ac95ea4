import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listProfiles } from '../policy/profiles.js';
import type { RuleResult } from '../policy/types.js';
import { renderProfileList, renderRuleResults, renderServiceGrades } from './profile-text.js';
import { makeStyle } from './terminal.js';

const plain = makeStyle(false);
const r = (id: string, outcome: RuleResult['outcome'], severity: RuleResult['severity'] = 'info'): RuleResult => ({
  rule: `mail/${id}`, profile: 'mail', id, title: `the ${id} rule`, outcome, severity, message: `${id} says why`, source: 'RFC 8996', offending: [], fix: null,
});

test('the profile list shows each id, title, version and date, its sources, and what is partial', () => {
  const out = renderProfileList(listProfiles(), plain, 100, 'mail');
  for (const p of listProfiles()) {
    assert.ok(out.includes(p.id) && out.includes(p.title), p.id);
    assert.ok(out.includes(`${p.version}, ${p.date}`), `${p.id} version/date`);
    assert.ok(out.includes((p.sources[0] ?? '').slice(0, 30)), `${p.id} source`);
  }
  assert.match(out, /^ {2}mail \(default\) {2}mailtls mail profile/m);
  assert.match(out, /partial +Only protocol versions/); // bsi-2026
  assert.ok(out.split('\n').every((l) => l.length <= 100), 'wrapped to the width');
});

test('rule results: outcome, severity for warn and fail, id, title, message and source', () => {
  const out = renderRuleResults([r('tls-versions', 'warn', 'low'), r('cipher-order', 'pass'), r('tls-required', 'n/a')], plain);
  assert.match(out, /^ {2}WARN {2}LOW {6}tls-versions {2}the tls-versions rule$/m);
  assert.match(out, /^ {2}PASS {2}cipher-order {2}the cipher-order rule$/m);
  assert.match(out, /^ {2}N\/A {3}tls-required/m);
  assert.match(out, /^ {8}tls-versions says why$/m);
  assert.match(out, /^ {8}RFC 8996$/m);
  const only = renderRuleResults([r('cipher-order', 'pass')], plain, { all: false });
  assert.match(only, /no rule warns or fails/);
});

test('config grades: one block per service with its role and where the role came from', () => {
  const info = listProfiles()[0];
  assert.ok(info);
  const out = renderServiceGrades(info, [{ name: 'smtp/inet', role: 'mx', roleSource: 'port 25', rules: [r('tls-versions', 'fail', 'medium')] }], plain);
  assert.match(out, /^Profile mail - /);
  assert.match(out, /^ {2}smtp\/inet as mx \(port 25\): 1 fail, 0 warn, 0 pass, 0 n\/a$/m);
  assert.match(out, /^ {4}FAIL {2}MEDIUM {3}tls-versions/m);
});
