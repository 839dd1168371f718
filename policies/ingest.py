"""From the parser's Facts to an application event, and the events the clock produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from afterview.parsers.facts import Facts, Kind, Person, SenderKind
from afterview.policies.applications import Application, State, slug_for
from afterview.policies.events import AppEvent, EventKind, EventSource, MessageInfo
from afterview.policies.matcher import Match, match

_KINDS: Mapping[Kind, EventKind] = {
    Kind.APPLICATION_RECEIVED: EventKind.RECEIVED,
    Kind.INTERVIEW_INVITATION: EventKind.INVITED,
    Kind.INTERVIEW_CONFIRMATION: EventKind.SCHEDULED,
    Kind.INTERVIEW_CANCELLED: EventKind.CANCELLED,
    Kind.ASSESSMENT: EventKind.ASSESSMENT,
    Kind.REJECTION: EventKind.REJECTED,
    Kind.OFFER: EventKind.OFFERED,
    Kind.EMPLOYER_REPLY: EventKind.EMPLOYER_REPLIED,
    Kind.AUTO_REPLY: EventKind.OUT_OF_OFFICE,
    Kind.BOUNCE: EventKind.BOUNCED,
}
# An interview with no stated end is taken to last an hour.
DEFAULT_LENGTH = timedelta(hours=1)


@dataclass(frozen=True)
class Ingested:
    """What one message did: the event it became (if any) and how it was matched."""

    event: AppEvent | None
    match: Match
    kind: EventKind | None


def event_kind(facts: Facts, me: frozenset[str]) -> EventKind | None:
    """The event a message is: the user's own mail, an employer's, or none (unrelated)."""
    sender = ((facts.sender.email if facts.sender else None) or "").lower()
    if sender in me:
        return EventKind.USER_SENT
    return _KINDS.get(facts.kind)


def message_info(facts: Facts, received_at: datetime) -> MessageInfo:
    """What the event log keeps of a message; its time is its Date, else when it arrived."""
    return MessageInfo(
        message_id=facts.message_id,
        sent_at=facts.sent_at or received_at,
        sender=facts.sender or Person(),
        subject=facts.subject,
        recipients=facts.recipients,
        in_reply_to=facts.in_reply_to,
        references=facts.references,
        company=facts.company,
        role=facts.role,
        interview=facts.interview,
        decision_by=facts.decision_by,
        ooo_until=facts.ooo_until,
        bounced=facts.bounced_recipients,
        by_ats=facts.sender_kind is not SenderKind.HUMAN,
        language=facts.language,
    )


def ingest(
    facts: Facts, apps: Mapping[str, Application], me: frozenset[str], received_at: datetime
) -> Ingested:
    """The event a parsed message makes, attached to its application (new, found, or none)."""
    kind = event_kind(facts, me)
    info = message_info(facts, received_at)
    if kind is None:
        return _from_their_people(facts, info, apps, me)
    found = match(info, kind, apps, me)
    if found.opens:
        app_id = slug_for(info.company or "unknown", info.role, taken=apps.keys())
    elif found.application is not None:
        app_id = found.application
    else:
        return Ingested(None, found, kind)
    return _filed(app_id, kind, info, found)


def _from_their_people(
    facts: Facts, info: MessageInfo, apps: Mapping[str, Application], me: frozenset[str]
) -> Ingested:
    """Mail that names no job is still the employer writing when a person answers an
    application's thread or is one of its people: "Thanks for coming in. We'll be in touch
    by Friday." Filed so, it stops a follow-up that would ask what they just said; a
    stranger's, a list's or a machine's stays unrelated."""
    if facts.kind is Kind.UNRELATED and facts.sender_kind is SenderKind.HUMAN:
        found = match(info, EventKind.EMPLOYER_REPLIED, apps, me)
        if found.application is not None and found.how in _THEIR_PEOPLE:
            return _filed(found.application, EventKind.EMPLOYER_REPLIED, info, found)
    return Ingested(None, Match(None, "unrelated"), None)


def _filed(app_id: str, kind: EventKind, info: MessageInfo, found: Match) -> Ingested:
    """The event of a message filed to an application; its evidence finds the message again."""
    evidence = info.message_id or f"message at {info.sent_at.isoformat()}"
    event = AppEvent(app_id, kind, info.sent_at, EventSource.MESSAGE, evidence, message=info)
    return Ingested(event, found, kind)


# Matches that name the very people of an application; a domain or a company name may be
# anyone's newsletter.
_THEIR_PEOPLE = frozenset({"thread", "contact"})


def interview_end(app: Application) -> datetime | None:
    """When the current round's interview ends (or is taken to), if it has a time."""
    current = app.current_round
    if current is None or current.start is None:
        return None
    return current.end or current.start + DEFAULT_LENGTH


def clock_events(apps: Mapping[str, Application], now: datetime) -> list[AppEvent]:
    """The events time has made happen by `now`: interviews whose end has passed."""
    events = []
    for app in apps.values():
        end = interview_end(app)
        if app.state is State.SCHEDULED and end is not None and end <= now:
            evidence = f"clock: round {app.round} ended {end.isoformat()}"
            events.append(
                AppEvent(app.id, EventKind.INTERVIEW_DONE, end, EventSource.CLOCK, evidence)
            )
    return events
