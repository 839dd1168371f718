"""afterview.daemon.smtp against the real aiosmtpd server, and small scripted servers on loopback."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from mailservers import SmtpServer
from structlog.testing import capture_logs

from afterview.daemon.config import Smtp
from afterview.daemon.credentials import SecretSource
from afterview.daemon.smtp import (
    AuthenticationFailed,
    DeliveryUncertain,
    PermanentSendError,
    SmtpSender,
    SmtpSettings,
    TransientSendError,
    UntrustedServer,
    send,
    send_with_retries,
)

SENDER = "alex@example.test"
RECIPIENTS = ["jane@acme.example", "bob@acme.example"]
# As the outbox stores it: CRLF, our Message-ID, a non-ASCII subject and a dot-led line.
MESSAGE = (
    b"From: Alex Martin <alex@example.test>\r\n"
    b"To: Jane Doe <jane@acme.example>,\r\n Bob Li <bob@acme.example>\r\n"
    b"Subject: =?utf-8?b?TWVyY2kgcG91ciBs4oCZZW50cmV2dWU=?=\r\n"
    b"Date: Thu, 19 Mar 2026 09:00:00 -0400\r\n"
    b"Message-ID: <afterview.0123456789abcdef@example.test>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: text/plain; charset="utf-8"\r\n'
    b"Content-Transfer-Encoding: 7bit\r\n"
    b"\r\n"
    b"Dear Jane,\r\n"
    b".A line that starts with a dot.\r\n"
    b"Best,\r\nAlex\r\n"
)

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def settings_for(server: SmtpServer, *, implicit: bool = False, **changes: Any) -> SmtpSettings:
    """Settings for the fixture server, trusting its CA as a user's `ca_file` would."""
    values: dict[str, Any] = {
        "host": server.host,
        "port": server.tls_port if implicit else server.starttls_port,
        "tls": "implicit" if implicit else "starttls",
        "username": server.username,
        "password": server.password,
        "ca_file": server.ca.ca_pem,
        "timeout": 10.0,
    }
    return SmtpSettings(**(values | changes))


class Sleeps:
    """An injected sleep: records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "implicit-tls"])
def test_message_is_delivered_byte_for_byte_over_tls_with_auth(
    smtp_server: SmtpServer, implicit: bool
) -> None:
    asyncio.run(send(settings_for(smtp_server, implicit=implicit), MESSAGE, SENDER, RECIPIENTS))
    [received] = smtp_server.wait_for_messages(1)
    assert received.data == MESSAGE
    assert (received.mail_from, received.rcpt_tos) == (SENDER, tuple(RECIPIENTS))
    assert (received.login, received.tls) == (smtp_server.username, True)
    expected_port = smtp_server.tls_port if implicit else smtp_server.starttls_port
    assert received.port == expected_port


def test_the_outbox_sender_sends_with_its_settings(smtp_server: SmtpServer) -> None:
    asyncio.run(SmtpSender(settings_for(smtp_server)).send(MESSAGE, SENDER, RECIPIENTS))
    assert [m.data for m in smtp_server.wait_for_messages(1)] == [MESSAGE]


def test_a_recipient_listed_twice_receives_one_copy(smtp_server: SmtpServer) -> None:
    asyncio.run(send(settings_for(smtp_server), MESSAGE, SENDER, [*RECIPIENTS, RECIPIENTS[0]]))
    assert smtp_server.messages[0].rcpt_tos == tuple(RECIPIENTS)


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "implicit-tls"])
def test_a_certificate_from_an_untrusted_ca_is_refused(
    smtp_server: SmtpServer, implicit: bool
) -> None:
    # No ca_file: the system's trust store, which has never heard of the test CA.
    settings = settings_for(smtp_server, implicit=implicit, ca_file=None)
    with pytest.raises(UntrustedServer, match="certificate"):
        asyncio.run(send(settings, MESSAGE, SENDER, RECIPIENTS))
    assert smtp_server.messages == []
    assert smtp_server.handler.failed_logins == 0


def test_a_451_then_success_delivers_exactly_once_and_logs_the_retry(
    smtp_server: SmtpServer,
) -> None:
    smtp_server.fail_next(1, "451 4.3.0 Try again later")
    sleeps = Sleeps()
    with capture_logs() as logs:
        asyncio.run(
            send_with_retries(settings_for(smtp_server), MESSAGE, SENDER, RECIPIENTS, sleep=sleeps)
        )
    assert [m.data for m in smtp_server.messages] == [MESSAGE]
    assert len(sleeps.waits) == 1
    assert 5 <= sleeps.waits[0] <= 10
    [retry] = [entry for entry in logs if entry["event"] == "smtp.retry"]
    assert (retry["attempt"], retry["code"], retry["log_level"]) == (1, 451, "warning")
    [sent] = [entry for entry in logs if entry["event"] == "smtp.sent"]
    assert sent["attempt"] == 2


def test_a_550_at_data_is_permanent_delivers_nothing_and_is_not_retried(
    smtp_server: SmtpServer,
) -> None:
    smtp_server.fail_next(1, "550 5.7.1 Message refused")
    sleeps = Sleeps()
    with pytest.raises(PermanentSendError) as refused:
        asyncio.run(
            send_with_retries(settings_for(smtp_server), MESSAGE, SENDER, RECIPIENTS, sleep=sleeps)
        )
    assert (refused.value.code, refused.value.text) == (550, "5.7.1 Message refused")
    assert sleeps.waits == []
    assert smtp_server.messages == []


def refuse_one_recipient(
    server: SmtpServer, monkeypatch: pytest.MonkeyPatch, address: str, reply: str
) -> None:
    """Make the server refuse `address` at RCPT and accept the others, as real servers do."""
    accept = server.handler.handle_RCPT

    async def handle_rcpt(
        smtp: Any, session: Any, envelope: Any, rcpt: str, options: list[str]
    ) -> str:
        return reply if rcpt == address else await accept(smtp, session, envelope, rcpt, options)

    monkeypatch.setattr(server.handler, "handle_RCPT", handle_rcpt)


def test_one_recipient_refused_with_550_sends_the_message_to_nobody(
    smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_one_recipient(smtp_server, monkeypatch, RECIPIENTS[1], "550 5.1.1 No such user")
    with pytest.raises(PermanentSendError, match=r"bob@acme\.example") as refused:
        asyncio.run(send(settings_for(smtp_server), MESSAGE, SENDER, RECIPIENTS))
    assert (refused.value.code, refused.value.text) == (550, "5.1.1 No such user")
    # aiosmtplib's sendmail would have sent DATA to Jane alone here.
    monkeypatch.undo()
    asyncio.run(send(settings_for(smtp_server), MESSAGE, SENDER, RECIPIENTS))
    assert [m.rcpt_tos for m in smtp_server.messages] == [tuple(RECIPIENTS)]


def test_one_recipient_refused_with_450_is_transient_and_sends_nothing(
    smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_one_recipient(smtp_server, monkeypatch, RECIPIENTS[0], "450 4.2.1 Mailbox busy")
    with pytest.raises(TransientSendError) as refused:
        asyncio.run(send(settings_for(smtp_server), MESSAGE, SENDER, RECIPIENTS))
    assert refused.value.code == 450
    assert smtp_server.messages == []


def test_a_wrong_password_is_an_authentication_failure_and_is_not_retried(
    smtp_server: SmtpServer,
) -> None:
    sleeps = Sleeps()
    settings = settings_for(smtp_server, password="wrong")
    with pytest.raises(AuthenticationFailed) as refused:
        asyncio.run(send_with_retries(settings, MESSAGE, SENDER, RECIPIENTS, sleep=sleeps))
    assert refused.value.code == 535
    assert sleeps.waits == []
    # One session: aiosmtplib tries PLAIN then LOGIN, and no second attempt follows.
    assert smtp_server.handler.failed_logins == 2
    assert smtp_server.messages == []


def test_mail_without_a_login_is_refused_as_an_authentication_failure(
    smtp_server: SmtpServer,
) -> None:
    with pytest.raises(AuthenticationFailed) as refused:
        asyncio.run(send(settings_for(smtp_server, username=None), MESSAGE, SENDER, RECIPIENTS))
    assert refused.value.code == 530


def test_an_invalid_recipient_is_permanent_before_connecting(smtp_server: SmtpServer) -> None:
    with pytest.raises(PermanentSendError, match="not a valid email"):
        asyncio.run(send(settings_for(smtp_server), MESSAGE, SENDER, ["jane@acme.example>\r\n"]))
    with pytest.raises(PermanentSendError, match="at least one recipient"):
        asyncio.run(send(settings_for(smtp_server), MESSAGE, SENDER, []))


# --- Scripted servers: connection losses and timeouts -----------------------------------------


@contextlib.asynccontextmanager
async def scripted_server(handle: Handler) -> AsyncIterator[int]:
    """A plaintext server on 127.0.0.1 running `handle` per connection; yields its port."""

    async def guarded(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await handle(reader, writer)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    server = await asyncio.start_server(guarded, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def drop_after_data(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Take the whole message, then hang up without the final reply."""
    writer.write(b"220 scripted ESMTP\r\n")
    while line := await reader.readline():
        verb = line[:4].upper()
        if verb == b"EHLO":
            writer.write(b"250-scripted\r\n250 8BITMIME\r\n")
        elif verb == b"DATA":
            writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            await reader.readuntil(b"\r\n.\r\n")
            return
        else:
            writer.write(b"250 OK\r\n")


async def never_greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Accept the connection and say nothing until the client gives up."""
    await reader.read()


async def hang_up_at_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Close the connection before a word is said (a TLS handshake cut short)."""


def plaintext(port: int, **changes: Any) -> SmtpSettings:
    """Settings for a scripted server: tls none on loopback, no login unless given."""
    return SmtpSettings(**({"host": "127.0.0.1", "port": port, "tls": "none"} | changes))


def run_against(handle: Handler, settings: Callable[[int], SmtpSettings]) -> None:
    """Send MESSAGE to a scripted server."""

    async def scenario() -> None:
        async with scripted_server(handle) as port:
            await send(settings(port), MESSAGE, SENDER, RECIPIENTS)

    asyncio.run(scenario())


def test_a_connection_lost_after_the_message_was_sent_is_uncertain_not_transient() -> None:
    with pytest.raises(DeliveryUncertain, match="check the Sent folder"):
        run_against(drop_after_data, lambda port: plaintext(port, username=None))


def test_a_server_that_never_greets_times_out_as_transient() -> None:
    with pytest.raises(TransientSendError):
        run_against(never_greet, lambda port: plaintext(port, timeout=0.3))


def test_a_tls_handshake_cut_short_is_transient() -> None:
    with pytest.raises(TransientSendError):
        run_against(hang_up_at_once, lambda port: plaintext(port, tls="implicit"))


def test_a_server_without_starttls_is_refused_when_starttls_is_configured() -> None:
    with pytest.raises(UntrustedServer, match="does not offer STARTTLS"):
        run_against(drop_after_data, lambda port: plaintext(port, tls="starttls"))


def test_an_unreachable_server_is_retried_then_raised_as_transient() -> None:
    async def scenario(sleeps: Sleeps) -> None:
        async with scripted_server(never_greet) as port:
            pass  # closed again: nothing listens on the port any more
        await send_with_retries(plaintext(port), MESSAGE, SENDER, RECIPIENTS, sleep=sleeps)

    sleeps = Sleeps()
    with capture_logs() as logs, pytest.raises(TransientSendError, match="cannot reach"):
        asyncio.run(scenario(sleeps))
    assert len(sleeps.waits) == 4
    assert [entry["attempt"] for entry in logs if entry["event"] == "smtp.retry"] == [1, 2, 3, 4]


# --- Settings --------------------------------------------------------------------------------


def test_settings_come_from_the_config_and_hide_the_password(tmp_path: Path) -> None:
    smtp = Smtp(
        host="smtp.example.net",
        tls="starttls",
        username="alex",
        password=SecretSource(env="SMTP_PASSWORD"),
        ca_file=tmp_path / "ca.pem",
    )
    settings = SmtpSettings.from_config(smtp, "s3cret")
    assert (settings.host, settings.port, settings.tls) == ("smtp.example.net", 587, "starttls")
    assert (settings.username, settings.password, settings.ca_file) == (
        "alex",
        "s3cret",
        tmp_path / "ca.pem",
    )
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize("host", ["smtp.example.net", "192.0.2.1"])
def test_plaintext_is_refused_for_a_host_other_than_loopback(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        SmtpSettings(host=host, port=25, tls="none", username=None)


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost"])
def test_plaintext_is_allowed_on_loopback(host: str) -> None:
    assert SmtpSettings(host=host, port=25, tls="none", username=None).tls == "none"
