/**
 * What a Postfix lab instance puts over a user's main.cf and master.cf, as data: its own
 * directories and log, loopback ports and addresses, the lab's certificates where the
 * configured files are not on this machine, SASL off Dovecot, no DNS lookups to the machine's
 * resolver, and (master-rewrite.ts) chroot off and the internal services it lacks. Pure: the
 * configuration texts and the instance's paths in, the two files' new texts and the list of
 * changes out; whether a file exists is asked of the injected `exists`. instance.ts writes them.
 */
import { expandValue } from '../postfix/expand.js';
import type { LabCerts } from './certs.js';
import { mainValues, overlayMainCf } from './main-overlay.js';
import { rewriteMasterCf, type LabService } from './master-rewrite.js';

export const OVERLAY_HEADER = '# --- mailtls lab: settings an isolated loopback instance needs (put over the configuration above) ---';

/** Certificate parameters whose files must exist for smtpd to offer TLS (postconf(5)). */
const CERT_PARAMS: Readonly<Record<string, 'rsa-cert' | 'rsa-key' | 'ec-cert' | 'ec-key' | 'chain' | 'drop'>> = {
  smtpd_tls_cert_file: 'rsa-cert', smtpd_tls_key_file: 'rsa-key',
  smtpd_tls_eccert_file: 'ec-cert', smtpd_tls_eckey_file: 'ec-key',
  smtpd_tls_dcert_file: 'drop', smtpd_tls_dkey_file: 'drop',
  smtpd_tls_chain_files: 'chain', smtpd_tls_CAfile: 'drop', smtpd_tls_CApath: 'drop',
  smtp_tls_CAfile: 'drop', smtp_tls_CApath: 'drop', smtp_tls_cert_file: 'drop', smtp_tls_key_file: 'drop',
  smtp_tls_chain_files: 'drop',
};

/** The files and directories of one instance (instance.ts makes them). */
export interface LabPaths {
  readonly dir: string;
  /** config_directory: the copy of the user's directory, where main.cf and master.cf go. */
  readonly etc: string;
  readonly queue: string;
  readonly data: string;
  readonly logFile: string;
}

export interface OverlayInput {
  readonly mainText: string;
  readonly masterText: string;
  /** The user's file names, for the changes list ("main.cf" when the text was given). */
  readonly mainLabel: string;
  readonly masterLabel: string;
  /** main.cf parameters set on top, as `postconf -e` would (--set). */
  readonly settings: Readonly<Record<string, string>>;
  /** Loopback addresses the inet services listen on (at least one). */
  readonly addresses: readonly string[];
  /** The port of the n-th inet service (labInetCount of them). */
  readonly ports: readonly number[];
  /** Set when the instance has its own resolver (the lab DNS stack): lookups stay on then. */
  readonly resolvConf?: string;
  readonly paths: LabPaths;
  readonly certs: LabCerts;
  /** Key and certificate in one file each, for a certificate option whose key option is left to its default. */
  readonly combined: { readonly rsa: string; readonly ecdsa: string };
  /** Whether a file exists on this machine (a user's /etc/letsencrypt/... may not). */
  readonly exists: (path: string) => boolean;
}

export interface PostfixOverlay {
  readonly mainCf: string;
  readonly masterCf: string;
  readonly services: LabService[];
  /** Every setting put over the user's configuration, with the file:line it replaced: main.cf's, then master.cf's. */
  readonly changes: string[];
  /** The mail_owner that must own data_directory. */
  readonly mailOwner: string;
}

/** main.cf's values with --set applied: what the instance's daemons will see. */
export function effectiveMainValues(mainText: string, settings: Readonly<Record<string, string>>): Map<string, string> {
  const values = mainValues(mainText);
  for (const [k, v] of Object.entries(settings)) values.set(k, v);
  return values;
}

/** How many inet services master.cf has, so that the caller can pick as many ports. */
export function labInetCount(masterText: string, addresses: readonly string[]): number {
  return rewriteMasterCf(masterText, { portFor: () => 0, mainWrapperMode: false, mainSecurityLevel: '', addresses }).services.length;
}

/** Absolute paths into the user's configuration directory, pointed at the instance's copy of it. */
export function redirectPaths(text: string, userDir: string, etc: string): string {
  return text.split(`${userDir}/`).join(`${etc}/`);
}

export function postfixOverlay(input: OverlayInput): PostfixOverlay {
  const values = effectiveMainValues(input.mainText, input.settings);
  const certFor = certReplacer(input, values);
  const master = rewriteMasterCf(input.masterText, {
    portFor: (i) => input.ports[i] ?? 0,
    mainWrapperMode: values.get('smtpd_tls_wrappermode') === 'yes',
    mainSecurityLevel: legacyAwareLevel(values),
    fileLabel: input.masterLabel,
    addresses: input.addresses,
    certFor,
  });
  const main = overlayMainCf(input.mainText, mainOverlay(input, values, certFor), OVERLAY_HEADER, input.mainLabel);
  return {
    mainCf: main.text, masterCf: master.text, services: master.services,
    changes: [...main.changes, ...master.changes], mailOwner: values.get('mail_owner') ?? 'postfix',
  };
}

type CertFor = (param: string, value: string) => string | null;

/** A certificate the machine does not have (a user's /etc/letsencrypt/...): the lab's in its place. */
function certReplacer(input: OverlayInput, values: ReadonlyMap<string, string>): CertFor {
  const { certs, combined, paths } = input;
  const chain = labChain(certs);
  return (param, v) => {
    const kind = CERT_PARAMS[param];
    if (kind === undefined || v === '' || v === 'none') return null;
    // `$config_directory/tls/key.pem` names a file in the lab's copy, which has what the
    // user's directory had: expand the simple $names as Postfix would (mail_params.c).
    const x = expandValue(v, (n) => (n === 'config_directory' ? paths.etc : values.get(n)));
    if (x.errors.length > 0 || x.undefinedNames.length > 0) return null;
    const files = x.value.split(/[\s,]+/).filter((f) => f !== '');
    if (files.every((f) => input.exists(f))) return null;
    return { 'rsa-cert': combined.rsa, 'rsa-key': certs.rsa.key, 'ec-cert': combined.ecdsa, 'ec-key': certs.ecdsa.key, chain, drop: '' }[kind];
  };
}

function labChain(certs: LabCerts): string {
  return `${certs.rsa.key}, ${certs.rsa.cert}, ${certs.ecdsa.key}, ${certs.ecdsa.cert}`;
}

/** The main.cf settings an isolated instance needs, over whatever the user wrote; --set first. */
function mainOverlay(input: OverlayInput, values: ReadonlyMap<string, string>, certFor: CertFor): Map<string, string> {
  const { paths } = input;
  const overlay = new Map<string, string>(Object.entries(input.settings));
  const hasCert = ['smtpd_tls_cert_file', 'smtpd_tls_eccert_file', 'smtpd_tls_dcert_file', 'smtpd_tls_chain_files'].some((p) => (values.get(p) ?? '') !== '');
  if (!hasCert) overlay.set('smtpd_tls_chain_files', labChain(input.certs));
  for (const param of Object.keys(CERT_PARAMS)) {
    const repl = certFor(param, values.get(param) ?? '');
    if (repl !== null) overlay.set(param, repl);
  }
  // A replaced certificate needs the lab's key beside it, whatever key file main.cf names
  // (the user's own key would not match the lab's certificate).
  if (overlay.has('smtpd_tls_cert_file') && !overlay.has('smtpd_tls_key_file')) overlay.set('smtpd_tls_key_file', input.certs.rsa.key);
  if (overlay.has('smtpd_tls_eccert_file') && !overlay.has('smtpd_tls_eckey_file')) overlay.set('smtpd_tls_eckey_file', input.certs.ecdsa.key);
  // As master-rewrite.ts does for -o overrides: no Dovecot auth socket in a lab.
  if (values.get('smtpd_sasl_type') === 'dovecot') {
    overlay.set('smtpd_sasl_type', 'cyrus');
    overlay.set('smtpd_sasl_path', 'smtpd');
  }
  overlay.set('queue_directory', paths.queue);
  overlay.set('data_directory', paths.data);
  overlay.set('maillog_file', paths.logFile);
  overlay.set('maillog_file_prefixes', paths.dir);
  // 127.0.0.1 even for instances on other loopback addresses: Postfix accepts there only addresses
  // configured on an interface; master.cf binds the others (master-rewrite.ts).
  overlay.set('inet_interfaces', '127.0.0.1');
  overlay.set('inet_protocols', 'ipv4');
  // No DNS to the machine's resolver from a lab (only loopback is ours to use): smtpd's
  // reverse lookup of every loopback client (127.0.9.1 is in no hosts file; a resolver that
  // does not answer stalls each new session for its timeout) and postscreen's DNSBL queries.
  // A lab with its own resolv.conf (the DNS stack on loopback) keeps both.
  if (input.resolvConf === undefined) {
    overlay.set('smtpd_peername_lookup', 'no');
    if ((values.get('postscreen_dnsbl_sites') ?? '') !== '') overlay.set('postscreen_dnsbl_sites', '');
  }
  return overlay;
}

/**
 * The main.cf server TLS level, for labelling services: smtpd_tls_security_level, or when it is
 * empty the deprecated smtpd_enforce_tls / smtpd_use_tls (src/smtpd/smtpd.c, pre-2.3 style).
 */
function legacyAwareLevel(values: ReadonlyMap<string, string>): string {
  const level = values.get('smtpd_tls_security_level') ?? '';
  if (level !== '') return level;
  if (values.get('smtpd_enforce_tls') === 'yes') return 'encrypt';
  return values.get('smtpd_use_tls') === 'yes' ? 'may' : '';
}
