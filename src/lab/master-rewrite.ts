/**
 * Rewrites a user's master.cf so that it runs as an isolated lab instance: every inet service
 * listens on a 127.0.0.1 port of ours, chroot is off (an instance outside the standard queue
 * directory has no chroot jail), and the postlogd service that maillog_file needs is present.
 * Pure text in, text out: the instance module does the I/O.
 *
 * master.cf is read with the project's Postfix parser (src/postfix/master-cf.ts: eight fields,
 * continuations, both -o forms). Only the first physical line of an entry is edited, so
 * comments, options and the long `-o { name = value }` form are kept as written.
 */
import { parseMasterCf, type MasterEntry } from '../postfix/master-cf.js';

export interface LabService {
  /** The service name as the user wrote it (column 1), e.g. "submission" or "10.0.0.1:2525". */
  readonly service: string;
  readonly type: 'inet';
  /** Column 8: the daemon (smtpd, postscreen, qmqpd, ...). */
  readonly command: string;
  /** The loopback port the lab bound it to. */
  port: number;
  /** The loopback addresses it listens on (127.0.0.1 unless the instance was given others). */
  readonly addresses?: readonly string[];
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

/** The value of the last `-o name=...` of an entry (short or long form), as the daemon sees it. */
function overrideValue(entry: MasterEntry, name: string): string | undefined {
  let value: string | undefined;
  for (const o of entry.overrides) if (o.name === name) value = o.value;
  return value;
}

export interface RewriteOptions {
  /** Picks the loopback port for the n-th inet service (0-based). */
  readonly portFor: (index: number, service: string) => number;
  /** main.cf values that decide each service's TLS mode when no -o sets them. */
  readonly mainWrapperMode: boolean;
  readonly mainSecurityLevel: string;
  readonly fileLabel?: string;
  /**
   * Loopback addresses to listen on (default 127.0.0.1). With several, the entry is repeated once
   * per address: inet_interfaces accepts only addresses configured on an interface, and
   * 127.53.0.10 is not (Linux routes all of 127.0.0.0/8 to lo), while a master.cf host:port is
   * bound as given.
   */
  readonly addresses?: readonly string[];
}

export function rewriteMasterCf(text: string, opts: RewriteOptions): MasterRewrite {
  const file = opts.fileLabel ?? 'master.cf';
  const parsed = parseMasterCf(text, file);
  const effective = new Set(parsed.entries);
  // Every entry, effective or overridden by a later duplicate, in file order: all need chroot off.
  const all: MasterEntry[] = [...parsed.entries, ...parsed.overridden].sort((a, b) => a.line - b.line);
  const lines = text.split('\n');
  const services: LabService[] = [];
  const changes: string[] = [];
  const chrootOff: string[] = [];
  /** Entries repeated for further addresses, inserted after the line index they follow. */
  const copies = new Map<number, string[]>();
  let index = 0;
  all.forEach((entry, k) => {
    const first = entry.line - 1;
    const last = (all[k + 1]?.line ?? lines.length + 1) - 2;
    let edited = lines[first] ?? '';
    const fields = edited.trim().split(/\s+/);
    // Chroot (column 5) must be off: the lab's queue directory has no jail set up.
    if (entry.chroot !== 'n' && fields.length >= 5) {
      edited = replaceField(edited, 4, 'n');
      chrootOff.push(`${entry.service}/${entry.type}:${entry.line}`);
    }
    if (entry.type === 'inet' && effective.has(entry)) {
      const port = opts.portFor(index++, entry.service);
      const addrs = opts.addresses ?? ['127.0.0.1'];
      const listen = `${addrs[0] ?? '127.0.0.1'}:${port}`;
      edited = replaceField(edited, 0, listen);
      changes.push(`${file}:${entry.line}: ${entry.service}/inet: listens on ${listen}`);
      const wrapper = (overrideValue(entry, 'smtpd_tls_wrappermode') ?? (opts.mainWrapperMode ? 'yes' : 'no')) === 'yes';
      const level = overrideValue(entry, 'smtpd_tls_security_level') ?? opts.mainSecurityLevel;
      services.push({
        service: entry.service, type: 'inet', command: entry.command, port, addresses: addrs, listen: entry.service,
        tls: wrapper ? 'wrapper' : level === 'none' || level === '' ? 'none' : 'starttls',
        line: entry.line,
      });
      // $service_name in its options would now expand to our 127.0.0.1:port: keep the user's name
      // there (the stock 3.9+ master.cf uses -o syslog_name=postfix/$service_name).
      for (let i = first + 1; i <= last; i++) {
        const l = lines[i] ?? '';
        if (!/\$\{?service_name\}?/.test(l)) continue;
        lines[i] = l.replace(/\$\{service_name\}|\$service_name\b/g, entry.service);
        changes.push(`${file}:${i + 1}: $service_name -> ${entry.service}`);
      }
    }
    lines[first] = edited;
    if (entry.type === 'inet' && effective.has(entry)) {
      const addrs = opts.addresses ?? ['127.0.0.1'];
      const block = lines.slice(first, last + 1);
      for (const extra of addrs.slice(1)) {
        copies.set(last, [...(copies.get(last) ?? []), ...block.map((l, i) => (i === 0 ? replaceField(l, 0, `${extra}:${services[services.length - 1]?.port ?? 0}`) : l))]);
      }
    }
  });
  if (chrootOff.length > 0) changes.push(`${file}: chroot turned off (column 5 -> n) for ${chrootOff.join(' ')}`);
  if (!all.some((e) => e.command === 'postlogd')) {
    lines.push('postlog   unix-dgram n  -       n       -       1       postlogd');
    changes.push(`${file}: added the postlog service (maillog_file needs postlogd)`);
  }
  const out = copies.size === 0 ? lines : lines.flatMap((l, i) => [l, ...(copies.get(i) ?? [])]);
  return { text: out.join('\n'), services, changes };
}

/** Replaces the n-th whitespace-separated field of a line, keeping the spacing around it. */
function replaceField(line: string, n: number, value: string): string {
  let field = -1;
  return line.replace(/\S+/g, (tok) => (++field === n ? value : tok));
}
