"""Who a person is around an interview: the candidate, a shared mailbox, or someone by title.

An invitation may reach the candidate at another of their addresses (a +tag, a
personal mailbox under their own name); a careers inbox or a booking calendar
organizes meetings and never interviews; a recruiter's or a coordinator's title
says they arranged the interview, an engineer's or a manager's that they may sit
in it. Titles are language data (`Language.arranger_titles`, `role_words`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache

from afterview.parsers.facts import Person
from afterview.parsers.languages.known import LANGUAGES

_NAME_WORDS = re.compile(r"[^\W\d_]+")
# Shared mailboxes, by the words of their local part: "careers", "halcyoncareers",
# "recruitingevents", "dotation", "rh". Short words only as whole parts ("hr.team").
_SHARED_WORDS = re.compile(
    r"career|carriere|jobs|emploi|recruit|recrut|talent|hiring|booking|schedul|calendar|"
    r"interviews|entrevues|dotation|staffing|no-?reply|donotreply|notification"
)
_SHARED_PARTS = frozenset("hr rh ta people info events admin team".split())


def _local_parts(address: str) -> tuple[str, str]:
    """The local part without its +tag, and the domain, lower-case."""
    local, _, domain = address.lower().rpartition("@")
    return local.partition("+")[0], domain


def is_candidate(person: Person, me: Collection[str]) -> bool:
    """Whether `person` is the candidate, whose addresses are `me`.

    The same mailbox under a +tag or other dots ("alex.morgan+jobs@"), or a person
    whose name is the one the candidate's address spells ("Alex Morgan" for
    alex.morgan@...) at any address.
    """
    address = (person.email or "").lower()
    if not address and not person.name:
        return False
    local, domain = _local_parts(address)
    for mine in me:
        my_local, my_domain = _local_parts(mine)
        if address and domain == my_domain and local.replace(".", "") == my_local.replace(".", ""):
            return True
        if person.name and _same_words(person.name, my_local):
            return True
    return False


def _same_words(name: str, local: str) -> bool:
    """Whether a display name is the name a local part spells ("Morgan, Alex": alex.morgan)."""
    words = set(_NAME_WORDS.findall(name.lower()))
    spelled = set(re.split(r"[._-]+", local))
    return len(words) > 1 and words == spelled


def name_of(person: Person) -> str:
    """A person's name as a text would write it: their display name, else the one their
    address spells ("jenna.morales@" is Jenna Morales, "priya@" Priya); "" for a team's box.

    Some calendars invite people by address alone (no CN), yet the text names them.
    """
    if person.name:
        return person.name.strip()
    if is_shared_mailbox(person.email):
        return ""
    local = (person.email or "").partition("@")[0].partition("+")[0]
    parts = [part for part in re.split(r"[._-]+", local) if part.isalpha() and len(part) > 1]
    return " ".join(part.capitalize() for part in parts) if 0 < len(parts) <= 3 else ""


def is_shared_mailbox(address: str | None) -> bool:
    """Whether an address is a team's mailbox (careers, bookings, HR), not a person's."""
    local = (address or "").lower().partition("@")[0]
    if not local:
        return False
    return bool(_SHARED_WORDS.search(local)) or bool(
        set(re.split(r"[._+-]", local)) & _SHARED_PARTS
    )


@cache
def _arranger_titles() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{lang.arranger_titles})" for lang in LANGUAGES), re.I)


@cache
def _title_words() -> frozenset[str]:
    return frozenset(word for language in LANGUAGES for word in language.role_words)


def title_of(person: Person, text: str) -> str | None:
    """The title written beside a person's full name at the start of a line, if any.

    "Priya Raman, Engineering Manager", "Priya Raman | Talent Partner", or the line
    below a signature's name line ("Priya Raman" / "Senior Recruiter, Lumen Health").
    """
    name = name_of(person)
    if " " not in name or name not in text:
        return None
    for match in re.finditer(rf"(?m)^[ \t]*{re.escape(name)}[ \t]*(.*)$", text):
        rest = match.group(1).strip(" \t,|-\u2013")
        below = text[match.end() + 1 :].split("\n", 1)[0].strip()
        title = rest if len(rest) > 2 else below
        if is_title(title):
            return title
    return None


def is_title(line: str) -> bool:
    """Whether a line holds a job title: an arranger's, or any with a role's words."""
    words = {w.lower() for w in _NAME_WORDS.findall(line)}
    return bool(_arranger_titles().search(line)) or bool(words & _title_words())


@cache
def _coordinator_titles() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{lang.coordinator_titles})" for lang in LANGUAGES), re.I)


def coordinates_by_title(title: str) -> bool:
    """Whether a title is a coordinator's or an assistant's: someone who never interviews."""
    return bool(_coordinator_titles().search(title))


def arranges_by_title(title: str) -> bool:
    """Whether a title is a recruiter's, a coordinator's, HR's: someone who arranges."""
    return bool(_arranger_titles().search(title))
