import type { CliIo } from '../io.js';
import { MailtlsError } from '../../errors.js';
import { labDown, labDownAll, labGet, labList, labUp, type LabInstance } from '../../lab/index.js';
import { renderLabList, renderLabUp } from '../../report/lab-text.js';
import { parseCommandArgs, intOption } from '../args.js';
import { EXIT, type Command } from '../command.js';
import { DOVECOT_LAB_CLI } from './lab-dovecot.js';
import { labKindCommand, labWhere, settingsOption, stringOption, type LabKindCli } from './lab-kind.js';

const USAGE = `Usage:
  mailtls lab up [--name N] [--config-dir DIR | --main FILE --master FILE] [--port P] [--set NAME=VALUE ...] [--json]
  mailtls lab down (--name N | N | --all)
  mailtls lab list [--json]
  mailtls lab log N
  mailtls lab dns up [--name N] [--zone DOMAIN=FILE ...] [--sender] [--bench] [--json]
  mailtls lab dns down [N | --name N]
  mailtls lab dns list [--json]
  mailtls lab dovecot up [--name N] [--config-dir DIR] [--address A] [--port P] [--set NAME=VALUE ...] [--json]
  mailtls lab dovecot down (--name N | N | --all)
  mailtls lab dovecot list [--json]
  mailtls lab dovecot log N

Throw-away Postfix instances on 127.0.0.1, to try a configuration before deploying it.
'up' takes a main.cf/master.cf as given and puts over it only what an isolated loopback
instance needs (its own directories and log file, 127.0.0.1 ports, lab certificates where the
configured ones are missing, chroot off); it prints what it changed. Needs root and Postfix.
Instances live under $MAILTLS_LAB_DIR (default /var/lib/mailtls/lab).

'dns up' starts a DNS stack on 127.53.S.0/24: NSD serving DNSSEC-signed zones under the private
TLD test. (good.test, broken.test, badsts.test, unsigned.test, bogus.test, nullmx.test,
nomx.test), Unbound validating with test.'s key as trust anchor (and refusing every other
name), HTTPS policy hosts for MTA-STS and lab Postfix MX hosts on port 25, all with
certificates from the stack's own CA. Try a zone before publishing it with --zone
example.com=FILE (signed by the stack, its key a trust anchor too), then:
  mailtls check example.com --resolver <resolver> --ca-file <ca>
--sender adds a Postfix DANE sender that resolves through the stack; needs root, nsd,
unbound and ldnsutils.
'lab dovecot' does the same for Dovecot (IMAP, POP3, ManageSieve): the configuration of DIR
(default: a stock Debian-like one) is copied, run with its own base_dir, state_dir and log,
every inet listener moved to 127.0.0.2 (--address: another loopback address) and free ports,
lab certificates where the configured files are missing. 127.0.0.2, because Dovecot treats a
client on its own address as secured and would show it what remote clients never see.
`;

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
