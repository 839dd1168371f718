"""What the daemon benchmarks share: local servers, a config, the machine, realistic mail.

Each bench runs the real daemon code against a Dovecot and an SMTP sink of its own
on 127.0.0.1, in a temporary folder (daemon/localmail), exactly as `afterview demo`
does, with the machine's clock.
"""

from __future__ import annotations

import os
import platform
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from afterview.daemon import demo_command
from afterview.daemon.localmail.dovecot import DOVECOT, DovecotServer, dovecot_missing
from afterview.daemon.localmail.sink import SmtpSink

REPO = Path(__file__).resolve().parent.parent
ME = "alex.morgan@example.net"
USER = "alex"
_MESSAGE_ID = re.compile(
    rb"^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*", re.IGNORECASE | re.MULTILINE
)
_DATE = re.compile(rb"^Date:[^\r\n]*(\r?\n[ \t][^\r\n]*)*", re.IGNORECASE | re.MULTILINE)


class Quiet:
    """No service manager: the notifications go nowhere."""

    def ready(self, status: str | None = None) -> None:
        """READY=1, unheard."""

    def status(self, text: str) -> None:
        """STATUS=, unheard."""

    def watchdog(self) -> None:
        """WATCHDOG=1, unheard."""

    def reloading(self) -> None:
        """RELOADING=1, unheard."""

    def stopping(self) -> None:
        """STOPPING=1, unheard."""

    def watchdog_interval(self) -> float | None:
        """No watchdog."""
        return None


@dataclass(frozen=True)
class Servers:
    """A running Dovecot and SMTP sink, and the account's password."""

    dovecot: DovecotServer
    sink: SmtpSink
    password: str

    def maildir(self) -> Path:
        """The account's INBOX on disk."""
        return self.dovecot.user_maildir(USER)


@contextmanager
def local_servers(root: Path, fill: object = None) -> Iterator[Servers]:
    """Dovecot and an SMTP sink on 127.0.0.1, under `root`; stopped on the way out.

    `fill`, if callable, is given the Servers once Dovecot runs, before any login (to
    put mail in the Maildir on disk).
    """
    missing = dovecot_missing()
    if missing is not None:
        sys.exit(f"this bench runs a local Dovecot: {missing}")
    password = secrets.token_urlsafe(12)
    dovecot = DovecotServer(root / "dovecot", {USER: password})
    sink = SmtpSink()
    servers = Servers(dovecot, sink, password)
    dovecot.start()
    if callable(fill):
        fill(servers)
    sink.start()
    try:
        yield servers
    finally:
        sink.stop()
        dovecot.close()


def write_config(root: Path, servers: Servers) -> Path:
    """The config `afterview demo` writes for the local servers, state under root/config."""
    return demo_command.write_config(root, servers.dovecot, servers.password, servers.sink)


def database(config: Path) -> Path:
    """Where the daemon keeps its store for `config`."""
    return config.parent / "state" / "afterview.sqlite3"


def load() -> str:
    """The load averages, as `uptime` shows them."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def machine() -> str:
    """The machine, Python, Dovecot and the commit, in a line or two."""
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.partition(":")[2].strip()
            break
    memory = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    dovecot = _output([str(DOVECOT), "--version"]).split(" ")[0]
    commit = _output(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    return (
        f"{os.cpu_count()} cores, {cpu}, {int(memory) // 1024**2} GB RAM; "
        f"Python {platform.python_version()}, Dovecot {dovecot}; commit {commit}"
    )


def _output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=10)
    except OSError:
        return "?"
    return done.stdout.strip() or "?"


def with_headers(raw: bytes, message_id: str, date: str | None = None) -> bytes:
    """The message with a new Message-ID (and Date, if given), added if it had none."""
    head, sep, body = raw.partition(b"\r\n\r\n" if b"\r\n\r\n" in raw[:8192] else b"\n\n")
    newline = b"\r\n" if sep == b"\r\n\r\n" else b"\n"
    head = _MESSAGE_ID.sub(b"", head)
    if date is not None:
        head = _DATE.sub(b"", head)
        head += newline + b"Date: " + date.encode()
    head += newline + b"Message-ID: " + message_id.encode()
    head = re.sub(rb"(\r?\n)+", newline, head).strip(b"\r\n")
    return head + sep + body


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of `values` (p99 of 200 is the 198th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def corpus_paths(*parts: str) -> list[Path]:
    """The .eml files of the labelled corpus parts (tune, heldout), sorted."""
    return sorted(p for part in parts for p in (REPO / "tests" / "corpus" / part).glob("*/*.eml"))


def demo_paths() -> list[Path]:
    """The demo's sample mailbox."""
    return sorted((REPO / "daemon" / "demo" / "mailbox").glob("*.eml"))
