/**
 * dns-packet's decoded answers → our DnsRecord. dns-packet decodes the wire (names, compression,
 * rdata); this only checks each rdata has the shape its type promises, so a hostile server's
 * odd record becomes an OTHER record, never an exception further on.
 */
import { isIP } from 'node:net';
import type { Answer } from 'dns-packet';
import type { DnsRecord } from './types.js';

export function normName(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') && n !== '.' ? n.slice(0, -1) : n;
}

const asText = (b: unknown): string => (Buffer.isBuffer(b) ? b.toString('latin1') : typeof b === 'string' ? b : '');

export function toRecord(a: Answer): DnsRecord | null {
  if (a.type === 'OPT') return null;
  const name = normName(a.name);
  const ttl = typeof a.ttl === 'number' ? a.ttl : 0;
  const other = (): DnsRecord => ({ type: 'OTHER', name, ttl, rrtype: String(a.type) });
  const data: unknown = (a as { data?: unknown }).data;
  switch (a.type) {
    case 'A':
    case 'AAAA':
      return typeof data === 'string' && isIP(data) === (a.type === 'A' ? 4 : 6) ? { type: a.type, name, ttl, address: data } : other();
    case 'CNAME':
      return typeof data === 'string' ? { type: 'CNAME', name, ttl, target: normName(data) } : other();
    case 'MX': {
      const d = data as { preference?: unknown; exchange?: unknown } | null;
      return d && typeof d.preference === 'number' && typeof d.exchange === 'string' ? { type: 'MX', name, ttl, preference: d.preference, exchange: normName(d.exchange) } : other();
    }
    case 'TXT': {
      const parts = Array.isArray(data) ? data.map(asText) : [asText(data)];
      return { type: 'TXT', name, ttl, strings: parts, text: parts.join('') };
    }
    case 'TLSA': {
      const d = data as { usage?: unknown; selector?: unknown; matchingType?: unknown; certificate?: unknown } | null;
      if (!d || typeof d.usage !== 'number' || typeof d.selector !== 'number' || typeof d.matchingType !== 'number' || !Buffer.isBuffer(d.certificate)) return other();
      return { type: 'TLSA', name, ttl, usage: d.usage, selector: d.selector, matchingType: d.matchingType, data: d.certificate.toString('hex') };
    }
    case 'RRSIG': {
      const d = data as { typeCovered?: unknown } | null;
      return { type: 'RRSIG', name, ttl, typeCovered: typeof d?.typeCovered === 'string' ? d.typeCovered : '?' };
    }
    default:
      return other();
  }
}
