import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { intOption, parseCommandArgs } from '../args.js';
import { useColor, type CliIo } from '../io.js';
import { MailtlsError, toMailtlsError } from '../../errors.js';
import { isSeverity, SEVERITY_ORDER, type Severity } from '../../severity.js';
import { makeStyle } from '../../report/terminal.js';

const USAGE = `Usage: mailtls audit [DIR] [options]

One verdict per service of the Postfix in DIR (default /etc/postfix), from three sides joined:
the configuration as Postfix reads it, the wire of every listening service (scanned in
parallel), and the log (what clients really negotiate; this audit's own probes left out).
For each service: its address, port and role (mx for port 25 and postscreen, submission for
587/465 and SASL services), whether the server does what its configuration says (and why not:
not reloaded, OpenSSL's system configuration, tls_config_file, another process on the port),
the profile's rules, and the fixes with who they would break according to the log.

Options:
  --log FILE          read this log (repeatable; plain or .gz, rotated sets in order);
                      default: maillog_file, else /var/log/mail.log(.N) or maillog, else journalctl
  --profile NAME      grade by this policy profile (default mail); --profiles lists them
  --profiles          list the profiles, with their sources and dates, and exit
  --json              the report as JSON on stdout
  --sarif FILE        also write the findings as SARIF 2.1.0 (for CI and code review)
  --html FILE         also write a self-contained HTML report
  --fail-on SEV       exit 1 when a finding is at least SEV: critical, high (default), medium,
                      low, info; or "none" to exit 0 whatever is found
  --no-scan           do not connect to the services (configuration and log only)
  --no-logs           do not read a log
  --postfix-version X.Y, --openssl-version X.Y
                      as in mailtls config
  --timeout MS        per-step scan timeout (default 10000)

The audit's connections send only EHLO (as ${'audit.mailtls.invalid'}), STARTTLS and QUIT.
Nothing is changed: the fixes are printed, never run.
Exit status: 0 nothing reaches --fail-on, 1 something does, 2 the audit could not run.
`;

export const auditCommand: Command = {
  name: 'audit',
  usage: USAGE,
  async run(argv, io) {
    try {
      return await audit(argv, io);
    } catch (err) {
      const e = err instanceof MailtlsError ? err : toMailtlsError(err);
      io.stderr.write(`mailtls audit: ${e.toLine()}\n`);
      return EXIT.USAGE; // 2: the audit could not run
    }
  },
};

async function audit(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    log: { type: 'string', multiple: true },
    profile: { type: 'string' },
    profiles: { type: 'boolean' },
    json: { type: 'boolean' },
    sarif: { type: 'string' },
    html: { type: 'string' },
    'fail-on': { type: 'string' },
    'no-scan': { type: 'boolean' },
    'no-logs': { type: 'boolean' },
    'postfix-version': { type: 'string' },
    'openssl-version': { type: 'string' },
    timeout: { type: 'string' },
  });
  const { listProfiles, DEFAULT_PROFILE } = await import('../../policy/index.js');
  if (values.profiles === true) {
    const { renderProfileList } = await import('../../report/profile-text.js');
    io.stdout.write(renderProfileList(listProfiles(), makeStyle(useColor(io))));
    return EXIT.OK;
  }
  if (positionals.length > 1) throw new MailtlsError('EUSAGE', `one configuration directory at most, not ${positionals.length}`);
  const failOnText = (values['fail-on'] ?? 'high').toLowerCase();
  // "none": nothing fails the run; the report still grades everything.
  let failOn: Severity | null = null;
  if (failOnText !== 'none') {
    if (!isSeverity(failOnText)) throw new MailtlsError('EUSAGE', `--fail-on takes ${SEVERITY_ORDER.join(', ')} or none, not "${values['fail-on'] ?? ''}"`);
    failOn = failOnText;
  }
  if (values.log !== undefined && values['no-logs'] === true) throw new MailtlsError('EUSAGE', '--log and --no-logs contradict each other');
  const timeoutMs = intOption(values.timeout, '--timeout', 100, 600_000);
  const { policyGrader } = await import('../../audit/policy-grader.js');
  const grader = policyGrader(values.profile ?? DEFAULT_PROFILE);
  const { runAudit } = await import('../../audit/run.js');
  const progress = (line: string) => { if (values.json !== true || io.stderr.isTTY === true) io.stderr.write(`${line}\n`); };
  const report = await runAudit({
    configDir: positionals[0] ?? '/etc/postfix',
    grader,
    failOn,
    ...(values.log !== undefined ? { logFiles: values.log.map((f) => resolve(io.cwd, f)) } : {}),
    ...(values['no-logs'] === true ? { noLogs: true } : {}),
    ...(values['no-scan'] === true ? { noScan: true } : {}),
    ...(values['postfix-version'] !== undefined ? { postfixVersion: values['postfix-version'] } : {}),
    ...(values['openssl-version'] !== undefined ? { opensslVersion: values['openssl-version'] } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    env: io.env,
    onProgress: progress,
  });
  if (values.sarif !== undefined) {
    const { renderAuditSarif } = await import('../../report/audit-sarif.js');
    writeOutput(resolve(io.cwd, values.sarif), `${JSON.stringify(renderAuditSarif(report), null, 2)}\n`);
  }
  if (values.html !== undefined) {
    const { renderAuditHtml } = await import('../../report/audit-html.js');
    writeOutput(resolve(io.cwd, values.html), renderAuditHtml(report));
  }
  if (values.json === true) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const { renderAuditText } = await import('../../report/audit-text.js');
    io.stdout.write(renderAuditText(report, makeStyle(useColor(io)), io.stdout.columns ?? 100));
  }
  return report.exitCode;
}

function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new MailtlsError('EIO', `cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { place: { file: path }, cause: err });
  }
}
