"""Prefilters: the literal text a pattern needs, and the patterns a text can match at all."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from afterview.parsers import signals
from afterview.parsers.languages import Language
from afterview.parsers.languages.known import LANGUAGES
from afterview.parsers.mime import Mail, flowing
from afterview.parsers.parse import new_text
from afterview.parsers.prefilter import WORDS, PatternIndex, literal_prefixes

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.mark.parametrize(
    ("pattern", "prefixes"),
    [
        # Cut after the first long word: a search starts at each of its occurrences.
        (r"\bthank(?:s| you) for", {"thanks ", "thank "}),
        (r"^(?:confirmed|booked)\b", {"confirmed", "booked"}),
        (r"\b(?:we(?:'ve| have)?) received", {"we've received", "we have received", "we received"}),
        (r"\bon (?:\w+) at", {"on "}),
        (r"(?:a|b)c", {"ac", "bc"}),
        (r"(?<![^\W\d_])(?:[Aa]pplication|role) for", {"Application ", "application ", "role for"}),
        (r"[a-c]x", None),
        (r"[a-z]+ing", None),
        (r"(?i:thanks) for", None),  # another case matches too
    ],
)
def test_literal_prefixes_start_every_match(pattern: str, prefixes: set[str] | None) -> None:
    found = literal_prefixes(pattern)
    assert (set(found) if found is not None else None) == prefixes
    if found:
        for sample in ("thanks for", "thank you for", "confirmed", "we received", "we've received"):
            if match := re.search(pattern, sample):
                assert any(sample.startswith(p, match.start()) for p in found)


PATTERNS = [
    r"\bthank(?:s| you) for applying\b",
    r"^\s*(?:out|away)\s+until\b",
    r"\b(?:interview|call) (?:is|was) cancel(?:l)?ed\b",
    r"tips",
    r"[a-z]+ing",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thank you for applying to acme", {0, 4}),  # a pattern without prefixes always may
        ("  away until monday", {1, 4}),
        ("our call was canceled.", {2, 4}),
        ("interview tips", {3, 4}),
        ("thankful for applying", {4}),  # "thank" is not a word here
        ("", {4}),
    ],
)
def test_an_index_rules_out_patterns_whose_words_are_missing(text: str, expected: set[int]) -> None:
    assert PatternIndex(PATTERNS).candidates(text) == expected


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("tune/*/*.eml")):
        mail = Mail(path.read_bytes())
        texts += [mail.subject.lower(), flowing(new_text(mail.text)).lower()]
    return texts


def _gated(language: Language) -> list[tuple[str, signals.Gated]]:
    """The language's word-gated patterns: its cues and the phrases read with the words."""
    return [
        *((cue.name, gated) for cue, gated in signals._compiled(language)),
        ("own_application", signals._own_application()),
        ("own_process", signals._own_process(language)),
        *((table, signals._phrases(language, table)) for table in get_args(signals.PhraseTable)),
    ]


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.code)
def test_gated_search_finds_what_a_plain_search_finds(language: Language) -> None:
    """Over the tune corpus: every gated pattern finds the first match a plain search finds,
    and every cue that matches is a candidate of the cue index."""
    gated = _gated(language)
    index = PatternIndex([cue.pattern for cue in language.cues])
    for text in _corpus_texts():
        candidates = index.candidates(text)
        words = set(WORDS.findall(text))
        for number, (name, pattern) in enumerate(gated):
            plain = pattern.regex.search(text)
            assert pattern.triggers is not None or name not in _PHRASES, name
            found = pattern.search(text, words)
            assert (found and found.span()) == (plain and plain.span()), name
            if number < len(language.cues):
                assert plain is None or number in candidates, name


# The phrases are gated for speed: each must have triggers, or the gate is never used.
_PHRASES = frozenset({"own_application", "own_process", *get_args(signals.PhraseTable)})
