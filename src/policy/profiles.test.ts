import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { MailtlsError } from '../errors.js';
import { cipherSuiteByIana } from '../wire/registry/cipher-suites.js';
import { NAMED_GROUPS } from '../wire/registry/groups.js';
import { DEFAULT_PROFILE, PROFILE_TABLES, ROLES, getProfile, listProfiles } from './profiles.js';
import { coversFinding } from './grade.js';
import { RULE_IDS } from './table.js';

/** The finding ids src/scan/findings.ts can emit: add('id', ...) and add(`prefix-${...}`, ...). */
function scanFindingIds(): { ids: Set<string>; prefixes: string[] } {
  const src = readFileSync(new URL('../scan/findings.ts', import.meta.url), 'utf8');
  const ids = new Set([...src.matchAll(/add\('([a-z0-9-]+)'/g)].map((m) => m[1] as string));
  const prefixes = [...src.matchAll(/add\(`([a-z0-9-]+)\$\{/g)].map((m) => m[1] as string);
  return { ids, prefixes };
}

test('the required profiles exist, mail is the default, ids are unique', () => {
  const ids = listProfiles().map((p) => p.id);
  for (const id of ['mail', 'ncsc-2025', 'ncsc-2021', 'mozilla-6.0-intermediate', 'mozilla-6.0-modern', 'mozilla-5.7-old', 'bcp195', 'nist-800-52r2', 'bsi-2026']) {
    assert.ok(ids.includes(id), `missing profile ${id}`);
  }
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(DEFAULT_PROFILE, 'mail');
  assert.equal(ids[0], 'mail');
});

test('every profile says what it is: title, version, date, sources, roles; bsi-2026 is marked partial', () => {
  for (const t of PROFILE_TABLES) {
    assert.ok(t.title && t.version && /^\d{4}(-\d{2}){0,2}$/.test(t.date), `${t.id}: title/version/date`);
    assert.ok(t.sources.length > 0 && t.sources.every((s) => s.length >= 8), `${t.id}: sources`);
    for (const role of ROLES) assert.ok((t.roles[role] ?? '').length > 10, `${t.id}: nothing said about role ${role}`);
    for (const r of t.rules) assert.ok(r.source.length > 0 && r.title.length > 0, `${t.id}/${r.id}: source and title`);
  }
  const bsi = getProfile('bsi-2026').info;
  assert.ok(bsi.partial !== null && /Table 3/.test(bsi.partial));
  assert.equal(getProfile('mail').info.partial, null);
});

test('every profile has exactly one row per rule id and role, and the mail baseline on every role', () => {
  for (const t of PROFILE_TABLES) {
    for (const role of ROLES) {
      for (const id of RULE_IDS) {
        const rows = t.rules.filter((r) => r.id === id && (r.roles === undefined || r.roles.includes(role)));
        assert.ok(rows.length <= 1, `${t.id}: ${rows.length} ${id} rows for ${role}`);
        if (['starttls', 'tls-required', 'auth-after-tls'].includes(id)) assert.equal(rows.length, 1, `${t.id}: no ${id} for ${role}`);
      }
      // the roles a row names are real roles
      for (const r of t.rules) for (const x of r.roles ?? []) assert.ok(ROLES.includes(x));
    }
    // the tables' own rows: nothing for a role is left to chance
    const p = getProfile(t.id);
    for (const role of ROLES) assert.ok(p.rulesFor(role).length >= 4, `${t.id} ${role}`);
  }
});

test('every suite name in a table is in the IANA registry (converted to its code once)', () => {
  let names = 0;
  for (const t of PROFILE_TABLES) {
    for (const r of t.rules) {
      if (r.id !== 'cipher-suites') continue;
      for (const row of r.rows) {
        for (const n of row.names ?? []) {
          names++;
          const s = cipherSuiteByIana(n);
          assert.ok(s, `${t.id}: ${n} is not a registered suite`);
          assert.ok(getProfile(t.id).codesOf(row.names ?? []).has(s.hex));
        }
        if (row.match?.enc !== undefined) assert.doesNotThrow(() => new RegExp(row.match?.enc ?? ''));
      }
    }
  }
  assert.ok(names > 150, `only ${names} suite names in the tables`);
});

test('a suite is listed in one grade at most per rule (no row shadows another by accident)', () => {
  for (const t of PROFILE_TABLES) {
    for (const r of t.rules) {
      if (r.id !== 'cipher-suites') continue;
      const seen = new Map<string, string>();
      for (const row of r.rows) for (const n of row.names ?? []) {
        assert.ok(!seen.has(n) || seen.get(n) === row.grade, `${t.id}: ${n} listed as ${seen.get(n)} and ${row.grade}`);
        seen.set(n, row.grade);
      }
    }
  }
});

test('group names in the tables are groups the registry (and so the scan) knows', () => {
  const known = new Set(NAMED_GROUPS.map((g) => g.name));
  for (const t of PROFILE_TABLES) {
    for (const r of t.rules) {
      if (r.id !== 'key-exchange') continue;
      for (const row of r.groups?.rows ?? []) for (const n of row.names ?? []) assert.ok(known.has(n), `${t.id}: unknown group ${n}`);
    }
  }
});

test('every finding id a rule covers is one the scanner emits', () => {
  const { ids, prefixes } = scanFindingIds();
  assert.ok(ids.has('old-tls') && ids.has('starttls-injection') && prefixes.includes('cbc-only-'), 'the finding ids were not read from findings.ts');
  for (const t of PROFILE_TABLES) {
    for (const r of t.rules) {
      for (const c of r.covers) {
        const ok = c.endsWith('*') ? prefixes.includes(c.slice(0, -1)) : ids.has(c);
        assert.ok(ok, `${t.id}/${r.id} covers "${c}", which the scanner never emits`);
      }
    }
  }
  // findings about things no profile judges stay visible under every profile
  for (const t of PROFILE_TABLES) {
    for (const keep of ['starttls-injection', 'rate-limited', 'groups-unknown']) {
      assert.ok(!t.rules.some((r) => coversFinding(r.covers, keep)), `${t.id} hides ${keep}`);
    }
  }
});

test('an unknown profile is a usage error that names the known ones', () => {
  assert.throws(() => getProfile('ncsc-2099'), (e: unknown) => e instanceof MailtlsError && e.code === 'EUSAGE' && /ncsc-2025/.test(e.message) && /mail/.test(e.message));
});

test('src/policy stays pure: it imports the wire registry, severity, errors, and only the types of scan and postfix reports', () => {
  const dir = new URL('./', import.meta.url);
  const files = ['profiles.ts', 'evaluate.ts', 'evidence.ts', 'grade.ts', 'role.ts', 'table.ts', 'types.ts', 'index.ts',
    ...readdirSync(new URL('profiles/', dir)).map((f) => `profiles/${f}`)];
  let checked = 0;
  for (const f of files) {
    const src = readFileSync(new URL(f, dir), 'utf8');
    for (const m of src.matchAll(/^import (type )?[^'"]*from '([^']+)';$/gm)) {
      const [, isType, from = ''] = m;
      const target = new URL(from, new URL(f, dir)).pathname.replace(/.*\/src\//, '');
      const ok = target.startsWith('policy/') || target.startsWith('wire/registry/') || target === 'severity.js' || target === 'errors.js'
        || (isType !== undefined && (target === 'scan/types.js' || target === 'postfix/types.js'));
      assert.ok(ok, `${f} imports ${from}${isType ? ' (types)' : ''}`);
      checked++;
    }
    assert.doesNotMatch(src, /from 'node:/, `${f} uses Node's modules`);
  }
  assert.ok(checked > 30, `only ${checked} imports seen`);
});
