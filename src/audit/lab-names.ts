/**
 * A lab copy (src/postfix/lab-copy.ts) runs the user's services under loopback master.cf names
 * ("127.0.0.1:40123/inet"); the configuration's findings and the fixes' texts name services by
 * that key, but the user reads their own names ("submission/inet"), which discovery already
 * gave the services. Pure.
 */
import { placeOf } from './findings.js';
import type { DiscoveredService } from './discover.js';
import type { AuditFinding, AuditFix } from './types.js';

export type Rename = (text: string) => string;

/** The renaming of master.cf keys to the services' names, or null when every name is its key. */
export function labRenamer(services: readonly DiscoveredService[]): Rename | null {
  const renamed = new Map(services.filter((s) => `${s.masterName}/inet` !== s.name).map((s) => [`${s.masterName}/inet`, s.name]));
  if (renamed.size === 0) return null;
  return (text) => {
    let out = text;
    for (const [from, to] of renamed) out = out.split(from).join(to);
    return out;
  };
}

export function renameFinding(f: AuditFinding, rename: Rename | null): AuditFinding {
  if (rename === null) return f;
  const service = f.service !== null ? rename(f.service) : null;
  return { ...f, service, message: rename(f.message), title: rename(f.title), place: placeOf({ ...f, service }) };
}

/** The texts only: the commands keep the copy's names, as they are run on the copy. */
export function renameFix(f: AuditFix, rename: Rename | null): AuditFix {
  return rename === null ? f : { ...f, why: rename(f.why), title: rename(f.title) };
}
