"""An SMTP server on 127.0.0.1 that keeps what it is given: where the demo's mail goes."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Delivered:
    """One message the sink accepted."""

    sender: str
    recipients: tuple[str, ...]
    data: bytes


class _Keeper:
    """aiosmtpd handler: accepts every message and keeps it."""

    def __init__(self) -> None:
        self.delivered: list[Delivered] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 -- aiosmtpd's hook name
        """Keep the message."""
        with self._lock:
            self.delivered.append(
                Delivered(
                    envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.original_content)
                )
            )
        return "250 2.0.0 OK: kept"

    def snapshot(self) -> list[Delivered]:
        """What was kept so far."""
        with self._lock:
            return list(self.delivered)


class SmtpSink:
    """A plaintext SMTP server on a free loopback port; nothing it keeps goes anywhere."""

    def __init__(self) -> None:
        self._keeper = _Keeper()
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port: int = probe.getsockname()[1]
        self._controller = Controller(self._keeper, hostname=HOST, port=self.port)

    @property
    def delivered(self) -> list[Delivered]:
        """What was sent so far, oldest first."""
        return self._keeper.snapshot()

    def start(self) -> None:
        """Listen, on a thread of aiosmtpd's."""
        self._controller.start()

    def stop(self) -> None:
        """Stop listening."""
        self._controller.stop()
