import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { intOption, parseCommandArgs } from '../args.js';
import { useColor, type CliIo } from '../io.js';
import { MailtlsError, toMailtlsError } from '../../errors.js';
import { isSeverity, SEVERITY_ORDER, type Severity } from '../../severity.js';
import { makeStyle } from '../../report/terminal.js';
import { USAGE } from '../usage/audit.js';


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
