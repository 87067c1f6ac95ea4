import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { parseCommandArgs, intOption } from '../args.js';
import { useColor, type CliIo } from '../io.js';
import { MailtlsError } from '../../errors.js';
import { recordRun } from '../../ledger.js';
import { USAGE } from '../usage/check.js';


function progress(io: CliIo): (msg: string) => void {
  if (io.stderr.isTTY !== true) return () => undefined;
  return (msg) => io.stderr.write(`\r\u001b[K  ${msg}…`);
}

export const checkCommand: Command = {
  name: 'check',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      resolver: { type: 'string' }, 'ca-file': { type: 'string' }, profile: { type: 'string' }, json: { type: 'boolean' },
      concurrency: { type: 'string' }, timeout: { type: 'string' }, html: { type: 'string' },
    });
    if (positionals.length !== 1) throw new MailtlsError('EUSAGE', 'give exactly one DOMAIN (see mailtls check --help)');
    const { getProfile, DEFAULT_PROFILE } = await import('../../policy/profiles.js');
    const profile = values.profile ?? DEFAULT_PROFILE;
    getProfile(profile); // EUSAGE naming the known profiles
    const html = values.html !== undefined ? resolve(io.cwd, values.html) : undefined;
    const concurrency = intOption(values.concurrency, '--concurrency', 1, 64);
    const timeoutMs = intOption(values.timeout, '--timeout', 100, 600_000);
    const [{ checkDomain, normalizeDomain }, dns] = await Promise.all([import('../../check/run.js'), import('../../dns/resolv-conf.js')]);
    const domain = normalizeDomain(positionals[0] ?? '');
    const servers = values.resolver !== undefined ? [dns.parseResolverSpec(values.resolver)] : await dns.systemResolvers();
    let caPem: string | undefined;
    if (values['ca-file'] !== undefined) {
      const file = values['ca-file'];
      caPem = await readFile(file, 'utf8').catch((err: unknown) => { throw new MailtlsError('EIO', `cannot read the CA file: ${(err as Error).message}`, { place: { file } }); });
      if (!caPem.includes('-----BEGIN CERTIFICATE-----')) throw new MailtlsError('EUSAGE', `${file} holds no PEM certificate`, { place: { file } });
    }
    const show = progress(io);
    const started = Date.now();
    const report = await checkDomain(domain, {
      servers, profile, onProgress: show,
      ...(caPem !== undefined ? { caPem } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(timeoutMs !== undefined ? { scan: { timeoutMs, greetTimeoutMs: Math.max(timeoutMs, 7000) } } : {}),
    });
    if (io.stderr.isTTY === true) io.stderr.write('\r\u001b[K');
    const addresses = [...new Set(report.mx.flatMap((m) => m.addresses.flatMap((a) => a.scan?.stats.sourceAddresses ?? [])))];
    const warning = recordRun({ tool: 'check', since: started, until: Date.now(), addresses, targets: report.mx.flatMap((m) => m.addresses.filter((a) => a.scan).map((a) => `${a.address}:25`)) }, io.env);
    if (warning !== null) io.stderr.write(`mailtls check: warning: ${warning}\n`);
    if (html !== undefined) {
      const { renderCheckHtml } = await import('../../report/check-html.js');
      try {
        writeFileSync(html, renderCheckHtml(report));
      } catch (err) {
        throw new MailtlsError('EIO', `cannot write ${html}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { place: { file: html }, cause: err });
      }
    }
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const [{ renderCheckText }, { makeStyle }] = await Promise.all([import('../../report/check-text.js'), import('../../report/terminal.js')]);
      io.stdout.write(renderCheckText(report, makeStyle(useColor(io)), io.stdout.columns ?? 100));
    }
    return report.verdict === 'fail' ? EXIT.FAILED : EXIT.OK;
  },
};
