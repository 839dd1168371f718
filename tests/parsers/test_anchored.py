"""Patterns searched from their literal starts find what a plain search finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from afterview.parsers.anchored import CaselessSearch, PrefixedSearch
from afterview.parsers.languages.known import LANGUAGES
from afterview.parsers.mime import Mail, flowing

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TEXTS = [Mail(path.read_bytes()).text for path in sorted(CORPUS.glob("tune/*/*.eml"))]


@pytest.mark.parametrize("field", ["meets", "writer_too"])
def test_a_caseless_search_finds_what_finditer_finds(field: str) -> None:
    """Over the tune corpus, with the patterns of who takes part: case-sensitive parts too."""
    pattern = "|".join(f"(?:{getattr(language, field)})" for language in LANGUAGES)
    search = CaselessSearch(pattern)
    texts = [*TEXTS]
    texts += ["YOU'LL BE MEETING WITH Jane.\nYour Interviewers\nJane", "Avec İnès et Zoë"]
    texts += ["Priya AND I will meet you; and i; ME AND Priya", "Sam and I'll see you"]
    for text in texts:
        plain = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
        assert [m.span() for m in search.finditer(text)] == plain


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<![^\W\d_])(?:[Aa]pplication|[Ii]nterview) (?:for|to) (?P<role>[A-Z]\w+)",
        r"\bau sein (?:de |d')(?P<company>[A-Z]\w+)",
        r"(?:join|joining) (?P<company>[A-Z]\w+) as\b",
    ],
)
def test_a_prefixed_search_finds_what_the_pattern_finds(pattern: str) -> None:
    text = (
        "Thanks for your Application for Data Analyst. Your interview to Platform team, "
        "join Acme as a lead; au sein de Boréal et au sein d'Hydro. interview for Ops"
    )
    found = [m.span() for m in PrefixedSearch(pattern).finditer(text)]
    assert found == [m.span() for m in re.finditer(pattern, text)]


@pytest.mark.parametrize(
    "pattern",
    [p for language in LANGUAGES for p in (*language.company_patterns, *language.role_patterns)],
)
def test_company_and_role_phrases_find_over_the_corpus_what_finditer_finds(pattern: str) -> None:
    search = PrefixedSearch(pattern, re.M)
    for text in map(flowing, TEXTS):
        plain = [m.span() for m in re.finditer(pattern, text, re.M)]
        assert [m.span() for m in search.finditer(text)] == plain


@pytest.mark.parametrize("search", [CaselessSearch, PrefixedSearch])
def test_a_trigger_inside_another_finds_every_match(search: type) -> None:
    """ "host" starts "hosts" and "hosted": looked for once, its places still hold them all."""
    pattern = r"\b(?:host\b|hosts\b|hosted by|hostess)"
    text = "hosts: Ana; hosted by Ben; the host; a hostess, hosting"
    found = [m.span() for m in search(pattern).finditer(text)]
    assert found == [m.span() for m in re.finditer(pattern, text)]
    assert len(found) == 4
