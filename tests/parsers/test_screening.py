"""The header screen agrees with the parser: a body is skipped only when it cannot matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.parsers.facts import Kind
from afterview.parsers.parse import parse_message
from afterview.parsers.parts import split_head
from afterview.parsers.reading import Context
from afterview.parsers.screening import needs_body

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "tune"
ME = frozenset({"alex.morgan@example.net"})
MESSAGES = sorted(CORPUS.glob("*/*.eml"))


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_skipped_body_never_changes_what_the_parser_says(path: Path) -> None:
    raw = path.read_bytes()
    headers = split_head(raw)[0]
    if needs_body(headers, ME):
        return
    context = Context(me=ME)
    whole = parse_message(raw, context)
    assert whole.kind is Kind.UNRELATED
    assert parse_message(headers, context).kind is Kind.UNRELATED


def test_the_screen_skips_job_alerts_and_keeps_application_mail() -> None:
    skipped = [p for p in MESSAGES if not needs_body(split_head(p.read_bytes())[0], ME)]
    families = {p.parent.name for p in skipped}
    assert skipped, "no bulk mail skipped: the screen does nothing"
    assert families & {"job-alert", "linkedin", "indeed", "glassdoor", "newsletter"}
    kept = [p for p in MESSAGES if p not in skipped]
    assert any(p.parent.name == "greenhouse" for p in kept)


def test_the_user_s_own_mail_and_machine_replies_are_always_read() -> None:
    own = b"From: Alex <alex.morgan@example.net>\r\nList-Unsubscribe: <mailto:x@y>\r\n\r\n"
    assert needs_body(own, ME)
    vacation = b"From: Jane <jane@acme.example>\r\nPrecedence: bulk\r\nAuto-Submitted: auto-replied\r\n\r\n"
    assert needs_body(vacation, ME)
