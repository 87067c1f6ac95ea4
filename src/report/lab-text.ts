import type { LabInstance, LabStatus } from '../lab/index.js';
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
