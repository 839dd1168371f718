"""Watching a folder against a real Dovecot: every message handed over once, none missed.

Tests that leave the server running share one Dovecot and each watch a mailbox of
their own; tests that restart the server start their own. Waits are bounded waits
for events; "nothing else came" is shown by a later message arriving next.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from mailservers import DovecotServer, append_messages, imap_login
from tenacity import wait_fixed

from afterview.daemon.imap import FlagChanges, Header, ImapSession, ImapSettings
from afterview.daemon.store import Store
from afterview.daemon.watcher import Fetched, Progress, watch

# Long enough never to run out in a test: only IDLE's push (or a reconnect) wakes the watch.
IDLE_EVERY = 600.0
# Bounds a broken server or watch; things happen in well under a second.
PATIENCE = 10.0


@dataclass(frozen=True)
class Account:
    """One user's mailbox on a test server."""

    server: DovecotServer
    user: str = "alex"

    def settings(self, *, password: str | None = None) -> ImapSettings:
        password = self.server.password(self.user) if password is None else password
        return ImapSettings(self.server.host, self.server.port, "none", self.user, password)

    async def append(
        self, folder: str, names: Sequence[str], *, internal_date: datetime | None = None
    ) -> list[int]:
        """APPEND messages named `names`, off the event loop; their UIDs."""
        messages = [message(name) for name in names]
        return await asyncio.to_thread(
            append_messages, self.server, self.user, folder, messages, internal_date=internal_date
        )

    def log_lines(self, *texts: str) -> list[str]:
        """Lines of the server's log that contain every one of `texts`."""
        lines = self.server.log_text().splitlines()
        return [line for line in lines if all(text in line for text in texts)]

    def session_ends(self) -> list[str]:
        """How each logged-in session of this user ended, once all have (a bounded wait)."""
        deadline = time.monotonic() + PATIENCE
        logins = self.log_lines(f"Login: user=<{self.user}>")
        while len(ends := self.log_lines(f"imap({self.user})", "Disconnected")) < len(logins):
            assert time.monotonic() < deadline, "a session of the user never ended"
            time.sleep(0.01)
        return ends

    def failed_logins(self) -> list[str]:
        """The server's lines about refused logins of this user, once there is one."""
        deadline = time.monotonic() + PATIENCE
        while not (failures := self.log_lines("auth failed", f"user=<{self.user}>")):
            assert time.monotonic() < deadline, "Dovecot logged no refused login"
            time.sleep(0.01)
        return failures


@pytest.fixture
def account(shared_dovecot: DovecotServer, fresh_user: str) -> Account:
    """A mailbox on the shared server that no other test of this run has used."""
    return Account(shared_dovecot, fresh_user)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "afterview.sqlite3") as opened:
        yield opened


def message(name: str) -> bytes:
    """A small CRLF message whose Message-ID is <name@acme.example>."""
    subject = "Newsletter" if name.startswith("news") else "Interview on Thursday"
    return (
        "From: Jane Roe <jane@acme.example>\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: <{name}@acme.example>\r\n"
        "\r\n"
        f"This is {name}.\r\n"
    ).encode()


def name_of(fetched: Fetched) -> str:
    assert fetched.message_id is not None
    return fetched.message_id.removeprefix("<").removesuffix("@acme.example>")


class Watching:
    """A watch running as a task; what it hands over lands in a queue."""

    def __init__(self) -> None:
        self.handed: asyncio.Queue[Fetched] = asyncio.Queue()
        self.progress: list[Progress] = []
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def next(self) -> Fetched:
        return await asyncio.wait_for(self.handed.get(), PATIENCE)

    async def next_names(self, count: int) -> list[str]:
        return [name_of(await self.next()) for _ in range(count)]

    async def names_until(self, last: str) -> list[str]:
        """Names handed over up to and including `last`."""
        names = [name_of(await self.next())]
        while names[-1] != last:
            names.append(name_of(await self.next()))
        return names

    async def stopped(self) -> None:
        """Set `stop` and wait, bounded, for the watch to end."""
        assert self.task is not None
        self.stop.set()
        await asyncio.wait_for(self.task, PATIENCE)


@contextlib.asynccontextmanager
async def watching(
    account: Account, store: Store, folder: str = "INBOX", **options: Any
) -> AsyncIterator[Watching]:
    """Run `watch` on a folder for the body of the `async with`, then stop it."""
    running = Watching()
    options = {"idle_every": IDLE_EVERY, "backoff": wait_fixed(0.05), **options}
    running.task = asyncio.create_task(
        watch(
            folder,
            account.settings(),
            store,
            running.handed.put,
            stop=running.stop,
            progress=running.progress.append,
            **options,
        )
    )
    try:
        yield running
    finally:
        await running.stopped()


def deliver_while_stopped(server: DovecotServer, user: str, names: Sequence[str]) -> None:
    """Drop messages into a user's Maildir, as a local delivery agent would while IMAP is down."""
    maildir = server.user_maildir(user)
    owner = maildir.stat()
    for number, name in enumerate(names):
        unique = f"{time.time_ns()}.afterview{number}.test"
        draft = maildir / "tmp" / unique
        draft.write_bytes(message(name))
        os.chown(draft, owner.st_uid, owner.st_gid)
        draft.rename(maildir / "new" / unique)


# --- Handing over ----------------------------------------------------------------------------


def test_a_first_start_reads_the_folder_then_new_mail_arrives_through_idle(
    account: Account, store: Store
) -> None:
    async def scenario() -> None:
        await account.append("INBOX", ["first", "second"])
        async with watching(account, store) as watch:
            assert await watch.next_names(2) == ["first", "second"]
            await account.append("INBOX", ["third"])
            third = await watch.next()
        assert (name_of(third), third.uid, third.folder) == ("third", 3, "INBOX")
        assert third.raw == message("third")
        assert not third.headers_only
        assert not third.redelivered
        assert third.flags == frozenset()

    asyncio.run(scenario())
    cursor = store.cursor("INBOX")
    assert cursor is not None
    assert cursor.last_uid == 3
    assert cursor.highest_modseq is not None
    with imap_login(account.server, account.user) as client:
        client.select_folder("INBOX", readonly=True)
        assert all(b"\\Seen" not in flags for flags in client.get_flags([1, 2, 3]).values())


def test_polling_finds_new_mail_where_idle_is_not_used(account: Account, store: Store) -> None:
    async def scenario() -> None:
        async with watching(account, store, idle_every=None, poll_every=0.05) as watch:
            await account.append("INBOX", ["polled"])
            assert await watch.next_names(1) == ["polled"]

    asyncio.run(scenario())


def test_backfill_reads_only_mail_since_the_date_and_reports_progress(
    account: Account, store: Store
) -> None:
    long_ago = datetime(2020, 1, 6, 12, 0, tzinfo=UTC)
    month_ago = datetime.now(UTC).date() - timedelta(days=30)

    async def scenario() -> Watching:
        await account.append("INBOX", ["ancient-1"], internal_date=long_ago)
        await account.append("INBOX", ["recent-1"])
        await account.append("INBOX", ["ancient-2"], internal_date=long_ago)
        await account.append("INBOX", ["recent-2"])
        async with watching(account, store, backfill_since=month_ago) as watch:
            assert await watch.next_names(2) == ["recent-1", "recent-2"]
            await account.append("INBOX", ["live"])
            # Next comes the live message: no old one was handed over in between.
            assert await watch.next_names(1) == ["live"]
        return watch

    watch = asyncio.run(scenario())
    assert watch.progress[0] == Progress("INBOX", 0, 2)
    assert watch.progress[-1] == Progress("INBOX", 2, 2)


def test_only_wanted_messages_are_fetched_whole(account: Account, store: Store) -> None:
    def wants_body(header: Header) -> bool:
        return b"Subject: Interview" in header.raw

    async def scenario() -> list[Fetched]:
        await account.append("INBOX", ["news-1", "invite"])
        async with watching(account, store, wants_body=wants_body) as watch:
            return [await watch.next(), await watch.next()]

    news, invite = asyncio.run(scenario())
    assert news.headers_only
    assert news.raw == message("news-1").split(b"\r\n\r\n")[0] + b"\r\n\r\n"
    assert not invite.headers_only
    assert invite.raw == message("invite")


# --- Restarts, crashes and a new UIDVALIDITY -------------------------------------------------


def test_a_dovecot_restart_while_idling_loses_nothing_and_doubles_nothing(
    dovecot: DovecotServer, store: Store
) -> None:
    account = Account(dovecot)

    async def scenario() -> None:
        async with watching(account, store) as watch:
            await account.append("INBOX", ["before"])
            assert await watch.next_names(1) == ["before"]
            await asyncio.to_thread(dovecot.stop)
            deliver_while_stopped(dovecot, "alex", ["while-down-1", "while-down-2"])
            await asyncio.to_thread(dovecot.start)
            assert await watch.next_names(2) == ["while-down-1", "while-down-2"]
            await account.append("INBOX", ["after"])
            assert await watch.next_names(1) == ["after"]

    asyncio.run(scenario())


def test_a_daemon_restart_hands_over_only_what_came_since(account: Account, store: Store) -> None:
    async def scenario() -> None:
        async with watching(account, store) as watch:
            await account.append("INBOX", ["one", "two"])
            assert await watch.next_names(2) == ["one", "two"]
        await account.append("INBOX", ["three"])
        async with watching(account, store) as watch:
            assert await watch.next_names(1) == ["three"]

    asyncio.run(scenario())


def test_a_message_claimed_before_a_crash_is_handed_over_again_and_a_copy_is_not(
    account: Account, store: Store
) -> None:
    async def scenario() -> None:
        async with watching(account, store) as watch:
            await account.append("INBOX", ["handled"])
            assert await watch.next_names(1) == ["handled"]
        cut_short, copy, _later = await account.append("INBOX", ["cut-short", "copy", "later"])
        cursor = store.cursor("INBOX")
        assert cursor is not None
        now = datetime.now(UTC)
        # The process died after claiming `cut-short`, before the cursor passed it...
        store.record_seen(
            "INBOX", cursor.uidvalidity, [(cut_short, "<cut-short@acme.example>")], now
        )
        # ...and `copy` was handed over from another folder.
        store.record_seen("Archive", 1, [(7, "<copy@acme.example>")], now)
        async with watching(account, store) as watch:
            again = await watch.next()
            assert (name_of(again), again.redelivered) == ("cut-short", True)
            later = await watch.next()
            assert (name_of(later), later.redelivered) == ("later", False)
        assert copy not in (again.uid, later.uid)

    asyncio.run(scenario())


def test_a_new_uidvalidity_hands_over_nothing_already_seen(account: Account, store: Store) -> None:
    async def scenario() -> None:
        async with watching(account, store) as watch:
            await account.append("INBOX", ["one", "two"])
            assert await watch.next_names(2) == ["one", "two"]
            # Dovecot drops the watch's session; it reconnects and rescans the folder.
            await asyncio.to_thread(account.server.set_uidvalidity, account.user, "INBOX", 4242)
            await account.append("INBOX", ["three"])
            assert await watch.next_names(1) == ["three"]

    asyncio.run(scenario())
    cursor = store.cursor("INBOX")
    assert cursor is not None
    assert (cursor.uidvalidity, cursor.last_uid) == (4242, 3)


def test_two_folders_holding_one_message_hand_it_over_once(account: Account, store: Store) -> None:
    async def scenario() -> list[str]:
        async with (
            watching(account, store, "INBOX") as inbox,
            watching(account, store, "Archive") as archive,
        ):
            await account.append("INBOX", ["shared", "inbox-only"])
            await account.append("Archive", ["shared", "archive-only"])
            # Either watch may claim `shared` first; each hands over in UID order.
            return await inbox.names_until("inbox-only") + await archive.names_until("archive-only")

    names = asyncio.run(scenario())
    assert sorted(names) == ["archive-only", "inbox-only", "shared"]


# --- Failures and stopping -------------------------------------------------------------------


def test_a_failing_handler_costs_one_message_not_the_watch(account: Account, store: Store) -> None:
    handed: asyncio.Queue[str] = asyncio.Queue()

    async def on_message(fetched: Fetched) -> None:
        if name_of(fetched) == "poison":
            raise RuntimeError("the handler broke")
        await handed.put(name_of(fetched))

    async def scenario() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(
            watch("INBOX", account.settings(), store, on_message, stop=stop, idle_every=IDLE_EVERY)
        )
        await account.append("INBOX", ["poison", "fine"])
        assert await asyncio.wait_for(handed.get(), PATIENCE) == "fine"
        stop.set()
        await asyncio.wait_for(task, PATIENCE)

    asyncio.run(scenario())
    cursor = store.cursor("INBOX")
    assert cursor is not None
    assert cursor.last_uid == 2


def test_a_refused_login_ends_the_watch_after_one_attempt(account: Account, store: Store) -> None:
    settings = account.settings(password="not-the-password")

    async def scenario() -> None:
        never: asyncio.Queue[Fetched] = asyncio.Queue()
        ended = watch("INBOX", settings, store, never.put, stop=asyncio.Event())
        await asyncio.wait_for(ended, PATIENCE)

    asyncio.run(scenario())
    assert store.cursor("INBOX") is None
    assert len(account.failed_logins()) == 1
    assert account.log_lines(f"Login: user=<{account.user}>") == []


def test_stop_leaves_idle_at_once_and_logs_out(account: Account, store: Store) -> None:
    async def scenario() -> None:
        async with watching(account, store) as watch:
            await account.append("INBOX", ["one"])
            assert await watch.next_names(1) == ["one"]
            # Now in IDLE for up to IDLE_EVERY; stopping must not wait for it.
        assert watch.task is not None
        assert watch.task.done()

    asyncio.run(scenario())
    # Every session of this user, the watch's included, ended with LOGOUT.
    assert all("Logged out" in end for end in account.session_ends())


def test_flag_changes_reach_on_flags(account: Account, store: Store) -> None:
    changes: asyncio.Queue[FlagChanges] = asyncio.Queue()

    async def on_flags(folder: str, changed: FlagChanges) -> None:
        assert folder == "INBOX"
        await changes.put(changed)

    def flag(uid: int) -> None:
        writer = ImapSession(account.settings(), readonly=False)
        writer.connect()
        writer.open("INBOX")
        writer.add_flags([uid], ["\\Flagged"])
        writer.logout()

    async def scenario() -> FlagChanges:
        async with watching(account, store, on_flags=on_flags) as watch:
            [uid] = await account.append("INBOX", ["review"])
            assert await watch.next_names(1) == ["review"]
            await asyncio.to_thread(flag, uid)
            return await asyncio.wait_for(changes.get(), PATIENCE)

    changed = asyncio.run(scenario())
    assert dict(changed.flags) == {1: frozenset({"\\Flagged"})}
    cursor = store.cursor("INBOX")
    assert cursor is not None
    assert cursor.highest_modseq == changed.highest_modseq
