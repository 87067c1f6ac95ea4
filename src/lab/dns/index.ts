export { dnsStackUp, dnsStackDown, dnsStackList, dnsStateDir, type DnsStack, type DnsStackOptions, type DnsStackZone } from './stack.js';
export { stackAddresses, testZones, stsPolicies, type StackAddresses, type ZoneSpec } from './zones.js';
