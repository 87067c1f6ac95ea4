/**
 * What a server does after a probe's out-of-order message: the next record, a close, a reset or
 * silence. Reads at most one record of at most MAX_RECORD_LENGTH (the deframer's cap): a probe
 * never takes in more than one record's worth, however much a server sends.
 */
import { MailtlsError } from '../../errors.js';
import type { Transport } from '../../net/transport.js';
import { decodeAlert } from '../../wire/alert.js';
import { CONTENT_TYPE, RecordDeframer, type TlsRecord } from '../../wire/record.js';

export type Reply =
  | { readonly kind: 'record'; readonly record: TlsRecord }
  | { readonly kind: 'alert'; readonly description: number; readonly name: string }
  | { readonly kind: 'closed' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'timeout' };

/** The next record (alerts decoded), or how the connection ended. Garbage and oversized records throw coded errors. */
export async function nextReply(t: Transport, timeoutMs: number, deframer = new RecordDeframer({ allowSslv2: false })): Promise<Reply> {
  for (;;) {
    let chunk: Uint8Array | null;
    try {
      chunk = await t.read(timeoutMs);
    } catch (err) {
      if (err instanceof MailtlsError && err.code === 'ETIMEOUT') return { kind: 'timeout' };
      if (err instanceof MailtlsError && err.code === 'ECONNRESET') return { kind: 'reset' };
      throw err;
    }
    if (chunk === null) return { kind: 'closed' };
    const frames = deframer.push(chunk);
    const first = frames[0];
    if (first === undefined) continue;
    if (first.kind !== 'tls') throw new MailtlsError('EDECODE', 'an SSLv2 record in a TLS session', { place: t.place });
    const rec = first.record;
    if (rec.type === CONTENT_TYPE.alert) {
      try {
        const a = decodeAlert(rec.fragment);
        return { kind: 'alert', description: a.description, name: a.name };
      } catch {
        return { kind: 'record', record: rec }; // an encrypted alert: only its length is known
      }
    }
    return { kind: 'record', record: rec };
  }
}

/** One line for reports and for comparing replies (ROBOT). */
export function describeReply(r: Reply): string {
  switch (r.kind) {
    case 'record': return `record type ${r.record.type} (${r.record.fragment.length} bytes)`;
    case 'alert': return `alert ${r.name} (${r.description})`;
    case 'closed': return 'connection closed';
    case 'reset': return 'connection reset';
    case 'timeout': return 'no answer';
  }
}
