"""Probe messages of the senders' families: each family's employer and interviewers read right.

`probes/<family>/<name>.eml` are written like the corpus's messages, but they are
unit-test fixtures, not corpus messages: each sidecar holds only what it checks
(kind, company, interviewer emails, and in the later ones the interview's start as an
ISO datetime and `decision_by` as an `[earliest, latest]` range of dates; null where
the mail states none), labelled by
the corpus conventions (tests/corpus/README.md) before the parser ever read them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from corpus_samples import ONTARIO

from afterview.parsers.facts import Facts
from afterview.parsers.parse import Context, parse_message

PROBES = Path(__file__).parent / "probes"
# The corpus's candidate (tests/corpus/README.md), who keeps Ontario's public holidays.
CANDIDATE = Context(
    me=frozenset({"alex.morgan@example.net"}),
    user_tz=ZoneInfo("America/Toronto"),
    holidays=ONTARIO,
)


def _probes(check: str) -> list[Any]:
    """The probes, as parameters of the test of one `check` (kind, company, interviewers,
    interview_start, decision_by); interviewers where the sidecar lists them, a start or a
    decision date where it has the key."""
    return [
        pytest.param(path, id=f"{path.parent.name}/{path.stem}")
        for path in sorted(PROBES.glob("*/*.eml"))
        if _checks(_expected(path), check)
    ]


def _checks(expected: dict[str, Any], check: str) -> bool:
    if check == "interviewers":
        return expected["interviewers"] is not None
    return check in expected if check in ("interview_start", "decision_by") else True


def _expected(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
    return loaded


def _read(path: Path) -> tuple[Facts, dict[str, Any]]:
    return parse_message(path.read_bytes(), CANDIDATE), _expected(path)


@pytest.mark.parametrize("path", _probes("kind"))
def test_probe_is_classified_as_labelled(path: Path) -> None:
    facts, want = _read(path)
    assert facts.kind.value == want["kind"]


@pytest.mark.parametrize("path", _probes("company"))
def test_probe_names_its_employer_as_labelled(path: Path) -> None:
    facts, want = _read(path)
    assert (facts.company or "").casefold() == (want["company"] or "").casefold()


@pytest.mark.parametrize("path", _probes("interviewers"))
def test_probe_finds_its_interviewers_as_labelled(path: Path) -> None:
    facts, want = _read(path)
    got = {p.email for p in facts.interview.interviewers if p.email} if facts.interview else None
    assert got == set(want["interviewers"])


@pytest.mark.parametrize("path", _probes("interview_start"))
def test_probe_reads_its_interview_start_as_labelled(path: Path) -> None:
    facts, want = _read(path)
    got = facts.interview.start if facts.interview else None
    expected = want["interview_start"]
    # Compared as instants: "11:00-07:00" and "14:00-04:00" are the same start.
    assert got == (datetime.fromisoformat(expected) if expected else None)


@pytest.mark.parametrize("path", _probes("decision_by"))
def test_probe_reads_its_decision_date_as_labelled(path: Path) -> None:
    facts, want = _read(path)
    expected = want["decision_by"]
    if expected is None:
        assert facts.decision_by is None
    else:
        earliest, latest = (date.fromisoformat(str(day)) for day in expected)
        assert facts.decision_by is not None
        assert earliest <= facts.decision_by <= latest, facts.decision_by
