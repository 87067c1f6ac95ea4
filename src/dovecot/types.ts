/** The `dovecot` part of the `mailtls config` report: plain data (JSON = this), rendered by src/report/dovecot-text.ts. */
import type { Finding as BaseFinding } from '../finding.js';
import type { Severity } from '../severity.js';
import type { ProtocolName } from '../wire/registry/versions.js';

/** Where a value comes from: a file:line, or Dovecot's default for the version. */
export interface Origin {
  readonly value: string;
  readonly file: string | null;
  readonly line: number | null;
  /** The setting's name as written (2.3 or 2.4 spelling). */
  readonly setting: string;
  readonly default: boolean;
}

export interface DovecotListener {
  readonly service: string;
  readonly listener: string;
  readonly port: number;
  readonly address: string;
  /** inet_listener { ssl = yes }: TLS from the first byte (993, 995). */
  readonly implicitTls: boolean;
  readonly haproxy: boolean;
  /** Where it is declared; null for a default listener nobody mentioned. */
  readonly file: string | null;
  readonly line: number | null;
}

export interface DovecotCertificate {
  readonly setting: string;
  readonly path: string | null;
  readonly readable: boolean;
  readonly keyTypes: readonly string[];
  readonly subject?: string;
  readonly notAfter?: string;
  readonly error?: string;
}

/** The effective TLS of one protocol (imap, pop3, sieve, submission) and what a remote client sees before TLS. */
export interface DovecotProtocolReport {
  readonly protocol: string;
  readonly listeners: readonly DovecotListener[];
  readonly ssl: Origin;
  /** ssl = required: no authentication before TLS at all. */
  readonly tlsRequired: boolean;
  readonly minProtocol: Origin;
  readonly cipherList: Origin;
  readonly cipherSuites: Origin;
  readonly preferServerCiphers: Origin;
  readonly cleartextAuth: Origin;
  readonly authMechanisms: Origin;
  /** The security level OpenSSL applies (the string's @SECLEVEL, else the system's default). */
  readonly securityLevel: { readonly level: number; readonly source: string };
  readonly certificates: readonly DovecotCertificate[];
  readonly dhParameters: boolean;
  /** Predicted wire: TLS versions offered, TLS ≤1.2 suites ("0xC02F"), their OpenSSL names, TLS 1.3 suites. */
  readonly versions: readonly ProtocolName[];
  readonly ciphers: readonly string[];
  readonly cipherNames: readonly string[];
  readonly tls13Ciphers: readonly string[];
  readonly serverPreference: boolean;
  /** Predicted plaintext view of a remote client (not on the server's own address). */
  readonly beforeTls: {
    readonly sasl: readonly string[];
    /** IMAP: LOGINDISABLED announced; null elsewhere. */
    readonly loginDisabled: boolean | null;
    /** POP3: USER announced; null elsewhere. */
    readonly user: boolean | null;
  };
  /** TLS cannot work (no certificate, invalid cipher list, ...). */
  readonly broken: string | null;
  /** local/remote/local_name blocks that change TLS settings for some connections only (not predicted). */
  readonly conditional: readonly { readonly filter: string; readonly settings: readonly string[]; readonly file: string; readonly line: number }[];
  readonly notes: readonly string[];
  /** What connections to the address of each `local NET { }` filter that changes TLS get (Dovecot's most specific filter wins). */
  readonly locals: readonly DovecotLocalPrediction[];
}

/** The prediction for connections to one `local` filter's address. */
export type DovecotLocalPrediction = Omit<DovecotProtocolReport, 'locals' | 'listeners' | 'conditional'> & {
  readonly filter: string;
  readonly address: string;
  readonly file: string;
  readonly line: number;
  /** The TLS settings the filter (or a protocol filter inside it) sets. */
  readonly settings: readonly string[];
};

/**
 * A Dovecot finding: the one finding shape (src/finding.ts: title by id, place = file, line and
 * protocol as the service) plus the fields the JSON always had (file, line, protocol, fixFile).
 */
export interface DovecotFinding extends BaseFinding {
  readonly id: string;
  readonly severity: Severity;
  readonly file: string | null;
  readonly line: number | null;
  readonly protocol?: string;
  readonly message: string;
  /** The line to write (doveconf -n style), or null. */
  readonly fix: string | null;
  /** Where to write it: the file that sets it now, else conf.d/10-ssl.conf / 10-auth.conf. */
  readonly fixFile?: string;
}

export interface DovecotReport {
  readonly configDir: string;
  readonly entry: string;
  readonly dovecotVersion: string;
  readonly dovecotVersionSource: 'option' | 'dovecot --version' | 'newest-known';
  readonly generation: '2.3' | '2.4';
  readonly opensslVersion: string | null;
  readonly files: readonly string[];
  readonly protocols: Origin;
  readonly services: readonly DovecotProtocolReport[];
  readonly findings: readonly DovecotFinding[];
  readonly warnings: readonly { readonly code: string; readonly file: string; readonly line: number | null; readonly message: string }[];
}
