/**
 * Rewrites a user's master.cf so that it runs as an isolated lab instance: every inet service
 * listens on a 127.0.0.1 port of ours, chroot is off (an instance outside the standard queue
 * directory has no chroot jail), and the postlogd service that maillog_file needs is present.
 * Pure text in, text out: the instance module does the I/O.
 *
 * master.cf syntax (proto/master): eight whitespace-separated fields, continuation lines start
 * with whitespace, lines whose first non-blank character is '#' are comments even inside a
 * continuation. Only the first physical line of an entry is edited, so comments, options and
 * the long `-o { name = value }` form are kept as written.
 */

export interface LabService {
  /** The service name as the user wrote it (column 1), e.g. "submission" or "10.0.0.1:2525". */
  readonly service: string;
  readonly type: 'inet';
  /** Column 8: the daemon (smtpd, postscreen, qmqpd, ...). */
  readonly command: string;
  /** The loopback port the lab bound it to. */
  port: number;
  /** The column 1 field before rewriting. */
  readonly listen: string;
  /** How a client starts TLS on it, as far as its -o options and main.cf tell. */
  readonly tls: 'starttls' | 'wrapper' | 'none';
  /** 1-based line of the entry in the given master.cf. */
  readonly line: number;
}

export interface MasterRewrite {
  readonly text: string;
  readonly services: LabService[];
  /** What was changed, for the report: "master.cf:12: submission -> 127.0.0.1:40123". */
  readonly changes: string[];
}

interface Entry {
  /** Index of the entry's first physical line. */
  readonly first: number;
  /** All tokens of the logical line (fields and arguments). */
  readonly tokens: string[];
}

function entries(lines: readonly string[]): Entry[] {
  const out: Entry[] = [];
  let current: Entry | undefined;
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (/^\s/.test(raw)) {
      current?.tokens.push(...trimmed.split(/\s+/));
      return;
    }
    current = { first: i, tokens: trimmed.split(/\s+/) };
    out.push(current);
  });
  return out;
}

/** The value of `-o name=value` (short form) among an entry's arguments, last one winning. */
export function optionValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if (a === '-o' && next !== undefined && next.startsWith(`${name}=`)) value = next.slice(name.length + 1);
    else if (a?.startsWith('-o') && a.length > 2 && a.slice(2).startsWith(`${name}=`)) value = a.slice(name.length + 3);
  }
  return value;
}

export interface RewriteOptions {
  /** Picks the loopback port for the n-th inet service (0-based). */
  readonly portFor: (index: number, service: string) => number;
  /** main.cf values that decide each service's TLS mode when no -o sets them. */
  readonly mainWrapperMode: boolean;
  readonly mainSecurityLevel: string;
  readonly fileLabel?: string;
}

export function rewriteMasterCf(text: string, opts: RewriteOptions): MasterRewrite {
  const lines = text.split('\n');
  const services: LabService[] = [];
  const changes: string[] = [];
  const file = opts.fileLabel ?? 'master.cf';
  let hasPostlog = false;
  let index = 0;
  const chrootOff: string[] = [];
  for (const entry of entries(lines)) {
    const [name, type, , , chroot, , , command] = entry.tokens;
    if (name === undefined || type === undefined) continue;
    if (command === 'postlogd') hasPostlog = true;
    const firstLine = lines[entry.first] ?? '';
    const fields = firstLine.trim().split(/\s+/);
    const lineNo = entry.first + 1;
    let edited = firstLine;
    // Chroot (column 5) must be off: the lab's queue directory has no jail set up.
    if (chroot !== undefined && chroot !== 'n' && fields.length >= 5) {
      edited = replaceField(edited, 4, 'n');
      chrootOff.push(`${name}/${type}:${lineNo}`);
    }
    if (type === 'inet') {
      const port = opts.portFor(index++, name);
      const listen = `127.0.0.1:${port}`;
      edited = replaceField(edited, 0, listen);
      changes.push(`${file}:${lineNo}: ${name}/inet: listens on ${listen}`);
      const args = entry.tokens.slice(8);
      const wrapper = (optionValue(args, 'smtpd_tls_wrappermode') ?? (opts.mainWrapperMode ? 'yes' : 'no')) === 'yes';
      const level = optionValue(args, 'smtpd_tls_security_level') ?? opts.mainSecurityLevel;
      services.push({
        service: name, type: 'inet', command: command ?? '', port, listen: name,
        tls: wrapper ? 'wrapper' : level === 'none' || level === '' ? 'none' : 'starttls',
        line: lineNo,
      });
    }
    lines[entry.first] = edited;
  }
  // $service_name in an inet entry's options would now expand to our 127.0.0.1:port: keep the
  // user's name there (the stock 3.9+ master.cf uses -o syslog_name=postfix/$service_name).
  const out = lines.map((l) => l);
  for (const s of services) {
    for (let i = s.line - 1; i < out.length; i++) {
      const l = out[i] ?? '';
      if (i > s.line - 1 && !/^\s/.test(l) && l.trim() !== '' && !l.trim().startsWith('#')) break;
      if (/\$\{?service_name\}?/.test(l)) {
        out[i] = l.replace(/\$\{service_name\}|\$service_name\b/g, s.service);
        changes.push(`${file}:${i + 1}: $service_name -> ${s.service}`);
      }
    }
  }
  if (chrootOff.length > 0) changes.push(`${file}: chroot turned off (column 5 -> n) for ${chrootOff.join(' ')}`);
  if (!hasPostlog) {
    out.push('postlog   unix-dgram n  -       n       -       1       postlogd');
    changes.push(`${file}: added the postlog service (maillog_file needs postlogd)`);
  }
  return { text: out.join('\n'), services, changes };
}

/** Replaces the n-th whitespace-separated field of a line, keeping the spacing around it. */
function replaceField(line: string, n: number, value: string): string {
  let field = -1;
  return line.replace(/\S+/g, (tok) => (++field === n ? value : tok));
}
