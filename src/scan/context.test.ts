import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MailtlsError } from '../errors.js';
import { PatienceError } from '../net/host-pacer.js';
import { pushBackOf } from './context.js';

test('what a failed preamble says about the pace', () => {
  const e = (code: ConstructorParameters<typeof MailtlsError>[0], message: string) => new MailtlsError(code, message);
  assert.equal(pushBackOf(e('ESMTP_421', 'the server greeted with 421: 4.7.0 Error: too many connections from 127.0.9.1')), 'refused');
  assert.equal(pushBackOf(e('ESMTP_421', 'the server answered EHLO with 421: try later')), 'refused');
  assert.equal(pushBackOf(e('EMAILBOX_REFUSED', 'the server greeted with BYE: too many connections')), 'refused');
  assert.equal(pushBackOf(e('ESMTP_REPLY', 'the server greeted with 554: 5.7.1 too many connections, try again later')), 'refused');
  assert.equal(pushBackOf(e('ESMTP_REPLY', 'the server greeted with 554: 5.7.1 Client host rejected: access denied')), null, 'a block is no pace');
  assert.equal(pushBackOf(e('ECONNRESET', 'the server closed the connection')), 'reset');
  assert.equal(pushBackOf(e('ETIMEOUT', 'no complete SMTP reply within 10000 ms')), 'silent');
  assert.equal(pushBackOf(new PatienceError('the time budget ran out', {})), null, 'our own patience is not the server speaking');
  assert.equal(pushBackOf(e('ENOSTARTTLS', 'no STARTTLS')), null);
});
