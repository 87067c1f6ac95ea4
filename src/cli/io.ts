/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * The process's own streams, each created on first use: Node builds process.stdin and friends
 * lazily, and building all three costs ~6 ms at start, most of it for stdin, which only
 * `mailtls logs -` reads.
 */
export function processIo(): CliIo {
  return {
    get stdout() { return process.stdout; },
    get stderr() { return process.stderr; },
    get stdin() { return process.stdin; },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Colour only for terminals, and never when NO_COLOR is set (no-color.org). */
export function useColor(io: CliIo, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0') return true;
  return io[stream].isTTY === true;
}

/** Collects a stream into a string, for tests. */
export function memoryIo(env: NodeJS.ProcessEnv = {}, stdinText = ''): CliIo & { out(): string; err(): string } {
  const outChunks: string[] = [];
  const errChunks: string[] = [];
  const mk = (chunks: string[]) => ({
    write(chunk: string | Uint8Array): boolean {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  }) as unknown as NodeJS.WritableStream;
  return {
    stdout: mk(outChunks),
    stderr: mk(errChunks),
    stdin: Readable.from([stdinText]),
    env,
    cwd: process.cwd(),
    out: () => outChunks.join(''),
    err: () => errChunks.join(''),
  };
}

import { Readable } from 'node:stream';
