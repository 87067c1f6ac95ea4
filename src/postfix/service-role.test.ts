/**
 * The one decision of "port 25" and "submission" (service-role.ts): by name, by port, by SASL
 * AUTH, with port 25 and postscreen first.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceRole, type RoleInput } from './service-role.js';

const role = (service: string, port: number | null, more: Partial<RoleInput> = {}) =>
  serviceRole({ service, port, postscreen: false, saslEnabled: false, ...more }).role;

describe('serviceRole', () => {
  it('port 25 is mx, by name, by number, with a host, and whatever port postscreen listens on', () => {
    assert.equal(role('smtp', 25), 'mx');
    assert.equal(role('0.0.0.0:25', 25), 'mx');
    assert.equal(role('[::]:smtp', null), 'mx');
    assert.equal(role('127.0.0.1:2525', 2525, { postscreen: true }), 'mx');
  });

  it('port 25 stays mx with SASL AUTH on (main.cf turns it on for every smtpd)', () => {
    assert.equal(role('smtp', 25, { saslEnabled: true }), 'mx');
  });

  it('submission (587) and submissions/smtps (465) by name or port, even where the port is unknown', () => {
    assert.equal(role('submission', null), 'submission');
    assert.equal(role('submissions', null), 'submission');
    assert.equal(role('smtps', null), 'submission');
    assert.equal(role('0.0.0.0:465', 465), 'submission');
    assert.equal(role('127.0.0.1:587', 587), 'submission');
  });

  it('a lab copy is judged by its production name, not the loopback port it runs on', () => {
    assert.equal(role('submission', 40123), 'submission');
    assert.equal(role('smtp', 40124), 'mx');
  });

  it('any other port with SASL AUTH is where clients log in: submission; without it: other', () => {
    assert.equal(role('2525', 2525, { saslEnabled: true }), 'submission');
    assert.equal(role('127.0.0.1:10025', 10025), 'other');
    assert.equal(role('588', 588), 'other');
  });

  it('says why', () => {
    assert.match(serviceRole({ service: '2525', port: 2525, postscreen: false, saslEnabled: true }).source, /smtpd_sasl_auth_enable = yes/);
    assert.match(serviceRole({ service: 'smtps', port: 465, postscreen: false, saslEnabled: false }).source, /service name "smtps"/);
  });

  it('names where SASL is set and postscreen\'s port when asked (the audit shows both)', () => {
    assert.equal(serviceRole({ service: '2525', port: 2525, postscreen: false, saslEnabled: true, saslSetAt: 'master.cf:17' }).source,
      'smtpd_sasl_auth_enable = yes (master.cf:17): clients log in here');
    assert.equal(serviceRole({ service: 'smtp', port: 25, postscreen: true, saslEnabled: false, postscreenPort: true }).source,
      'postscreen on port 25: it screens the SMTP connections of other mail servers');
    assert.equal(serviceRole({ service: 'smtp', port: 25, postscreen: true, saslEnabled: false }).source,
      'postscreen: it screens the SMTP connections of other mail servers');
  });
});
