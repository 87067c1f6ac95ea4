import { readdir, readFile, readlink } from 'node:fs/promises';

/** Whether a process exists and is not a zombie (a reaped-later corpse holds no port or file). */
export async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name, is the state.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * Live processes whose working directory is inside `dir`. Every Postfix daemon chdir()s to its
 * queue_directory (src/master/master.c, src/global/mail_conf.c), so this finds all the
 * processes of one lab instance, even ones the master lost track of.
 */
export async function processesUnder(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const cwd = await readlink(`/proc/${pid}/cwd`);
      if ((cwd === dir || cwd.startsWith(`${dir}/`)) && (await alive(pid))) pids.push(pid);
    } catch {
      // gone, or not ours to look at
    }
  }
  return pids;
}

/**
 * How many listening TCP sockets each port has, IPv4 and IPv6. More than one means several
 * processes share the port: Postfix's master listens with SO_REUSEPORT, so two instances given
 * the same port both start, and the kernel splits the connections between them.
 */
export async function listenerCounts(): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue; // no procfs (or no IPv6): callers fall back to connecting
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is "0100007F:1F90"; state 0A is LISTEN.
      if (cols[3] !== '0A' || !cols[1]) continue;
      const port = parseInt(cols[1].split(':').pop() ?? '0', 16);
      counts.set(port, (counts.get(port) ?? 0) + 1);
    }
  }
  return counts;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
