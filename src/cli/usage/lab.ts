/** `mailtls lab --help`, apart from the command so that showing it loads nothing of the command (src/cli/main.ts). */

export const USAGE = `Usage:
  mailtls lab up [--name N] [--config-dir DIR | --main FILE --master FILE] [--port P] [--set NAME=VALUE ...] [--json]
  mailtls lab down (--name N | N | --all)
  mailtls lab list [--json]
  mailtls lab log N
  mailtls lab dns up [--name N] [--zone DOMAIN=FILE ...] [--sender] [--bench] [--json]
  mailtls lab dns down [N | --name N]
  mailtls lab dns list [--json]
  mailtls lab dovecot up [--name N] [--config-dir DIR] [--address A] [--port P] [--set NAME=VALUE ...] [--json]
  mailtls lab dovecot down (--name N | N | --all)
  mailtls lab dovecot list [--json]
  mailtls lab dovecot log N

Throw-away Postfix instances on 127.0.0.1, to try a configuration before deploying it.
'up' takes a main.cf/master.cf as given and puts over it only what an isolated loopback
instance needs (its own directories and log file, 127.0.0.1 ports, lab certificates where the
configured ones are missing, chroot off); it prints what it changed. Needs root and Postfix.
Instances live under $MAILTLS_LAB_DIR (default /var/lib/mailtls/lab).

'dns up' starts a DNS stack on 127.53.S.0/24: NSD serving DNSSEC-signed zones under the private
TLD test. (good.test, broken.test, badsts.test, unsigned.test, bogus.test, nullmx.test,
nomx.test), Unbound validating with test.'s key as trust anchor (and refusing every other
name), HTTPS policy hosts for MTA-STS and lab Postfix MX hosts on port 25, all with
certificates from the stack's own CA. Try a zone before publishing it with --zone
example.com=FILE (signed by the stack, its key a trust anchor too), then:
  mailtls check example.com --resolver <resolver> --ca-file <ca>
--sender adds a Postfix DANE sender that resolves through the stack; needs root, nsd,
unbound and ldnsutils.
'lab dovecot' does the same for Dovecot (IMAP, POP3, ManageSieve): the configuration of DIR
(default: a stock Debian-like one) is copied, run with its own base_dir, state_dir and log,
every inet listener moved to 127.0.0.2 (--address: another loopback address) and free ports,
lab certificates where the configured files are missing. 127.0.0.2, because Dovecot treats a
client on its own address as secured and would show it what remote clients never see.
`;
