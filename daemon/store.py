"""The SQLite store: the only module that speaks SQL.

One file, owner-only, in WAL mode so readers (the CLI) never block the daemon.
Writes commit before they return: a crash loses nothing that was acknowledged.
The daemon and the CLI may write at once: a writer waits for the other's
transaction (`BUSY_TIMEOUT`) rather than failing with "database is locked".
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from afterview.daemon.migrations import MIGRATIONS
from afterview.daemon.records import (
    OPEN_STATUSES,
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

#: How long a write waits for another process's transaction (the daemon's, a CLI command's)
#: before giving up. Every transaction here is a few statements long.
BUSY_TIMEOUT = 10.0


class StoreError(Exception):
    """The database cannot be used: newer than this afterview, or unreadable."""


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the store keeps aware times only")
    return moment.astimezone(UTC).isoformat()


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Store:
    """Typed access to the afterview database."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    @classmethod
    def open(cls, path: Path, migrations: Sequence[str] = MIGRATIONS) -> Self:
        """Open (creating if needed, mode 0600) and migrate the database at `path`."""
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Create the file ourselves so it is never, even briefly, readable by others.
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        db = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        db.row_factory = sqlite3.Row
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = FULL")
        store = cls(db)
        store._migrate(migrations)
        return store

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """How many migrations this database has had."""
        version: int = self._db.execute("PRAGMA user_version").fetchone()[0]
        return version

    def _migrate(self, migrations: Sequence[str]) -> None:
        current = self.schema_version
        if current > len(migrations):
            raise StoreError(
                f"the database is at schema version {current}, newer than this afterview knows "
                f"({len(migrations)}); upgrade afterview"
            )
        for version, script in enumerate(migrations[current:], start=current + 1):
            # executescript commits first, so the transaction is spelled out in the script.
            try:
                self._db.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;"
                )
            except sqlite3.Error as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise StoreError(f"migration {version} failed: {exc}") from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # Settings the daemon keeps ------------------------------------------------

    def watching_since(self, now: datetime) -> datetime:
        """When afterview first started watching this mailbox (`now`, on the first call)."""
        with self._write() as db:
            db.execute("INSERT OR IGNORE INTO setting VALUES ('watching_since', ?)", (_iso(now),))
            row = db.execute("SELECT value FROM setting WHERE name = 'watching_since'").fetchone()
            return _time(row[0])

    def started_watching(self) -> datetime | None:
        """When afterview first started watching, without setting it (None: never yet)."""
        row = self._db.execute("SELECT value FROM setting WHERE name = 'watching_since'").fetchone()
        return _time(row[0]) if row else None

    # Folder cursors -------------------------------------------------------

    def cursor(self, folder: str) -> FolderCursor | None:
        """How far `folder` has been read, or None if never."""
        row = self._db.execute("SELECT * FROM folder_cursor WHERE folder = ?", (folder,)).fetchone()
        return FolderCursor(**dict(row)) if row else None

    def save_cursor(self, cursor: FolderCursor) -> None:
        """Record how far a folder has been read."""
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO folder_cursor VALUES (?, ?, ?, ?)",
                (cursor.folder, cursor.uidvalidity, cursor.last_uid, cursor.highest_modseq),
            )

    # Seen messages --------------------------------------------------------

    def record_seen(
        self,
        folder: str,
        uidvalidity: int,
        messages: Sequence[tuple[int, str | None]],
        at: datetime,
    ) -> list[bool]:
        """Remember messages (UID, Message-ID) in one transaction; for each, False if it was
        seen before, by folder+UID or by Message-ID."""
        seen_at = _iso(at)
        if not messages:
            return []
        firsts: list[bool] = []
        with self._write() as db:
            for uid, message_id in messages:
                before = db.total_changes
                db.execute(
                    "INSERT OR IGNORE INTO seen_message VALUES (?, ?, ?, ?, ?)",
                    (folder, uidvalidity, uid, message_id, seen_at),
                )
                firsts.append(db.total_changes > before)
        return firsts

    # Applications and contacts --------------------------------------------

    def add_application(self, app: ApplicationRecord) -> None:
        """Store a new application; StoreError if its id is taken."""
        try:
            with self._write() as db:
                db.execute(
                    "INSERT INTO application VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        app.id,
                        app.company,
                        app.role,
                        app.state,
                        app.round,
                        _iso(app.created_at),
                        _iso(app.updated_at),
                    ),
                )
        except sqlite3.IntegrityError:
            raise StoreError(f"an application with id {app.id!r} already exists") from None

    def update_application(self, app_id: str, *, state: str, round: int, at: datetime) -> None:
        """Record an application's new state and interview round."""
        with self._write() as db:
            db.execute(
                "UPDATE application SET state = ?, round = ?, updated_at = ? WHERE id = ?",
                (state, round, _iso(at), app_id),
            )

    def application(self, app_id: str) -> ApplicationRecord | None:
        """One application by id."""
        row = self._db.execute("SELECT * FROM application WHERE id = ?", (app_id,)).fetchone()
        return _application(row) if row else None

    def applications(self) -> list[ApplicationRecord]:
        """Every application, oldest first."""
        rows = self._db.execute("SELECT * FROM application ORDER BY created_at, id")
        return [_application(row) for row in rows]

    def add_contact(self, contact: Contact) -> None:
        """Add or refresh a contact; a known one keeps its details unless new ones are given."""
        with self._write() as db:
            db.execute(
                """INSERT INTO contact VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT DO UPDATE SET name = coalesce(excluded.name, name),
                                             title = coalesce(excluded.title, title)""",
                (contact.application_id, contact.email, contact.role, contact.name, contact.title),
            )

    def contacts(self, app_id: str) -> list[Contact]:
        """The contacts of one application."""
        rows = self._db.execute(
            "SELECT * FROM contact WHERE application_id = ? ORDER BY role, email", (app_id,)
        )
        return [Contact(**dict(row)) for row in rows]

    def applications_by_contact(self, email: str) -> list[str]:
        """Ids of the applications a person (by address, any case) takes part in."""
        rows = self._db.execute(
            "SELECT DISTINCT application_id FROM contact WHERE email = ? ORDER BY 1", (email,)
        )
        return [row[0] for row in rows]

    # The event log --------------------------------------------------------

    def append_event(self, event: Event) -> int:
        """Append an event; returns its id. The log is never rewritten."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO event (application_id, at, kind, source, evidence, data)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    event.application_id,
                    _iso(event.at),
                    event.kind,
                    event.source.value,
                    event.evidence,
                    json.dumps(event.data, sort_keys=True, default=str),
                ),
            )
            return int(cursor.lastrowid or 0)

    def events(self, app_id: str | None = None) -> list[Event]:
        """The log in order, for one application or for all."""
        if app_id is None:
            rows = self._db.execute("SELECT * FROM event ORDER BY id")
        else:
            rows = self._db.execute(
                "SELECT * FROM event WHERE application_id = ? ORDER BY id", (app_id,)
            )
        return [_event(row) for row in rows]

    def last_event_id(self) -> int:
        """The id of the newest event (0 for an empty log): how far the log has grown."""
        last: int | None = self._db.execute("SELECT max(id) FROM event").fetchone()[0]
        return last or 0

    def has_evidence(self, evidence: str) -> bool:
        """Whether an event was recorded on this evidence (a Message-ID, a command)."""
        found = self._db.execute("SELECT 1 FROM event WHERE evidence = ? LIMIT 1", (evidence,))
        return found.fetchone() is not None

    # The outbox -----------------------------------------------------------

    def enqueue(self, item: OutboxItem, at: datetime) -> bool:
        """Add a planned action; False (and nothing written) if its key exists already."""
        values = {
            "key": item.key,
            "application_id": item.application_id,
            "rule": item.rule,
            "mode": item.mode.value,
            "recipient": item.recipient,
            "round": item.round,
            "attempt": item.attempt,
            "due_at": _iso(item.due_at),
            "planned_at": _iso(item.planned_at or at),
            "status": item.status.value,
            "subject": item.subject,
            "message_id": item.message_id,
            "message": item.message,
            "reason": item.reason,
            "review_token": item.review_token,
            "review_uid": item.review_uid,
            "snoozed_until": _iso(item.snoozed_until) if item.snoozed_until else None,
            "updated_at": _iso(at),
        }
        columns = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        with self._write() as db:
            before = db.total_changes
            db.execute(f"INSERT OR IGNORE INTO outbox ({columns}) VALUES ({marks})", values)  # noqa: S608 -- fixed names
            return db.total_changes > before

    def reschedule(self, key: str, due_at: datetime, *, at: datetime) -> bool:
        """Move a waiting action (planned, in review or approved) to a new due time; False
        if it is no longer waiting."""
        with self._write() as db:
            query = "UPDATE outbox SET due_at = ?, updated_at = ? WHERE key = ?"
            query += f" AND status IN ({', '.join('?' * len(OPEN_STATUSES))})"
            args = (_iso(due_at), _iso(at), key, *(s.value for s in OPEN_STATUSES))
            changed = db.execute(query, args).rowcount
            return changed == 1

    def snooze(self, key: str, until: datetime, *, at: datetime) -> bool:
        """Put a waiting action off until `until`: its due time, and a floor re-planning
        keeps (the planner's time moving never brings it back sooner); False if it is no
        longer waiting."""
        with self._write() as db:
            query = "UPDATE outbox SET due_at = ?, snoozed_until = ?, updated_at = ? WHERE key = ?"
            query += f" AND status IN ({', '.join('?' * len(OPEN_STATUSES))})"
            args = (_iso(until), _iso(until), _iso(at), key, *(s.value for s in OPEN_STATUSES))
            return db.execute(query, args).rowcount == 1

    def attach_message(
        self, key: str, *, message_id: str, message: bytes, subject: str, at: datetime
    ) -> None:
        """Keep the composed message of an action: it is sent byte for byte as stored."""
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET message_id = ?, message = ?, subject = ?, updated_at = ? "
                "WHERE key = ?",
                (message_id, message, subject, _iso(at), key),
            )

    def attach_review(self, key: str, *, token: str, uid: int | None, at: datetime) -> None:
        """Record the review message that now stands for an action in the INBOX."""
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET review_token = ?, review_uid = ?, updated_at = ? WHERE key = ?",
                (token, uid, _iso(at), key),
            )

    def outbox_by_message_id(self, message_id: str) -> OutboxItem | None:
        """The action whose composed message has this Message-ID: afterview's own mail."""
        row = self._db.execute(
            "SELECT * FROM outbox WHERE message_id = ?", (message_id,)
        ).fetchone()
        return _outbox(row) if row else None

    def outbox_by_token(self, token: str) -> OutboxItem | None:
        """The action whose review message carries this token."""
        row = self._db.execute("SELECT * FROM outbox WHERE review_token = ?", (token,)).fetchone()
        return _outbox(row) if row else None

    def outbox_item(self, key: str) -> OutboxItem | None:
        """One planned action by key."""
        row = self._db.execute("SELECT * FROM outbox WHERE key = ?", (key,)).fetchone()
        return _outbox(row) if row else None

    def outbox(self, *statuses: OutboxStatus) -> list[OutboxItem]:
        """Planned actions with one of `statuses` (all if none), soonest first."""
        query, args = "SELECT * FROM outbox", [s.value for s in statuses]
        if statuses:
            query += f" WHERE status IN ({', '.join('?' * len(statuses))})"
        return [_outbox(row) for row in self._db.execute(query + " ORDER BY due_at, key", args)]

    def outbox_states(self) -> dict[str, OutboxState]:
        """Every action's status and when it last changed, by key: cheap to read on every
        re-plan, however long the history of settled rows."""
        rows = self._db.execute("SELECT key, status, updated_at FROM outbox")
        return {
            key: OutboxState(key, OutboxStatus(status), _time(updated_at))
            for key, status, updated_at in rows
        }

    def move_outbox(
        self,
        key: str,
        to: OutboxStatus,
        *,
        expected: OutboxStatus,
        at: datetime,
        reason: str | None = None,
    ) -> bool:
        """Change an action's status only if it is still `expected`; False if it was not."""
        with self._write() as db:
            changed = db.execute(
                "UPDATE outbox SET status = ?, reason = coalesce(?, reason), updated_at = ? "
                "WHERE key = ? AND status = ?",
                (to.value, reason, _iso(at), key, expected.value),
            ).rowcount
            return changed == 1


def _application(row: sqlite3.Row) -> ApplicationRecord:
    values: dict[str, Any] = dict(row)
    values["created_at"], values["updated_at"] = _time(row["created_at"]), _time(row["updated_at"])
    return ApplicationRecord(**values)


def _event(row: sqlite3.Row) -> Event:
    return Event(
        application_id=row["application_id"],
        at=_time(row["at"]),
        kind=row["kind"],
        source=EventSource(row["source"]),
        evidence=row["evidence"],
        data=json.loads(row["data"]),
        id=row["id"],
    )


def _outbox(row: sqlite3.Row) -> OutboxItem:
    values: dict[str, Any] = dict(row)
    values.update(
        mode=Mode(row["mode"]),
        status=OutboxStatus(row["status"]),
        due_at=_time(row["due_at"]),
        planned_at=_time(row["planned_at"]),
        updated_at=_time(row["updated_at"]),
        snoozed_until=_time(row["snoozed_until"]) if row["snoozed_until"] else None,
    )
    return OutboxItem(**values)
