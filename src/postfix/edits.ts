/**
 * Configuration changes applied in memory, so that the model can predict the wire after a fix
 * without writing any file: each edit is what one `postconf` argument does (fixes.ts
 * fixAssignments()): `main:NAME` set (postconf -e) or removed (-X), `master:SERVICE/TYPE/NAME`
 * set as an -o override (-P) or removed (-PX). As with postconf, a set replaces every
 * definition of the name; a removed main.cf name falls back to its default.
 */
import type { MainCf, Setting } from './main-cf.js';
import type { MasterCf, MasterEntry } from './master-cf.js';

/** target -> new value (null: removed); targets as fixes.ts fixAssignments() names them. */
export type ConfigEdits = ReadonlyMap<string, string | null>;

/** Where an edited value says it comes from, for findings and notes. */
export const EDIT_FILE = '(fix)';

export function applyEdits(main: MainCf, master: MasterCf, edits: ConfigEdits): { main: MainCf; master: MasterCf } {
  const settings = new Map(main.settings);
  const perEntry = new Map<string, [string, string | null][]>();
  for (const [target, value] of edits) {
    if (target.startsWith('main:')) {
      const name = target.slice(5);
      if (value === null) settings.delete(name);
      else {
        const old = settings.get(name);
        settings.set(name, { name, value, file: old?.file ?? EDIT_FILE, line: old?.line ?? 0 });
      }
    } else if (target.startsWith('master:')) {
      const path = target.slice(7);
      const cut = path.lastIndexOf('/');
      const key = path.slice(0, cut);
      const list = perEntry.get(key) ?? [];
      list.push([path.slice(cut + 1), value]);
      perEntry.set(key, list);
    }
  }
  const entries = master.entries.map((e): MasterEntry => {
    const changes = perEntry.get(`${e.service}/${e.type}`);
    if (!changes) return e;
    let overrides: Setting[] = [...e.overrides];
    for (const [name, value] of changes) {
      const old = overrides.find((o) => o.name === name);
      overrides = overrides.filter((o) => o.name !== name);
      if (value !== null) overrides.push({ name, value, file: old?.file ?? EDIT_FILE, line: old?.line ?? e.line });
    }
    return { ...e, overrides };
  });
  return { main: { ...main, settings }, master: { ...master, entries } };
}
