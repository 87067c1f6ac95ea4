import { Duplex } from 'node:stream';
import type { Place } from '../errors.js';
import { StreamTransport, type StreamTransportOptions } from './transport.js';

/** One end of an in-memory pipe: what it writes is pushed into the other end; closing ends it. */
function end(): { stream: Duplex; link(peer: Duplex): void } {
  let peer: Duplex | undefined;
  const stream = new Duplex({
    read() { /* data is pushed by the peer */ },
    write(chunk: Buffer, _enc, cb) { if (peer && !peer.destroyed) peer.push(chunk); cb(); },
    final(cb) { if (peer && !peer.destroyed) peer.push(null); cb(); },
    destroy(err, cb) { if (peer && !peer.destroyed) peer.push(null); cb(err); },
  });
  return { stream, link(p) { peer = p; } };
}

/**
 * Two connected in-memory transports, for driving the SMTP and TLS cores in unit tests
 * without a port (STYLE-ANCHORS practice 6).
 */
export function memoryPair(options: StreamTransportOptions = {}, place: Place = { host: 'memory', port: 0 }): [StreamTransport, StreamTransport] {
  const a = end();
  const b = end();
  a.link(b.stream);
  b.link(a.stream);
  return [new StreamTransport(a.stream, place, options), new StreamTransport(b.stream, place, options)];
}
