"""Who takes part in an interview besides the candidate: from invitations and from text.

Attendees take part; an organizer or a writer who only arranged the meeting (a
recruiter, a coordinator, a scheduling mailbox) does not. The words that say
who takes part are language data (`Language.meets`, `writer_too`, `arranger`); the
lists of people a message writes are read by `panel`, and whether an invitation's
organizer takes part by `organizer`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from afterview.parsers.calendar import CalendarEvent
from afterview.parsers.company_names import domain_label
from afterview.parsers.facts import Person
from afterview.parsers.mime import flowing
from afterview.parsers.organizer import (
    WRITER_MEETS,
    organizer_takes_part,
    passed_on_by,
    says_writer_takes_part,
)
from afterview.parsers.panel import (
    ADDRESS,
    FULL_NAME,
    address_takes_part,
    arranges_at,
    listed_addresses,
    lists_of_people,
    name_pattern,
    sentence_at,
    whole_word_at,
    withdrawn,
)
from afterview.parsers.roles import (
    arranges_by_title,
    coordinates_by_title,
    is_candidate,
    is_shared_mailbox,
    title_of,
)
from afterview.parsers.senders import AGENCY, employer_domain

# Whom a candidate may meet, named by role rather than by name.
_SOMEONE = re.compile(
    r"\b(?:hiring manager|manager|team|panel|director|lead|engineers?|gestionnaire|équipe"
    r"|comité)\b",
    re.I,
)


def writer_takes_part(text: str) -> bool:
    """Whether the writer says they take part too ("Inès will join me", "et moi-même")."""
    return says_writer_takes_part(text)


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
    found = [a.lower() for a in ADDRESS.findall(text) if address_takes_part(joined, a)]
    # An assistant signing for the sender ("Executive Assistant to Rachel Kim") arranges.
    found = [a for a in found if a != sender and not _arranges_by_own_title(text, Person(email=a))]
    found += [p.email or "" for p in headers.copied if _takes_part(joined, p, copied=True)]
    found += [p.email or "" for p in headers.others if _takes_part(joined, p, copied=False)]
    own_domain = employer_domain(writer)
    # A recruiting agency's writer sends their client's interview; they never sit in it.
    agency = bool(own_domain and AGENCY.search(own_domain))
    people = [
        a
        for a in dict.fromkeys(found)
        if a and not is_candidate(Person(email=a), me) and _colleague(a, own_domain, agency=agency)
    ]
    if (
        own_domain
        and not agency
        and (writer_takes_part(text) or _writer_meets(text, writer, named=bool(people)))
    ):
        people.insert(0, sender)
    # The names the headers give them, spelled as their owners do.
    names = {p.email: p.name for p in [writer, *headers.copied, *headers.others] if p.email}
    return tuple(Person(name=names.get(a), email=a) for a in people)


def _writer_meets(text: str, writer: Person, *, named: bool) -> bool:
    """Whether a writer who speaks of meeting the candidate ("see you Tuesday") meets them.

    Like a silent invitation's organizer: not when the text says whom the candidate
    meets (a recruiter's "Talk soon" after "your interview with Nadia Karim" is a
    sign-off); beside colleagues only when the writer's title is not an arranger's;
    alone with the candidate, unless their title is one that only schedules (a
    recruiter's "I'll call you at 9:30" is their own screen).
    """
    meetings = list(WRITER_MEETS.finditer(text))
    # "Priya Nair would like to meet you": that meeting is someone else's.
    theirs = [m for m in meetings if _names_another(text, m.start(), writer)]
    if len(theirs) == len(meetings):
        return False
    if any(FULL_NAME.search(part) or _SOMEONE.search(part) for part in lists_of_people(text)):
        return False  # the text says whom the candidate meets
    title = title_of(writer, text)
    if title is None or not arranges_by_title(title):
        return not named or title is not None
    return not (named or theirs or coordinates_by_title(title))


def _names_another(text: str, at: int, writer: Person) -> bool:
    """Whether the sentence at `at` names someone in full who is not the writer."""
    own = {w for w in (writer.name or "").split() if len(w) > 1}
    sentence = sentence_at(text, at)
    return any(not set(m.group().split()) & own for m in FULL_NAME.finditer(sentence))


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
    if _drops_out(text, person) or _arranges_by_own_title(text, person):
        return False
    return not all(arranges_at(text, at) for at in where)


def _arranges_by_own_title(text: str, person: Person) -> bool:
    """Whether a person's title beside their name is an arranger's ("Hanna Berg" / "Recruiting
    Coordinator", a signature) and no list of people met names them."""
    title = title_of(person, text)
    if title is None or not arranges_by_title(title):
        return False
    pattern = name_pattern([person])
    return not (pattern and any(pattern.search(part) for part in lists_of_people(text)))


def _drops_out(text: str, person: Person) -> bool:
    """Whether the text says a person no longer takes part ("Pierre can no longer join")."""
    return any(withdrawn(text, form) for form in (*_name_forms(person), person.email) if form)


def _only_arranges(text: str, joined: str, person: Person) -> bool:
    """Whether the words make an attendee an arranger and never list them among those met.

    "Tanya, our coordinator, will meet you in the lobby"; "I've added Kim as optional
    so she stays in the loop".
    """
    where = _mentions(joined, person)
    if not any(arranges_at(joined, at) for at in where):
        return False
    pattern = name_pattern([person])
    return not (pattern and any(pattern.search(part) for part in lists_of_people(text)))


def _mentions(text: str, person: Person) -> list[int]:
    """Where `text` names a person, by full name or first name, as whole words."""
    return [at for form in _name_forms(person) for at in whole_word_at(text, form)]


def _name_forms(person: Person) -> list[str]:
    """A person's full name and first name, as a text may name them."""
    name = person.name or ""
    return [form for form in {name, name.split(" ")[0]} if len(form) > 1]


def _colleague(address: str, own_domain: str | None, *, agency: bool = False) -> bool:
    """At the writer's organisation (any employer for a relay or an ATS, and for an agency
    any but the agency, which writes for its client); no role mailbox."""
    if is_shared_mailbox(address):
        return False
    if own_domain and not agency:
        return _same_organisation(address, own_domain)
    at_employer = employer_domain(Person(email=address)) is not None
    return at_employer and not (own_domain and _same_organisation(address, own_domain))


def _same_organisation(address: str, domain: str) -> bool:
    """Whether an address is at `domain`'s organisation, by the name its domains spell:
    acme.io and eng.acme.com."""
    theirs = domain_label(address)
    return address.endswith("@" + domain) or (
        theirs is not None and theirs == domain_label("@" + domain)
    )


def sessions(
    events: Sequence[CalendarEvent],
    *,
    me: Collection[str],
    text: str = "",
    sender: Person | None = None,
) -> tuple[Person, ...]:
    """The interviewers of every session of an itinerary, once each, in session order."""
    unique: dict[str | None, Person] = {}
    for event in sorted(events, key=lambda e: e.start):
        for person in interviewers(event, me=me, text=text, sender=sender):
            unique.setdefault(person.email, person)
    return tuple(unique.values())


def interviewers(
    event: CalendarEvent,
    *,
    me: Collection[str],
    text: str = "",
    sender: Person | None = None,
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
    # Three texts, never one sentence: joined across a line break, an invitation's last line
    # (a signature's "Executive Assistant to ...") would run into the message's first words.
    said = "\n\n".join((event.summary, event.description, text))
    joined = flowing(said)
    if organizer and passed_on_by(organizer, sender) and not says_writer_takes_part(text):
        skip.add(sender.email if sender else None)  # the colleague who forwarded it arranges
    people = [p for p in event.attendees if p.email not in skip and _attends(p, me, said, joined)]
    takes_part = organizer and not is_candidate(organizer, me)
    if organizer and takes_part and organizer_takes_part(event, people, me, text, sender):
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
        and not _at_agency(attendee.email)
        and not _only_arranges(said, joined, attendee)
        and not _drops_out(joined, attendee)
    )


def _at_agency(address: str) -> bool:
    """Whether an address is a recruiting agency's: its recruiter never sits in the interview."""
    label = domain_label(address)
    return label is not None and AGENCY.search(label) is not None
