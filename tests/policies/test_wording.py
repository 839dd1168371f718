"""How letters word things: labels for states and rules, in every language we write."""

from __future__ import annotations

import pytest

from afterview.policies.applications import State
from afterview.policies.policy import default_policy
from afterview.policies.wording import LABELS, label

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


@pytest.mark.parametrize(("language", "worded"), [("en", "interviewed"), ("fr", "entrevue passée")])
def test_an_interviewed_application_is_worded_in_the_letters_language(
    language: str, worded: str
) -> None:
    assert label("interviewed", language) == worded


def test_a_rule_of_the_users_own_shows_with_spaces() -> None:
    assert label("interview_reminder", "fr") == "interview reminder"
    assert label("interview_reminder", "de") == "interview reminder"
