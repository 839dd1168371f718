"""What happens to an application: events from mail, from the user and from the clock.

An event is a value with its evidence (a Message-ID, a user command, the
clock). The store keeps them as JSON; `to_record` and `from_record` are the
only place that shape is defined.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from afterview.parsers.facts import Interview, Person


class EventSource(enum.StrEnum):
    """What caused an event: a message, the user, or the passing of time."""

    MESSAGE = "message"
    USER = "user"
    CLOCK = "clock"


class EventKind(enum.StrEnum):
    """Everything the state machine hears about; most come from the parser's kinds."""

    # From the employer's mail.
    RECEIVED = "received"
    INVITED = "invited"
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    ASSESSMENT = "assessment"
    REJECTED = "rejected"
    OFFERED = "offered"
    EMPLOYER_REPLIED = "employer_replied"
    OUT_OF_OFFICE = "out_of_office"
    BOUNCED = "bounced"
    # From the user's own sent mail: a note written by hand suppresses ours.
    USER_SENT = "user_sent"
    # From the clock.
    INTERVIEW_DONE = "interview_done"
    # From user commands.
    ADDED = "added"
    WITHDRAWN = "withdrawn"
    TIMELINE_SET = "timeline_set"
    NOTES_GIVEN = "notes_given"
    CLOSED = "closed"
    MERGED = "merged"
    SPLIT = "split"
    UNDONE = "undone"


@dataclass(frozen=True)
class MessageInfo:
    """What an event keeps of the message behind it: thread identity, people, and facts."""

    message_id: str | None
    sent_at: datetime
    sender: Person
    subject: str = ""
    recipients: tuple[Person, ...] = ()
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    company: str | None = None
    role: str | None = None
    interview: Interview | None = None
    decision_by: date | None = None
    ooo_until: date | None = None
    bounced: tuple[str, ...] = ()
    by_ats: bool = False
    language: str | None = None

    @property
    def thread(self) -> tuple[str, ...]:
        """Every Message-ID this message names: its own, its parent's and its references."""
        ids = (self.message_id, self.in_reply_to, *self.references)
        return tuple(dict.fromkeys(i for i in ids if i))


@dataclass(frozen=True)
class AppEvent:
    """One entry in an application's history."""

    application: str
    kind: EventKind
    at: datetime
    source: EventSource
    evidence: str
    message: MessageInfo | None = None
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    id: int | None = None

    def with_id(self, event_id: int) -> AppEvent:
        """The same event, as numbered by the store."""
        return replace(self, id=event_id)


# --- JSON shape for the store -------------------------------------------------------------


def to_record(event: AppEvent) -> dict[str, Any]:
    """The event's `data` column: the message facts and any command arguments, as JSON values."""
    out: dict[str, Any] = dict(event.data)
    if event.message is not None:
        out["message"] = _message_to_json(event.message)
    return out


def from_record(
    *,
    application: str,
    kind: str,
    at: datetime,
    source: str,
    evidence: str,
    data: dict[str, Any],
    event_id: int | None = None,
) -> AppEvent:
    """An event back from its stored columns."""
    rest = {k: v for k, v in data.items() if k != "message"}
    message = _message_from_json(data["message"]) if "message" in data else None
    return AppEvent(
        application=application,
        kind=EventKind(kind),
        at=at,
        source=EventSource(source),
        evidence=evidence,
        message=message,
        data=rest,
        id=event_id,
    )


def _person_to_json(person: Person) -> dict[str, str | None]:
    return {"name": person.name, "email": person.email, "title": person.title}


def _person_from_json(data: dict[str, Any]) -> Person:
    return Person(name=data.get("name"), email=data.get("email"), title=data.get("title"))


def interview_to_json(interview: Interview) -> dict[str, Any]:
    """An interview as JSON values: the shape of the event log and of `afterview parse`."""
    return {
        "start": interview.start.isoformat(),
        "end": interview.end.isoformat() if interview.end else None,
        "timezone": interview.timezone,
        "location": interview.location,
        "url": interview.url,
        "interviewers": [_person_to_json(p) for p in interview.interviewers],
        "round": interview.round,
    }


def interview_from_json(data: dict[str, Any]) -> Interview:
    """An interview back from `interview_to_json`'s shape."""
    return Interview(
        start=datetime.fromisoformat(data["start"]),
        end=datetime.fromisoformat(data["end"]) if data.get("end") else None,
        timezone=data.get("timezone"),
        location=data.get("location"),
        url=data.get("url"),
        interviewers=tuple(_person_from_json(p) for p in data.get("interviewers", ())),
        round=data.get("round"),
    )


def _message_to_json(m: MessageInfo) -> dict[str, Any]:
    return {
        "message_id": m.message_id,
        "sent_at": m.sent_at.isoformat(),
        "sender": _person_to_json(m.sender),
        "subject": m.subject,
        "recipients": [_person_to_json(p) for p in m.recipients],
        "in_reply_to": m.in_reply_to,
        "references": list(m.references),
        "company": m.company,
        "role": m.role,
        "interview": interview_to_json(m.interview) if m.interview else None,
        "decision_by": m.decision_by.isoformat() if m.decision_by else None,
        "ooo_until": m.ooo_until.isoformat() if m.ooo_until else None,
        "bounced": list(m.bounced),
        "by_ats": m.by_ats,
        "language": m.language,
    }


def _message_from_json(d: dict[str, Any]) -> MessageInfo:
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return MessageInfo(
        message_id=d.get("message_id"),
        sent_at=datetime.fromisoformat(d["sent_at"]),
        sender=_person_from_json(d["sender"]),
        subject=d.get("subject", ""),
        recipients=tuple(_person_from_json(p) for p in d.get("recipients", ())),
        in_reply_to=d.get("in_reply_to"),
        references=tuple(d.get("references", ())),
        company=d.get("company"),
        role=d.get("role"),
        interview=interview_from_json(d["interview"]) if d.get("interview") else None,
        decision_by=day(d.get("decision_by")),
        ooo_until=day(d.get("ooo_until")),
        bounced=tuple(d.get("bounced", ())),
        by_ats=bool(d.get("by_ats", False)),
        language=d.get("language"),
    )
