"""The commands on the live store, run as a user runs them, beside the daemon's Engine."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.parser import BytesParser
from email.policy import compat32
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner

from afterview.daemon.application_commands import add, undo
from afterview.daemon.engine import Engine
from afterview.daemon.outbox_commands import approve, cancel, plan, queue, snooze
from afterview.daemon.parse_command import parser_context
from afterview.daemon.records import OutboxItem, OutboxStatus
from afterview.daemon.status_commands import show, status
from afterview.daemon.store import Store
from afterview.daemon.store_commands import PICKED_UP, Clock, short_id
from afterview.daemon.userfiles import load_settings, situation_for

STORIES = Path(__file__).parents[1] / "policies" / "stories"
TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 3, 9, 12, 0, tzinfo=TORONTO)  # the day before the interview, a Monday
ACME = "acme-robotics-data-engineer"
CONFIG = textwrap.dedent(
    """\
    account:
      email: alex.morgan@example.net
      name: Alex Morgan
    imap:
      host: imap.example.net
      password:
        env: AFTERVIEW_TEST_PASSWORD
    smtp:
      host: smtp.example.net
    timezone: America/Toronto
    state_dir: state
    """
)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def daemon(config: Path) -> Engine:
    """An Engine as `afterview run` makes one, on the store the config names."""
    settings = load_settings(config)
    context = parser_context(settings.config, None, ())
    store = Store.open(config.parent / "state" / "afterview.sqlite3")
    since = store.watching_since(datetime(2026, 3, 1, tzinfo=TORONTO))
    return Engine(
        store, settings.policy, situation_for(settings.config, context, None, since), context
    )


@pytest.fixture
def running(config: Path) -> Iterator[Engine]:
    """The daemon, having read the story of one interview with two interviewers."""
    engine = daemon(config)
    messages = []
    for path in sorted((STORIES / "thank_two_interviewers").glob("*.eml")):
        raw = path.read_bytes()
        date = BytesParser(policy=compat32).parsebytes(raw, headersonly=True)["Date"]
        messages.append((parsedate_to_datetime(date), raw))
    for when, raw in sorted(messages, key=lambda pair: pair[0]):
        engine.pass_time(when)
        engine.file(raw, when)
        engine.reconcile(when)
    engine.reconcile(NOW)
    yield engine
    engine.store.close()


def run(command: click.Command, config: Path, *args: str, now: datetime = NOW) -> tuple[int, str]:
    result = CliRunner().invoke(command, [*args, "--config", str(config)], obj=Clock(lambda: now))
    return result.exit_code, result.output


def table(output: str) -> list[dict[str, str]]:
    """The tab-separated lines a listing prints off a terminal, by column name."""
    header, *lines = [line.split("\t") for line in output.splitlines() if "\t" in line]
    return [dict(zip(header, line, strict=True)) for line in lines]


def row(engine: Engine, rule: str, recipient: str = "") -> OutboxItem:
    """The one row of a rule (to someone) still open, or the latest one."""
    rows = [r for r in engine.store.outbox() if r.rule == rule and recipient in r.recipient]
    [found] = [r for r in rows if r.status.is_open] or rows[-1:]
    return found


# status ------------------------------------------------------------------------------------


def test_status_shows_each_application_with_its_next_action_in_the_users_zone(
    running: Engine, config: Path
) -> None:
    code, output = run(status, config)
    assert code == 0, output
    [acme] = table(output)
    assert acme == {
        "application": ACME,
        "company": "Acme Robotics",
        "role": "Data Engineer",
        "state": "interviewing (scheduled), round 1",
        "next": "notes_prompt to alex.morgan@example.net",
        "when": "Tue 2026-03-10 15:00",  # the interview's end, in Toronto
        "last contact": "Wed 2026-03-04 (them)",
    }


def test_status_json_gives_the_same_in_fields(running: Engine, config: Path) -> None:
    code, output = run(status, config, "--json")
    assert code == 0, output
    [acme] = json.loads(output)
    assert (acme["id"], acme["state"], acme["round"]) == (ACME, "scheduled", 1)
    assert acme["next"]["rule"] == "notes_prompt"
    assert acme["next"]["due"] == "2026-03-10T15:00:00-04:00"
    assert acme["next"]["status"] == "planned"
    assert acme["last_contact"]["by"] == "them"


def test_without_a_store_the_commands_say_where_it_would_be(config: Path) -> None:
    code, output = run(status, config)
    assert code == 66
    assert str(config.parent / "state" / "afterview.sqlite3") in output
    assert not (config.parent / "state").exists()  # reading created nothing


def test_an_invalid_config_exits_78_naming_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "config.yaml"
    broken.write_text(CONFIG.replace("timezone: America/Toronto", "timezone: Mars/Olympus"))
    code, output = run(queue, broken)
    assert code == 78
    assert "config.yaml:10: timezone: unknown time zone 'Mars/Olympus'" in output


# show --------------------------------------------------------------------------------------


def test_show_gives_people_rounds_and_the_history_with_its_evidence(
    running: Engine, config: Path
) -> None:
    code, output = run(show, config, "acme")  # the start of an id is enough
    assert code == 0, output
    assert f"{ACME}: Acme Robotics, Data Engineer" in output
    assert "Priya Shah <priya.shah@acmerobotics.example>: interviewer" in output
    assert "Jordan Lee <jordan.lee@acmerobotics.example>: status contact, recruiter" in output
    assert "1  Tue 2026-03-10 14:00-15:00" in output
    history = table(output)
    assert [(e["kind"], e["source"]) for e in history] == [
        ("invited", "message"),
        ("user_sent", "message"),
        ("scheduled", "message"),
    ]
    assert history[2]["evidence"].startswith("<calendar-0f6a1482")
    assert history[2]["note"].startswith("Invitation: Acme Robotics | Technical Interview")


def test_show_names_the_applications_when_none_fits(running: Engine, config: Path) -> None:
    code, output = run(show, config, "globex")
    assert code == 65
    assert f"no application 'globex'; known: {ACME}" in output


# queue, approve, cancel, snooze ------------------------------------------------------------


def test_queue_lists_open_rows_and_those_needing_attention_by_short_id(
    running: Engine, config: Path
) -> None:
    store = running.store
    digest = row(running, "digest")
    store.move_outbox(digest.key, OutboxStatus.NOTIFIED, expected=digest.status, at=NOW)
    thanks = row(running, "thank_you", "marco")
    store.move_outbox(thanks.key, OutboxStatus.FAILED, expected=thanks.status, at=NOW,
                      reason="550 no such user")  # fmt: skip
    code, output = run(queue, config)
    assert code == 0, output
    listed = {line["rule"] + " " + line["recipient"]: line for line in table(output)}
    assert set(listed) == {
        "notes_prompt alex.morgan@example.net",
        "thank_you marco.rossi@acmerobotics.example",
        "thank_you priya.shah@acmerobotics.example",
        "follow_up jordan.lee@acmerobotics.example",
    }
    failed = listed["thank_you marco.rossi@acmerobotics.example"]
    assert (failed["id"], failed["status"], failed["reason"]) == (
        short_id(thanks.key),
        "failed",
        "550 no such user",
    )
    follow = listed["follow_up jordan.lee@acmerobotics.example"]
    assert (follow["mode"], follow["due"]) == ("queue", "Tue 2026-03-17 15:00")


def test_queue_json_carries_keys_and_times(running: Engine, config: Path) -> None:
    code, output = run(queue, config, "--json")
    assert code == 0, output
    records = {r["rule"]: r for r in json.loads(output) if r["rule"] != "thank_you"}
    follow_up = row(running, "follow_up")
    assert records["follow_up"]["key"] == follow_up.key
    assert records["follow_up"]["id"] == short_id(follow_up.key)
    assert records["follow_up"]["due"] == "2026-03-17T15:00:00-04:00"


def test_approve_sends_now_as_a_flag_on_the_review_would(running: Engine, config: Path) -> None:
    follow_up = row(running, "follow_up")
    code, output = run(approve, config, short_id(follow_up.key))
    assert code == 0, output
    assert "it is sent now" in output
    assert PICKED_UP in output
    approved = running.store.outbox_item(follow_up.key)
    assert approved is not None
    assert (approved.status, approved.due_at) == (OutboxStatus.APPROVED, NOW)
    assert approved in running.due(NOW)  # the daemon's next run carries it out


def test_cancel_settles_the_row_with_the_users_reason(running: Engine, config: Path) -> None:
    thanks = row(running, "thank_you", "priya")
    code, output = run(cancel, config, thanks.key)  # the whole key works too
    assert code == 0, output
    cancelled = running.store.outbox_item(thanks.key)
    assert cancelled is not None
    assert (cancelled.status, cancelled.reason) == (
        OutboxStatus.CANCELLED,
        "you cancelled it (afterview cancel)",
    )
    running.reconcile(NOW)  # the daemon's next run plans no new attempt for it
    assert running.store.outbox_item(thanks.key) == cancelled


def test_approve_and_cancel_refuse_a_row_that_is_not_open(running: Engine, config: Path) -> None:
    thanks = row(running, "thank_you", "priya")
    running.store.move_outbox(thanks.key, OutboxStatus.DRAFTED, expected=thanks.status, at=NOW)
    for command in (approve, cancel, snooze):
        args = (short_id(thanks.key), "1d") if command is snooze else (short_id(thanks.key),)
        code, output = run(command, config, *args)
        assert code == 65
        assert "is drafted" in output
    assert running.store.outbox_item(thanks.key).status is OutboxStatus.DRAFTED  # type: ignore[union-attr]


def test_an_ambiguous_action_lists_what_it_could_be(running: Engine, config: Path) -> None:
    code, output = run(cancel, config, f"{ACME}/thank_you")
    assert code == 65
    assert "could be any of these" in output
    assert output.count("thank_you/round-1") == 2
    assert {r.status for r in running.store.outbox() if r.rule == "thank_you"} == {
        OutboxStatus.PLANNED
    }


def test_a_snooze_survives_the_daemons_re_planning(running: Engine, config: Path) -> None:
    follow_up = row(running, "follow_up")
    code, output = run(snooze, config, short_id(follow_up.key), "3d")
    assert code == 0, output
    later = datetime(2026, 3, 20, 15, 0, tzinfo=TORONTO)
    assert "until Fri 2026-03-20 15:00" in output
    running.reconcile(NOW + timedelta(minutes=1))  # the daemon's next run
    snoozed = running.store.outbox_item(follow_up.key)
    assert snoozed is not None
    assert (snoozed.status, snoozed.due_at, snoozed.snoozed_until) == (
        OutboxStatus.PLANNED,
        later,
        later,
    )


def test_a_snooze_to_a_weekend_day_waits_for_the_window(running: Engine, config: Path) -> None:
    follow_up = row(running, "follow_up")
    code, output = run(snooze, config, short_id(follow_up.key), "2026-03-21")
    assert code == 0, output
    assert "until Mon 2026-03-23 09:00" in output


def test_a_snooze_that_is_no_later_is_refused(running: Engine, config: Path) -> None:
    follow_up = row(running, "follow_up")
    code, output = run(snooze, config, short_id(follow_up.key), "2026-03-12")
    assert code == 2
    assert "is not later than 2026-03-17 15:00" in output
    assert running.store.outbox_item(follow_up.key) == follow_up


# plan --------------------------------------------------------------------------------------


def test_plan_shows_what_happens_in_the_next_days(running: Engine, config: Path) -> None:
    code, output = run(plan, config, "--days", "3")
    assert code == 0, output
    rules = [(line["rule"], line["due"], line["verdict"]) for line in table(output)]
    assert ("notes_prompt", "Tue 2026-03-10 15:00", "planned") in rules
    assert ("thank_you", "Tue 2026-03-10 17:00", "planned") in rules
    assert "follow_up" not in {rule for rule, _, _ in rules}  # due on the 17th
    code, output = run(plan, config, "--json")
    records = json.loads(output)
    assert [r["rule"] for r in records if r["application"]][-1] == "follow_up"
    assert {r["due"][-6:] for r in records} == {"-04:00"}


def test_plan_shows_a_snoozed_time(running: Engine, config: Path) -> None:
    follow_up = row(running, "follow_up")
    running.store.snooze(follow_up.key, datetime(2026, 3, 30, 9, 0, tzinfo=TORONTO), at=NOW)
    code, output = run(plan, config, "--days", "30", "--json")
    assert code == 0, output
    [record] = [r for r in json.loads(output) if r["rule"] == "follow_up"]
    assert record["due"] == "2026-03-30T09:00:00-04:00"


# add and undo ------------------------------------------------------------------------------


def test_add_an_application_records_a_user_event_and_its_row(running: Engine, config: Path) -> None:
    code, output = run(
        add, config, "--company", "Globex", "--role", "Platform Engineer",
        "--contact", "Hank Scorpio <hank@globex.example>",
    )  # fmt: skip
    assert code == 0, output
    assert "Added globex-platform-engineer: Globex, Platform Engineer." in output
    assert PICKED_UP in output
    [event] = running.store.events("globex-platform-engineer")
    assert (event.kind, event.source.value) == ("added", "user")
    assert event.evidence.startswith("afterview add --company Globex")
    record = running.store.application("globex-platform-engineer")
    assert record is not None
    assert (record.company, record.role, record.state) == ("Globex", "Platform Engineer", "applied")
    running.reconcile(NOW)  # the daemon sees it on its next run
    assert "globex-platform-engineer" in running.apps


def test_add_refuses_an_application_tracked_already(running: Engine, config: Path) -> None:
    code, output = run(add, config, "--company", "Acme Robotics", "--role", "Data Engineer")
    assert code == 65
    assert f"tracked already as {ACME}" in output


def test_add_an_interview_and_a_timeline_to_an_application(running: Engine, config: Path) -> None:
    run(add, config, "--company", "Globex", "--role", "Platform Engineer")
    code, output = run(
        add, config, "globex", "--at", "2026-03-12 10:00", "--minutes", "45",
        "--interviewer", "Jane Doe <jane@globex.example>", "--url", "https://meet.example/g",
        "--timeline", "two weeks",
    )  # fmt: skip
    assert code == 0, output
    assert "Thu 2026-03-12 10:00-10:45 with Jane Doe" in output
    assert "Decision expected by 2026-03-26" in output  # two weeks from the interview
    _, scheduled, timeline = running.store.events("globex-platform-engineer")
    assert (scheduled.kind, timeline.kind) == ("scheduled", "timeline_set")
    assert scheduled.data["interview"]["start"] == "2026-03-12T10:00:00-04:00"
    assert scheduled.data["interview"]["interviewers"][0]["email"] == "jane@globex.example"
    assert timeline.data["decision_by"] == "2026-03-26"
    record = running.store.application("globex-platform-engineer")
    assert record is not None
    assert (record.state, record.round) == ("scheduled", 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "Designer"), "give --company (a new application) or APP"),
        (("acme", "--company", "Acme"), "give APP (an application afterview knows) or --company"),
        (("acme",), "nothing to add"),
        (("acme", "--url", "https://x.example"), "describe an interview: give --at"),
        (("acme", "--timeline", "soon", "--decision-by", "2026-04-01"), "not both"),
        (("acme", "--at", "next tuesday"), "expected a date and time"),
        (("acme", "--at", "2026-03-12 10:00", "--interviewer", "Jane <jane>"), "as a person"),
    ],
)
def test_add_refuses_options_that_do_not_fit_before_writing(
    running: Engine, config: Path, args: tuple[str, ...], message: str
) -> None:
    before = running.store.last_event_id()
    code, output = run(add, config, *args)
    assert code == 2
    assert message in output
    assert running.store.last_event_id() == before


def test_add_writes_nothing_when_a_later_part_is_refused(running: Engine, config: Path) -> None:
    before = running.store.last_event_id()
    code, output = run(add, config, "--company", "Globex", "--timeline", "whenever")
    assert code == 65
    assert "cannot read a date in 'whenever'" in output
    assert running.store.last_event_id() == before


def test_undo_takes_back_the_last_transition_and_says_what_it_was(
    running: Engine, config: Path
) -> None:
    scheduled = running.store.events(ACME)[2]
    code, output = run(undo, config, ACME)
    assert code == 0, output
    assert f"Undid #{scheduled.id} scheduled of Wed 2026-03-04 11:05" in output
    assert "it is interviewing (invited) again" in output
    undone = running.store.events(ACME)[-1]
    assert (undone.kind, undone.source.value, undone.data["event"]) == (
        "undone",
        "user",
        scheduled.id,
    )
    assert running.store.application(ACME).state == "invited"  # type: ignore[union-attr]
    code, output = run(show, config, ACME, "--json")
    history = {e["id"]: e for e in json.loads(output)["history"]}
    assert history[scheduled.id]["undone_by"] == undone.id
    running.reconcile(NOW)  # the daemon rebuilds, and the interview's actions go
    assert running.apps[ACME].state.value == "invited"
    assert row(running, "thank_you", "priya").status is OutboxStatus.CANCELLED


def test_undo_refuses_when_nothing_changed_the_state(running: Engine, config: Path) -> None:
    run(add, config, "--company", "Globex")
    code, output = run(undo, config, "globex")
    assert code == 65
    assert "nothing to undo" in output


def test_an_interview_added_by_hand_plans_the_thank_yous(running: Engine, config: Path) -> None:
    run(add, config, "--company", "Globex", "--contact", "hank@globex.example")
    code, output = run(
        add, config, "globex", "--at", "2026-03-12 10:00",
        "--interviewer", "Jane Doe <jane@globex.example>",
    )  # fmt: skip
    assert code == 0, output
    running.reconcile(NOW)
    thanks = [r for r in running.store.outbox() if r.key.startswith("globex/thank_you/")]
    assert [(r.recipient, r.due_at) for r in thanks] == [
        ("jane@globex.example", datetime(2026, 3, 12, 13, 0, tzinfo=TORONTO))
    ]
