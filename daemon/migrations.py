"""The store's schema, as an ordered list of migrations; `PRAGMA user_version` says how many ran.

Never edit a migration that has shipped: add a new one. Each runs in one transaction.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: mailbox cursors, seen messages, applications, contacts, the event log.
    """
    CREATE TABLE folder_cursor (
        folder          TEXT PRIMARY KEY,
        uidvalidity     INTEGER NOT NULL,
        last_uid        INTEGER NOT NULL DEFAULT 0,
        highest_modseq  INTEGER
    );
    CREATE TABLE seen_message (
        folder       TEXT NOT NULL,
        uidvalidity  INTEGER NOT NULL,
        uid          INTEGER NOT NULL,
        message_id   TEXT,
        seen_at      TEXT NOT NULL,
        PRIMARY KEY (folder, uidvalidity, uid)
    );
    -- The same message seen in two folders (INBOX and All Mail) is one message.
    CREATE UNIQUE INDEX seen_message_by_message_id ON seen_message (message_id)
        WHERE message_id IS NOT NULL;
    CREATE TABLE application (
        id          TEXT PRIMARY KEY,
        company     TEXT NOT NULL,
        role        TEXT,
        state       TEXT NOT NULL,
        round       INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE contact (
        application_id  TEXT NOT NULL REFERENCES application (id),
        email           TEXT NOT NULL COLLATE NOCASE,
        role            TEXT NOT NULL,
        name            TEXT,
        title           TEXT,
        PRIMARY KEY (application_id, email, role)
    );
    CREATE INDEX contact_by_email ON contact (email);
    CREATE TABLE event (
        id              INTEGER PRIMARY KEY,
        application_id  TEXT REFERENCES application (id),
        at              TEXT NOT NULL,
        kind            TEXT NOT NULL,
        source          TEXT NOT NULL CHECK (source IN ('message', 'user', 'clock')),
        evidence        TEXT NOT NULL,
        data            TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX event_by_application ON event (application_id, id);
    CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    """,
    # 2: the outbox. One row per planned action; its key makes planning idempotent.
    """
    CREATE TABLE outbox (
        key             TEXT PRIMARY KEY,
        application_id  TEXT NOT NULL REFERENCES application (id),
        rule            TEXT NOT NULL,
        mode            TEXT NOT NULL CHECK (mode IN ('draft', 'approve', 'queue', 'auto')),
        recipient       TEXT NOT NULL,
        due_at          TEXT NOT NULL,
        status          TEXT NOT NULL,
        message_id      TEXT UNIQUE,
        message         BLOB,
        reason          TEXT,
        updated_at      TEXT NOT NULL
    );
    CREATE INDEX outbox_by_status_due ON outbox (status, due_at);
    """,
    # 3: the outbox learns messages to the user (mode notify, no application for the
    # digest), which round and attempt a row is, when it was planned (the last check
    # before sending asks who wrote since), its subject, and its review message. And a
    # table of settings the daemon keeps for itself.
    """
    CREATE TABLE outbox_v3 (
        key             TEXT PRIMARY KEY,
        application_id  TEXT REFERENCES application (id),
        rule            TEXT NOT NULL,
        mode            TEXT NOT NULL
                        CHECK (mode IN ('draft', 'approve', 'queue', 'auto', 'notify')),
        recipient       TEXT NOT NULL,
        round           INTEGER NOT NULL DEFAULT 0,
        attempt         INTEGER NOT NULL DEFAULT 1,
        due_at          TEXT NOT NULL,
        planned_at      TEXT NOT NULL,
        status          TEXT NOT NULL,
        subject         TEXT,
        message_id      TEXT UNIQUE,
        message         BLOB,
        reason          TEXT,
        review_token    TEXT UNIQUE,
        review_uid      INTEGER,
        updated_at      TEXT NOT NULL
    );
    INSERT INTO outbox_v3 (key, application_id, rule, mode, recipient, due_at, planned_at,
                           status, message_id, message, reason, updated_at)
        SELECT key, application_id, rule, mode, recipient, due_at, updated_at,
               status, message_id, message, reason, updated_at FROM outbox;
    DROP TABLE outbox;
    ALTER TABLE outbox_v3 RENAME TO outbox;
    CREATE INDEX outbox_by_status_due ON outbox (status, due_at);
    -- Facts about the installation: when afterview first started watching.
    CREATE TABLE setting (
        name   TEXT PRIMARY KEY,
        value  TEXT NOT NULL
    );
    """,
    # 4: a message handed over again after a crash is found by its Message-ID.
    """
    CREATE INDEX event_by_evidence ON event (evidence);
    """,
    # 5: a planned action the user put off (`afterview snooze`) keeps that time as a floor:
    # re-planning moves a planned row to the plan's time, never sooner than this.
    """
    ALTER TABLE outbox ADD COLUMN snoozed_until TEXT;
    """,
)
