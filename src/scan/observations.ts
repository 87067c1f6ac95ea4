/**
 * What the scan learns on the side of its probes: every accepted ServerHello (with its
 * certificate chain and ServerKeyExchange) is noted here while the enumeration runs, and the
 * report assembly (assemble.ts) turns the notes into TlsFacts, groups, certificates and the
 * derived vulnerability verdicts.
 */
import { cipherSuiteByCode } from '../wire/registry/cipher-suites.js';
import type { HelloOutcome } from './handshake.js';
import type { ProtocolName } from './types.js';

export type TlsProtocol = Exclude<ProtocolName, 'SSLv2'>;

/** Side facts gathered from every accepted hello. */
export class Observations {
  readonly chains = new Map<string, { chain: Uint8Array[]; servedFor: Set<string> }>();
  dhBits: number | null = null;
  readonly dhSuites = new Set<string>();
  readonly groups = new Map<number, Set<ProtocolName>>();
  legacyAccepted = 0;
  reneg = false;
  ems = false;
  cbcPicks = 0;
  etm = false;
  tickets = false;
  compression: number | null = null;
  hrr = false;
  /** TLS ≤1.2 ServerHellos that offered a session ticket (Ticketbleed). */
  legacyTickets = false;
  /** A TLS 1.0-1.2 ServerHello echoed the heartbeat extension every such scan hello offers (Heartbleed). */
  heartbeat = false;
  /** TLS 1.0-1.2 ServerHellos seen (SSLv3 hellos carry no extensions). */
  heartbeatAsked = 0;
  /** Lower-version ServerHellos with and without the RFC 8446 downgrade sentinel. */
  readonly sentinel = new Map<ProtocolName, { with: number; without: number }>();
  /** Distinct DH primes seen (Logjam's common primes), by hex, with whether only anonymous suites got them. */
  readonly dhPrimes = new Map<string, { p: Uint8Array; anon: boolean }>();
  /** Smallest DH prime of an authenticated (non-anonymous) suite. */
  dhAuthBits: number | null = null;
  fallbackProbed = false;

  note(protocol: TlsProtocol, o: Extract<HelloOutcome, { kind: 'accepted' }>): void {
    const h = o.hello;
    const suite = cipherSuiteByCode(h.cipherSuite);
    if (h.sessionTicket) this.tickets = true;
    if (protocol === 'TLSv1.3') {
      if (h.helloRetryRequest) this.hrr = true;
      if (h.keyShareGroup !== null) this.group(h.keyShareGroup, 'TLSv1.3');
      return;
    }
    this.legacyAccepted++;
    if (h.sessionTicket) this.legacyTickets = true;
    if (protocol !== 'SSLv3') {
      this.heartbeatAsked++;
      if (h.heartbeat !== null) this.heartbeat = true;
    }
    // RFC 8446 section 4.1.3: DOWNGRD01 for TLS 1.2, DOWNGRD00 below (judged only if TLS 1.3 is offered).
    const s = this.sentinel.get(protocol) ?? { with: 0, without: 0 };
    if (h.downgradeSentinel === (protocol === 'TLSv1.2' ? 'TLSv1.2' : 'TLSv1.1')) s.with++;
    else s.without++;
    this.sentinel.set(protocol, s);
    if (h.renegotiationInfo !== null) this.reneg = true;
    if (h.extendedMasterSecret) this.ems = true;
    if (suite?.cbc) {
      this.cbcPicks++;
      if (h.encryptThenMac) this.etm = true;
    }
    this.compression = Math.max(this.compression ?? 0, h.compression);
    if (o.chain && o.chain.length > 0 && suite && suite.auth !== 'anon') {
      const key = Buffer.from(o.chain[0] as Uint8Array).toString('base64');
      const entry = this.chains.get(key) ?? { chain: o.chain, servedFor: new Set<string>() };
      entry.servedFor.add(`${protocol} ${suite.auth}`);
      this.chains.set(key, entry);
    }
    if (o.ske?.kind === 'dhe') {
      const bits = o.ske.primeBits;
      const hex = Buffer.from(o.ske.p).toString('hex');
      const anon = suite?.auth === 'anon';
      const known = this.dhPrimes.get(hex);
      if (known) known.anon &&= anon;
      else if (this.dhPrimes.size < 16) this.dhPrimes.set(hex, { p: o.ske.p, anon });
      if (!anon && (this.dhAuthBits === null || bits < this.dhAuthBits)) this.dhAuthBits = bits;
      if (this.dhBits === null || bits < this.dhBits) {
        this.dhBits = bits;
        this.dhSuites.clear();
      }
      if (bits === this.dhBits) this.dhSuites.add(suite?.openssl ?? suite?.iana ?? String(h.cipherSuite));
    }
    if (o.ske?.kind === 'ecdhe' && o.ske.group !== null) this.group(o.ske.group, protocol);
  }

  group(code: number, protocol: ProtocolName): void {
    const set = this.groups.get(code) ?? new Set<ProtocolName>();
    set.add(protocol);
    this.groups.set(code, set);
  }
}
