/** `mailtls lab dovecot up|down|list|log`: the Dovecot kind of the lab command (lab-kind.ts dispatches). */
import { dovecotLabDown, dovecotLabDownAll, dovecotLabGet, dovecotLabList, dovecotLabUp, type DovecotLabInstance } from '../../lab/dovecot/index.js';
import { renderDovecotLabList, renderDovecotLabUp } from '../../report/lab-text.js';
import { intOption } from '../args.js';
import { settingsOption, stringOption, type LabKindCli } from './lab-kind.js';

export const DOVECOT_LAB_CLI: LabKindCli<DovecotLabInstance> = {
  command: 'lab dovecot',
  none: 'no Dovecot lab instances',
  options: { 'config-dir': { type: 'string' }, address: { type: 'string' }, port: { type: 'string' }, set: { type: 'string', multiple: true } },
  up: (values, where) => {
    const settings = settingsOption(values);
    const port = intOption(stringOption(values, 'port'), '--port', 1, 65535);
    const name = stringOption(values, 'name');
    const configDir = stringOption(values, 'config-dir');
    const address = stringOption(values, 'address');
    return dovecotLabUp({
      ...(name !== undefined ? { name } : {}),
      ...(configDir !== undefined ? { configDir } : {}),
      ...(address !== undefined ? { address } : {}),
      ...(port !== undefined ? { port } : {}),
      settings, ...where,
    });
  },
  renderUp: renderDovecotLabUp,
  renderList: renderDovecotLabList,
  list: dovecotLabList,
  get: dovecotLabGet,
  down: dovecotLabDown,
  downAll: dovecotLabDownAll,
};
