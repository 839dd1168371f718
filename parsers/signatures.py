"""Who signs a message and what their signature says; the people a text names.

A signature's lines after the writer's name hold their title and their employer
("Priya Raman" / "Talent Partner, Lumen Health"), or one line holds all of them
("Brandon Li | Recruiter | Greyhawk Outdoor"). People written beside an address or
a title are people, never an employer. `employer` weighs what these return.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from afterview.parsers.company_names import LEGAL_FORMS, clean_name, looks_like_company
from afterview.parsers.facts import Person
from afterview.parsers.languages import Language

_CLOSING = re.compile(
    r"^(?:best|regards|kind regards|best regards|warm regards|thanks|thank you|cheers|sincerely|"
    r"cordialement|merci|bien à vous|salutations|au plaisir|à bientôt)\b.{0,20}$",
    re.I,
)
_SIGNATURE_LINE = re.compile(
    r"^[^,|\n]{2,60}?\s*(?:,|\||\u2013|\s-\s|\bat\b|\bchez\b|@)\s*(?P<company>[A-ZÀ-Ý][^,|\n]{1,60})$"
)
_ONE_LINE_PARTS = re.compile(r"\s+[|\u2013\u2022\u00b7]\s+|\s+-\s+")
# A sign-off dash before the writer's name: "— Dana", "-- Dana".
_SIGN_DASHES = " \t-\u2013\u2014~"

# People the text names beside an address ("Priya Nair <priya@...>"), a title after a comma
# or in brackets ("Priya Nair, Head of Data"), or their employer ("Annie Côté de Brasserie").
_NAME_BESIDE = re.compile(
    r"\b([A-ZÀ-Ý][a-zß-ÿ'\u2019-]+ [A-ZÀ-Ý][\w'\u2019-]+)"
    r"(?=[ \t]*[(<][ \t]*[\w.+-]+@|[ \t]+(?:de|from|at|chez)[ \t]+[A-ZÀ-Ý]"
    r"|,[ \t]+(?:[Oo]ur |[Tt]he |[Aa] |[Aa]n |[Nn]otre |[Vv]otre )?((?:[\w'-]+ ){0,3}[\w'-]+)"
    r"|[ \t]+\(((?:[\w'-]+ ){0,3}[\w'-]+)\))",
)


# A signature's name line over its title line: "Annie Côté" / "Conseillère, talents".
_NAME_OVER_TITLE = re.compile(
    r"(?-i:^[ \t]*([A-ZÀ-Ý][a-zß-ÿ'\u2019-]+(?: [A-ZÀ-Ý][\w'\u2019-]+){1,2}))[ \t]*\n"
    r"[ \t]*([^\n]{2,60})$",
    re.M,
)


def people_in_text(text: str, language: Language) -> list[str]:
    """Names the text writes beside an address or a job title: people, never the employer."""
    found = []
    for match in [*_NAME_BESIDE.finditer(text), *_NAME_OVER_TITLE.finditer(text)]:
        title = match.group(2) or (match.group(3) if match.re is _NAME_BESIDE else None)
        if title is None or any(
            w.lower().strip(",.()") in language.role_words for w in title.split()
        ):
            found.append(match.group(1))
    return found


def signature_lines(text: str, sender: Person) -> Iterator[str]:
    """Company lines of a signature: after the sender's name line, the parts of each line."""
    lines = _signature(text)
    start = _name_line(lines, sender)
    if start is None:
        # Without the sender's name line, "Title, Company" lines say who employs them, and
        # so does a line, or a part of one, with an organisation's marks ("Stonebridge Dental
        # Group", "Brandon Li | Recruiter | Greyhawk Outdoor").
        # A sentence ("...for Product Analyst, Risk.") is no signature line.
        signed = [line for line in lines if not _sentence(line)]
        for line in signed:
            if match := _SIGNATURE_LINE.match(line):
                yield clean_name(match.group("company"))
            parts = _ONE_LINE_PARTS.split(line)
            yield from (
                clean_name(p) for p in parts if len(p.split()) <= 5 and looks_like_company(p)
            )
        return
    # A one-line signature: "Brandon Li | Recruiter | Greyhawk Outdoor", "— Dana, Recruiter, Acme".
    parts = _ONE_LINE_PARTS.split(lines[start].lstrip(_SIGN_DASHES))
    if len(parts) == 1:
        parts = lines[start].split(", ")
    yield from (clean_name(part) for part in parts[1:])
    for line in lines[start + 1 : start + 4]:
        # "Trevanion Logistics | 55 York St": a part with an organisation's marks comes first.
        parts = _ONE_LINE_PARTS.split(line)
        yield from (clean_name(p) for p in parts if len(parts) > 1 and looks_like_company(p))
        match = _SIGNATURE_LINE.match(line)
        yield clean_name(match.group("company") if match else line)


def _name_line(lines: list[str], sender: Person) -> int | None:
    """The signature's line that starts with the sender's name; a sentence is no such line."""
    first = (sender.name or "").split(" ")[0]
    found = [
        i
        for i, line in enumerate(lines)
        if first and line.lstrip(_SIGN_DASHES).startswith(first) and not _sentence(line)
    ]
    return found[-1] if found else None


def _sentence(line: str) -> bool:
    """Whether a line ends as a sentence does; "Kingsbridge Manufacturing Inc." ends a name."""
    if not line.endswith((".", "!", "?")):
        return False
    return line.rpartition(" ")[2].lower() not in LEGAL_FORMS


def last_lines(text: str) -> list[str]:
    """The last short lines of a text, where its signature sits."""
    return _signature(text)


def _signature(text: str) -> list[str]:
    """The last lines of the message's own text, where a signature sits."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return [line for line in lines[-6:] if len(line) <= 80]


def signers_of(text: str, sender: Person) -> list[str]:
    """Names that sign the text: the sender's name line, or the line after a closing ("Best,")."""
    lines = _signature(text)
    after_closing = [lines[i + 1] for i, line in enumerate(lines[:-1]) if _CLOSING.match(line)]
    start = _name_line(lines, sender)
    own = [re.split(r"\s*[|,\-\u2013]\s*", lines[start])[0]] if start is not None else []
    return after_closing + own
