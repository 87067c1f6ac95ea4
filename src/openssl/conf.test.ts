import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOpensslConf, type ConfFile } from './conf.js';
import { memIo } from '../../test/helpers/mem-conf-io.js';

const values = (c: ConfFile, section: string) => Object.fromEntries((c.sections.get(section) ?? []).map((v) => [v.name, v.value]));
const parse = (text: string, more: Record<string, string> = {}, opts: Parameters<typeof parseOpensslConf>[2] = {}) =>
  parseOpensslConf('/etc/ssl/openssl.cnf', memIo({ '/etc/ssl/openssl.cnf': text, ...more }), opts);

describe('OpenSSL configuration syntax (crypto/conf/conf_def.c)', () => {
  it('sections, the default section, reopened sections, `section::name`, names with punctuation', () => {
    const c = parse('top = T\n[ a ]\nx = 1\n[b]\ny=2\n[a]\nz = 3\nb::w = 4\n1.OU = first\n[ with  space ]\nk = v\n');
    assert.equal(c.error, null);
    assert.deepEqual(values(c, 'default'), { top: 'T' });
    assert.deepEqual(values(c, 'a'), { x: '1', z: '3', '1.OU': 'first' });
    assert.deepEqual(values(c, 'b'), { y: '2', w: '4' });
    assert.deepEqual(values(c, 'with  space'), { k: 'v' });
  });

  it('a repeated name keeps the last value, moved to the end of the section', () => {
    const c = parse('[s]\nx = 1\ny = 2\nx = 3\n');
    assert.deepEqual((c.sections.get('s') ?? []).map((v) => `${v.name}=${v.value}@${v.line}`), ['y=2@3', 'x=3@4']);
  });

  it('comments, quotes, escapes and blanks as OpenSSL 3.0.19 reads them', () => {
    const c = parse([
      '# a comment',
      '  # indented comment',
      '[q]',
      "q1 = 'single # not comment' tail # comment",
      'q2 = "dq ""two"" $top"',
      'q3 = `bt`',
      'e1 = a\\#b\\tc\\nd\\\\e\\qf',
      ' sp    =    spaced value   ',
      'empty =',
      "trail = 'kept '",
      'bsend = a\\ ',
    ].join('\n'));
    assert.equal(c.error, null);
    assert.deepEqual(values(c, 'q'), {
      q1: 'single # not comment tail', q2: 'dq two $top', q3: 'bt', e1: 'a#b\tc\nd\\eqf', sp: 'spaced value', empty: '', trail: 'kept ', bsend: 'a',
    });
  });

  it('line continuations keep the next line as it is; a comment ending in a backslash swallows the next line', () => {
    const c = parse('[c]\ncont = one \\\n  two\\\nthree\n# a comment \\\nhidden = yes\nafter = ok\nk = v \\');
    assert.deepEqual(values(c, 'c'), { cont: 'one   twothree', after: 'ok', k: 'v' });
    assert.equal(c.sections.get('c')?.find((v) => v.name === 'after')?.line, 7);
    assert.equal(c.sections.get('c')?.find((v) => v.name === 'k')?.line, 8);
  });

  it('CRLF line ends', () => {
    assert.deepEqual(values(parse('[s]\r\nk = v\r\nm=\\\r\nn\r\n'), 's'), { k: 'v', m: 'n' });
  });

  it('expansion: $var ${var} $(var) $sec::var ${sec::var}, the default section and ENV as fallbacks', () => {
    const c = parse('top = T\ndir = /d\n[a]\nx = 1\nv1 = $top-${top}-$(top)\nv2 = ${a::x}/$a::x\nv3 = pre$x.post\ncerts = $dir/certs\nhome = $ENV::HOME/${ENV::USER}\n[ENV]\nUSER = fromfile\n[b]\nu = $ENV::USER\n', {}, { env: new Map([['HOME', '/root'], ['USER', 'me']]) });
    assert.equal(c.error, null);
    assert.deepEqual(values(c, 'a'), { x: '1', v1: 'T-T-T', v2: '1/1', v3: 'pre1.post', certs: '/d/certs', home: '/root/me' });
    assert.deepEqual(values(c, 'b'), { u: 'fromfile' });
  });

  it('an undefined variable, an unclosed brace, a bad section or a line without = is an error at its file:line', () => {
    for (const [text, line, msg] of [
      ['a = 1\nv = $undefined\n', 2, /variable has no value: undefined/],
      ['a = 1\n\nb = ${a\n', 3, /no close brace/],
      ['[ unterminated\n', 1, /missing close square bracket/],
      ['x = 1\nname with space = 1\n', 2, /missing equal sign/],
      ['price = 5$\n', 1, /variable has no value/],
      ['$weird = 1\n', 1, /missing equal sign/],
    ] as const) {
      const c = parse(text);
      assert.ok(c.error, text);
      assert.equal(c.error.file, '/etc/ssl/openssl.cnf');
      assert.equal(c.error.line, line, text);
      assert.match(c.error.message, msg);
    }
  });

  it('a value over 64 KiB after expansion is an error', () => {
    const big = 'x'.repeat(40_000);
    const c = parse(`a = ${big}\nb = $a$a\n`);
    assert.match(c.error?.message ?? '', /too long/);
    assert.equal(c.error?.line, 2);
  });

  it('.pragma dollarid, abspath, includedir; unknown pragmas ignored, malformed ones an error (3.0)', () => {
    const c = parse('[m]\np = 1\n.pragma = dollarid : on\na$b = 1\nc = ${m::p}x$y$(p)\nd = $a$b\n.pragma bogus:1\n');
    assert.equal(c.error, null);
    assert.deepEqual(values(c, 'm'), { p: '1', a$b: '1', c: '1x$y1', d: '$a$b' });
    assert.equal(c.warnings.length, 1);
    for (const bad of ['.pragma dollarid\n', '.pragma dollarid:maybe\n', '.pragma abspath:yes\n']) assert.match(parse(bad).error?.message ?? '', /pragma/);
    assert.equal(parse('.pragma dollarid:ON\n.pragma abspath:False\n').error, null);
    assert.match(parse('.pragma abspath:true\n.include rel.cnf\n').error?.message ?? '', /relative path/);
  });

  it('1.1.1 has .include but no .pragma; 1.0.2 has neither', () => {
    assert.match(parse('.pragma dollarid:on\n', {}, { dialect: '1.1.1' }).error?.message ?? '', /missing equal sign/);
    const inc = { '/x.cnf': 'k = v\n' };
    assert.deepEqual(values(parse('[s]\n.include /x.cnf\n', inc, { dialect: '1.1.1' }), 's'), { k: 'v' });
    assert.match(parse('[s]\n.include /x.cnf\n', inc, { dialect: '1.0' }).error?.message ?? '', /missing equal sign/);
    assert.deepEqual(values(parse('[s]\n.include = /x.cnf\n', inc, { dialect: '1.0' }), 's'), { '.include': '/x.cnf' });
  });
});

describe('.include (conf_def.c process_include, get_next_file)', () => {
  it('an included file goes into the section in force, and a section it opens stays open', () => {
    const c = parse('[crypto_policy]\n.include /etc/crypto-policies/back-ends/opensslcnf.config\nafter = 1\n', {
      '/etc/crypto-policies/back-ends/opensslcnf.config': 'MinProtocol = TLSv1.2\n',
      '/etc/other.cnf': 'n = 1\n[opened]\nm = 2\n',
    });
    assert.deepEqual(values(c, 'crypto_policy'), { MinProtocol: 'TLSv1.2', after: '1' });
    const d = parse('[a]\n.include=/etc/other.cnf\nlater = 3\n', { '/etc/other.cnf': 'n = 1\n[opened]\nm = 2\n' });
    assert.deepEqual(values(d, 'a'), { n: '1' });
    assert.deepEqual(values(d, 'opened'), { m: '2', later: '3' });
    const v = d.sections.get('opened')?.find((x) => x.name === 'm');
    assert.equal(v?.file, '/etc/other.cnf');
    assert.equal(v?.line, 3);
    assert.deepEqual(d.files, ['/etc/ssl/openssl.cnf', '/etc/other.cnf']);
  });

  it('a directory: its *.cnf / *.conf files in readdir order, anything else and sub-directories skipped', () => {
    const c = parse('[m]\n.include /etc/ssl/inc.d\nback = 2\n', {
      '/etc/ssl/inc.d/b.cnf': 'b = 1\n',
      '/etc/ssl/inc.d/c.conf': 'c = 1\n',
      '/etc/ssl/inc.d/a.CNF': 'a = 1\n',
      '/etc/ssl/inc.d/d.txt': 'd = 1\n',
      '/etc/ssl/inc.d/.cnf': 'hidden = 1\n',
      '/etc/ssl/inc.d/sub.cnf/x.cnf': 'deep = 1\n',
    });
    assert.deepEqual(Object.keys(values(c, 'm')), ['b', 'c', 'a', 'back']);
  });

  it('the directory state is one per load: after a file included from a directory file, the next directory file comes first', () => {
    const c = parse('[m]\nbefore = 1\n.include /inc.d\nback = 2\n', {
      '/inc.d/b.cnf': 'da = 1\n.include /nested.cnf\nda2 = 2\n',
      '/inc.d/c.conf': 'dc = 3\n',
      '/nested.cnf': 'n1 = nested\n[nestsec]\nn2 = x\n',
    });
    // Checked with OpenSSL 3.0.19: nested.cnf's section stays open for c.conf and the rest of b.cnf.
    assert.deepEqual(Object.keys(values(c, 'm')), ['before', 'da', 'n1']);
    assert.deepEqual(Object.keys(values(c, 'nestsec')), ['n2', 'dc', 'da2', 'back']);
  });

  it('missing includes, unreadable files and directories inside directories are skipped with a warning', () => {
    const c = parse('[s]\n.include /missing.cnf\n.include /d1\nk = v\n', { '/d1/a.cnf': '.include /d2\nx = 1\n', '/d2/b.cnf': 'y = 1\n' });
    assert.equal(c.error, null);
    assert.deepEqual(values(c, 's'), { x: '1', k: 'v' });
    assert.equal(c.warnings.length, 2);
    assert.match(c.warnings[0]?.message ?? '', /no such file/);
    assert.equal(c.warnings[0]?.line, 2);
    assert.match(c.warnings[1]?.message ?? '', /recursive directory include/);
    assert.equal(c.warnings[1]?.file, '/d1/a.cnf');
  });

  it('relative paths: OPENSSL_CONF_INCLUDE, else .pragma includedir, else the working directory', () => {
    const more = { '/inc/x.cnf': 'k = inc\n', '/pragma/x.cnf': 'k = pragma\n', '/cwd/x.cnf': 'k = cwd\n' };
    assert.deepEqual(values(parse('.include x.cnf\n', more, { cwd: '/cwd' }), 'default'), { k: 'cwd' });
    assert.deepEqual(values(parse('.pragma includedir:/pragma\n.include x.cnf\n', more, { cwd: '/cwd' }), 'default'), { k: 'pragma' });
    assert.deepEqual(values(parse('.pragma includedir:/pragma\n.include x.cnf\n', more, { cwd: '/cwd', env: new Map([['OPENSSL_CONF_INCLUDE', '/inc']]) }), 'default'), { k: 'inc' });
  });

  it('`.includeXYZ = path` is an include too (OpenSSL only checks the prefix); `.include` alone is an error', () => {
    assert.deepEqual(values(parse('.includefoo = /x.cnf\n', { '/x.cnf': 'k = v\n' }), 'default'), { k: 'v' });
    assert.match(parse('x = 1\n.include\n').error?.message ?? '', /missing equal sign/);
  });

  it('an include loop is bounded (OpenSSL would recurse until it runs out of file descriptors)', () => {
    const c = parse('.include /etc/ssl/openssl.cnf\nk = v\n', {}, { maxDepth: 5 });
    assert.equal(c.error, null);
    assert.deepEqual(values(c, 'default'), { k: 'v' });
    assert.equal(c.files.length, 6);
    assert.ok(c.warnings.some((w) => /nested more than 5 deep/.test(w.message)));
  });

  it('bounded size and file count; a missing main file is reported, not thrown', () => {
    const c = parse('a = 1\n.include /big.cnf\nb = 2\n', { '/big.cnf': 'x = 1\n'.repeat(100) }, { maxBytes: 100 });
    assert.deepEqual(values(c, 'default'), { a: '1', b: '2' });
    assert.ok(c.warnings.some((w) => /larger than 100 bytes/.test(w.message)));
    const none = parseOpensslConf('/nope.cnf', memIo({}));
    assert.equal(none.found, false);
    assert.equal(none.error, null);
  });

  it('never throws on hostile input', () => {
    const junk = ['\0\0\0', '[', ']]]', '$$$', '${', '\\', '"', "'''", '.include', '.pragma :', '[a]\n'.repeat(5000), 'x=${x}', '#\\\n#\\\n'];
    for (const j of junk) assert.doesNotThrow(() => parse(j));
  });
});
