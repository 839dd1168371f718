"""What a message tells us about a job application: the values parsers/ returns."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime


class Kind(enum.StrEnum):
    """What a message is, in the job seeker's terms (see DOMAIN.md)."""

    APPLICATION_RECEIVED = "application_received"
    INTERVIEW_INVITATION = "interview_invitation"
    INTERVIEW_CONFIRMATION = "interview_confirmation"
    INTERVIEW_CANCELLED = "interview_cancelled"
    ASSESSMENT = "assessment"
    REJECTION = "rejection"
    OFFER = "offer"
    EMPLOYER_REPLY = "employer_reply"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    UNRELATED = "unrelated"
    UNREADABLE = "unreadable"


class SenderKind(enum.StrEnum):
    """Who wrote a message: a person, an applicant-tracking system, or a machine."""

    HUMAN = "human"
    ATS = "ats"
    NO_REPLY = "no_reply"
    MAILER = "mailer"


# A directory's "Last, First" ("Osei, Daniel", "Tremblay-Nadeau, Sophie"); a legal form after
# the comma is a company's ("Acme, Inc.").
_LAST_FIRST = re.compile(
    r"^(?P<last>[A-ZÀ-Ý][\w'\u2019.-]+(?: [A-ZÀ-Ý][\w'\u2019.-]+)?),\s*"
    r"(?!(?:Inc|Ltd|LLC|LLP|Corp|Ltée|S\.?A|GmbH|Co)\b)"
    r"(?P<first>[A-ZÀ-Ý][\w'\u2019.-]+(?: [A-ZÀ-Ý][\w'\u2019.-]*)?)$"
)


def written_name(name: str | None) -> str | None:
    """A person's name as people write it: a directory's "Osei, Daniel" is Daniel Osei."""
    if not name:
        return None
    found = _LAST_FIRST.match(name.strip())
    return f"{found['first']} {found['last']}" if found else name


@dataclass(frozen=True)
class Person:
    """Someone named in a message; any part may be unknown."""

    name: str | None = None
    email: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Interview:
    """A fixed interview time and how to attend it."""

    start: datetime
    end: datetime | None = None
    timezone: str | None = None
    location: str | None = None
    url: str | None = None
    interviewers: tuple[Person, ...] = ()
    round: int | None = None


@dataclass(frozen=True)
class Signal:
    """One piece of evidence for a kind, with its weight: what `--explain` shows."""

    name: str
    kind: Kind
    weight: float
    evidence: str = ""


@dataclass(frozen=True)
class Facts:
    """Everything parsers/ could tell about one message."""

    kind: Kind
    confidence: float
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    sent_at: datetime | None = None
    sender: Person | None = None
    recipients: tuple[Person, ...] = ()
    subject: str = ""
    sender_kind: SenderKind = SenderKind.HUMAN
    company: str | None = None
    role: str | None = None
    interview: Interview | None = None
    decision_by: date | None = None
    ooo_until: date | None = None
    scheduling_url: str | None = None
    language: str | None = None
    bounced_recipients: tuple[str, ...] = ()
    signals: tuple[Signal, ...] = ()
    error: str | None = None
