"""Whether an invitation's organizer sits in the interview, or only arranged it.

A recruiter or a coordinator sends most invitations and meets no one; a hiring
manager sends their own. The invitation's words, the message around it, the
organizer's title and who sent it decide. `participants` asks this of every event,
and reads a text's writer by the same words of their own ("Priya and I", "see you").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache

from afterview.parsers.anchored import CaselessSearch
from afterview.parsers.calendar import VIDEO_SERVICES, CalendarEvent
from afterview.parsers.company_names import domain_label
from afterview.parsers.facts import Person
from afterview.parsers.languages.known import LANGUAGES
from afterview.parsers.panel import (
    ADDRESS,
    FULL_NAME,
    has_whole_word,
    lists_of_people,
    name_pattern,
    written_part,
)
from afterview.parsers.roles import (
    arranges_by_title,
    coordinates_by_title,
    is_candidate,
    is_shared_mailbox,
    name_of,
    title_of,
)
from afterview.parsers.senders import AGENCY, domain_of, is_relay

# The writer among those met: "Priya and I", "I'll join"; searched only where its words occur.
_WRITER_TOO = CaselessSearch("|".join(f"(?:{language.writer_too})" for language in LANGUAGES))
_WRITER_ON_AGENDA = re.compile(
    "|".join(f"(?:{language.writer_on_agenda})" for language in LANGUAGES), re.I | re.M
)
# The writer speaking of meeting the candidate: "see you Tuesday", "au plaisir de vous voir".
WRITER_MEETS = re.compile("|".join(f"(?:{lang.writer_meets})" for lang in LANGUAGES), re.I)
# The words of video services' names ("Zoom", "Google Meet"): no person's name.
_SERVICE_WORDS = frozenset(w.lower() for name in VIDEO_SERVICES for w in name.split())
_CAPITALISED = re.compile(r"(?<![\w'\u2019.@-])[A-ZÀ-Ý][a-zà-ÿ'\u2019-]+")
_PRONOUNS_AND_ZONES = frozenset(
    "i me my our your their his her us you we they it its eastern pacific central mountain "
    "atlantic time zone est edt pst pdt cst cdt et nous vous notre votre leur".split()
)


@cache
def _ordinary_words() -> frozenset[str]:
    # Words any language's mail writes capitalised at a sentence's start, or in titles.
    return (
        _PRONOUNS_AND_ZONES
        | _SERVICE_WORDS
        | frozenset(
            word
            for language in LANGUAGES
            for table in (language.common_words, language.subject_filler, language.role_words)
            for word in table
        )
        | frozenset(w for language in LANGUAGES for w in language.departments)
    )


def says_writer_takes_part(text: str) -> bool:
    """Whether a text says its writer takes part too ("Inès will join me", "1:00 Me - roadmap")."""
    return next(_WRITER_TOO.finditer(text), None) is not None or bool(
        _WRITER_ON_AGENDA.search(text)
    )


def organizer_takes_part(
    event: CalendarEvent,
    others: list[Person],
    me: Collection[str],
    text: str,
    sender: Person | None = None,
) -> bool:
    """Whether the organizer meets the candidate, or only arranged the meeting.

    An invitation sent from their calendar by someone else (SENT-BY) is their own
    meeting. Otherwise the invitation's words decide: "with Priya and me" includes
    them, "with Priya" alone leaves them out; so does a list of names in the message
    around it, and a title that names them ("Alex Morgan <> Priya Raman"). Silent,
    they take part when no one else does, or when their job title is not an arranger's,
    or, with no title, when they speak of meeting the candidate ("see you Tuesday"), or
    when a colleague passed their invitation on (the message's `sender`).
    """
    organizer = event.organizer or Person()
    if is_shared_mailbox(organizer.email) or is_relay(domain_of(organizer.email)):
        return False
    if event.sent_by and event.sent_by != organizer.email:
        # Someone sent it from the organizer's calendar: the meeting is the organizer's own.
        return True
    written = written_part(f"{event.summary}\n{event.description}")
    if says_writer_takes_part(written) or _names_in_full(event.summary, organizer):
        return True
    # The message around the invitation may list the people too ("With Sigrid and Jonas").
    written += "\n" + written_part(text)
    if parts := lists_of_people(written):
        own = [p for p in event.attendees if is_candidate(p, me)]
        named = _NamedPeople(organizer, others, own)
        if lists := [part for part in parts if named.anyone_in(part)]:
            return any(named.organizer_in(part) for part in lists)
    said = f"{event.description}\n{text}"
    # Optional guests are kept in the loop: without others, the organizer holds the meeting.
    if not [p for p in others if p.email not in event.optional]:
        # Alone with the candidate: a recruiter's screen, unless they only schedule.
        title = title_of(organizer, said)
        return title is None or not coordinates_by_title(title)
    return _silent_organizer_meets(organizer, written, said) or _passed_on_by_colleague(
        organizer, sender, said
    )


def passed_on_by(organizer: Person, sender: Person | None) -> bool:
    """Whether the message's sender, a colleague of the organizer or an agency, forwarded the
    organizer's own invitation (as a recruiter does the hiring manager's)."""
    if sender is None or not sender.email or sender.email == organizer.email:
        return False
    label = domain_label(sender.email)
    if is_relay(domain_of(sender.email)) or label is None:
        return False
    return label == domain_label(organizer.email or "") or AGENCY.search(label) is not None


def _passed_on_by_colleague(organizer: Person, sender: Person | None, said: str) -> bool:
    """Whether a colleague forwarded the organizer's invitation: then the forwarder arranges,
    and the organizer, unless their title says otherwise, meets."""
    if not passed_on_by(organizer, sender):
        return False
    title = title_of(organizer, said)
    return title is None or not arranges_by_title(title)


def _silent_organizer_meets(organizer: Person, written: str, said: str) -> bool:
    """Whether an organizer who invites others, and lists no one, meets the candidate too.

    Their job title beside their name decides; without one, their own words do
    ("Looking forward to meeting you").
    """
    title = title_of(organizer, said)
    if title is not None:
        return not arranges_by_title(title)
    return bool(WRITER_MEETS.search(written))


def _names_in_full(text: str, person: Person) -> bool:
    """Whether `text` holds a person's full name ("Alex Morgan <> Priya Raman")."""
    name = name_of(person)
    return " " in name and has_whole_word(text, name)


class _NamedPeople:
    """Who a list of names may mention: the organizer, the other attendees, or a stranger."""

    def __init__(self, organizer: Person, others: list[Person], own: list[Person]) -> None:
        self.organizer = name_pattern([organizer])
        self.organizer_address = organizer.email
        self.others = name_pattern(others)
        self.candidate = name_pattern(own)
        self.domains = " ".join(p.email.partition("@")[2] for p in [organizer, *others] if p.email)

    def organizer_in(self, text: str) -> bool:
        return bool(self.organizer and self.organizer.search(text))

    def anyone_in(self, text: str) -> bool:
        if self.organizer_in(text) or (self.others and self.others.search(text)):
            return True
        # "notre directrice des données (marie@acme.ca)": an address is someone.
        if any(a.lower() != self.organizer_address for a in ADDRESS.findall(text)):
            return True
        if self.candidate:
            text = self.candidate.sub("", text)
        if any(self._stranger(m.group()) for m in FULL_NAME.finditer(text)):
            return True
        # By first name alone: "Priya N. (Engineering Manager)", "Priya and Sam".
        return any(self._given_name(m.group()) for m in _CAPITALISED.finditer(text))

    def _given_name(self, word: str) -> bool:
        """A capitalised word that is no ordinary word, service, month or the employer's."""
        lowered = word.lower()
        return lowered not in _ordinary_words() and lowered not in self.domains

    def _stranger(self, name: str) -> bool:
        """A capitalised pair that is neither a meeting service nor the employer's domain."""
        words = name.lower().split()
        return not (set(words) & _SERVICE_WORDS or all(w in self.domains for w in words))
