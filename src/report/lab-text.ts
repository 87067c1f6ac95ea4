import type { LabInstance, LabStatus } from '../lab/index.js';
import type { DovecotLabInstance, DovecotLabStatus } from '../lab/dovecot/index.js';
import { makeStyle, table } from './terminal.js';

export function renderLabUp(inst: LabInstance, color: boolean): string {
  const s = makeStyle(color);
  const rows = inst.services.map((svc) => [svc.service, `${(svc.addresses ?? ['127.0.0.1']).join(', ')}:${svc.port}`, svc.command, svc.tls === 'wrapper' ? 'implicit TLS' : svc.tls === 'starttls' ? 'STARTTLS' : 'no TLS']);
  return [
    `${s.bold(`lab instance ${inst.name}`)} is up (Postfix ${inst.postfixVersion})`,
    table([['service', 'listens on', 'daemon', 'TLS'].map(s.dim), ...rows]),
    `  config: ${inst.configDir}`,
    `  log:    ${inst.logFile}`,
    s.dim('  put over the configuration for an isolated loopback instance:'),
    ...inst.changes.map((c) => s.dim(`    ${c}`)),
    '',
  ].join('\n');
}

export function renderLabList(list: readonly LabStatus[], color: boolean): string {
  const s = makeStyle(color);
  if (list.length === 0) return 'no lab instances\n';
  const rows = list.map((i) => [i.name, i.running ? s.green('running') : s.red('stopped'), i.services.map((v) => `${v.service}=${v.port}`).join(' '), i.logFile]);
  return `${table([['name', 'state', 'ports', 'log'].map(s.dim), ...rows], '')}\n`;
}

export function renderDovecotLabUp(inst: DovecotLabInstance, color: boolean): string {
  const s = makeStyle(color);
  const rows = inst.listeners.map((l) => [`${l.service}/${l.listener}`, `${l.address}:${l.port}`, l.protocol, l.tls === 'implicit' ? 'implicit TLS' : 'STARTTLS', `(configured: ${l.configuredPort})`]);
  return [
    `${s.bold(`Dovecot lab instance ${inst.name}`)} is up (Dovecot ${inst.dovecotVersion})`,
    table([['listener', 'listens on', 'protocol', 'TLS', ''].map(s.dim), ...rows]),
    `  config: ${inst.configFile} (includes ${inst.configDir}/dovecot.conf)`,
    `  log:    ${inst.logFile}`,
    s.dim('  put over the configuration for an isolated loopback instance:'),
    ...inst.changes.map((c) => s.dim(`    ${c}`)),
    '',
  ].join('\n');
}

export function renderDovecotLabList(list: readonly DovecotLabStatus[], color: boolean): string {
  const s = makeStyle(color);
  if (list.length === 0) return 'no Dovecot lab instances\n';
  const rows = list.map((i) => [i.name, i.running ? s.green('running') : s.red('stopped'), i.listeners.map((l) => `${l.listener}=${l.address}:${l.port}`).join(' '), i.logFile]);
  return `${table([['name', 'state', 'listeners', 'log'].map(s.dim), ...rows], '')}\n`;
}
