/**
 * From a parsed Dovecot configuration to the effective TLS of each mailbox protocol, the
 * predicted wire and the plaintext view of a remote client. Pure: certificates come through an
 * injected reader.
 *
 * How Dovecot builds the server's SSL_CTX (2.3 src/lib-ssl-iostream/iostream-openssl-context.c):
 * SSL_OP_NO_SSLv2, no compression unless ssl_options has it, SSL_CTX_set_cipher_list
 * (ssl_cipher_list), SSL_CTX_set_ciphersuites (ssl_cipher_suites, when set),
 * SSL_OP_CIPHER_SERVER_PREFERENCE (ssl_prefer_server_ciphers), SSL_CTX_set_min_proto_version
 * (ssl_min_protocol), SSL_CTX_set_tmp_dh (ssl_dh; without it a DHE handshake fails in a
 * callback). Unlike Postfix it never sets the security level, so OpenSSL's default applies:
 * 1 upstream, 2 in Debian and Ubuntu (libssl3's changelog: "Compile with
 * OPENSSL_TLS_SECURITY_LEVEL=2"), unless the cipher list says @SECLEVEL=n; and at level 1 or
 * more OpenSSL 3 refuses TLS 1.0 and 1.1 (their MD5+SHA-1 signatures are below level 1: OpenSSL
 * 3.0 CHANGES, "SSL 3, TLS 1.0, TLS 1.1, and DTLS 1.0 only work at security level 0").
 *
 * Before TLS a login process hides cleartext SASL mechanisms and announces LOGINDISABLED unless
 * plaintext authentication is allowed (disable_plaintext_auth = no / auth_allow_cleartext = yes)
 * and ssl is not required; with ssl = required it offers no mechanism at all
 * (src/login-common/sasl-server.c, src/imap-login/imap-login-client.c); POP3 announces USER
 * whenever disable_plaintext_auth is off, even with ssl = required
 * (src/pop3-login/client-authenticate.c cmd_capa).
 */
import { isIP } from 'node:net';
import { evaluateCipherString, type KeyType, type TlsVersion } from '../openssl/index.js';
import { OPENSSL_DEFAULT_TLS13_SUITES } from '../openssl/server-order.js';
import type { ProtocolName } from '../wire/registry/versions.js';
import { DEFAULT_LISTENERS, MIN_PROTOCOLS, nameIn, type DovecotVersion, type Generation } from './defaults.js';
import { FILTER_TYPES, sections, type DovecotConfig, type Scope, type SettingValue } from './parse.js';
import type { DovecotCertificate, DovecotListener, DovecotLocalPrediction, DovecotProtocolReport, Origin } from './types.js';

export type CertificateReader = (setting: string, source: { path: string } | { inline: string }) => DovecotCertificate;

export interface AnalyzeOptions {
  readonly version: DovecotVersion;
  readonly generation: Generation;
  readonly defaults: ReadonlyMap<string, string>;
  readonly opensslVersion: string | null;
  /** OpenSSL's default security level on this system (Debian: 2). */
  readonly systemSecurityLevel: { readonly level: number; readonly source: string };
  readonly readCertificate: CertificateReader;
}

/** The protocols mailtls analyses; lmtp has no TLS listener of its own worth predicting. */
const MAIL_PROTOCOLS = ['imap', 'pop3', 'sieve', 'submission'];
const LOGIN_SERVICE: Readonly<Record<string, string>> = { imap: 'imap-login', pop3: 'pop3-login', sieve: 'managesieve-login', submission: 'submission-login' };
const TLS_KEYS = ['ssl', 'ssl_min_protocol', 'ssl_cipher_list', 'ssl_cipher_suites', 'ssl_prefer_server_ciphers', 'ssl_server_prefer_ciphers', 'ssl_cert', 'ssl_key', 'ssl_server_cert_file', 'ssl_server_key_file', 'disable_plaintext_auth', 'auth_allow_cleartext'];
const KEY_TYPES: Readonly<Record<string, KeyType>> = { rsa: 'RSA', ec: 'EC', dsa: 'DSA', ed25519: 'ED25519', ed448: 'ED448' };
const VERSION_ORDER: readonly ProtocolName[] = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const OPENSSL_NAME: Readonly<Record<string, TlsVersion>> = { SSLv3: 'SSLv3', 'TLSv1.0': 'TLSv1', 'TLSv1.1': 'TLSv1.1', 'TLSv1.2': 'TLSv1.2' };

/** An IPv4 or IPv6 address as bits (null: a host name, which mailtls does not resolve). */
function addressBits(a: string): { bits: bigint; width: number } | null {
  if (isIP(a) === 4) return { bits: a.split('.').reduce((n, o) => (n << 8n) | BigInt(Number(o)), 0n), width: 32 };
  if (isIP(a) !== 6) return null;
  const [head, tail] = a.includes('::') ? a.split('::') as [string, string] : [a, undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined ? [] : tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return { bits: groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n), width: 128 };
}

/** How many bits of `address` a `local NET {}` filter name matches (-1: it does not). */
export function localMatch(filterName: string, address: string): number {
  let best = -1;
  // A filter may name several networks: `local 10.0.0.1 10.0.0.2 { }`.
  for (const net of filterName.split(/[\s,]+/).filter((x) => x !== '')) {
    const [ip = '', len] = net.split('/');
    const a = addressBits(address);
    const n = addressBits(ip);
    if (a === null || n === null || a.width !== n.width) continue;
    const bits = len === undefined ? n.width : Number(len);
    if (!Number.isInteger(bits) || bits < 0 || bits > n.width) continue;
    const shift = BigInt(n.width - bits);
    if (a.bits >> shift === n.bits >> shift && bits > best) best = bits;
  }
  return best;
}

/**
 * The filters that apply to a connection of `protocol` to local address `local`, most specific
 * first, as Dovecot 2.3 orders them (src/config/config-filter.c): the more bits a `local`
 * network has, the earlier; a `protocol` filter inside a `local` one before that `local` alone;
 * then the top-level `protocol` filter; then the top level. (A setting in both a top-level
 * `protocol` filter and a matching `local` one is a conflict Dovecot refuses: see conflicts().)
 */
export function scopesFor(config: DovecotConfig, protocol: string, local?: string): Scope[] {
  const protoIn = (s: Scope) => s.children.find((c) => c.kind === 'filter' && c.type === 'protocol' && c.name.split(/\s+/).includes(protocol));
  const out: Scope[] = [];
  if (local !== undefined) {
    const locals = config.root.children
      .filter((c) => c.kind === 'filter' && c.type === 'local')
      .map((c) => ({ c, bits: localMatch(c.name, local) }))
      .filter((x) => x.bits >= 0)
      .sort((a, b) => b.bits - a.bits);
    for (const { c } of locals) {
      const p = protoIn(c);
      if (p) out.push(p);
      out.push(c);
    }
  }
  const p = protoIn(config.root);
  if (p) out.push(p);
  out.push(config.root);
  return out;
}

/** The value in force for `protocol` (on local address `local`): the most specific filter that sets it, else the top level, else the default. */
export function effective(config: DovecotConfig, opts: AnalyzeOptions, protocol: string, name23: string, local?: string): Origin {
  const name = nameIn(opts.generation, name23);
  const v = settingOf(config, protocol, name, local);
  if (v) return { value: v.fromFile !== undefined ? `<${v.value}` : v.value, file: v.file, line: v.line, setting: name, default: false };
  return { value: opts.defaults.get(name) ?? '', file: null, line: null, setting: name, default: true };
}

function settingOf(config: DovecotConfig, protocol: string, name: string, local?: string): SettingValue | undefined {
  for (const s of scopesFor(config, protocol, local)) {
    const v = s.settings.get(name);
    if (v) return v;
  }
  return undefined;
}

/**
 * Settings a top-level `protocol` filter and a matching `local` filter (without a `protocol`
 * inside) both set: doveconf and Dovecot stop with "Conflict in setting ... found from filter".
 */
function conflicts(config: DovecotConfig, protocol: string, local: string): string[] {
  const scopes = scopesFor(config, protocol, local);
  const top = scopes.find((s) => s.type === 'protocol' && s.parent === config.root);
  if (top === undefined) return [];
  const out: string[] = [];
  for (const s of scopes) {
    if (s.type !== 'local') continue;
    const inner = s.children.find((c) => c.kind === 'filter' && c.type === 'protocol' && c.name.split(/\s+/).includes(protocol));
    for (const [k, v] of s.settings) {
      if (TLS_KEYS.includes(k) && top.settings.has(k) && !inner?.settings.has(k)) out.push(`${k} is set both in protocol ${top.name} { } (${top.file}:${top.line}) and in local ${s.name} { } (${v.file}:${v.line}): Dovecot refuses to start ("Conflict in setting ${k} found from filter")`);
    }
  }
  return out;
}

const yes = (v: string) => /^(yes|y|1|true)$/i.test(v.trim());

export function enabledProtocols(config: DovecotConfig, opts: AnalyzeOptions): Origin {
  const v = config.root.settings.get('protocols');
  return v ? { value: v.value, file: v.file, line: v.line, setting: 'protocols', default: false } : { value: opts.defaults.get('protocols') ?? '', file: null, line: null, setting: 'protocols', default: true };
}

/** The inet listeners of a login service: the defaults, with what the configuration declares merged in (as doveconf shows). */
export function listenersOf(config: DovecotConfig, protocol: string): DovecotListener[] {
  const service = LOGIN_SERVICE[protocol] ?? `${protocol}-login`;
  const declared = sections(config.root, 'service').filter((s) => s.name === service).flatMap((s) => sections(s, 'inet_listener'));
  const names = [...new Set([...DEFAULT_LISTENERS.filter(([svc]) => svc === service).map(([, n]) => n), ...declared.map((d) => d.name)])];
  const out: DovecotListener[] = [];
  for (const n of names) {
    const def = DEFAULT_LISTENERS.find(([svc, ln]) => svc === service && ln === n);
    const decl = declared.filter((d) => d.name === n);
    const get = (k: string) => {
      let v: SettingValue | undefined;
      for (const d of decl) v = d.settings.get(k) ?? v;
      return v;
    };
    const port = get('port') ? Number(get('port')?.value) : (def?.[2] ?? 0);
    if (!Number.isInteger(port) || port <= 0) continue;
    const ssl = get('ssl') ? yes(get('ssl')?.value ?? '') : (def?.[3] ?? false);
    out.push({
      service, listener: n, port, address: get('address')?.value ?? '', implicitTls: ssl, haproxy: yes(get('haproxy')?.value ?? 'no'),
      file: decl[0]?.file ?? null, line: decl[0]?.line ?? null,
    });
  }
  return out;
}

function conditionalFilters(config: DovecotConfig): DovecotProtocolReport['conditional'] {
  const out: { filter: string; settings: string[]; file: string; line: number }[] = [];
  const walk = (s: Scope, path: string[]) => {
    for (const c of s.children) {
      if (c.kind !== 'filter') continue;
      const p = [...path, `${c.type} ${c.name}`];
      const keys = [...c.settings.keys()].filter((k) => TLS_KEYS.includes(k));
      const predicted = c.type === 'local' && path.length === 0 || (c.type === 'protocol' && path.length === 1 && path[0]?.startsWith('local '));
      if (!predicted && (c.type !== 'protocol' || path.length > 0)) {
        if (keys.length > 0) out.push({ filter: p.join(' { '), settings: keys, file: c.file, line: c.line });
      }
      walk(c, p);
    }
  };
  walk(config.root, []);
  return out;
}

export function analyzeProtocol(config: DovecotConfig, opts: AnalyzeOptions, protocol: string, local?: string): DovecotProtocolReport {
  const g = opts.generation;
  const notes: string[] = [];
  const ssl = effective(config, opts, protocol, 'ssl', local);
  const minProtocol = effective(config, opts, protocol, 'ssl_min_protocol', local);
  const cipherList = effective(config, opts, protocol, 'ssl_cipher_list', local);
  const cipherSuites = effective(config, opts, protocol, 'ssl_cipher_suites', local);
  const preferServerCiphers = effective(config, opts, protocol, 'ssl_prefer_server_ciphers', local);
  const cleartextAuth = effective(config, opts, protocol, 'disable_plaintext_auth', local);
  const authMechanisms = effective(config, opts, protocol, 'auth_mechanisms', local);
  const sslMode = ssl.value.trim().toLowerCase();
  const tlsOn = sslMode !== 'no';
  const tlsRequired = sslMode === 'required';

  // Certificates: 2.3 `ssl_cert = </path` (or the PEM itself), 2.4 `ssl_server_cert_file = /path`.
  const certificates: DovecotCertificate[] = [];
  for (const name23 of ['ssl_cert', 'ssl_alt_cert']) {
    const setting = nameIn(g, name23);
    const v = settingOf(config, protocol, setting, local);
    if (!v || v.value.trim() === '') continue;
    if (v.fromFile !== undefined) certificates.push(opts.readCertificate(setting, { path: v.fromFile }));
    else if (g === '2.4') certificates.push(opts.readCertificate(setting, { path: v.value.startsWith('/') ? v.value : v.value }));
    else if (v.value.includes('-----BEGIN')) certificates.push(opts.readCertificate(setting, { inline: v.value }));
    else certificates.push({ setting, path: v.value, readable: false, keyTypes: [], error: `${setting} holds "${v.value}", not "<${v.value}": Dovecot 2.3 reads it as the certificate itself` });
  }
  const keyTypes = certificates.flatMap((c) => c.keyTypes.map((k) => KEY_TYPES[k]).filter((k): k is KeyType => k !== undefined));
  const dhSetting = settingOf(config, protocol, nameIn(g, 'ssl_dh'), local);
  const dhParameters = dhSetting !== undefined && dhSetting.value.trim() !== '';

  let broken: string | null = local !== undefined ? (conflicts(config, protocol, local)[0] ?? null) : null;
  if (!tlsOn) broken = 'ssl = no';
  else if (certificates.length === 0) broken = `${nameIn(g, 'ssl_cert')} is not set: Dovecot refuses to start with ssl = ${sslMode}`;
  else if (keyTypes.length === 0) broken = certificates.map((c) => `${c.setting}: ${c.error ?? 'no usable certificate'}`).join('; ');

  // Security level: the cipher string's @SECLEVEL, else the system default (Dovecot never sets one).
  const opensslVersion = opts.opensslVersion ?? '3.0';
  const base = evaluateCipherString(cipherList.value, { opensslVersion, securityLevel: opts.systemSecurityLevel.level, keyTypes, dhParams: dhParameters });
  const securityLevel = base.securityLevel === opts.systemSecurityLevel.level && !/@SECLEVEL=/i.test(cipherList.value)
    ? opts.systemSecurityLevel
    : { level: base.securityLevel, source: `${cipherList.setting} (@SECLEVEL)` };
  if (base.invalid) broken ??= `${cipherList.setting}: OpenSSL rejects "${cipherList.value}" (${base.error ?? 'no cipher match'}): Dovecot fails every TLS handshake`;
  if (!dhParameters && base.suites.some((s) => /^DHE-|^EDH-/.test(s.openssl))) {
    notes.push(`${nameIn(g, 'ssl_dh')} is not set: a client that picks a DHE suite fails the handshake (Dovecot's DH callback has no parameters); they are left out of the prediction`);
  }
  const usable = (list: typeof base.suites) => (dhParameters ? list : list.filter((s) => !/^DHE-|^EDH-/.test(s.openssl)));

  // Versions: from ssl_min_protocol up; OpenSSL 3 at level >= 1 refuses TLS 1.0/1.1; SSLv3 is not built (Debian, OpenSSL >= 1.1.0).
  const minIdx = Math.max(0, MIN_PROTOCOLS.findIndex((p) => p.toLowerCase() === minProtocol.value.trim().toLowerCase()));
  if (MIN_PROTOCOLS.findIndex((p) => p.toLowerCase() === minProtocol.value.trim().toLowerCase()) < 0) {
    broken ??= `${minProtocol.setting} = ${minProtocol.value}: not a protocol Dovecot knows (ANY, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, LATEST): it refuses to start`;
  }
  const minName = MIN_PROTOCOLS[minIdx] ?? 'TLSv1.2';
  const fromVersion: ProtocolName = minName === 'ANY' || minName === 'SSLv3' ? 'SSLv3' : minName === 'TLSv1' ? 'TLSv1.0' : minName === 'LATEST' ? 'TLSv1.3' : minName as ProtocolName;
  const openssl3 = /^3\./.test(opensslVersion);
  const versions: ProtocolName[] = [];
  let ciphers: string[] = [];
  let cipherNames: string[] = [];
  const tls13 = cipherSuites.value.trim() === '' ? OPENSSL_DEFAULT_TLS13_SUITES.map((s) => s.name) : cipherSuites.value.split(':').map((s) => s.trim()).filter((s) => OPENSSL_DEFAULT_TLS13_SUITES.some((d) => d.name === s) || /^TLS_AES_128_CCM/.test(s));
  if (broken === null) {
    for (const v of VERSION_ORDER.slice(VERSION_ORDER.indexOf(fromVersion))) {
      if (v === 'SSLv3') continue;
      if (v === 'TLSv1.3') { if (tls13.length > 0) versions.push(v); continue; }
      if (openssl3 && securityLevel.level >= 1 && (v === 'TLSv1.0' || v === 'TLSv1.1')) continue;
      const r = evaluateCipherString(cipherList.value, { opensslVersion, securityLevel: opts.systemSecurityLevel.level, keyTypes, dhParams: dhParameters, tlsVersion: OPENSSL_NAME[v] as TlsVersion });
      if (usable(r.suites).length > 0) versions.push(v);
    }
    if (fromVersion !== 'TLSv1.0' && fromVersion !== 'SSLv3') { /* nothing below */ } else if (openssl3 && securityLevel.level >= 1) {
      notes.push(`${minProtocol.setting} = ${minProtocol.value} allows TLS 1.0 and 1.1, but OpenSSL ${opensslVersion} at security level ${securityLevel.level} (${securityLevel.source}) refuses them`);
    }
    if (versions.includes('TLSv1.2') || versions.includes('TLSv1.1') || versions.includes('TLSv1.0')) {
      const list = usable(base.suites);
      ciphers = list.map((s) => s.hex);
      cipherNames = list.map((s) => s.openssl);
    }
  }
  const serverPreference = g === '2.4' ? preferServerCiphers.value.trim() === 'server' : yes(preferServerCiphers.value);

  // The plaintext view of a remote client.
  const plaintextAllowed = g === '2.4' ? yes(cleartextAuth.value) : !yes(cleartextAuth.value);
  const mechs = authMechanisms.value.split(/[\s,]+/).filter((m) => m !== '').map((m) => m.toUpperCase());
  const sasl = tlsRequired ? [] : plaintextAllowed ? mechs : mechs.filter((m) => m !== 'PLAIN' && m !== 'LOGIN');
  const beforeTls = {
    sasl,
    loginDisabled: protocol === 'imap' ? tlsRequired || !plaintextAllowed || !mechs.includes('PLAIN') : null,
    user: protocol === 'pop3' ? plaintextAllowed : null,
  };
  if (!tls13.length && cipherSuites.value.trim() !== '') notes.push(`${cipherSuites.setting} = ${cipherSuites.value} names no TLS 1.3 suite OpenSSL knows: TLS 1.3 is off`);
  if (!opts.opensslVersion) notes.push('OpenSSL version unknown: predicted for OpenSSL 3.0');

  return {
    protocol, listeners: listenersOf(config, protocol), ssl, tlsRequired, minProtocol, cipherList, cipherSuites, preferServerCiphers, cleartextAuth, authMechanisms,
    securityLevel, certificates, dhParameters, versions, ciphers, cipherNames, tls13Ciphers: versions.includes('TLSv1.3') ? tls13 : [], serverPreference,
    beforeTls, broken, conditional: conditionalFilters(config), notes,
    locals: local !== undefined ? [] : localPredictions(config, opts, protocol),
  };
}

/**
 * A prediction per top-level `local NET { }` filter that changes TLS for this protocol: what a
 * client connecting to that address gets (the filter's first address stands for its network).
 */
function localPredictions(config: DovecotConfig, opts: AnalyzeOptions, protocol: string): DovecotLocalPrediction[] {
  const out: DovecotLocalPrediction[] = [];
  for (const f of config.root.children) {
    if (f.kind !== 'filter' || f.type !== 'local') continue;
    const inner = f.children.find((c) => c.kind === 'filter' && c.type === 'protocol' && c.name.split(/\s+/).includes(protocol));
    const keys = [...f.settings.keys(), ...(inner ? [...inner.settings.keys()] : [])].filter((k) => TLS_KEYS.includes(k) || k === 'ssl_dh' || k === 'ssl_alt_cert');
    const address = (f.name.split(/[\s,]+/)[0] ?? '').split('/')[0] ?? '';
    if (keys.length === 0 || addressBits(address) === null) continue;
    const { locals: _l, listeners: _ls, conditional: _c, ...r } = analyzeProtocol(config, opts, protocol, address);
    out.push({ filter: `local ${f.name}`, address, file: f.file, line: f.line, settings: [...new Set(keys)], ...r });
  }
  return out;
}

/** The protocols of `protocols` that mailtls analyses, in a stable order. */
export function analyzedProtocols(config: DovecotConfig, opts: AnalyzeOptions): string[] {
  const on = new Set(enabledProtocols(config, opts).value.split(/\s+/).filter((p) => p !== ''));
  return MAIL_PROTOCOLS.filter((p) => on.has(p));
}

/** Weak suites by name: what findings and the scan call weak (RC4, 3DES, NULL, export, anonymous, static RSA, MD5). */
export function weakSuites(names: readonly string[]): string[] {
  return names.filter((n) => /RC4|DES|NULL|EXP|^ADH-|^AECDH-|MD5/.test(n) || isStaticRsa(n));
}

/** OpenSSL names static-RSA suites by the cipher alone (AES128-SHA, DES-CBC3-SHA, CAMELLIA256-SHA). */
function isStaticRsa(name: string): boolean {
  return /^(AES|CAMELLIA|SEED|IDEA|ARIA|DES|RC4)/.test(name);
}

export { FILTER_TYPES };
