export { LineSplitter, MAX_LINE_LENGTH } from './lines.js';
export { ReplyParser, MAX_REPLY_LINES, replyText, type SmtpReply } from './reply.js';
export { parseCapabilities, type Capabilities } from './capabilities.js';
export { SmtpClient, smtpStartTls, type SmtpClientOptions, type SmtpPlaintext, type InjectedData } from './client.js';
