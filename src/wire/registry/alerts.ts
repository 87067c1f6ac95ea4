/**
 * TLS alert descriptions (IANA "TLS Alerts" registry; RFC 8446 section 6, RFC 5246 section 7.2,
 * RFC 6101 for the SSLv3-only ones).
 */

export const ALERT_LEVEL = { warning: 1, fatal: 2 } as const;

export const ALERT_DESCRIPTIONS: readonly (readonly [code: number, name: string])[] = [
  [0, 'close_notify'],
  [10, 'unexpected_message'],
  [20, 'bad_record_mac'],
  [21, 'decryption_failed'],
  [22, 'record_overflow'],
  [30, 'decompression_failure'],
  [40, 'handshake_failure'],
  [41, 'no_certificate'],
  [42, 'bad_certificate'],
  [43, 'unsupported_certificate'],
  [44, 'certificate_revoked'],
  [45, 'certificate_expired'],
  [46, 'certificate_unknown'],
  [47, 'illegal_parameter'],
  [48, 'unknown_ca'],
  [49, 'access_denied'],
  [50, 'decode_error'],
  [51, 'decrypt_error'],
  [52, 'too_many_cids_requested'],
  [60, 'export_restriction'],
  [70, 'protocol_version'],
  [71, 'insufficient_security'],
  [80, 'internal_error'],
  [86, 'inappropriate_fallback'],
  [90, 'user_canceled'],
  [100, 'no_renegotiation'],
  [109, 'missing_extension'],
  [110, 'unsupported_extension'],
  [111, 'certificate_unobtainable'],
  [112, 'unrecognized_name'],
  [113, 'bad_certificate_status_response'],
  [114, 'bad_certificate_hash_value'],
  [115, 'unknown_psk_identity'],
  [116, 'certificate_required'],
  [117, 'general_error'],
  [120, 'no_application_protocol'],
  [121, 'ech_required'],
];

const names = new Map(ALERT_DESCRIPTIONS);

/** "handshake_failure" for 40; "alert_N" for unassigned values. */
export function alertName(code: number): string {
  return names.get(code) ?? `alert_${code}`;
}

export const ALERT = Object.fromEntries(ALERT_DESCRIPTIONS.map(([c, n]) => [n, c])) as Readonly<Record<string, number>>;
