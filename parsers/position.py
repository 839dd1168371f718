"""The position applied for: a title as the mail writes it, without requisition numbers.

Role phrases are language data (`Language.role_patterns`, `role_words`): "your
application for the Senior Data Engineer role", "le poste d'analyste de données",
"Position: Data Analyst". What follows a title is cut ("at Ridgeline Energy",
"(Req R-20418)", "has been scheduled"), but a specialty after a comma is kept
("Product Analyst, Risk"). A title alone (`role_titles`) in the subject, an event's
title or a heading line comes next; the earlier mail a message quotes or returns last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from afterview.parsers.anchored import PrefixedSearch
from afterview.parsers.languages import Language
from afterview.parsers.role_titles import (
    FIRM_AFTER_COMMA,
    SUBJECT_SEGMENTS,
    heading_lines,
    title_role,
    title_words,
    without_place,
)

__all__ = ["SUBJECT_SEGMENTS", "role"]

_TRIM = " \t-\u2013|:;,.!()[]\"'"
_REQ_SUFFIX = re.compile(
    r"\s*[(\[]?\b(?:req(?:uisition)?\.?|job (?:id|number|no\.?)|id|ref\.?|réf\.?|no\.?|#"
    r"|offre|affichage|concours|posting)"
    r"\s*[:#]?\s*[\w-]*\d[\w-]*[)\]]?\s*$"
    # A bare requisition number: "Data Analyst (R-20418)", "Analyst - JR-1044".
    r"|\s*(?:[(\[]|\s[-\u2013]\s)(?-i:[A-Z]{0,4})-?\d[\w-]*[)\]]?\s*$",
    re.I,
)


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[PrefixedSearch, ...]:
    return tuple(PrefixedSearch(p, re.M) for p in patterns)


@cache
def _continuation(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def role(
    subject: str,
    text: str,
    language: Language,
    *,
    titles: Iterable[str] = (),
    lines: str | None = None,
    earlier: str = "",
) -> str | None:
    """The position applied for, or None.

    `text` has its hard-wrapped lines joined; `lines` is the same text as written, whose
    heading lines may hold a title. `titles` are the message's other titles (its
    invitations' events); `earlier` the mail it quotes or returns, read last: an
    out-of-office reply names no role itself.
    """
    for source in (subject, text):
        if found := _in_phrases(source, language):
            return found
    for title in (subject, *titles, *heading_lines(text if lines is None else lines)):
        if found := title_role(_without_requisition(title), language):
            return _trimmed_role(found)
    if earlier:
        return _in_phrases(earlier, language) or next(
            (found for line in heading_lines(earlier) if (found := title_role(line, language))),
            None,
        )
    return None


def _in_phrases(source: str, language: Language) -> str | None:
    """The first title a role phrase of the language names in `source`."""
    for pattern in _compiled(language.role_patterns):
        for match in pattern.finditer(source):
            found = _trimmed_role(_without_requisition(match.group("role")))
            # A title has a title word: "Data Engineer", never "Acme Robotics".
            if any(w.lower() in language.role_words for w in title_words(found)):
                return found + _specialty(source, match.end("role"), found, language)
    return ""


def _specialty(source: str, at: int, found: str, language: Language) -> str:
    """A specialty written after the title and a comma: "Product Analyst, Risk"."""
    if not source.startswith(found, at - len(found)) or source[at : at + 1] != ",":
        return ""
    following = _continuation(language.role_specialty).match(source, at)
    if following is None or FIRM_AFTER_COMMA.fullmatch(following.group(0).rstrip()):
        return ""
    return following.group(0).rstrip()


# What follows a title and is not part of it: "Data Scientist at Ridgeline", "Analyst and our
# team", "Engineer - conversation with Priya", a parenthesis left open or holding a number.
# (Each branch starts with one of a few characters, which the regex engine skips to.)
_AFTER_TITLE = re.compile(
    r"\s(?:at|for|with|and|chez|pour|avec|et)(?:\s.*)?$|[\u2014\u2013]\s*\S.*$"
    r"|\([^()]*$|\([^()]*\d[^()]*\)\s*$"
)
_REQUISITION_TAIL = 60
_DIGIT = re.compile(r"\d")
_LEADING_REQUISITION = re.compile(r"^(?-i:[A-Z]{1,4})-?\d[\w-]*\s+")


def _without_requisition(title: str) -> str:
    """A title without the requisition number after it ("Data Analyst (R-20418)")."""
    # Every requisition number has a digit; the pattern, anchored at the end, is slow to try.
    if not _DIGIT.search(title):
        return title
    # Anchored at the end, the pattern is tried at every position: only the tail can hold it.
    found = _REQ_SUFFIX.search(title, max(0, len(title) - _REQUISITION_TAIL))
    return title[: found.start()] if found else title


def _trimmed_role(found: str) -> str:
    """A role without surrounding punctuation, keeping the ")" of "Data Engineer (Remote)"."""
    found = _AFTER_TITLE.sub("", _LEADING_REQUISITION.sub("", found))
    trimmed = found.strip(_TRIM)
    rest = found[found.find(trimmed) + len(trimmed) :].lstrip()
    if trimmed.count("(") > trimmed.count(")") and rest.startswith(")"):
        trimmed += ")"
    return without_place(trimmed)
