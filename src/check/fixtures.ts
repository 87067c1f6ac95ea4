/**
 * Test data for the unit tests of src/check (not used by mailtls itself): certificates valid
 * from 2026-12-08 to 2126 (a test CA, a leaf for mx1.example.test it issued, an unrelated
 * self-signed leaf), and builders of lookups, MX hosts and judged addresses with plain defaults.
 */
import type { DnsRecord } from '../dns/types.js';
import type { HostDns } from './host-dns.js';
import type { Lookup } from './lookup.js';
import type { AddressDane, AddressMtaSts, CheckAddress, CheckMx } from './types.js';

export const CA_DER = [
  'MIIBmzCCAUGgAwIBAgIUTQXoXmUTW8nHcAxz9eW0kZQGjcowCgYIKoZIzj0EAwIwGjEYMBYGA1UEAwwPbWFpbHRscyB0ZXN0IENB',
  'MCAXDTI2MTIwODAwNTg1OVoYDzIxMjYxMTE0MDA1ODU5WjAaMRgwFgYDVQQDDA9tYWlsdGxzIHRlc3QgQ0EwWTATBgcqhkjOPQIB',
  'BggqhkjOPQMBBwNCAASKgteVVt3guGa2e1FtRQoVo/ciN/pAJux9rRsF7UhHb9MJnbwy3sHi4KtzREBL71ed7O5td3w41CVPt2Hu',
  'sMUjo2MwYTAdBgNVHQ4EFgQU/Egm8ClZmTZV3w6YrnEGQJhRU48wHwYDVR0jBBgwFoAU/Egm8ClZmTZV3w6YrnEGQJhRU48wDwYD',
  'VR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYwCgYIKoZIzj0EAwIDSAAwRQIhAOcAnSwzsg6pTh1VHHbTlsDDJ8aot3QHkAD5',
  'xNTtaNvMAiAORhdDCv4Msdg9ZksxDqDIrDKr08jYZsy18Q1adb+7yg==',
].join('');
export const LEAF_DER = [
  'MIIBuDCCAV6gAwIBAgIUTyQ8Vy1JkezQI0XUoZX9YN9BK1cwCgYIKoZIzj0EAwIwGjEYMBYGA1UEAwwPbWFpbHRscyB0ZXN0IENB',
  'MCAXDTI2MTIwODAwNTg1OVoYDzIxMjYxMTE0MDA1ODU5WjAbMRkwFwYDVQQDDBBteDEuZXhhbXBsZS50ZXN0MFkwEwYHKoZIzj0C',
  'AQYIKoZIzj0DAQcDQgAET4wbBdu4VHDdtdqOhk/gtlVepy6Cl/GBSa0kiuCELippN9dajdz0B6i4uHsrXAXfC1xqBQOUjQztba72',
  'DDUaBaN/MH0wGwYDVR0RBBQwEoIQbXgxLmV4YW1wbGUudGVzdDAJBgNVHRMEAjAAMBMGA1UdJQQMMAoGCCsGAQUFBwMBMB0GA1Ud',
  'DgQWBBRMGJbQq7DIXQkKBWqoZlO+xUHV1zAfBgNVHSMEGDAWgBT8SCbwKVmZNlXfDpiucQZAmFFTjzAKBggqhkjOPQQDAgNIADBF',
  'AiEApIiTz4mxGNgpEjec22u0E9sTpI8QkqQYH5Kik8MRWkMCIDRGNfZ+dY/JDaMqrL9NkPy63YeIPw8A+e+IewiIZVSR',
].join('');
export const OTHER_DER = [
  'MIIBsDCCAVagAwIBAgIUCnrVtGG1Z5wmnkSXuE3Zvr4LfccwCgYIKoZIzj0EAwIwHTEbMBkGA1UEAwwSb3RoZXIuZXhhbXBsZS50',
  'ZXN0MCAXDTI2MTIwODAwNTg1OVoYDzIxMjYxMTE0MDA1ODU5WjAdMRswGQYDVQQDDBJvdGhlci5leGFtcGxlLnRlc3QwWTATBgcq',
  'hkjOPQIBBggqhkjOPQMBBwNCAAR1PTppfGpja+i7Q1biKKEK5ZdJot8CNcbVocGLhjSxwqZWiDhA4x8bODFenAxr7vbNOg2R0vIy',
  'O/IEj0aN9UaOo3IwcDAdBgNVHQ4EFgQUGqps+6D9dNrh5LSF3PPKpXOsmBQwHwYDVR0jBBgwFoAUGqps+6D9dNrh5LSF3PPKpXOs',
  'mBQwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHREEFjAUghJvdGhlci5leGFtcGxlLnRlc3QwCgYIKoZIzj0EAwIDSAAwRQIgGIOtfeJk',
  'GDH32opJjWibAxpYKtUPLE6AlnGI0d4ta60CIQCIryh0PTMKe25RX5iGRy3vweOrC+ggpMrc8vD/kwWquw==',
].join('');
/** Inside every certificate's validity. */
export const NOW = new Date('2030-01-01T00:00:00Z');

export function lookupOf(p: Partial<Lookup> & Pick<Lookup, 'name' | 'type'>): Lookup {
  return { status: 'secure', rcode: 'NOERROR', records: [], cname: [], signedNotValidated: false, error: null, ...p };
}

export const tlsa = (name: string, usage: number, selector: number, matchingType: number, data: string): DnsRecord =>
  ({ type: 'TLSA', name, ttl: 300, usage, selector, matchingType, data });

export function hostOf(p: Partial<HostDns> = {}): HostDns {
  const host = p.host ?? 'mx1.example.test';
  return {
    host, preference: 10, kind: 'mx', a: lookupOf({ name: host, type: 'A' }), aaaa: lookupOf({ name: host, type: 'AAAA' }),
    tlsa: lookupOf({ name: `_25._tcp.${host}`, type: 'TLSA' }), tlsaName: `_25._tcp.${host}`, names: [host], cname: [],
    addresses: [{ address: '127.53.0.10', family: 4, dnssec: 'secure' }], addressTotal: 1, error: null, ...p,
  };
}

const noDane: AddressDane = {
  usable: false, matched: null, records: [], sender: 'opportunistic', tlsaName: '_25._tcp.mx1.example.test', tlsaDnssec: 'secure', reason: '',
};
const noSts: AddressMtaSts = { match: null, nameMatches: null, certificateValid: null, reason: '' };

export function addressOf(p: Partial<CheckAddress> = {}): CheckAddress {
  return {
    address: '127.53.0.10', family: 4, dnssec: 'secure', reachable: true, skipped: null, scan: null,
    dane: noDane, mtaSts: noSts, requireTls: null, verdict: 'pass', reasons: [], rules: [], ...p,
  };
}

export function mxOf(p: Partial<CheckMx> = {}): CheckMx {
  return {
    host: 'mx1.example.test', preference: 10, kind: 'mx', cname: [], dnssec: { a: 'secure', aaaa: 'secure', tlsa: 'secure' },
    addresses: [addressOf()], error: null, verdict: null, verdictReason: null, ...p,
  };
}
