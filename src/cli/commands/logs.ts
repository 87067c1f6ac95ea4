import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { intOption, parseCommandArgs } from '../args.js';
import { useColor } from '../io.js';
import { MailtlsError } from '../../errors.js';
import { analyzeLogs } from '../../logs/analyze.js';
import { parseTightening } from '../../logs/tightening.js';
import { parseTimeArgument } from '../../logs/timestamp.js';
import { renderLogsText } from '../../report/logs-text.js';
import { makeStyle } from '../../report/terminal.js';
import { readRuns } from '../../ledger.js';
import type { SessionExclusion } from '../../logs/exclusion.js';
import { USAGE } from '../usage/logs.js';

/** The sessions of mailtls's earlier scans and audits (scan/ledger.ts). */
export function probeExclusion(env: NodeJS.ProcessEnv): SessionExclusion {
  const { runs } = readRuns(env);
  return {
    windows: runs.map((r) => ({ since: r.since, until: r.until, addresses: new Set(r.addresses) })),
    why: 'mailtls\'s own scans and audits (recorded in its probes.jsonl)',
  };
}


export const logsCommand: Command = {
  name: 'logs',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: 'boolean' },
      since: { type: 'string' },
      until: { type: 'string' },
      service: { type: 'string', multiple: true },
      if: { type: 'string', multiple: true },
      year: { type: 'string' },
      'max-line': { type: 'string' },
      'include-probes': { type: 'boolean' },
    });
    const now = Date.now();
    const time = (flag: string, v: string | undefined): number | undefined => {
      if (v === undefined) return undefined;
      const t = parseTimeArgument(v, now);
      if (Number.isNaN(t)) throw new MailtlsError('EUSAGE', `${flag} "${v}": use a date (2026-11-21), a date and time (2026-11-21T08:00, with a zone if not local) or a duration (90m, 24h, 7d)`);
      return t;
    };
    const since = time('--since', values.since);
    const until = time('--until', values.until);
    const policies = (values.if ?? []).map(parseTightening);
    const year = intOption(values.year, '--year', 1970, 9999);
    const maxLine = intOption(values['max-line'], '--max-line', 256, 16 * 1024 * 1024);
    const files: string[] = (positionals as unknown[]).map(String);
    const stdin = io.stdin as NodeJS.ReadableStream & { isTTY?: boolean };
    if ((files.length === 0 || files.includes('-')) && stdin.isTTY === true) {
      throw new MailtlsError('EUSAGE', 'give a log file (e.g. /var/log/mail.log) or pipe one in; see mailtls logs --help');
    }
    const report = await analyzeLogs({
      files,
      stdin: io.stdin,
      policies,
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(values.service ? { services: values.service } : {}),
      ...(year !== undefined ? { year } : {}),
      ...(maxLine !== undefined ? { maxLineLength: maxLine } : {}),
      ...(values['include-probes'] === true ? {} : { exclude: probeExclusion(io.env) }),
      now,
    });
    if (values.json === true) {
      // The warnings are in the JSON too; stderr tells a human watching the pipe.
      for (const w of report.warnings) {
        const p = w.place;
        const where = p?.file !== undefined ? ` ${p.file}${p.line !== undefined ? `:${p.line}` : ''}` : '';
        io.stderr.write(`mailtls logs: warning: ${w.code}${where}: ${w.message}\n`);
      }
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      io.stdout.write(renderLogsText(report, makeStyle(useColor(io))));
    }
    return EXIT.OK;
  },
};
