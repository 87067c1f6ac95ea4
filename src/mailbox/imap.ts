/**
 * The IMAP client dialogue a scanner needs (RFC 9051, RFC 3501): greeting, CAPABILITY,
 * STARTTLS (RFC 2595 section 3.1, RFC 9051 section 6.2.1), LOGOUT. Never logs in.
 */
import type { Transport } from '../net/transport.js';
import { LineChannel, MAX_RESPONSE_LINES, quoteLine } from './channel.js';
import type { InjectedData, MailboxCapabilities, MailboxClientOptions } from './types.js';

/** One response line: untagged (`*`), continuation (`+`) or tagged, with status and response code. */
export interface ImapLine {
  readonly tag: string;
  /** OK, NO, BAD, BYE, PREAUTH, CAPABILITY, ... upper-cased; '' for a continuation. */
  readonly kind: string;
  /** The bracketed response code, e.g. "CAPABILITY IMAP4rev1 STARTTLS", or null. */
  readonly code: string | null;
  readonly text: string;
}

export function parseImapLine(line: string): ImapLine | null {
  const m = /^(\*|\+|[!#-'*,-Z^-z|~]+) ?(.*)$/.exec(line);
  if (!m || m[1] === undefined) return null;
  const tag = m[1];
  const rest = m[2] ?? '';
  if (tag === '+') return { tag, kind: '', code: null, text: rest };
  const sp = rest.indexOf(' ');
  const kind = (sp < 0 ? rest : rest.slice(0, sp)).toUpperCase();
  if (kind === '') return null;
  let text = sp < 0 ? '' : rest.slice(sp + 1);
  let code: string | null = null;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end > 0) {
      code = text.slice(1, end);
      text = text.slice(end + 1).trimStart();
    }
  }
  return { tag, kind, code, text };
}

/** Capabilities from atoms (`IMAP4rev1 STARTTLS AUTH=PLAIN LOGINDISABLED`); case-insensitive (RFC 9051 section 9). */
export function parseImapCapabilities(atoms: readonly string[]): MailboxCapabilities {
  const upper = atoms.map((a) => a.toUpperCase());
  const loginDisabled = upper.includes('LOGINDISABLED');
  return {
    lines: [...atoms],
    starttls: upper.includes('STARTTLS'),
    sasl: [...new Set(upper.filter((a) => a.startsWith('AUTH=')).map((a) => a.slice(5)).filter((a) => a !== ''))],
    loginDisabled,
    plaintextLogin: !loginDisabled,
  };
}

const atomsOf = (text: string): string[] => text.split(/\s+/).filter((a) => a !== '');

export class ImapClient {
  private readonly ch: LineChannel;
  private seq = 0;

  constructor(transport: Transport, private readonly options: MailboxClientOptions) {
    this.ch = new LineChannel(transport, options.timeoutMs);
  }

  /**
   * The greeting: `* OK` (capabilities in its response code, as Dovecot sends them), `* PREAUTH`
   * (already authenticated: nothing to test, but TLS may still be there), or `* BYE` (refused).
   */
  async greeting(): Promise<{ text: string; capabilities: MailboxCapabilities | null }> {
    const line = await this.ch.readLine(this.options.greetTimeoutMs ?? this.options.timeoutMs, 'the IMAP greeting');
    const r = parseImapLine(line);
    if (!r || r.tag !== '*') this.ch.fail('EMAILBOX_PROTOCOL', `not an IMAP greeting: ${quoteLine(line)}`);
    if (r.kind === 'BYE') this.ch.fail('EMAILBOX_REFUSED', `the server greeted with BYE: ${r.text}`);
    if (r.kind !== 'OK' && r.kind !== 'PREAUTH') this.ch.fail('EMAILBOX_PROTOCOL', `not an IMAP greeting: ${quoteLine(line)}`);
    const caps = r.code !== null && /^CAPABILITY\b/i.test(r.code) ? parseImapCapabilities(atomsOf(r.code).slice(1)) : null;
    return { text: r.text, capabilities: caps };
  }

  /** Sends a command and reads to its tagged completion; returns the untagged lines and the completion. */
  async command(cmd: string): Promise<{ untagged: ImapLine[]; done: ImapLine }> {
    const tag = `m${++this.seq}`;
    await this.ch.send(`${tag} ${cmd}`);
    const untagged: ImapLine[] = [];
    for (;;) {
      const line = await this.ch.readLine(undefined, `the answer to ${cmd}`);
      const r = parseImapLine(line);
      if (!r) this.ch.fail('EMAILBOX_PROTOCOL', `not an IMAP response line: ${quoteLine(line)}`);
      if (r.tag === tag) {
        if (r.kind !== 'OK') this.ch.fail('EMAILBOX_REPLY', `${cmd} was answered ${r.kind}: ${r.text}`);
        return { untagged, done: r };
      }
      if (r.tag === '*' && r.kind === 'BYE') this.ch.fail('EMAILBOX_REFUSED', `the server said BYE to ${cmd}: ${r.text}`);
      if (r.tag !== '*') this.ch.fail('EMAILBOX_PROTOCOL', `unexpected response to ${cmd}: ${quoteLine(line)}`);
      untagged.push(r);
      if (untagged.length > MAX_RESPONSE_LINES) this.ch.fail('EMAILBOX_PROTOCOL', `the answer to ${cmd} went on past ${MAX_RESPONSE_LINES} lines`);
    }
  }

  async capability(): Promise<MailboxCapabilities> {
    const { untagged, done } = await this.command('CAPABILITY');
    const line = untagged.find((u) => u.kind === 'CAPABILITY');
    if (line) return parseImapCapabilities(atomsOf(line.text));
    // Some servers put it in the completion's response code instead.
    if (done.code !== null && /^CAPABILITY\b/i.test(done.code)) return parseImapCapabilities(atomsOf(done.code).slice(1));
    return this.ch.fail('EMAILBOX_PROTOCOL', 'the answer to CAPABILITY lists no capabilities');
  }

  /** STARTTLS; on OK, everything received after the tagged reply is discarded and returned. */
  async starttls(): Promise<InjectedData | null> {
    await this.command('STARTTLS');
    return this.ch.discardAll();
  }

  async logout(): Promise<void> {
    try {
      await this.ch.send(`m${++this.seq} LOGOUT`);
      await this.ch.readLine(Math.min(this.options.timeoutMs, 1000));
    } catch {
      // the server may be gone already; a scanner does not wait for it
    }
  }
}
