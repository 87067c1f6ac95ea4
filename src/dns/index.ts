export { DnsClient, type DnsClientOptions, type QueryOptions } from './client.js';
export { parseResolvConf, systemResolvers, parseResolverSpec, formatServer } from './resolv-conf.js';
export { normName } from './records.js';
export type { DnsRecord, DnsResponse, DnsServer, RecordType, Rcode } from './types.js';
