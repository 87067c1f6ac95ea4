/** Alert protocol (RFC 8446 section 6, RFC 5246 section 7.2): level and description, two bytes each. */
import { ByteReader } from './bytes.js';
import { MailtlsError } from '../errors.js';
import { alertName } from './registry/alerts.js';

export interface Alert {
  /** 1 warning, 2 fatal. */
  readonly level: number;
  readonly description: number;
  /** "handshake_failure" etc. */
  readonly name: string;
  readonly fatal: boolean;
}

export function makeAlert(level: number, description: number): Alert {
  return { level, description, name: alertName(description), fatal: level === 2 };
}

export function encodeAlert(alert: { readonly level: number; readonly description: number }): Uint8Array {
  return new Uint8Array([alert.level, alert.description]);
}

/**
 * Every alert in an alert record fragment (a record may carry several, RFC 5246 section 6.2.1).
 * An odd or empty length means an encrypted or broken alert.
 */
export function decodeAlerts(fragment: Uint8Array): Alert[] {
  if (fragment.length === 0 || fragment.length % 2 !== 0) {
    throw new MailtlsError('EDECODE', `alert record of ${fragment.length} bytes (encrypted or malformed)`);
  }
  const r = new ByteReader(fragment);
  const out: Alert[] = [];
  while (!r.atEnd) out.push(makeAlert(r.u8('alert level'), r.u8('alert description')));
  return out;
}

/** The first alert of a fragment. */
export function decodeAlert(fragment: Uint8Array): Alert {
  return decodeAlerts(fragment)[0] as Alert;
}
