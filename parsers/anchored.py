"""Patterns searched only where one of their literal prefixes occurs.

Python's regex engine skips ahead to a literal a pattern starts with, but not to
a case-insensitive one or one behind a class ("[Aa]pplication"); str.find does,
and the pattern is then tried at those places only. The prefixes come from
`prefilter.literal_prefixes`.
"""

from __future__ import annotations

import re

# The regex parser's own tree, as in `prefilter`: typeshed has no stubs for it.
import re._constants as _sre_constants  # type: ignore[import-not-found]
import re._parser as _sre  # type: ignore[import-not-found]
from collections.abc import Iterable, Iterator

from afterview.parsers.prefilter import literal_prefixes


class CaselessSearch:
    """A case-insensitive pattern tried only where one of its literal prefixes occurs.

    The text is lower-cased once and the prefixes found in it with str.find; a
    pattern without known prefixes, or a text whose lower case changes its
    length, is searched the ordinary way.
    """

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern, re.IGNORECASE)
        # Case-sensitive parts ("(?-i:I will)") are fine: the prefixes are found lower-cased
        # and the pattern itself decides at each place.
        prefixes = literal_prefixes(pattern)
        self._triggers = None if prefixes is None else _shortest({p.lower() for p in prefixes})

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches `regex.finditer` finds, in order."""
        lowered = text.lower()
        if self._triggers is None or len(lowered) != len(text):
            yield from self.regex.finditer(text)
            return
        yield from _matches_at(self.regex, text, lowered, self._triggers)


class PrefixedSearch:
    """A case-sensitive pattern tried only where one of its literal prefixes occurs.

    For phrases that begin with a word in either case ("[Aa]pplication for"): the
    engine cannot skip to those words itself, str.find can. Without prefixes the
    pattern is searched the ordinary way.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.regex = re.compile(pattern, flags)
        prefixes = literal_prefixes(pattern)
        triggers = None if prefixes is None else _shortest(set(prefixes))
        # Where the engine skips to a literal start itself, or many short strings would be
        # looked for, the ordinary search is faster.
        useful = triggers is not None and len(triggers) <= _FEW and not _literal_start(pattern)
        self._triggers = triggers if useful else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches `regex.finditer` finds, in order."""
        if self._triggers is None:
            yield from self.regex.finditer(text)
            return
        yield from _matches_at(self.regex, text, text, self._triggers)


_FEW = 20


def _literal_start(pattern: str) -> bool:
    """Whether every match starts with a literal the regex engine itself searches for."""
    items = _sre.parse(pattern)
    if not len(items):
        return False
    op, av = items[0]
    if op is _sre_constants.SUBPATTERN and not av[1] & _sre_constants.SRE_FLAG_IGNORECASE:
        if not len(av[-1]):
            return False
        op, av = av[-1][0]
    if op is _sre_constants.BRANCH:
        return all(len(b) and b[0][0] is _sre_constants.LITERAL for b in av[1])
    return op is _sre_constants.LITERAL


def _shortest(triggers: set[str]) -> frozenset[str]:
    """The triggers without those another one starts: wherever they occur, it does too."""
    return frozenset(t for t in triggers if not any(t.startswith(u) and t != u for u in triggers))


def _matches_at(
    regex: re.Pattern[str], text: str, searched: str, triggers: Iterable[str]
) -> Iterator[re.Match[str]]:
    """The matches of `regex` in `text` that start where a trigger occurs in `searched`."""
    # Most texts hold few of the triggers: `in` says so in C, before any loop.
    places = {at for t in triggers if t in searched for at in _occurrences(searched, t)}
    end = 0
    for at in sorted(places):
        if at >= end and (found := regex.match(text, at)):
            yield found
            end = max(found.end(), at + 1)


def _occurrences(text: str, literal: str) -> Iterator[int]:
    at = text.find(literal)
    while at != -1:
        yield at
        at = text.find(literal, at + 1)
