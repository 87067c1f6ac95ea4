/**
 * The profile registry: every table, looked up by id, compiled once (suite names to IANA codes,
 * patterns to regular expressions). A suite name the wire registry does not know, or a table
 * without a rule for some role, is a programming error and throws at load: the table test runs
 * the same checks.
 */
import { MailtlsError } from '../errors.js';
import { cipherSuiteByIana } from '../wire/registry/cipher-suites.js';
import { RULE_IDS, type ProfileTable, type RuleId, type RuleSpec } from './table.js';
import type { ProfileInfo, ServiceRole } from './types.js';
import { MAIL } from './profiles/mail.js';
import { NCSC_2021, NCSC_2025 } from './profiles/ncsc.js';
import { MOZILLA_57_OLD, MOZILLA_60_INTERMEDIATE, MOZILLA_60_MODERN } from './profiles/mozilla.js';
import { BCP195 } from './profiles/bcp195.js';
import { NIST_800_52R2 } from './profiles/nist.js';
import { BSI_2026 } from './profiles/bsi.js';

export const DEFAULT_PROFILE = 'mail';

/** In the order `--profiles` lists them. */
export const PROFILE_TABLES: readonly ProfileTable[] = [
  MAIL, NCSC_2025, NCSC_2021, MOZILLA_60_INTERMEDIATE, MOZILLA_60_MODERN, MOZILLA_57_OLD, BCP195, NIST_800_52R2, BSI_2026,
];

export const ROLES: readonly ServiceRole[] = ['mx', 'submission', 'other'];

/** A loaded profile: its description, its table, and its rules per role (one per rule id). */
export interface Profile {
  readonly info: ProfileInfo;
  readonly table: ProfileTable;
  /** The rule rows for a role, in RULE_IDS order. */
  rulesFor(role: ServiceRole): readonly RuleSpec[];
  /** IANA code strings ("0xC02F") of a suite row's names, converted at load. */
  codesOf(names: readonly string[]): ReadonlySet<string>;
}

/** "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" → "0xC02F"; throws for a name the registry lacks. */
export function suiteCode(iana: string, where: string): string {
  const s = cipherSuiteByIana(iana);
  if (s === undefined) throw new MailtlsError('EPROFILE', `profile ${where}: no cipher suite ${iana} in the IANA registry`);
  return s.hex;
}

function compile(table: ProfileTable): Profile {
  const byRole = new Map<ServiceRole, RuleSpec[]>();
  for (const role of ROLES) {
    const rules: RuleSpec[] = [];
    for (const id of RULE_IDS) {
      const rows = table.rules.filter((r) => r.id === id && (r.roles === undefined || r.roles.includes(role)));
      if (rows.length > 1) throw new MailtlsError('EPROFILE', `profile ${table.id}: ${rows.length} "${id}" rules for role ${role}`);
      if (rows[0] !== undefined) rules.push(rows[0]);
    }
    for (const base of ['starttls', 'tls-required', 'auth-after-tls'] as RuleId[]) {
      if (!rules.some((r) => r.id === base)) throw new MailtlsError('EPROFILE', `profile ${table.id}: no "${base}" rule for role ${role}`);
    }
    byRole.set(role, rules);
  }
  const codeSets = new Map<readonly string[], ReadonlySet<string>>();
  // Convert every listed name once, so a wrong name fails at load, not at the first scan that meets it.
  for (const rule of table.rules) {
    if (rule.id !== 'cipher-suites') continue;
    for (const row of rule.rows) if (row.names) codeSets.set(row.names, new Set(row.names.map((n) => suiteCode(n, table.id))));
  }
  const info: ProfileInfo = {
    id: table.id, title: table.title, version: table.version, date: table.date, sources: table.sources, partial: table.partial, roles: table.roles,
  };
  return {
    info, table,
    rulesFor: (role) => byRole.get(role) ?? [],
    codesOf: (names) => {
      let set = codeSets.get(names);
      if (set === undefined) {
        set = new Set(names.map((n) => suiteCode(n, table.id)));
        codeSets.set(names, set);
      }
      return set;
    },
  };
}

const cache = new Map<string, Profile>();

export function listProfiles(): ProfileInfo[] {
  return PROFILE_TABLES.map((t) => getProfile(t.id).info);
}

/** The profile with this id; EUSAGE naming the known ids for any other. */
export function getProfile(id: string): Profile {
  const hit = cache.get(id);
  if (hit) return hit;
  const table = PROFILE_TABLES.find((t) => t.id === id);
  if (table === undefined) {
    throw new MailtlsError('EUSAGE', `unknown profile "${id}"; known profiles: ${PROFILE_TABLES.map((t) => t.id).join(', ')}`);
  }
  const profile = compile(table);
  cache.set(id, profile);
  return profile;
}
