"""The Engine over a real store: events persist, the outbox follows the plan, restarts add nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from email.parser import BytesParser
from email.policy import compat32
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from afterview.daemon.engine import Engine
from afterview.daemon.records import OutboxStatus
from afterview.daemon.store import Store
from afterview.daemon.userfiles import situation_for
from afterview.parsers.reading import Context
from afterview.policies.applications import State
from afterview.policies.events import AppEvent, EventKind, EventSource
from afterview.policies.policy import Policy, default_policy, default_policy_text, load_policy

STORIES = Path(__file__).parents[1] / "policies" / "stories"
TORONTO = ZoneInfo("America/Toronto")
ME = "alex.morgan@example.net"
CONTEXT = Context(me=frozenset({ME}), user_tz=TORONTO)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "afterview.sqlite3") as opened:
        yield opened


def engine(store: Store, policy: Policy | None = None, since: datetime | None = None) -> Engine:
    since = since or datetime(2026, 3, 1, tzinfo=TORONTO)
    situation = situation_for(None, CONTEXT, ME, since)
    return Engine(store, policy or default_policy(), situation, CONTEXT)


def mailbox(story: str) -> list[tuple[datetime, bytes]]:
    """The story's messages with their Date, oldest first."""
    out = []
    for path in sorted((STORIES / story).glob("*.eml")):
        raw = path.read_bytes()
        date = BytesParser(policy=compat32).parsebytes(raw, headersonly=True)["Date"]
        out.append((parsedate_to_datetime(date), raw))
    return sorted(out, key=lambda pair: pair[0])


def deliver(e: Engine, story: str) -> datetime:
    """File every message of a story at its Date, re-planning after each; the last Date."""
    last = datetime(2026, 1, 1, tzinfo=TORONTO)
    for when, raw in mailbox(story):
        e.pass_time(when)
        e.file(raw, when)
        e.reconcile(when)
        last = when
    return last


def open_rows(store: Store) -> dict[str, datetime]:
    rows = store.outbox(OutboxStatus.PLANNED, OutboxStatus.REVIEW, OutboxStatus.APPROVED)
    return {row.key: row.due_at for row in rows}


def test_a_confirmation_plans_thank_yous_and_a_follow_up_in_the_outbox(store: Store) -> None:
    e = engine(store)
    deliver(e, "thank_two_interviewers")
    rows = {row.key: row for row in store.outbox()}
    thanks = sorted(row.recipient for row in rows.values() if row.rule == "thank_you")
    assert thanks == ["marco.rossi@acmerobotics.example", "priya.shah@acmerobotics.example"]
    waiting = {r.rule: r.status for r in rows.values() if r.rule != "reference_heads_up"}
    rules = ("digest", "thank_you", "notes_prompt", "follow_up")
    assert waiting == dict.fromkeys(rules, OutboxStatus.PLANNED)
    # No references are configured: the heads-up has nobody to go to.
    [heads_up] = [r for r in rows.values() if r.rule == "reference_heads_up"]
    assert (heads_up.status, heads_up.recipient) == (OutboxStatus.SKIPPED, "")
    end = datetime(2026, 3, 10, 15, 0, tzinfo=TORONTO)
    assert {row.due_at for row in rows.values() if row.rule == "thank_you"} == {
        end + timedelta(hours=2)
    }
    assert [app.state.value for app in e.apps.values()] == ["scheduled"]


def test_a_restart_rebuilds_the_same_applications_and_plans_nothing_new(store: Store) -> None:
    first = engine(store)
    last = deliver(first, "thank_two_interviewers")
    before = store.outbox()
    events = len(store.events())
    again = engine(store)
    assert again.apps == first.apps
    again.reconcile(last)
    assert store.outbox() == before
    assert len(store.events()) == events


def test_a_policy_change_reschedules_planned_rows_under_their_keys(store: Store) -> None:
    e = engine(store)
    last = deliver(e, "thank_two_interviewers")
    before = open_rows(store)
    text = default_policy_text().replace("wait: 2h}", "wait: 3h}", 1)
    e.use_policy(load_policy(text, "policy.yaml"))
    e.reconcile(last)
    after = open_rows(store)
    assert after.keys() == before.keys()
    for key, due in before.items():
        expected = due + timedelta(hours=1) if "/thank_you/" in key else due
        assert after[key] == expected, key


def test_disabling_a_rule_cancels_its_open_rows(store: Store) -> None:
    e = engine(store)
    last = deliver(e, "thank_two_interviewers")
    text = default_policy_text().replace(
        "    mode: draft\n", "    mode: draft\n    enabled: false\n", 1
    )
    e.use_policy(load_policy(text, "policy.yaml"))
    e.reconcile(last)
    statuses = {row.rule: row.status for row in store.outbox()}
    assert statuses["thank_you"] is OutboxStatus.CANCELLED
    assert statuses["follow_up"] is OutboxStatus.PLANNED


def test_an_employer_reply_cancels_the_open_follow_up_at_once(store: Store) -> None:
    e = engine(store)
    (confirmed, invitation), (replied, update) = mailbox("employer_replied")
    e.file(invitation, confirmed)
    e.reconcile(confirmed)
    [follow_up] = [r for r in store.outbox() if r.rule == "follow_up"]
    e.pass_time(replied)
    e.file(update, replied)
    assert e.reconcile(replied) == []  # it was only planned: nothing to tell the user
    cancelled = store.outbox_item(follow_up.key)
    assert cancelled is not None
    assert cancelled.status is OutboxStatus.CANCELLED
    assert "employer wrote" in (cancelled.reason or "")


def test_rows_fall_due_in_order(store: Store) -> None:
    e = engine(store)
    deliver(e, "thank_two_interviewers")
    end = datetime(2026, 3, 10, 15, 0, tzinfo=TORONTO)
    e.reconcile(end)
    assert sorted(row.rule for row in e.due(end)) == ["digest", "notes_prompt"]
    for row in e.due(end):
        store.move_outbox(row.key, OutboxStatus.NOTIFIED, expected=row.status, at=end)
    assert e.due(end + timedelta(hours=1)) == []
    assert e.next_due() == end + timedelta(hours=2)
    assert {row.rule for row in e.due(end + timedelta(hours=2))} == {"thank_you"}


def test_actions_due_before_afterview_started_are_history(store: Store) -> None:
    end = datetime(2026, 3, 10, 15, 0, tzinfo=TORONTO)
    e = engine(store, since=end + timedelta(days=30))  # a backfill finds an old interview
    for when, raw in mailbox("thank_two_interviewers"):
        e.file(raw, when)
    e.pass_time(end + timedelta(days=30))
    e.reconcile(end + timedelta(days=30))
    rows = {row.rule: row for row in store.outbox()}
    assert rows["thank_you"].status is OutboxStatus.SKIPPED
    assert rows["notes_prompt"].status is OutboxStatus.SKIPPED
    assert e.due(end + timedelta(days=30)) == []


def test_actions_due_just_before_the_start_are_still_carried_out(store: Store) -> None:
    end = datetime(2026, 3, 10, 15, 0, tzinfo=TORONTO)
    since = end + timedelta(hours=5)  # started three hours after the thank-yous were due
    e = engine(store, since=since)
    for when, raw in mailbox("thank_two_interviewers"):
        e.file(raw, when)
    e.pass_time(since)
    e.reconcile(since)
    due = e.due(since)
    assert {row.rule for row in due} == {"thank_you", "notes_prompt"}
    assert {row.status for row in due} == {OutboxStatus.PLANNED}


def test_the_start_of_watching_is_kept_from_the_first_run(store: Store) -> None:
    first = datetime(2026, 3, 1, tzinfo=TORONTO)
    assert store.watching_since(first) == first
    assert store.watching_since(first + timedelta(days=3)) == first


def test_after_weeks_away_one_digest_is_due_not_one_per_week(store: Store) -> None:
    e = engine(store, since=datetime(2026, 3, 1, tzinfo=TORONTO))
    later = datetime(2026, 3, 25, 12, 0, tzinfo=TORONTO)  # three Mondays later
    e.reconcile(later)
    assert [row.key for row in e.due(later)] == ["digest/2026-03-23"]


def test_a_snoozed_planned_row_keeps_its_later_time_when_re_planned(store: Store) -> None:
    e = engine(store)
    last = deliver(e, "thank_two_interviewers")
    [follow_up] = [r for r in store.outbox() if r.rule == "follow_up"]
    later = follow_up.due_at + timedelta(days=3)
    assert store.snooze(follow_up.key, later, at=last)  # `afterview snooze`, before any review
    e.reconcile(last)
    e.reconcile(last + timedelta(hours=1))
    assert open_rows(store)[follow_up.key] == later
    # A plan that moves past the snooze moves the row: the snooze is a floor, not a pin.
    text = default_policy_text().replace(
        "otherwise: {after: interview_end, wait: 5 business days}",
        "otherwise: {after: interview_end, wait: 10 business days}",
    )
    e.use_policy(load_policy(text, "policy.yaml"))
    e.reconcile(last + timedelta(hours=2))
    assert open_rows(store)[follow_up.key] > later
    assert open_rows(store)[follow_up.key] == e.still_planned(follow_up.key, last).due  # type: ignore[union-attr]


def test_refresh_sees_what_another_process_recorded_and_reconcile_refreshes(store: Store) -> None:
    daemon = engine(store)
    last = deliver(daemon, "thank_two_interviewers")
    command = engine(store)  # `afterview add`, while the daemon runs
    added = AppEvent(
        "globex-platform-engineer", EventKind.ADDED, last, EventSource.USER, "afterview add",
        data={"company": "Globex", "role": "Platform Engineer"},
    )  # fmt: skip
    command.record(added)
    assert "globex-platform-engineer" not in daemon.apps
    assert daemon.refresh()
    assert daemon.apps == command.apps
    assert not daemon.refresh()  # nothing new since
    command.record(replace(added, kind=EventKind.WITHDRAWN, evidence="afterview withdraw"))
    daemon.reconcile(last)
    assert daemon.apps["globex-platform-engineer"].state is State.WITHDRAWN


def test_an_engine_rebuilds_for_another_process_s_events_not_its_own(store: Store) -> None:
    e = engine(store)
    deliver(e, "thank_two_interviewers")
    assert not e.refresh()
    other = engine(store)
    other.record(
        AppEvent("acme-robotics-data-engineer", EventKind.TIMELINE_SET, datetime(2026, 3, 11, tzinfo=TORONTO),
                 EventSource.USER, "afterview add", data={"decision_by": "2026-03-20"})
    )  # fmt: skip
    # The daemon reads the command's event before it lets time pass (or files, or plans).
    e.pass_time(datetime(2026, 3, 12, tzinfo=TORONTO))
    assert e.apps["acme-robotics-data-engineer"].decision_by == date(2026, 3, 20)
    assert not e.refresh()
