/**
 * The ManageSieve client dialogue a scanner needs (RFC 5804): the capability response that
 * is the greeting (section 1.7), CAPABILITY, STARTTLS (section 2.2: the server re-issues its
 * capabilities after TLS, unasked), LOGOUT. Never authenticates.
 */
import type { Transport } from '../net/transport.js';
import { LineChannel, MAX_RESPONSE_LINES, quoteLine } from './channel.js';
import type { InjectedData, MailboxCapabilities, MailboxClientOptions } from './types.js';

/** The quoted strings of one line (RFC 5804 section 4: `"..."` with `\\` and `\"`); null if it is not only strings. */
export function sieveStrings(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ') i++;
    if (i >= line.length) return out;
    if (line[i] !== '"') return null;
    let s = '';
    for (i++; ; i++) {
      const c = line[i];
      if (c === undefined) return null;
      if (c === '\\') {
        const n = line[++i];
        if (n === undefined) return null;
        s += n;
      } else if (c === '"') {
        i++;
        break;
      } else s += c;
    }
    out.push(s);
  }
}

/** `"SASL" "PLAIN LOGIN"`, `"STARTTLS"` ...: names are case-insensitive (RFC 5804 section 1.7). */
export function parseSieveCapabilities(pairs: readonly (readonly [string, string | null])[]): MailboxCapabilities {
  const get = (name: string) => pairs.find(([n]) => n.toUpperCase() === name);
  const sasl = get('SASL')?.[1] ?? '';
  return {
    lines: pairs.map(([n, v]) => (v === null ? n : `${n} ${v}`)),
    starttls: get('STARTTLS') !== undefined,
    sasl: [...new Set(sasl.split(/\s+/).filter((m) => m !== '').map((m) => m.toUpperCase()))],
    loginDisabled: null,
    plaintextLogin: null,
  };
}

interface SieveResponse {
  readonly status: 'OK' | 'NO' | 'BYE';
  readonly text: string;
}

function parseResponse(line: string): SieveResponse | null {
  const m = /^(OK|NO|BYE)(?:\s+\(([^)]*)\))?(?:\s+(.*))?$/i.exec(line);
  if (!m || m[1] === undefined) return null;
  const strings = m[3] !== undefined ? sieveStrings(m[3]) : [];
  return { status: m[1].toUpperCase() as SieveResponse['status'], text: strings ? strings.join(' ') : (m[3] ?? '') };
}

export class SieveClient {
  private readonly ch: LineChannel;

  constructor(transport: Transport, private readonly options: MailboxClientOptions) {
    this.ch = new LineChannel(transport, options.timeoutMs);
  }

  /** Capability lines up to the closing OK; NO or BYE there is an error (refused, for the greeting). */
  async capabilities(what: string, timeoutMs = this.options.timeoutMs, greeting = false): Promise<{ text: string; capabilities: MailboxCapabilities }> {
    const pairs: (readonly [string, string | null])[] = [];
    for (;;) {
      const line = await this.ch.readLine(timeoutMs, what);
      const r = parseResponse(line);
      if (r) {
        if (r.status !== 'OK') this.ch.fail(greeting || r.status === 'BYE' ? 'EMAILBOX_REFUSED' : 'EMAILBOX_REPLY', `${what} ended with ${r.status}: ${r.text}`);
        return { text: r.text, capabilities: parseSieveCapabilities(pairs) };
      }
      const strings = sieveStrings(line);
      if (!strings || strings.length === 0 || strings.length > 2) {
        // Literals ({n}) are allowed by RFC 5804 but no server sends capabilities that way.
        this.ch.fail('EMAILBOX_PROTOCOL', `not a ManageSieve capability line: ${quoteLine(line)}`);
      }
      pairs.push([strings[0] ?? '', strings[1] ?? null]);
      if (pairs.length > MAX_RESPONSE_LINES) this.ch.fail('EMAILBOX_PROTOCOL', `${what} went on past ${MAX_RESPONSE_LINES} lines`);
    }
  }

  greeting(): Promise<{ text: string; capabilities: MailboxCapabilities }> {
    return this.capabilities('the ManageSieve greeting', this.options.greetTimeoutMs ?? this.options.timeoutMs, true);
  }

  async capability(): Promise<MailboxCapabilities> {
    await this.ch.send('CAPABILITY');
    return (await this.capabilities('the answer to CAPABILITY')).capabilities;
  }

  /** STARTTLS; on OK, everything received after it is discarded and returned. */
  async starttls(): Promise<InjectedData | null> {
    await this.ch.send('STARTTLS');
    const line = await this.ch.readLine(undefined, 'the answer to STARTTLS');
    const r = parseResponse(line);
    if (!r) this.ch.fail('EMAILBOX_PROTOCOL', `not a ManageSieve response: ${quoteLine(line)}`);
    if (r.status !== 'OK') this.ch.fail(r.status === 'BYE' ? 'EMAILBOX_REFUSED' : 'EMAILBOX_REPLY', `STARTTLS was answered ${r.status}: ${r.text}`);
    return this.ch.discardAll();
  }

  async logout(): Promise<void> {
    try {
      await this.ch.send('LOGOUT');
      await this.ch.readLine(Math.min(this.options.timeoutMs, 1000));
    } catch {
      // the server may be gone already
    }
  }
}
