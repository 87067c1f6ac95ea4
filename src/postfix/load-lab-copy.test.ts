/**
 * The loader recognises a `mailtls lab` copy (instance.json beside its configuration directory)
 * and hands it over on Loaded, outside the report's JSON; any other directory has none.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadAndAnalyze } from './load.js';

const root = mkdtempSync(join(tmpdir(), 'mailtls-labcopy-'));
after(() => rmSync(root, { recursive: true, force: true }));

function configDir(name: string, instance?: (dir: string) => unknown): string {
  const dir = join(root, name, 'etc');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.cf'), 'smtpd_tls_security_level = may\n');
  writeFileSync(join(dir, 'master.cf'), '127.0.0.1:40123 inet n - y - - smtpd\n');
  if (instance) writeFileSync(join(root, name, 'instance.json'), JSON.stringify(instance(dir)));
  return dir;
}
const load = (dir: string) => loadAndAnalyze({ configDir: dir, postfixVersion: '3.7.11', opensslVersion: '3.0', useLocalTools: false });

describe('loadAndAnalyze and lab copies', () => {
  it('a lab copy: Loaded.labCopy has the user\'s names; the report JSON does not', () => {
    const dir = configDir('lab', (d) => ({ name: 'lab1', configDir: d, source: '/etc/postfix', services: [{ service: 'submission', port: 40123 }] }));
    const l = load(dir);
    assert.equal(l.labCopy?.name, 'lab1');
    assert.equal(l.labCopy?.names.get('127.0.0.1:40123'), 'submission');
    assert.ok(!JSON.stringify(l.report).includes('lab1'));
    // The names change nothing of the report unless the caller passes them (the audit does).
    assert.equal(l.report.services[0]?.port, 40123);
  });

  it('no instance.json, or one that describes another directory: no lab copy', () => {
    assert.equal(load(configDir('plain')).labCopy, undefined);
    assert.equal(load(configDir('other', () => ({ name: 'x', configDir: '/elsewhere', services: [] }))).labCopy, undefined);
  });
});
