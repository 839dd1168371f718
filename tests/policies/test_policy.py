"""The policy file: the default loads with its fixed rules; mistakes name file, line and key."""

from __future__ import annotations

import textwrap

import pytest

from afterview.policies.policy import RULE_NAMES, Recipients, default_policy, load_policy
from afterview.policies.timing import Unit, Wait
from afterview.policies.yamldoc import DocumentError


def test_the_default_policy_has_the_fixed_rule_names() -> None:
    assert tuple(default_policy().rules) == RULE_NAMES


def test_the_default_policy_encodes_the_follow_up_habits() -> None:
    rules = default_policy().rules
    assert rules["thank_you"].mode == "draft"
    assert rules["thank_you"].deadline == Wait(24, Unit.HOURS)
    assert rules["thank_you"].each == "round"
    assert rules["thank_you"].to[0] is Recipients.INTERVIEWERS
    follow_up = rules["follow_up"]
    assert (follow_up.mode, follow_up.max, follow_up.spacing) == ("queue", 2, Wait(7, Unit.DAYS))
    assert follow_up.when is not None
    assert follow_up.when.otherwise is not None
    assert follow_up.when.otherwise.wait == Wait(5, Unit.BUSINESS_DAYS)
    assert rules["reference_heads_up"].mode == "approve"
    assert rules["feedback_request"].mode == "draft"


def _load(text: str) -> None:
    load_policy(textwrap.dedent(text), "my-policy.yaml")


@pytest.mark.parametrize(
    ("text", "line", "key", "message"),
    [
        (
            """\
            rules:
              thank_you:
                when: {after: interview_end, wait: two hours}
                to: interviewers
                mode: draft
            """,
            3,
            "rules.thank_you.when.wait",
            "5 business days",
        ),
        (
            """\
            rules:
              follow_up:
                when: {after: decision_by}
                to: status_contact
                mode: queue
                max: 3
            """,
            2,
            "rules.follow_up",
            "spacing is required",
        ),
        (
            """\
            rules:
              follow_up:
                when: {after: interview_end}
                to: status_contact
                mode: sometimes
            """,
            5,
            "rules.follow_up.mode",
            "draft",
        ),
        (
            """\
            rules:
              digest:
                every: {day: monday}
                to: me
            """,
            3,
            "rules.digest.every.day",
            "mon",
        ),
        (
            """\
            rules:
              nudge:
                when: {after: interview_end, on: scheduled}
                to: interviewers
                mode: draft
            """,
            3,
            "rules.nudge.when",
            "exactly one of on, after or before",
        ),
        (
            """\
            rules:
              nudge:
                when: {after: interview_end}
                to: interviewers
                mode: draft
                stop_on: [employer_mesage]
            """,
            6,
            "rules.nudge.stop_on",
            "employer_message",
        ),
        (
            """\
            rules:
              nudge:
                when: {after: interview_end}
                to: me
                mode: queue
            """,
            2,
            "rules.nudge",
            "to: me",
        ),
        (
            """\
            rules:
              nudge:
                when: {after: interview_end}
                to: everyone
                mode: draft
            """,
            4,
            "rules.nudge.to",
            "interviewers",
        ),
        (
            """\
            rules:
              nudge:
                when: {after: interview_end}
                to: interviewers
                mode: draft
                mode: queue
            """,
            6,
            "rules.nudge.mode",
            "duplicate",
        ),
    ],
)
def test_a_mistake_names_file_line_and_key(text: str, line: int, key: str, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        _load(text)
    shown = str(caught.value)
    assert f"my-policy.yaml:{line}" in shown
    assert key in shown
    assert message in shown


def test_an_empty_file_is_refused_with_a_hint() -> None:
    with pytest.raises(DocumentError, match="rules"):
        _load("")


def test_a_custom_window_and_language_load() -> None:
    policy = load_policy(
        textwrap.dedent(
            """\
            rules:
              follow_up:
                when: {after: interview_end, wait: 2 business days}
                to: [status_contact, last_sender]
                mode: approve
                window: {days: [tue, wed, thu], start: "10:00", end: "15:30"}
                language: fr
            """
        ),
        "p.yaml",
    )
    rule = policy.rules["follow_up"]
    assert rule.language == "fr"
    assert rule.to == (Recipients.STATUS_CONTACT, Recipients.LAST_SENDER)
    assert rule.send_window(None) is not None  # type: ignore[arg-type]
