/**
 * A `mailtls lab` copy of a configuration listens on loopback ports under master.cf names such
 * as "127.0.0.1:40123"; its instance.json, beside the copy's configuration directory, keeps the
 * user's own service names. This is the one place that recognises a lab copy, so that `config
 * --profile`, `audit` and whatever comes next judge a lab copy by the production names.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** What the lab recorded of one service: the user's name for one of the copy's loopback ports. */
export interface LabServiceName {
  readonly service: string;
  readonly port: number;
}

export interface LabCopy {
  /** The lab instance's name. */
  readonly name: string;
  /** The configuration directory the copy was made from, null for a lab made from settings alone. */
  readonly source: string | null;
  readonly services: readonly LabServiceName[];
  /** The user's service name by the master.cf name the copy runs it under ("127.0.0.1:40123"). */
  readonly names: ReadonlyMap<string, string>;
}

const MAX_META = 4 << 20;

/** The lab copy whose configuration directory `configDir` is, or undefined for any other directory. */
export function readLabCopy(configDir: string): LabCopy | undefined {
  let text: string;
  try {
    const path = join(dirname(resolve(configDir)), 'instance.json');
    if (statSync(path).size >= MAX_META) return undefined;
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined; // no instance.json beside it: not a lab copy
  }
  try {
    return labCopyFromMeta(configDir, JSON.parse(text));
  } catch {
    return undefined; // an instance.json that is not ours
  }
}

/** Pure: the lab copy an instance.json describes, if it describes `configDir`. */
export function labCopyFromMeta(configDir: string, meta: unknown): LabCopy | undefined {
  if (typeof meta !== 'object' || meta === null) return undefined;
  const inst = meta as { name?: unknown; configDir?: unknown; source?: unknown; services?: unknown };
  if (typeof inst.configDir !== 'string' || resolve(inst.configDir) !== resolve(configDir) || !Array.isArray(inst.services)) return undefined;
  const services = (inst.services as { service?: unknown; port?: unknown }[])
    .filter((s): s is LabServiceName => typeof s === 'object' && s !== null && typeof s.service === 'string' && typeof s.port === 'number');
  return {
    name: typeof inst.name === 'string' ? inst.name : basename(dirname(resolve(configDir))),
    source: typeof inst.source === 'string' ? inst.source : null,
    services,
    names: new Map(services.map((s) => [`127.0.0.1:${s.port}`, s.service])),
  };
}
