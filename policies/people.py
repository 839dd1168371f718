"""Who is who in an application: people named without an address, matched to known ones.

The user's notes may name an interviewer by name only ("interviewers: Priya"),
and the person's address may become known only later (she writes, or a new
invitation lists her). Whoever reads a round's interviewers (the planner
choosing recipients, the Drafter writing a letter) reads them through
`interviewers`, so a name-only person gets the address of the one known person
that name fits, whenever that became known, and nobody appears twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from afterview.parsers.facts import Person
from afterview.policies.applications import Application, Round
from afterview.policies.letters import Correspondent


def known_people(app: Application) -> list[Person]:
    """Everyone with an address the application knows: interviewers, contacts, senders."""
    people = [p for r in app.rounds for p in r.interviewers if p.email]
    people += [Person(c.name, c.email, c.title) for c in app.contacts]
    people += [m.sender for m in app.employer_messages() if m.sender.email and not m.by_ats]
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


def _name_words(name: str | None) -> frozenset[str]:
    """A name's words in any order, without honorifics, degrees or case: what names share."""
    full = Correspondent("", name).full_name or ""
    return frozenset(word.strip(".,'\"").casefold() for word in full.split()) - {""}
