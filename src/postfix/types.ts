/** The `mailtls config` report: plain data, rendered by src/report/config-text.ts; JSON = this. */
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
  readonly authOnly: boolean;
  readonly preferServerCiphers: boolean;
  /** TLS will not work at all (no certificate, invalid protocol list, bad exclusion, fatal level). */
  readonly broken: string | null;
  readonly certificates: readonly CertificateInfo[];
  /** Whether versions/ciphers are an exact prediction, and why not. */
  readonly prediction: { readonly exact: boolean; readonly notes: readonly string[] };
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

export interface Finding {
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
  readonly services: readonly ServiceReport[];
  readonly findings: readonly Finding[];
  readonly warnings: readonly { readonly file: string; readonly line: number | null; readonly message: string }[];
}
