/**
 * A TCP proxy on 127.0.0.1 that holds every chunk for `delayMs` in each direction, so a
 * loopback server behaves as if it were far away (benchmark only; see bench/scan.ts).
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface DelayProxy {
  readonly port: number;
  close(): Promise<void>;
}

function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
  from.on('data', (chunk: Buffer) => {
    setTimeout(() => { if (!to.destroyed) to.write(chunk); }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), delayMs + 1));
}

export async function startDelayProxy(targetPort: number, delayMs: number, listenPort = 0): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.setNoDelay(true); }
    pipeDelayed(client, upstream, delayMs);
    pipeDelayed(upstream, client, delayMs);
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(listenPort, '127.0.0.1', resolve); });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
