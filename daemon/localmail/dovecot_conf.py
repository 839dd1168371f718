"""The throwaway Dovecot configuration local servers run with; every unusual setting says why."""

from __future__ import annotations

from pathlib import Path
from string import Template

CONFIG = Template("""\
# Written by afterview's daemon/localmail/dovecot.py; nothing is read from /etc/dovecot.
protocols = imap
listen = $host
base_dir = $base_dir
state_dir = $state_dir
log_path = /dev/stderr
default_internal_user = $internal_user
default_internal_group = $internal_group
default_login_user = $login_user
$ssl
# Loopback counts as secured for Dovecot anyway; say it outright for any local address.
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests of wrong passwords must not be slow: no fixed delay after a failure, and no
# per-IP penalty from anvil (4 s more from the second failure on; login_trusted_networks
# does not lift it in 2.3.19). Dovecot's documented switch: a mode-0 penalty socket.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
mail_max_userip_connections = 100
# Data must survive a process restart, not a machine crash: skip the fsyncs.
mail_fsync = never
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $users_file
}
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$home
}
$chroot_settings
namespace inbox {
  inbox = yes
$mailboxes}
service imap-login {
  inet_listener imap {
    address = $host
    port = $port
  }
  inet_listener imaps {
    address = $host
    port = $tls_port
  }
}
""")


def chroot_settings(*, as_root: bool, mail_root: Path) -> str:
    """Chroot settings: root jails services in the mail root; a normal user cannot chroot."""
    if as_root:
        return f"valid_chroot_dirs = {mail_root}"
    # chroot() needs root: a normal user clears every chroot Dovecot's services default to.
    services = ("anvil", "imap-login", "ipc", "old-stats", "aggregator", "director")
    return "".join(f"service {name} {{\n  chroot =\n}}\n" for name in services)
