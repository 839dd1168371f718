"""Which literal text must be present for a pattern to match: a cheap test before the regex.

Python's regex engine tries a pattern at every position of the text; a plain
substring test runs in C at memory speed. Most cue patterns begin with one
of a few literal words, so testing for those first skips nearly every search.
"""

from __future__ import annotations

# The regex parser's own tree (sre_parse before 3.11, whose public alias is deprecated);
# typeshed has no stubs for these private names, and the API has been stable for years.
import re._constants as _sre_constants  # type: ignore[import-not-found]
import re._parser as _sre  # type: ignore[import-not-found]
from typing import Any

_MAX_TRIGGERS = 64
# Even two letters rule out most positions; one letter would not.
_MIN_LENGTH = 2


def literal_prefixes(pattern: str) -> frozenset[str] | None:
    """Literal strings (two characters or more) one of which starts every match, if known."""
    found = _prefixes(_sre.parse(pattern))
    if not found or len(found) > _MAX_TRIGGERS or min(map(len, found)) < _MIN_LENGTH:
        return None
    return frozenset(found)


def _prefixes(items: Any) -> set[str] | None:
    out = {""}
    for op, av in items:
        if op is _sre_constants.AT:
            continue
        if op is _sre_constants.LITERAL:
            out = {p + chr(av) for p in out}
            continue
        if op is _sre_constants.SUBPATTERN or op is _sre_constants.BRANCH:
            branches = [av[-1]] if op is _sre_constants.SUBPATTERN else av[1]
            alternatives = [_prefixes(branch) for branch in branches]
            if any(alt is None for alt in alternatives):
                return out
            out = {p + q for p in out for alt in alternatives for q in alt or ()}
        return out
    return out
