import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labDown, labUp, type LabInstance } from '../../lab/index.js';
import { renderLabUp } from '../../report/lab-text.js';
import { makeStyle } from '../../report/terminal.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type Command } from '../command.js';
import { useColor, type CliIo } from '../io.js';
import { auditCommand } from './audit.js';
import { clientSession, type ClientSession } from '../../lab/traffic.js';
import { USAGE } from '../usage/demo.js';

/** The package's own directory: the nearest one above this module that has examples/ (src/ under tsx, dist/chunks/ when bundled). */
function packageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'examples', 'webshop'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('mailtls: cannot find the examples/ directory shipped with the package');
    dir = up;
  }
  return dir;
}

/** The webshop server of shared/seeds/002, shipped with the package. */
export const WEBSHOP_DIR = join(packageDir(), 'examples', 'webshop');


/** The clients the demo plays against the lab's submission service, like those of seed 002. */
const DEMO_CLIENTS: readonly { who: string; session: Omit<ClientSession, 'port'> }[] = [
  { who: 'the webshop (an old TLS library, TLS 1.1 at most)', session: { from: '127.0.0.10', minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'ECDHE-RSA-AES256-SHA', ehlo: 'www.webshop.example' } },
  { who: 'the webshop again', session: { from: '127.0.0.10', minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'ECDHE-RSA-AES256-SHA', ehlo: 'www.webshop.example' } },
  { who: 'a modern mail client (TLS 1.2 to 1.3)', session: { from: '127.0.0.11', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ehlo: 'laptop.example' } },
  { who: 'a legacy device that only speaks TLS 1.0', session: { from: '127.0.0.12', minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'AES128-SHA', ehlo: 'printer.example' } },
];

export const demoCommand: Command = {
  name: 'demo',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { keep: { type: 'boolean' } }, false);
    const s = makeStyle(useColor(io));
    const heading = (t: string) => io.stdout.write(`\n${s.bold(`=== ${t} ===`)}\n\n`);
    const name = 'demo';
    await labDown(name).catch(() => undefined);
    heading('mailtls lab: a Postfix configured like the webshop server of the question');
    const lab: LabInstance = await labUp({ name, configDir: WEBSHOP_DIR, env: io.env });
    let worst: number = EXIT.OK;
    try {
      io.stdout.write(renderLabUp(lab, useColor(io)));
      const sub = lab.services.find((x) => x.service === 'submission');
      const run = async (title: string, cmd: Command, args: string[]) => {
        heading(title);
        io.stdout.write(s.dim(`$ mailtls ${cmd.name} ${args.join(' ')}\n\n`));
        const code = await cmd.run(args, io).catch((err: unknown) => {
          io.stderr.write(`mailtls ${cmd.name}: ${err instanceof Error ? err.message : String(err)}\n`);
          return EXIT.FAILED;
        });
        worst = Math.max(worst, code);
      };
      if (sub) {
        heading('clients: the webshop and others submit mail (port 587 in production)');
        io.stdout.write(s.dim('  (each sample client connects from its own loopback address; the audit\'s scans come from 127.0.0.1 and are left out of its log statistics)\n\n'));
        for (const c of DEMO_CLIENTS) {
          const r = await clientSession({ ...c.session, port: sub.port });
          io.stdout.write(`  ${(c.session.from ?? '').padEnd(11)} ${c.who.padEnd(50)} ${r.ok ? `${r.protocol ?? ''} with ${r.cipher ?? ''}` : s.red(`failed: ${r.error ?? ''}`)}\n`);
        }
      }
      await run('the audit: configuration, wire and log, joined', auditCommand, [lab.configDir, '--fail-on', 'none']);
    } finally {
      if (!values.keep) await labDown(name).catch(() => undefined);
    }
    // The demo ran when the audit did; what the audit found is its output, not a failure.
    return worst === EXIT.USAGE ? EXIT.FAILED : EXIT.OK;
  },
};

export type { CliIo };
