"""The lexicon a language's time words make: text cut into tokens of one letter each.

A `Lexicon` compiles a language's tables and cuts text into tokens of one letter
each; tokens with only filler words between them stay adjacent, others are parted
by `|` (or `/` at a blank line). Grammars (in `when` and `timeline`) are regular
expressions over these letters, so one grammar serves every language: "next
Tuesday" is `XW`, "mardi prochain" `WX`, and both are days.

    W weekday  M month  Y year  n number  o day of the month  D numeric date
    R today/tomorrow  A the day after the one named before  e end of day
    H holiday  L long weekend  X next  T this  F following  B last
    P part (early, mid, late)  K week  O month (the word)  q number word  f few
    v ordinal word (first, deuxième)  V that week (the week of the day named before)
    U unit  I within  S from now  ~ about  - through  E before  Z after  N once
    @ at  p am/pm  c clock time  z zone  G lasting (for)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from afterview.parsers.timewords import Part, TimeWords, Unit

# A token's meaning: a number, a zone name, a unit, a part, or a (year, month, day) date.
Value = int | str | Unit | Part | tuple[int, int, int]


class Token(NamedTuple):
    """One recognised word or number: its kind letter, meaning and place in the text."""

    kind: str
    value: Value
    start: int
    end: int


@dataclass(frozen=True)
class Scan:
    """A text's tokens, and their kind letters with separators; `slots` aligns with `kinds`."""

    text: str
    kinds: str
    slots: tuple[Token | None, ...]

    def tokens(self, start: int, end: int) -> list[Token]:
        """The tokens under kinds[start:end]."""
        return [token for token in self.slots[start:end] if token is not None]

    def expression(self, start: int, end: int) -> Expression:
        """The tokens under kinds[start:end], by kind."""
        return Expression(self.tokens(start, end))


class Expression:
    """The tokens one grammar match covers, by kind: the last token of each kind counts."""

    def __init__(self, tokens: Iterable[Token]) -> None:
        self.values: dict[str, Value] = {token.kind: token.value for token in tokens}

    def __contains__(self, kind: str) -> bool:
        return kind in self.values

    def number(self, *kinds: str) -> int | None:
        """The first of these kinds that holds a number."""
        found = (self.values.get(kind) for kind in kinds)
        return next((value for value in found if isinstance(value, int)), None)

    def date(self, *kinds: str) -> tuple[int, int, int] | None:
        """The first of these kinds that holds a (year, month, day) date."""
        found = (self.values.get(kind) for kind in kinds)
        return next((value for value in found if isinstance(value, tuple)), None)

    def part(self) -> Part | None:
        """Early, mid or late, if said."""
        value = self.values.get("P")
        return value if isinstance(value, Part) else None

    def unit(self) -> Unit | None:
        """The unit of a length of time, if said."""
        value = self.values.get("U")
        return value if isinstance(value, Unit) else None


_LETTER_BEFORE = r"(?<![^\W\d_])"
_LETTER_AFTER = r"(?![^\W\d_])"


class Lexicon:
    """A language's tables compiled into one tokenising regular expression."""

    def __init__(self, words: TimeWords) -> None:
        self.words = words
        self.table = _table(words)
        self.abbreviations = {a.lower(): zone for a, zone in words.zone_abbreviations.items()}
        self.capitalized = frozenset(words.capitalized)
        # What parts slots of a list: bullets, numbers, commas and "or".
        self.list_gap = re.compile(
            rf"[\s,;]*(?:{_words(words.alternatives)})?\s*(?:[-*\u2022\u00b7]|\d{{1,2}}[.)])?\s*",
            re.IGNORECASE,
        )
        # What may sit between the tokens of one expression.
        # Bullets and colons too: "(all times ET):" then "\u2022 10:00 - 10:45" is one list.
        self.glue = re.compile(
            rf"(?:[\s,:()\u22c5\u00b7\u2022|]|{_words(words.fillers + words.labels)})*"
        )
        phrases = self.table.keys() | self.abbreviations.keys()
        # Case-insensitive matching is slow in `re`: the patterns read lower-cased text.
        self.pattern = re.compile(_token_pattern(words, phrases))
        self.clockish = re.compile(_clockish_pattern(words))
        # Between a day and a time in the next sentence: "March 16. It starts at 9:30".
        self.starts_at = re.compile(_words(words.starts_at))
        self.article = re.compile(rf"{_LETTER_BEFORE}(?:{_words(words.day_articles)})\s+\Z")
        self.numbered_thing = re.compile(rf"\s*(?:{_words(words.numbered_things)})")
        # Read up to where a day and time begins; fillers ("on the") may come between.
        before = rf"[\s,:]*(?:(?:{_words(words.fillers)})\s*)*\Z"
        self.deadline = re.compile(rf"(?:{'|'.join(words.deadlines) or '(?!)'}){before}")
        self.not_the_appointment = re.compile(
            rf"(?:{'|'.join((*words.not_the_appointment, *words.deadlines)) or '(?!)'}){before}"
        )

    def scan(self, text: str) -> Scan:
        """Cut text into tokens."""
        lowered = lower(text)
        kinds: list[str] = []
        slots: list[Token | None] = []
        last = -1
        found = [
            token for match in self.pattern.finditer(lowered) if (token := self._token(match, text))
        ]
        for at, token in enumerate(found):
            if token.kind == "v" and not self._ordinal_of(found, at, text, lowered):
                continue
            if last >= 0 and (gap := self._gap(text, lowered, last, token.start)):
                kinds.append(gap)
                slots.append(None)
            kinds.append(token.kind)
            slots.append(token)
            last = token.end
        return Scan(text, "".join(kinds), tuple(slots))

    def _ordinal_of(self, found: list[Token], at: int, text: str, lowered: str) -> bool:
        """Whether the ordinal at `at` counts a weekday or a week ("the first Tuesday"): "the
        first session" is no time word."""
        following = found[at + 1] if at + 1 < len(found) else None
        return (
            following is not None
            and following.kind in "WK"
            and not self._gap(text, lowered, found[at].end, following.start)
        )

    def _gap(self, text: str, lowered: str, start: int, end: int) -> str:
        """What parts two tokens: nothing (fillers only), "|" (other words), "/" (a blank line)."""
        if BLANK_LINE.search(text, start, end):
            return "/"
        return "" if self.glue.fullmatch(lowered, start, end) else "|"

    def _token(self, match: re.Match[str], text: str) -> Token | None:
        start, end = match.span()
        found = text[start:end]
        group = match.lastgroup or ""
        read = self._word(found) if group == "word" else self._number(group, found, text, start)
        return None if read is None else Token(read[0], read[1], start, end)

    def _number(self, group: str, found: str, text: str, start: int) -> tuple[str, Value] | None:
        if group == "offset":
            return "z", _offset(found)
        numbers = [int(digits) for digits in _DIGITS.findall(found)]
        if group in ("iso", "numeric"):
            order = "ymd" if group == "iso" else self.words.numeric_order
            return "D", _numeric_date(numbers, order)
        if group == "clock":
            hour, minute = [*numbers, 0][:2]
            return ("c", hour * 60 + minute) if hour < 24 else None
        # A day of the month has an ordinal suffix or an article: "the 20th", "le 20"; "the
        # 27th floor" is none.
        if self.numbered_thing.match(text[start + len(found) : start + len(found) + 16].lower()):
            return None
        if not found[-1].isdigit() or self.article.search(text[max(0, start - 8) : start].lower()):
            return "o", numbers[0]
        return ("Y" if 1900 <= numbers[0] <= 2099 else "n"), numbers[0]

    def _word(self, found: str) -> tuple[str, Value] | None:
        key = _norm(found)
        bare = key.rstrip(".")
        # Abbreviations count only in capitals: "ET" is a zone, "et" a French word.
        if bare in self.abbreviations and found.rstrip(".").isupper():
            return "z", self.abbreviations[bare]
        entry = self.table.get(key) or self.table.get(bare)
        if entry is None or entry[0] == "_" or (bare in self.capitalized and found[0].islower()):
            return None
        return entry


def lower(text: str) -> str:
    """Text in lower case, as long as the original: positions in one are valid in the other."""
    return text.replace("\u0130", "i").lower()  # "İ" is the one letter lower() lengthens


BLANK_LINE = re.compile(r"\n[ \t]*\n")
_DIGITS = re.compile(r"\d+")
_OFFSET = re.compile(r"([+\-\u2212])\s?(\d\d?):?(\d\d)?")


def _offset(found: str) -> str:
    """ "UTC-05:00" or "GMT+1" as "-05:00" or "+01:00"."""
    sign, hours, minutes = _OFFSET.findall(found)[0]
    return f"{'+' if sign == '+' else '-'}{int(hours):02d}:{int(minutes or 0):02d}"


def _numeric_date(numbers: list[int], order: str) -> tuple[int, int, int]:
    """2026-05-22, 5/22 or 22/5 as (year, month, day), year 0 when absent."""
    if order == "ymd":
        return numbers[0], numbers[1], numbers[2]
    first, second, *rest = numbers
    month, day = (first, second) if order == "md" else (second, first)
    if month > 12 >= day:  # 22/5 in a month-first language is still the 22nd of May
        month, day = day, month
    year = rest[0] if rest else 0
    return (year + 2000 if 0 < year < 100 else year, month, day)


def _words(phrases: Iterable[str]) -> str:
    """An alternation of phrases that starts and ends at word boundaries where they are letters."""
    options = []
    for phrase in sorted(map(_norm, phrases), key=len, reverse=True):
        body = re.escape(phrase).replace(r"\ ", r"\s+").replace("'", "['\u2019]")
        before = _LETTER_BEFORE if phrase[0].isalpha() else ""
        after = _LETTER_AFTER if phrase[-1].isalpha() else ""
        options.append(before + body + after)
    return "|".join(options) or "(?!)"


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().replace("\u2019", "'").split())


def _table(w: TimeWords) -> dict[str, tuple[str, Value]]:
    flat = {
        "e": w.end_of_day, "L": w.long_weekend, "X": w.next, "T": w.this, "F": w.following,
        "B": w.last, "K": w.week, "O": w.month, "f": w.few, "I": w.within, "S": w.from_now,
        "~": w.about, "-": w.through, "E": w.before, "Z": w.after, "N": w.once, "@": w.at,
        "G": w.lasting, "V": w.that_week, "_": w.labels,
    }  # fmt: skip
    valued: dict[str, Mapping[str, Value]] = {
        "M": w.months, "W": w.weekdays, "R": w.relative_days, "A": w.following_days,
        "H": {name: (0, m, d) for name, (m, d) in w.holidays.items()}, "P": w.parts,
        "q": w.numbers, "v": w.ordinals, "U": w.units, "p": w.meridiem, "c": w.clock_words,
        "z": w.zones,
    }  # fmt: skip
    table: dict[str, tuple[str, Value]] = {}
    for kind, phrases in flat.items():
        table.update((_norm(phrase), (kind, 0)) for phrase in phrases)
    for kind, mapping in valued.items():
        table.update((_norm(phrase), (kind, value)) for phrase, value in mapping.items())
    return table


def _token_pattern(w: TimeWords, phrases: Iterable[str]) -> str:
    """Numbers and dates behind one look-ahead for a digit, then words: most places fail fast."""
    suffix = "|".join(map(re.escape, w.ordinal_suffixes)) or "(?!)"
    marks = re.escape(":" + "".join(w.hour_marks))
    alone = "".join(rf"|\s?{re.escape(m)}{_LETTER_AFTER}" for m in w.hour_marks)
    numbers = "|".join(
        (
            r"(?P<iso>(?<![\d-])(?:19|20)\d\d-[01]\d-[0-3]\d(?![\d-]))",
            r"(?P<numeric>(?<![\d/.])\d{1,2}/\d{1,2}(?:/\d{4}|/\d\d)?(?![\d/]))",
            rf"(?P<clock>(?<![\d:.])\d{{1,2}}(?:\s?[{marks}]\s?[0-5]\d(?!\d){alone}))",
            rf"(?P<num>(?<![\w.:/])\d{{1,4}}(?:(?:{suffix}){_LETTER_AFTER})?(?!\d))",
        )
    )
    # "UTC-05:00", "GMT+1": a fixed offset, read before the words "utc" and "gmt".
    offset = (
        rf"{_LETTER_BEFORE}(?P<offset>(?:utc|gmt)\s?[+\-\u2212]\s?\d{{1,2}}(?::?[0-5]\d)?(?!\d))"
    )
    return rf"(?=\d)(?:{numbers})|{offset}|{_LETTER_BEFORE}(?P<word>{_trie(phrases)})\.?"


def _clockish_pattern(w: TimeWords) -> str:
    """Anything that may be a clock time ("2:30", "14 h", "2pm", "at 10", "noon"), fast to find."""
    marks = re.escape(":" + "".join(w.hour_marks))
    meridiem = "|".join(map(re.escape, w.meridiem)) or "(?!)"
    # One look-behind per "at" word: look-behinds must have a fixed width.
    at = "".join(rf"|(?<={re.escape(word)} \d)|(?<={re.escape(word)}\d)" for word in w.at)
    spoken = "".join(f"|{re.escape(word)}" for word in w.clock_words)
    return rf"\d(?:\s?[{marks}]|\s?(?:{meridiem}){at}){spoken}"


def _trie(phrases: Iterable[str]) -> str:
    """One alternation for many phrases, branching a character at a time: fast to match."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(root, "")


def _branch(node: Mapping[str, Mapping], last: str) -> str:  # type: ignore[type-arg]
    options = []
    for char in sorted(node, key=lambda c: c == ""):
        if char:
            piece = r"\s+" if char == " " else "['\u2019]" if char == "'" else re.escape(char)
            options.append(piece + _branch(node[char], char))
        else:
            options.append(_LETTER_AFTER if last.isalpha() else "")
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
