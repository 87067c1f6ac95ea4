import { createReadStream } from 'node:fs';
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
  mailtls lab dovecot up [--name N] [--config-dir DIR] [--address A] [--port P] [--set NAME=VALUE ...] [--json]
  mailtls lab dovecot down (--name N | N | --all)
  mailtls lab dovecot list [--json]
  mailtls lab dovecot log N

Throw-away Postfix instances on 127.0.0.1, to try a configuration before deploying it.
'up' takes a main.cf/master.cf as given and puts over it only what an isolated loopback
instance needs (its own directories and log file, 127.0.0.1 ports, lab certificates where the
configured ones are missing, chroot off); it prints what it changed. Needs root and Postfix.
Instances live under $MAILTLS_LAB_DIR (default /var/lib/mailtls/lab).

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
