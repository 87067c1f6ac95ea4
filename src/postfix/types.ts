/** The `mailtls config` report: plain data, rendered by src/report/config-text.ts; JSON = this. */
import type { Finding as BaseFinding } from '../finding.js';
import type { Severity } from '../severity.js';
import type { Protocol } from './protocols.js';

export type Role = 'server' | 'postscreen' | 'tlsproxy' | 'client';

export interface CertificateInfo {
  /** The parameter that names the file (smtpd_tls_chain_files, smtpd_tls_cert_file, ...). */
  readonly parameter: string;
  /** The file, or for chain files all of them, comma-separated. */
  readonly path: string;
  readonly readable: boolean;
  /** Leaf key types found: rsa, ec, ed25519, ed448, dsa. */
  readonly keyTypes: readonly string[];
  /** Unreadable here: the key types the prediction assumes (from the parameter or file name, else rsa). */
  readonly assumedKeyTypes?: readonly string[];
  readonly subject?: string;
  readonly notAfter?: string;
  readonly error?: string;
}

export interface ServiceTls {
  /** Server: none | may | encrypt. Client: none | may | encrypt | fingerprint | verify | secure | dane | dane-only. */
  readonly level: string;
  /** Where the level comes from (a parameter, or wrapper mode). */
  readonly levelParameter: string;
  readonly wrapper: boolean;
  /** The parameter whose protocol list is in force, or null when TLS is off. */
  readonly protocolsParameter: string | null;
  readonly protocols: string | null;
  /** TLS versions the service will accept (server) or offer (client), predicted. */
  readonly versions: readonly Protocol[];
  readonly cipherGrade: string | null;
  readonly cipherGradeParameter: string | null;
  /** Exclusion parameters applied, with their values, plus implicit ones (aNULL, eNULL). */
  readonly exclusions: readonly { readonly parameter: string; readonly value: string }[];
  /** The OpenSSL cipher string Postfix builds, or null (TLS off, or Postfix fails to build one). */
  readonly cipherList: string | null;
  /** TLS 1.2 and older suites offered, in OpenSSL's order, as "0xC02F"; null when unknown. */
  readonly ciphers: readonly string[] | null;
  /** The same suites by OpenSSL name. */
  readonly cipherNames: readonly string[] | null;
  /**
   * TLS 1.3 suites offered, in OpenSSL's order, as "0x1302": OpenSSL's default list unless a
   * Ciphersuites directive of its configuration reaches the daemon (Postfix itself never sets
   * them); [] when TLS 1.3 is not offered; null when unknown (OpenSSL version unknown).
   */
  readonly tls13Ciphers: readonly string[] | null;
  /** The same suites by name ("TLS_AES_256_GCM_SHA384"). */
  readonly tls13CipherNames: readonly string[] | null;
  /** OpenSSL's own configuration as this daemon gets it; null when TLS is off. */
  readonly system: SystemTls | null;
  readonly authOnly: boolean;
  readonly preferServerCiphers: boolean;
  /** TLS will not work at all (no certificate, invalid protocol list, bad exclusion, fatal level). */
  readonly broken: string | null;
  readonly certificates: readonly CertificateInfo[];
  /** Whether versions/ciphers are an exact prediction, and why not. */
  readonly prediction: { readonly exact: boolean; readonly notes: readonly string[] };
}

/** One SSL_CONF command of the system_default section, and what it does to this service. */
export interface SystemDirective {
  readonly file: string;
  readonly line: number;
  readonly section: string;
  /** As written: "TLS.MinProtocol = TLSv1.2". */
  readonly directive: string;
  /** The command OpenSSL runs ("MinProtocol"). */
  readonly command: string;
  readonly value: string;
  /**
   * applies: it reaches the SSL_CTX; overridden: Postfix's own call replaces it; rejected:
   * OpenSSL refuses it (unknown command, bad value); skipped: OpenSSL 1.1.1 stopped before it.
   */
  readonly status: 'applies' | 'overridden' | 'rejected' | 'skipped';
  /** What of the prediction it changes (checked: predicted with and without it). */
  readonly changes: readonly ('versions' | 'tls13Ciphers' | 'serverOrder' | 'tls')[];
  /** changes is not empty: this line decides part of the wire. */
  readonly decides: boolean;
  /** One line: what it does here. */
  readonly effect: string;
}

/** Which OpenSSL configuration a daemon reads, and what of it reaches the wire. */
export interface SystemTls {
  /** The file OpenSSL reads for this daemon, or null when none. */
  readonly file: string | null;
  /**
   * tls_config_file: Postfix names it; OPENSSL_CONF: the variable, passed by import_environment;
   * OPENSSLDIR: OpenSSL's default (openssl version -d); option: --openssl-conf; none: no file is
   * loaded (tls_config_file = none, OpenSSL < 1.1.1, or TLS is disabled first); unknown: not read.
   */
  readonly how: 'tls_config_file' | 'OPENSSL_CONF' | 'OPENSSLDIR' | 'option' | 'none' | 'unknown';
  /** Why that file, with the parameter and its file:line. */
  readonly source: string;
  /** Every file read (the file and what it includes), in reading order. */
  readonly files: readonly string[];
  /** The application name (tls_config_name), or null for openssl_conf. */
  readonly appName: string | null;
  /** The system_default section, or null when there is none. */
  readonly section: string | null;
  /** OpenSSL uses the file (it exists and parses). */
  readonly loaded: boolean;
  /** Why OpenSSL uses none of it, or why its loading fails. */
  readonly error: { readonly file: string; readonly line: number; readonly message: string } | null;
  /** Every command of system_default, in the order OpenSSL runs them. */
  readonly directives: readonly SystemDirective[];
  readonly notes: readonly string[];
}

/** Where OpenSSL's default configuration file is for the daemons. */
export interface OpensslConfigSummary {
  readonly defaultFile: string | null;
  readonly how: 'OPENSSL_CONF' | 'OPENSSLDIR' | 'option' | 'unknown';
  readonly detail: string;
  readonly notes: readonly string[];
}

export interface ServiceReport {
  readonly name: string;
  readonly type: string;
  readonly command: string;
  readonly role: Role;
  /** TCP port for inet services (and the postscreen port for its smtpd pass service). */
  readonly port: number | null;
  readonly listen: string;
  readonly file: string;
  readonly line: number;
  /** Every TLS parameter as this service sees it, fully expanded (postconf -x -o ... -h NAME). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly overrides: readonly { readonly name: string; readonly value: string; readonly line: number }[];
  readonly tls: ServiceTls;
}

/**
 * A configuration finding: the one finding shape (src/finding.ts: title by id, place = file, line
 * and service) plus the fields the JSON always had (file, line, service, fixReason).
 */
export interface Finding extends BaseFinding {
  readonly id: string;
  readonly severity: Severity;
  readonly file: string;
  readonly line: number | null;
  /** The service it concerns, "name/type", when it is about one. */
  readonly service?: string;
  readonly message: string;
  /** One shell command that repairs it (postconf -e / -P / -X / -PX), or null. */
  readonly fix: string | null;
  /** One line: why the fix. */
  readonly fixReason?: string;
}

export interface ConfigReport {
  readonly postfixVersion: string;
  readonly postfixVersionSource: 'option' | 'postconf' | 'newest-known';
  readonly opensslVersion: string | null;
  readonly opensslVersionSource: 'option' | 'local' | 'unknown';
  readonly configDir: string;
  readonly defaultsSource: 'postconf -d' | 'table';
  /** OpenSSL's default configuration file as the daemons find it (null: not read). */
  readonly opensslConfig: OpensslConfigSummary | null;
  readonly services: readonly ServiceReport[];
  readonly findings: readonly Finding[];
  readonly warnings: readonly { readonly file: string; readonly line: number | null; readonly message: string }[];
}
