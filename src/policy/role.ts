/**
 * What a listening service is for, as issue 10 defines it: `mx`, `submission` or `other`. The
 * decision itself is src/postfix/service-role.ts, the one place that decides "port 25" and
 * "submission" for the configuration findings and the profiles alike; it imports nothing, so
 * src/policy still depends on src/postfix only for plain data.
 */
export { serviceRole, type RoleInput } from '../postfix/service-role.js';
