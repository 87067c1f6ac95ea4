import type { CliIo } from '../io.js';
import { MailtlsError } from '../../errors.js';
import { labDown, labDownAll, labGet, labList, labUp, type LabInstance } from '../../lab/index.js';
import { renderLabList, renderLabUp } from '../../report/lab-text.js';
import { parseCommandArgs, intOption } from '../args.js';
import { EXIT, type Command } from '../command.js';
import { DOVECOT_LAB_CLI } from './lab-dovecot.js';
import { labKindCommand, labWhere, settingsOption, stringOption, type LabKindCli } from './lab-kind.js';
import { USAGE } from '../usage/lab.js';


/** `mailtls lab up|down|list|log`: the Postfix kind. */
const POSTFIX_LAB_CLI: LabKindCli<LabInstance> = {
  command: 'lab',
  none: 'no lab instances',
  options: {
    'config-dir': { type: 'string' }, main: { type: 'string' }, master: { type: 'string' },
    port: { type: 'string' }, set: { type: 'string', multiple: true },
  },
  up: (values, where, io) => {
    const configDir = stringOption(values, 'config-dir');
    const mainFile = stringOption(values, 'main');
    const masterFile = stringOption(values, 'master');
    if (configDir !== undefined && (mainFile !== undefined || masterFile !== undefined)) {
      throw new MailtlsError('EUSAGE', 'give either --config-dir or --main/--master, not both');
    }
    const settings = settingsOption(values);
    const port = intOption(stringOption(values, 'port'), '--port', 1, 65535);
    const name = stringOption(values, 'name');
    return labUp({
      ...(name !== undefined ? { name } : {}),
      ...(configDir !== undefined ? { configDir } : {}),
      ...(mainFile !== undefined ? { mainFile } : {}),
      ...(masterFile !== undefined ? { masterFile } : {}),
      ...(port !== undefined ? { port } : {}),
      settings,
      ...where,
      env: io.env,
    });
  },
  renderUp: renderLabUp,
  renderList: renderLabList,
  list: labList,
  get: labGet,
  down: labDown,
  downAll: labDownAll,
};

export const labCommand: Command = {
  name: 'lab',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'dns') return dnsCommand(rest, io, labWhere(io));
    if (sub === 'dovecot') return labKindCommand(DOVECOT_LAB_CLI, rest, io, USAGE);
    return labKindCommand(POSTFIX_LAB_CLI, argv, io, USAGE);
  },
};

async function dnsCommand(argv: readonly string[], io: CliIo, where: { stateDir?: string }): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseCommandArgs(rest, {
    name: { type: 'string' }, zone: { type: 'string', multiple: true }, sender: { type: 'boolean' }, bench: { type: 'boolean' }, json: { type: 'boolean' },
  });
  const { dnsStackUp, dnsStackDown, dnsStackList } = await import('../../lab/dns/index.js');
  switch (sub) {
    case 'up': {
      const zones: Record<string, string> = {};
      for (const z of values.zone ?? []) {
        const eq = z.indexOf('=');
        if (eq <= 0) throw new MailtlsError('EUSAGE', `--zone takes DOMAIN=FILE, not "${z}"`);
        zones[z.slice(0, eq)] = z.slice(eq + 1);
      }
      const s = await dnsStackUp({ ...where, ...(values.name !== undefined ? { name: values.name } : {}), zones, sender: values.sender === true, bench: values.bench === true });
      if (values.json) { io.stdout.write(`${JSON.stringify(s, null, 2)}\n`); return EXIT.OK; }
      const lines = [
        `lab DNS stack "${s.name}" is up on ${s.addresses.prefix}.0/24`,
        `  resolver (validating):  ${s.resolver.address}:${s.resolver.port}`,
        `  authoritative (NSD):    ${s.authoritative.address}:${s.authoritative.port}`,
        `  CA of its certificates: ${s.caFile}`,
        `  MX hosts:               ${s.mxInstances.join(', ') || 'none'}${s.sender !== null ? `\n  DANE sender (Postfix):  ${s.sender} (resolv.conf ${s.resolvConf})` : ''}`,
        '  zones:',
        ...s.zones.map((z) => `    ${z.origin.padEnd(16)} ${z.signing.padEnd(9)} ${z.purpose}`),
        '',
        `try: mailtls check good.test --resolver ${s.resolver.address} --ca-file ${s.caFile}`,
        `stop: mailtls lab dns down ${s.name}`,
        '',
      ];
      io.stdout.write(lines.join('\n'));
      return EXIT.OK;
    }
    case 'down': {
      const name = values.name ?? positionals[0] ?? 'dns';
      await dnsStackDown(name, where);
      io.stdout.write(`stopped and removed the lab DNS stack "${name}"\n`);
      return EXIT.OK;
    }
    case 'list': {
      const list = await dnsStackList(where);
      if (values.json) io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else io.stdout.write(list.length === 0 ? 'no lab DNS stacks\n' : `${list.map((s) => `${s.name}  ${s.running ? 'running' : 'STOPPED'}  resolver ${s.resolver.address}  zones ${s.zones.map((z) => z.origin).join(' ')}`).join('\n')}\n`);
      return EXIT.OK;
    }
    default:
      io.stderr.write(USAGE);
      return EXIT.USAGE;
  }
}
