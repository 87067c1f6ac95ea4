import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labDown, labUp, type LabInstance } from '../../lab/index.js';
import { renderLabUp } from '../../report/lab-text.js';
import { makeStyle } from '../../report/terminal.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type Command } from '../command.js';
import { useColor, type CliIo } from '../io.js';
import { scanCommand } from './scan.js';
import { configCommand } from './config.js';
import { logsCommand } from './logs.js';

/** The webshop server of shared/seeds/002, shipped with the package. */
export const WEBSHOP_DIR = join(fileURLToPath(new URL('.', import.meta.url)), '../../../examples/webshop');

const USAGE = `Usage: mailtls demo [--keep] [--json]

The full audit mailtls can make of a lab server configured like the webshop server of a
real user's question (examples/webshop: Postfix's submission service with a client-side
-o smtp_tls_mandatory_protocols=TLSv1, and the accepted answer's protocol settings):
the wire (mailtls scan), the configuration (mailtls config) and the log (mailtls logs).
Needs root and Postfix (npm start installs it). --keep leaves the lab instance running.
`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'a full audit of a lab server configured like a real user\'s (what npm start runs)',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { keep: { type: 'boolean' } }, false);
    const s = makeStyle(useColor(io));
    const heading = (t: string) => io.stdout.write(`\n${s.bold(`=== ${t} ===`)}\n\n`);
    const name = 'demo';
    await labDown(name).catch(() => undefined);
    heading('mailtls lab: a Postfix configured like the webshop server of the question');
    const lab: LabInstance = await labUp({ name, configDir: WEBSHOP_DIR });
    let worst: number = EXIT.OK;
    try {
      io.stdout.write(renderLabUp(lab, useColor(io)));
      const sub = lab.services.find((x) => x.service === 'submission');
      const smtp = lab.services.find((x) => x.service === 'smtp');
      const run = async (title: string, cmd: Command, args: string[]) => {
        heading(title);
        io.stdout.write(s.dim(`$ mailtls ${cmd.name} ${args.join(' ')}\n\n`));
        const code = await cmd.run(args, io).catch((err: unknown) => {
          io.stderr.write(`mailtls ${cmd.name}: ${err instanceof Error ? err.message : String(err)}\n`);
          return EXIT.FAILED;
        });
        worst = Math.max(worst, code);
      };
      if (sub) await run('the wire: submission (port 587 in production)', scanCommand, [`127.0.0.1:${sub.port}`, '--starttls', 'smtp']);
      if (smtp) await run('the wire: smtp (port 25 in production)', scanCommand, [`127.0.0.1:${smtp.port}`, '--starttls', 'smtp']);
      await run('the configuration, as Postfix reads it', configCommand, [WEBSHOP_DIR]);
      await run('the logs: what clients negotiated with this lab server', logsCommand, [lab.logFile]);
    } finally {
      if (!values.keep) await labDown(name).catch(() => undefined);
    }
    return worst;
  },
};

export type { CliIo };
