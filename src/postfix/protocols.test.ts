import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enabledProtocols, opensslProtocols, parseProtocolList } from './protocols.js';
import { parsePostfixVersion } from './version.js';

const v = (s: string) => parsePostfixVersion(s)!;
const on = (list: string, pf = '3.7.11', ossl = '3.0.19') => enabledProtocols(parseProtocolList(list, v(pf)), opensslProtocols(ossl));

describe('protocol lists (tls_proto_mask_lims / tls_protocol_mask)', () => {
  it('>= and <= limits, names case-insensitive, hex versions', () => {
    assert.deepEqual(on('>=TLSv1.2'), ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(on('>=tlsv1.1 <=TLSv1.2'), ['TLSv1.1', 'TLSv1.2']);
    assert.deepEqual(on('>=0x0303'), ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(on('>=0303,<=0303'), ['TLSv1.2']);
    assert.deepEqual(on('>=None'), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  });
  it('exclusions and include lists (the complement of an include list is excluded)', () => {
    assert.deepEqual(on('!SSLv2, !SSLv3, !TLSv1, !TLSv1.1'), ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(on('TLSv1'), ['TLSv1']);
    assert.deepEqual(on('TLSv1.2:TLSv1.3'), ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(on(''), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  });
  it('invalid tokens invalidate the whole list', () => {
    const p = parseProtocolList('>=TLSv1.2 TLSv1.4', v('3.7'));
    assert.equal(p.valid, false);
    assert.equal(p.invalidToken, 'TLSv1.4');
    assert.equal(parseProtocolList('>=TLSv9', v('3.7')).valid, false);
    assert.deepEqual(on('!SSLv2 bogus'), []);
  });
  it('">=" is invalid before Postfix 3.6, and TLSv1.3 is unknown before 3.4 (and its backports)', () => {
    assert.equal(parseProtocolList('>=TLSv1.2', v('3.5.9')).valid, false);
    assert.equal(parseProtocolList('>=TLSv1.2', v('3.6.0')).valid, true);
    assert.equal(parseProtocolList('!TLSv1.3', v('3.3.1')).valid, false);
    assert.equal(parseProtocolList('!TLSv1.3', v('3.3.2')).valid, true);
    assert.equal(parseProtocolList('!TLSv1.3', v('3.2.7')).valid, true);
    assert.equal(parseProtocolList('!TLSv1.3', v('3.4.0')).valid, true);
  });
  it('what the OpenSSL release can speak', () => {
    assert.deepEqual(on('!SSLv2', '3.1.0', '1.0.2h'), ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2']);
    assert.deepEqual(on('!SSLv2', '3.4.0', '1.1.0l'), ['TLSv1', 'TLSv1.1', 'TLSv1.2']);
  });
});
