/** `mailtls demo --help`, apart from the command so that showing it loads nothing of the command (src/cli/main.ts). */

export const USAGE = `Usage: mailtls demo [--keep]

The audit mailtls makes of a lab server configured like the webshop server of a real user's
question (examples/webshop: Postfix's submission service with a client-side
-o smtp_tls_mandatory_protocols=TLSv1, and the accepted answer's protocol settings): a
throw-away Postfix on 127.0.0.1, sample clients (the webshop on TLS 1.1, a modern client, a
TLS 1.0-only device), then \`mailtls audit\` of it: the configuration, the wire and the log
joined into one verdict per service, with the fixes and who they would break.
Needs root and Postfix (npm start installs it). --keep leaves the lab instance running.
`;
