"""`afterview parse`: the JSON contract, every kind of path, and what happens on bad input."""

from __future__ import annotations

import json
import mailbox
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from afterview.daemon.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "tune"
REJECTION = CORPUS / "greenhouse" / "rejection-northwind-other-candidates.eml"
FIELDS = [
    "file", "message_id", "kind", "confidence", "company", "role", "interview",
    "decision_by", "ooo_until", "scheduling_url", "language",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    monkeypatch.delenv("AFTERVIEW_CONFIG", raising=False)


def parse_json(*args: str) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(main, ["parse", "--json", "--tz", "America/Toronto", *args])
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def test_json_lines_follow_the_documented_contract() -> None:
    code, (line,) = parse_json(str(REJECTION))
    assert code == 0
    assert list(line) == FIELDS
    assert line["file"] == str(REJECTION)
    assert line["kind"] == "rejection"
    assert 0 < float(str(line["confidence"])) <= 1


def test_explain_adds_the_signals_and_their_weights() -> None:
    _, (line,) = parse_json("--explain", str(REJECTION))
    signals = line["signals"]
    assert isinstance(signals, list)
    assert signals
    assert {"name", "kind", "weight", "evidence"} == set(signals[0])


def test_a_maildir_an_mbox_and_a_folder_are_read_message_by_message(tmp_path: Path) -> None:
    sources = sorted((CORPUS / "greenhouse").glob("*.eml"))[:3]
    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    box = mailbox.mbox(tmp_path / "box.mbox", create=True)
    for source in sources:
        maildir.add(source.read_bytes())
        box.add(source.read_bytes())
    box.close()
    folder = tmp_path / "folder"
    shutil.copytree(CORPUS / "greenhouse", folder)
    code, lines = parse_json(str(tmp_path / "Maildir"), str(tmp_path / "box.mbox"), str(folder))
    assert code == 0
    files = [str(line["file"]) for line in lines]
    assert sum(f.startswith(str(tmp_path / "Maildir")) for f in files) == 3
    assert [f for f in files if "box.mbox" in f] == [
        f"{tmp_path / 'box.mbox'}:{i}" for i in (1, 2, 3)
    ]
    assert sum(f.startswith(str(folder)) for f in files) == len(list(folder.glob("*.eml")))
    assert all(line["kind"] != "unreadable" for line in lines)


def test_an_unreadable_message_is_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "gone.eml").symlink_to(tmp_path / "missing-target")
    shutil.copy(REJECTION, tmp_path / "ok.eml")
    code, lines = parse_json(str(tmp_path))
    assert code == 0
    assert [(Path(str(line["file"])).name, line["kind"]) for line in lines] == [
        ("gone.eml", "unreadable"),
        ("ok.eml", "rejection"),
    ]
    assert "cannot read" in str(lines[0]["error"])


def test_a_missing_path_exits_non_zero_after_the_others(tmp_path: Path) -> None:
    code, lines = parse_json(str(tmp_path / "absent.eml"), str(REJECTION))
    assert code == 66
    assert [line["kind"] for line in lines] == ["rejection"]


def test_an_unknown_time_zone_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["parse", "--tz", "Mars/Olympus", str(REJECTION)])
    assert result.exit_code == 2
    assert "unknown time zone 'Mars/Olympus'" in result.output


def test_human_output_names_the_kind_and_company() -> None:
    result = CliRunner().invoke(main, ["parse", "--tz", "UTC", "--explain", str(REJECTION)])
    assert result.exit_code == 0
    assert "rejection (" in result.output
    assert "signal" in result.output


def test_an_out_of_office_reply_gives_its_return_date() -> None:
    ooo = CORPUS / "ooo" / "zimbra-kubecon-back-march-30.eml"
    _, (line,) = parse_json(str(ooo))
    assert (line["kind"], line["ooo_until"], line["company"]) == (
        "auto_reply",
        "2026-03-30",
        "Kestrel Mobility",
    )
