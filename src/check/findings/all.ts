/**
 * Every finding of `mailtls check`, from what was gathered and judged, in the order a reader
 * meets them (the domain's DNS, each MX host, MTA-STS, TLS-RPT, the scans, DANE overall), then
 * most severe first. The one list of which families there are; each family decides its own.
 */
import { bySeverity } from '../../severity.js';
import type { HostDns } from '../host-dns.js';
import type { Lookup } from '../lookup.js';
import type { MxSet } from '../mx-set.js';
import type { TlsRptResult } from '../tls-rpt.js';
import type { CheckAddress, CheckFinding, CheckMx, CheckReport } from '../types.js';
import { danePartialFindings, hostDaneFindings } from './dane.js';
import { domainDnsFindings, hostDnsFindings, mxUnsignedFindings, tooManyAddressesFindings } from './dns.js';
import { domainStsFindings, hostStsFindings, type StsFacts } from './mta-sts.js';
import { requireTlsFindings, scanFindings } from './scan.js';
import { tlsRptFindings } from './tls-rpt.js';

export interface CheckFacts {
  readonly domain: string;
  /** The answer to the domain's MX query, and the MX set taken from it. */
  readonly mx: Lookup;
  readonly mxSet: MxSet;
  /** The resolver asked, as text. */
  readonly resolver: string;
  /** Each MX host's DNS, and the same hosts judged, in the same order. */
  readonly hosts: readonly HostDns[];
  readonly judged: readonly CheckMx[];
  readonly sts: StsFacts;
  readonly tlsRpt: TlsRptResult;
  /** DANE for the domain, and the addresses it does not protect. */
  readonly dane: { readonly status: CheckReport['dane']['status']; readonly unprotected: readonly CheckAddress[] };
  readonly now: Date;
}

export function checkFindings(f: CheckFacts): CheckFinding[] {
  const out: CheckFinding[] = [...domainDnsFindings(f), ...tooManyAddressesFindings(f.hosts)];
  for (const [i, h] of f.hosts.entries()) {
    const m = f.judged[i];
    if (!m) continue;
    out.push(...hostDnsFindings(f.domain, h, m, f.judged.length), ...hostDaneFindings(h, m), ...hostStsFindings(m, f.sts, f.hosts));
  }
  const addresses = f.judged.flatMap((m) => m.addresses);
  out.push(
    ...mxUnsignedFindings(f.domain, f.mx, f.mxSet, f.hosts.length),
    ...domainStsFindings(f.domain, f.sts, f.mxSet.source, f.hosts, f.now),
    ...tlsRptFindings(f.domain, f.tlsRpt, f.mxSet.source),
    ...scanFindings(addresses),
    ...requireTlsFindings(addresses),
    ...danePartialFindings(f.dane.status, f.dane.unprotected),
  );
  return bySeverity(out);
}
