/**
 * Policy profiles: the public face of src/policy. Pure: imports the wire registry, severity,
 * errors, and the scan and postfix report types only.
 */
export type { Evidence, EvidenceCertificate, EvidenceGroup, FixHint, ProfileInfo, RuleOutcome, RuleResult, ServiceRole } from './types.js';
export { DEFAULT_PROFILE, PROFILE_TABLES, getProfile, listProfiles, type Profile } from './profiles.js';
export { gradeEvidence, worstOutcome, worstSeverity, type GradeOptions } from './evaluate.js';
export { evidenceFromConfig, evidenceFromScan, wireVersionName, type ConfigEvidenceOptions } from './evidence.js';
export { coversFinding, fillFromConfig, gradeConfig, gradeScan, profileGrader, type ScanGrade } from './grade.js';
export { serviceRole, type RoleInput } from './role.js';
export { RULE_IDS, type ProfileTable, type RuleId, type RuleSpec } from './table.js';
