"""The account's writing side: afterview's own messages in, the state of its reviews out.

One IMAP connection on a thread of its own, opened on first use and again after the
line drops, so that a blip costs one action a retry, never the daemon. It EXAMINEs
folders (read-only): afterview never changes a flag on the user's mail, and APPEND
needs no selected folder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

import structlog

from afterview.daemon.imap import ConnectionLost, ImapSession, ImapSettings, MailboxThread

log = structlog.get_logger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Folders:
    """Where afterview's messages go, as found on the server."""

    inbox: str
    drafts: str
    sent: str


class ImapMailbox:
    """APPEND, look up by Message-ID and read flags over one reconnecting connection."""

    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings
        self._thread: MailboxThread | None = None

    async def folders(self, overrides: Mapping[str, str | None]) -> Folders:
        """INBOX, Drafts and Sent: the config's names, else SPECIAL-USE, else common names."""
        found = await self._call(ImapSession.special_folders, overrides)
        return Folders("INBOX", found.get("drafts", "Drafts"), found.get("sent", "Sent"))

    async def append(self, folder: str, message: bytes, flags: Sequence[str] = ()) -> int | None:
        """Store a message in a folder; its UID where the server tells it."""
        return await self._call(ImapSession.append, folder, message, flags)

    async def find(self, folder: str, message_id: str) -> list[int]:
        """UIDs of the messages in `folder` with this Message-ID."""
        return await self._call(ImapSession.search_message_id, message_id, folder)

    async def holds(self, folder: str, message_id: str) -> bool:
        """Whether `folder` holds a message with this Message-ID."""
        return bool(await self.find(folder, message_id))

    async def flags(self, folder: str, uids: Sequence[int]) -> dict[int, frozenset[str]]:
        """The flags of messages in `folder` by UID; a UID left out is gone from it."""
        await self._call(ImapSession.open, folder)
        return await self._call(ImapSession.flags, uids)

    async def close(self, grace: float = 3.0) -> None:
        """Log out, if connected."""
        thread, self._thread = self._thread, None
        if thread is not None:
            await thread.close(grace)

    async def _call(
        self, method: Callable[Concatenate[ImapSession, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        if self._thread is None:
            self._thread = await MailboxThread.connect(self.settings, readonly=True, name="writer")
        try:
            return await self._thread.call(method, *args, **kwargs)
        except ConnectionLost:
            # The next call connects afresh; this one's caller decides whether to retry.
            await self.close(grace=0)
            log.warning("imap.writer_reconnects")
            raise
