/** A minimal plaintext SMTP exchange for tests: greeting, EHLO, QUIT. Not mailtls's own client. */
import { connect } from 'node:net';

export interface Ehlo {
  readonly banner: string;
  readonly capabilities: string[];
}

export function plainEhlo(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<Ehlo> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let buf = '';
    let stage: 'greet' | 'ehlo' = 'greet';
    let banner = '';
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`timeout; got ${JSON.stringify(buf)}`)); }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
    sock.on('data', (d: string) => {
      buf += d;
      const m = /(^|\n)(\d{3}) [^\n]*\n/.exec(buf);
      if (!m) return;
      if (stage === 'greet') {
        banner = buf.trim();
        buf = '';
        stage = 'ehlo';
        sock.write('EHLO mailtls.test\r\n');
      } else {
        const capabilities = buf.trim().split(/\r?\n/).slice(1).map((l) => l.slice(4).trim());
        clearTimeout(timer);
        sock.end('QUIT\r\n');
        resolve({ banner, capabilities });
      }
    });
  });
}
