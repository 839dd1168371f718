"""What `afterview doctor` reports: findings, and the run of steps that make them.

A check returns a `Finding` and never raises: a failure is a finding that says what
is wrong and how to fix it. Steps run in order, and those after one that failed are
`skipped`, saying why.
"""

from __future__ import annotations

import enum
import imaplib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import aiosmtplib

from afterview.daemon.imap import ImapError

Section = Literal["imap", "smtp"]
E = TypeVar("E", bound=BaseException)
IMAP_CHECKS = (
    "imap.connect",
    "imap.tls",
    "imap.login",
    "imap.capabilities",
    "imap.folders",
    "imap.watch",
)
SMTP_CHECKS = ("smtp.connect", "smtp.tls", "smtp.auth", "smtp.login")


class Status(enum.StrEnum):
    """How a check came out; only PROBLEM keeps afterview from running."""

    OK = "ok"
    WARNING = "warning"
    PROBLEM = "problem"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Finding:
    """What one check found and, unless all is well, the exact fix."""

    check: str
    status: Status
    detail: str
    fix: str | None = None


def ok(check: str, detail: str) -> Finding:
    """All is well."""
    return Finding(check, Status.OK, detail)


def warning(check: str, detail: str, fix: str) -> Finding:
    """afterview runs, but worse than it could."""
    return Finding(check, Status.WARNING, detail, fix)


def problem(check: str, detail: str, fix: str) -> Finding:
    """afterview cannot run until this is fixed."""
    return Finding(check, Status.PROBLEM, detail, fix)


def skipped(check: str, why: str) -> Finding:
    """Not checked, because something it needs is missing or failed: `why` says which."""
    return Finding(check, Status.SKIPPED, why)


@dataclass(frozen=True)
class Password:
    """A password read for the login checks, and where it came from: named, never shown."""

    value: str = field(repr=False)
    origin: str


# What a failed step is called in the findings of the steps skipped after it.
_STEP_NAMES = {
    "imap.connect": "connecting to the IMAP server",
    "imap.tls": "the IMAP TLS handshake",
    "imap.login": "the IMAP login",
    "smtp.connect": "connecting to the SMTP server",
    "smtp.tls": "the SMTP TLS handshake",
    "smtp.auth": "the SMTP AUTH check",
}
_BLOCKING = frozenset({Status.PROBLEM, Status.SKIPPED})
_NETWORK_ERRORS = (ImapError, aiosmtplib.SMTPException, imaplib.IMAP4.error, OSError)
_AGAIN = "run afterview doctor again later; if this stays, ask your mail provider"


def skip_after(blocker: Finding, checks: Iterable[str]) -> list[Finding]:
    """The checks that needed what `blocker` reports, skipped with its reason."""
    why = blocker.detail
    if blocker.status is not Status.SKIPPED:
        why = f"{_STEP_NAMES.get(blocker.check, blocker.check)} failed"
    return [skipped(check, why) for check in checks]


def chain(steps: Sequence[tuple[str, Callable[[], Finding]]]) -> list[Finding]:
    """Run the steps in order until one blocks; the rest are skipped, saying why."""
    findings: list[Finding] = []
    for index, (check, step) in enumerate(steps):
        try:
            findings.append(step())
        except _NETWORK_ERRORS as error:
            findings.append(problem(check, str(error), _AGAIN))
        except Exception as error:  # noqa: BLE001 -- a doctor that crashes diagnoses nothing
            fix = "this is a bug in afterview: report it with this output"
            findings.append(problem(check, f"unexpected error: {error!r}", fix))
        if findings[-1].status in _BLOCKING:
            return findings + skip_after(findings[-1], [name for name, _ in steps[index + 1 :]])
    return findings
