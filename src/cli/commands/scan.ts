import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { parseCommandArgs, intOption } from '../args.js';
import { useColor, type CliIo } from '../io.js';
import { MailtlsError } from '../../errors.js';
import { scanHost } from '../../scan/engine.js';
import { recordRun } from '../../ledger.js';
import type { ScanOptions, ScanTarget } from '../../scan/context.js';
import { protocolForPort, type AppProtocol } from '../../scan/preamble.js';
import { USAGE } from '../usage/scan.js';


/**
 * The greeting may take postscreen_greet_wait (6 s by default) plus a margin, whatever
 * --timeout says: a shorter wait would fail every scan of a server behind postscreen.
 */
const POSTSCREEN_GREET_WAIT_MS = 7000;

/** "30s", "5m", "1h", "500ms", "90" (seconds) → ms. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(text.trim());
  if (!m) throw new MailtlsError('EUSAGE', `${flag} takes a duration such as 30s, 5m or 1h, not "${text}"`);
  const unit = m[2] ?? 's';
  const ms = Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : 60_000);
  if (ms < 1000 || ms > 86_400_000) throw new MailtlsError('EUSAGE', `${flag} must be between 1s and 24h, not "${text}"`);
  return Math.round(ms);
}


/** "30/min", "1/s", "100/h", "30" (per minute) → starts per minute. */
export function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/(s|sec|m|min|h|hour))?$/.exec(text.trim());
  if (!m) throw new MailtlsError('EUSAGE', `--rate takes connections per time, such as 30/min or 1/s, not "${text}"`);
  const unit = m[2] ?? 'min';
  const perMinute = Number(m[1]) * (unit === 's' || unit === 'sec' ? 60 : unit === 'h' || unit === 'hour' ? 1 / 60 : 1);
  if (!(perMinute > 0) || perMinute > 60_000) throw new MailtlsError('EUSAGE', `--rate must be above 0 and at most 1000/s, not "${text}"`);
  return perMinute;
}

/** HOST, HOST:PORT, [V6], [V6]:PORT, or a bare IPv6 address. */
export function parseTarget(spec: string): { host: string; port: number | undefined } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (bracket) return { host: bracket[1] ?? '', port: bracket[2] !== undefined ? portOf(bracket[2]) : undefined };
  const colons = (spec.match(/:/g) ?? []).length;
  if (colons > 1) return { host: spec, port: undefined };
  const [host = '', port] = spec.split(':');
  if (host === '' || !/^[A-Za-z0-9.-]+$/.test(host)) throw new MailtlsError('EUSAGE', `"${spec}" is not a host name or address`);
  return { host, port: port !== undefined ? portOf(port) : undefined };
}

function portOf(text: string): number {
  const n = intOption(text, 'the port', 1, 65535);
  if (n === undefined) throw new MailtlsError('EUSAGE', 'missing port');
  return n;
}

const APP_PROTOCOLS: readonly AppProtocol[] = ['smtp', 'imap', 'pop3', 'sieve'];
const isApp = (v: string): v is AppProtocol => (APP_PROTOCOLS as readonly string[]).includes(v);

/** --starttls and --protocol over the port's default (preamble.ts protocolForPort). */
export function chooseProtocol(port: number, starttlsOption: string | undefined, protocolOption: string | undefined): { starttls: boolean; protocol: AppProtocol } {
  if (protocolOption !== undefined && !isApp(protocolOption)) throw new MailtlsError('EUSAGE', `--protocol takes smtp, imap, pop3 or sieve, not "${protocolOption}"`);
  const byPort = protocolForPort(port);
  if (starttlsOption === undefined) {
    if (protocolOption !== undefined && protocolOption !== byPort.protocol) {
      throw new MailtlsError('EUSAGE', `--protocol ${protocolOption} on port ${port}: say how TLS starts, --starttls ${protocolOption} or --starttls none`);
    }
    return byPort;
  }
  if (starttlsOption === 'none') return { starttls: false, protocol: protocolOption ?? byPort.protocol };
  if (!isApp(starttlsOption)) throw new MailtlsError('EUSAGE', `--starttls takes smtp, imap, pop3, sieve or none, not "${starttlsOption}"`);
  if (protocolOption !== undefined && protocolOption !== starttlsOption) throw new MailtlsError('EUSAGE', `--starttls ${starttlsOption} and --protocol ${protocolOption} disagree`);
  return { starttls: true, protocol: starttlsOption };
}

function progress(io: CliIo): { update(done: number, label: string): void; clear(): void } {
  if (io.stderr.isTTY !== true) return { update() { /* not a terminal */ }, clear() { /* nothing shown */ } };
  let last = 0;
  return {
    update(done, label) {
      const now = Date.now();
      if (now - last < 80) return;
      last = now;
      io.stderr.write(`\r\u001b[K  scanning: ${done} handshakes, ${label}`);
    },
    clear() { io.stderr.write('\r\u001b[K'); },
  };
}

export const scanCommand: Command = {
  name: 'scan',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      starttls: { type: 'string' },
      json: { type: 'boolean' },
      concurrency: { type: 'string' },
      'max-connections': { type: 'string' },
      rate: { type: 'string' },
      patience: { type: 'string' },
      timeout: { type: 'string' },
      delay: { type: 'string' },
      ehlo: { type: 'string' },
      role: { type: 'string' },
      profile: { type: 'string' },
      protocol: { type: 'string' },
      vulns: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new MailtlsError('EUSAGE', 'give exactly one HOST[:PORT] (see mailtls scan --help)');
    const { host, port: given } = parseTarget(positionals[0] ?? '');
    const port = given ?? 25;
    const { starttls, protocol } = chooseProtocol(port, values.starttls, values.protocol);
    const ehlo = values.ehlo;
    if (ehlo !== undefined && !/^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]+\]$/.test(ehlo)) throw new MailtlsError('EUSAGE', `--ehlo "${ehlo}" is not a host name or address literal`);
    const timeoutMs = intOption(values.timeout, '--timeout', 100, 600_000);
    const maxConnections = intOption(values['max-connections'], '--max-connections', 1, 64) ?? intOption(values.concurrency, '--concurrency', 1, 64);
    const opts: Partial<ScanOptions> = {
      ...(maxConnections !== undefined ? { concurrency: maxConnections } : {}),
      ...(values.rate !== undefined ? { ratePerMinute: parseRate(values.rate) } : {}),
      ...(values.patience !== undefined ? { patienceMs: parseDuration(values.patience, '--patience') } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs, greetTimeoutMs: Math.max(timeoutMs, POSTSCREEN_GREET_WAIT_MS) } : {}),
      ...(intOption(values.delay, '--delay', 0, 600_000) !== undefined ? { delayMs: intOption(values.delay, '--delay', 0, 600_000) } : {}),
      ...(ehlo !== undefined ? { ehloName: ehlo } : {}),
      ...(values.vulns === true ? { vulns: true } : {}),
    };
    const role = values.role;
    if (role !== undefined && role !== 'mx' && role !== 'submission') throw new MailtlsError('EUSAGE', `--role takes mx or submission, not "${role}"`);
    const target: ScanTarget = { host, port, starttls, protocol, ...(role !== undefined ? { role } : {}) };
    // An unknown profile is a usage error before any connection is made.
    // Loaded only when asked for, so a plain scan starts as fast as before.
    const policy = values.profile !== undefined ? await import('../../policy/grade.js') : null;
    const profile = policy !== null && values.profile !== undefined ? policy.getProfile(values.profile) : null;
    const bar = progress(io);
    // The text renderer loads while the scan waits on the network; --json never needs it.
    const text = values.json ? null : Promise.all([import('../../report/scan-text.js'), import('../../report/terminal.js')]);
    text?.catch(() => undefined); // a failure surfaces where it is awaited, not as an unhandled rejection
    const started = Date.now();
    const report = await scanHost(target, opts, (done, label) => bar.update(done, label));
    bar.clear();
    // So that log reports can tell this scan's sessions from clients' (scan/ledger.ts).
    const warning = recordRun({ tool: 'scan', since: started, until: Date.now(), addresses: report.stats.sourceAddresses ?? [], targets: [`${host}:${port}`] }, io.env);
    if (warning !== null) io.stderr.write(`mailtls scan: warning: ${warning}
`);
    const graded = policy !== null && profile !== null ? policy.gradeScan(profile, report, report.target.role) : null;
    if (text === null) {
      const data = graded !== null && profile !== null
        ? { ...report, findings: graded.findings, coveredFindings: graded.covered, profile: profile.info, rules: graded.rules }
        : report;
      io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    } else if (report.protocols.length > 0 || report.smtp || report.mailbox) {
      const [{ renderScanText }, { makeStyle }] = await text;
      const style = makeStyle(useColor(io));
      const width = io.stdout.columns ?? 100;
      io.stdout.write(graded !== null && profile !== null
        ? renderScanText({ ...report, findings: graded.findings }, style, width, { profile: profile.info, role: report.target.role, rules: graded.rules })
        : renderScanText(report, style, width));
    }
    if (!report.complete) {
      io.stderr.write(`mailtls scan: ${report.error ?? 'the scan did not complete'}\n`);
      return EXIT.FAILED;
    }
    return EXIT.OK;
  },
};
