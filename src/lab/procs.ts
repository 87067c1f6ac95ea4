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

/** Ports in LISTEN state on 127.0.0.1 (from /proc/net/tcp: no connection is made). */
export async function listeningPorts(): Promise<Set<number>> {
  const ports = new Set<number>();
  try {
    const text = await readFile('/proc/net/tcp', 'utf8');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is "0100007F:1F90"; state 0A is LISTEN.
      if (cols[3] === '0A' && cols[1]) ports.add(parseInt(cols[1].split(':')[1] ?? '0', 16));
    }
  } catch {
    // no procfs: callers fall back to connecting
  }
  return ports;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
