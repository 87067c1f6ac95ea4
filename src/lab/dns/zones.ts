/**
 * The lab DNS stack's zones as data: a private test TLD (`test.`, reserved by RFC 6761 §6.2)
 * signed with a key that the stack's validating resolver takes as its trust anchor, and one
 * delegated zone per case a sending MTA meets. Pure: texts in, texts out (stack.ts signs them
 * with ldns-signzone and serves them with NSD).
 */

export type Signing = 'signed' | 'unsigned' | 'bogus';

export interface ZoneSpec {
  /** "good.test" (no trailing dot). */
  readonly origin: string;
  readonly signing: Signing;
  /** Resource records, names relative to the origin (or absolute with a trailing dot). */
  readonly records: readonly string[];
  /** What the zone is there to prove, for `mailtls lab dns up` and the docs. */
  readonly purpose: string;
}

/** Addresses of the stack, all under one 127.53.S.0/24 (S: the stack's slot). */
export interface StackAddresses {
  readonly prefix: string;
  readonly nsd: string;
  readonly resolver: string;
  readonly stsGood: string;
  readonly stsBroken: string;
  readonly stsBad: string;
  /** The MX host instance of the good (and unsigned, bogus, no-MX) zones: several addresses. */
  readonly good: readonly string[];
  readonly broken: string;
  /** 4 MX hosts × 2 addresses, for the benchmark. */
  readonly bench: readonly (readonly [string, string])[];
}

export function stackAddresses(slot: number): StackAddresses {
  const p = `127.53.${slot}`;
  return {
    prefix: p, nsd: `${p}.1`, resolver: `${p}.2`, stsGood: `${p}.3`, stsBroken: `${p}.4`, stsBad: `${p}.5`,
    good: [10, 11, 12, 13, 14, 15].map((n) => `${p}.${n}`),
    broken: `${p}.20`,
    bench: [0, 1, 2, 3].map((i) => [`${p}.${40 + 2 * i}`, `${p}.${41 + 2 * i}`] as const),
  };
}

export interface TlsaInputs {
  /** SHA-256 of the SPKI of the good MX host's certificate (3 1 1), of the CA (2 1 1), ... */
  readonly goodLeaf: string;
  readonly ca: string;
  readonly brokenLeaf: string;
  /** Of a key no server uses any more: the stale record. */
  readonly stale: string;
  readonly benchLeaf: string;
}

/** The names the good MX instance's certificate must hold (DANE-TA and MTA-STS check names). */
export const GOOD_MX_NAMES = ['mx1.good.test', 'mx2.good.test', 'nomx.test', 'mx.unsigned.test', 'mx.bogus.test'] as const;
export const BENCH_MX_NAMES = ['mx1.bench.test', 'mx2.bench.test', 'mx3.bench.test', 'mx4.bench.test'] as const;

/** The MTA-STS policies the stack's HTTPS servers serve, by policy host. */
export function stsPolicies(): Record<'good' | 'broken' | 'badsts', string> {
  const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
  return {
    good: crlf(['version: STSv1', 'mode: enforce', 'mx: mx1.good.test', 'mx: *.good.test', 'max_age: 604800']),
    // enforce, but the MX is mx.broken.test: a sender that honours it refuses to deliver
    broken: crlf(['version: STSv1', 'mode: enforce', 'mx: mail.broken.test', 'max_age: 86400']),
    badsts: crlf(['version: STSv1', 'mode: enforce', 'mx: mx1.good.test', 'max_age: 604800']),
  };
}

export function testZones(a: StackAddresses, t: TlsaInputs, bench: boolean): ZoneSpec[] {
  const g = a.good;
  const at = (i: number) => g[i] ?? a.prefix;
  const zones: ZoneSpec[] = [
    {
      origin: 'good.test', signing: 'signed',
      purpose: 'two MX hosts, DANE 3 1 1 and 2 1 1 (rollover ready; the second host\'s TLSA under a CNAME), MTA-STS enforce, TLS-RPT: every sender delivers, authenticated',
      records: [
        '@ MX 10 mx1', '@ MX 20 mx2',
        `mx1 A ${at(0)}`, `mx1 A ${at(1)}`, `mx2 A ${at(2)}`,
        `_25._tcp.mx1 TLSA 3 1 1 ${t.goodLeaf}`, `_25._tcp.mx1 TLSA 2 1 1 ${t.ca}`,
        // mx2 shares mx1's records through a CNAME (RFC 7671 §7): one place to roll keys over
        '_25._tcp.mx2 CNAME _25._tcp.mx1',
        '_mta-sts TXT "v=STSv1; id=2026120301"', `mta-sts A ${a.stsGood}`,
        '_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@good.test"',
      ],
    },
    {
      origin: 'broken.test', signing: 'signed',
      purpose: 'a stale TLSA record (a DANE sender defers), an MX that is a CNAME, an MX that is an IP literal, an enforce policy whose mx does not match, TLS-RPT without mailto:',
      records: [
        '@ MX 10 mx', '@ MX 20 alias', `@ MX 30 ${a.broken}.`,
        `mx A ${a.broken}`, 'alias CNAME mx',
        `_25._tcp.mx TLSA 3 1 1 ${t.stale}`,
        '_mta-sts TXT "v=STSv1; id=20261203"', `mta-sts A ${a.stsBroken}`,
        '_smtp._tls TXT "v=TLSRPTv1; rua=tlsrpt@broken.test"',
      ],
    },
    {
      origin: 'badsts.test', signing: 'signed',
      purpose: 'MTA-STS TXT with bad syntax and a policy host that serves a certificate for another name; the MX itself is fine',
      records: [
        '@ MX 10 mx1.good.test.',
        '_mta-sts TXT "v=STSv1; id=bad-id!"', `mta-sts A ${a.stsBad}`,
      ],
    },
    {
      origin: 'unsigned.test', signing: 'unsigned',
      purpose: 'an unsigned zone that publishes a TLSA record anyway: DANE does not apply, senders deliver unauthenticated',
      records: ['@ MX 10 mx', `mx A ${at(4)}`, `_25._tcp.mx TLSA 3 1 1 ${t.goodLeaf}`],
    },
    {
      origin: 'bogus.test', signing: 'bogus',
      purpose: 'signed, but the MX RRset was changed after signing: validating resolvers SERVFAIL, a DANE sender defers',
      records: ['@ MX 10 mx', `mx A ${at(5)}`, `_25._tcp.mx TLSA 3 1 1 ${t.goodLeaf}`],
    },
    {
      origin: 'nullmx.test', signing: 'signed',
      purpose: 'a null MX (RFC 7505): the domain accepts no mail',
      records: ['@ MX 0 .', `@ A ${at(0)}`],
    },
    {
      origin: 'nomx.test', signing: 'signed',
      purpose: 'no MX: the implicit MX is the domain itself (RFC 5321 §5.1), with DANE 3 1 1',
      records: [`@ A ${at(3)}`, `_25._tcp TLSA 3 1 1 ${t.goodLeaf}`],
    },
  ];
  if (bench) {
    zones.push({
      origin: 'bench.test', signing: 'signed',
      purpose: 'four MX hosts with two addresses each, DANE 3 1 1: the benchmark of a check in parallel',
      records: a.bench.flatMap(([x, y], i) => [`@ MX ${10 * (i + 1)} mx${i + 1}`, `mx${i + 1} A ${x}`, `mx${i + 1} A ${y}`, `_25._tcp.mx${i + 1} TLSA 3 1 1 ${t.benchLeaf}`]),
    });
  }
  return zones;
}

export function zoneText(origin: string, records: readonly string[], serial: number): string {
  return [
    `$ORIGIN ${origin}.`, '$TTL 300',
    `@ IN SOA ns.test. hostmaster.test. ${serial} 3600 600 86400 300`,
    '@ IN NS ns.test.',
    ...records.map((r) => r.replace(/^(\S+)\s+(?!IN\s)/, '$1 IN ')),
    '',
  ].join('\n');
}

/** The parent zone: test. itself, with the glue for ns.test and a delegation (and DS, when signed) per child. */
export function parentRecords(nsAddress: string, children: readonly { origin: string; ds: readonly string[] }[]): string[] {
  const out = [`ns A ${nsAddress}`];
  for (const c of children) {
    const label = c.origin.replace(/\.test$/, '');
    out.push(`${label} NS ns.test.`);
    // ldns-keygen's .ds lines are absolute: "good.test.\t3600\tIN\tDS\t..."
    out.push(...c.ds);
  }
  return out;
}

/**
 * Changes the preference of the first MX record of a signed zone file, leaving its RRSIG as it
 * was: the signature no longer verifies, so a validator calls the MX RRset bogus.
 */
export function tamperMx(signed: string): string {
  let done = false;
  return signed.split('\n').map((line) => {
    const m = /^(\S+\s+\d+\s+IN\s+MX\s+)(\d+)(\s.*)$/.exec(line);
    if (done || !m) return line;
    done = true;
    return `${m[1] ?? ''}${Number(m[2]) + 10}${m[3] ?? ''}`;
  }).join('\n');
}
