/**
 * A client's offer graded by a policy profile, and the Postfix settings that change each part
 * of it. The profile's rules are written for servers; the ones that read as well for what a
 * client offers (versions, suites, key exchange groups, compression, renegotiation, extended
 * master secret) judge the offer. They judge what the client *would accept*: the server picks
 * one suite and one version, so an offered weak suite is a risk only with a server that picks
 * it. The rest (certificates, server order, STARTTLS offer, TLS required, AUTH) are about a
 * server and are listed as not applying to a client.
 */
import { gradeEvidence } from '../policy/evaluate.js';
import type { Profile } from '../policy/profiles.js';
import type { Evidence, EvidenceGroup, ProtocolName } from '../policy/types.js';
import { cipherSuiteByCode } from '../wire/registry/cipher-suites.js';
import { groupByCode } from '../wire/registry/groups.js';
import { isProtocolName, versionCode } from '../wire/registry/versions.js';
import type { ClientGrade, ClientOffer, SettingHint } from './types.js';

export const CLIENT_RULES: readonly string[] = ['tls-versions', 'cipher-suites', 'key-exchange', 'compression', 'renegotiation', 'extended-master-secret'];

export function evidenceFromOffer(offer: ClientOffer): Evidence {
  const versions = offer.versions.filter<ProtocolName>(isProtocolName);
  const suites: Partial<Record<ProtocolName, string[]>> = {};
  for (const v of versions) {
    const code = versionCode(v);
    suites[v] = offer.suites
      .filter((s) => s.signalling !== true && s.grease !== true)
      .filter((s) => {
        const suite = cipherSuiteByCode(parseInt(s.code, 16));
        return suite !== undefined && suite.minVersion <= code && suite.maxVersion >= code;
      })
      .map((s) => s.code);
  }
  const groups: EvidenceGroup[] | null = offer.groups === null ? null : offer.groups.filter((g) => g.grease !== true).map((g) => {
    const row = groupByCode(parseInt(g.code, 16));
    const kind = row?.kind === 'ec' ? 'ECDHE' : row?.kind === 'ff' ? 'FFDHE' : row?.kind === 'hybrid' || row?.kind === 'pq' ? 'hybrid' : 'other';
    return { name: row?.name ?? g.name, kind, bits: row?.bits ?? null };
  });
  return {
    role: 'mx', source: 'wire', tls: true, implicitTls: false, tlsRequired: null, authBeforeTls: null,
    versions, suites, serverPreference: {}, groups, dhBits: null, certificates: null,
    // A floor the hello does not show: a rule objecting to those versions says it cannot judge.
    unknownVersions: offer.versionsUnknown.filter<ProtocolName>(isProtocolName),
    facts: {
      compression: offer.compression.some((c) => c !== 0),
      secureRenegotiation: offer.facts.secureRenegotiation,
      extendedMasterSecret: offer.facts.extendedMasterSecret,
      encryptThenMac: offer.facts.encryptThenMac,
      fallbackScsv: null,
    },
  };
}

export function gradeOffer(profile: Profile, offer: ClientOffer): ClientGrade {
  const all = gradeEvidence(profile, evidenceFromOffer(offer));
  return {
    profile: profile.info,
    rules: all.filter((r) => CLIENT_RULES.includes(r.id)),
    notForClients: all.filter((r) => !CLIENT_RULES.includes(r.id)).map((r) => r.id),
  };
}

/**
 * Which smtp_tls_* (and tls_*) parameter changes each part of a Postfix client's ClientHello:
 * src/smtp/smtp_tls_policy.c set_cipher_grade() and policy_create (shared/reference/postfix-tls.md
 * section 3). The level decides which of a pair applies.
 */
export function postfixClientSettings(): SettingHint[] {
  return [
    {
      what: 'versions',
      settings: ['smtp_tls_protocols', 'smtp_tls_mandatory_protocols', 'smtp_tls_policy_maps protocols='],
      note: 'smtp_tls_protocols at the opportunistic level (may, and dane without usable TLSA records); smtp_tls_mandatory_protocols at encrypt and stronger (fingerprint, verify, secure, dane). OpenSSL\'s MinProtocol (tls_config_file) applies under both.',
    },
    {
      what: 'cipher suites (TLS 1.2 and older)',
      settings: ['smtp_tls_ciphers', 'smtp_tls_mandatory_ciphers', 'smtp_tls_exclude_ciphers', 'smtp_tls_mandatory_exclude_ciphers', 'tls_high_cipherlist', 'tls_medium_cipherlist'],
      note: 'The grade is smtp_tls_ciphers at may and smtp_tls_mandatory_ciphers at encrypt and stronger; smtp_tls_exclude_ciphers applies at every level, smtp_tls_mandatory_exclude_ciphers (and eNULL) at mandatory levels; aNULL is excluded from fingerprint up.',
    },
    {
      what: 'cipher suites (TLS 1.3)',
      settings: ['tls_config_file'],
      note: 'Postfix never sets TLS 1.3 suites: only OpenSSL\'s Ciphersuites, through tls_config_file / tls_config_name, changes them.',
    },
    { what: 'groups and key shares', settings: ['tls_eecdh_auto_curves', 'tls_ffdhe_auto_groups'], note: 'Shared by the Postfix client and server.' },
    { what: 'signature schemes', settings: ['tls_config_file'], note: 'No Postfix parameter; OpenSSL\'s SignatureAlgorithms in its configuration.' },
    { what: 'server name (SNI)', settings: ['smtp_tls_servername'], note: 'Empty by default: no SNI; "hostname" sends the MX name, "nexthop" the next-hop domain (Postfix 3.4+). DANE sends it always.' },
    { what: 'session resumption', settings: ['smtp_tls_session_cache_database', 'smtp_tls_connection_reuse', 'tls_ssl_options'], note: 'A cached session or ticket is offered again on the next connection to the same destination; NO_TICKET in tls_ssl_options drops the ticket extension.' },
    { what: 'whether TLS is tried at all', settings: ['smtp_tls_security_level', 'smtp_tls_policy_maps'], note: 'none: no STARTTLS; may: TLS if offered, plaintext otherwise; after a failed handshake a may client goes on in plaintext only with a message that has waited minimal_backoff_time and no SASL credentials (src/smtp/smtp.h PLAINTEXT_FALLBACK_OK_AFTER_STARTTLS_FAILURE), so a new message is deferred first; encrypt and stronger: never plaintext.' },
  ];
}

/** The parameters Postfix reads at a level (smtp_tls_policy.c); ciphers/protocols pairs only. */
export function governingParameters(level: string): { kind: 'none' | 'opportunistic' | 'mandatory'; names: string[] } {
  if (level === 'none') return { kind: 'none', names: ['smtp_tls_security_level'] };
  if (level === 'may') return { kind: 'opportunistic', names: ['smtp_tls_protocols', 'smtp_tls_ciphers', 'smtp_tls_exclude_ciphers'] };
  return { kind: 'mandatory', names: ['smtp_tls_mandatory_protocols', 'smtp_tls_mandatory_ciphers', 'smtp_tls_exclude_ciphers', 'smtp_tls_mandatory_exclude_ciphers'] };
}
