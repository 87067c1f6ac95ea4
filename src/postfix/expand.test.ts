import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compatLevelValue, expandValue, MAX_EXPANDED_LENGTH } from './expand.js';

const table = (t: Record<string, string>) => (n: string) => t[n];
const ex = (v: string, t: Record<string, string> = {}) => expandValue(v, table(t));

describe('expandValue (mac_expand.c)', () => {
  const t = { a: 'A', b: '$a-$a', empty: '', lvl: '3.6', n: '10', dir: '/etc/postfix' };
  it('$name, ${name}, $(name), recursion, undefined -> empty, $$', () => {
    assert.equal(ex('$a ${a} $(a) $b', t).value, 'A A A A-A');
    assert.equal(ex('x${nope}y', t).value, 'xy');
    assert.deepEqual(ex('$nope', t).undefinedNames, ['nope']);
    assert.equal(ex('cost $$5 and $$a', t).value, 'cost $5 and $a');
    assert.equal(ex('${dir}/tls', t).value, '/etc/postfix/tls');
  });
  it('${name?value} and ${name:value}, old and braced forms', () => {
    assert.equal(ex('${a?yes}${a:no}', t).value, 'yes');
    assert.equal(ex('${empty?yes}${empty:no}', t).value, 'no');
    assert.equal(ex('${nope?yes}${nope:no}', t).value, 'no');
    assert.equal(ex('${a?{x $a}:{y}}', t).value, 'x A');
    assert.equal(ex('${empty ? {x} : {y}}', t).value, 'y');
    // Postfix 2.x compatibility: without braces the rest is literal text, ':' and all.
    assert.equal(ex('${a??foo:{b}ar}', t).value, '?foo:{b}ar');
  });
  it('comparisons, numeric when both sides are digits', () => {
    assert.equal(ex('${{$n} > {9} ? {big} : {small}}', t).value, 'big');
    assert.equal(ex('${{10} > {9}}', t).value, 'true');
    assert.equal(ex('${{abc} < {abd}?{lt}}', t).value, 'lt');
    assert.equal(ex('${{$a} == {A}?{eq}:{ne}}', t).value, 'eq');
    assert.equal(ex('${{$a} != {A}?{eq}:{ne}}', t).value, 'ne');
    assert.equal(ex('${{1} >= {1}?{y}}${{1} <= {0}?{y}:{n}}', t).value, 'yn');
  });
  it('compatibility-level comparisons', () => {
    const d = '${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}';
    assert.equal(ex(d, { compatibility_level: '0' }).value, 'md5');
    assert.equal(ex(d, { compatibility_level: '3.6' }).value, 'sha256');
    assert.equal(ex(d, { compatibility_level: '3.10' }).value, 'sha256'); // numeric, not string order
    assert.equal(ex('${{3.6} <=level {3.6}?{y}}', {}).value, 'y');
    assert.ok(compatLevelValue('3.10')! > compatLevelValue('3.9')!);
    assert.equal(compatLevelValue('3.x'), undefined);
    assert.match(ex('${{x} <level {3.6}?{y}}', {}).errors[0] ?? '', /malformed compatibility level/);
  });
  it('syntax errors come back as messages, like Postfix warnings', () => {
    assert.match(ex('${a', t).errors[0] ?? '', /truncated macro reference/);
    assert.match(ex('$', t).errors[0] ?? '', /empty macro name/);
    assert.match(ex('${a b}', t).errors[0] ?? '', /attribute name syntax error/);
    assert.match(ex('${{a} =~ {b}?{x}}', t).errors[0] ?? '', /expected/);
    assert.match(ex('${{a} == b}', t).errors[0] ?? '', /"\{expression\}" expected/);
    assert.match(ex('${{a} ==foo {b}}', t).errors[0] ?? '', /bad operator suffix/);
    assert.match(ex('${a?{x}junk}', t).errors[0] ?? '', /":" expected/);
  });
  it('loops end with a nesting error instead of hanging', () => {
    const r = ex('$x', { x: '$y', y: 'a$x' });
    assert.match(r.errors[0] ?? '', /unreasonable macro call nesting/);
  });
  it('exponential blow-up is bounded', () => {
    const tt: Record<string, string> = { v0: 'xxxxxxxxxxxxxxxx' };
    for (let i = 1; i <= 40; i++) tt[`v${i}`] = `$v${i - 1}$v${i - 1}`;
    const r = ex('$v40', tt);
    assert.ok(r.errors.length > 0);
    assert.ok(r.value.length <= MAX_EXPANDED_LENGTH);
  });
  it('never throws and always terminates on arbitrary input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 30 }), (v, w) => {
      const r = expandValue(v, (n) => (n === 'w' ? w : n === 'self' ? '$self' : undefined));
      assert.equal(typeof r.value, 'string');
    }), { numRuns: 500 });
  });
});
