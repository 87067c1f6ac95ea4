export { MAIL_PROTOCOLS, CLEARTEXT_SASL, type MailProtocol, type MailboxCapabilities, type MailboxClientOptions, type MailboxPlaintext, type InjectedData } from './types.js';
export { LineChannel, MAX_RESPONSE_LINES } from './channel.js';
export { ImapClient, parseImapLine, parseImapCapabilities, type ImapLine } from './imap.js';
export { Pop3Client, parsePop3Capabilities } from './pop3.js';
export { SieveClient, sieveStrings, parseSieveCapabilities } from './sieve.js';
export { mailboxStartTls, mailboxAfterTls, PROTOCOL_LABEL } from './session.js';
