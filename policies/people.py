"""Who is who in an application: name-only interviewers, and recruiters.

The user's notes may name an interviewer by name only ("interviewers: Priya"),
and the person's address may become known only later (she writes, or a new
invitation lists her). Whoever reads a round's interviewers (the planner
choosing recipients, the Drafter writing a letter) reads them through
`interviewers`, so a name-only person gets the address of the one known person
that name fits, whenever that became known, and nobody appears twice.

A recruiter is told apart by what the mail shows (`is_recruiter`); one at a
recruiting agency writes for several employers (`at_agency`), which matching
and the employer's domains must allow for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from afterview.parsers.company_names import slug
from afterview.parsers.facts import Person, SenderKind
from afterview.policies.applications import Application, ContactRole, Round
from afterview.policies.events import EventKind, MessageInfo
from afterview.policies.letters import Correspondent

# Words of a recruiter's title ("Talent Acquisition Partner", "Sourcer", "Recruteuse") or of
# a recruiting agency's domain (the kind of words parsers/employer.py reads agencies by).
_RECRUITING = re.compile(
    r"recruit|recrut|talent|staffing|headhunt|placement|\bsourc(?:er|ing|eur|euse)s?\b", re.I
)
# Mail that arranges an interview: its human sender, if not interviewing, is recruiting.
_ARRANGING = frozenset({EventKind.INVITED, EventKind.SCHEDULED, EventKind.CANCELLED})


def known_people(app: Application) -> list[Person]:
    """Everyone with an address the application knows: interviewers, contacts, senders."""
    people = [p for r in app.rounds for p in r.interviewers if p.email]
    people += [Person(c.name, c.email, c.title) for c in app.contacts]
    people += [m.sender for m in app.employer_messages if m.sender.email and not m.by_ats]
    return people


def addressed(person: Person, known: Iterable[Person]) -> Person:
    """The person with the address of the only known one their name fits, else as given.

    A name fits when all its words are among the known person's ("Priya" fits "Priya
    Shah", "Dr. Shah" fits "Priya Shah"); two fitting people give no address, since a
    guess could thank the wrong one.
    """
    if person.email or not person.name:
        return person
    words = _name_words(person.name)
    if not words:
        return person
    fits = {(p.email or "").lower(): p for p in known if p.email and words <= _name_words(p.name)}
    if len(fits) != 1:
        return person
    [found] = fits.values()
    return Person(found.name or person.name, found.email, found.title or person.title)


def interviewers(app: Application, round_: Round) -> tuple[Person, ...]:
    """A round's interviewers, name-only ones addressed where possible, each person once."""
    known = known_people(app)
    seen: set[str] = set()
    out = []
    for person in (addressed(p, known) for p in round_.interviewers):
        key = (person.email or "").lower() or f"name:{(person.name or '').casefold()}"
        if key not in seen:
            seen.add(key)
            out.append(person)
    return tuple(out)


def at_agency(person: Person) -> bool:
    """Whether someone writes from a recruiting agency: its domain names the agency, and the
    agency writes for several employers, so the domain never identifies one of them."""
    label = slug(person.email or "", SenderKind.HUMAN)
    return bool(label and _RECRUITING.search(label))


def is_recruiter(app: Application, kind: EventKind, message: MessageInfo) -> bool:
    """Whether a message's human sender recruits for this application, as far as it shows:
    not an interviewer, and arranging an interview, titled as a recruiter, or at an agency."""
    email = (message.sender.email or "").lower()
    if message.by_ats or not email:
        return False  # an ATS or a no-reply address is nobody to write to
    interviewing = {c.email for c in app.contacts_in(ContactRole.INTERVIEWER)}
    if message.interview is not None:
        interviewing |= {(p.email or "").lower() for p in message.interview.interviewers}
    if email in interviewing:
        return False
    titled = _RECRUITING.search(message.sender.title or "") is not None
    return kind in _ARRANGING or titled or at_agency(message.sender)


def _name_words(name: str | None) -> frozenset[str]:
    """A name's words in any order, without honorifics, degrees or case: what names share."""
    full = Correspondent("", name).full_name or ""
    return frozenset(word.strip(".,'\"").casefold() for word in full.split()) - {""}
