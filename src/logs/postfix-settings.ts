/**
 * What a Postfix TLS setting admits, as the newest Postfix whose defaults we know would build
 * it: a protocol list (tls_proto_mask_lims(), src/tls/tls_misc.c) and a cipher grade with its
 * exclusions (tls_set_ciphers(), same file), the latter evaluated by src/openssl's cipher-string
 * engine. The one module of src/logs that reads src/postfix, and only its pure TLS-parameter
 * semantics (version.ts, protocols.ts, cipherlist.ts, defaults.ts), never the main.cf model:
 * the tightening simulation (tightening.ts) must judge `--if` values exactly as Postfix would.
 */
import { MailtlsError } from '../errors.js';
import { evaluateCipherString } from '../openssl/index.js';
import { buildCipherList, type Grade } from '../postfix/cipherlist.js';
import { defaultsFor } from '../postfix/defaults.js';
import { enabledProtocols, parseProtocolList, PROTOCOLS } from '../postfix/protocols.js';
import { NEWEST_KNOWN, parsePostfixVersion, type PostfixVersion } from '../postfix/version.js';
import { cipherCode } from './ciphers.js';

/** Postfix's grade names (postconf(5) smtpd_tls_ciphers), strongest first. */
export const POSTFIX_GRADES: readonly Grade[] = ['high', 'medium', 'low', 'export', 'null'];

const NEWEST = parsePostfixVersion(NEWEST_KNOWN) as PostfixVersion;
/** Every protocol name Postfix knows (SSLv2 to TLSv1.3). */
export const KNOWN_PROTOCOLS: readonly string[] = PROTOCOLS;

/**
 * The protocols a Postfix protocol list allows, parsed exactly as the newest Postfix does
 * (src/postfix/protocols.ts: tls_proto_mask_lims()). Every protocol counts, also those a
 * current OpenSSL lacks: old servers logged SSLv3. EUSAGE for a list Postfix rejects or one
 * that allows nothing.
 */
export function protocolsAllowedBy(value: string): Set<string> {
  if (value.trim() === '') throw new MailtlsError('EUSAGE', 'an empty protocol list allows everything; give e.g. ">=TLSv1.2"');
  const list = parseProtocolList(value, NEWEST);
  if (!list.valid) {
    const tok = list.invalidToken ?? '';
    const hint = /tlsv1\.0/i.test(tok) ? ' (Postfix spells it TLSv1)' : '';
    throw new MailtlsError('EUSAGE', `unknown protocol "${tok}" in "${value}"${hint}: Postfix ${NEWEST_KNOWN} would reject the list and disable TLS (use ${PROTOCOLS.join(', ')}, with !, >= or <=)`);
  }
  const allowed = new Set<string>(enabledProtocols(list, PROTOCOLS));
  if (allowed.size === 0) throw new MailtlsError('EUSAGE', `"${value}" allows no protocol at all`);
  return allowed;
}

/** The TLS ≤ 1.2 suites a Postfix cipher setting admits. */
export interface CipherAcceptance {
  /** The grade Postfix uses (from 3.8 "low" and "export" mean "medium"). */
  readonly grade: Grade;
  /** The string Postfix hands OpenSSL. */
  readonly cipherList: string;
  readonly postfixVersion: string;
  readonly opensslVersion: string;
  /** IANA codes of the suites in OpenSSL's resulting list (`openssl ciphers -v LIST`). */
  readonly codes: ReadonlySet<number>;
}

export interface AcceptanceOptions {
  /** Default: the newest Postfix whose defaults we know. */
  readonly postfixVersion?: string;
  /** Default: "3.0". */
  readonly opensslVersion?: string;
}

/**
 * The suites a server with Postfix's default tls_<grade>_cipherlist for `grade` plus
 * `exclusions` (smtpd_tls_exclude_ciphers) would still accept: security level 0 as Postfix
 * sets it, no certificate filter (the logged session proves the server could do the suite).
 * EUSAGE when Postfix or OpenSSL would reject the setting.
 */
export function acceptedCiphers(grade: string, exclusions: readonly string[] = [], opts: AcceptanceOptions = {}): CipherAcceptance {
  const versionText = opts.postfixVersion ?? NEWEST_KNOWN;
  const version = parsePostfixVersion(versionText) as PostfixVersion;
  const defaults = defaultsFor(version);
  const built = buildCipherList(grade, version, (g) => defaults.get(`tls_${g}_cipherlist`) ?? '', exclusions);
  if (built.cipherList === null || built.grade === null) {
    throw new MailtlsError('EUSAGE', `Postfix ${versionText} rejects this cipher setting: ${built.error ?? 'invalid'}`);
  }
  const opensslVersion = opts.opensslVersion ?? '3.0';
  const r = evaluateCipherString(built.cipherList, { opensslVersion, securityLevel: 0 });
  if (r.invalid === true) {
    throw new MailtlsError('EUSAGE', `OpenSSL ${opensslVersion} rejects the cipher list "${built.cipherList}" (${r.error ?? 'invalid'}): every TLS handshake would fail`);
  }
  return { grade: built.grade, cipherList: built.cipherList, postfixVersion: versionText, opensslVersion, codes: new Set(r.list.map((s) => s.code)) };
}

/** Whether a logged TLS ≤ 1.2 cipher is in the accepted set: `undefined` when the name is not known. */
export function accepts(a: CipherAcceptance, name: string): boolean | undefined {
  const code = cipherCode(name);
  return code === undefined ? undefined : a.codes.has(code);
}
