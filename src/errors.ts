/**
 * The one registry of error codes (STYLE-ANCHORS practice 9, after nodemailer's ERROR_CODES).
 * Every error mailtls raises carries one of these codes and, where it has one, the place it
 * concerns: a host:port, a file:line, a lab instance. Codes are stable: scripts and JSON
 * consumers rely on them, so add new ones, never rename.
 */
export const ERROR_CODES = {
  // usage and environment
  EUSAGE: 'the command line is not valid',
  ENOTROOT: 'this needs root privileges',
  ENOPOSTFIX: 'Postfix is not installed',
  ENOOPENSSL: 'the openssl command is not installed',
  EIO: 'a file could not be read or written',
  // lab
  ELAB_EXISTS: 'a lab instance with that name exists already',
  ELAB_NOTFOUND: 'no lab instance has that name',
  ELAB_PORT: 'a port the lab instance needs is in use',
  ELAB_CONFIG: 'Postfix rejected the lab instance configuration',
  ELAB_START: 'the lab instance did not start or did not answer',
  // byte codec (wire)
  ETRUNCATED: 'a message ended before a field it announces',
  ELENGTH: 'a length field is inconsistent with the data',
  ETOOLARGE: 'a message or line exceeds its allowed size',
  EDECODE: 'a message could not be decoded',
  // network, SMTP and TLS
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the peer reset the connection',
  ETIMEOUT: 'the peer did not answer in time',
  ENETWORK: 'a network error occurred',
  ENOTALLOWED: 'that address is not allowed as a target',
  ESMTP_REPLY: 'the SMTP server answered with an error',
  ESMTP_421: 'the SMTP server is closing the connection (421)',
  ESMTP_PROTOCOL: 'the SMTP server broke the protocol',
  ENOSTARTTLS: 'the SMTP server does not offer STARTTLS',
  ETLS_ALERT: 'the TLS peer sent an alert',
  ETLS_PROTOCOL: 'the TLS peer broke the protocol',
  // Postfix configuration
  ECONFIG_PARSE: 'a Postfix configuration file could not be parsed',
  ECONFIG_VALUE: 'a Postfix parameter has an invalid value',
  ECONFIG_NOTFOUND: 'the Postfix configuration directory or main.cf does not exist or cannot be read',
  // logs
  ELOG_READ: 'a log file could not be read completely',
  // OpenSSL model (src/openssl)
  EOPENSSL_VERSION: 'the OpenSSL version is not one mailtls models',
  EOPENSSL_CONF: 'an OpenSSL configuration file could not be read',
  ELOG_GZIP: 'a compressed log is truncated or corrupt; the lines before the damage were read',
  ELOG_BINARY: 'a log line holds binary data or invalid UTF-8 and was skipped',
  ELOG_LONG_LINE: 'a log line exceeds the maximum line length and was skipped',
  ELOG_ORDER: 'log files could not be put in chronological order with certainty',
  // policy profiles (src/policy)
  EPROFILE: 'a policy profile table is inconsistent (a suite name the registry lacks, a role without a rule)',
  // DNS (src/dns) and the domain check (src/check)
  EDNS_TIMEOUT: 'the DNS server did not answer in time',
  EDNS_MALFORMED: 'a DNS answer could not be decoded or does not answer the question asked',
  EDNS_NORESOLVER: 'no DNS resolver is configured (no --resolver and no nameserver in /etc/resolv.conf)',
  EDNS_LOOKUP: 'a DNS lookup failed (SERVFAIL, REFUSED or another error code)',
  EMTASTS_FETCH: 'the MTA-STS policy could not be fetched over HTTPS',
  EMTASTS_CERT: 'the MTA-STS policy host presented a certificate that does not validate',
  EMTASTS_REDIRECT: 'the MTA-STS policy host answered with a redirect, which RFC 8461 forbids',
  EMTASTS_TOOLARGE: 'the MTA-STS policy is larger than the 64 KB a sender reads',
  EMTASTS_HTTP: 'the MTA-STS policy host answered with a status other than 200 or a wrong content type',
  ELAB_DNS: 'the lab DNS stack could not be set up or started',
  // mailbox protocols (src/mailbox: IMAP, POP3, ManageSieve)
  EMAILBOX_REFUSED: 'the IMAP, POP3 or ManageSieve server refused the session (BYE, -ERR or NO greeting)',
  EMAILBOX_REPLY: 'the IMAP, POP3 or ManageSieve server answered a command with an error',
  EMAILBOX_PROTOCOL: 'the IMAP, POP3 or ManageSieve server broke the protocol',
  // Dovecot configuration (src/dovecot) and the Dovecot lab
  EDOVECOT_NOTFOUND: 'the Dovecot configuration directory or dovecot.conf does not exist or cannot be read',
  EDOVECOT_PARSE: 'a Dovecot configuration line could not be parsed',
  EDOVECOT_INCLUDE: 'a Dovecot !include could not be read',
  ENODOVECOT: 'Dovecot is not installed',
  ELAB_DOVECOT_CONFIG: 'Dovecot rejected the lab instance configuration',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where an error happened: a network peer, a file position, or a named thing. */
export interface Place {
  readonly host?: string;
  readonly port?: number;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly name?: string;
}

export function formatPlace(place: Place | undefined): string {
  if (!place) return '';
  if (place.file !== undefined) {
    return place.line !== undefined ? `${place.file}:${place.line}${place.column !== undefined ? `:${place.column}` : ''}` : place.file;
  }
  if (place.host !== undefined) {
    const host = place.host.includes(':') ? `[${place.host}]` : place.host;
    return place.port !== undefined ? `${host}:${place.port}` : host;
  }
  return place.name ?? '';
}

export class MailtlsError extends Error {
  readonly code: ErrorCode;
  readonly place: Place | undefined;

  constructor(code: ErrorCode, message: string, options: { place?: Place; cause?: unknown } = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'MailtlsError';
    this.code = code;
    this.place = options.place;
  }

  /** One line for a terminal: `code place: message`. */
  toLine(): string {
    const where = formatPlace(this.place);
    return `${this.code}${where ? ` ${where}` : ''}: ${this.message}`;
  }

  toJSON(): { code: ErrorCode; message: string; place?: Place } {
    return { code: this.code, message: this.message, ...(this.place ? { place: this.place } : {}) };
  }
}

/** Wraps anything thrown into a MailtlsError, keeping coded errors as they are. */
export function toMailtlsError(err: unknown, fallback: ErrorCode = 'EIO', place?: Place): MailtlsError {
  if (err instanceof MailtlsError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const code: ErrorCode =
    e?.code === 'ECONNREFUSED' ? 'ECONNREFUSED'
    : e?.code === 'ECONNRESET' || e?.code === 'EPIPE' ? 'ECONNRESET'
    : e?.code === 'ETIMEDOUT' ? 'ETIMEOUT'
    : e?.code === 'EHOSTUNREACH' || e?.code === 'ENETUNREACH' || e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN' ? 'ENETWORK'
    : fallback;
  const message = err instanceof Error ? err.message : String(err);
  return new MailtlsError(code, message, { ...(place ? { place } : {}), cause: err });
}
