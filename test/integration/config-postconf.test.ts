/**
 * The parser, the expansion and the defaults against the real postconf (Debian's 3.7.11): for
 * every fixture, main.cf settings = `postconf -n`, overrides = `postconf -P`, services =
 * `postconf -M`, and every TLS parameter a service sees = `postconf -x -o <its overrides>`.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { defaultsFor } from '../../src/postfix/defaults.js';
import { parseMainCf } from '../../src/postfix/main-cf.js';
import { loadAndAnalyze } from '../../src/postfix/load.js';
import { postconfPrintable } from '../../src/postfix/analyze.js';
import { parsePostfixVersion } from '../../src/postfix/version.js';
import { FIXTURE_NAMES, fixtureCopy, hasCommand, parseNameValues, postconf } from './config-helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { needs } from '../helpers/requires.js';

const HAVE_POSTCONF = hasCommand('postconf', ['-h', 'mail_version']);
const LOCAL_VERSION = HAVE_POSTCONF ? postconf(['-h', 'mail_version']).trim() : '';

describe('config vs the real postconf', { skip: needs(HAVE_POSTCONF, 'postconf') }, () => {
  const copies: { cleanup: () => void }[] = [];
  after(() => copies.forEach((c) => c.cleanup()));

  it('the defaults table for this version equals `postconf -d` for every TLS parameter', () => {
    const v = parsePostfixVersion(LOCAL_VERSION);
    assert.ok(v);
    const table = defaultsFor(v, { opensslVersion: '3.0.19' });
    const real = parseNameValues(postconf(['-d']));
    const tlsNames = [...real.keys()].filter((n) => n.includes('tls'));
    assert.ok(tlsNames.length > 150, `postconf -d lists ${tlsNames.length} TLS parameters`);
    const diffs = tlsNames.filter((n) => table.get(n) !== real.get(n)).map((n) => `${n}: table "${table.get(n)}" vs postconf "${real.get(n)}"`);
    assert.deepEqual(diffs, []);
    // The table knows nothing postconf does not.
    const extra = [...table.keys()].filter((n) => n.includes('tls') && !real.has(n));
    assert.deepEqual(extra, []);
  });

  for (const name of FIXTURE_NAMES) {
    describe(name, () => {
      const copy = fixtureCopy(name);
      copies.push(copy);
      const dir = copy.dir;

      it('main.cf settings equal `postconf -n` (continuations, comments, duplicates)', () => {
        const ours = parseMainCf(readFileSync(join(dir, 'main.cf'), 'utf8')).settings;
        const real = parseNameValues(postconf(['-c', dir, '-n']));
        real.delete('config_directory'); // postconf -c DIR -n adds it
        assert.deepEqual(new Map([...ours].map(([k, s]) => [k, postconfPrintable(s.value)])), real);
      });

      it('services equal `postconf -M` and overrides equal `postconf -P`', () => {
        const { analysis } = loadAndAnalyze({ configDir: dir });
        const realM = postconf(['-c', dir, '-M']).split('\n').filter((l) => l.trim() !== '').map((l) => l.split(/\s+/).slice(0, 2).join('/'));
        const ourM = analysis.master.entries.map((e) => `${e.service}/${e.type}`);
        assert.deepEqual([...new Set(ourM)].sort(), [...new Set(realM)].sort());
        const realP = parseNameValues(postconf(['-c', dir, '-P']));
        const ourP = new Map<string, string>();
        for (const e of analysis.master.entries) for (const o of e.overrides) ourP.set(`${e.service}/${e.type}/${o.name}`, postconfPrintable(o.value));
        assert.deepEqual(ourP, realP);
      });

      it('every TLS parameter of every service equals `postconf -x -o <overrides>`', () => {
        const { report } = loadAndAnalyze({ configDir: dir });
        assert.equal(report.defaultsSource, 'postconf -d');
        const { report: tableReport } = loadAndAnalyze({ configDir: dir, postfixVersion: LOCAL_VERSION, useLocalTools: false, opensslVersion: '3.0.19' });
        assert.equal(tableReport.defaultsSource, 'table');
        assert.ok(report.services.length > 0);
        for (const [i, svc] of report.services.entries()) {
          const args = ['-c', dir, '-x'];
          for (const o of svc.overrides) args.push('-o', `${o.name}=${o.value}`);
          const real = parseNameValues(postconf(args));
          const names = Object.keys(svc.parameters);
          assert.ok(names.length > 20, `${svc.name}/${svc.type} has ${names.length} TLS parameters`);
          for (const n of names) {
            assert.equal(svc.parameters[n], real.get(n) ?? '', `${svc.name}/${svc.type} ${n}`);
            assert.equal(tableReport.services[i]?.parameters[n], real.get(n) ?? '', `table defaults: ${svc.name}/${svc.type} ${n}`);
          }
        }
      });
    });
  }
});
