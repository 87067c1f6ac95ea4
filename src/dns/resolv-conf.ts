/**
 * The system's resolvers, as the C library reads them: `nameserver` lines of /etc/resolv.conf
 * (resolv.conf(5): at most three are used, port 53), and `--resolver IP[:PORT]`.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { MailtlsError } from '../errors.js';
import type { DnsServer } from './types.js';

export function parseResolvConf(text: string): DnsServer[] {
  const out: DnsServer[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const m = /^nameserver\s+(\S+)/.exec(line);
    if (!m?.[1]) continue;
    const address = m[1].replace(/%.*$/, ''); // fe80::1%eth0: the scope is the kernel's business
    if (isIP(address) !== 0 && out.length < 3) out.push({ address, port: 53 });
  }
  return out;
}

export async function systemResolvers(path = '/etc/resolv.conf'): Promise<DnsServer[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new MailtlsError('EDNS_NORESOLVER', `cannot read ${path}: ${(err as Error).message}; give --resolver IP`, { place: { file: path }, cause: err });
  }
  const servers = parseResolvConf(text);
  if (servers.length === 0) throw new MailtlsError('EDNS_NORESOLVER', `${path} names no nameserver; give --resolver IP`, { place: { file: path } });
  return servers;
}

/** "IP", "IP:PORT", "[V6]", "[V6]:PORT" or a bare IPv6 address. */
export function parseResolverSpec(spec: string): DnsServer {
  const bad = () => new MailtlsError('EUSAGE', `--resolver takes IP[:PORT] or [IPv6]:PORT, not "${spec}"`);
  const port = (p: string | undefined): number => {
    if (p === undefined) return 53;
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) throw bad();
    return Number(p);
  };
  const br = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (br?.[1]) {
    if (isIP(br[1]) !== 6) throw bad();
    return { address: br[1], port: port(br[2]) };
  }
  if (isIP(spec) === 6) return { address: spec, port: 53 };
  const [host = '', p, ...rest] = spec.split(':');
  if (rest.length > 0 || isIP(host) !== 4) throw bad();
  return { address: host, port: port(p) };
}

export function formatServer(s: DnsServer): string {
  return s.address.includes(':') ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`;
}
