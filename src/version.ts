/** Kept in step with package.json by hand: the CLI must not read files at start-up to print it. */
export const VERSION = '0.1.0';
