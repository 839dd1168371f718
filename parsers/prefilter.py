"""Which patterns can match a text at all, from literal text they need: a cheap test first.

Python's regex engine tries a pattern at every position of the text; a set of
the text's words is built once, in C. Most cue patterns begin with a few
literal phrases, so the words of those phrases rule out nearly every pattern
before any search runs, and the phrases themselves are where a search starts.
"""

from __future__ import annotations

import re

# The regex parser's own tree (sre_parse before 3.11, whose public alias is deprecated);
# typeshed has no stubs for these private names, and the API has been stable for years.
import re._constants as _sre_constants  # type: ignore[import-not-found]
import re._parser as _sre  # type: ignore[import-not-found]
from collections import defaultdict
from collections.abc import Sequence, Set
from typing import Any

_MAX_TRIGGERS = 64
# A class of this many letters or fewer ("[Aa]", "[Éé]") is read as its literals.
_CASE_CLASS = 2
# Even two letters rule out most positions; one letter would not.
_MIN_LENGTH = 2
# Anchors after which a literal word character starts a word.
_WORD_STARTS = frozenset(
    (_sre_constants.AT_BOUNDARY, _sre_constants.AT_BEGINNING, _sre_constants.AT_BEGINNING_STRING)
)
# Words as \b sees them: a phrase's whole words are whole words of any text it occurs in.
WORDS = re.compile(r"\w+")
# Marks a \b after a word inside the prefixes: the word ends there. Never in a trigger.
_WORD_END = "\x00"


def literal_prefixes(pattern: str) -> frozenset[str] | None:
    """Literal strings (two characters or more) one of which starts every match, if known.

    For case-sensitive patterns: a pattern compiled with re.IGNORECASE matches other spellings.

    Each is cut after its first long word: a search tries the pattern wherever one
    occurs, and a few short strings find those places faster than many long ones.
    """
    found = _marked_prefixes(_sre.parse(pattern))
    if found is None:
        return None
    return frozenset(_through_a_long_word(p.replace(_WORD_END, "")) for p in found)


# Short words ("your", "we", "i") occur all over a text: a search that starts at each
# would try the pattern at most of them.
_LONG_WORD = 5


def _through_a_long_word(prefix: str, long: int = _LONG_WORD) -> str:
    """The prefix up to and including the character after its first word of `long` letters."""
    for word in WORDS.finditer(prefix):
        if len(word.group()) >= long:
            return prefix[: word.end() + 1]
    return prefix


def _marked_prefixes(items: Any) -> set[str] | None:
    """The literal prefixes, with a mark where a \b ends a word inside them."""
    found, _ = _prefixes(items)
    plain = [p.replace(_WORD_END, "") for p in found]
    if not found or len(found) > _MAX_TRIGGERS or min(map(len, plain)) < _MIN_LENGTH:
        return None
    return found


def _after_blanks(items: Any) -> list[Any]:
    r"""The pattern without the optional blanks at its start ("^\s*out until").

    They decide where a match starts, not which words it holds: good for
    choosing texts, not for finding where matches start.
    """
    out: list[Any] = []
    for op, av in items:
        leading = all(o is _sre_constants.AT for o, _ in out)
        if leading and op is _sre_constants.MAX_REPEAT and av[0] == 0 and _blanks(av[2]):
            continue
        if op is _sre_constants.BRANCH:
            out.append((op, (av[0], [_after_blanks(branch) for branch in av[1]])))
        else:
            out.append((op, av))
    return out


def _blanks(items: Any) -> bool:
    r"""Whether `items` is one class of white space (\s, [ \t])."""
    if len(items) != 1 or items[0][0] is not _sre_constants.IN:
        return False
    members = items[0][1]
    category = (_sre_constants.CATEGORY, _sre_constants.CATEGORY_SPACE)
    return all(
        m == category or (m[0] is _sre_constants.LITERAL and chr(m[1]).isspace()) for m in members
    )


def _whole_words(prefix: str, *, at_word: bool) -> frozenset[str]:
    """The words of `prefix` that are whole words wherever a match puts it."""
    return frozenset(
        m.group()
        for m in WORDS.finditer(prefix)
        if (m.start() > 0 or at_word) and m.end() < len(prefix)
    )


class PatternIndex:
    """Which of many patterns may match a text, found from the text's words in one pass.

    Every match starts with one of a pattern's literal prefixes, so a text the
    pattern matches holds all the whole words of one of them ("thank you for":
    thank, you). A prefix without whole words needs its own text present; a
    pattern without known prefixes is always a candidate.
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        self._always: list[int] = []
        self._fragments: list[tuple[int, str]] = []
        # Keyed by a prefix's longest whole word (long words are rare), with all its words.
        self._by_word: dict[str, list[tuple[int, frozenset[str]]]] = defaultdict(list)
        for index, pattern in enumerate(patterns):
            items = _after_blanks(_sre.parse(pattern))
            prefixes = _marked_prefixes(items)
            if prefixes is None:
                self._always.append(index)
                continue
            at_word = _starts_a_word(items)
            for prefix in sorted(prefixes):
                if words := _whole_words(prefix, at_word=at_word):
                    self._by_word[max(sorted(words), key=len)].append((index, words))
                else:
                    self._fragments.append((index, prefix.replace(_WORD_END, "")))

    def candidates(self, text: str, words: Set[str] | None = None) -> set[int]:
        """The indexes of the patterns that may match `text` (whose words, if known, are given)."""
        words = set(WORDS.findall(text)) if words is None else words
        found = set(self._always)
        for word in words & self._by_word.keys():
            found.update(i for i, needed in self._by_word[word] if needed <= words)
        found.update(i for i, fragment in self._fragments if fragment in text)
        return found


def first_words(pattern: str) -> dict[str, str | None]:
    """Each literal prefix of a pattern with the whole word it starts with, if it starts with one.

    A text holding no such word holds no match starting at that prefix.
    """
    prefixes = literal_prefixes(pattern) or frozenset()
    at_word = _starts_a_word(_sre.parse(pattern))
    found: dict[str, str | None] = {}
    for prefix in prefixes:
        lead = WORDS.match(prefix)
        whole = at_word and lead is not None and lead.end() < len(prefix)
        found[prefix] = lead.group() if whole and lead else None
    return found


def _starts_a_word(items: Any) -> bool:
    """Whether every match starts where a word may start: after \\b or ^."""
    if not len(items):
        return False
    op, av = items[0]
    if op is _sre_constants.AT:
        return av in _WORD_STARTS
    if op is _sre_constants.SUBPATTERN:
        return _starts_a_word(av[-1])
    if op is _sre_constants.BRANCH:
        return all(_starts_a_word(branch) for branch in av[1])
    return False


def _prefixes(items: Any) -> tuple[set[str], bool]:
    """Literal strings one of which starts every match of `items`, and whether they are whole.

    Whole: each string is an entire match, so what follows the items extends it.
    Literals, groups, alternations and optional groups are read; anything else ends
    the prefixes.
    """
    out = {""}
    for op, av in items:
        if op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT) and av[0] < 0:
            continue  # a look-behind consumes nothing: "(?<![^\W\d_])[Aa]pplication"
        if op is _sre_constants.AT:
            if av is _sre_constants.AT_BOUNDARY:
                out = {p + _WORD_END if WORDS.match(p[-1:]) else p for p in out}
            continue
        if op is _sre_constants.LITERAL:
            out = {p + chr(av) for p in out}
            continue
        grown = _alternatives(op, av)
        if grown is None:
            return out, False
        alternatives, whole = grown
        extended = {p + q for p in out for q in alternatives}
        if len(extended) > _MAX_TRIGGERS:
            return out, False
        out = extended
        if not whole:
            return out, False
    return out, True


def _alternatives(op: Any, av: Any) -> tuple[set[str], bool] | None:
    """The prefixes of a group, an alternation or an optional group; None for anything else."""
    if op is _sre_constants.IN and 0 < len(av) <= _CASE_CLASS:
        # "[Aa]pplication": a class of a few letters is so many literals.
        if all(member is _sre_constants.LITERAL for member, _ in av):
            return {chr(value) for _, value in av}, True
        return None
    if op is _sre_constants.SUBPATTERN:
        if av[1] & _sre_constants.SRE_FLAG_IGNORECASE:
            return None  # "(?i:...)": its literals are not the only spellings
        branches = [av[-1]]
    elif op is _sre_constants.BRANCH:
        branches = av[1]
    elif op in (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT) and av[:2] == (0, 1):
        branches = [[], av[2]]
    else:
        return None
    found = [_prefixes(branch) for branch in branches]
    strings = {q for strings, _ in found for q in strings}
    if len(strings) > _MAX_TRIGGERS:
        # Too many long alternatives: shorter starts (to a long word, else to the first word)
        # still start every match.
        strings = {_through_a_long_word(q) for q in strings}
        if len(strings) > _MAX_TRIGGERS:
            strings = {_through_a_long_word(q, 1) for q in strings}
        return strings, False
    return strings, all(whole for _, whole in found)
