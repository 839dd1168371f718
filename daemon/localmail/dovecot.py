"""A real Dovecot IMAP server on 127.0.0.1, with a throwaway config, state and Maildirs.

It needs no root and no account: `afterview demo` runs its story on one, and the
integration tests run against them. Dovecot itself comes from the system
(`sudo apt-get install dovecot-imapd`); nothing is read from /etc/dovecot.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from afterview.daemon.localmail.dovecot_conf import CONFIG, chroot_settings

DOVECOT = Path("/usr/sbin/dovecot")
DOVEADM = Path("/usr/bin/doveadm")
INSTALL_COMMAND = "sudo apt-get install dovecot-imapd"
HOST = "127.0.0.1"
DEFAULT_USERS: Mapping[str, str] = {"alex": "alex-pw", "sam": "sam-pw", "robin": "robin-pw"}
# Folder name -> its special-use flag; Dovecot creates and subscribes them on first login.
SPECIAL_USE: Mapping[str, str] = {
    name: f"\\{name}" for name in ("Drafts", "Sent", "Trash", "Junk", "Archive")
}
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
# A unix socket path holds at most 107 bytes; Dovecot's longest name under base_dir is ~25.
MAX_BASE_DIR = 80


class TlsFiles(Protocol):
    """A certificate chain and its key, as PEM files."""

    @property
    def cert_chain_pem(self) -> Path: ...

    @property
    def key_pem(self) -> Path: ...


class DovecotError(RuntimeError):
    """Dovecot did not start, stop or answer doveadm as expected."""


def dovecot_missing() -> str | None:
    """Say what stops Dovecot from running here, or None when it can run."""
    missing = [str(path) for path in (DOVECOT, DOVEADM) if not path.exists()]
    if missing:
        return f"{' and '.join(missing)} not found; install Dovecot with: {INSTALL_COMMAND}"
    if os.geteuid() == 0 and not _user_exists("dovenull"):
        return f"the 'dovenull' user is missing; reinstall Dovecot with: {INSTALL_COMMAND}"
    return None


@dataclass(frozen=True)
class _Identity:
    internal_user: str
    internal_group: str
    login_user: str
    mail_uid: int
    mail_gid: int
    as_root: bool


def _identity() -> _Identity:
    if os.geteuid() != 0:
        # A normal user cannot switch users: every process runs as that user.
        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(os.getegid()).gr_name
        return _Identity(me.pw_name, group, me.pw_name, me.pw_uid, os.getegid(), as_root=False)
    nobody = pwd.getpwnam("nobody")
    # As root, three refusals and one obstacle shape this. The obstacle: pytest's tmp dirs
    # are 0700 root, so no other user can even reach the files in them.
    # - auth, config and log stay root (default_internal_user = root): as "dovecot" they
    #   could not read the users file or the config under the tmp dir.
    # - imap-login refuses root ("This process must not be run as root"): it runs as
    #   dovenull, chrooted by root into base_dir/login before dropping privileges.
    # - imap refuses uid 0 ("userdb returned 0 as uid"): it runs as nobody, chrooted by
    #   root into the mail root (the "/./" in home), again before dropping privileges.
    return _Identity("root", "root", "dovenull", nobody.pw_uid, nobody.pw_gid, as_root=True)


class DovecotServer:
    """One Dovecot instance; stop(), start() and restart() keep its port and its data."""

    def __init__(
        self, root: Path, users: Mapping[str, str] | None = None, *, tls: TlsFiles | None = None
    ) -> None:
        self.root = root
        self.users = dict(DEFAULT_USERS if users is None else users)
        self.tls = tls
        self.host = HOST
        self.port, tls_port = _free_ports(2)
        self.tls_port = tls_port if tls is not None else None
        self.config_path = root / "dovecot.conf"
        self.log_path = root / "dovecot.log"
        self.mail_root = root / "mail"
        self.base_dir = root / "run"
        self._own_base_dir = len(str(self.base_dir)) > MAX_BASE_DIR
        if self._own_base_dir:
            # A long TMPDIR would overflow socket paths: use a short directory of our own.
            # /tmp itself, not TMPDIR: that may be the long path that needs the detour.
            self.base_dir = Path(tempfile.mkdtemp(prefix="afterview-dovecot-", dir="/tmp"))
        self._who = _identity()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        """Tell whether the Dovecot master process is alive."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """Return the pid of the Dovecot master process, or None when stopped."""
        return self._process.pid if self._process is not None else None

    def password(self, user: str) -> str:
        """Return the password of one of this server's users."""
        return self.users[user]

    def user_maildir(self, user: str) -> Path:
        """Return the path of a user's Maildir (INBOX) on disk."""
        return self.mail_root / user / "Maildir"

    def start(self) -> None:
        """Start Dovecot and wait, bounded, until it greets IMAP clients."""
        if self.running:
            return
        self._prepare()
        with self.log_path.open("ab") as log:
            log_start = log.tell()
            self._process = subprocess.Popen(
                [str(DOVECOT), "-F", "-c", str(self.config_path)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                # Its own process group lets stop() find every child it forked.
                start_new_session=True,
            )
        try:
            self._wait_ready(log_start)
        except DovecotError:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop Dovecot: SIGTERM, SIGKILL after a bound, then any process it left behind."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)
        _kill_group(process.pid)

    def kill(self) -> None:
        """SIGKILL every Dovecot process at once, as a crash would; the mail stays on disk."""
        process, self._process = self._process, None
        if process is not None:
            _kill_group(process.pid)
            process.wait(STOP_TIMEOUT)

    def restart(self) -> None:
        """Stop and start again on the same port with the same mail."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop, and remove the base directory if it lives outside root."""
        self.stop()
        if self._own_base_dir:
            shutil.rmtree(self.base_dir, ignore_errors=True)

    def log_text(self, start: int = 0) -> str:
        """Return what Dovecot logged so far, from byte offset start on."""
        if not self.log_path.exists():
            return ""
        return self.log_path.read_bytes()[start:].decode(errors="replace")

    def doveadm(self, *args: str) -> str:
        """Run doveadm against this running instance and return its output."""
        command = [str(DOVEADM), "-c", str(self.config_path), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
        if result.returncode != 0:
            raise DovecotError(f"{' '.join(command)} failed: {result.stderr.strip()}")
        return result.stdout

    def uidvalidity(self, user: str, folder: str = "INBOX") -> int:
        """Return the UIDVALIDITY of a user's folder."""
        output = self.doveadm("mailbox", "status", "-u", user, "uidvalidity", folder)
        return int(output.strip().partition("=")[2])

    def set_uidvalidity(self, user: str, folder: str = "INBOX", value: int | None = None) -> int:
        """Change a folder's UIDVALIDITY (to value, or the current one plus 1); return it."""
        new = self.uidvalidity(user, folder) + 1 if value is None else value
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(new), folder)
        return new

    def _prepare(self) -> None:
        for directory in (self.root, self.base_dir, self.root / "state", self.mail_root):
            directory.mkdir(parents=True, exist_ok=True)
        # A master killed by SIGKILL leaves its pid file, which could name a reused pid.
        (self.base_dir / "master.pid").unlink(missing_ok=True)
        users_file = self.root / "users"
        users_file.write_text("".join(f"{u}:{{PLAIN}}{p}::::::\n" for u, p in self.users.items()))
        users_file.chmod(0o600)
        for user in self.users:
            home = self.mail_root / user
            home.mkdir(exist_ok=True)
            if self._who.as_root:
                os.chown(home, self._who.mail_uid, self._who.mail_gid)
        self.config_path.write_text(self._config())

    def _config(self) -> str:
        who = self._who
        # "/./" makes Dovecot chroot into the mail root: see _identity().
        home = f"{self.mail_root}/./%u" if who.as_root else f"{self.mail_root}/%u"
        return CONFIG.substitute(
            host=self.host,
            port=self.port,
            tls_port=self.tls_port or 0,
            base_dir=self.base_dir,
            state_dir=self.root / "state",
            internal_user=who.internal_user,
            internal_group=who.internal_group,
            login_user=who.login_user,
            ssl=self._ssl_settings(),
            users_file=self.root / "users",
            mail_uid=who.mail_uid,
            mail_gid=who.mail_gid,
            home=home,
            chroot_settings=chroot_settings(as_root=who.as_root, mail_root=self.mail_root),
            mailboxes="".join(
                f"  mailbox {name} {{\n    special_use = {flag}\n    auto = subscribe\n  }}\n"
                for name, flag in SPECIAL_USE.items()
            ),
        )

    def _ssl_settings(self) -> str:
        if self.tls is None:
            return "ssl = no"
        return f"ssl = yes\nssl_cert = <{self.tls.cert_chain_pem}\nssl_key = <{self.tls.key_pem}"

    def _wait_ready(self, log_start: int) -> None:
        if self._process is None:
            raise DovecotError("Dovecot was not started")
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            # A failed service (e.g. imap-login) leaves the master up: its log tells.
            log = self.log_text(log_start)
            if self._process.poll() is not None or "Fatal:" in log:
                raise DovecotError(f"Dovecot failed to start; its log:\n{log}")
            if _greets(self.host, self.port):
                return
            time.sleep(0.05)
        log = self.log_text(log_start)
        raise DovecotError(f"Dovecot did not greet within {START_TIMEOUT}s; its log:\n{log}")


def _greets(host: str, port: int) -> bool:
    """Tell whether an IMAP server at host:port sends its "* OK" greeting."""
    try:
        with socket.create_connection((host, port), timeout=2) as sock:
            sock.settimeout(2)
            return sock.recv(256).startswith(b"* OK")
    except OSError:
        return False


def _free_ports(count: int) -> list[int]:
    """Return distinct ports free on the loopback right now."""
    # All bound at once, so the kernel cannot hand out the same port twice.
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind((HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _kill_group(pgid: int) -> None:
    """SIGKILL the live processes left in a process group, and wait (bounded) for them."""
    deadline = time.monotonic() + STOP_TIMEOUT
    while pids := live_group_members(pgid):
        if time.monotonic() > deadline:
            raise DovecotError(f"processes {pids} of Dovecot group {pgid} would not die")
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)


def live_group_members(pgid: int) -> list[int]:
    """Return the pids of the processes in group pgid that are not zombies."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        # After the command name: state, ppid, pgrp. Zombies are dead, merely unreaped.
        if fields[2] == str(pgid) and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
