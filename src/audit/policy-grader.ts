/**
 * The audit's grader: a policy profile of src/policy (the tables every command grades by).
 */
import { profileGrader } from '../policy/grade.js';
import type { Grader } from './grade.js';

/** EUSAGE, naming the known profiles, for an unknown id. */
export function policyGrader(profileId: string): Grader {
  return profileGrader(profileId);
}
