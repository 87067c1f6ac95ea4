/**
 * Ground truth for `mailtls listen`: what the real `openssl s_server -trace` sees of a sending
 * client's ClientHello. s_server speaks no SMTP, so a small front on loopback does the SMTP part
 * (the capture server's own sans-IO dialogue, up to STARTTLS) and then joins the client to
 * s_server byte for byte; once s_server has traced the ClientHello the connection is dropped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { SmtpServerDialogue } from '../../src/listen/dialogue.js';
import { freePort } from '../../src/lab/ports.js';

export interface TracedHello {
  readonly legacyVersion: number;
  readonly suites: number[];
  readonly groups: number[];
  readonly versions: number[] | null;
  readonly signatureSchemes: number[];
  readonly extensions: number[];
}

/** Parses the first ClientHello of `openssl s_server -trace` output (ssl/t_trace.c's format). */
export function parseTrace(text: string): TracedHello | null {
  const start = text.indexOf('ClientHello, Length=');
  if (start < 0) return null;
  const end = text.indexOf('\nSent Record', start);
  if (end < 0) return null;
  const block = text.slice(start, end);
  const legacy = /client_version=0x([0-9a-f]+)/i.exec(block);
  const suitesPart = block.slice(block.indexOf('cipher_suites'), block.indexOf('compression_methods'));
  const suites = [...suitesPart.matchAll(/\{0x([0-9A-F]{2}), 0x([0-9A-F]{2})\}/gi)].map((m) => parseInt(`${m[1]}${m[2]}`, 16));
  const ext = (name: string): string | null => {
    const i = block.indexOf(`extension_type=${name}(`);
    if (i < 0) return null;
    const j = block.indexOf('extension_type=', i + 1);
    return block.slice(i, j < 0 ? undefined : j);
  };
  const decimals = (part: string | null) => (part === null ? [] : [...part.split('\n').slice(1).join('\n').matchAll(/\((\d+)\)\s*$/gm)].map((m) => Number(m[1])));
  const sv = ext('supported_versions');
  const sig = ext('signature_algorithms');
  return {
    legacyVersion: parseInt(legacy?.[1] ?? '0', 16),
    suites,
    groups: decimals(ext('supported_groups')),
    versions: sv === null ? null : decimals(sv),
    signatureSchemes: sig === null ? [] : [...sig.matchAll(/\(0x([0-9a-f]{4})\)/gi)].map((m) => parseInt(m[1] ?? '0', 16)),
    extensions: [...block.matchAll(/extension_type=[^(]*\((\d+)\)/g)].map((m) => Number(m[1])),
  };
}

export interface Oracle {
  readonly port: number;
  /**
   * Starts one s_server (-naccept 1) and resolves once it listens, with a function that waits
   * for the ClientHello it traces: the client may be sent off only after this resolves.
   */
  arm(cert: string, key: string, timeoutMs: number): Promise<() => Promise<{ hello: TracedHello; trace: string }>>;
  close(): Promise<void>;
}

export async function startOracle(): Promise<Oracle> {
  let upstreamPort = 0;
  let trace = '';
  let child: ChildProcess | null = null;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    const d = new SmtpServerDialogue({ hostname: 'oracle.test', offerStarttls: true, maxMessageBytes: 1 << 20 });
    client.write(d.greeting());
    const onData = (chunk: Buffer) => {
      for (const ev of d.push(chunk)) {
        if (ev.kind === 'reply') client.write(ev.text);
        else if (ev.kind === 'close') client.end();
        else if (ev.kind === 'starttls') {
          client.off('data', onData);
          const up = connect(upstreamPort, '127.0.0.1');
          sockets.add(up);
          up.on('error', () => client.destroy());
          up.on('close', () => client.destroy());
          client.on('close', () => up.destroy());
          if (ev.leftover.length > 0) up.write(ev.leftover);
          client.pipe(up);
          up.pipe(client);
          return;
        }
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    port,
    async arm(cert, key, timeoutMs) {
      upstreamPort = await freePort();
      trace = '';
      const proc = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${upstreamPort}`, '-cert', cert, '-key', key, '-trace', '-naccept', '1', '-cipher', 'ALL:@SECLEVEL=0'], { stdio: ['pipe', 'pipe', 'pipe'] });
      child = proc;
      proc.stdout?.on('data', (d: Buffer) => { trace += d.toString('latin1'); });
      proc.stderr?.on('data', (d: Buffer) => { trace += d.toString('latin1'); });
      const deadline = Date.now() + timeoutMs;
      while (!/ACCEPT/.test(trace)) {
        if (Date.now() > deadline) throw new Error(`s_server did not start: ${trace}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return async () => {
        const until = Date.now() + timeoutMs;
        for (;;) {
          const hello = parseTrace(trace);
          if (hello) {
            proc.kill();
            for (const s of sockets) s.destroy();
            return { hello, trace };
          }
          if (Date.now() > until) {
            proc.kill();
            throw new Error(`no ClientHello traced within ${timeoutMs} ms: ${trace.slice(0, 400)}`);
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      };
    },
    async close() {
      child?.kill();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
