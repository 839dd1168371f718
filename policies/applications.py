"""One job application: who, what role, where it stands, and everything known about it."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from afterview.parsers.facts import Person
from afterview.policies.events import AppEvent, EventKind, EventSource, MessageInfo


class State(enum.StrEnum):
    """Where an application stands. The three `interviewing` stages carry a round number."""

    APPLIED = "applied"
    INVITED = "invited"
    SCHEDULED = "scheduled"
    INTERVIEWED = "interviewed"
    AWAITING_DECISION = "awaiting_decision"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The state as the user reads it: "interviewing (scheduled)"."""
        stage = {State.INVITED: "invited", State.SCHEDULED: "scheduled"}
        stage[State.INTERVIEWED] = "done"
        return f"interviewing ({stage[self]})" if self in stage else self.value.replace("_", " ")

    @property
    def is_open(self) -> bool:
        """Whether follow-ups may still be due: not decided, withdrawn or closed."""
        return self not in {State.OFFER, State.REJECTED, State.WITHDRAWN, State.CLOSED}


class ContactRole(enum.StrEnum):
    """What a person is to an application."""

    INTERVIEWER = "interviewer"
    STATUS_CONTACT = "status_contact"
    RECRUITER = "recruiter"


@dataclass(frozen=True)
class Contact:
    """A person at the employer in one role."""

    email: str
    role: ContactRole
    name: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Round:
    """One interview round: when, where, with whom; `start` is None until a time is fixed."""

    number: int
    start: datetime | None = None
    end: datetime | None = None
    zone: str | None = None
    location: str | None = None
    url: str | None = None
    interviewers: tuple[Person, ...] = ()
    scheduled_at: datetime | None = None
    done: bool = False
    #: The user's reply to the notes prompt for this round, as they wrote it.
    notes: str | None = None


@dataclass(frozen=True)
class Application:
    """An application as rebuilt from its events; `history` holds every one, used or not."""

    id: str
    company: str
    role: str | None
    state: State = State.APPLIED
    round: int = 0
    rounds: tuple[Round, ...] = ()
    contacts: tuple[Contact, ...] = ()
    decision_by: date | None = None
    #: Whether the user told that date (a `set timeline` command, a notes `timeline:` line)
    #: rather than the employer's mail stating it: no mail written before beats it.
    decision_told: bool = False
    #: When that date was given: the Date of the mail stating it, or when the user told it.
    decision_said: datetime | None = None
    domains: frozenset[str] = frozenset()
    relays: frozenset[str] = frozenset()
    message_ids: frozenset[str] = frozenset()
    entries: tuple[tuple[State, int, datetime], ...] = ()
    history: tuple[AppEvent, ...] = ()

    @property
    def current_round(self) -> Round | None:
        """The round in progress or last held."""
        return self.rounds[-1] if self.rounds else None

    def entered(self, state: State, round_: int = 0) -> datetime | None:
        """When the application first entered `state` (in that round, when one is given)."""
        for entered, number, at in self.entries:
            if entered is state and round_ in (0, number):
                return at
        return None

    def contacts_in(self, role: ContactRole) -> tuple[Contact, ...]:
        """The contacts holding one role, in the order they became known."""
        return tuple(c for c in self.contacts if c.role is role)

    @cached_property
    def addresses(self) -> frozenset[str]:
        """Every employer address known for this application, lower-cased."""
        found = {c.email.lower() for c in self.contacts}
        for event in self.history:
            if event.message and not event.message.by_ats and _is_employer(event):
                found.add((event.message.sender.email or "").lower())
        return frozenset(found - {""})

    @cached_property
    def employer_messages(self) -> tuple[MessageInfo, ...]:
        """The messages the employer (people or their ATS) wrote, oldest first."""
        return tuple(e.message for e in self.history if e.message and _is_employer(e))


def _is_employer(event: AppEvent) -> bool:
    # A user command (notes replied to a prompt, a timeline set by hand) may carry the
    # user's own message: it is never the employer writing.
    if event.source is EventSource.USER:
        return False
    return event.kind not in {EventKind.USER_SENT, EventKind.OUT_OF_OFFICE, EventKind.BOUNCED}


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug_for(company: str, role: str | None, taken: Collection[str] = ()) -> str:
    """A short readable id, `acme-robotics-data-engineer`, unique among `taken`."""
    text = unicodedata.normalize("NFKD", f"{company} {role or ''}")
    ascii_text = text.encode("ascii", "ignore").decode().lower()
    words = _NOT_SLUG.sub("-", ascii_text).strip("-").split("-")
    base = "-".join(words[:7]) or "application"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
