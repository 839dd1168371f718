"""Scenario stories: `afterview simulate` on small mailboxes, against what the policy must do.

Each folder under stories/ holds the messages of one story and a story.yaml written from
the domain rules, not from the planner's code (see stories/README.md for the format and
how the comparison works).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from afterview.daemon.cli import main

STORIES = Path(__file__).parent / "stories"
DONE = frozenset({"sent", "drafted", "notified"})
DROPPED = frozenset({"cancelled", "skipped"})


@dataclass(frozen=True)
class Outcome:
    """One action, in the terms a story compares: an instant, a rule, a recipient set."""

    at: float
    rule: str
    to: frozenset[str]
    status: str

    @classmethod
    def of(cls, record: dict[str, Any]) -> Outcome:
        return cls(
            at=datetime.fromisoformat(record["at"]).timestamp() if record.get("at") else 0.0,
            rule=record["rule"],
            to=frozenset(address.lower() for address in record["to"]),
            status=record["status"],
        )

    def __str__(self) -> str:
        return f"{datetime.fromtimestamp(self.at).astimezone().isoformat()} {self.rule} -> " + (
            f"{sorted(self.to)} {self.status}"
        )


def simulate(folder: Path, story: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    args = ["simulate", *map(str, sorted(folder.glob("*.eml")))]
    args += ["--me", story["me"], "--tz", story["tz"], "--until", story["until"], "--json"]
    if story.get("config"):
        # A story's config names a password variable; a simulation never logs in.
        monkeypatch.setenv("AFTERVIEW_TEST_PASSWORD", "unused")
        args += ["--config", str(folder / story["config"])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "folder", sorted(p for p in STORIES.iterdir() if p.is_dir()), ids=lambda p: p.name
)
def test_story(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = yaml.safe_load((folder / "story.yaml").read_text(encoding="utf-8"))
    records = [r for r in simulate(folder, story, monkeypatch) if r["rule"] in story["rules"]]
    outcomes = [Outcome.of(r) for r in records]
    done = sorted((o for o in outcomes if o.status in DONE), key=lambda o: o.at)
    wanted = sorted((Outcome.of(e) for e in story.get("expect") or []), key=lambda o: o.at)
    shown = "\n".join(
        f"  {r['at']} {r['rule']} {r['to']} {r['status']}: {r['reason']}" for r in records
    )
    assert Counter(done) == Counter(wanted), f"{folder.name}: the simulation gave\n{shown}"
    dropped = {(o.rule, o.to) for o in outcomes if o.status in DROPPED}
    for entry in story.get("expect_cancelled") or []:
        key = (entry["rule"], frozenset(a.lower() for a in entry["to"]))
        assert key in dropped, f"{folder.name}: no cancelled or skipped {entry}\n{shown}"


def test_every_story_folder_has_a_story() -> None:
    folders = [p for p in STORIES.iterdir() if p.is_dir()]
    assert len(folders) >= 18
    for folder in folders:
        story = yaml.safe_load((folder / "story.yaml").read_text(encoding="utf-8"))
        assert story["rules"], folder.name
        assert list(folder.glob("*.eml")), folder.name
