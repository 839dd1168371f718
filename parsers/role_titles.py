"""A role written as a title alone: a subject's segment, an event's title, a heading line.

"Data Analyst - R-20418 - Interview scheduled", "Final round: Alex Morgan x Meridian
Freight (Staff Data Engineer)", "ML Platform Engineer - Virtual Onsite": no phrase says
"the role of", so the segment that is nothing but a title is the role. The words of
interview stages ("Technical Interview", "Phone Screen") are no role, nor part of one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from afterview.parsers.languages import Language
from afterview.parsers.languages.known import LANGUAGES
from afterview.parsers.signals import mentions_interview

# The separators of a subject's segments: "Acme Robotics - Data Engineer | Interview".
SUBJECT_SEGMENTS = re.compile(r"\s+[-\u2013\u2014|:@/]\s+|\s*[|:]\s+|\s+\u2013\s*")
_TRIM = " \t-\u2013|:;,.!()[]\"'\u201c\u201d"
# A part keeps its brackets: they may hold the title ("Alex Morgan (Data Engineer)").
_PART_TRIM = " \t-\u2013|:;,.!\"'\u201c\u201d\u00ab\u00bb"
# Words that qualify a title but are none alone: "Thistle Data" names no role.
_TITLE_MODIFIERS = frozenset(
    "data product senior junior staff principal engineering head lead associate".split()
)
_PARENTHESES = re.compile(r"\(([^()]{2,60})\)")
_SPACED_PARENTHESES = re.compile(r"(?<!\w)\(([^()]{2,60})\)")
# Modifiers that head a title when they end it: "Data Platform Lead", "Head".
_LAST_WORD_HEADS = frozenset(("lead", "head"))
_REPLY_PREFIX = re.compile(r"^(?:(?:re|ré|fwd?|tr|aw)\s*:\s*)+", re.I)
# What a trailing parenthesis holds when it is no part of the title: a place, a meeting,
# an employer ("Analytics Engineer (Canada, remote)", "Lead Data Engineer (VP conversation)").
_NOT_QUALIFIER = re.compile(
    r",|\d|\b(?:on-?site|onsite|office|hub|canada|toronto|montr[ée]al|vancouver|"
    r"ottawa|calgary|qu[ée]bec|t[ée]l[ée]travail|hybride|conversation|interview|call|chat|"
    r"screen|round|meeting|entrevue|rencontre|appel|labs?|inc|ltd|group|groupe)\b",
    re.I,
)
# A heading line is short and no sentence; the quoted title of a booking is one too.
_HEADING = 80
_QUOTED = re.compile(r"[\"\u201c\u00ab]\s*([^\"\u201d\u00bb\n]{5,80}?)\s*[\"\u201d\u00bb]")
# The sign-off that ends the text's own words (lines are compared in lower case).
_CLOSINGS = (
    "best",
    "regards",
    "kind regards",
    "thanks",
    "thank you",
    "cheers",
    "sincerely",
    "cordialement",
    "merci",
    "au plaisir",
    "bien à vous",
)


# An employer after a title and a comma: "Analyste de données, Quarry Labs" ("Product
# Analyst, Payments" keeps its specialty: a firm's name ends with a firm's word).
FIRM_AFTER_COMMA = re.compile(
    r",\s+(?:[A-ZÀ-Ý][\w&'\u2019.-]*\s+){1,4}(?i:labs?|inc\.?|ltd\.?|group|groupe|technologies|"
    r"systems|solutions|consulting|partners|holdings|ventures|studios|bank|banque|caisse|corp\.?)"
    r"\s*$"
)
# A title's parts: a subject's segments, and "ML Engineer interview w/ Hollis".
_TITLE_PARTS = re.compile(rf"{SUBJECT_SEGMENTS.pattern}|\s+(?:w/|with|avec)\s+")


def title_role(title: str, language: Language) -> str | None:
    """The role a title names on its own, or None: a segment, or a parenthesis, that is one."""
    # Most titles hold no title word at all: one set test rules them out.
    if _role_words().isdisjoint(w.lower() for w in title_words(title)):
        return None
    title = _REPLY_PREFIX.sub("", title)
    # "« Lettre d'offre - Coordonnateur(trice) marketing » à signer": the quoted title first.
    quoted = [part for inner in _QUOTED.findall(title) for part in _TITLE_PARTS.split(inner)]
    parts = [*quoted, *_TITLE_PARTS.split(title)]
    for part in (FIRM_AFTER_COMMA.sub("", written) for written in parts):
        for candidate in _readings(part.strip(_PART_TRIM)):
            found = _stage_words_cut(candidate, language)
            if _stands_alone(found, language):
                return found + _qualifier(part, found)
    return None


def _readings(segment: str) -> Iterator[str]:
    """A segment without its parentheses, then the title in one ("Alex Morgan (Data Engineer)").

    A gender ending is no parenthesis of its own: "Ingénieur(e)" stays whole.
    """
    yield _SPACED_PARENTHESES.sub("", segment).strip(_PART_TRIM)
    for inner in _SPACED_PARENTHESES.findall(segment):
        yield inner.strip()


def _qualifier(segment: str, found: str) -> str:
    """The parenthesis after a title that qualifies it ("Backend Engineer (Go)"), if any."""
    at = segment.find(found)
    after = _PARENTHESES.match(segment, at + len(found) + 1) if at >= 0 else None
    if after is None or _NOT_QUALIFIER.search(after.group(1)):
        return ""
    inner = {w.lower() for w in title_words(after.group(1))}
    return "" if _role_words() & inner else f" {after.group()}"


def without_place(title: str) -> str:
    """A title less a trailing parenthesis that holds no qualifier ("(Canada, remote)")."""
    found = _PARENTHESES.search(title)
    if found and found.end() >= len(title.rstrip()) and _NOT_QUALIFIER.search(found.group(1)):
        return title[: found.start()].rstrip()
    return title


def _stage_words_cut(title: str, language: Language) -> str:
    """A title less the words of a subject written around it: "candidature Ingénieur de
    données", "Legal Operations Analyst interview"."""
    words = title.split()
    while words and _subject_word(words[0], language):
        words.pop(0)
    while words and _subject_word(words[-1], language):
        words.pop()
    return " ".join(words).strip(_PART_TRIM)


def _subject_word(word: str, language: Language) -> bool:
    return _is_subject_word(word.lower().strip(_TRIM), language)


@lru_cache(maxsize=4096)
def _is_subject_word(word: str, language: Language) -> bool:
    # Titles repeat their few words ("Interview", "Data"): each is judged once.
    return word in _filler() or mentions_interview(word, language)


@cache
def _role_words() -> frozenset[str]:
    # A title's words are titles' words in any language: "Merci - Ingénieur de données".
    return frozenset(word for language in LANGUAGES for word in language.role_words)


@cache
def _filler() -> frozenset[str]:
    # Bilingual subjects: "Réponse automatique : Thank you / Merci - Ingénieur de données".
    return frozenset(word for language in LANGUAGES for word in language.subject_filler)


def _stands_alone(found: str, language: Language) -> bool:
    """Whether a segment is a title and nothing else: a head word, no filler, few words."""
    words = [w.lower() for w in title_words(found)]
    if not 1 < len(words) <= 6 or not (found[:1].isupper() or found.islower()):
        return False
    heads = [w for w in words if w in _role_words() and w not in _TITLE_MODIFIERS]
    if words[-1] in _LAST_WORD_HEADS:
        heads.append(words[-1])  # "Data Analytics Lead"
    if not heads or any(w in _filler() for w in words):
        return False
    # A lower-case segment ("founding data engineer") ends with its head word.
    return not (found.islower() and words[-1] not in heads) and not mentions_interview(
        found, language
    )


_TITLE_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


def title_words(title: str) -> list[str]:
    """The words of a title, gender endings apart: "Coordonnateur(trice)", "Développeur·se"."""
    return _TITLE_WORD.findall(title)


def heading_lines(text: str) -> Iterator[str]:
    """Short lines above the sign-off that read as headings, quoted titles in sentences, and
    the titles meeting services label anywhere ("Topic: Quaywise - Data Engineer")."""
    yield from _LABELLED.findall(text)
    lines = text.split("\n")
    for written in lines[: min(len(lines) - 5, _HEADING_LINES)]:
        line = written.strip()
        if _closes(line.lower()):
            return
        # A heading has parts ("ML Platform Engineer - Virtual Onsite"); a wrapped sentence not.
        if len(line) <= _HEADING and line[-1:] not in ".!?:,;" and _parted(line):
            yield line
        if _QUOTE_MARKS.intersection(line):
            yield from _QUOTED.findall(line)


# Headings sit near the top; a long text's later lines are quoted mail and footers.
_HEADING_LINES = 40
_QUOTE_MARKS = frozenset('"\u201c\u00ab')


def _parted(line: str) -> bool:
    return "(" in line or SUBJECT_SEGMENTS.search(line) is not None


_LABELLED = re.compile(
    r"^[ \t]*(?:[Tt]opic|[Ee]vent [Tt]ype|[Ee]vent|[Ww]hat|[Ss]ujet|[Oo]bjet|[Tt]itre"
    r"|[ÉéEe]vénement|[Tt]ype d'événement)[ \t]*:[ \t]*\n?[ \t]*([^\n]{3,100})$",
    re.M,
)


def _closes(lowered: str) -> bool:
    """Whether a lower-cased line is a sign-off ("best,", "kind regards"), not "bestway"."""
    # One C-level test rules out nearly every line before the word-boundary check.
    if not lowered.startswith(_CLOSINGS):
        return False
    return any(
        lowered.startswith(closing) and not lowered[len(closing) : len(closing) + 1].isalnum()
        for closing in _CLOSINGS
    )
