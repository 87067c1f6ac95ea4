/** The scan's default options as plain data, so that `mailtls scan --help` can name them without loading the scanner. */
export const SCAN_DEFAULTS = {
  timeoutMs: 10_000,
  greetTimeoutMs: 20_000,
  concurrency: 12,
  delayMs: 0,
  ehloName: 'mailtls.invalid',
  retries: 3,
  backoffMs: 1000,
  // A stock scan makes about 120 connections; at the 30 a minute busy providers allow
  // (smtpd_client_connection_rate_limit = 30) that is four minutes, and a fifth for the window
  // a first burst used up.
  patienceMs: 300_000,
} as const;
