/**
 * DNS answers as plain data: what src/check reads. Records are decoded by dns-packet
 * (src/dns/records.ts turns its objects into these); only the types a sending MTA looks at are
 * spelt out, anything else is kept by type name only.
 */

export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'TLSA' | 'NS' | 'SOA' | 'DS' | 'DNSKEY';

interface Base {
  /** Owner name, lower case, no trailing dot. */
  readonly name: string;
  readonly ttl: number;
}

export type DnsRecord =
  | (Base & { readonly type: 'A' | 'AAAA'; readonly address: string })
  | (Base & { readonly type: 'CNAME'; readonly target: string })
  | (Base & { readonly type: 'MX'; readonly preference: number; readonly exchange: string })
  /** `text`: the character-strings joined without separator (RFC 7208 §3.3, RFC 8461 §3.1). */
  | (Base & { readonly type: 'TXT'; readonly strings: readonly string[]; readonly text: string })
  | (Base & { readonly type: 'TLSA'; readonly usage: number; readonly selector: number; readonly matchingType: number; readonly data: string })
  | (Base & { readonly type: 'RRSIG'; readonly typeCovered: string })
  | (Base & { readonly type: 'OTHER'; readonly rrtype: string });

/** NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED, ... as dns-packet names them. */
export type Rcode = string;

export interface DnsServer {
  readonly address: string;
  readonly port: number;
}

export interface DnsResponse {
  readonly name: string;
  readonly type: RecordType;
  /** Checking Disabled was set on the query (RFC 4035 §3.2.2): a validator answers without validating. */
  readonly cd: boolean;
  readonly rcode: Rcode;
  /** Authenticated Data: the validating resolver checked every RRset of the answer (RFC 4035 §3.2.3). */
  readonly ad: boolean;
  readonly answers: readonly DnsRecord[];
  readonly authorities: readonly DnsRecord[];
  /** How the answer came: a truncated UDP answer is asked again over TCP (RFC 7766 §5). */
  readonly transport: 'udp' | 'tcp';
  /** "127.0.0.1:53" */
  readonly server: string;
  readonly ms: number;
}
