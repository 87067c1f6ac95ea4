/**
 * Built-in parameter defaults for a Postfix version. The data table (defaults-data.ts) comes from
 * mail_params.h of every release tag; here we pick the column for one version and fill in the
 * few defaults that depend on the build or the host rather than the release:
 *  - tls_eecdh_auto_curves / tls_ffdhe_auto_groups: Postfix >= 3.11 built with OpenSSL >= 3.5
 *    uses "?X25519MLKEM768:DEFAULT" and "" (mail_params.h, OPENSSL_VERSION_PREREQ(3,5));
 *  - myhostname / mydomain: from the host name (mail_params.c check_myhostname()).
 * When the local `postconf -d` is for the same version, its output overrides the table (it knows
 * the distribution's build-time changes, e.g. Debian's daemon_directory).
 */
import { DEFAULTS_BY_VERSION } from './defaults-data.js';
import { compareVersions, OLDEST_KNOWN, parsePostfixVersion, type PostfixVersion } from './version.js';

export interface DefaultsOptions {
  /** OpenSSL version Postfix is (assumed to be) built with, "3.0.19". */
  readonly opensslVersion?: string;
  /** Host name for $myhostname; without one we use "localhost.localdomain". */
  readonly hostname?: string;
  /** `postconf -d` output of the local Postfix, when it is the same version. */
  readonly localDefaults?: ReadonlyMap<string, string>;
}

/** Defaults of the version: name -> raw (unexpanded) default. Parameters absent in it are absent here. */
export function defaultsFor(version: PostfixVersion, opts: DefaultsOptions = {}): Map<string, string> {
  const out = new Map<string, string>();
  // Older than the table: the oldest column is the closest we know (load.ts warns).
  const oldest = parsePostfixVersion(OLDEST_KNOWN) as PostfixVersion;
  const column = compareVersions(version, oldest) < 0 ? oldest : version;
  for (const [name, entries] of Object.entries(DEFAULTS_BY_VERSION)) {
    let value: string | null = null;
    for (const [since, v] of entries) {
      const s = parsePostfixVersion(since);
      if (s && compareVersions(column, s) >= 0) value = v;
    }
    if (value !== null) out.set(name, value);
  }
  const ossl = opts.opensslVersion !== undefined ? /^(\d+)\.(\d+)/.exec(opts.opensslVersion) : null;
  const ossl35 = ossl !== null && (Number(ossl[1]) > 3 || (Number(ossl[1]) === 3 && Number(ossl[2]) >= 5));
  if (ossl35 && compareVersions(version, { major: 3, minor: 11, patch: 0, text: '3.11.0' }) >= 0) {
    out.set('tls_eecdh_auto_curves', '?X25519MLKEM768:DEFAULT');
    out.set('tls_ffdhe_auto_groups', '');
  }
  let host = opts.hostname ?? 'localhost';
  if (!host.includes('.')) host += '.localdomain';
  out.set('myhostname', host);
  out.set('mydomain', host.includes('.') ? host.slice(host.indexOf('.') + 1) : 'localdomain');
  out.set('mail_version', version.text);
  if (opts.localDefaults) for (const [k, v] of opts.localDefaults) out.set(k, v);
  return out;
}

/** Parses `postconf -d` / `postconf -n` output ("name = value" per line). */
export function parsePostconfOutput(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9_]+) =(?: (.*))?$/.exec(line);
    if (m?.[1] !== undefined) out.set(m[1], m[2] ?? '');
  }
  return out;
}
