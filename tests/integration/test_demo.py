"""`afterview demo` tells its story: the real daemon, a local Dovecot and SMTP sink."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from afterview.daemon.cli import main
from afterview.daemon.demo_command import run_demo


def test_the_demo_story_runs_every_habit_through_the_daemon(tmp_path: Path) -> None:
    lines: list[str] = []
    outcome = asyncio.run(run_demo(tmp_path, lines.append))
    told = "\n".join(lines)
    # Thank-you drafts, one per interviewer, and the feedback request after the rejection.
    assert outcome.drafts == 5
    for interviewer in ("priya.shah", "marco.rossi", "tom.becker", "derek.osei"):
        assert f"thank-you note ({interviewer}@" in told
    assert "feedback request (sofia.alvarez@northwindfreight.example): drafted" in told
    assert told.count("asks you how the interview went") == 3
    # Approval from the inbox: a flag and a "send" reply send; a deleted review cancels.
    heads_up = "heads-up to references (riley.chen@example.org)"
    assert told.count(f"{heads_up}: sent") == 2
    assert f"{heads_up}: cancelled, you moved its review message away" in told
    # Greyhawk's follow-up is queued, then the recruiter's update cancels it.
    assert "follow-up (nina.patel@greyhawkmedia.example): goes Thu Mar 19 11:00" in told
    assert "follow-up (nina.patel@greyhawkmedia.example): cancelled, the employer wrote" in told
    # Northwind's rejection stops its follow-up; Acme's goes after the timeline in the notes.
    assert "follow-up (sofia.alvarez@northwindfreight.example): cancelled" in told
    sent = sorted(r for delivered in outcome.sent for r in delivered.recipients)
    assert sent == [
        "jordan.lee@acmerobotics.example",
        "riley.chen@example.org",
        "riley.chen@example.org",
    ]


def test_the_demo_command_keeps_the_mailbox_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # The command sends the daemon's log to a file it closes: leave logging as it was.
    monkeypatch.setattr(logging.getLogger(), "handlers", list(logging.getLogger().handlers))
    result = CliRunner().invoke(main, ["demo", "--keep"])
    assert result.exit_code == 0, result.output
    assert "Kept in" in result.output
    [kept] = tmp_path.glob("afterview-demo-*")
    assert (kept / "dovecot" / "mail" / "alex" / "Maildir").is_dir()
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("afterview-demo-*"))) == 1
