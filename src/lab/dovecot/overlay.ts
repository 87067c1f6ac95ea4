/**
 * What a Dovecot lab instance puts over a configuration, as data: the global settings that keep
 * its files and sockets inside the instance, certificate/key/DH lines pointed at the lab's
 * files where the configured ones are not on this machine, and every inet listener moved to
 * the lab's address and port. Pure: instance.ts reads and writes the files and runs doveconf.
 */
import { join } from 'node:path';
import type { LabCerts } from '../certs.js';
import type { DoveconfListener } from './dovecot-cmd.js';

/** Settings that name certificate, key and DH files, by Dovecot generation, and the lab file that replaces a missing one. */
const FILE_SETTINGS: readonly { readonly name: string; readonly kind: 'rsa-cert' | 'rsa-key' | 'ec-cert' | 'ec-key' | 'dh' }[] = [
  { name: 'ssl_cert', kind: 'rsa-cert' }, { name: 'ssl_key', kind: 'rsa-key' },
  { name: 'ssl_alt_cert', kind: 'ec-cert' }, { name: 'ssl_alt_key', kind: 'ec-key' }, { name: 'ssl_dh', kind: 'dh' },
  { name: 'ssl_server_cert_file', kind: 'rsa-cert' }, { name: 'ssl_server_key_file', kind: 'rsa-key' },
  { name: 'ssl_server_alt_cert_file', kind: 'ec-cert' }, { name: 'ssl_server_alt_key_file', kind: 'ec-key' }, { name: 'ssl_server_dh_file', kind: 'dh' },
];
export const DEBIAN_DH = '/usr/share/dovecot/dh.pem';

/** Settings a user might have that send files or sockets elsewhere: the lab keeps them in the instance. [name, value, why] */
export function overlayLines(dir: string, name: string, address: string): [string, string, string][] {
  return [
    ['base_dir', join(dir, 'run'), 'the instance\'s own runtime directory (sockets, master.pid)'],
    ['state_dir', join(dir, 'state'), 'the instance\'s own state directory'],
    ['instance_name', `mailtls-lab-${name}`, 'tells its processes from the system Dovecot\'s'],
    ['log_path', join(dir, 'dovecot.log'), 'the instance\'s own log, so start-up errors are never lost'],
    ['info_log_path', '', 'info lines go to log_path too'],
    ['debug_log_path', '', 'debug lines go to log_path too'],
    ['listen', address, 'loopback only'],
    ['shutdown_clients', 'yes', 'stopping the instance ends its sessions'],
  ];
}

export interface FileReplacement {
  /** The 0-based line index and its new text. */
  readonly index: number;
  readonly line: string;
  readonly setting: string;
  /** The value as written (`<` included for 2.3's file contents syntax) and its replacement. */
  readonly was: string;
  readonly value: string;
}

/**
 * The lines of one configuration file that name a certificate, key or DH file this machine
 * lacks, with the lab's file in their place. 2.3 writes `ssl_cert = </path` (Dovecot reads the
 * file while it parses, so a later override comes too late: the line itself is changed); the
 * 2.4 `ssl_server_*_file` settings take a path.
 */
export function missingFileLines(text: string, fileDir: string, certs: LabCerts, exists: (path: string) => boolean): FileReplacement[] {
  const out: FileReplacement[] = [];
  text.split('\n').forEach((line, index) => {
    const m = /^(\s*)([A-Za-z0-9_]+)(\s*=\s*)(<?)\s*(\S+)\s*$/.exec(line);
    const kind = m ? FILE_SETTINGS.find((f) => f.name === m[2])?.kind : undefined;
    if (!m || kind === undefined || (m[4] === '' && !(m[2] ?? '').startsWith('ssl_server_'))) return;
    const target = (m[5] ?? '').startsWith('/') ? (m[5] ?? '') : join(fileDir, m[5] ?? '');
    if (exists(target)) return;
    const repl = kind === 'rsa-cert' ? certs.rsa.cert : kind === 'rsa-key' ? certs.rsa.key : kind === 'ec-cert' ? certs.ecdsa.cert : kind === 'ec-key' ? certs.ecdsa.key : DEBIAN_DH;
    out.push({ index, line: `${m[1] ?? ''}${m[2] ?? ''}${m[3] ?? ''}${m[4] ?? ''}${repl}`, setting: m[2] ?? '', was: m[5] ?? '', value: `${m[4] ?? ''}${repl}` });
  });
  return out;
}

/** One listener moved to the lab's address and port: the lines of lab.conf, and the change for the report. */
export function listenerBlock(l: DoveconfListener, address: string, port: number): { lines: string[]; change: string } {
  return {
    lines: [`service ${l.service} {`, `  inet_listener ${l.name} {`, `    address = ${address}`, `    port = ${port}`, ...(l.haproxy ? ['    haproxy = no'] : []), '  }', '}'],
    change: `service ${l.service} { inet_listener ${l.name} { address = ${address}, port = ${port} } }  (was ${l.address || '*'}:${l.port}${l.haproxy ? ', haproxy off' : ''})`,
  };
}
