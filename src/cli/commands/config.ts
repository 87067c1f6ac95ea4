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
import { USAGE } from '../usage/config.js';


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
