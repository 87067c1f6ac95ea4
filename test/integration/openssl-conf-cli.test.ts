/** `mailtls config --openssl-conf FILE`: another machine's openssl.cnf, in the JSON and the terminal report. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { ConfigReport } from '../../src/postfix/types.js';
import { fixtureCopy } from './config-helpers.js';

const UBUNTU = fileURLToPath(new URL('../fixtures/openssl-conf/ubuntu2004/openssl.cnf', import.meta.url));

describe('mailtls config --openssl-conf', () => {
  const seed = fixtureCopy('seed-002', false);
  after(() => seed.cleanup());

  it('reads the given file as the server\'s default configuration: Ubuntu 20.04\'s MinProtocol decides for Postfix 3.4.13', async () => {
    const io = memoryIo();
    assert.equal(await main(['config', seed.dir, '--json', '--postfix-version', '3.4.13', '--openssl-version', '1.1.1f', '--openssl-conf', UBUNTU], io), 0);
    const r = JSON.parse(io.out()) as ConfigReport;
    assert.deepEqual(r.opensslConfig && { file: r.opensslConfig.defaultFile, how: r.opensslConfig.how }, { file: UBUNTU, how: 'option' });
    const smtp = r.services.find((s) => s.name === 'smtp' && s.type === 'inet');
    assert.ok(smtp);
    assert.deepEqual(smtp.tls.versions, ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(smtp.tls.tls13Ciphers, ['0x1302', '0x1303', '0x1301']);
    const min = smtp.tls.system?.directives.find((d) => d.command === 'MinProtocol');
    assert.deepEqual(min && { file: min.file, line: min.line, status: min.status, decides: min.decides }, { file: UBUNTU, line: 38, status: 'applies', decides: true });
    const text = memoryIo();
    assert.equal(await main(['config', seed.dir, '--postfix-version', '3.4.13', '--openssl-version', '1.1.1f', '--openssl-conf', UBUNTU], text), 0);
    assert.match(text.out(), /decides +MinProtocol = TLSv1\.2 {2}\S+ubuntu2004\/openssl\.cnf:38: TLS versions TLSv1, TLSv1\.1, TLSv1\.2, TLSv1\.3 -> TLSv1\.2, TLSv1\.3/);
  });

  it('a file that cannot be read is a coded error, not a crash', async () => {
    const io = memoryIo();
    assert.notEqual(await main(['config', seed.dir, '--openssl-conf', '/nonexistent/openssl.cnf'], io), 0);
    assert.match(io.err(), /EOPENSSL_CONF/);
  });
});
