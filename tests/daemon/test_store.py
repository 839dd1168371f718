"""The store: migrations, file permissions, dedupe, the append-only log, the outbox."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from afterview.daemon.migrations import MIGRATIONS
from afterview.daemon.records import (
    ApplicationRecord,
    Contact,
    Event,
    EventSource,
    FolderCursor,
    Mode,
    OutboxItem,
    OutboxState,
    OutboxStatus,
)
from afterview.daemon.store import BUSY_TIMEOUT, Store, StoreError

NOW = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "state" / "afterview.sqlite3") as opened:
        yield opened


def application(app_id: str = "acme-robotics-data-engineer") -> ApplicationRecord:
    return ApplicationRecord(app_id, "Acme Robotics", "Data Engineer", "applied", 0, NOW, NOW)


def follow_up(key: str = "acme/follow_up/1/1/jane@acme.example") -> OutboxItem:
    return OutboxItem(
        key, "acme-robotics-data-engineer", "follow_up", Mode.QUEUE, "jane@acme.example", NOW
    )


def test_migrations_run_on_an_empty_database(store: Store) -> None:
    assert store.schema_version == len(MIGRATIONS)


def test_migrations_upgrade_the_previous_version_and_keep_its_data(tmp_path: Path) -> None:
    path = tmp_path / "afterview.sqlite3"
    with Store.open(path, MIGRATIONS[:-1]) as old:
        old.add_application(application())
        old.append_event(
            Event("acme-robotics-data-engineer", NOW, "applied", EventSource.USER, "afterview add")
        )
        assert old.schema_version == len(MIGRATIONS) - 1
    with Store.open(path) as upgraded:
        assert upgraded.schema_version == len(MIGRATIONS)
        assert upgraded.application("acme-robotics-data-engineer") == application()
        assert [e.kind for e in upgraded.events()] == ["applied"]
        upgraded.add_application(application("globex-analyst"))
        assert upgraded.enqueue(follow_up(), NOW)


def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "afterview.sqlite3"
    Store.open(path).close()
    with pytest.raises(
        StoreError, match=f"schema version {len(MIGRATIONS)}, newer than this afterview"
    ):
        Store.open(path, MIGRATIONS[:1])


def test_a_failed_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "afterview.sqlite3"
    with pytest.raises(StoreError, match="migration 2 failed"):
        Store.open(path, (MIGRATIONS[0], "CREATE TABLE half (x); SELECT no_such_function();"))
    with Store.open(path, MIGRATIONS[:1]) as store:
        assert store.schema_version == 1


def test_database_and_its_directory_are_private(tmp_path: Path) -> None:
    path = tmp_path / "state" / "afterview.sqlite3"
    with Store.open(path) as store:
        store.add_application(application())
        for file in path.parent.iterdir():
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_database_uses_write_ahead_logging(tmp_path: Path) -> None:
    path = tmp_path / "afterview.sqlite3"
    Store.open(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cursor_round_trips_and_is_replaced(store: Store) -> None:
    assert store.cursor("INBOX") is None
    store.save_cursor(FolderCursor("INBOX", 1700000000, 41, 9001))
    store.save_cursor(FolderCursor("INBOX", 1700000000, 42, 9005))
    assert store.cursor("INBOX") == FolderCursor("INBOX", 1700000000, 42, 9005)


def test_a_message_is_seen_once_by_uid_and_once_by_message_id(store: Store) -> None:
    assert store.record_seen("INBOX", 7, [(1, "<a@acme.example>")], NOW) == [True]
    assert store.record_seen("INBOX", 7, [(1, "<a@acme.example>")], NOW) == [False]
    assert store.record_seen("[Gmail]/All Mail", 3, [(99, "<a@acme.example>")], NOW) == [False]
    assert store.record_seen("INBOX", 7, [(2, None), (3, None)], NOW) == [True, True]


def test_a_batch_of_messages_is_claimed_in_order(store: Store) -> None:
    claimed = store.record_seen(
        "INBOX",
        7,
        [(1, "<a@acme.example>"), (2, "<a@acme.example>"), (1, None), (3, "<b@acme.example>")],
        NOW,
    )
    # The second <a> is a copy of the first; UID 1 is taken by then.
    assert claimed == [True, False, False, True]
    assert store.record_seen("INBOX", 7, [], NOW) == []


def test_event_log_is_append_only(store: Store, tmp_path: Path) -> None:
    store.add_application(application())
    event_id = store.append_event(
        Event(
            "acme-robotics-data-engineer",
            NOW,
            "rejection",
            EventSource.MESSAGE,
            "<r@acme.example>",
            {"uid": 5},
        )
    )
    assert store.events("acme-robotics-data-engineer")[0].data == {"uid": 5}
    with sqlite3.connect(tmp_path / "state" / "afterview.sqlite3") as db:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE event SET kind = 'offer' WHERE id = ?", (event_id,))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("DELETE FROM event")


def test_events_keep_their_source_and_order(store: Store) -> None:
    store.add_application(application())
    for kind, source in [("applied", EventSource.USER), ("interview_ended", EventSource.CLOCK)]:
        store.append_event(Event("acme-robotics-data-engineer", NOW, kind, source, "evidence"))
    events = store.events()
    assert [(e.kind, e.source) for e in events] == [
        ("applied", "user"),
        ("interview_ended", "clock"),
    ]
    assert events[0].id is not None
    assert events[1].id == events[0].id + 1


def test_application_ids_are_unique(store: Store) -> None:
    store.add_application(application())
    with pytest.raises(StoreError, match="already exists"):
        store.add_application(application())


def test_application_state_is_updated(store: Store) -> None:
    store.add_application(application())
    later = NOW + timedelta(days=1)
    store.update_application("acme-robotics-data-engineer", state="interviewing", round=1, at=later)
    stored = store.application("acme-robotics-data-engineer")
    assert stored is not None
    assert (stored.state, stored.round, stored.updated_at) == ("interviewing", 1, later)


def test_contacts_are_matched_case_insensitively_and_keep_details(store: Store) -> None:
    store.add_application(application())
    store.add_contact(
        Contact("acme-robotics-data-engineer", "Jane.Doe@Acme.example", "interviewer", "Jane Doe")
    )
    store.add_contact(
        Contact("acme-robotics-data-engineer", "jane.doe@acme.example", "interviewer", None, "CTO")
    )
    assert store.contacts("acme-robotics-data-engineer") == [
        Contact(
            "acme-robotics-data-engineer", "Jane.Doe@Acme.example", "interviewer", "Jane Doe", "CTO"
        )
    ]
    assert store.applications_by_contact("JANE.DOE@acme.example") == ["acme-robotics-data-engineer"]


def test_an_outbox_key_is_planned_only_once(store: Store) -> None:
    store.add_application(application())
    assert store.enqueue(follow_up(), NOW)
    assert not store.enqueue(follow_up(), NOW + timedelta(hours=1))
    assert len(store.outbox()) == 1


def test_outbox_status_moves_only_from_the_expected_status(store: Store) -> None:
    store.add_application(application())
    store.enqueue(follow_up(), NOW)
    key = follow_up().key
    assert store.move_outbox(key, OutboxStatus.SENDING, expected=OutboxStatus.PLANNED, at=NOW)
    assert not store.move_outbox(key, OutboxStatus.SENDING, expected=OutboxStatus.PLANNED, at=NOW)
    assert store.move_outbox(
        key, OutboxStatus.SENT, expected=OutboxStatus.SENDING, at=NOW, reason="250 OK"
    )
    assert [(i.status, i.reason) for i in store.outbox(OutboxStatus.SENT)] == [
        (OutboxStatus.SENT, "250 OK")
    ]
    assert store.outbox(OutboxStatus.PLANNED, OutboxStatus.SENDING) == []


def test_outbox_states_give_every_rows_status_and_last_change(store: Store) -> None:
    store.add_application(application())
    sent, planned = follow_up(), follow_up("acme/thank_you/1/1/jane@acme.example")
    store.enqueue(sent, NOW)
    store.enqueue(planned, NOW)
    later = NOW + timedelta(hours=2)
    store.move_outbox(sent.key, OutboxStatus.SENT, expected=OutboxStatus.PLANNED, at=later)
    assert store.outbox_states() == {
        sent.key: OutboxState(sent.key, OutboxStatus.SENT, later),
        planned.key: OutboxState(planned.key, OutboxStatus.PLANNED, NOW),
    }


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        store.record_seen("INBOX", 1, [(1, None)], datetime(2026, 3, 3))  # noqa: DTZ001 -- the point of the test


def test_migration_3_keeps_outbox_rows_and_opens_the_notify_mode(tmp_path: Path) -> None:
    path = tmp_path / "afterview.sqlite3"
    with Store.open(path, MIGRATIONS[:2]) as old:
        old.add_application(application())
        old._db.execute(  # the version-2 row shape, as an older afterview wrote it
            "INSERT INTO outbox VALUES (?, ?, 'follow_up', 'queue', 'jane@acme.example', ?,"
            " 'planned', NULL, NULL, NULL, ?)",
            ("acme/follow_up/1/1/jane@acme.example", "acme-robotics-data-engineer",
             NOW.isoformat(), NOW.isoformat()),
        )  # fmt: skip
    with Store.open(path) as upgraded:
        item = upgraded.outbox_item("acme/follow_up/1/1/jane@acme.example")
        assert item is not None
        assert (item.mode, item.status, item.planned_at) == (Mode.QUEUE, OutboxStatus.PLANNED, NOW)
        digest = OutboxItem("digest/2026-03-02", None, "digest", Mode.NOTIFY, "me@x.example", NOW)
        assert upgraded.enqueue(digest, NOW)


def test_a_planned_row_is_rescheduled_but_not_once_it_left(store: Store) -> None:
    store.add_application(application())
    assert store.enqueue(follow_up(), NOW)
    later = NOW + timedelta(days=2)
    assert store.reschedule(follow_up().key, later, at=NOW)
    assert store.outbox_item(follow_up().key).due_at == later  # type: ignore[union-attr]
    store.move_outbox(follow_up().key, OutboxStatus.SENDING, expected=OutboxStatus.PLANNED, at=NOW)
    assert not store.reschedule(follow_up().key, NOW, at=NOW)


def test_a_writer_waits_for_another_process_instead_of_failing_at_once(store: Store) -> None:
    # The daemon and a CLI command write to one file: WAL lets readers through, and the busy
    # timeout makes a writer wait for the other's transaction rather than fail at once.
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT * 1000


def test_a_second_connection_reads_while_another_holds_a_write(tmp_path: Path) -> None:
    path = tmp_path / "afterview.sqlite3"
    with Store.open(path) as daemon, Store.open(path) as command:
        daemon.add_application(application())
        daemon._db.execute("BEGIN IMMEDIATE")  # the daemon, mid-transaction
        daemon._db.execute("UPDATE application SET state = 'invited'")
        assert [a.state for a in command.applications()] == ["applied"]
        daemon._db.execute("COMMIT")
        assert [a.state for a in command.applications()] == ["invited"]


def test_a_snooze_moves_an_open_row_and_keeps_its_time_as_a_floor(store: Store) -> None:
    store.add_application(application())
    store.enqueue(follow_up(), NOW)
    assert store.outbox_item(follow_up().key).snoozed_until is None  # type: ignore[union-attr]
    later = NOW + timedelta(days=3)
    assert store.snooze(follow_up().key, later, at=NOW)
    item = store.outbox_item(follow_up().key)
    assert item is not None
    assert (item.due_at, item.snoozed_until, item.status) == (later, later, OutboxStatus.PLANNED)
    store.move_outbox(follow_up().key, OutboxStatus.SENT, expected=OutboxStatus.PLANNED, at=NOW)
    assert not store.snooze(follow_up().key, later + timedelta(days=1), at=NOW)


def test_migration_5_keeps_outbox_rows_unsnoozed(tmp_path: Path) -> None:
    path = tmp_path / "afterview.sqlite3"
    with Store.open(path, MIGRATIONS[:4]) as old:
        old.add_application(application())
        old._db.execute(  # the version-4 row shape, as the previous afterview wrote it
            "INSERT INTO outbox (key, application_id, rule, mode, recipient, due_at, planned_at,"
            " status, updated_at) VALUES (?, ?, 'follow_up', 'queue', 'jane@acme.example', ?, ?,"
            " 'planned', ?)",
            (follow_up().key, "acme-robotics-data-engineer", *[NOW.isoformat()] * 3),
        )
    with Store.open(path) as upgraded:
        assert upgraded.schema_version == 5
        item = upgraded.outbox_item(follow_up().key)
        assert item is not None
        assert (item.due_at, item.snoozed_until) == (NOW, None)


def test_the_log_says_how_far_it_has_grown(store: Store) -> None:
    assert store.last_event_id() == 0
    store.add_application(application())
    event = Event("acme-robotics-data-engineer", NOW, "added", EventSource.USER, "afterview add")
    first = store.append_event(event)
    assert store.last_event_id() == first
    second = store.append_event(event)
    assert second == first + 1 == store.last_event_id()


def test_the_start_of_watching_is_read_without_being_set(store: Store) -> None:
    assert store.started_watching() is None
    assert store.started_watching() is None  # reading did not set it
    store.watching_since(NOW)
    assert store.started_watching() == NOW
