/**
 * What the smtp client's delivery lines alone say about TLS: 3.11's `tls=` field and the TLS
 * reasons in status texts. Pure; used by SessionTracker.client (sessions.ts).
 */
import type { SessionOutcome } from './sessions.js';

/** `host[private/name]`: a `/` inside the brackets (what `/\[[^\]]*\//` matches), by hand: this runs per delivery. */
export function isSocketRelay(relay: string): boolean {
  let open = relay.indexOf('[');
  while (open >= 0) {
    for (let i = open + 1; i < relay.length; i++) {
      const c = relay.charCodeAt(i);
      if (c === 47) return true;
      if (c === 93) break;
    }
    open = relay.indexOf('[', open + 1);
  }
  return false;
}

/**
 * TLS reasons in the smtp client's delivery status texts (src/smtp/smtp_proto.c, smtp_connect.c):
 * `TLS is required, but was not offered by host %s`, `TLS is required, but host %s refused to
 * start TLS: %s`, `Cannot start TLS: handshake failure`, `Server certificate not verified`.
 */
export function tlsDeliveryFailure(detail: string): string | null {
  if (detail.includes('TLS is required, but was not offered')) return 'TLS required but not offered by the server';
  if (detail.includes('refused to start TLS')) return 'the server refused STARTTLS';
  if (detail.includes('Cannot start TLS')) return 'TLS handshake failed';
  if (detail.includes('certificate not verified') || detail.includes('Server certificate not trusted')) return 'server certificate not verified';
  return null;
}

/** 3.11's `tls=` field (pol_stats_format(), src/global/pol_stats.c) to an outcome. */
export function outcomeFromFeature(feature: string | null): SessionOutcome {
  if (feature === null) return { kind: 'unknown' };
  let level = feature.split('/')[0] ?? '';
  const violated = level.startsWith('!');
  if (violated) level = level.slice(1);
  if (level.endsWith('?')) return { kind: 'unknown' };
  const parts = level.split(':');
  const final = parts[parts.length - 1] ?? '';
  if (violated) return { kind: 'failed', reason: `TLS policy ${parts[0] ?? level} not met${final !== parts[0] ? ` (${final})` : ''}` };
  if (final === 'none' || final === 'noencryption' || final === 'nostarttls') return { kind: 'plaintext' };
  if (final === 'unknown' || final === '') return { kind: 'unknown' };
  return { kind: 'tls-unlogged' };
}
