// Over 500 lines: one engine (parse, expand aliases, apply +/-/!/@STRENGTH in OpenSSL's order); its steps share the suite list they edit.
/**
 * OpenSSL's cipher-string engine, re-implemented without OpenSSL: given a string such as
 * Postfix's `aNULL:-aNULL:HIGH:@STRENGTH:!aNULL`, an OpenSSL version and the server's key
 * types, it predicts the TLS ≤1.2 cipher list OpenSSL builds (SSL_CTX_set_cipher_list) and the
 * suites a server can then choose, in server-preference order.
 *
 * The rules follow ssl/ssl_ciph.c (ssl_create_cipher_list, ssl_cipher_process_rulestr,
 * ssl_cipher_apply_rule, ssl_cipher_strength_sort) and the server-side filters of
 * ssl3_choose_cipher / ssl_set_masks (ssl/s3_lib.c, ssl/t1_lib.c) and
 * ssl_security_default_callback (ssl/ssl_cert.c). Pure: no process is run here.
 */
import { MailtlsError } from '../errors.js';
import type { Place } from '../errors.js';
import {
  CIPHER_ALIASES,
  CIPHER_ALIASES_102_OVERRIDES,
  CIPHER_ALIASES_111_OVERRIDES,
  DEFAULT_CIPHER_LIST_102,
  DEFAULT_CIPHER_LIST_111,
  SUITEB_PREFIXES,
} from './cipher-aliases.js';
import type { CipherAlias } from './cipher-aliases.js';
import { LEGACY_PROVIDER_ENC, OPENSSL_CIPHERS, codeHex } from './cipher-table.js';
import type { Au, CipherTls, Enc, Kx, Mac, OpensslCipher, OpensslLine } from './cipher-table.js';
import { resolveOpensslLine } from './version.js';

/** Certificate key types a server may hold. ED25519/ED448 sign TLS 1.2 handshakes as aECDSA. */
export type KeyType = 'RSA' | 'RSA-PSS' | 'EC' | 'ED25519' | 'ED448' | 'DSA';
export type TlsVersion = 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2';

export interface EvaluateOptions {
  /** "3.0", "3.0.19", "1.1.1w", "1.0.2u"... Default: "3.0". */
  readonly opensslVersion?: string;
  /** Security level before the string's own @SECLEVEL=n. Postfix sets 0 (tls_server.c). Default 0. */
  readonly securityLevel?: number;
  /**
   * Key types of the server's certificates. Omitted: no certificate filter (what
   * `openssl ciphers -s` shows). [] means no certificate at all (anonymous suites only).
   */
  readonly keyTypes?: readonly KeyType[];
  /** Only suites negotiable at this protocol version. Omitted: any version up to TLS 1.2. */
  readonly tlsVersion?: TlsVersion;
  /** OpenSSL 3: the legacy provider is loaded (brings RC4, SEED, IDEA back). Default false. */
  readonly legacyProvider?: boolean;
  /** Built with enable-weak-ssl-ciphers (3DES, RC4 from 1.1.0 on). Default false. */
  readonly weakCiphers?: boolean;
  /** Encryption algorithms this particular build lacks (Debian: no IDEA). */
  readonly disabledEnc?: readonly Enc[];
  /** Whether the server has DH parameters (Postfix always: built-in or auto). Default true. */
  readonly dhParams?: boolean;
  /** Where the string came from, for errors. */
  readonly place?: Place;
}

export interface EvaluatedSuite {
  /** IANA code, e.g. 0xC02F (join key with src/wire's registry). */
  readonly code: number;
  /** "0xC02F". */
  readonly hex: string;
  /** OpenSSL name, e.g. ECDHE-RSA-AES128-GCM-SHA256. */
  readonly openssl: string;
}

export interface CipherStringResult {
  readonly opensslLine: OpensslLine;
  /** The TLS ≤1.2 part of the SSL_CTX cipher list, in order: what `openssl ciphers` prints. */
  readonly list: EvaluatedSuite[];
  /** What a server can choose from `list` given keys, callbacks, security level and version; in list order. */
  readonly suites: EvaluatedSuite[];
  /** Security level in force after the string (the last @SECLEVEL=n, else the option). */
  readonly securityLevel: number;
  readonly warnings: string[];
  /** Words OpenSSL skipped: unknown, retired (kDH, EXPORT, RC5...) or not in this build (RC4 on 3.x). */
  readonly ignoredWords: string[];
  /** OpenSSL rejects the string (SSL_CTX_set_cipher_list fails): nothing is set. */
  readonly invalid?: boolean;
  /** OpenSSL's reason: "no cipher match" or "invalid command". */
  readonly error?: string;
}

// ---- bit masks, as OpenSSL keeps them (values are ours; only the set algebra matters) ----

const KX_BITS: Record<Kx, number> = { kRSA: 1, kDHE: 2, kECDHE: 4, kPSK: 8, kRSAPSK: 16, kDHEPSK: 32, kECDHEPSK: 64, kSRP: 128 };
const AU_BITS: Record<Au, number> = { aRSA: 1, aDSS: 2, aNULL: 4, aECDSA: 8, aPSK: 16, aSRP: 32 };
const ENC_LIST: readonly Enc[] = [
  'AES128', 'AES256', 'AES128GCM', 'AES256GCM', 'AES128CCM', 'AES256CCM', 'AES128CCM8', 'AES256CCM8',
  'CHACHA20POLY1305', 'CAMELLIA128', 'CAMELLIA256', 'ARIA128GCM', 'ARIA256GCM', '3DES', 'RC4', 'SEED', 'IDEA', 'eNULL',
];
const ENC_BITS = Object.fromEntries(ENC_LIST.map((e, i) => [e, 1 << i])) as Record<Enc, number>;
const MAC_BITS: Record<Mac, number> = { MD5: 1, SHA1: 2, SHA256: 4, SHA384: 8, AEAD: 16 };
const STRONG_NONE = 1, LOW = 2, MEDIUM = 4, HIGH = 8, FIPS = 16, NOT_DEFAULT = 32;
const STRONG_MASK = 0x1f, DEFAULT_MASK = 0x20;
const TLS_NUM: Record<CipherTls | TlsVersion, number> = { SSLv3: 0x300, TLSv1: 0x301, 'TLSv1.1': 0x302, 'TLSv1.2': 0x303 };
const STRENGTH_BITS = { HIGH, MEDIUM, LOW, STRONG_NONE, FIPS } as const;

const maskOf = <T extends string>(bits: Record<T, number>, list: readonly T[] | undefined): number =>
  (list ?? []).reduce((m, x) => m | bits[x], 0);

interface Sel {
  kx: number; au: number; enc: number; mac: number; minTls: number; strength: number; id: number;
}

interface Entry {
  readonly c: OpensslCipher;
  readonly kx: number; readonly au: number; readonly enc: number; readonly mac: number;
  readonly minTls: number; readonly strength: number;
  active: boolean;
}

type Rule = 'ADD' | 'KILL' | 'DEL' | 'ORD' | 'BUMP';

/** The CIPHER_ORDER list: an array in list order; `active` marks the enabled suites. */
class CipherOrder {
  constructor(public items: Entry[]) {}

  /** ssl_cipher_apply_rule: each suite present when the rule starts is visited once. */
  apply(sel: Partial<Sel>, rule: Rule, strengthBits = -1): void {
    const reverse = rule === 'DEL' || rule === 'BUMP';
    const snapshot = reverse ? [...this.items].reverse() : [...this.items];
    for (const e of snapshot) {
      if (strengthBits >= 0) {
        if (e.c.bits !== strengthBits) continue;
      } else if (!matches(e, sel)) continue;
      switch (rule) {
        case 'ADD':
          if (!e.active) { this.toTail(e); e.active = true; }
          break;
        case 'ORD':
          if (e.active) this.toTail(e);
          break;
        case 'DEL':
          // most recently deleted suites get the best positions for a later ADD
          if (e.active) { this.toHead(e); e.active = false; }
          break;
        case 'BUMP':
          if (e.active) this.toHead(e);
          break;
        case 'KILL':
          this.items.splice(this.items.indexOf(e), 1);
          e.active = false;
          break;
      }
    }
  }

  /** ssl_cipher_strength_sort: stable "+" moves by descending strength_bits. */
  strengthSort(): void {
    const used = new Set(this.items.filter((e) => e.active).map((e) => e.c.bits));
    for (const bits of [...used].sort((a, b) => b - a)) this.apply({}, 'ORD', bits);
  }

  private toTail(e: Entry): void {
    this.items.splice(this.items.indexOf(e), 1);
    this.items.push(e);
  }

  private toHead(e: Entry): void {
    this.items.splice(this.items.indexOf(e), 1);
    this.items.unshift(e);
  }
}

function matches(e: Entry, s: Partial<Sel>): boolean {
  if (s.id && s.id !== e.c.code) return false;
  if (s.kx && !(s.kx & e.kx)) return false;
  if (s.au && !(s.au & e.au)) return false;
  if (s.enc && !(s.enc & e.enc)) return false;
  if (s.mac && !(s.mac & e.mac)) return false;
  if (s.minTls && s.minTls !== e.minTls) return false;
  const st = s.strength ?? 0;
  if (st & STRONG_MASK && !(st & STRONG_MASK & e.strength)) return false;
  if (st & DEFAULT_MASK && !(st & DEFAULT_MASK & e.strength)) return false;
  return true;
}

/** Version-specific facts the engine needs. */
interface Flavour {
  readonly line: OpensslLine;
  readonly is102: boolean;
}

const LINE_RANK: Record<OpensslCipher['since'], number> = { '1.0.2': 0, '1.1.0': 1, '1.1.1': 2 };

function lineRank(line: OpensslLine): number {
  return line === '1.0.2' ? 0 : line === '1.1.1' ? 2 : 3;
}

/** The suites a build has compiled in and enabled (ssl_cipher_collect_ciphers + disabled masks). */
export function availableCiphers(line: OpensslLine, opts: Pick<EvaluateOptions, 'legacyProvider' | 'weakCiphers' | 'disabledEnc'> = {}): OpensslCipher[] {
  const rank = lineRank(line);
  const v3 = rank === 3;
  return OPENSSL_CIPHERS.filter((c) => {
    if (LINE_RANK[c.since] > rank) return false;
    // 1.0.2 has no max_tls: IDEA is a normal suite there, but keep the row as is.
    if (c.weak && rank > 0 && !opts.weakCiphers) return false;
    if (v3 && LEGACY_PROVIDER_ENC.includes(c.enc) && !opts.legacyProvider) return false;
    if (opts.disabledEnc?.includes(c.enc)) return false;
    return true;
  });
}

function entryOf(c: OpensslCipher, f: Flavour): Entry {
  let strength = STRENGTH_BITS[c.strength];
  if (c.fips) strength |= FIPS;
  if (c.notDefault && !f.is102) strength |= NOT_DEFAULT;
  // 1.0.2: SSL_TLSV1 is the same bit as SSL_SSLV3
  const minTls = f.is102 && c.minTls === 'TLSv1' ? TLS_NUM.SSLv3 : TLS_NUM[c.minTls];
  return {
    c, kx: KX_BITS[c.kx], au: AU_BITS[c.au], enc: ENC_BITS[c.enc], mac: MAC_BITS[c.mac], minTls, strength, active: false,
  };
}

function aliasSel(a: CipherAlias, f: Flavour): Partial<Sel> {
  const strength = (a.strength ?? []).reduce((m, s) => m | STRENGTH_BITS[s], 0) | (a.notDefault ? NOT_DEFAULT : 0);
  const minTls = a.minTls === undefined ? 0 : f.is102 && a.minTls === 'TLSv1' ? TLS_NUM.SSLv3 : TLS_NUM[a.minTls];
  return { kx: maskOf(KX_BITS, a.kx), au: maskOf(AU_BITS, a.au), enc: maskOf(ENC_BITS, a.enc), mac: maskOf(MAC_BITS, a.mac), minTls, strength };
}

function lookupAlias(word: string, f: Flavour): CipherAlias | undefined {
  const overrides = f.is102 ? CIPHER_ALIASES_102_OVERRIDES : f.line === '1.1.1' ? CIPHER_ALIASES_111_OVERRIDES : undefined;
  if (overrides && Object.prototype.hasOwnProperty.call(overrides, word)) return overrides[word] ?? undefined;
  return Object.prototype.hasOwnProperty.call(CIPHER_ALIASES, word) ? CIPHER_ALIASES[word] : undefined;
}

const isSep = (ch: string | undefined): boolean => ch === ':' || ch === ' ' || ch === ';' || ch === ',';

interface RuleState {
  order: CipherOrder;
  byName: Map<string, Entry>;
  f: Flavour;
  secLevel: number;
  warnings: string[];
  ignored: string[];
  invalid: string | undefined;
}

/** ssl_cipher_process_rulestr. Returns false when OpenSSL would fail the whole string. */
function processRuleString(str: string, st: RuleState): boolean {
  let ok = true;
  const nameChar = (ch: string | undefined): boolean =>
    ch !== undefined && (/[A-Za-z0-9.=-]/.test(ch) || (ch === '_' && !st.f.is102));
  let l = 0;
  for (;;) {
    const ch = str[l];
    if (ch === undefined) break;
    let rule: Rule | 'SPECIAL' = 'ADD';
    if (ch === '-') { rule = 'DEL'; l++; }
    else if (ch === '+') { rule = 'ORD'; l++; }
    else if (ch === '!') { rule = 'KILL'; l++; }
    else if (ch === '@') { rule = 'SPECIAL'; l++; }
    if (isSep(ch)) { l++; continue; }

    const sel: Sel = { kx: 0, au: 0, enc: 0, mac: 0, minTls: 0, strength: 0, id: 0 };
    let found = false;
    let buf = '';
    for (;;) {
      const start = l;
      while (nameChar(str[l])) l++;
      buf = str.slice(start, l);
      if (buf.length === 0) {
        // neither an operator, a separator nor a word: OpenSSL's "invalid command"
        ok = false;
        found = false;
        st.invalid ??= `invalid command at offset ${start} ("${str[start] ?? ''}")`;
        l++;
        break;
      }
      if (rule === 'SPECIAL') break;
      let multi = false;
      if (str[l] === '+') { multi = true; l++; }
      found = combine(sel, buf, st);
      if (!found || !multi) break;
    }

    if (rule === 'SPECIAL') {
      if (buf === 'STRENGTH') st.order.strengthSort();
      else if (!st.f.is102 && /^SECLEVEL=[0-9]$/.test(buf)) {
        const level = Number(buf.slice(9));
        if (level > 5) { ok = false; st.invalid ??= `invalid command "@${buf}"`; }
        else st.secLevel = level;
      } else if (buf.length > 0) {
        ok = false;
        st.invalid ??= `invalid command "@${buf}"`;
      }
      while (str[l] !== undefined && !isSep(str[l])) l++;
    } else if (found) {
      st.order.apply(sel, rule);
    } else {
      while (str[l] !== undefined && !isSep(str[l])) l++;
    }
    if (str[l] === undefined) break;
  }
  return ok;
}

/** One word of a "+" combination: intersect its masks into `sel`; false = no match (rule ignored). */
function combine(sel: Sel, word: string, st: RuleState): boolean {
  const cipher = st.byName.get(word);
  let a: Partial<Sel>;
  if (cipher) {
    a = { kx: cipher.kx, au: cipher.au, enc: cipher.enc, mac: cipher.mac, strength: cipher.strength };
    sel.id = cipher.c.code; // an explicit suite: its protocol version is not part of the pattern
  } else {
    const alias = lookupAlias(word, st.f);
    if (!alias) {
      // a misplaced DEFAULT gets its own warning (evaluateCipherString)
      if (word === 'DEFAULT') return false;
      st.ignored.push(word);
      if (RETIRED_WORDS.has(word)) return false;
      if (!KNOWN_NAMES.has(word)) {
        st.warnings.push(`unknown cipher word "${word}" ignored (OpenSSL skips words it does not know)`);
      } else {
        st.warnings.push(`"${word}" is not available in OpenSSL ${st.f.line} as configured; ignored`);
      }
      return false;
    }
    if (alias.none) return false;
    a = aliasSel(alias, st.f);
  }
  for (const k of ['kx', 'au', 'enc', 'mac'] as const) {
    const v = a[k] ?? 0;
    if (!v) continue;
    if (sel[k]) {
      sel[k] &= v;
      if (!sel[k]) return false;
    } else sel[k] = v;
  }
  const s = a.strength ?? 0;
  if (s & STRONG_MASK) {
    if (sel.strength & STRONG_MASK) {
      sel.strength &= (s & STRONG_MASK) | ~STRONG_MASK;
      if (!(sel.strength & STRONG_MASK)) return false;
    } else {
      // OpenSSL assigns here, dropping a NOT_DEFAULT bit set by an earlier word
      sel.strength = s & STRONG_MASK;
    }
  }
  if (s & DEFAULT_MASK) {
    if (sel.strength & DEFAULT_MASK) {
      sel.strength &= (s & DEFAULT_MASK) | ~DEFAULT_MASK;
      if (!(sel.strength & DEFAULT_MASK)) return false;
    } else sel.strength |= s & DEFAULT_MASK;
  }
  if (!cipher && a.minTls) {
    if (sel.minTls !== 0 && sel.minTls !== a.minTls) return false;
    sel.minTls = a.minTls;
  }
  return true;
}

const KNOWN_NAMES = new Set(OPENSSL_CIPHERS.map((c) => c.name));

/**
 * Words older OpenSSL versions knew (fixed DH/ECDH, export, single DES, Kerberos, Fortezza,
 * SSLv2) and RC5, which Postfix's own default exclusions still name (mail_params.h TLS_EXCL):
 * ignored silently rather than warned about, since they are there on purpose.
 */
const RETIRED_WORDS = new Set([
  'RC5', 'kDH', 'kDHr', 'kDHd', 'kECDH', 'kECDHr', 'kECDHe', 'aDH', 'aECDH', 'EXPORT', 'EXP', 'EXPORT40', 'EXPORT56',
  'SSLv2', 'DES', 'KRB5', 'kKRB5', 'aKRB5', 'FZA', 'kFZA', 'aFZA', 'eFZA', 'ECCdraft',
]);

/** The start ordering of ssl_create_cipher_list, before the string is applied. */
function initialOrder(entries: Entry[], f: Flavour): CipherOrder {
  // ssl_sort_cipher_list() sorts by id and ssl3_get_cipher() reads it backwards:
  // the collection starts in descending id order.
  const order = new CipherOrder([...entries].sort((a, b) => b.c.code - a.c.code));
  const enc = (...e: Enc[]): number => maskOf(ENC_BITS, e);
  if (f.is102) {
    order.apply({ kx: KX_BITS.kECDHE }, 'ADD');
    order.apply({ kx: KX_BITS.kECDHE }, 'DEL');
    order.apply({ enc: enc('AES128', 'AES256', 'AES128GCM', 'AES256GCM') }, 'ADD');
    order.apply({}, 'ADD');
    order.apply({ mac: MAC_BITS.MD5 }, 'ORD');
    order.apply({ au: AU_BITS.aNULL }, 'ORD');
    order.apply({ kx: KX_BITS.kRSA }, 'ORD');
    order.apply({ kx: KX_BITS.kPSK }, 'ORD');
    order.apply({ enc: ENC_BITS.RC4 }, 'ORD');
    order.strengthSort();
    order.apply({}, 'DEL');
    return order;
  }
  // prefer ECDHE, and ECDSA over RSA within it
  order.apply({ kx: KX_BITS.kECDHE, au: AU_BITS.aECDSA }, 'ADD');
  order.apply({ kx: KX_BITS.kECDHE }, 'ADD');
  order.apply({ kx: KX_BITS.kECDHE }, 'DEL');
  // within a strength group: GCM, then CHACHA20, then the other AES modes
  order.apply({ enc: enc('AES128GCM', 'AES256GCM') }, 'ADD');
  order.apply({ enc: ENC_BITS.CHACHA20POLY1305 }, 'ADD');
  order.apply({ enc: enc('AES128', 'AES256', 'AES128CCM', 'AES256CCM', 'AES128CCM8', 'AES256CCM8') }, 'ADD');
  order.apply({}, 'ADD');
  // MD5, anonymous, static RSA, plain PSK and RC4 to the end of their groups
  order.apply({ mac: MAC_BITS.MD5 }, 'ORD');
  order.apply({ au: AU_BITS.aNULL }, 'ORD');
  order.apply({ kx: KX_BITS.kRSA }, 'ORD');
  order.apply({ kx: KX_BITS.kPSK }, 'ORD');
  order.apply({ enc: ENC_BITS.RC4 }, 'ORD');
  order.strengthSort();
  // then, regardless of strength: (EC)DHE+AEAD > (EC)DHE > AEAD > rest, TLS 1.2 first in each
  order.apply({ minTls: TLS_NUM['TLSv1.2'] }, 'BUMP');
  order.apply({ mac: MAC_BITS.AEAD }, 'BUMP');
  order.apply({ kx: KX_BITS.kDHE | KX_BITS.kECDHE }, 'BUMP');
  order.apply({ kx: KX_BITS.kDHE | KX_BITS.kECDHE, mac: MAC_BITS.AEAD }, 'BUMP');
  order.apply({}, 'DEL');
  return order;
}

// Real lists are a few hundred characters; the cap keeps a hostile value from costing seconds.
const MAX_CIPHER_STRING = 1 << 16;

/**
 * Evaluates an OpenSSL cipher string with OpenSSL's semantics. Throws only MailtlsError
 * (EOPENSSL_VERSION for a version it does not model, ETOOLARGE for absurd input).
 */
export function evaluateCipherString(str: string, options: EvaluateOptions = {}): CipherStringResult {
  if (str.length > MAX_CIPHER_STRING) {
    throw new MailtlsError('ETOOLARGE', `cipher string of ${str.length} characters`, options.place ? { place: options.place } : {});
  }
  const resolved = resolveOpensslLine(options.opensslVersion ?? '3.0', options.place);
  const f: Flavour = { line: resolved.line, is102: resolved.line === '1.0.2' };
  const warnings = [...resolved.warnings];
  if (f.is102) warnings.push('OpenSSL 1.0.2 is modelled approximately (fixed-DH/ECDH suites and the 1.0.2 start order are not exact)');

  const entries = availableCiphers(f.line, options).map((c) => entryOf(c, f));
  const order = initialOrder(entries, f);
  const st: RuleState = {
    order, byName: new Map(entries.map((e) => [e.c.name, e])), f,
    secLevel: options.securityLevel ?? 0, warnings, ignored: [], invalid: undefined,
  };

  let rules = str;
  for (const [prefix, replacement] of SUITEB_PREFIXES) {
    if (rules.startsWith(prefix)) {
      warnings.push(`"${prefix}" replaces the whole string with "${replacement}" and restricts curves and signature algorithms to Suite B (RFC 6460)`);
      rules = replacement;
      break;
    }
  }
  let ok = true;
  if (rules.startsWith('DEFAULT')) {
    ok = processRuleString(f.is102 ? DEFAULT_CIPHER_LIST_102 : DEFAULT_CIPHER_LIST_111, st);
    rules = rules.slice(rules[7] === ':' ? 8 : 7);
  } else if (/(^|[:, ;])[-+!]?DEFAULT([:, ;]|$)/.test(rules)) {
    warnings.push('"DEFAULT" only has a meaning at the very start of a cipher string; elsewhere OpenSSL ignores it');
  }
  if (ok && rules.length > 0) ok = processRuleString(rules, st);

  const list = order.items.filter((e) => e.active);
  const base = { opensslLine: f.line, securityLevel: st.secLevel, warnings: [...new Set(warnings)], ignoredWords: [...new Set(st.ignored)] };
  if (!ok) {
    return { ...base, list: [], suites: [], invalid: true, error: st.invalid ?? 'invalid command' };
  }
  if (list.length === 0) {
    return { ...base, list: [], suites: [], invalid: true, error: 'no cipher match' };
  }
  const suites = list.filter((e) => serverCanChoose(e.c, st.secLevel, f, options));
  return { ...base, list: list.map((e) => suiteOf(e.c)), suites: suites.map((e) => suiteOf(e.c)) };
}

function suiteOf(c: OpensslCipher): EvaluatedSuite {
  return { code: c.code, hex: codeHex(c.code), openssl: c.name };
}

const PSK_KX: readonly Kx[] = ['kPSK', 'kRSAPSK', 'kDHEPSK', 'kECDHEPSK'];
const FORWARD_SECRET: readonly Kx[] = ['kDHE', 'kECDHE', 'kDHEPSK', 'kECDHEPSK'];
const LEVEL_BITS = [0, 80, 112, 128, 192, 256] as const;

/**
 * Whether a server can pick this suite: ssl3_choose_cipher skips PSK suites without a PSK
 * server callback and SRP suites without SRP (Postfix sets neither), suites whose key
 * exchange or authentication the certificates cannot do (ssl_set_masks), suites outside the
 * protocol version, and those the security level forbids (ssl_security_default_callback).
 */
export function serverCanChoose(c: OpensslCipher, securityLevel: number, f: { line: OpensslLine }, options: EvaluateOptions): boolean {
  if (PSK_KX.includes(c.kx) || c.kx === 'kSRP') return false;
  if (options.tlsVersion !== undefined) {
    const v = TLS_NUM[options.tlsVersion];
    if (v < TLS_NUM[c.minTls] || v > TLS_NUM[c.maxTls ?? 'TLSv1.2']) return false;
  }
  if (options.keyTypes !== undefined) {
    const keys = new Set(options.keyTypes);
    const kOk = c.kx === 'kECDHE' || (c.kx === 'kDHE' && options.dhParams !== false) || (c.kx === 'kRSA' && keys.has('RSA'));
    const tls12Only = options.tlsVersion === undefined || options.tlsVersion === 'TLSv1.2';
    const aOk =
      c.au === 'aNULL' ||
      (c.au === 'aRSA' && (keys.has('RSA') || (keys.has('RSA-PSS') && tls12Only))) ||
      (c.au === 'aDSS' && keys.has('DSA')) ||
      (c.au === 'aECDSA' && (keys.has('EC') || ((keys.has('ED25519') || keys.has('ED448')) && tls12Only)));
    if (!kOk || !aOk) return false;
  }
  if (f.line !== '1.0.2' && securityLevel > 0) {
    const minBits = LEVEL_BITS[Math.min(securityLevel, 5)] ?? 256;
    if (c.bits < minBits) return false;
    if (c.au === 'aNULL') return false;
    if (c.mac === 'MD5') return false;
    if (minBits > 160 && c.mac === 'SHA1') return false;
    if (securityLevel >= 2 && c.enc === 'RC4') return false;
    if (securityLevel >= 3 && !FORWARD_SECRET.includes(c.kx)) return false;
  }
  return true;
}
