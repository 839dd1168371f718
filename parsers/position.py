"""The position applied for: a title as the mail writes it, without requisition numbers.

Role phrases are language data (`Language.role_patterns`, `role_words`): "your
application for the Senior Data Engineer role", "le poste d'analyste de données".
What follows a title is cut ("at Ridgeline Energy", "(Req R-20418)", "has been
scheduled"); a subject segment that is a title alone is the last resort.
"""

from __future__ import annotations

import re
from functools import cache

from afterview.parsers.languages import Language
from afterview.parsers.signals import mentions_interview

# The separators of a subject's segments: "Acme Robotics - Data Engineer | Interview".
SUBJECT_SEGMENTS = re.compile(r"\s+[-\u2013\u2014|:@/]\s+|\s*[|:]\s+|\s+\u2013\s*")
_TRIM = " \t-\u2013|:;,.!()[]\"'"
# Words that qualify a title but are none alone: "Thistle Data" names no role.
_TITLE_MODIFIERS = frozenset(
    "data product senior junior staff principal engineering head lead associate".split()
)
_REQ_SUFFIX = re.compile(
    r"\s*[(\[]?\b(?:req(?:uisition)?\.?|job id|id|ref\.?|réf\.?|no\.?|#)"
    r"\s*[:#]?\s*[\w-]*\d[\w-]*[)\]]?\s*$"
    # A bare requisition number: "Data Analyst (R-20418)", "Analyst - JR-1044".
    r"|\s*(?:[(\[]|\s[-\u2013]\s)(?-i:[A-Z]{0,4})-?\d[\w-]*[)\]]?\s*$",
    re.I,
)


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.M) for p in patterns)


def role(subject: str, text: str, language: Language) -> str | None:
    """The position applied for, or None."""
    for source in (subject, text):
        for pattern in _compiled(language.role_patterns):
            for match in pattern.finditer(source):
                found = _trimmed_role(_without_requisition(match.group("role")))
                # A title has a title word: "Data Engineer", never "Acme Robotics".
                if any(w.lower().strip("(),") in language.role_words for w in found.split()):
                    return found
    return _role_in_subject(subject, language)


def _role_in_subject(subject: str, language: Language) -> str | None:
    """A subject segment that is a title alone: "Data Analyst - R-20418 - Interview scheduled"."""
    for segment in SUBJECT_SEGMENTS.split(_without_requisition(subject)):
        found = _trimmed_role(_without_requisition(segment))
        words = [w.lower().strip("(),") for w in found.split()]
        titled = found[:1].isupper() and 1 < len(words) <= 6
        heads = [w for w in words if w in language.role_words and w not in _TITLE_MODIFIERS]
        fillers = any(w in language.subject_filler for w in words)
        if titled and heads and not fillers and not mentions_interview(found, language):
            return found
    return None


# What follows a title and is not part of it: "Data Scientist at Ridgeline", "Analyst and our
# team", "Engineer - conversation with Priya", a parenthesis left open or holding a number.
# (Each branch starts with one of a few characters, which the regex engine skips to.)
_AFTER_TITLE = re.compile(
    r"\s(?:at|for|with|and|chez|pour|avec|et)\s.*$|[\u2014\u2013]\s*\S.*$"
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
        return trimmed + ")"
    return trimmed
