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
  /**
   * The value to put in place of a `-o smtpd_tls_*_file` certificate option, or null to keep it:
   * instance.ts answers with the lab's certificate where the user's file is not on this machine.
   */
  readonly certFor?: (parameter: string, value: string) => string | null;
}

export function rewriteMasterCf(text: string, opts: RewriteOptions): MasterRewrite {
  const file = opts.fileLabel ?? 'master.cf';
  const parsed = parseMasterCf(text, file);
  // Every entry, effective or overridden by a later duplicate, in file order: all need chroot off.
  const all: MasterEntry[] = [...parsed.entries, ...parsed.overridden].sort((a, b) => a.line - b.line);
  const lines = text.split('\n');
  const changes: string[] = [];
  const { services, copies } = rewriteEntries(lines, all, new Set(parsed.entries), opts, file, changes);
  addMissingServices(lines, all, file, changes);
  if (opts.certFor !== undefined) replaceCertOptions(lines, opts.certFor, file, changes);
  switchSaslOffDovecot(lines, text, file, changes);
  const out = copies.size === 0 ? lines : lines.flatMap((l, i) => [l, ...(copies.get(i) ?? [])]);
  return { text: out.join('\n'), services, changes };
}

/**
 * Each entry's first line: chroot off, inet services on the lab's address and port (the effective
 * ones listed as services, repeated per further address). Edits `lines` in place.
 */
function rewriteEntries(
  lines: string[], all: readonly MasterEntry[], effective: ReadonlySet<MasterEntry>, opts: RewriteOptions, file: string, changes: string[],
): { services: LabService[]; copies: Map<number, string[]> } {
  const services: LabService[] = [];
  const chrootOff: string[] = [];
  /** Entries repeated for further addresses, inserted after the line index they follow. */
  const copies = new Map<number, string[]>();
  const addrs = opts.addresses ?? ['127.0.0.1'];
  // Each effective inet entry's new listen address, in file order; an earlier duplicate of it
  // gets the same, so Postfix still sees a duplicate and uses the last entry (master_ent.c)
  // instead of binding the user's real port for the overridden one.
  const listenOf = new Map<string, string>();
  all.filter((e) => e.type === 'inet' && effective.has(e)).forEach((e, i) => {
    listenOf.set(e.service, `${addrs[0] ?? '127.0.0.1'}:${opts.portFor(i, e.service)}`);
  });
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
    if (entry.type === 'inet' && !effective.has(entry)) {
      const listen = listenOf.get(entry.service);
      if (listen !== undefined) {
        edited = replaceField(edited, 0, listen);
        changes.push(`${file}:${entry.line}: ${entry.service}/inet: a duplicate the later entry overrides, renamed with it`);
      }
    }
    if (entry.type === 'inet' && effective.has(entry)) {
      const port = opts.portFor(index++, entry.service);
      const listen = `${addrs[0] ?? '127.0.0.1'}:${port}`;
      edited = replaceField(edited, 0, listen);
      changes.push(`${file}:${entry.line}: ${entry.service}/inet: listens on ${listen}`);
      services.push(labService(entry, port, addrs, opts));
      keepServiceName(lines, entry, first, last, file, changes);
    }
    lines[first] = edited;
    if (entry.type === 'inet' && effective.has(entry)) {
      const block = lines.slice(first, last + 1);
      for (const extra of addrs.slice(1)) {
        copies.set(last, [...(copies.get(last) ?? []), ...block.map((l, i) => (i === 0 ? replaceField(l, 0, `${extra}:${services[services.length - 1]?.port ?? 0}`) : l))]);
      }
    }
  });
  if (chrootOff.length > 0) changes.push(`${file}: chroot turned off (column 5 -> n) for ${chrootOff.join(' ')}`);
  return { services, copies };
}

function labService(entry: MasterEntry, port: number, addrs: readonly string[], opts: RewriteOptions): LabService {
  const wrapper = (overrideValue(entry, 'smtpd_tls_wrappermode') ?? (opts.mainWrapperMode ? 'yes' : 'no')) === 'yes';
  const level = overrideValue(entry, 'smtpd_tls_security_level') ?? opts.mainSecurityLevel;
  return {
    service: entry.service, type: 'inet', command: entry.command, port, addresses: addrs, listen: entry.service,
    tls: wrapper ? 'wrapper' : level === 'none' || level === '' ? 'none' : 'starttls',
    line: entry.line,
  };
}

/**
 * $service_name in an entry's options would now expand to our 127.0.0.1:port: keep the user's
 * name there (the stock 3.9+ master.cf uses -o syslog_name=postfix/$service_name).
 */
function keepServiceName(lines: string[], entry: MasterEntry, first: number, last: number, file: string, changes: string[]): void {
  for (let i = first + 1; i <= last; i++) {
    const l = lines[i] ?? '';
    if (!/\$\{?service_name\}?/.test(l)) continue;
    lines[i] = l.replace(/\$\{service_name\}|\$service_name\b/g, entry.service);
    changes.push(`${file}:${i + 1}: $service_name -> ${entry.service}`);
  }
}

/**
 * postlogd, which maillog_file needs; and the stock internal services a master.cf cut down to its
 * inet services (a container's, an excerpt) lacks: without proxymap smtpd retries every 10 s
 * and never greets. The stock ones, where no entry of that name and type exists (conf/master.cf
 * of Postfix 3.x).
 */
function addMissingServices(lines: string[], all: readonly MasterEntry[], file: string, changes: string[]): void {
  if (!all.some((e) => e.command === 'postlogd')) {
    lines.push('postlog   unix-dgram n  -       n       -       1       postlogd');
    changes.push(`${file}: added the postlog service (maillog_file needs postlogd)`);
  }
  const missing = STOCK_INTERNAL.filter(([name]) => !all.some((e) => e.service === name && (e.type === 'unix' || e.type === 'fifo')));
  if (missing.length > 0) {
    for (const [name, line] of missing) lines.push(`${name.padEnd(9)} unix  ${line}`);
    changes.push(`${file}: added the stock internal services it lacks: ${missing.map(([n]) => n).join(' ')}`);
  }
}

/** `-o smtpd_tls_*_file` certificate options the caller replaces (files not on this machine). */
function replaceCertOptions(lines: string[], certFor: (parameter: string, value: string) => string | null, file: string, changes: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s+-o\s*\{?\s*)(smtpd_tls_(?:cert|key|eccert|eckey|dcert|dkey)_file|smtpd_tls_chain_files)(\s*=\s*)(.*?)(\s*\}?\s*)$/.exec(lines[i] ?? '');
    if (m === null) continue;
    const repl = certFor(m[2] ?? '', m[4] ?? '');
    if (repl === null) continue;
    // The long form takes spaces (chain files); the short one cannot, so commas there.
    const value = (m[1] ?? '').includes('{') ? repl : repl.replace(/,\s*/g, ',');
    lines[i] = `${m[1] ?? ''}${m[2] ?? ''}${m[3] ?? ''}${value}${m[5] ?? ''}`;
    changes.push(`${file}:${i + 1}: ${m[2] ?? ''} ${m[4] ?? ''} -> ${value} (not on this machine)`);
  }
}

/**
 * Dovecot SASL needs the user's Dovecot auth socket, which a lab has not: smtpd would exit
 * with "fatal: no SASL authentication mechanisms". Cyrus SASL lists the mechanisms of the
 * installed libsasl2 plugins without a daemon, so AUTH is still announced (and TLS, what the
 * lab is for, is unchanged).
 */
function switchSaslOffDovecot(lines: string[], text: string, file: string, changes: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const m = /^(\s+-o\s*\{?\s*smtpd_sasl_(type|path)\s*=\s*)([^\s}]+)(.*)$/.exec(l);
    if (m === null) continue;
    const want = m[2] === 'type' ? 'cyrus' : 'smtpd';
    if (m[2] === 'type' && m[3] !== 'dovecot') continue;
    if (m[2] === 'path' && !/smtpd_sasl_type\s*=\s*dovecot/.test(text)) continue;
    lines[i] = `${m[1] ?? ''}${want}${m[4] ?? ''}`;
    changes.push(`${file}:${i + 1}: smtpd_sasl_${m[2] ?? ''} ${m[3] ?? ''} -> ${want} (no Dovecot auth socket in a lab)`);
  }
}

/** Stock internal services (name, the columns after the type), as Postfix 3.x's master.cf has them. */
const STOCK_INTERNAL: readonly (readonly [string, string])[] = [
  ['pickup', 'n       -       n       60      1       pickup'],
  ['cleanup', 'n       -       n       -       0       cleanup'],
  ['qmgr', 'n       -       n       300     1       qmgr'],
  ['tlsmgr', '-       -       n       1000?   1       tlsmgr'],
  ['rewrite', '-       -       n       -       -       trivial-rewrite'],
  ['bounce', '-       -       n       -       0       bounce'],
  ['defer', '-       -       n       -       0       bounce'],
  ['trace', '-       -       n       -       0       bounce'],
  ['verify', '-       -       n       -       1       verify'],
  ['flush', 'n       -       n       1000?   0       flush'],
  ['proxymap', '-       -       n       -       -       proxymap'],
  ['proxywrite', '-       -       n       -       1       proxymap'],
  ['smtp', '-       -       n       -       -       smtp'],
  ['relay', '-       -       n       -       -       smtp'],
  ['showq', 'n       -       n       -       -       showq'],
  ['error', '-       -       n       -       -       error'],
  ['retry', '-       -       n       -       -       error'],
  ['discard', '-       -       n       -       -       discard'],
  ['local', '-       n       n       -       -       local'],
  ['lmtp', '-       -       n       -       -       lmtp'],
  ['anvil', '-       -       n       -       1       anvil'],
  ['scache', '-       -       n       -       1       scache'],
];

/** Replaces the n-th whitespace-separated field of a line, keeping the spacing around it. */
function replaceField(line: string, n: number, value: string): string {
  let field = -1;
  return line.replace(/\S+/g, (tok) => (++field === n ? value : tok));
}
