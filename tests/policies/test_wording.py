"""How letters word things: labels for states and rules, in every language we write."""

from __future__ import annotations

import pytest

from afterview.policies.applications import State
from afterview.policies.policy import default_policy
from afterview.policies.timing import Unit, Wait
from afterview.policies.wording import LABELS, duration, label

# Every name a digest can show: each state, and each built-in rule.
SHOWN = sorted({state.value for state in State} | set(default_policy().rules))


@pytest.mark.parametrize("name", SHOWN)
def test_every_state_and_built_in_rule_has_an_english_label(name: str) -> None:
    assert name in LABELS["en"]


@pytest.mark.parametrize("name", sorted(LABELS["en"]))
@pytest.mark.parametrize("language", sorted(set(LABELS) - {"en"}))
def test_every_english_label_has_one_in_each_other_language(name: str, language: str) -> None:
    assert name in LABELS[language], f"{language} has no label for {name!r}"
    assert label(name, language) != label(name, "en")


def test_no_language_has_a_label_english_lacks() -> None:
    for language, words in LABELS.items():
        assert set(words) <= set(LABELS["en"]), language


@pytest.mark.parametrize(
    ("language", "worded"),
    [("en", "interviewed"), ("fr", "entrevue passée"), ("fr-CA", "entrevue passée")],
)
def test_an_interviewed_application_is_worded_in_the_letters_language(
    language: str, worded: str
) -> None:
    assert label("interviewed", language) == worded


def test_a_rule_of_the_users_own_shows_with_spaces() -> None:
    assert label("interview_reminder", "fr") == "interview reminder"
    assert label("interview_reminder", "de") == "interview reminder"


@pytest.mark.parametrize(
    ("wait", "language", "words"),
    [
        (Wait(1, Unit.BUSINESS_DAYS), "en", "1 business day"),
        (Wait(2, Unit.BUSINESS_DAYS), "en", "2 business days"),
        (Wait(1, Unit.BUSINESS_DAYS), "fr", "1 jour ouvrable"),
        (Wait(5, Unit.BUSINESS_DAYS), "fr-CA", "5 jours ouvrables"),
        (Wait(0, Unit.HOURS), "en", "0 hours"),
        (Wait(0, Unit.HOURS), "fr", "0 heure"),  # French counts 0 as singular
        (Wait(24, Unit.HOURS), "fr", "24 heures"),
        (Wait(1, Unit.DAYS), "fr", "1 jour"),
        (Wait(30, Unit.MINUTES), "fr", "30 minutes"),
        (Wait(1, Unit.DAYS), "de", "1 day"),  # no words for it: English
    ],
)
def test_a_wait_is_worded_with_the_plural_of_its_language(
    wait: Wait, language: str, words: str
) -> None:
    assert duration(wait, language) == words
