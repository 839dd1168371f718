"""`afterview simulate` as the user reads it: every time in their zone, text and JSON alike."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from afterview.daemon.cli import main

STORIES = Path(__file__).parents[1] / "policies" / "stories"
# The interview is timed in Vancouver, some messages are dated +0000 or -0700.
MIXED = STORIES / "recipient_window"
ME = "alex.morgan@example.net"


def simulate(zone: str, *extra: str) -> list[str]:
    args = ["simulate", str(MIXED), "--me", ME, "--tz", zone, "--until", "2026-04-03", *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize("zone", ["America/Toronto", "Europe/Paris"])
def test_json_times_are_in_the_users_zone(zone: str) -> None:
    records = [json.loads(line) for line in simulate(zone, "--json")]
    assert records
    for record in records:
        at = datetime.fromisoformat(record["at"])
        assert at.utcoffset() == at.astimezone(ZoneInfo(zone)).utcoffset(), record


def test_text_times_are_in_the_users_zone_and_the_same_instants_as_json() -> None:
    lines = simulate("America/Toronto")
    records = [json.loads(line) for line in simulate("America/Toronto", "--json")]
    assert len(lines) == len(records)
    for line, record in zip(lines, records, strict=True):
        shown = datetime.strptime(line[:22], "%Y-%m-%d %H:%M %z")
        assert shown == datetime.fromisoformat(record["at"]).replace(second=0)
        assert shown.utcoffset() == shown.astimezone(ZoneInfo("America/Toronto")).utcoffset()
    # The follow-up is timed at 09:00 in Vancouver, the recipient's zone: noon in Toronto.
    follow_up = next(line for line in lines if " follow_up " in line)
    assert follow_up.startswith("2026-03-25 12:00 -0400")


def test_reasons_say_one_business_day_not_one_business_days() -> None:
    story = STORIES / "fr_deux_semaines"
    args = ["simulate", str(story), "--me", ME, "--tz", "America/Toronto", "--until", "2026-03-20"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "(1 business day after the decision date" in result.stdout
    assert not re.search(r"\b1 \w+( \w+)?s\b after", result.stdout)
