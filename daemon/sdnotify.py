"""Tell systemd how the daemon is doing: the sd_notify(3) protocol, in a few lines of our own.

Under `Type=notify` systemd hands the service a datagram socket in `$NOTIFY_SOCKET`;
each message is one datagram of `NAME=value` lines. Outside systemd the variable is
unset and every method here does nothing, so the service loop calls them regardless.
A failed send is logged once and otherwise ignored: telling systemd is never worth
stopping the daemon for (a missed READY=1 or WATCHDOG=1 already ends in a restart).

When the service loop sends what:
- `ready()` once the config is valid and the store is open, before any network
  I/O: a mail server that is down is something to report in STATUS=, not a failed start.
- `status(text)` whenever what `systemctl --user status afterview` should show
  changes: "watching INBOX, Sent; 2 reviews waiting", "IMAP unreachable, retrying in 60 s".
- `watchdog()` from the main loop itself, every `watchdog_interval()` seconds, so
  that a hung loop stops the pings and systemd restarts the service (WatchdogSec=).
- `reloading()` on SIGHUP before rereading the config and policies, then `ready()`
  when done, also when the new config was rejected and the old one kept.
- `stopping()` on SIGTERM, before closing the connections.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Mapping

import structlog

_log = structlog.get_logger(__name__)

# A send waits at most this long for room in systemd's queue: the main loop must not hang.
_SEND_TIMEOUT = 1.0


class Notifier:
    """Sends state changes to systemd's `$NOTIFY_SOCKET`; does nothing where there is none."""

    def __init__(
        self,
        address: str | None,
        watchdog_usec: int | None = None,
        monotonic_ns: Callable[[], int] = time.monotonic_ns,
    ) -> None:
        self._name = address
        self._address = _socket_address(address) if address else None
        self._watchdog_usec = watchdog_usec
        self._monotonic_ns = monotonic_ns
        self._failed_before = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], pid: int | None = None) -> Notifier:
        """The notifier systemd asked for in `environ` (`os.environ`), for process `pid` (ours)."""
        return cls(
            environ.get("NOTIFY_SOCKET") or None,
            _watchdog_usec(environ, os.getpid() if pid is None else pid),
        )

    @property
    def enabled(self) -> bool:
        """Whether messages go anywhere: False outside systemd."""
        return self._address is not None

    def watchdog_interval(self) -> float | None:
        """Seconds between two `watchdog()` calls (half of WatchdogSec=), or None: no watchdog."""
        if self._address is None or self._watchdog_usec is None:
            return None
        return self._watchdog_usec / 2_000_000

    def ready(self, status: str | None = None) -> bool:
        """READY=1: started, or done reloading; with a STATUS= line if given."""
        return self._send(("READY", "1"), *_status(status))

    def status(self, text: str) -> bool:
        """STATUS=: one line for `systemctl status` to show."""
        return self._send(*_status(text))

    def watchdog(self) -> bool:
        """WATCHDOG=1: the main loop is still turning."""
        return self._send(("WATCHDOG", "1"))

    def reloading(self) -> bool:
        """RELOADING=1, with the MONOTONIC_USEC= stamp systemd 253 and later expect."""
        return self._send(("RELOADING", "1"), ("MONOTONIC_USEC", str(self._monotonic_ns() // 1000)))

    def stopping(self) -> bool:
        """STOPPING=1: shutting down on request, not crashing."""
        return self._send(("STOPPING", "1"))

    def _send(self, *fields: tuple[str, str]) -> bool:
        if self._address is None:
            return False
        datagram = "\n".join(f"{name}={value}" for name, value in fields).encode()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.settimeout(_SEND_TIMEOUT)
                sock.sendto(datagram, self._address)
        except OSError as exc:
            if not self._failed_before:
                self._failed_before = True
                _log.warning("systemd.notify_failed", socket=self._name, error=str(exc))
            return False
        return True


def _socket_address(address: str) -> bytes | None:
    """`/path` as is, `@name` as the abstract `\\0name`; None for kinds we do not speak (vsock:)."""
    if address.startswith("/"):
        return os.fsencode(address)
    if address.startswith("@") and len(address) > 1:
        return b"\0" + os.fsencode(address[1:])
    _log.warning("systemd.notify_socket_unsupported", socket=address)
    return None


def _watchdog_usec(environ: Mapping[str, str], pid: int) -> int | None:
    # WATCHDOG_PID names the process the watchdog is meant for; a child that inherited the
    # variables must not ping on its parent's behalf.
    owner = environ.get("WATCHDOG_PID")
    if owner is not None and owner.strip() != str(pid):
        return None
    try:
        usec = int(environ.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec if usec > 0 else None


def _status(text: str | None) -> tuple[tuple[str, str], ...]:
    # One datagram line per field: a newline inside the text would start a bogus field.
    return () if text is None else (("STATUS", " ".join(text.splitlines())),)
