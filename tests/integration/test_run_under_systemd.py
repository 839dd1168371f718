"""`afterview run` as systemd runs it: a process of its own, NOTIFY_SOCKET, WATCHDOG_USEC, signals.

The test plays the service manager: it listens on the notify socket, and sends SIGHUP and
SIGTERM as `systemctl --user reload` and `stop` do. The servers are real, on 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mailservers import DovecotServer

from afterview.daemon.localmail.sink import SmtpSink

PATIENCE = 20.0


class Manager:
    """The service manager's end of NOTIFY_SOCKET: every datagram the daemon sent."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.2)
        self.heard: list[str] = []

    def until(self, wanted: str, *, after: int = 0) -> int:
        """Wait for a datagram holding the line `wanted` (from message `after` on); its index."""
        deadline = time.monotonic() + PATIENCE
        while True:
            for index, message in enumerate(self.heard[after:], start=after):
                if wanted in message.splitlines():
                    return index
            assert time.monotonic() < deadline, f"never heard {wanted!r}; heard {self.heard}"
            try:
                self.heard.append(self.sock.recv(4096).decode())
            except TimeoutError:
                continue

    def drain(self) -> list[str]:
        """Everything heard, once the daemon is gone; the socket is closed after."""
        self.sock.setblocking(False)
        while True:
            try:
                self.heard.append(self.sock.recv(4096).decode())
            except BlockingIOError:
                break
        self.close()
        return self.heard

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink()
    server.start()
    yield server
    server.stop()


def write_config(folder: Path, dovecot: DovecotServer, user: str, sink: SmtpSink) -> Path:
    secret = folder / "imap-password"
    secret.write_text(dovecot.password(user))
    secret.chmod(0o600)
    config = folder / "config.yaml"
    config.write_text(
        textwrap.dedent(
            f"""\
            account: {{email: alex.morgan@example.net, name: Alex Morgan}}
            imap: {{host: 127.0.0.1, port: {dovecot.port}, tls: none, username: {user},
                   password: {{file: imap-password}}}}
            smtp: {{host: 127.0.0.1, port: {sink.port}, tls: none}}
            timezone: America/Toronto
            state_dir: state
            """
        )
    )
    return config


def start(config: Path, notify: Path) -> subprocess.Popen[str]:
    env = os.environ | {"NOTIFY_SOCKET": str(notify), "WATCHDOG_USEC": "1000000"}
    command = [sys.executable, "-c", "from afterview.daemon.cli import main; main()"]
    return subprocess.Popen(
        [*command, "run", "--config", str(config)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_ready_status_watchdog_reload_and_stop_reach_the_service_manager(
    tmp_path: Path, shared_dovecot: DovecotServer, fresh_user: str, sink: SmtpSink
) -> None:
    config = write_config(tmp_path, shared_dovecot, fresh_user, sink)
    manager = Manager(tmp_path / "notify")
    daemon = start(config, manager.path)
    try:
        ready = manager.until("READY=1")
        status = manager.until("STATUS=watching INBOX, Sent; 0 reviews waiting", after=ready)
        manager.until("WATCHDOG=1", after=status)
        # systemctl --user reload: RELOADING=1 with the time, then READY=1 again.
        daemon.send_signal(signal.SIGHUP)
        reloading = manager.until("RELOADING=1", after=status)
        assert any(
            line.startswith("MONOTONIC_USEC=") for line in manager.heard[reloading].splitlines()
        )
        manager.until("READY=1", after=reloading)
        # A broken config is refused on reload: the daemon keeps running on the old one.
        good = config.read_text()
        config.write_text(good + "send_window: {days: [someday]}\n")
        daemon.send_signal(signal.SIGHUP)
        refused = manager.until("RELOADING=1", after=reloading + 1)
        manager.until("READY=1", after=refused)
        # So is a password source that gives nothing any more.
        config.write_text(good)
        (tmp_path / "imap-password").unlink()
        daemon.send_signal(signal.SIGHUP)
        refused = manager.until("RELOADING=1", after=refused + 1)
        manager.until("READY=1", after=refused)
        # systemctl --user stop: STOPPING=1, and exit 0 well within the stop timeout.
        daemon.send_signal(signal.SIGTERM)
        manager.until("STOPPING=1", after=refused)
        assert daemon.wait(timeout=10) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
        _out, log = daemon.communicate()
        manager.close()
    assert log.count("service.reload_refused") == 2
    assert "service.reloaded" in log
    assert (tmp_path / "state" / "afterview.sqlite3").exists()


def test_a_refused_login_exits_78_so_systemd_does_not_restart_it(
    tmp_path: Path, shared_dovecot: DovecotServer, fresh_user: str, sink: SmtpSink
) -> None:
    config = write_config(tmp_path, shared_dovecot, fresh_user, sink)
    (tmp_path / "imap-password").write_text("not the password")
    manager = Manager(tmp_path / "notify")
    daemon = start(config, manager.path)
    try:
        assert daemon.wait(timeout=PATIENCE) == 78
    finally:
        if daemon.poll() is None:
            daemon.kill()
        _out, log = daemon.communicate()
        heard = manager.drain()
    assert "imap.login_refused" in log
    assert any(m.startswith("STATUS=stopped: the IMAP server refused the login") for m in heard)
