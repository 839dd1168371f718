"""The mail-server harness itself, proved against the real Dovecot and aiosmtpd servers."""

from __future__ import annotations

import asyncio
import base64
import imaplib
import socket
import ssl
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import aiosmtplib
import pytest
from imapclient import IMAPClient
from mailservers import (
    INSTALL_COMMAND,
    SPECIAL_USE,
    DovecotError,
    DovecotFactory,
    DovecotServer,
    LocalCA,
    SmtpServer,
    append_message,
    append_messages,
    dovecot_missing,
    imap_login,
    smtp_session,
)
from mailservers.dovecot import live_group_members

from afterview.daemon.localmail import dovecot as dovecot_module

SENDER = "alex@example.test"
RECIPIENTS = ["hiring@acme.example", "cc@acme.example"]


def rfc822(subject: str) -> bytes:
    """Build a small CRLF message; its dot-led line exercises SMTP dot-stuffing."""
    return (
        f"From: Alex <{SENDER}>\r\n"
        "To: Hiring <hiring@acme.example>\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: <{subject.replace(' ', '-')}@afterview.test>\r\n"
        "Date: Mon, 03 Jun 2024 09:30:00 +0200\r\n"
        "\r\n"
        "Thank you for your time today.\r\n"
        ".A line that starts with a dot.\r\n"
    ).encode()


def fetch_one(client: IMAPClient, uid: int) -> dict[bytes, Any]:
    """FETCH the raw bytes, flags and internal date of one message."""
    response: dict[int, dict[bytes, Any]] = client.fetch(
        [uid], ["BODY.PEEK[]", "FLAGS", "INTERNALDATE"]
    )
    return response[uid]


# --- Dovecot ---------------------------------------------------------------------------------


def test_appended_message_is_fetched_back_byte_for_byte_with_flags_and_date(
    dovecot: DovecotServer,
) -> None:
    message = rfc822("Interview follow-up")
    when = datetime(2024, 6, 3, 9, 30, 15, tzinfo=timezone(timedelta(hours=2)))
    [uid] = append_messages(
        dovecot, "alex", "INBOX", [message], flags=["\\Seen", "$Interview"], internal_date=when
    )
    with imap_login(dovecot, "alex") as client:
        client.normalise_times = False
        client.select_folder("INBOX", readonly=True)
        fetched = fetch_one(client, uid)
    assert fetched[b"BODY[]"] == message
    # \Recent is the server's own marker for a session seeing a new message, not ours.
    assert set(fetched[b"FLAGS"]) - {b"\\Recent"} == {b"\\Seen", b"$Interview"}
    assert fetched[b"INTERNALDATE"] == when


def test_append_returns_increasing_uids_per_folder(dovecot: DovecotServer) -> None:
    uids = append_messages(dovecot, "alex", "Archive", [rfc822(f"old {n}") for n in range(3)])
    assert uids == [1, 2, 3]
    with imap_login(dovecot, "alex") as client:
        assert append_message(client, "Archive", rfc822("one more")) == 4


def test_users_have_separate_mailboxes(dovecot: DovecotServer) -> None:
    append_messages(dovecot, "alex", "INBOX", [rfc822("for alex only")])
    with imap_login(dovecot, "sam") as client:
        assert client.select_folder("INBOX", readonly=True)[b"EXISTS"] == 0


def test_special_use_folders_exist_and_are_listed_with_their_flags(
    dovecot: DovecotServer,
) -> None:
    with imap_login(dovecot, "robin") as client:
        listed = {name: set(flags) for flags, _delimiter, name in client.list_folders()}
        subscribed = {name for _flags, _delimiter, name in client.list_sub_folders()}
    for name, flag in SPECIAL_USE.items():
        assert flag.encode() in listed[name]
        assert name in subscribed


def test_server_advertises_idle_condstore_qresync_special_use_and_id(
    dovecot: DovecotServer,
) -> None:
    with imap_login(dovecot, "alex") as client:
        capabilities = set(client.capabilities())
        # The ID reply holds one flat (key, value, key, value, ...) list.
        [server_id] = client.id_({"name": "afterview-tests"})
    assert {b"IDLE", b"CONDSTORE", b"QRESYNC", b"SPECIAL-USE", b"ID"} <= capabilities
    assert dict(zip(server_id[::2], server_id[1::2], strict=True))[b"name"] == b"Dovecot"


def test_wrong_imap_password_is_refused(dovecot: DovecotServer) -> None:
    client = IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10)
    try:
        with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
            client.login("alex", "not-the-password")
    finally:
        client.shutdown()


def test_idle_reports_a_message_appended_by_another_session(dovecot: DovecotServer) -> None:
    with imap_login(dovecot, "alex") as watcher:
        watcher.select_folder("INBOX", readonly=True)
        watcher.idle()
        append_messages(dovecot, "alex", "INBOX", [rfc822("arrives during IDLE")])
        # Dovecot batches IDLE notifications (~0.5 s); 10 s only bounds a broken server.
        responses = watcher.idle_check(timeout=10)
        watcher.idle_done()
    assert (1, b"EXISTS") in responses


def test_restart_drops_idle_clients_and_keeps_port_and_mail(dovecot: DovecotServer) -> None:
    message = rfc822("kept across restart")
    [uid] = append_messages(dovecot, "alex", "INBOX", [message])
    port, old_pid = dovecot.port, dovecot.pid
    with imap_login(dovecot, "alex") as watcher:
        watcher.select_folder("INBOX", readonly=True)
        validity = watcher.folder_status("INBOX", ["UIDVALIDITY"])[b"UIDVALIDITY"]
        watcher.idle()
        dovecot.restart()
        assert connection_closed(watcher)
    assert dovecot.port == port
    assert dovecot.pid != old_pid
    with imap_login(dovecot, "alex") as client:
        assert client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"] == validity
        assert fetch_one(client, uid)[b"BODY[]"] == message


def connection_closed(client: IMAPClient) -> bool:
    """Tell whether the server closed the connection of a client in IDLE (bounded wait)."""
    # idle_check() swallows EOF and returns [] at once, as on a quiet timeout: only the
    # next command, DONE, tells a closed connection apart.
    client.idle_check(timeout=10)
    try:
        client.idle_done()
    except (imaplib.IMAP4.abort, OSError):
        return True
    return False


def test_kill_drops_clients_at_once_and_a_new_start_keeps_the_mail(
    dovecot: DovecotServer,
) -> None:
    message = rfc822("kept across a crash")
    [uid] = append_messages(dovecot, "alex", "Archive", [message])
    pid = dovecot.pid
    assert pid is not None
    with imap_login(dovecot, "alex") as watcher:
        watcher.select_folder("INBOX", readonly=True)
        watcher.idle()
        dovecot.kill()
        assert connection_closed(watcher)
    assert live_group_members(pid) == []
    dovecot.start()
    with imap_login(dovecot, "alex") as client:
        client.select_folder("Archive", readonly=True)
        assert fetch_one(client, uid)[b"BODY[]"] == message


def test_start_on_a_taken_port_fails_with_the_dovecot_log(dovecot: DovecotServer) -> None:
    dovecot.stop()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind((dovecot.host, dovecot.port))
        squatter.listen()
        with pytest.raises(DovecotError, match="Address already in use"):
            dovecot.start()
    assert not dovecot.running


def test_stopped_server_refuses_connections_until_started_again(
    dovecot: DovecotServer,
) -> None:
    dovecot.stop()
    assert not dovecot.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((dovecot.host, dovecot.port), timeout=5).close()
    dovecot.start()
    with imap_login(dovecot, "alex") as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0


def test_close_leaves_no_dovecot_process_running(dovecot_factory: DovecotFactory) -> None:
    server = dovecot_factory()
    with imap_login(server, "alex") as client:
        client.select_folder("INBOX")
        pid = server.pid
        assert pid is not None
        assert len(live_group_members(pid)) > 1
        server.close()
    assert live_group_members(pid) == []


def test_uidvalidity_change_is_visible_and_keeps_the_messages(dovecot: DovecotServer) -> None:
    message = rfc822("survives a UIDVALIDITY change")
    append_messages(dovecot, "alex", "INBOX", [message])
    before = dovecot.uidvalidity("alex", "INBOX")
    with imap_login(dovecot, "alex") as selected:
        selected.select_folder("INBOX")
        after = dovecot.set_uidvalidity("alex", "INBOX")
        # A session that has the folder selected is told to log in again: it is dropped.
        with pytest.raises(imaplib.IMAP4.abort):
            selected.noop()
    assert after != before
    with imap_login(dovecot, "alex") as client:
        status = client.select_folder("INBOX", readonly=True)
        assert status[b"UIDVALIDITY"] == after
        assert fetch_one(client, client.search("ALL")[0])[b"BODY[]"] == message


def test_uidvalidity_can_be_set_to_a_chosen_value(dovecot: DovecotServer) -> None:
    assert dovecot.set_uidvalidity("sam", "Sent", 4242) == 4242
    with imap_login(dovecot, "sam") as client:
        assert client.folder_status("Sent", ["UIDVALIDITY"])[b"UIDVALIDITY"] == 4242


def test_tls_server_serves_imaps_and_starttls_with_the_test_ca(
    dovecot_factory: DovecotFactory, local_ca: LocalCA
) -> None:
    server = dovecot_factory(tls=True)
    assert server.tls_port is not None
    implicit = IMAPClient(
        server.host, port=server.tls_port, ssl_context=local_ca.client_context(), timeout=10
    )
    assert implicit.login("alex", server.password("alex"))
    implicit.logout()
    starttls = IMAPClient(server.host, port=server.port, ssl=False, timeout=10)
    starttls.starttls(local_ca.client_context())
    assert starttls.login("sam", server.password("sam"))
    starttls.logout()


def test_missing_dovecot_is_reported_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(dovecot_module, "DOVECOT", tmp_path / "no-dovecot-here")
    message = dovecot_missing()
    assert message is not None
    assert INSTALL_COMMAND in message
    assert INSTALL_COMMAND == "sudo apt-get install dovecot-imapd"


# --- SMTP ------------------------------------------------------------------------------------


def smtp_client(server: SmtpServer, *, implicit_tls: bool = False) -> aiosmtplib.SMTP:
    """A client for the STARTTLS port, or the implicit-TLS one, trusting the test CA."""
    return aiosmtplib.SMTP(
        hostname=server.host,
        port=server.tls_port if implicit_tls else server.starttls_port,
        use_tls=implicit_tls,
        start_tls=not implicit_tls,
        tls_context=server.client_context(),
        local_hostname="localhost",
        timeout=10,
    )


async def send(
    server: SmtpServer, message: bytes, *, implicit_tls: bool = False, password: str | None = None
) -> None:
    """Connect, log in, send message from SENDER to RECIPIENTS, and quit."""
    client = smtp_client(server, implicit_tls=implicit_tls)
    password = server.password if password is None else password
    async with smtp_session(client, username=server.username, password=password):
        await client.sendmail(SENDER, RECIPIENTS, message)


def test_starttls_with_auth_delivers_sender_recipients_bytes_and_login(
    smtp_server: SmtpServer,
) -> None:
    message = rfc822("over STARTTLS")
    asyncio.run(send(smtp_server, message))
    [received] = smtp_server.messages
    assert received.mail_from == SENDER
    assert received.rcpt_tos == tuple(RECIPIENTS)
    assert received.data == message
    assert received.login == smtp_server.username
    assert received.tls
    assert received.port == smtp_server.starttls_port


def test_implicit_tls_with_auth_delivers_the_message(smtp_server: SmtpServer) -> None:
    message = rfc822("over implicit TLS")
    asyncio.run(send(smtp_server, message, implicit_tls=True))
    [received] = smtp_server.wait_for_messages(1, timeout=10)
    assert (received.data, received.login, received.tls) == (message, smtp_server.username, True)
    assert received.port == smtp_server.tls_port


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_auth_mechanism_is_accepted_after_starttls(smtp_server: SmtpServer, mechanism: str) -> None:
    async def login_with_mechanism() -> None:
        client = smtp_client(smtp_server)
        async with smtp_session(client):
            # aiosmtplib sends the post-STARTTLS EHLO lazily: ask for it to read the extensions.
            await client.ehlo()
            assert client.supports_extension("auth")
            login = client.auth_plain if mechanism == "PLAIN" else client.auth_login
            response = await login(smtp_server.username, smtp_server.password)
            assert response.code == 235
            await client.sendmail(SENDER, RECIPIENTS, rfc822(mechanism))

    asyncio.run(login_with_mechanism())
    assert smtp_server.messages[0].login == smtp_server.username


def test_wrong_smtp_password_is_refused_with_535(smtp_server: SmtpServer) -> None:
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as refused:
        asyncio.run(send(smtp_server, rfc822("never sent"), password="wrong"))
    assert refused.value.code == 535
    assert smtp_server.messages == []
    # aiosmtplib tries each mechanism the server offers (PLAIN, then LOGIN) before giving up.
    assert smtp_server.handler.failed_logins == 2


def test_plaintext_session_must_starttls_before_auth_or_mail(smtp_server: SmtpServer) -> None:
    credentials = base64.b64encode(f"\0{smtp_server.username}\0{smtp_server.password}".encode())

    async def plaintext_attempts() -> None:
        client = aiosmtplib.SMTP(
            hostname=smtp_server.host,
            port=smtp_server.starttls_port,
            start_tls=False,
            local_hostname="localhost",
            timeout=10,
        )
        async with smtp_session(client):
            await client.ehlo()
            assert client.supports_extension("starttls")
            assert not client.supports_extension("auth")
            # Sent raw: aiosmtplib itself refuses to try AUTH that the server did not offer.
            response = await client.execute_command(b"AUTH", b"PLAIN", credentials)
            assert (response.code, response.message) == (530, "Must issue a STARTTLS command first")
            with pytest.raises(aiosmtplib.SMTPSenderRefused) as refused:
                await client.sendmail(SENDER, RECIPIENTS, rfc822("plaintext"))
            assert refused.value.code == 530

    asyncio.run(plaintext_attempts())
    assert smtp_server.messages == []


def test_mail_without_auth_is_refused_with_530(smtp_server: SmtpServer) -> None:
    async def unauthenticated() -> None:
        client = smtp_client(smtp_server, implicit_tls=True)
        async with smtp_session(client):
            with pytest.raises(aiosmtplib.SMTPSenderRefused) as refused:
                await client.sendmail(SENDER, RECIPIENTS, rfc822("anonymous"))
            assert refused.value.code == 530

    asyncio.run(unauthenticated())
    assert smtp_server.messages == []


@pytest.mark.parametrize("implicit_tls", [True, False], ids=["implicit-tls", "starttls"])
def test_client_without_the_test_ca_rejects_the_server_certificate(
    smtp_server: SmtpServer, implicit_tls: bool
) -> None:
    client = aiosmtplib.SMTP(
        hostname=smtp_server.host,
        port=smtp_server.tls_port if implicit_tls else smtp_server.starttls_port,
        use_tls=implicit_tls,
        start_tls=not implicit_tls,
        local_hostname="localhost",
        timeout=10,
    )
    # aiosmtplib wraps a failed implicit-TLS handshake, not a failed STARTTLS one.
    expected = (aiosmtplib.SMTPConnectError, ssl.SSLCertVerificationError)
    with pytest.raises(expected, match="CERTIFICATE_VERIFY_FAILED"):
        asyncio.run(client.connect())
    assert smtp_server.messages == []


def test_injected_451_at_data_reaches_the_client_then_later_sends_succeed(
    smtp_server: SmtpServer,
) -> None:
    smtp_server.fail_next(2, "451 4.3.0 Try again later")
    for attempt in range(2):
        with pytest.raises(aiosmtplib.SMTPDataError) as failed:
            asyncio.run(send(smtp_server, rfc822(f"attempt {attempt}")))
        assert (failed.value.code, failed.value.message) == (451, "4.3.0 Try again later")
    assert smtp_server.messages == []
    asyncio.run(send(smtp_server, rfc822("attempt 2")))
    assert [m.data for m in smtp_server.messages] == [rfc822("attempt 2")]


def test_injected_550_at_rcpt_refuses_every_recipient(smtp_server: SmtpServer) -> None:
    smtp_server.fail_next(1, "550 5.1.1 No such user", stage="RCPT")
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
        asyncio.run(send(smtp_server, rfc822("to nobody")))
    assert [(r.code, r.recipient) for r in refused.value.recipients] == [
        (550, address) for address in RECIPIENTS
    ]
    assert smtp_server.messages == []


def test_injected_reply_at_mail_refuses_the_sender(smtp_server: SmtpServer) -> None:
    smtp_server.fail_next(1, "421 4.7.0 Too many connections", stage="MAIL")
    with pytest.raises(aiosmtplib.SMTPSenderRefused) as refused:
        asyncio.run(send(smtp_server, rfc822("refused sender")))
    assert refused.value.code == 421


def test_one_session_can_fail_then_succeed_on_its_next_transaction(
    smtp_server: SmtpServer,
) -> None:
    smtp_server.fail_next(1, "451 4.3.0 Try again later")

    async def retry_in_one_session() -> list[int]:
        codes = []
        session = smtp_session(
            smtp_client(smtp_server), username=smtp_server.username, password=smtp_server.password
        )
        async with session as client:
            for subject in ("first try", "second try"):
                try:
                    await client.sendmail(SENDER, RECIPIENTS, rfc822(subject))
                    codes.append(250)
                except aiosmtplib.SMTPDataError as error:
                    codes.append(error.code)
        return codes

    assert asyncio.run(retry_in_one_session()) == [451, 250]
    assert [m.data for m in smtp_server.messages] == [rfc822("second try")]
