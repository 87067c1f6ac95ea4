import { createReadStream } from 'node:fs';
import type { CliIo } from '../io.js';
import { MailtlsError } from '../../errors.js';
import { labDown, labDownAll, labGet, labList, labUp } from '../../lab/index.js';
import { renderLabList, renderLabUp } from '../../report/lab-text.js';
import { parseCommandArgs, intOption } from '../args.js';
import { EXIT, type Command } from '../command.js';
import { useColor } from '../io.js';
import { dovecotLabCommand } from './lab-dovecot.js';

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

export const labCommand: Command = {
  name: 'lab',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'dns') return dnsCommand(rest, io, io.env['MAILTLS_LAB_DIR'] !== undefined ? { stateDir: io.env['MAILTLS_LAB_DIR'] } : {});
    if (sub === 'dovecot') return dovecotLabCommand(rest, io, USAGE);
    const { values, positionals } = parseCommandArgs(rest, {
      name: { type: 'string' }, 'config-dir': { type: 'string' }, main: { type: 'string' }, master: { type: 'string' },
      port: { type: 'string' }, set: { type: 'string', multiple: true }, json: { type: 'boolean' }, all: { type: 'boolean' },
    });
    const color = useColor(io);
    // The state directory comes from the command's environment, so tests can isolate it.
    const where = io.env['MAILTLS_LAB_DIR'] !== undefined ? { stateDir: io.env['MAILTLS_LAB_DIR'] } : {};
    switch (sub) {
      case 'up': {
        if (values['config-dir'] !== undefined && (values.main !== undefined || values.master !== undefined)) {
          throw new MailtlsError('EUSAGE', 'give either --config-dir or --main/--master, not both');
        }
        const settings: Record<string, string> = {};
        for (const kv of values.set ?? []) {
          const eq = kv.indexOf('=');
          if (eq <= 0) throw new MailtlsError('EUSAGE', `--set takes NAME=VALUE, not "${kv}"`);
          settings[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
        }
        const port = intOption(values.port, '--port', 1, 65535);
        const inst = await labUp({
          ...(values.name !== undefined ? { name: values.name } : {}),
          ...(values['config-dir'] !== undefined ? { configDir: values['config-dir'] } : {}),
          ...(values.main !== undefined ? { mainFile: values.main } : {}),
          ...(values.master !== undefined ? { masterFile: values.master } : {}),
          ...(port !== undefined ? { port } : {}),
          settings,
          ...where,
          env: io.env,
        });
        io.stdout.write(values.json ? `${JSON.stringify(inst, null, 2)}\n` : renderLabUp(inst, color));
        return EXIT.OK;
      }
      case 'down': {
        const name = values.name ?? positionals[0];
        if (values.all) {
          const gone = await labDownAll(where);
          io.stdout.write(gone.length > 0 ? `stopped and removed: ${gone.join(', ')}\n` : 'no lab instances\n');
          return EXIT.OK;
        }
        if (name === undefined) throw new MailtlsError('EUSAGE', 'lab down needs --name N or --all');
        await labDown(name, where);
        io.stdout.write(`stopped and removed: ${name}\n`);
        return EXIT.OK;
      }
      case 'list': {
        const list = await labList(where);
        io.stdout.write(values.json ? `${JSON.stringify(list, null, 2)}\n` : renderLabList(list, color));
        return EXIT.OK;
      }
      case 'log': {
        const name = values.name ?? positionals[0];
        if (name === undefined) throw new MailtlsError('EUSAGE', 'lab log needs the instance name');
        const inst = await labGet(name, where);
        await new Promise<void>((resolve, reject) => {
          const s = createReadStream(inst.logFile);
          s.on('error', (e) => reject(new MailtlsError('EIO', e.message, { place: { file: inst.logFile } })));
          s.on('end', () => resolve());
          s.on('data', (chunk) => io.stdout.write(chunk));
        });
        return EXIT.OK;
      }
      default:
        io.stderr.write(USAGE);
        return EXIT.USAGE;
    }
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
