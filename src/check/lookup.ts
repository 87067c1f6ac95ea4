/**
 * One DNS lookup judged as a validating sending MTA judges it (the model Postfix uses:
 * smtp_dns_support_level = dnssec trusts the AD bit of its resolver): secure when AD is set,
 * insecure when it is not, and bogus when the resolver answers SERVFAIL but gives the data with
 * Checking Disabled (RFC 4035 §3.2.2) — validation failed, not the server.
 * CNAMEs in the answer are followed (the resolver has chased them) and reported.
 */
import type { DnsClient } from '../dns/client.js';
import type { DnsRecord, RecordType } from '../dns/types.js';
import { toMailtlsError } from '../errors.js';
import type { DnssecStatus } from './types.js';

export interface Lookup {
  readonly name: string;
  readonly type: RecordType;
  readonly status: DnssecStatus;
  /** NOERROR, NXDOMAIN, ... or the error code when no answer came. */
  readonly rcode: string;
  /** Records of the asked type owned by the end of the CNAME chain. */
  readonly records: readonly DnsRecord[];
  /** The CNAME targets, in order. */
  readonly cname: readonly string[];
  /** Signatures came back but the AD bit was not set: an unsigned island, or a resolver that does not validate. */
  readonly signedNotValidated: boolean;
  readonly error: string | null;
}

const ANSWERED = new Set(['NOERROR', 'NXDOMAIN']);

/** Follows the CNAME records of an answer from `name`, at most 8 (loops and long chains end there). */
export function followCnames(name: string, answers: readonly DnsRecord[]): { final: string; chain: string[] } {
  const chain: string[] = [];
  let cur = name;
  for (let i = 0; i < 8; i++) {
    const c = answers.find((r) => r.type === 'CNAME' && r.name === cur);
    if (!c || c.type !== 'CNAME') break;
    cur = c.target;
    chain.push(cur);
  }
  return { final: cur, chain };
}

export async function lookup(client: DnsClient, name: string, type: RecordType): Promise<Lookup> {
  const failed = (err: unknown): Lookup => {
    const e = toMailtlsError(err, 'EDNS_MALFORMED');
    return { name, type, status: 'unknown', rcode: e.code, records: [], cname: [], signedNotValidated: false, error: e.toLine() };
  };
  let r;
  try {
    r = await client.query(name, type);
  } catch (err) {
    return failed(err);
  }
  let status: DnssecStatus;
  let answer = r;
  if (ANSWERED.has(r.rcode)) status = r.ad ? 'secure' : 'insecure';
  else if (r.rcode === 'SERVFAIL') {
    try {
      const c = await client.query(name, type, { cd: true });
      if (!ANSWERED.has(c.rcode)) return { name, type, status: 'unknown', rcode: 'SERVFAIL', records: [], cname: [], signedNotValidated: false, error: `SERVFAIL for ${name} ${type}, also with checking disabled: the servers fail, not validation` };
      status = 'bogus';
      answer = c;
    } catch (err) {
      return failed(err);
    }
  } else {
    return { name, type, status: 'unknown', rcode: r.rcode, records: [], cname: [], signedNotValidated: false, error: `${r.rcode} for ${name} ${type} from ${r.server}` };
  }
  const { final, chain } = followCnames(name, answer.answers);
  const records = answer.answers.filter((x) => x.type === type && x.name === final);
  const signedNotValidated = !answer.ad && !answer.cd && answer.answers.some((x) => x.type === 'RRSIG');
  return { name, type, status, rcode: answer.rcode, records, cname: chain, signedNotValidated, error: null };
}

/** The weakest of several statuses: one insecure link makes a chain insecure, one bogus makes it bogus. */
export function weakest(...s: DnssecStatus[]): DnssecStatus {
  if (s.includes('bogus')) return 'bogus';
  if (s.includes('unknown')) return 'unknown';
  if (s.includes('insecure')) return 'insecure';
  return 'secure';
}
