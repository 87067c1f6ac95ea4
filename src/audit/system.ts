/**
 * What the running system says about the configuration the daemons use: when Postfix's master
 * last read it (its process start time, and the `daemon started` / `reload` lines of the log),
 * when main.cf and master.cf last changed, and which processes hold the listening sockets of
 * a port. Linux /proc only; anywhere else, or without the permission, the answers are null and
 * the audit says it could not check.
 *
 * - master's pid: $queue_directory/pid/master.pid (src/master/master.c, the pid file it locks);
 * - a process's start: field 22 of /proc/PID/stat, in clock ticks since boot (proc(5)), plus
 *   btime from /proc/stat;
 * - listeners: /proc/net/tcp and tcp6 rows in state 0A (LISTEN) give the socket inode; the
 *   processes holding it have a /proc/PID/fd link to "socket:[inode]". master opens every inet
 *   listener and its children inherit them (src/master/master_listen.c).
 */
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface MasterProcess {
  readonly pid: number;
  /** Epoch ms the process started. */
  readonly startedAt: number;
  readonly command: string;
}

export interface ListenerProcess {
  readonly pid: number;
  readonly command: string;
  /** The process is Postfix's master or one of its children. */
  readonly postfix: boolean;
}

export interface PortListeners {
  readonly port: number;
  /** The local addresses of the listening sockets ("0.0.0.0", "::", "127.0.0.1"). */
  readonly addresses: readonly string[];
  readonly processes: readonly ListenerProcess[];
  /** false when the sockets' owners could not be read (not root, no /proc). */
  readonly ownersKnown: boolean;
}

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) is 100 on every Linux architecture Node runs on

function readText(path: string, max = 4 << 20): string | null {
  try {
    if (statSync(path).size > max) return null;
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Boot time, epoch ms (btime in /proc/stat). */
function bootTime(proc: string): number | null {
  const m = /^btime (\d+)$/m.exec(readText(join(proc, 'stat')) ?? '');
  return m ? Number(m[1]) * 1000 : null;
}

/** A process's start time (epoch ms) and name; null when gone or unreadable. */
export function processInfo(pid: number, proc = '/proc'): { startedAt: number; command: string; ppid: number } | null {
  const stat = readText(join(proc, String(pid), 'stat'));
  if (stat === null) return null;
  // comm may hold spaces and parentheses: the fields after it follow the last ')'.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const fields = stat.slice(close + 2).split(' ');
  // A zombie (Z) or dead (X) process has exited; in a container whose PID 1 reaps late, a
  // stopped master stays a zombie for a while with its pid file still in place.
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  const ppid = Number(fields[1]);
  const ticks = Number(fields[19]);
  const boot = bootTime(proc);
  if (!Number.isFinite(ticks) || boot === null) return null;
  return { startedAt: boot + (ticks * 1000) / CLOCK_TICKS, command: stat.slice(open + 1, close), ppid };
}

/** The running master of a queue directory, if its pid file names a live master process. */
export function masterProcess(queueDirectory: string, proc = '/proc'): MasterProcess | null {
  const text = readText(join(queueDirectory, 'pid', 'master.pid'), 4096);
  const pid = text !== null ? Number(text.trim()) : NaN;
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const info = processInfo(pid, proc);
  if (info === null || info.command !== 'master') return null;
  return { pid, startedAt: info.startedAt, command: info.command };
}

/** /proc/net/tcp address "0100007F:0019" -> ["127.0.0.1", 25]; tcp6 addresses likewise. */
export function decodeProcAddress(hex: string): { address: string; port: number } | null {
  const [a, p] = hex.split(':');
  if (a === undefined || p === undefined) return null;
  const port = parseInt(p, 16);
  if (a.length === 8) {
    const n = parseInt(a, 16);
    // Host byte order (little-endian on x86 and arm64).
    return { address: [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.'), port };
  }
  if (a.length === 32) {
    const words: string[] = [];
    for (let i = 0; i < 32; i += 8) {
      const w = a.slice(i, i + 8);
      const le = (w.match(/../g) ?? []).reverse().join('');
      words.push(le.slice(0, 4), le.slice(4));
    }
    const groups = words.map((g) => parseInt(g, 16).toString(16));
    // IPv4-mapped (::ffff:a.b.c.d): a v6 socket that also takes IPv4 connections.
    if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
      const hi = parseInt(words[6] ?? '0', 16);
      const lo = parseInt(words[7] ?? '0', 16);
      return { address: `::ffff:${hi >>> 8}.${hi & 255}.${lo >>> 8}.${lo & 255}`, port };
    }
    return { address: compressV6(groups), port };
  }
  return null;
}

function compressV6(groups: string[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Listening sockets on a TCP port and the processes that hold them. */
export function portListeners(port: number, master: MasterProcess | null, proc = '/proc'): PortListeners {
  const inodes = new Map<string, string>();
  for (const table of ['tcp', 'tcp6']) {
    const text = readText(join(proc, 'net', table), 64 << 20) ?? '';
    for (const row of text.split('\n').slice(1)) {
      const f = row.trim().split(/\s+/);
      if (f[3] !== '0A' || f[1] === undefined || f[9] === undefined) continue;
      const local = decodeProcAddress(f[1]);
      if (local?.port === port) inodes.set(f[9], local.address);
    }
  }
  const processes: ListenerProcess[] = [];
  let ownersKnown = inodes.size === 0;
  let pids: string[] = [];
  try {
    pids = readdirSync(proc).filter((d) => /^\d+$/.test(d));
  } catch {
    pids = [];
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(join(proc, pid, 'fd'));
    } catch {
      continue;
    }
    let holds = false;
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(join(proc, pid, 'fd', fd));
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1] ?? '')) { holds = true; break; }
    }
    if (!holds) continue;
    ownersKnown = true;
    const info = processInfo(Number(pid), proc);
    const n = Number(pid);
    const postfix = master !== null && (n === master.pid || info?.ppid === master.pid);
    processes.push({ pid: n, command: info?.command ?? '?', postfix });
  }
  return { port, addresses: [...new Set(inodes.values())], processes, ownersKnown };
}

/** Modification times (epoch ms) of files; null for those that cannot be read. */
export function mtimes(paths: readonly string[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const p of paths) {
    try {
      out.set(p, statSync(p).mtimeMs);
    } catch {
      out.set(p, null);
    }
  }
  return out;
}
