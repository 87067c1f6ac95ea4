/**
 * Public sources that more than one profile rule (and the evaluator's own messages) cite, so
 * that a report names a document a mail administrator can open, never a working name.
 *
 * Server order: Postfix leaves the choice to the client unless `tls_preempt_cipherlist = yes`
 * (postconf(5), and TLS_README's server-side cipher controls), because some clients list
 * lower-priority suites they implement badly. The question "Is tls_preempt_cipherlist = yes in
 * Postfix a good idea nowadays?" argued the point this rule encodes: the order matters only where
 * the server still accepts a weak suite beside a strong one; with only strong suites, whichever
 * wins is acceptable.
 */
export const SERVER_ORDER_QUESTION = 'https://security.stackexchange.com/q/200176';

/** The Postfix documentation and the public question behind every cipher-order rule. */
export const SERVER_ORDER_SOURCES = `postconf(5) tls_preempt_cipherlist, Postfix TLS_README; ${SERVER_ORDER_QUESTION}`;
