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

/**
 * The local addresses of the listening TCP sockets on each port ("127.0.0.1", "0.0.0.0", "::"):
 * instances on different loopback addresses may share a port number (several MX hosts on
 * port 25), and only a listener on the same address or on a wildcard shares connections.
 */
export async function listenerAddresses(): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== '0A' || !cols[1]) continue;
      const [hex = '', portHex = '0'] = cols[1].split(':');
      const port = parseInt(portHex, 16);
      const list = out.get(port) ?? [];
      list.push(procAddress(hex));
      out.set(port, list);
    }
  }
  return out;
}

/** /proc/net/tcp writes addresses as 32-bit words in host (little-endian) order. */
function procAddress(hex: string): string {
  const words = (hex.match(/.{8}/g) ?? []).map((w) => (w.match(/../g) ?? []).reverse().join(''));
  if (words.length === 1) return (words[0]?.match(/../g) ?? []).map((b) => parseInt(b, 16)).join('.');
  const all = words.join('');
  if (/^0{20}ffff/.test(all)) return (all.slice(24).match(/../g) ?? []).map((b) => parseInt(b, 16)).join('.');
  if (/^0+$/.test(all)) return '::';
  if (all === `${'0'.repeat(31)}1`) return '::1';
  return (all.match(/.{4}/g) ?? []).join(':');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
