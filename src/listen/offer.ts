/**
 * A ClientHello as report data: every list with its registry names, the extensions in order,
 * and the facts a grader asks about. Pure.
 */
import type { ClientHello } from '../wire/client-hello.js';
import {
  decodeAlpn, decodeEcPointFormats, decodeKeyShareGroups, decodePskModes, decodeServerName,
  decodeSignatureAlgorithms, decodeSupportedGroups, decodeSupportedVersions,
} from '../wire/client-extensions-decode.js';
import { EXTENSION, extensionName, isGrease } from '../wire/registry/extensions.js';
import { cipherSuiteByCode } from '../wire/registry/cipher-suites.js';
import { groupName } from '../wire/registry/groups.js';
import { signatureSchemeName } from '../wire/registry/signature-schemes.js';
import { PROTOCOL, versionName } from '../wire/registry/versions.js';
import type { ClientOffer, NamedCode } from './types.js';

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;

function named(code: number, name: (c: number) => string): NamedCode {
  const grease = isGrease(code);
  return { code: hex(code), name: grease ? `GREASE ${hex(code)}` : name(code), ...(grease ? { grease } : {}) };
}

/** RFC 7507 section 6. */
const TLS_FALLBACK_SCSV = 0x5600;
/** RFC 5746 section 3.3. */
const TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;

export function describeClientHello(hello: ClientHello, recordVersion: number, bytes: number): ClientOffer {
  const warnings: string[] = [];
  const ext = (type: number) => hello.extensions.find((e) => e.type === type);
  const decode = <T>(type: number, fn: (d: Uint8Array) => T): T | null => {
    const e = ext(type);
    if (e === undefined) return null;
    try {
      return fn(e.data);
    } catch (err) {
      warnings.push(`${extensionName(type)}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  };
  const sv = decode(EXTENSION.supported_versions, decodeSupportedVersions);
  let versions: string[];
  const versionsUnknown: string[] = [];
  if (sv !== null) {
    versions = [...new Set(sv.filter((v) => !isGrease(v)))].sort((a, b) => a - b).map(versionName);
  } else {
    // RFC 5246 appendix E.1: a client names its highest version; which lower ones it would
    // accept is not in the hello (the server's choice would show it, with an abort or not).
    versions = [versionName(hello.version)];
    const floor = hello.version <= PROTOCOL.SSLv3 ? PROTOCOL.SSLv3 : PROTOCOL.TLSv1_0;
    for (let v = floor; v < Math.min(hello.version, PROTOCOL.TLSv1_2 + 1); v++) versionsUnknown.push(versionName(v));
  }
  const suites = hello.cipherSuites.map((code) => {
    const s = cipherSuiteByCode(code);
    const grease = isGrease(code);
    return {
      code: hex(code),
      name: grease ? `GREASE ${hex(code)}` : s?.iana ?? hex(code),
      openssl: s?.openssl ?? null,
      ...(grease ? { grease } : {}),
      ...(s?.signalling === true || code === TLS_FALLBACK_SCSV || code === TLS_EMPTY_RENEGOTIATION_INFO_SCSV ? { signalling: true } : {}),
    };
  });
  const groups = decode(EXTENSION.supported_groups, decodeSupportedGroups);
  const shares = decode(EXTENSION.key_share, decodeKeyShareGroups);
  const sigs = decode(EXTENSION.signature_algorithms, decodeSignatureAlgorithms);
  const sigsCert = decode(EXTENSION.signature_algorithms_cert, decodeSignatureAlgorithms);
  const sni = decode(EXTENSION.server_name, decodeServerName);
  const alpn = decode(EXTENSION.application_layer_protocol_negotiation, decodeAlpn);
  const points = decode(EXTENSION.ec_point_formats, decodeEcPointFormats);
  const psk = decode(EXTENSION.psk_key_exchange_modes, decodePskModes);
  const ticket = ext(EXTENSION.session_ticket);
  return {
    legacyVersion: versionName(hello.version),
    recordVersion: versionName(recordVersion),
    supportedVersions: sv === null ? null : sv.map((v) => (isGrease(v) ? `GREASE ${hex(v)}` : versionName(v))),
    versions,
    versionsUnknown,
    suites,
    compression: [...hello.compression],
    groups: groups === null ? null : groups.map((g) => named(g, groupName)),
    keyShares: shares === null ? null : shares.map((k) => ({ ...named(k.group, groupName), length: k.length })),
    signatureSchemes: sigs === null ? null : sigs.map((s) => named(s, signatureSchemeName)),
    signatureSchemesCert: sigsCert === null ? null : sigsCert.map((s) => named(s, signatureSchemeName)),
    serverName: sni?.[0] ?? null,
    alpn,
    ecPointFormats: points,
    pskModes: psk,
    extensions: hello.extensions.map((e) => ({ type: e.type, name: isGrease(e.type) ? `GREASE ${hex(e.type)}` : extensionName(e.type), length: e.data.length })),
    sessionIdLength: hello.sessionId.length,
    facts: {
      secureRenegotiation: ext(EXTENSION.renegotiation_info) !== undefined || hello.cipherSuites.includes(TLS_EMPTY_RENEGOTIATION_INFO_SCSV),
      extendedMasterSecret: ext(EXTENSION.extended_master_secret) !== undefined,
      encryptThenMac: ext(EXTENSION.encrypt_then_mac) !== undefined,
      sessionTicket: ticket !== undefined,
      fallbackScsv: hello.cipherSuites.includes(TLS_FALLBACK_SCSV),
      // A ticket being presented, or a TLS 1.3 PSK (RFC 8446 section 4.2.11): this is a resumption attempt.
      resumptionOffered: (ticket !== undefined && ticket.data.length > 0) || ext(EXTENSION.pre_shared_key) !== undefined,
      statusRequest: ext(EXTENSION.status_request) !== undefined,
      grease: hello.cipherSuites.some(isGrease) || hello.extensions.some((e) => isGrease(e.type)),
    },
    warnings,
    bytes,
  };
}
