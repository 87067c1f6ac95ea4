import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCipherList } from './cipherlist.js';
import { parsePostfixVersion } from './version.js';

const lists37: Record<string, string> = {
  high: 'aNULL:-aNULL:HIGH:@STRENGTH', medium: 'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH',
  low: 'aNULL:-aNULL:HIGH:MEDIUM:LOW:+RC4:@STRENGTH', export: 'aNULL:-aNULL:HIGH:MEDIUM:LOW:EXPORT:+RC4:@STRENGTH', null: 'eNULL:!aNULL',
};
const v37 = parsePostfixVersion('3.7.11')!;

describe('tls_set_ciphers', () => {
  it('grade list plus ":!tok" per exclusion (reference: verified with loglevel 2)', () => {
    const r = buildCipherList('high', v37, (g) => lists37[g] ?? '', ['RC4,MD5', '3DES', 'aNULL']);
    assert.equal(r.cipherList, 'aNULL:-aNULL:HIGH:@STRENGTH:!RC4:!MD5:!3DES:!aNULL');
    assert.equal(buildCipherList('medium', v37, (g) => lists37[g] ?? '', ['eNULL']).cipherList, 'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!eNULL');
  });
  it('grades are case-insensitive; low/export map to medium from 3.8', () => {
    assert.equal(buildCipherList('HIGH', v37, (g) => lists37[g] ?? '', []).grade, 'high');
    assert.equal(buildCipherList('export', v37, (g) => lists37[g] ?? '', []).grade, 'export');
    assert.equal(buildCipherList('export', parsePostfixVersion('3.8.0')!, (g) => lists37[g] ?? '', []).grade, 'medium');
  });
  it('rejects exclusions starting with ! + - @, invalid grades, empty base lists', () => {
    assert.equal(buildCipherList('medium', v37, (g) => lists37[g] ?? '', ['!RC4']).cipherList, null);
    assert.equal(buildCipherList('medium', v37, (g) => lists37[g] ?? '', ['aNULL, +RC4']).cipherList, null);
    assert.equal(buildCipherList('strong', v37, (g) => lists37[g] ?? '', []).grade, null);
    assert.match(buildCipherList('high', v37, () => '', []).error ?? '', /empty/);
  });
});
