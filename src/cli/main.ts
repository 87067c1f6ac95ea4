import { MailtlsError, toMailtlsError } from '../errors.js';
import { EXIT, type CommandEntry } from './command.js';
import type { CliIo } from './io.js';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../version.js';

const HELP = (commands: readonly CommandEntry[]) => `mailtls ${VERSION}: audit and harden the TLS of mail servers (Postfix first)

Usage: mailtls <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

Run 'mailtls <command> --help' for a command's options.
`;

/** The whole CLI: returns an exit code; only bin/ calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const entry = topic !== undefined ? COMMANDS.find((c) => c.name === topic) : undefined;
    io.stdout.write(entry ? await entry.usage() : HELP(COMMANDS));
    return first === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.OK;
  }
  const entry = COMMANDS.find((c) => c.name === first);
  if (!entry) {
    io.stderr.write(`mailtls: unknown command "${first}"; try 'mailtls --help'\n`);
    return EXIT.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(await entry.usage());
    return EXIT.OK;
  }
  const command = await entry.load();
  try {
    return await command.run(rest, io);
  } catch (err) {
    const e = err instanceof MailtlsError ? err : toMailtlsError(err);
    io.stderr.write(`mailtls ${command.name}: ${e.toLine()}\n`);
    if (io.env['MAILTLS_DEBUG'] && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return e.code === 'EUSAGE' ? EXIT.USAGE : EXIT.FAILED;
  }
}
