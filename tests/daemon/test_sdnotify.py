"""The sd_notify protocol, checked against real AF_UNIX datagram sockets standing in for systemd."""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from afterview.daemon.sdnotify import Notifier


class FakeSystemd:
    """A bound datagram socket, as systemd's notify socket is; reads what was sent."""

    def __init__(self, address: str, bind_to: str | bytes) -> None:
        self.address = address
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(bind_to)
        self.sock.settimeout(2)

    def received(self) -> bytes:
        return self.sock.recv(4096)

    def nothing_waiting(self) -> bool:
        self.sock.setblocking(False)
        try:
            self.sock.recv(4096)
        except BlockingIOError:
            return True
        finally:
            self.sock.settimeout(2)
        return False


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[FakeSystemd]:
    """A notify socket at a filesystem path, as `$NOTIFY_SOCKET=/run/user/1000/systemd/notify`."""
    path = tmp_path / "notify"
    fake = FakeSystemd(str(path), str(path))
    yield fake
    fake.sock.close()


@pytest.fixture
def abstract_systemd() -> Iterator[FakeSystemd]:
    """A notify socket in the abstract namespace, as `$NOTIFY_SOCKET=@name`."""
    name = f"afterview-test-{secrets.token_hex(8)}"
    fake = FakeSystemd(f"@{name}", b"\0" + name.encode())
    yield fake
    fake.sock.close()


def notifier_for(fake: FakeSystemd, monotonic_ns: int = 0) -> Notifier:
    return Notifier(fake.address, monotonic_ns=lambda: monotonic_ns)


def test_ready_sends_ready_1(systemd: FakeSystemd) -> None:
    assert notifier_for(systemd).ready()
    assert systemd.received() == b"READY=1"


def test_ready_with_status_sends_both_in_one_datagram(systemd: FakeSystemd) -> None:
    notifier_for(systemd).ready("watching INBOX, Sent; 2 reviews waiting")
    assert systemd.received() == b"READY=1\nSTATUS=watching INBOX, Sent; 2 reviews waiting"


def test_status_sends_one_line(systemd: FakeSystemd) -> None:
    notifier_for(systemd).status("IMAP unreachable,\nretrying in 60 s")
    assert systemd.received() == b"STATUS=IMAP unreachable, retrying in 60 s"


def test_status_keeps_non_ascii_text_as_utf8(systemd: FakeSystemd) -> None:
    notifier_for(systemd).status("1 entretien à préparer")
    assert systemd.received() == "STATUS=1 entretien à préparer".encode()


def test_watchdog_sends_watchdog_1(systemd: FakeSystemd) -> None:
    notifier_for(systemd).watchdog()
    assert systemd.received() == b"WATCHDOG=1"


def test_reloading_stamps_the_monotonic_clock_in_microseconds(systemd: FakeSystemd) -> None:
    notifier_for(systemd, monotonic_ns=123_456_789_012).reloading()
    assert systemd.received() == b"RELOADING=1\nMONOTONIC_USEC=123456789"


def test_reloading_uses_the_real_monotonic_clock_by_default(systemd: FakeSystemd) -> None:
    before = time.monotonic_ns() // 1000
    Notifier(systemd.address).reloading()
    reloading, stamp = systemd.received().split(b"\n")
    after = time.monotonic_ns() // 1000
    assert reloading == b"RELOADING=1"
    assert stamp.startswith(b"MONOTONIC_USEC=")
    assert before <= int(stamp.removeprefix(b"MONOTONIC_USEC=")) <= after


def test_stopping_sends_stopping_1(systemd: FakeSystemd) -> None:
    notifier_for(systemd).stopping()
    assert systemd.received() == b"STOPPING=1"


def test_abstract_socket_is_reached_through_a_leading_at_sign(
    abstract_systemd: FakeSystemd,
) -> None:
    notifier = Notifier.from_environment({"NOTIFY_SOCKET": abstract_systemd.address})
    assert notifier.ready()
    assert abstract_systemd.received() == b"READY=1"


def test_from_environment_uses_the_filesystem_socket(systemd: FakeSystemd) -> None:
    Notifier.from_environment({"NOTIFY_SOCKET": systemd.address}).stopping()
    assert systemd.received() == b"STOPPING=1"


@pytest.mark.parametrize("environ", [{}, {"NOTIFY_SOCKET": ""}])
def test_without_a_notify_socket_every_call_is_a_quiet_no_op(environ: dict[str, str]) -> None:
    notifier = Notifier.from_environment(environ)
    assert not notifier.enabled
    assert not notifier.ready("x")
    assert not notifier.status("x")
    assert not notifier.watchdog()
    assert not notifier.reloading()
    assert not notifier.stopping()
    assert notifier.watchdog_interval() is None


def test_watchdog_interval_is_half_of_watchdog_usec(systemd: FakeSystemd) -> None:
    environ = {"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "120000000"}
    assert Notifier.from_environment(environ).watchdog_interval() == 60.0


def test_watchdog_applies_when_watchdog_pid_is_ours(systemd: FakeSystemd) -> None:
    environ = {
        "NOTIFY_SOCKET": systemd.address,
        "WATCHDOG_USEC": "30000000",
        "WATCHDOG_PID": str(os.getpid()),
    }
    assert Notifier.from_environment(environ).watchdog_interval() == 15.0


def test_watchdog_meant_for_another_process_is_ignored(systemd: FakeSystemd) -> None:
    environ = {
        "NOTIFY_SOCKET": systemd.address,
        "WATCHDOG_USEC": "30000000",
        "WATCHDOG_PID": "4242",
    }
    notifier = Notifier.from_environment(environ, pid=4343)
    assert notifier.watchdog_interval() is None
    # Only the watchdog is someone else's: the notify socket is still ours to use.
    assert notifier.ready()


@pytest.mark.parametrize("usec", ["", "0", "-5", "soon"])
def test_no_usable_watchdog_usec_means_no_watchdog(systemd: FakeSystemd, usec: str) -> None:
    environ = {"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": usec}
    assert Notifier.from_environment(environ).watchdog_interval() is None


def test_a_vanished_socket_is_logged_once_and_never_raises(tmp_path: Path) -> None:
    notifier = Notifier(str(tmp_path / "gone"))
    with structlog.testing.capture_logs() as logs:
        assert not notifier.ready()
        assert not notifier.watchdog()
        assert not notifier.stopping()
    assert [entry["event"] for entry in logs] == ["systemd.notify_failed"]
    assert logs[0]["log_level"] == "warning"
    assert logs[0]["socket"] == str(tmp_path / "gone")


def test_a_socket_that_goes_away_mid_run_stops_nothing(systemd: FakeSystemd) -> None:
    notifier = notifier_for(systemd)
    assert notifier.ready()
    systemd.sock.close()
    Path(systemd.address).unlink()
    with structlog.testing.capture_logs():
        assert not notifier.watchdog()


def test_an_unsupported_socket_kind_is_a_logged_no_op() -> None:
    with structlog.testing.capture_logs() as logs:
        notifier = Notifier.from_environment({"NOTIFY_SOCKET": "vsock:2:1234"})
        assert not notifier.ready()
    assert not notifier.enabled
    assert [entry["event"] for entry in logs] == ["systemd.notify_socket_unsupported"]


def test_each_call_is_one_datagram(systemd: FakeSystemd) -> None:
    notifier = notifier_for(systemd)
    notifier.status("a")
    notifier.status("b")
    assert systemd.received() == b"STATUS=a"
    assert systemd.received() == b"STATUS=b"
    assert systemd.nothing_waiting()
