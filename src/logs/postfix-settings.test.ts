import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedCiphers, accepts, protocolsAllowedBy as parseProtocolList } from './postfix-settings.js';

describe('what a Postfix TLS setting admits', () => {
  test('Postfix protocol lists (tls_proto_mask_lims(), src/tls/tls_misc.c)', () => {
    assert.deepEqual([...parseProtocolList('>=TLSv1.2')], ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual([...parseProtocolList('!SSLv2, !SSLv3, !TLSv1, !TLSv1.1')], ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual([...parseProtocolList('TLSv1.2:TLSv1.3')], ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual([...parseProtocolList('>=0x0302 <=TLSv1.2')], ['TLSv1.1', 'TLSv1.2']);
    assert.throws(() => parseProtocolList('>=TLSv9'), /unknown protocol/);
    assert.throws(() => parseProtocolList('>=TLSv1.3 <=TLSv1.2'), /no protocol/);
    // Postfix's own parser (src/postfix/protocols.ts): case-insensitive names, "TLSv1.0" is not one.
    assert.deepEqual([...parseProtocolList('!sslv3,!tlsv1')], ['SSLv2', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.deepEqual([...parseProtocolList('>=TLSv1.1,!TLSv1.3')], ['TLSv1.1', 'TLSv1.2']);
    assert.throws(() => parseProtocolList('>=TLSv1.0'), (e: Error & { code?: string }) => e.code === 'EUSAGE' && /Postfix spells it TLSv1/.test(e.message));
    assert.throws(() => parseProtocolList('   '), /empty protocol list/);
  });

  test('cipher grades: the list Postfix builds, evaluated as OpenSSL 3.0 would', () => {
    // Medium admits high, not the reverse.
    assert.equal(accepts(acceptedCiphers('medium'), 'ECDHE-RSA-AES256-GCM-SHA384'), true);
    assert.equal(accepts(acceptedCiphers('high'), 'ARIA128-GCM-SHA256'), true);
    assert.equal(accepts(acceptedCiphers('medium'), 'ARIA128-GCM-SHA256'), true);
    assert.equal(accepts(acceptedCiphers('high'), 'DES-CBC3-SHA'), false);
    assert.equal(accepts(acceptedCiphers('high'), 'NOT-A-CIPHER'), undefined);
    const ex = acceptedCiphers('high', ['CAMELLIA']);
    assert.match(ex.cipherList, /:!CAMELLIA$/);
    assert.equal(accepts(ex, 'DHE-RSA-CAMELLIA256-SHA'), false);
    assert.equal(accepts(acceptedCiphers('high'), 'DHE-RSA-CAMELLIA256-SHA'), true);
    assert.throws(() => acceptedCiphers('ultra'), (e: Error & { code?: string }) => e.code === 'EUSAGE');
  });
});
