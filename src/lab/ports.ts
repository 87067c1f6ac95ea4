import { createServer } from 'node:net';

/**
 * Ports this process handed out already: the kernel may give a just-closed port again, and two
 * instances started side by side must not get the same one (Postfix would share it, see
 * procs.ts listenerCounts). Other processes are caught after start, by the listener count.
 */
const handedOut = new Set<number>();

/** A port the kernel just handed out on `host` (default 127.0.0.1; free now, the caller binds it soon after). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, host, () => {
        const addr = srv.address();
        const p = typeof addr === 'object' && addr ? addr.port : 0;
        srv.close(() => resolve(p));
      });
    });
    if (!handedOut.has(port) || attempt >= 20) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Whether address:port (127.0.0.1 unless told) can be bound now. */
export function portIsFree(port: number, address = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, address, () => srv.close(() => resolve(true)));
  });
}
