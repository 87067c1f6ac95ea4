/** `mailtls lab dovecot up|down|list|log`: the Dovecot side of the lab command (lab.ts dispatches here). */
import { createReadStream } from 'node:fs';
import { MailtlsError } from '../../errors.js';
import { dovecotLabDown, dovecotLabDownAll, dovecotLabGet, dovecotLabList, dovecotLabUp } from '../../lab/dovecot/index.js';
import { renderDovecotLabList, renderDovecotLabUp } from '../../report/lab-text.js';
import { parseCommandArgs, intOption } from '../args.js';
import { EXIT } from '../command.js';
import { useColor, type CliIo } from '../io.js';

export async function dovecotLabCommand(argv: readonly string[], io: CliIo, usage: string): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseCommandArgs([...rest], {
    name: { type: 'string' }, 'config-dir': { type: 'string' }, address: { type: 'string' }, port: { type: 'string' },
    set: { type: 'string', multiple: true }, json: { type: 'boolean' }, all: { type: 'boolean' },
  });
  const color = useColor(io);
  const where = io.env['MAILTLS_LAB_DIR'] !== undefined ? { stateDir: io.env['MAILTLS_LAB_DIR'] } : {};
  switch (sub) {
    case 'up': {
      const settings: Record<string, string> = {};
      for (const kv of values.set ?? []) {
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new MailtlsError('EUSAGE', `--set takes NAME=VALUE, not "${kv}"`);
        settings[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
      }
      const port = intOption(values.port, '--port', 1, 65535);
      const inst = await dovecotLabUp({
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(values['config-dir'] !== undefined ? { configDir: values['config-dir'] } : {}),
        ...(values.address !== undefined ? { address: values.address } : {}),
        ...(port !== undefined ? { port } : {}),
        settings, ...where,
      });
      io.stdout.write(values.json ? `${JSON.stringify(inst, null, 2)}\n` : renderDovecotLabUp(inst, color));
      return EXIT.OK;
    }
    case 'down': {
      if (values.all) {
        const gone = await dovecotLabDownAll(where);
        io.stdout.write(gone.length > 0 ? `stopped and removed: ${gone.join(', ')}\n` : 'no Dovecot lab instances\n');
        return EXIT.OK;
      }
      const name = values.name ?? positionals[0];
      if (name === undefined) throw new MailtlsError('EUSAGE', 'lab dovecot down needs --name N or --all');
      await dovecotLabDown(name, where);
      io.stdout.write(`stopped and removed: ${name}\n`);
      return EXIT.OK;
    }
    case 'list': {
      const list = await dovecotLabList(where);
      io.stdout.write(values.json ? `${JSON.stringify(list, null, 2)}\n` : renderDovecotLabList(list, color));
      return EXIT.OK;
    }
    case 'log': {
      const name = values.name ?? positionals[0];
      if (name === undefined) throw new MailtlsError('EUSAGE', 'lab dovecot log needs the instance name');
      const inst = await dovecotLabGet(name, where);
      await new Promise<void>((resolve, reject) => {
        const s = createReadStream(inst.logFile);
        s.on('error', (e) => reject(new MailtlsError('EIO', e.message, { place: { file: inst.logFile } })));
        s.on('end', () => resolve());
        s.on('data', (chunk) => io.stdout.write(chunk));
      });
      return EXIT.OK;
    }
    default:
      io.stderr.write(usage);
      return EXIT.USAGE;
  }
}
