import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { useColor } from '../io.js';
import { MailtlsError } from '../../errors.js';
import { loadAndAnalyze } from '../../postfix/load.js';
import { renderConfigReport, renderFixes } from '../../report/config-text.js';
import { makeStyle } from '../../report/terminal.js';
import { existsSync } from 'node:fs';
import { loadDovecot } from '../../dovecot/load.js';
import { renderDovecotFixes, renderDovecotReport } from '../../report/dovecot-text.js';

const USAGE = `Usage: mailtls config [DIR] [--postfix-version X.Y] [--openssl-version X.Y] [--openssl-conf FILE] [--dovecot[=DOVECOT_DIR]] [--dovecot-version X.Y] [--json] [--fix] [--profile NAME]

Reads DIR/main.cf and DIR/master.cf (DIR defaults to /etc/postfix) exactly as Postfix does and shows,
for every smtpd, postscreen, tlsproxy, smtp and lmtp service, the TLS policy in force: level,
protocols and the parameter they come from, cipher grade, exclusions, the OpenSSL cipher list,
the predicted TLS versions, TLS 1.2 and TLS 1.3 suites, server order, auth-only and certificates,
and the OpenSSL configuration each daemon reads (tls_config_file, OPENSSL_CONF, OPENSSLDIR/openssl.cnf)
with the directives that decide part of the wire. Then the findings, with file:line.

The mailbox side of the same server (--dovecot; /etc/dovecot when DIR is not given and it exists):
DOVECOT_DIR/dovecot.conf and all it includes, read as Dovecot reads them, and for IMAP, POP3,
ManageSieve and submission the effective TLS (ssl, ssl_min_protocol, ssl_cipher_list,
ssl_cipher_suites, server order, cleartext authentication) with file:line, the predicted TLS
versions and suites, what a client sees before TLS, and findings with the line to write.

Options:
  --postfix-version X.Y   defaults of this Postfix version (default: local postconf, else newest known)
  --openssl-version X.Y   predict suites for this OpenSSL (default: local openssl)
  --openssl-conf FILE     the server's default OpenSSL configuration (another machine's openssl.cnf);
                          default: this machine's (OPENSSL_CONF via import_environment, else
                          OPENSSLDIR/openssl.cnf), read only when the OpenSSL analysed is this one
  --dovecot[=DIR]         also analyse Dovecot's configuration in DIR (default /etc/dovecot)
  --dovecot-version X.Y   defaults of this Dovecot version (default: local dovecot, else newest known)
  --json                  the report as JSON (the Dovecot part under "dovecot")
  --fix                   print the postconf commands that repair the findings (writes nothing)
  --profile NAME          grade each inet smtpd/postscreen service's predicted TLS by a policy profile
                          (mail, ncsc-2025, mozilla-6.0-intermediate, bcp195, ...), by its role (mx,
                          submission, other); JSON gains "profile" and per-service "rules"
`;

export const configCommand: Command = {
  name: 'config',
  usage: USAGE,
  async run(argv, io) {
    // A bare --dovecot means /etc/dovecot (node:util.parseArgs has no optional values).
    const args = argv.map((a, i) => (a === '--dovecot' && (argv[i + 1] === undefined || argv[i + 1]?.startsWith('-')) ? '--dovecot=/etc/dovecot' : a));
    const { values, positionals } = parseCommandArgs(args, {
      dovecot: { type: 'string' },
      'dovecot-version': { type: 'string' },
      'postfix-version': { type: 'string' },
      'openssl-version': { type: 'string' },
      'openssl-conf': { type: 'string' },
      json: { type: 'boolean' },
      fix: { type: 'boolean' },
      profile: { type: 'string' },
    });
    if (positionals.length > 1) throw new MailtlsError('EUSAGE', `one configuration directory at most, not ${positionals.length}`);
    // Loaded only when asked for; an unknown profile is a usage error before anything is read.
    const policy = values.profile !== undefined ? await import('../config-profile.js') : null;
    const profile = policy !== null && values.profile !== undefined ? policy.getProfile(values.profile) : null;
    const { report, analysis, labCopy } = loadAndAnalyze({
      configDir: positionals[0] ?? '/etc/postfix',
      ...(values['postfix-version'] !== undefined ? { postfixVersion: values['postfix-version'] } : {}),
      ...(values['openssl-version'] !== undefined ? { opensslVersion: values['openssl-version'] } : {}),
      ...(values['openssl-conf'] !== undefined ? { opensslConf: values['openssl-conf'] } : {}),
    });
    const dovecotDir = values.dovecot ?? (positionals[0] === undefined && existsSync('/etc/dovecot/dovecot.conf') ? '/etc/dovecot' : undefined);
    const dovecot = dovecotDir === undefined ? undefined : loadDovecot({
      configDir: dovecotDir,
      opensslVersion: report.opensslVersion,
      ...(values['dovecot-version'] !== undefined ? { dovecotVersion: values['dovecot-version'] } : {}),
    });
    const style = makeStyle(values.json ? false : useColor(io));
    const graded = policy !== null && profile !== null ? policy.gradeServices(profile, analysis, labCopy?.names) : null;
    const data = graded !== null && profile !== null && policy !== null ? policy.withGrades(report, profile, graded) : report;
    // The Postfix parts stay as they are; Dovecot's is one more key.
    if (values.json) io.stdout.write(`${JSON.stringify(dovecot ? { ...data, dovecot } : data, null, 2)}\n`);
    else if (values.fix) io.stdout.write(renderFixes(report, style) + (dovecot ? `\n${renderDovecotFixes(dovecot, style)}` : ''));
    else {
      io.stdout.write(renderConfigReport(report, style) + (dovecot ? `\n${renderDovecotReport(dovecot, style)}` : ''));
      if (graded !== null && profile !== null && policy !== null) io.stdout.write(`\n${policy.renderGrades(profile, graded, style, io.stdout.columns ?? 100)}`);
    }
    return EXIT.OK;
  },
};
