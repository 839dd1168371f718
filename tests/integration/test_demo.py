"""`afterview demo` tells its story: the real daemon, a local Dovecot and SMTP sink."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

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


def test_the_demo_command_keeps_the_mailbox_only_when_asked(tmp_path: Path) -> None:
    # A process of its own, as a user runs it: the command sets up logging for the process.
    def demo(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from afterview.daemon.cli import main; main()"]
        env = os.environ | {"TMPDIR": str(tmp_path)}
        return subprocess.run(
            [*command, "demo", *args],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    kept = demo("--keep")
    assert kept.returncode == 0, kept.stderr
    assert "Kept in" in kept.stdout
    # The commands it suggests work on what it kept.
    status = [line.split() for line in kept.stdout.splitlines() if "afterview status" in line]
    shown = subprocess.run(
        [sys.executable, "-c", "from afterview.daemon.cli import main; main()", *status[0][1:]],
        check=False, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "greyhawk-media-data-engineer" in shown.stdout
    [folder] = tmp_path.glob("afterview-demo-*")
    assert (folder / "dovecot" / "mail" / "alex" / "Maildir").is_dir()
    assert "service.stopped" in (folder / "afterview.log").read_text()
    gone = demo()
    assert gone.returncode == 0, gone.stderr
    assert "thank-you note" in gone.stdout
    assert list(tmp_path.glob("afterview-demo-*")) == [folder]
