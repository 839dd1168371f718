"""A real aiosmtpd SMTP server on 127.0.0.1 that captures what it receives."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
import time
import weakref
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Literal

import aiosmtplib
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from mailservers.certs import LocalCA

HOST = "127.0.0.1"
SMTP_USERNAME = "alex@example.test"
SMTP_PASSWORD = "smtp-secret"
Stage = Literal["MAIL", "RCPT", "DATA"]


@dataclass(frozen=True)
class ReceivedMessage:
    """One accepted transaction, as the server saw it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    login: str | None
    tls: bool
    port: int


@dataclass(frozen=True)
class _Failure:
    reply: str
    stage: Stage


class CapturingHandler:
    """aiosmtpd handler: records messages, enforces AUTH, and answers injected replies."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self.password = password
        self.messages: list[ReceivedMessage] = []
        # Not auth_*: aiosmtpd would offer any handler attribute so named as an AUTH mechanism.
        self.failed_logins = 0
        self._failures: deque[_Failure] = deque()
        # The failure planned at MAIL for each transaction still in progress.
        self._planned: weakref.WeakKeyDictionary[Any, _Failure] = weakref.WeakKeyDictionary()
        self._arrived = threading.Condition()

    def fail_next(self, count: int, reply: str, stage: Stage = "DATA") -> None:
        """Make the next count transactions get reply at stage instead of success."""
        with self._arrived:
            self._failures.extend(_Failure(reply, stage) for _ in range(count))

    def wait_for(self, count: int, timeout: float) -> list[ReceivedMessage]:
        """Wait, at most timeout seconds, until count messages arrived; return them all."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                raise TimeoutError(f"{len(self.messages)} of {count} messages in {timeout}s")
            return list(self.messages)

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        """Accept the one configured login (aiosmtpd authenticator callback)."""
        assert isinstance(auth_data, LoginPassword)
        login = auth_data.login.decode()
        if login == self.username and auth_data.password.decode() == self.password:
            return AuthResult(success=True, auth_data=login)
        with self._arrived:
            self.failed_logins += 1
        return AuthResult(success=False, handled=False)

    async def handle_MAIL(  # noqa: N802 - aiosmtpd finds hooks by this name
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        """Require AUTH, then plan this transaction's injected failure, if any."""
        # Done here rather than with auth_required=True: that needs auth_require_tls, which
        # aiosmtpd only satisfies through STARTTLS, never on an implicit-TLS listener.
        if not session.authenticated:
            return "530 5.7.0 Authentication required"
        with self._arrived:
            failure = self._failures.popleft() if self._failures else None
        if failure is not None and failure.stage == "MAIL":
            return failure.reply
        if failure is not None:
            self._planned[envelope] = failure
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        """Accept the recipient unless this transaction fails at RCPT."""
        failure = self._planned.get(envelope)
        if failure is not None and failure.stage == "RCPT":
            return failure.reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Record the message, or answer this transaction's injected DATA reply."""
        failure = self._planned.pop(envelope, None)
        if failure is not None:
            return failure.reply
        transport = server.transport
        message = ReceivedMessage(
            mail_from=envelope.mail_from,
            rcpt_tos=tuple(envelope.rcpt_tos),
            data=bytes(envelope.original_content),
            login=session.auth_data if session.authenticated else None,
            tls=transport.get_extra_info("ssl_object") is not None,
            port=transport.get_extra_info("sockname")[1],
        )
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 2.0.0 OK: queued"


class _BoundController(Controller):
    """A Controller serving on a socket we bound: the port is known and never raced for."""

    def __init__(self, handler: CapturingHandler, sock: socket.socket, **kwargs: Any) -> None:
        self._sock = sock
        super().__init__(handler, hostname=HOST, port=sock.getsockname()[1], **kwargs)

    def _create_server(self) -> Any:
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


def _bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))
    sock.listen(16)
    return sock


class SmtpServer:
    """Two listeners sharing one handler: STARTTLS (required) and implicit TLS."""

    def __init__(
        self, ca: LocalCA, *, username: str = SMTP_USERNAME, password: str = SMTP_PASSWORD
    ) -> None:
        self.host = HOST
        self.ca = ca
        self.handler = CapturingHandler(username, password)
        server_context = ca.server_context()
        common = {"server_hostname": "localhost", "authenticator": self.handler.authenticate}
        starttls_sock, tls_sock = _bound_socket(), _bound_socket()
        self._sockets = (starttls_sock, tls_sock)
        self._started: list[_BoundController] = []
        self.starttls_port: int = starttls_sock.getsockname()[1]
        self.tls_port: int = tls_sock.getsockname()[1]
        self._controllers = [
            _BoundController(
                self.handler,
                starttls_sock,
                tls_context=server_context,
                require_starttls=True,
                **common,
            ),
            # The socket itself is TLS here, so AUTH needs no STARTTLS (which isn't offered).
            _BoundController(
                self.handler,
                tls_sock,
                ssl_context=server_context,
                auth_require_tls=False,
                **common,
            ),
        ]

    @property
    def username(self) -> str:
        """The one login the server accepts."""
        return self.handler.username

    @property
    def password(self) -> str:
        """The password of that login."""
        return self.handler.password

    @property
    def messages(self) -> list[ReceivedMessage]:
        """Messages accepted so far, oldest first."""
        return list(self.handler.messages)

    def client_context(self) -> ssl.SSLContext:
        """Return a verifying client SSL context that trusts this server's certificate."""
        return self.ca.client_context()

    def fail_next(self, count: int, reply: str, stage: Stage = "DATA") -> None:
        """Make the next count transactions answer reply (e.g. "451 4.3.0 Try again later")."""
        self.handler.fail_next(count, reply, stage)

    def wait_for_messages(self, count: int, timeout: float = 10.0) -> list[ReceivedMessage]:
        """Wait (bounded) until count messages arrived; return all of them."""
        return self.handler.wait_for(count, timeout)

    def start(self) -> None:
        """Start both listeners, each in its own thread."""
        for controller in self._controllers:
            controller.start()
            self._started.append(controller)

    def stop(self) -> None:
        """Stop the listeners that started and close every socket."""
        while self._started:
            self._started.pop().stop()
        for sock in self._sockets:
            sock.close()


@contextlib.asynccontextmanager
async def smtp_session(
    client: aiosmtplib.SMTP,
    *,
    username: str | None = None,
    password: str | None = None,
    close_timeout: float = 10.0,
) -> AsyncIterator[aiosmtplib.SMTP]:
    """Connect client and log in if asked; on exit QUIT and wait until the socket is closed.

    asyncio closes a TLS connection's socket only after the close_notify exchange, a few loop
    turns after close(). A loop that ends sooner (asyncio.run) leaves the socket to the garbage
    collector, whose ResourceWarning filterwarnings=error turns into a failed test. Give the
    client no username of its own: a login failing inside connect() leaves nothing to wait on.
    """
    sock = None
    try:
        async with client:
            sock = client.get_transport_info("socket")
            if username is not None and password is not None:
                await client.login(username, password)
            yield client
    finally:
        deadline = time.monotonic() + close_timeout
        # Polled: the socket closes deep in asyncio's TLS machinery, which offers no event.
        while sock is not None and sock.fileno() != -1 and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.001)
