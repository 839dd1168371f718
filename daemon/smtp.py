"""Sending one stored message over SMTP: TLS with certificate checks, AUTH, and honest errors.

The outbox decides what happens after a failure, so every failure says which
kind it is: worth retrying later (`TransientSendError`), never worth retrying
(`PermanentSendError`), the login or the server's identity is wrong
(`AuthenticationFailed`, `UntrustedServer`), or the server may have taken the
message although it never said so (`DeliveryUncertain`), which must never be
retried blindly: a duplicate to an employer is worse than a late message. A
connection lost during DATA is uncertain even if it broke before the server's
354: aiosmtplib sends DATA and the message in one call, and a wrong guess there
would cost a duplicate.

A message reaches every recipient or none. aiosmtplib's `sendmail` carries on
with DATA when the server refuses only some recipients, which would send half a
message; here each RCPT is checked first and one refusal ends the session before
DATA, so the server never holds the message. One connection serves one message:
afterview sends a few a day, and a fresh session per message keeps the failure
of one away from the next.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import aiosmtplib
import structlog
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_base, wait_exponential, wait_random

from afterview.daemon.config import Smtp, is_loopback
from afterview.policies.compose import ComposeError, check_address

_log = structlog.get_logger(__name__)

# Replies that mean the login is wrong or missing (RFC 4954), not that the message is.
_AUTH_CODES = frozenset({530, 534, 535, 538})
# Everything aiosmtplib and the network raise: SMTP replies, lost connections, timeouts, TLS.
_FAILURES = (aiosmtplib.SMTPException, OSError)
# Said in EHLO instead of the machine's name, which would leak into Received headers and may
# cost a DNS lookup (RFC 5321 4.1.4 allows an address literal).
_EHLO_NAME = "[127.0.0.1]"
# 5 s, 10 s, 20 s, 40 s... at most 5 min, plus up to 5 s of jitter so that retries spread out.
_BACKOFF = wait_exponential(multiplier=5, max=300) + wait_random(0, 5)


class SendError(Exception):
    """A message could not be sent; `code` and `text` are the server's reply, if there was one."""

    def __init__(self, message: str, *, code: int | None = None, text: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.text = text


class TransientSendError(SendError):
    """The server or the network failed for now (4xx, lost connection, timeout): try later."""


class PermanentSendError(SendError):
    """The server refused this message for good (5xx): nothing was sent, retrying cannot help."""


class AuthenticationFailed(SendError):
    """The server refused the login (535...) or offers none: fix the username or password."""


class UntrustedServer(SendError):
    """The server's identity could not be verified, or it offers no STARTTLS: nothing was sent."""


class DeliveryUncertain(SendError):
    """The connection failed after the message was transmitted: the server may have kept it."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: the `smtp` section of the config with its password read."""

    host: str
    port: int
    tls: Literal["implicit", "starttls", "none"]
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None
    #: Seconds allowed for each command and for the connection itself.
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.tls == "none" and not is_loopback(self.host):
            raise ValueError(f"tls: none is allowed only for a loopback host, not {self.host!r}")

    @classmethod
    def from_config(cls, smtp: Smtp, password: str) -> SmtpSettings:
        """The settings of a validated `smtp` config section and the password its source gave."""
        return cls(smtp.host, smtp.port, smtp.tls, smtp.username, password, smtp.ca_file)


def tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    """A verifying client context: the system's trust store, or only `ca_file` when given."""
    return ssl.create_default_context(cafile=settings.ca_file)


async def send(
    settings: SmtpSettings, message: bytes, sender: str, recipients: Sequence[str]
) -> None:
    """Hand one stored message, byte for byte, to the server for every recipient or for none."""
    envelope = _checked_envelope(sender, recipients)
    client = await _client(settings)
    with _reported():
        await client.connect()
    sock = client.get_transport_info("socket")
    try:
        with _reported():
            await _secure(client, settings)
            await _log_in(client, settings)
            await _open_transaction(client, message, *envelope)
        with _reported(transmitted=True):
            await client.data(message)
    finally:
        await _hang_up(client, sock, settings.timeout)


async def send_with_retries(
    settings: SmtpSettings,
    message: bytes,
    sender: str,
    recipients: Sequence[str],
    *,
    attempts: int = 5,
    wait: wait_base | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """`send`, tried again after transient errors with exponential backoff and jitter.

    Only `TransientSendError` is retried; every other error is raised at once. After
    `attempts` tries the last transient error is raised.
    """
    retrying = AsyncRetrying(
        stop=stop_after_attempt(attempts),
        wait=_BACKOFF if wait is None else wait,
        retry=retry_if_exception_type(TransientSendError),
        before_sleep=_log_retry,
        sleep=sleep,
        reraise=True,
    )
    async for attempt in retrying:
        with attempt:
            await send(settings, message, sender, recipients)
            _log.info("smtp.sent", attempt=attempt.retry_state.attempt_number, bytes=len(message))


@dataclass(frozen=True)
class SmtpSender:
    """The outbox's sender: each message over a connection of its own, with retries."""

    settings: SmtpSettings
    attempts: int = 5

    async def send(self, message: bytes, sender: str, recipients: Sequence[str]) -> None:
        """`send_with_retries` with these settings."""
        await send_with_retries(self.settings, message, sender, recipients, attempts=self.attempts)


def _log_retry(state: RetryCallState) -> None:
    """One line per failed attempt that will be tried again, with the server's reply."""
    error = state.outcome.exception() if state.outcome else None
    _log.warning(
        "smtp.retry",
        attempt=state.attempt_number,
        wait_s=round(state.next_action.sleep if state.next_action else 0.0, 1),
        error=str(error),
        code=getattr(error, "code", None),
    )


def _checked_envelope(sender: str, recipients: Sequence[str]) -> tuple[str, list[str]]:
    """The envelope's addresses, each one plain addr-spec, recipients once each."""
    try:
        unique = list(dict.fromkeys(check_address(r) for r in recipients))
        checked = check_address(sender), unique
    except ComposeError as error:
        raise PermanentSendError(str(error)) from None
    if not unique:
        raise PermanentSendError("a message needs at least one recipient")
    return checked


async def _client(settings: SmtpSettings) -> aiosmtplib.SMTP:
    """An unconnected client; STARTTLS is ours to issue, so that it can never be skipped."""
    context = None if settings.tls == "none" else await asyncio.to_thread(tls_context, settings)
    return aiosmtplib.SMTP(
        hostname=settings.host,
        port=settings.port,
        use_tls=settings.tls == "implicit",
        start_tls=False,
        tls_context=context,
        local_hostname=_EHLO_NAME,
        timeout=settings.timeout,
    )


async def _secure(client: aiosmtplib.SMTP, settings: SmtpSettings) -> None:
    """Upgrade to TLS when the settings say STARTTLS; a server not offering it is refused."""
    if settings.tls != "starttls":
        return
    await client.ehlo()
    if not client.supports_extension("starttls"):
        raise UntrustedServer(
            f"{settings.host}:{settings.port} does not offer STARTTLS; nothing was sent "
            "(use tls: implicit if this is an implicit-TLS port)"
        )
    await client.starttls()


async def _log_in(client: aiosmtplib.SMTP, settings: SmtpSettings) -> None:
    """AUTH with the configured login, if there is one."""
    if settings.username is None:
        return
    if client.is_ehlo_or_helo_needed:
        await client.ehlo()
    if not client.supports_extension("auth"):
        raise AuthenticationFailed(f"{settings.host} offers no AUTH; cannot log in")
    await client.login(settings.username, settings.password or "")


async def _open_transaction(
    client: aiosmtplib.SMTP, message: bytes, sender: str, recipients: list[str]
) -> None:
    """MAIL and every RCPT; any refused recipient ends the transaction before DATA."""
    await client.mail(sender, options=_mail_options(client, message))
    refusals: list[aiosmtplib.SMTPRecipientRefused] = []
    for recipient in recipients:
        try:
            await client.rcpt(recipient)
        except aiosmtplib.SMTPRecipientRefused as refusal:
            refusals.append(refusal)
    if refusals:
        raise _refused(refusals)


def _mail_options(client: aiosmtplib.SMTP, message: bytes) -> list[str]:
    """SIZE (RFC 1870), and BODY=8BITMIME for 8-bit bytes where the server offers it."""
    options = [f"SIZE={len(message)}"] if client.supports_extension("size") else []
    if not message.isascii() and client.supports_extension("8bitmime"):
        options.append("BODY=8BITMIME")
    return options


def _refused(refusals: list[aiosmtplib.SMTPRecipientRefused]) -> SendError:
    """One error for the refused recipients: permanent if any refusal is."""
    worst = max(refusals, key=lambda refusal: refusal.code)
    who = ", ".join(f"{r.recipient} ({r.code} {r.message})" for r in refusals)
    kind = TransientSendError if worst.code < 500 else PermanentSendError
    return kind(f"recipients refused, nothing sent: {who}", code=worst.code, text=worst.message)


@contextlib.contextmanager
def _reported(*, transmitted: bool = False) -> Iterator[None]:
    """aiosmtplib's and the network's errors, raised as the kind of SendError they are."""
    try:
        yield
    except SendError:
        raise
    except _FAILURES as error:
        raise _classified(error, transmitted=transmitted) from error


def _classified(error: BaseException, *, transmitted: bool) -> SendError:
    """What a failure means for the message; `transmitted`: the server may hold all of it."""
    if _certificate_refused(error):
        return UntrustedServer(
            f"the server's certificate was refused ({error}); nothing was sent. If the server "
            "uses a certificate authority of its own, name it in smtp.ca_file"
        )
    if isinstance(error, aiosmtplib.SMTPResponseException):
        code, text = error.code, error.message
        if code in _AUTH_CODES:
            return AuthenticationFailed(f"login refused: {code} {text}", code=code, text=text)
        kind = TransientSendError if 400 <= code < 500 else PermanentSendError
        return kind(f"server replied {code} {text}", code=code, text=text)
    if transmitted:
        return DeliveryUncertain(
            f"the connection failed after the message was sent, before the server confirmed "
            f"it; check the Sent folder before sending again ({error})"
        )
    return TransientSendError(f"cannot reach the server: {error}")


def _certificate_refused(error: BaseException | None) -> bool:
    """Whether a certificate check failed anywhere in the error's chain of causes."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, ssl.SSLCertVerificationError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


async def _hang_up(client: aiosmtplib.SMTP, sock: Any, patience: float) -> None:
    """QUIT if still connected, then wait (bounded) until the socket is really closed.

    asyncio closes a TLS socket a few loop turns after close(), once close_notify is
    exchanged; a caller ending its loop sooner would leak it. A failed QUIT changes
    nothing: the message was accepted or refused before it.
    """
    if client.is_connected:
        with contextlib.suppress(*_FAILURES):
            await client.quit(timeout=min(patience, 10.0))
    client.close()
    deadline = time.monotonic() + min(patience, 5.0)
    # Polled: aiosmtplib offers no event for the socket's close, which asyncio does late.
    while sock.fileno() != -1 and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.005)
