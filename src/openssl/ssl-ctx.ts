/**
 * What the SSL_CONF commands of `system_default` do to a new SSL_CTX (SSL_CTX_new() ->
 * ssl_ctx_system_config(), ssl/ssl_mcnf.c ssl_do_config(); the commands of ssl/ssl_conf.c):
 *
 * - command names are matched case-insensitively; certificate commands (Certificate,
 *   PrivateKey, ChainCAFile, DHParameters, ...) are not allowed in system_default and are
 *   "unknown", so are server-only commands (ECDHParameters, NumTickets) in a client context;
 * - MinProtocol / MaxProtocol take None, SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3 (exact case);
 *   DTLS values are accepted and do nothing for TLS contexts;
 * - Protocol and Options take comma lists of names (any case) with an optional + or -;
 *   Protocol sets the SSL_OP_NO_<version> bits; an unknown name (or a server-only option
 *   such as ServerPreference in a client context) fails the command after the names before it
 *   took effect;
 * - CipherString fails when it selects no TLS 1.2 suite; Ciphersuites skips unknown names.
 * A failing command: OpenSSL 1.1.1 stops there (the commands after it are not applied);
 * 3.0 and later go on with the next one (verified on 3.0.19), and from 3.4 a failure makes
 * SSL_CTX_new() itself fail when config_diagnostics is on (openssl/openssl#24275).
 * Pure: the cipher-string check is injected.
 */
import type { SslCommand } from './ssl-conf.js';
import { parseCiphersuites } from './tls13.js';
import type { Tls13Suite } from './server-order.js';

export type CtxRole = 'server' | 'client';
export type TlsProtocolName = 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export const PROTOCOL_VERSION: Readonly<Record<string, number>> = {
  None: 0, SSLv3: 0x0300, TLSv1: 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303, 'TLSv1.3': 0x0304, DTLSv1: 0xfeff, 'DTLSv1.2': 0xfefd,
};

/** What one command did. */
export interface AppliedCommand extends SslCommand {
  /** The canonical command name ("MinProtocol"), or null when OpenSSL does not know it here. */
  readonly command: string | null;
  readonly ok: boolean;
  /** Not applied: OpenSSL 1.1.1 stopped at an earlier failing command. */
  readonly skipped: boolean;
  readonly error?: string;
  /** The part of the context it set. */
  readonly sets?: CtxField;
}

export type CtxField = 'minVersion' | 'maxVersion' | 'noVersions' | 'serverPreference' | 'prioritizeChacha' | 'ciphersuites' | 'cipherString' | 'groups' | 'sigalgs' | 'options' | 'other';

/** The context after system_default (only what the prediction uses, plus what was set). */
export interface CtxState {
  /** 0: no bound. */
  readonly minVersion: number;
  readonly maxVersion: number;
  /** SSL_OP_NO_<version> set. */
  readonly noVersions: ReadonlySet<TlsProtocolName>;
  readonly serverPreference: boolean;
  readonly prioritizeChacha: boolean;
  /** null: OpenSSL's default list. */
  readonly ciphersuites: readonly Tls13Suite[] | null;
  readonly cipherString: string | null;
  readonly groups: string | null;
  readonly sigalgs: string | null;
}

export interface ApplyOptions {
  readonly opensslVersion: string;
  readonly role: CtxRole;
  /** Whether SSL_CTX_set_cipher_list() accepts the string (selects a TLS 1.2 suite). */
  readonly cipherStringValid: (s: string) => boolean;
  /** config_diagnostics is on (3.4+: a failure makes SSL_CTX_new() fail). */
  readonly diagnostics?: boolean;
}

export interface ApplyResult {
  readonly state: CtxState;
  readonly commands: readonly AppliedCommand[];
  /** SSL_CTX_new() fails (3.4+ with config_diagnostics and a failing command). */
  readonly ctxFails: string | null;
}

interface CmdDef {
  readonly name: string;
  readonly server?: boolean;
  readonly client?: boolean;
  /** SSL_CONF_FLAG_CERTIFICATE: never allowed in system_default. */
  readonly cert?: boolean;
}

const COMMANDS: readonly CmdDef[] = [
  { name: 'SignatureAlgorithms' }, { name: 'ClientSignatureAlgorithms' }, { name: 'Curves' }, { name: 'Groups' },
  { name: 'ECDHParameters', server: true }, { name: 'CipherString' }, { name: 'Ciphersuites' }, { name: 'Protocol' },
  { name: 'MinProtocol' }, { name: 'MaxProtocol' }, { name: 'Options' }, { name: 'VerifyMode' },
  { name: 'Certificate', cert: true }, { name: 'PrivateKey', cert: true }, { name: 'ServerInfoFile', server: true, cert: true },
  { name: 'ChainCAPath', cert: true }, { name: 'ChainCAFile', cert: true }, { name: 'ChainCAStore', cert: true },
  { name: 'VerifyCAPath', cert: true }, { name: 'VerifyCAFile', cert: true }, { name: 'VerifyCAStore', cert: true },
  { name: 'RequestCAFile', cert: true }, { name: 'ClientCAFile', server: true, cert: true }, { name: 'RequestCAPath', cert: true },
  { name: 'ClientCAPath', server: true, cert: true }, { name: 'RequestCAStore', cert: true }, { name: 'ClientCAStore', server: true, cert: true },
  { name: 'DHParameters', server: true, cert: true }, { name: 'RecordPadding' }, { name: 'NumTickets', server: true },
];

interface OptDef {
  readonly name: string;
  /** The option bit is set when the name is given without '-' (INV: the name clears a NO_ bit). */
  readonly inv?: boolean;
  readonly server?: boolean;
  readonly since: '1.1.1' | '3.0' | '3.2';
  readonly field?: 'serverPreference' | 'prioritizeChacha';
}

/** ssl/ssl_conf.c cmd_Options(): 1.1.1's list, 3.0's additions (checked on 3.0.19), later ones. */
const OPTIONS: readonly OptDef[] = [
  { name: 'SessionTicket', inv: true, since: '1.1.1' }, { name: 'EmptyFragments', inv: true, since: '1.1.1' },
  { name: 'Bugs', since: '1.1.1' }, { name: 'Compression', inv: true, since: '1.1.1' },
  { name: 'ServerPreference', server: true, since: '1.1.1', field: 'serverPreference' },
  { name: 'NoResumptionOnRenegotiation', server: true, since: '1.1.1' }, { name: 'DHSingle', server: true, since: '1.1.1' },
  { name: 'ECDHSingle', server: true, since: '1.1.1' }, { name: 'UnsafeLegacyRenegotiation', since: '1.1.1' },
  { name: 'EncryptThenMac', inv: true, since: '1.1.1' }, { name: 'NoRenegotiation', since: '1.1.1' },
  { name: 'AllowNoDHEKEX', since: '1.1.1' }, { name: 'PrioritizeChaCha', since: '1.1.1', field: 'prioritizeChacha' },
  { name: 'MiddleboxCompat', since: '1.1.1' }, { name: 'AntiReplay', inv: true, since: '1.1.1' },
  { name: 'UnsafeLegacyServerConnect', since: '3.0' }, { name: 'ClientRenegotiation', since: '3.0' },
  { name: 'ExtendedMasterSecret', inv: true, since: '3.0' }, { name: 'CANames', inv: true, since: '3.0' }, { name: 'KTLS', since: '3.0' },
  { name: 'PreferNoDHEKEX', since: '3.2' }, { name: 'StrictCertCheck', since: '3.2' }, { name: 'TxCertificateCompression', inv: true, since: '3.2' },
  { name: 'RxCertificateCompression', inv: true, since: '3.2' }, { name: 'KTLSTxZerocopySendfile', since: '3.2' },
  { name: 'IgnoreUnexpectedEOF', since: '3.2' }, { name: 'LegacyECPointFormats', since: '3.2' },
];

const PROTOCOL_LIST: readonly { name: string; versions: readonly (TlsProtocolName | 'SSLv2' | 'DTLS')[] }[] = [
  { name: 'ALL', versions: ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3', 'DTLS'] },
  { name: 'SSLv2', versions: ['SSLv2'] }, { name: 'SSLv3', versions: ['SSLv3'] }, { name: 'TLSv1', versions: ['TLSv1'] },
  { name: 'TLSv1.1', versions: ['TLSv1.1'] }, { name: 'TLSv1.2', versions: ['TLSv1.2'] }, { name: 'TLSv1.3', versions: ['TLSv1.3'] },
  { name: 'DTLSv1', versions: ['DTLS'] }, { name: 'DTLSv1.2', versions: ['DTLS'] },
];

function releaseNumber(v: string): number {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3] ?? 0) : 30000;
}

/** CONF_parse_list(value, sep, nospc=1): elements with blanks trimmed; an empty element is reported as null. */
export function parseConfList(value: string, sep: string): (string | null)[] {
  return value.split(sep).map((e) => {
    const t = e.trim();
    return t === '' ? null : t;
  });
}

export const INITIAL_CTX: CtxState = {
  minVersion: 0, maxVersion: 0, noVersions: new Set(), serverPreference: false, prioritizeChacha: false,
  ciphersuites: null, cipherString: null, groups: null, sigalgs: null,
};

export function applySystemDefault(commands: readonly SslCommand[], o: ApplyOptions): ApplyResult {
  const rel = releaseNumber(o.opensslVersion);
  const stopAtError = rel < 30000;
  let minVersion = 0, maxVersion = 0, serverPreference = false, prioritizeChacha = false;
  const noVersions = new Set<TlsProtocolName>();
  let ciphersuites: readonly Tls13Suite[] | null = null;
  let cipherString: string | null = null, groups: string | null = null, sigalgs: string | null = null;
  const out: AppliedCommand[] = [];
  let stopped = false;
  let failures = 0;

  for (const c of commands) {
    if (stopped) {
      out.push({ ...c, command: null, ok: false, skipped: true });
      continue;
    }
    const def = COMMANDS.find((d) => d.name.toLowerCase() === c.cmd.toLowerCase());
    const allowed = def !== undefined && !def.cert && !(def.server === true && o.role !== 'server') && !(def.client === true && o.role !== 'client')
      && !(def.name.endsWith('Store') && rel < 30000);
    const result = (ok: boolean, sets?: CtxField, error?: string): AppliedCommand => ({
      ...c, command: def?.name ?? null, ok, skipped: false, ...(sets !== undefined ? { sets } : {}), ...(error !== undefined ? { error } : {}),
    });
    let r: AppliedCommand;
    if (!allowed || def === undefined) {
      r = result(false, undefined, def === undefined ? `unknown command "${c.cmd}"`
        : def.cert ? `${def.name} is not allowed in system_default (a certificate command)` : `${def.name} is for ${def.server ? 'servers' : 'clients'} only: unknown in a ${o.role} context`);
    } else {
      switch (def.name) {
        case 'MinProtocol':
        case 'MaxProtocol': {
          const v = PROTOCOL_VERSION[c.value];
          if (v === undefined || !Object.hasOwn(PROTOCOL_VERSION, c.value)) {
            r = result(false, undefined, `bad value "${c.value}" (None, SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, DTLSv1, DTLSv1.2; exact case)`);
          } else if (v >= 0xfe00) {
            r = result(true, 'other');
          } else if (def.name === 'MinProtocol') {
            minVersion = v;
            r = result(true, 'minVersion');
          } else {
            maxVersion = v;
            r = result(true, 'maxVersion');
          }
          break;
        }
        case 'Protocol': {
          let err: string | undefined;
          for (const el of parseConfList(c.value, ',')) {
            if (el === null) { err = 'empty protocol name'; break; }
            const off = el.startsWith('-');
            const name = el.startsWith('-') || el.startsWith('+') ? el.slice(1) : el;
            const p = PROTOCOL_LIST.find((x) => x.name.toLowerCase() === name.toLowerCase());
            if (p === undefined) { err = `unknown protocol "${name}"`; break; }
            for (const v of p.versions) {
              if (v === 'SSLv2' || v === 'DTLS') continue;
              if (off) noVersions.add(v);
              else noVersions.delete(v);
            }
          }
          r = result(err === undefined, 'noVersions', err);
          break;
        }
        case 'Options': {
          let err: string | undefined;
          for (const el of parseConfList(c.value, ',')) {
            if (el === null) { err = 'empty option name'; break; }
            const off = el.startsWith('-');
            const name = el.startsWith('-') || el.startsWith('+') ? el.slice(1) : el;
            const d = OPTIONS.find((x) => x.name.toLowerCase() === name.toLowerCase()
              && (x.since === '1.1.1' || (x.since === '3.0' && rel >= 30000) || (x.since === '3.2' && rel >= 30200)));
            if (d === undefined || (d.server === true && o.role !== 'server')) {
              err = d === undefined ? `unknown option "${name}"` : `option ${d.name} is for servers only`;
              break;
            }
            if (d.field === 'serverPreference') serverPreference = !off;
            if (d.field === 'prioritizeChacha') prioritizeChacha = !off;
          }
          r = result(err === undefined, 'options', err);
          break;
        }
        case 'CipherString':
          if (o.cipherStringValid(c.value)) {
            cipherString = c.value;
            r = result(true, 'cipherString');
          } else r = result(false, undefined, `no cipher match for "${c.value}"`);
          break;
        case 'Ciphersuites': {
          const p = parseCiphersuites(c.value, o.opensslVersion);
          if (p.error !== undefined) r = result(false, undefined, p.error);
          else {
            ciphersuites = p.suites;
            r = result(true, 'ciphersuites', p.ignored.length > 0 ? `unknown to this OpenSSL and skipped: ${p.ignored.join(', ')}` : undefined);
          }
          break;
        }
        case 'Groups':
        case 'Curves':
          groups = c.value;
          r = result(c.value.trim() !== '', 'groups', c.value.trim() === '' ? 'empty group list' : undefined);
          break;
        case 'ECDHParameters':
          // In a file, "automatic" is accepted and does nothing (1.0.2's automatic selection).
          if (/^\+?automatic$/i.test(c.value)) r = result(true, 'other');
          else if (c.value.includes(':') || c.value.trim() === '') r = result(false, undefined, 'ECDHParameters takes one group name');
          else {
            groups = c.value;
            r = result(true, 'groups');
          }
          break;
        case 'SignatureAlgorithms':
          sigalgs = c.value;
          r = result(c.value.trim() !== '', 'sigalgs', c.value.trim() === '' ? 'empty list' : undefined);
          break;
        case 'NumTickets':
          r = /^\d+$/.test(c.value) ? result(true, 'other') : result(false, undefined, `bad number "${c.value}"`);
          break;
        default:
          r = result(c.value.trim() !== '', 'other', c.value.trim() === '' ? 'empty value' : undefined);
      }
    }
    // A successful command can carry an informational error (skipped suite names).
    const failed = !r.ok;
    out.push(r);
    if (failed) {
      failures++;
      if (stopAtError) stopped = true;
    }
  }
  const ctxFails = failures > 0 && o.diagnostics === true && rel >= 30400
    ? `${failures} command${failures > 1 ? 's' : ''} of system_default fail${failures > 1 ? '' : 's'} and config_diagnostics is on: SSL_CTX_new() fails (OpenSSL 3.4+)`
    : null;
  return {
    state: { minVersion, maxVersion, noVersions, serverPreference, prioritizeChacha, ciphersuites, cipherString, groups, sigalgs },
    commands: out, ctxFails,
  };
}
