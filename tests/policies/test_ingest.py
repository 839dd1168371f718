"""Filing parsed messages: which event a message makes, and for which application."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from afterview.parsers.facts import Facts, Kind, Person, SenderKind
from afterview.parsers.parse import Context, parse_message
from afterview.policies.applications import Application
from afterview.policies.events import EventKind
from afterview.policies.ingest import ingest
from afterview.policies.machine import rebuild

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ME = frozenset({"alex.morgan@example.net"})
RECRUITER = "jordan@acmerobotics.example"


def _facts(kind: Kind, sender: str, n: int, **more: object) -> Facts:
    base: dict[str, object] = {
        "message_id": f"<n{n}@mail.example>",
        "sent_at": T0 + timedelta(days=n),
        "sender": Person(None, sender),
    }
    return Facts(kind, 0.9, **(base | more))  # type: ignore[arg-type]


def _apps() -> dict[str, Application]:
    invited = _facts(
        Kind.INTERVIEW_INVITATION, RECRUITER, 1, company="Acme Robotics", role="Data Engineer"
    )
    filed = ingest(invited, {}, ME, T0)
    assert filed.event is not None
    return rebuild([filed.event.with_id(1)])


@pytest.mark.parametrize(
    ("sender", "thread"),
    [
        # "Thanks for coming in. We'll be in touch by Friday.": no job word, the recruiter.
        (RECRUITER, {}),
        # Another person of the employer, answering the application's thread.
        ("sam@acmerobotics.example", {"in_reply_to": "<n1@mail.example>"}),
    ],
)
def test_mail_naming_no_job_from_an_applications_people_is_the_employer_writing(
    sender: str, thread: dict[str, str]
) -> None:
    note = _facts(Kind.UNRELATED, sender, 5, **thread)
    filed = ingest(note, _apps(), ME, T0)
    assert filed.event is not None
    assert (filed.event.application, filed.event.kind) == (
        "acme-robotics-data-engineer",
        EventKind.EMPLOYER_REPLIED,
    )


@pytest.mark.parametrize(
    ("sender", "sender_kind"),
    [
        # A colleague at the same domain outside the thread: maybe the company's newsletter.
        ("news@acmerobotics.example", SenderKind.HUMAN),
        ("someone@elsewhere.example", SenderKind.HUMAN),
        # A machine or a list, even from a known address.
        (RECRUITER, SenderKind.NO_REPLY),
    ],
)
def test_unrelated_mail_from_anyone_else_makes_no_event(
    sender: str, sender_kind: SenderKind
) -> None:
    note = _facts(Kind.UNRELATED, sender, 5, sender_kind=sender_kind)
    filed = ingest(note, _apps(), ME, T0)
    assert (filed.event, filed.kind) == (None, None)


NO_JOB_WORDS = Path(__file__).parent / "fixtures" / "no_job_words"


@pytest.mark.parametrize("path", sorted(NO_JOB_WORDS.glob("*.eml")), ids=lambda p: p.stem)
def test_a_hiring_managers_note_naming_no_job_is_their_reply(path: Path) -> None:
    """ "Thanks for coming in today. We'll be in touch by Friday.": the mail alone names no
    job (a clinic could write it), but its sender is one of the application's people."""
    context = Context(me=ME, user_tz=ZoneInfo("America/Toronto"))
    note = parse_message(path.read_bytes(), context)
    sender = (note.sender.email if note.sender else None) or ""
    invited = _facts(Kind.INTERVIEW_INVITATION, sender, 1, company="Their Firm", role="Baker")
    opened = ingest(invited, {}, ME, T0)
    assert opened.event is not None
    apps = rebuild([opened.event.with_id(1)])
    filed = ingest(note, apps, ME, T0 + timedelta(days=30))
    assert filed.event is not None
    assert (filed.event.application, filed.event.kind) == (
        opened.event.application,
        EventKind.EMPLOYER_REPLIED,
    )
