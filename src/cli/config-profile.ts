/**
 * `mailtls config --profile NAME`: loaded only with --profile (commands/config.ts), so the plain
 * command is what it was. The roles and grades are decided in src/policy/config-grade.ts; this
 * module only hands them over and renders.
 */
import { getProfile, type Profile } from '../policy/grade.js';
import { gradeServices, withGrades, type ServiceGrade } from '../policy/config-grade.js';
import { renderServiceGrades } from '../report/profile-text.js';
import type { Style } from '../report/terminal.js';

export { getProfile, gradeServices, withGrades, type ServiceGrade };

export function renderGrades(profile: Profile, grades: readonly ServiceGrade[], s: Style, width: number): string {
  return renderServiceGrades(profile.info, grades, s, width);
}
