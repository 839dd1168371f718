"""Real mail servers on 127.0.0.1 for the integration tests, and IMAP client helpers."""

from __future__ import annotations

import contextlib
import imaplib
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from imapclient import IMAPClient

from mailservers.certs import LocalCA, make_local_ca
from mailservers.dovecot import (
    DEFAULT_USERS,
    INSTALL_COMMAND,
    SPECIAL_USE,
    DovecotError,
    DovecotFactory,
    DovecotServer,
    dovecot_missing,
)
from mailservers.smtp import (
    SMTP_PASSWORD,
    SMTP_USERNAME,
    ReceivedMessage,
    SmtpServer,
    smtp_session,
)

__all__ = [
    "DEFAULT_USERS",
    "INSTALL_COMMAND",
    "SMTP_PASSWORD",
    "SMTP_USERNAME",
    "SPECIAL_USE",
    "DovecotError",
    "DovecotFactory",
    "DovecotServer",
    "LocalCA",
    "ReceivedMessage",
    "SmtpServer",
    "append_message",
    "append_messages",
    "dovecot_missing",
    "imap_login",
    "make_local_ca",
    "smtp_session",
]

_APPENDUID = re.compile(rb"\[APPENDUID (\d+) (\d+)\]")


@contextlib.contextmanager
def imap_login(server: DovecotServer, user: str, *, timeout: float = 10.0) -> Iterator[IMAPClient]:
    """Yield an IMAPClient logged in to server as user; log out on exit."""
    client = IMAPClient(server.host, port=server.port, ssl=False, timeout=timeout)
    try:
        client.login(user, server.password(user))
        yield client
    finally:
        # The server may be gone by now (a test restarted it): that is no error here, but
        # the socket must still be closed.
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            with contextlib.suppress(OSError):
                client.shutdown()


def append_message(
    client: IMAPClient,
    folder: str,
    message: bytes,
    *,
    flags: Sequence[str] = (),
    internal_date: datetime | None = None,
) -> int:
    """APPEND one message with a logged-in client and return its UID.

    imaplib rewrites bare LF line endings as CRLF: give messages CRLF to fetch the same bytes.
    """
    response = client.append(folder, message, flags=flags, msg_time=internal_date)
    match = _APPENDUID.search(response)
    if match is None:
        raise DovecotError(f"APPEND to {folder} answered no APPENDUID: {response!r}")
    return int(match.group(2))


def append_messages(
    server: DovecotServer,
    user: str,
    folder: str,
    messages: Iterable[bytes],
    *,
    flags: Sequence[str] = (),
    internal_date: datetime | None = None,
) -> list[int]:
    """APPEND messages to a user's folder in order and return their UIDs."""
    with imap_login(server, user) as client:
        return [
            append_message(client, folder, message, flags=flags, internal_date=internal_date)
            for message in messages
        ]
