export { dovecotLabUp, dovecotLabDown, dovecotLabDownAll, dovecotLabList, dovecotLabGet, dovecotLabDir } from './instance.js';
export type { DovecotLabOptions, DovecotLabInstance, DovecotLabStatus, DovecotLabListener } from './instance.js';
export { DEFAULT_DOVECOT_FILES } from './template.js';
export { dovecotVersion, doveconfAll, inetListeners } from './dovecot-cmd.js';
