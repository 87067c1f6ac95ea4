import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { intOption, parseCommandArgs } from '../args.js';
import { useColor } from '../io.js';
import { MailtlsError } from '../../errors.js';
import { USAGE } from '../usage/listen.js';


function parseSets(sets: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of sets ?? []) {
    const i = s.indexOf('=');
    if (i <= 0) throw new MailtlsError('EUSAGE', `--set takes NAME=VALUE, not "${s}"`);
    out[s.slice(0, i).trim()] = s.slice(i + 1).trim();
  }
  return out;
}

export const listenCommand: Command = {
  name: 'listen',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      port: { type: 'string' }, address: { type: 'string' }, once: { type: 'boolean' }, refuse: { type: 'boolean' },
      wait: { type: 'string' }, duration: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' },
      profile: { type: 'string' }, 'probe-postfix': { type: 'string' }, levels: { type: 'string' },
      set: { type: 'string', multiple: true }, name: { type: 'string' },
    });
    if (positionals.length > 0) throw new MailtlsError('EUSAGE', `unexpected argument "${positionals[0] ?? ''}" (see mailtls listen --help)`);
    const port = intOption(values.port, '--port', 0, 65535) ?? 2525;
    const timeoutMs = intOption(values.timeout, '--timeout', 100, 600_000) ?? 30_000;
    const waitMs = intOption(values.wait, '--wait', 0, 600_000) ?? 10_000;
    const durationMs = intOption(values.duration, '--duration', 100, 86_400_000);
    const address = values.address ?? '127.0.0.1';
    const { getProfile } = await import('../../policy/profiles.js');
    const profile = getProfile(values.profile ?? 'mail');
    const probeDir = values['probe-postfix'];
    if (probeDir === undefined && (values.levels !== undefined || values.set !== undefined || values.name !== undefined)) {
      throw new MailtlsError('EUSAGE', '--levels, --set and --name go with --probe-postfix DIR');
    }
    let report;
    if (probeDir !== undefined) {
      if (values.once === true) throw new MailtlsError('EUSAGE', '--probe-postfix runs its own sessions: no --once');
      const { probePostfix } = await import('../../listen/probe-postfix.js');
      const levels = values.levels?.split(',').map((l) => l.trim()).filter((l) => l !== '');
      report = await probePostfix({
        configDir: probeDir, timeoutMs: intOption(values.timeout, '--timeout', 100, 600_000) ?? 15_000, profile,
        settings: parseSets(values.set), address, port: values.port !== undefined ? port : 0, env: io.env,
        ...(levels ? { levels } : {}), ...(values.name !== undefined ? { labName: values.name } : {}),
        ...(values.refuse === true ? { mode: 'refuse' as const, retryWaitMs: waitMs } : {}),
      });
    } else {
      const { CaptureServer } = await import('../../listen/run.js');
      const mode = values.refuse === true ? 'refuse' : 'complete';
      const server = new CaptureServer({ address, port, allowNonLoopback: values.address !== undefined, mode, timeoutMs });
      await server.start();
      io.stderr.write(`mailtls listen: listening on ${server.address.includes(':') ? `[${server.address}]` : server.address}:${server.port}${values.once === true ? ' until the first session' : ''}\n`);
      const forever = 2 ** 31 - 1;
      const limit = durationMs ?? forever;
      let interrupted = false;
      const stop = () => { interrupted = true; };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const tick = setInterval(() => undefined, 250); // wakes waitFor's check of `interrupted`
      try {
        const deadline = Date.now() + limit;
        for (;;) {
          const left = Math.min(deadline - Date.now(), 250);
          if (left <= 0 || interrupted) break;
          if (values.once === true) {
            const done = await server.waitFor((all) => {
              const first = all[0];
              if (first === undefined) return false;
              if (mode === 'complete' || first.handshake.outcome !== 'refused') return true;
              return all.length > 1;
            }, left);
            if (done) break;
            // --refuse --once: the refused session is in; a retry may follow within --wait.
            const first = server.sessions[0];
            if (first !== undefined && mode === 'refuse' && Date.now() - Date.parse(first.startedAt) - first.durationMs > waitMs) break;
          } else {
            await server.waitFor(() => false, left);
          }
        }
      } finally {
        clearInterval(tick);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await server.close();
      }
      report = server.report(profile);
    }
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const [{ renderListenText }, { makeStyle }] = await Promise.all([import('../../report/listen-text.js'), import('../../report/terminal.js')]);
      io.stdout.write(renderListenText(report, makeStyle(useColor(io)), io.stdout.columns ?? 100));
    }
    if (!report.complete) {
      io.stderr.write(`mailtls listen: ${report.error ? `${report.error.code}: ${report.error.message}` : probeDir !== undefined ? 'a level saw no connection' : 'no client connected'}\n`);
      return EXIT.FAILED;
    }
    return EXIT.OK;
  },
};
