import type { CommandEntry } from '../command.js';

/**
 * Every sub-command, in the order `mailtls --help` lists them; each module loads only when used.
 * Each `import('./NAME.js')` here becomes a bundle of its own, dist/commands/NAME.cjs
 * (scripts/build.mjs finds them here), so keep them dynamic imports of a sibling module.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'scan', summary: 'scan the TLS of a mail server (STARTTLS or implicit TLS)', usage: async () => (await import('../usage/scan.js')).USAGE, load: async () => (await import('./scan.js')).scanCommand },
  { name: 'config', summary: 'analyse main.cf/master.cf: effective TLS per service, findings and fixes', usage: async () => (await import('../usage/config.js')).USAGE, load: async () => (await import('./config.js')).configCommand },
  { name: 'logs', summary: 'TLS actually negotiated, from Postfix logs; who breaks under a stricter policy', usage: async () => (await import('../usage/logs.js')).USAGE, load: async () => (await import('./logs.js')).logsCommand },
  { name: 'audit', summary: 'one verdict per service: configuration, wire and log joined, graded by a profile, fixes with their impact', usage: async () => (await import('../usage/audit.js')).USAGE, load: async () => (await import('./audit.js')).auditCommand },
  { name: 'check', summary: 'a domain as sending servers see it: every MX, DNSSEC, DANE, MTA-STS, TLS-RPT', usage: async () => (await import('../usage/check.js')).USAGE, load: async () => (await import('./check.js')).checkCommand },
  { name: 'listen', summary: 'the sending side: what a client (your Postfix smtp client) offers when it delivers', usage: async () => (await import('../usage/listen.js')).USAGE, load: async () => (await import('./listen.js')).listenCommand },
  { name: 'lab', summary: 'start, list and stop throw-away Postfix instances on loopback', usage: async () => (await import('../usage/lab.js')).USAGE, load: async () => (await import('./lab.js')).labCommand },
  { name: 'demo', summary: "a full audit of a lab server configured like a real user's (what npm start runs)", usage: async () => (await import('../usage/demo.js')).USAGE, load: async () => (await import('./demo.js')).demoCommand },
];
