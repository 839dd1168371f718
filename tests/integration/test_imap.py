"""The IMAP session and its thread, against a real Dovecot on 127.0.0.1.

Tests that leave the server running share one Dovecot (plaintext, STARTTLS and
implicit TLS) and each read a mailbox of their own; tests that stop, kill or freeze
the server start their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal

import pytest
from mailservers import (
    DovecotServer,
    LocalCA,
    append_messages,
    imap_login,
)
from mailservers.dovecot import live_group_members

from afterview.daemon.config import Imap
from afterview.daemon.imap import (
    AuthenticationFailed,
    CommandRefused,
    ConnectionLost,
    ImapSession,
    ImapSettings,
    MailboxThread,
    UntrustedServer,
)

Tls = Literal["implicit", "starttls", "none"]


@dataclass(frozen=True)
class Account:
    """One user's mailbox on a test server."""

    server: DovecotServer
    user: str = "alex"

    def settings(
        self, *, tls: Tls = "none", ca: LocalCA | None = None, password: str | None = None
    ) -> ImapSettings:
        """Settings for this user; TLS trusts `ca` only (None: the system's trust store)."""
        port = self.server.tls_port if tls == "implicit" else self.server.port
        return ImapSettings(
            host=self.server.host,
            port=port or self.server.port,
            tls=tls,
            username=self.user,
            password=self.server.password(self.user) if password is None else password,
            ca_file=ca.ca_pem if ca else None,
            timeout=10,
        )

    def append(
        self,
        folder: str,
        messages: Sequence[bytes],
        *,
        flags: Sequence[str] = (),
        internal_date: datetime | None = None,
    ) -> list[int]:
        """APPEND with the test harness's own client; the new UIDs."""
        return append_messages(
            self.server, self.user, folder, messages, flags=flags, internal_date=internal_date
        )

    def flags(self, folder: str, uid: int) -> set[bytes]:
        """The flags of a message as another client sees them, \\Recent aside."""
        with imap_login(self.server, self.user) as client:
            client.select_folder(folder, readonly=True)
            flags: tuple[bytes, ...] = client.get_flags([uid])[uid]
        # \Recent is the server's marker for a session seeing a message first.
        return set(flags) - {b"\\Recent"}

    @contextlib.contextmanager
    def session(
        self, *, readonly: bool = False, tls: Tls = "none", ca: LocalCA | None = None
    ) -> Iterator[ImapSession]:
        """A logged-in session, logged out afterwards."""
        session = ImapSession(self.settings(tls=tls, ca=ca), readonly=readonly)
        session.connect()
        try:
            yield session
        finally:
            session.logout()


@pytest.fixture
def account(shared_dovecot: DovecotServer, fresh_user: str) -> Account:
    """A mailbox on the shared server that no other test of this run has used."""
    return Account(shared_dovecot, fresh_user)


@pytest.fixture
def own_account(dovecot: DovecotServer) -> Account:
    """alex's mailbox on a server of this test's own, free to stop, kill or freeze."""
    return Account(dovecot)


def message(name: str, subject: str = "Interview on Thursday") -> bytes:
    """A small CRLF message whose Message-ID is <name@acme.example>."""
    return (
        "From: Jane Roe <jane@acme.example>\r\n"
        "To: Alex <alex@example.test>\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: <{name}@acme.example>\r\n"
        "Date: Mon, 03 Jun 2024 09:30:00 +0200\r\n"
        "\r\n"
        "Could you come in on Thursday at 10?\r\n"
    ).encode()


# --- Connecting ------------------------------------------------------------------------------


@pytest.mark.parametrize("tls", ["implicit", "starttls"])
def test_tls_with_the_local_ca_logs_in(account: Account, local_ca: LocalCA, tls: Tls) -> None:
    session = ImapSession(account.settings(tls=tls, ca=local_ca), readonly=True)
    session.connect()
    try:
        assert session.open("INBOX").uidvalidity > 0
        assert {"IDLE", "CONDSTORE"} <= session.capabilities
    finally:
        session.logout()
    assert f"Login: user=<{account.user}>" in account.server.log_text()


@pytest.mark.parametrize("tls", ["implicit", "starttls"])
def test_an_untrusted_certificate_is_refused_before_any_login(account: Account, tls: Tls) -> None:
    # No ca_file: the system's trust store, which has never heard of the test CA.
    session = ImapSession(account.settings(tls=tls), readonly=True)
    with pytest.raises(UntrustedServer, match="CERTIFICATE_VERIFY_FAILED"):
        session.connect()
    session.logout()
    assert f"user=<{account.user}>" not in account.server.log_text()


def test_starttls_is_never_skipped_when_the_server_does_not_offer_it(
    own_account: Account,
) -> None:
    session = ImapSession(own_account.settings(tls="starttls"), readonly=True)
    with pytest.raises(UntrustedServer, match="does not offer STARTTLS"):
        session.connect()
    session.logout()
    assert "Login: user=<alex>" not in own_account.server.log_text()


def test_plaintext_on_loopback_logs_in(account: Account) -> None:
    with account.session(readonly=True) as session:
        assert session.open("INBOX").uidnext == 1
    assert f"Login: user=<{account.user}>" in account.server.log_text()


def test_settings_come_from_the_config_with_the_password_kept_out_of_repr() -> None:
    section = Imap.model_validate(
        {"host": "imap.example.net", "username": "alex", "password": {"env": "IMAP_PASSWORD"}}
    )
    settings = ImapSettings.from_config(section, "s3cret")
    assert (settings.host, settings.port, settings.tls) == ("imap.example.net", 993, "implicit")
    assert (settings.username, settings.password) == ("alex", "s3cret")
    assert "s3cret" not in repr(settings)


def test_plaintext_is_refused_for_a_host_off_this_machine() -> None:
    with pytest.raises(ValueError, match="loopback"):
        ImapSettings("imap.example.net", 143, "none", "alex", "secret")


def test_a_wrong_password_raises_authentication_failed_naming_host_and_user(
    account: Account,
) -> None:
    session = ImapSession(account.settings(password="not-the-password"), readonly=True)
    with pytest.raises(AuthenticationFailed) as refused:
        session.connect()
    session.logout()
    assert account.server.host in str(refused.value)
    assert f"'{account.user}'" in str(refused.value)
    assert "not-the-password" not in str(refused.value)
    assert "not-the-password" not in repr(session.settings)


def test_no_server_listening_raises_connection_lost(own_account: Account) -> None:
    own_account.server.stop()
    session = ImapSession(own_account.settings(), readonly=True)
    with pytest.raises(ConnectionLost):
        session.connect()
    session.logout()


def test_a_crashed_server_raises_connection_lost(own_account: Account) -> None:
    with own_account.session(readonly=True) as session:
        session.open("INBOX")
        own_account.server.kill()
        with pytest.raises(ConnectionLost):
            session.noop()


def test_a_folder_that_does_not_exist_is_a_refused_command(account: Account) -> None:
    with account.session(readonly=True) as session, pytest.raises(CommandRefused):
        session.open("No Such Folder")


# --- Folders ---------------------------------------------------------------------------------


def test_special_folders_are_found_by_special_use(account: Account) -> None:
    with account.session() as session:
        assert session.special_folders() == {"drafts": "Drafts", "sent": "Sent", "trash": "Trash"}


def test_the_config_overrides_special_use(account: Account) -> None:
    with account.session() as session:
        found = session.special_folders({"sent": "Archive", "drafts": None})
    assert (found["sent"], found["drafts"]) == ("Archive", "Drafts")


def test_a_role_without_special_use_is_found_by_its_common_name(account: Account) -> None:
    # The test server flags no folder \All: a folder named as Gmail's is the fallback.
    with imap_login(account.server, account.user) as client:
        client.create_folder("All Mail")
    with account.session() as session:
        assert session.special_folders()["all"] == "All Mail"


# --- Reading ---------------------------------------------------------------------------------


def test_fetching_headers_and_bodies_never_sets_seen(account: Account) -> None:
    [uid] = account.append("INBOX", [message("peek")], flags=["$Interview"])
    # Read-write (SELECT): a plain BODY[] fetch would set \Seen here.
    with account.session(readonly=False) as session:
        session.open("INBOX")
        [header] = session.fetch_headers([uid])
        bodies = session.fetch_bodies([uid])
    assert header.message_id == "<peek@acme.example>"
    assert header.raw == message("peek").split(b"\r\n\r\n")[0] + b"\r\n\r\n"
    assert header.flags == frozenset({"$Interview"})
    assert header.internal_date is not None
    assert header.internal_date.tzinfo is not None
    assert bodies == {uid: message("peek")}
    assert account.flags("INBOX", uid) == {b"$Interview"}


def test_uids_after_leave_out_the_highest_uid_when_nothing_is_new(account: Account) -> None:
    uids = account.append("INBOX", [message(f"m{n}") for n in range(3)])
    with account.session(readonly=True) as session:
        session.open("INBOX")
        assert session.uids_after(0) == uids
        assert session.uids_after(uids[0]) == uids[1:]
        assert session.uids_after(uids[-1]) == []


def test_uids_after_see_what_another_session_appended_since_opening(account: Account) -> None:
    with account.session(readonly=True) as session:
        session.open("INBOX")
        [uid] = account.append("INBOX", [message("later")])
        assert session.uids_after(0) == [uid]


def test_uids_after_a_date_leave_out_older_arrivals(account: Account) -> None:
    old = datetime(2020, 1, 6, 12, 0, tzinfo=UTC)
    account.append("INBOX", [message("old")], internal_date=old)
    [new] = account.append("INBOX", [message("new")])
    month_ago = datetime.now(UTC).date() - timedelta(days=30)
    with account.session(readonly=True) as session:
        session.open("INBOX")
        assert session.uids_after(0, month_ago) == [new]


def test_flags_leave_out_expunged_messages(account: Account) -> None:
    kept, gone = account.append("INBOX", [message("kept"), message("gone")])
    with imap_login(account.server, account.user) as client:
        client.select_folder("INBOX")
        client.delete_messages([gone])
        client.expunge()
    with account.session(readonly=True) as session:
        session.open("INBOX")
        assert set(session.flags([kept, gone])) == {kept}


def test_changed_since_reports_flags_changed_after_a_modseq(account: Account) -> None:
    first, second = account.append("INBOX", [message("a"), message("b")])
    with account.session(readonly=True) as session:
        modseq = session.open("INBOX").highest_modseq
        assert modseq is not None
        assert session.changed_since(modseq).flags == {}
        with account.session() as writer:
            writer.open("INBOX")
            writer.add_flags([second], ["\\Flagged"])
        changes = session.changed_since(modseq)
    assert dict(changes.flags) == {second: frozenset({"\\Flagged"})}
    assert changes.highest_modseq > modseq
    assert first not in changes.flags


def test_search_by_message_id_opens_the_folder_asked(account: Account) -> None:
    account.append("INBOX", [message("elsewhere")])
    [uid, _other] = account.append("Sent", [message("elsewhere"), message("other")])
    with account.session(readonly=True) as session:
        session.open("INBOX")
        assert session.search_message_id("<elsewhere@acme.example>", "Sent") == [uid]
        assert session.search_message_id("<nowhere@acme.example>") == []


# --- Writing ---------------------------------------------------------------------------------


def test_append_returns_the_new_uid_with_flags_and_date(account: Account) -> None:
    when = datetime(2024, 6, 3, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    with account.session() as session:
        first = session.append("Drafts", message("draft-1"), ["\\Draft"], when)
        second = session.append("Drafts", message("draft-2"))
        session.open("Drafts")
        [header] = session.fetch_headers([1])
    assert (first, second) == (1, 2)
    assert header.flags == frozenset({"\\Draft"})
    assert header.internal_date == when


def test_a_read_only_session_cannot_set_flags(account: Account) -> None:
    [uid] = account.append("INBOX", [message("untouched")])
    with account.session(readonly=True) as session:
        session.open("INBOX")
        with pytest.raises(RuntimeError, match="read-only"):
            session.add_flags([uid], ["\\Flagged"])
    assert account.flags("INBOX", uid) == set()


# --- Waiting ---------------------------------------------------------------------------------


def test_idle_reports_a_message_appended_by_another_session(account: Account) -> None:
    with account.session(readonly=True) as session:
        session.open("INBOX")
        arrival = threading.Timer(0.2, account.append, ["INBOX", [message("new")]])
        arrival.start()
        # 30 s only bounds a broken server: Dovecot reports within about half a second.
        assert session.idle(30)
        arrival.join()
        assert session.uids_after(0) == [1]


@pytest.mark.parametrize("tls", ["none", "implicit"])
def test_idle_reports_a_change_made_before_it_began(
    account: Account, local_ca: LocalCA, tls: Tls
) -> None:
    with account.session(readonly=True, tls=tls, ca=local_ca) as session:
        session.open("INBOX")
        account.append("INBOX", [message("meanwhile")])
        # Dovecot answers IDLE with "+ idling" and the news in one packet; imaplib reads
        # both at once, so no wait on the socket would ever see the news.
        result: list[bool] = []
        idler = threading.Thread(target=lambda: result.append(session.idle(600)))
        idler.start()
        idler.join(timeout=10)
        stuck = idler.is_alive()
        session.wake()
        idler.join()
    assert not stuck, "IDLE slept through news it had already received"
    assert result == [True]


def test_idle_says_nothing_changed_when_its_time_is_up(account: Account) -> None:
    with account.session(readonly=True) as session:
        session.open("INBOX")
        assert not session.idle(0.2)
        # Out of IDLE, the connection takes commands again.
        session.noop()


def test_wake_cuts_idle_short_from_another_thread(account: Account) -> None:
    with account.session(readonly=True) as session:
        session.open("INBOX")
        result: list[bool] = []
        idler = threading.Thread(target=lambda: result.append(session.idle(600)))
        idler.start()
        session.wake()
        idler.join(timeout=30)
        assert result == [False]
        session.noop()


def test_a_restart_during_idle_raises_connection_lost(own_account: Account) -> None:
    with own_account.session(readonly=True) as session:
        session.open("INBOX")
        restart = threading.Timer(0.2, own_account.server.restart)
        restart.start()
        with pytest.raises(ConnectionLost):
            session.idle(30)
        restart.join()


# --- The thread ------------------------------------------------------------------------------


def test_calls_run_on_the_mailbox_thread_not_the_event_loop(account: Account) -> None:
    def thread_and_uids(session: ImapSession, last_uid: int) -> tuple[int, list[int]]:
        return threading.get_ident(), session.uids_after(last_uid)

    async def scenario() -> tuple[int, list[int]]:
        mailbox = await MailboxThread.connect(account.settings(), readonly=True, name="INBOX")
        try:
            await mailbox.call(ImapSession.open, "INBOX")
            return await mailbox.call(thread_and_uids, 0)
        finally:
            await mailbox.close()

    account.append("INBOX", [message("one")])
    thread, uids = asyncio.run(scenario())
    assert thread != threading.get_ident()
    assert uids == [1]


def test_a_refused_login_leaves_no_thread_behind(account: Account) -> None:
    async def scenario() -> None:
        await MailboxThread.connect(account.settings(password="wrong"), readonly=True, name="X")

    with pytest.raises(AuthenticationFailed):
        asyncio.run(scenario())
    # The thread ends on its own once its last call is done: a bounded wait for that.
    deadline = time.monotonic() + 10
    while any(t.name.startswith("imap X") for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the mailbox thread is still alive"
        time.sleep(0.01)


def test_close_cuts_the_line_of_a_server_that_stopped_answering(own_account: Account) -> None:
    async def scenario() -> None:
        mailbox = await MailboxThread.connect(own_account.settings(), readonly=True, name="X")
        await mailbox.call(ImapSession.open, "INBOX")
        frozen = freeze(own_account.server)
        try:
            # Without the cut, LOGOUT would wait for the 10 s socket timeout.
            await asyncio.wait_for(mailbox.close(grace=0.2), timeout=5)
        finally:
            thaw(frozen)

    asyncio.run(scenario())


def freeze(server: DovecotServer) -> list[int]:
    """SIGSTOP every Dovecot process: connections stay open, nothing answers."""
    assert server.pid is not None
    pids = live_group_members(server.pid)
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    return pids


def thaw(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
