"""Who takes part in an interview besides the candidate: from invitations and from text.

Attendees take part; an organizer or a writer who only arranged the meeting (a
recruiter, a coordinator, a scheduling mailbox) does not. The words that say
who takes part are language data (`Language.meets`, `writer_too`, `arranger`); the
lists of people a message writes are read by `panel`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from afterview.parsers.calendar import VIDEO_SERVICES, CalendarEvent
from afterview.parsers.company_names import domain_label
from afterview.parsers.facts import Person
from afterview.parsers.languages.known import LANGUAGES
from afterview.parsers.mime import flowing
from afterview.parsers.panel import (
    ADDRESS,
    ARRANGER,
    FULL_NAME,
    arranger_at,
    listed_addresses,
    lists_of_people,
    sentence_at,
    written_part,
)
from afterview.parsers.prefilter import CaselessSearch
from afterview.parsers.roles import arranges_by_title, is_candidate, is_shared_mailbox, title_of
from afterview.parsers.senders import AGENCY, domain_of, employer_domain, is_relay


def _either(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Searched only where its words occur: it runs on every confirmation's whole text.
_WRITER_TOO = CaselessSearch("|".join(f"(?:{language.writer_too})" for language in LANGUAGES))
_WRITER_ON_AGENDA = re.compile(
    "|".join(f"(?:{language.writer_on_agenda})" for language in LANGUAGES), re.I | re.M
)
_WRITER_MEETS = _either([language.writer_meets for language in LANGUAGES])
# Whom a candidate may meet, named by role rather than by name.
_SOMEONE = re.compile(
    r"\b(?:hiring manager|manager|team|panel|director|lead|engineers?|gestionnaire|équipe"
    r"|comité)\b",
    re.I,
)


def writer_takes_part(text: str) -> bool:
    """Whether the writer says they take part too ("Inès will join me", "et moi-même")."""
    return _says_writer_takes_part(text)


def _says_writer_takes_part(text: str) -> bool:
    return next(_WRITER_TOO.finditer(text), None) is not None or bool(
        _WRITER_ON_AGENDA.search(text)
    )


def named_in_text(
    text: str, writer: Person, headers: HeaderPeople, *, me: Collection[str]
) -> tuple[Person, ...]:
    """Interviewers a text confirmation names, at the employer: never the candidate.

    By address in the text (not the writer's own, in their signature); people
    in the headers whom the text names, or who are copied and not named; the
    writer when they say they take part, or speak of meeting the candidate and
    name no one else. Anyone the text calls an arranger ("my coordinator
    Priyanka will send you options") is left out.
    """
    sender = (writer.email or "").lower()
    # Sentences run across hard-wrapped lines; joining them keeps every position.
    joined = flowing(text)
    found = [a.lower() for a in ADDRESS.findall(text) if not arranger_at(joined, a)]
    found = [a for a in found if a != sender]
    found += [p.email or "" for p in headers.copied if _takes_part(joined, p, copied=True)]
    found += [p.email or "" for p in headers.others if _takes_part(joined, p, copied=False)]
    own_domain = employer_domain(writer)
    # A recruiting agency's writer sends their client's interview; they never sit in it.
    agency = bool(own_domain and AGENCY.search(own_domain))
    people = [
        a
        for a in dict.fromkeys(found)
        if a and not is_candidate(Person(email=a), me) and _colleague(a, own_domain)
    ]
    if (
        own_domain
        and not agency
        and (writer_takes_part(text) or _writer_meets(text, writer, named=bool(people)))
    ):
        people.insert(0, sender)
    return tuple(Person(email=a) for a in people)


def _writer_meets(text: str, writer: Person, *, named: bool) -> bool:
    """Whether a writer who speaks of meeting the candidate ("see you Tuesday") meets them.

    Like a silent invitation's organizer: not when the text says whom the candidate
    meets or the writer's title is an arranger's (a recruiter's "Talk soon" after
    "your interview with Nadia Karim" is a sign-off); else yes when no one else is
    named, and beside colleagues only when the writer's title says they may interview.
    """
    if not _WRITER_MEETS.search(text):
        return False
    title = title_of(writer, text)
    if title is not None and arranges_by_title(title):
        return False
    if any(FULL_NAME.search(part) or _SOMEONE.search(part) for part in lists_of_people(text)):
        return False  # the text says whom the candidate meets
    return not named or title is not None


@dataclass(frozen=True)
class HeaderPeople:
    """The people a message's headers name besides its writer: copied (Cc), and the others."""

    copied: Sequence[Person] = ()
    others: Sequence[Person] = ()


def _takes_part(text: str, person: Person, *, copied: bool) -> bool:
    """Whether the text names a person, not as an arranger; unnamed, a copied person does."""
    where = _mentions(text, person)
    if not where:
        return copied
    return not all(ARRANGER.search(sentence_at(text, at)) for at in where)


def _only_arranges(text: str, joined: str, person: Person) -> bool:
    """Whether the words make an attendee an arranger and never list them among those met.

    "Tanya, our coordinator, will meet you in the lobby"; "I've added Kim as optional
    so she stays in the loop".
    """
    where = _mentions(joined, person)
    if not any(ARRANGER.search(sentence_at(joined, at)) for at in where):
        return False
    pattern = _name_pattern([person])
    return not (pattern and any(pattern.search(part) for part in lists_of_people(text)))


def _mentions(text: str, person: Person) -> list[int]:
    """Where `text` names a person, by full name or first name, as whole words."""
    name = person.name or ""
    forms = [form for form in {name, name.split(" ")[0]} if len(form) > 1]
    return [at for form in forms for at in _whole_word_at(text, form)]


_WORD_CHAR = re.compile(r"\w")


def _whole_word_at(text: str, word: str) -> Iterator[int]:
    """Where `word` occurs in `text` with no word character touching it."""
    # str.find runs at memory speed; a regex with a look-behind would try every position.
    at = text.find(word)
    while at != -1:
        end = at + len(word)
        if not _WORD_CHAR.match(text[at - 1 : at]) and not _WORD_CHAR.match(text[end : end + 1]):
            yield at
        at = text.find(word, at + 1)


def _colleague(address: str, own_domain: str | None) -> bool:
    """At the writer's organisation (any employer for a relay or an ATS); no role mailbox.

    The same organisation by the name its domains spell: acme.io and eng.acme.com.
    """
    if is_shared_mailbox(address):
        return False
    if own_domain:
        theirs = domain_label(address)
        return address.endswith("@" + own_domain) or (
            theirs is not None and theirs == domain_label("@" + own_domain)
        )
    return employer_domain(Person(email=address)) is not None


def sessions(
    events: Sequence[CalendarEvent], *, me: Collection[str], text: str = ""
) -> tuple[Person, ...]:
    """The interviewers of every session of an itinerary, once each, in session order."""
    unique: dict[str | None, Person] = {}
    for event in sorted(events, key=lambda e: e.start):
        for person in interviewers(event, me=me, text=text):
            unique.setdefault(person.email, person)
    return tuple(unique.values())


# The words of video services' names ("Zoom", "Google Meet"): no person's name.
_SERVICE_WORDS = frozenset(w.lower() for name in VIDEO_SERVICES for w in name.split())


def interviewers(
    event: CalendarEvent, *, me: Collection[str], text: str = ""
) -> tuple[Person, ...]:
    """The people who take part besides the candidate (whose addresses are `me`), once each.

    Attendees take part, but never a shared mailbox. The organizer does when their
    own words say so (in the invitation, or in the message's `text`), when the
    title names them, when no one else is invited, or when their job title is not
    an arranger's: one who only arranged the meeting (a recruiter, a scheduling
    mailbox) is left out even when listed as an attendee.
    """
    # One address alone is a str, itself a collection of one-letter strings.
    me = {address.strip().lower() for address in ([me] if isinstance(me, str) else me)}
    organizer = event.organizer if event.organizer and event.organizer.email else None
    skip = {organizer.email if organizer else None}
    said = f"{event.summary}\n{event.description}\n{text}"
    joined = flowing(said)
    people = [p for p in event.attendees if p.email not in skip and _attends(p, me, said, joined)]
    takes_part = organizer and not is_candidate(organizer, me)
    if organizer and takes_part and _organizer_takes_part(event, people, me, text):
        people.insert(0, organizer)
    # People the words list with their addresses ("Attendees:", "Vous rencontrerez :")
    # take part even when the invitation itself invites only the candidate.
    listed = listed_addresses(said, joined)
    people += [
        Person(email=a) for a in listed if a not in skip and not is_candidate(Person(email=a), me)
    ]
    unique: dict[str | None, Person] = {}
    for person in people:
        unique.setdefault(person.email, person)
    return tuple(unique.values())


def _attends(attendee: Person, me: Collection[str], said: str, joined: str) -> bool:
    """Whether an attendee takes part: a person, not the candidate, not only an arranger."""
    return bool(
        attendee.email
        and not is_candidate(attendee, me)
        and not is_shared_mailbox(attendee.email)
        and not _only_arranges(said, joined, attendee)
    )


def _organizer_takes_part(
    event: CalendarEvent, others: list[Person], me: Collection[str], text: str
) -> bool:
    """Whether the organizer meets the candidate, or only arranged the meeting.

    An invitation sent from their calendar by someone else (SENT-BY) is their own
    meeting. Otherwise the invitation's words decide: "with Priya and me" includes
    them, "with Priya" alone leaves them out; so does a list of names in the message
    around it, and a title that names them ("Alex Morgan <> Priya Raman"). Silent,
    they take part when no one else does, or when their job title is not an arranger's,
    or, with no title, when they speak of meeting the candidate ("see you Tuesday").
    """
    organizer = event.organizer or Person()
    if is_shared_mailbox(organizer.email) or is_relay(domain_of(organizer.email)):
        return False
    if event.sent_by and event.sent_by != organizer.email:
        # Someone sent it from the organizer's calendar: the meeting is the organizer's own.
        return True
    written = written_part(f"{event.summary}\n{event.description}")
    if _says_writer_takes_part(written) or _names_in_full(event.summary, organizer):
        return True
    # The message around the invitation may list the people too ("With Sigrid and Jonas").
    written += "\n" + written_part(text)
    own = [p for p in event.attendees if is_candidate(p, me)]
    named = _NamedPeople(organizer, others, own)
    lists = [part for part in lists_of_people(written) if named.anyone_in(part)]
    if lists:
        return any(named.organizer_in(part) for part in lists)
    return not others or _silent_organizer_meets(organizer, written, f"{event.description}\n{text}")


def _silent_organizer_meets(organizer: Person, written: str, said: str) -> bool:
    """Whether an organizer who invites others, and lists no one, meets the candidate too.

    Their job title beside their name decides; without one, their own words do
    ("Looking forward to meeting you").
    """
    title = title_of(organizer, said)
    if title is not None:
        return not arranges_by_title(title)
    return bool(_WRITER_MEETS.search(written))


def _names_in_full(text: str, person: Person) -> bool:
    """Whether `text` holds a person's full name ("Alex Morgan <> Priya Raman")."""
    name = (person.name or "").strip()
    return " " in name and next(_whole_word_at(text, name), None) is not None


class _NamedPeople:
    """Who a list of names may mention: the organizer, the other attendees, or a stranger."""

    def __init__(self, organizer: Person, others: list[Person], own: list[Person]) -> None:
        self.organizer = _name_pattern([organizer])
        self.others = _name_pattern(others)
        self.candidate = _name_pattern(own)
        self.domains = " ".join(p.email.partition("@")[2] for p in [organizer, *others] if p.email)

    def organizer_in(self, text: str) -> bool:
        return bool(self.organizer and self.organizer.search(text))

    def anyone_in(self, text: str) -> bool:
        if self.organizer_in(text) or (self.others and self.others.search(text)):
            return True
        if self.candidate:
            text = self.candidate.sub("", text)
        return any(self._stranger(m.group()) for m in FULL_NAME.finditer(text))

    def _stranger(self, name: str) -> bool:
        """A capitalised pair that is neither a meeting service nor the employer's domain."""
        words = name.lower().split()
        return not (set(words) & _SERVICE_WORDS or all(w in self.domains for w in words))


def _name_pattern(people: list[Person]) -> re.Pattern[str] | None:
    """Full names and first names of people, as whole words."""
    forms = {
        form for p in people if p.name for form in (p.name, p.name.split()[0]) if len(form) > 1
    }
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
