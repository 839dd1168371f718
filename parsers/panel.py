"""The people a message's words list: those the candidate meets, and arrangers' sentences.

"You'll be meeting with Jane Doe and Sam Lee", an "Interviewers:" heading over
lines or paragraphs of names, titles and addresses, "Vous rencontrerez :"; and
the sentences that make someone an arranger ("our coordinator will meet you in
the lobby"). The words are language data (`Language.meets`, `arranger`);
`participants` decides with them who takes part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from afterview.parsers.anchored import CaselessSearch
from afterview.parsers.facts import Person
from afterview.parsers.languages.known import LANGUAGES
from afterview.parsers.roles import arranges_by_title, is_shared_mailbox, is_title, name_of

# Searched only where its words occur: it runs on every attendee's text.
_MEETS = CaselessSearch("|".join(f"(?:{language.meets})" for language in LANGUAGES))
ARRANGER = re.compile("|".join(f"(?:{language.arranger})" for language in LANGUAGES), re.IGNORECASE)
# A person's mention, then the words saying they drop out: after a closing bracket, and
# maybe an apposition ("Pierre Roy (pierre@acme.com), our CFO, can no longer join").
_WITHDRAWN = re.compile(
    r"[ \t)>\]]*(?:,[^,.;\n]{1,40},)?[ \t]*(?:"
    + "|".join(f"(?:{language.withdrawn})" for language in LANGUAGES)
    + ")",
    re.IGNORECASE,
)
# The words right before a mention saying someone else takes that person's place ("Sam
# replaces Priya Kapoor (priya@acme.com)"): the name between the words and an address.
_REPLACED = re.compile(
    "(?:"
    + "|".join(f"(?:{language.replaces})" for language in LANGUAGES)
    + r")[ \t]+(?:[\w'\u2019-]+[ \t]*){0,3}[(<]?[ \t]*$",
    re.IGNORECASE,
)
# A person's mention, then words saying they take part ("Our Head of Data (dana@acme.com)
# will lead the conversation").
_LEADS = re.compile(
    r"[ \t)>\]]*(?:,[^,.;\n]{1,40},)?[ \t]*(?:"
    + "|".join(f"(?:{language.leads})" for language in LANGUAGES)
    + ")",
    re.IGNORECASE,
)
# Tried only where a run of an address's characters starts: from inside one, the engine
# would walk the run again at each letter.
ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
FULL_NAME = re.compile(r"(?-i:\b[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'\u2019-]+ [A-ZÀ-ÖØ-Þ][\w'\u2019-]+)")
# Meeting services paste their joining instructions below a ruled line.
_BOILERPLATE = re.compile(r"^[ \t]*(?:[-_=~:*.][ \t]*){8,}$", re.MULTILINE)
# A semicolon ends a sentence, but not a list of people that runs on with addresses
# ("Weber, Jonas <jonas.weber@acme.com>; Obi, Amara <amara.obi@acme.com>").
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|;(?![^;\n]*@)")
_WORD_CHAR = re.compile(r"\w")


def whole_word_at(text: str, word: str) -> Iterator[int]:
    """Where `word` occurs in `text` with no word character touching it."""
    # str.find runs at memory speed; a regex with a look-behind would try every position.
    at = text.find(word)
    while at != -1:
        end = at + len(word)
        if not _WORD_CHAR.match(text[at - 1 : at]) and not _WORD_CHAR.match(text[end : end + 1]):
            yield at
        at = text.find(word, at + 1)


def has_whole_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` with no word character touching it."""
    return next(whole_word_at(text, word), None) is not None


def name_pattern(people: list[Person]) -> re.Pattern[str] | None:
    """Full names and first names of people, as whole words."""
    forms = {
        form
        for name in map(name_of, people)
        if name
        for form in (name, name.split()[0])
        if len(form) > 1
    }
    return _names_regex(tuple(sorted(forms, key=lambda f: (-len(f), f)))) if forms else None


@lru_cache(maxsize=256)
def _names_regex(forms: tuple[str, ...]) -> re.Pattern[str]:
    # The same few people are looked for again and again in one message: built once.
    alternatives = "|".join(_any_accents(f) for f in forms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# Letters a name may be written with or without accents: an address spells "tomas" and
# "jerome" where the text writes Tomás and Jérôme, and some texts drop the accents.
_ACCENTED = {
    "a": "aàâäáã",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïí",
    "n": "nñ",
    "o": "oôöóõ",
    "u": "uùûüú",
}
_UNACCENTED = {v: base for base, variants in _ACCENTED.items() for v in variants}


def _any_accents(name: str) -> str:
    """A regex matching `name` with any of its letters accented or not."""
    out = []
    for char in name:
        variants = _ACCENTED.get(_UNACCENTED.get(char.lower(), ""))
        if variants is None:
            out.append(re.escape(char))
        else:
            out.append(f"[{variants.upper() if char.isupper() else variants}]")
    return "".join(out)


def withdrawn(text: str, mention: str) -> bool:
    """Whether the words around some mention of a name or address in `text` say that person
    no longer takes part ("can no longer join", "ne pourra plus se joindre", "replaces")."""
    return any(
        _WITHDRAWN.match(text, at + len(mention)) or _REPLACED.search(text, max(0, at - 80), at)
        for at in whole_word_at(text, mention)
    )


def arranger_at(text: str, found: str) -> bool:
    """Whether the sentence where `found` first occurs makes someone an arranger.

    The sentence runs past `found`: the dots of an address end none.
    """
    at = text.find(found)
    return arranges_at(text, at, at + len(found))


def arranges_at(text: str, at: int, end: int | None = None) -> bool:
    """Whether the sentence at `at` (to past `end`), or the question it answers, makes
    someone an arranger.

    "Need to make a change? Reply to this email and Jordan will take care of it."
    """
    # A short question heads the sentence that answers it, on its line or the one above
    # ("Need to reschedule?" / "Jordan can help."): what it asks says who that person is.
    before = text[: _sentence_start(text, at)].rstrip(" \t").removesuffix("\n").rstrip(" \t")
    asked = sentence_at(text, len(before) - 1) if before.endswith("?") else ""
    return bool(ARRANGER.search(asked) or ARRANGER.search(sentence_at(text, at, end)))


def sentence_at(text: str, at: int, end: int | None = None) -> str:
    """The sentence (or line) of `text` around position `at`.

    With `end`, the sentence holds `at` to `end` (an address, whose dots end nothing), and
    a table's cell ends at its bar: joined rows of a table are no sentence.
    """
    after, marks = (at, ".!?\n") if end is None else (max(at, end), ".!?\n|")
    ends = [e for mark in marks if (e := text.find(mark, after)) != -1]
    return text[_sentence_start(text, at) : min(ends, default=len(text))]


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind(mark, 0, at) for mark in ".!?\n") + 1


def listed_addresses(text: str, joined: str) -> list[str]:
    """Addresses beside a person's name in the lists of people met, not an arranger's.

    Beside: on the name's line, or below it in the same entry ("Jane Doe" / "Staff
    Engineer" / "jane.doe@acme.com"); an agenda's session lines list people too.
    """
    found = []
    written = written_part(text)
    # An agenda's sessions name whom the candidate meets: "10:00 - 10:45 Coding | Ines Delgado".
    agenda = tuple(line.group("rest") for line in _AGENDA_LINE.finditer(written))
    listed = lists_of_people(written) + agenda
    for part in listed:
        for entry in part.split("\n\n"):
            named = False
            for line in entry.split("\n"):
                # A name in full, or a title: "Head of Data (dana@acme.com)", "Jane Doe" above.
                named = named or bool(FULL_NAME.search(line)) or is_title(line)
                found += [
                    a.lower()
                    for a in ADDRESS.findall(line)
                    if (named or _names_owner(line, a)) and address_takes_part(joined, a)
                ]
    return found + _named_elsewhere(written, joined, listed)


def _named_elsewhere(written: str, joined: str, listed: tuple[str, ...]) -> list[str]:
    """Addresses whose owners the lists name by first name, or that words say lead the
    interview: "with Ravi" and later "Ravi's email: ravi.shah@acme.com"; "our Head of
    Data (dana@acme.com) will lead the conversation"."""
    found = []
    for match in ADDRESS.finditer(written):
        address = match.group()
        first = name_of(Person(email=address)).partition(" ")[0]
        by_name = first and any(has_whole_word(part, first) for part in listed)
        if (by_name or _LEADS.match(written, match.end())) and address_takes_part(joined, address):
            found.append(address.lower())
    return found


def _names_owner(line: str, address: str) -> bool:
    """Whether a line names an address's owner as the address spells them ("Priya
    (priya.kapoor@acme.com)", "Weber, Jonas <jonas.weber@...>"), or is the address alone."""
    if is_shared_mailbox(address):
        return False
    rest = _BULLET.sub("", line.replace(address, "").strip()).strip(" \t<>()[],;:")
    words = name_of(Person(email=address)).split()
    return not rest or any(has_whole_word(line, word) for word in words)


def address_takes_part(text: str, address: str) -> bool:
    """Whether the words around an address make its owner neither an arranger nor a dropout."""
    return not arranger_at(text, address) and not withdrawn(text, address)


def written_part(text: str) -> str:
    """What a person wrote: above any service boilerplate, without the lines holding links."""
    text = _BOILERPLATE.split(text, maxsplit=1)[0]
    return "\n".join(line for line in text.split("\n") if "://" not in line)


_BLANKS = re.compile(r"\s*")
# An entry's name line is short; a sentence about a person runs on.
_ENTRY_LINE = 60
# What starts a list item: "- ", "\u2022 ", "1. ", "10:00 AM - ".
_BULLET = re.compile(r"^(?:[-*\u2022\u2013\u00b7]|\d{1,2}[.)])\s*")


@lru_cache(maxsize=16)
def lists_of_people(text: str) -> tuple[str, ...]:
    """The words after each "with ...": the rest of the sentence, or the lines below a heading.

    Asked again for each attendee of the same text: kept for the few texts last read.
    """
    found = []
    for cue in _MEETS.finditer(text):
        line_end = text.find("\n", cue.end())
        line_end = len(text) if line_end == -1 else line_end
        line = text[cue.end() : line_end].strip(" \t:")
        if line:
            found.append(_SENTENCE_END.split(line, maxsplit=1)[0])
            continue
        found.append(_entries_below(text, line_end))
    return tuple(found)


# A line that starts with a session's time range, as agendas and itineraries write them.
_CLOCK = r"\d{1,2}(?::\d{2}|[ \t]?h[ \t]?(?:\d{2})?)?(?:[ \t]?[ap]\.?m\.?)?"
_AGENDA_LINE = re.compile(
    rf"^[ \t]*(?:[-*\u2022\u00b7][ \t]*)?{_CLOCK}[ \t]*(?:[-\u2013\u2014]|to|à)[ \t]*{_CLOCK}"
    # An address hard-wrapped onto the next line still belongs to its session, and so do the
    # next lines holding addresses (a table cell of several people), until the next session.
    r"(?P<rest>[^\n]*(?:\n(?![ \t]*(?:[-*\u2022\u00b7][ \t]*)?\d)[^\n@]*@[^\n]*)*)",
    re.MULTILINE | re.IGNORECASE,
)


def _entries_below(text: str, at: int) -> str:
    """The people listed below a heading: lines of names, titles and addresses.

    A heading's list may start after a blank line ("Interviewers:", "", "Jane Doe..."),
    and a vertical list gives each person a paragraph (name, title, address): the list
    runs on while the next paragraph is a person's entry. A line that reads as a
    sentence ends it, blank line or not (HTML paragraphs come without blank lines).
    """
    start = _after_blanks(text, at)
    end = start
    while end < len(text):
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        line = text[end:line_end].strip()
        if not line:
            following = _after_blanks(text, line_end)
            if following >= len(text) or not _an_entry(text, following):
                break
            line_end = following - 1
        elif not _listing_line(line) or _signs_off(line, text, line_end):
            break
        end = line_end + 1
    return text[start:end].rstrip()


def _signs_off(line: str, text: str, line_end: int) -> bool:
    """Whether a name line over an arranger's title ends a list: its writer's signature
    ("Dana Cho" / "Recruiting Coordinator, Acme"), however close below the list."""
    below_end = text.find("\n", line_end + 1)
    below = text[line_end + 1 : len(text) if below_end == -1 else below_end]
    return bool(FULL_NAME.fullmatch(line)) and arranges_by_title(below)


def _an_entry(text: str, at: int) -> bool:
    """Whether a paragraph is a person's entry: a full name on a short line of its own.

    "Sam Ortiz, your coordinator, will meet you in the lobby." is a sentence, not an entry.
    """
    line_end = text.find("\n", at)
    line = text[at : len(text) if line_end == -1 else line_end].rstrip()
    return bool(FULL_NAME.match(line)) and len(line) <= _ENTRY_LINE and line[-1:] not in ".!?"


def _listing_line(line: str) -> bool:
    """Whether a line belongs to a list of people: a name, a title, an address; no sentence."""
    line = _BULLET.sub("", line)
    if ADDRESS.search(line) or FULL_NAME.match(line):
        return True
    return len(line) <= _ENTRY_LINE and line[-1:] not in ".!?"


def _after_blanks(text: str, at: int) -> int:
    blanks = _BLANKS.match(text, at)  # \s* always matches
    return blanks.end() if blanks else at
