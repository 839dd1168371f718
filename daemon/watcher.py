"""Watch one folder until told to stop, and hand every new message over once, missing none.

A watch connects read-only (EXAMINE: a read-write watcher leaks memory in Dovecot),
catches up from the folder's stored cursor, then waits: IDLE where the server offers
it, left and re-entered at least every `idle_every` seconds, else a timer of
`poll_every`. After every wake-up and every reconnect comes a catch-up `UID SEARCH`
from the cursor: IDLE is only a hint, the search is what finds mail.

Never lost, doubled only by a crash. Messages go in groups of up to
`BODIES_PER_FETCH`, in UID order, through:
1. `record_seen`, which claims each by folder+UID and by Message-ID in one insert (one
   transaction for the group), so two folders holding the same message (INBOX and All
   Mail) never both hand it over;
2. `on_message`, one by one, for each message whose claim was its first;
3. the cursor, saved past the group.
A crash between 1 and 3 leaves claimed messages above the cursor, and the next
catch-up meets them again: `record_seen` answers False. Recording the UID alone (no
Message-ID) then tells the two reasons apart. It fails only if this very UID was
claimed before: the message is handed over (again, or for the first time if the crash
came first), marked `redelivered`. Otherwise the message is a copy of one seen
elsewhere (or before a UIDVALIDITY change) and is skipped; the UID is now on record, so
a crash before the cursor passes it would hand that copy over once, marked
`redelivered` too. `on_message` may thus see a message twice only after a crash, and
always knows when to check by Message-ID first. A handler that raises costs that one
message (logged with its UID and Message-ID), never the watch. Claiming and saving the
cursor once a group, not once a message, keeps a backfill from waiting on two disk
syncs per message.

A new UIDVALIDITY resets the cursor and rescans from `backfill_since`; the Message-ID
claim keeps that rescan from handing anything over twice. Network errors reconnect
with exponential backoff and jitter, forever; a refused login ends the watch.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Protocol

import structlog
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    retry_if_not_exception_type,
    wait_exponential_jitter,
)
from tenacity.wait import wait_base

from afterview.daemon.imap import (
    AuthenticationFailed,
    CommandRefused,
    FlagChanges,
    FolderStatus,
    Header,
    ImapError,
    ImapSession,
    ImapSettings,
    MailboxThread,
    batched,
)
from afterview.daemon.records import FolderCursor

_log = structlog.get_logger(__name__)

# Catch-ups in a row after a wake-up, while each finds something new.
CATCH_UP_PASSES = 3
# Whole messages per FETCH: a few MB at most, even with attachments.
BODIES_PER_FETCH = 50
# A connection that stayed up this long broke by accident: reconnect at once, backoff reset.
STEADY_AFTER = 60.0
# 1 s, 2 s, 4 s... at most 5 min, each plus up to 1 s of jitter.
BACKOFF = wait_exponential_jitter(initial=1, max=300, jitter=1)


@dataclass(frozen=True)
class Fetched:
    """A message handed over: where it is, its bytes, and what the server knows of it."""

    folder: str
    uidvalidity: int
    uid: int
    message_id: str | None
    #: The whole message; only its header block when `headers_only`.
    raw: bytes
    flags: frozenset[str]
    internal_date: datetime | None
    #: `wants_body` declined the message: settle it from its headers.
    headers_only: bool = False
    #: Handed over before, but the process died before it was done: check by Message-ID.
    redelivered: bool = False


@dataclass(frozen=True)
class Progress:
    """How far a scan from an empty cursor (first start, new UIDVALIDITY) has got."""

    folder: str
    done: int
    total: int


class SeenStore(Protocol):
    """What a watch needs of the store: the folder's cursor and the seen-message log."""

    def cursor(self, folder: str) -> FolderCursor | None: ...

    def save_cursor(self, cursor: FolderCursor) -> None: ...

    def record_seen(
        self,
        folder: str,
        uidvalidity: int,
        messages: Sequence[tuple[int, str | None]],
        at: datetime,
    ) -> list[bool]: ...


OnMessage = Callable[[Fetched], Awaitable[None]]
OnFlags = Callable[[str, FlagChanges], Awaitable[None]]


class _Sight(enum.Enum):
    """What claiming a message found (see the module docstring)."""

    NEW = "new"
    AGAIN = "again"
    COPY = "copy"


def _every_body(_header: Header) -> bool:
    return True


async def watch(
    folder: str,
    settings: ImapSettings,
    store: SeenStore,
    on_message: OnMessage,
    *,
    stop: asyncio.Event,
    backfill_since: date | None = None,
    wants_body: Callable[[Header], bool] = _every_body,
    on_flags: OnFlags | None = None,
    on_change: Callable[[], None] | None = None,
    progress: Callable[[Progress], None] | None = None,
    idle_every: float | None = 540.0,
    poll_every: float = 60.0,
    backoff: wait_base = BACKOFF,
) -> None:
    """Hand every new message of `folder` to `on_message` until `stop` is set.

    `backfill_since`: how far back a first start (or a new UIDVALIDITY) reads, and the
    oldest arrival date read at all; None reads the whole folder. `wants_body` picks,
    from its headers, the messages worth a whole fetch (the others come `headers_only`).
    `on_change` hears of every change IDLE reports (an expunge too, which no search
    finds: a message deleted or moved away). `on_flags` hears of flag changes on
    messages handed over, where the server offers
    CONDSTORE. `progress` follows scans from an empty cursor. `idle_every=None` polls
    even where IDLE is offered.

    Returns once stopped and logged out (IDLE is left at once), or after a refused login
    (logged as an error). Cancelling is safe too: the connection closes within seconds.
    """
    await _FolderWatch(
        folder,
        settings,
        store,
        on_message,
        stop,
        backfill_since=backfill_since,
        wants_body=wants_body,
        on_flags=on_flags,
        on_change=on_change,
        progress=progress,
        idle_every=idle_every,
        poll_every=poll_every,
        backoff=backoff,
    ).run()


@dataclass
class _FolderWatch:
    """One watch: where, what to call, how to wait, and how far the folder has been read."""

    folder: str
    settings: ImapSettings
    store: SeenStore
    on_message: OnMessage
    stop: asyncio.Event
    backfill_since: date | None
    wants_body: Callable[[Header], bool]
    on_flags: OnFlags | None
    on_change: Callable[[], None] | None
    progress: Callable[[Progress], None] | None
    idle_every: float | None
    poll_every: float
    backoff: wait_base
    cursor: FolderCursor = field(init=False)
    log: structlog.stdlib.BoundLogger = field(init=False)

    def __post_init__(self) -> None:
        self.cursor = FolderCursor(self.folder, 0)
        self.log = _log.bind(folder=self.folder)

    async def run(self) -> None:
        """Connect, follow, reconnect after errors; until stopped, or refused."""
        retry = retry_if_exception_type(ImapError) & retry_if_not_exception_type(
            AuthenticationFailed
        )
        try:
            while not self.stop.is_set():
                retrying = AsyncRetrying(
                    wait=self.backoff,
                    retry=retry,
                    before_sleep=self._log_retry,
                    sleep=self._pause,
                    reraise=True,
                )
                await retrying(self._session)
        except AuthenticationFailed as error:
            # The message says it all; a traceback would only bury it.
            self.log.error("imap.login_refused", error=str(error))
            return
        self.log.info("imap.stopped")

    async def _session(self) -> None:
        """One connection: sync, then follow until stopped, or until it breaks once steady."""
        if self.stop.is_set():
            return
        mailbox = await MailboxThread.connect(self.settings, readonly=True, name=self.folder)
        waker = asyncio.create_task(self._wake_on_stop(mailbox))
        connected_at = time.monotonic()
        try:
            await self._sync(mailbox)
            await self._follow(mailbox)
        except ImapError as error:
            if time.monotonic() - connected_at < STEADY_AFTER:
                raise
            self.log.warning("imap.connection_lost", error=str(error))
        finally:
            waker.cancel()
            await mailbox.close()

    async def _wake_on_stop(self, mailbox: MailboxThread) -> None:
        await self.stop.wait()
        mailbox.wake()

    async def _pause(self, seconds: float) -> None:
        """Sleep, but no longer than until `stop` is set."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop.wait(), seconds)

    def _log_retry(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        self.log.warning(
            "imap.reconnecting",
            attempt=state.attempt_number,
            wait_s=round(wait, 1),
            error=str(error),
        )

    async def _sync(self, mailbox: MailboxThread) -> None:
        """Open the folder and catch up with everything since the cursor."""
        status = await mailbox.call(ImapSession.open, self.folder)
        self.cursor = self._cursor_for(status)
        await self._catch_up(mailbox)
        if not self.stop.is_set():
            # What is below UIDNEXT and was not found is expunged, or older than wanted.
            self._advance(status.uidnext - 1)

    def _cursor_for(self, status: FolderStatus) -> FolderCursor:
        """The stored cursor, or a fresh one for a first start or a new UIDVALIDITY."""
        stored = self.store.cursor(self.folder)
        if stored is not None and stored.uidvalidity == status.uidvalidity:
            if stored.highest_modseq is None and status.highest_modseq is not None:
                return replace(stored, highest_modseq=status.highest_modseq)
            return stored
        if stored is None:
            self.log.info("imap.first_scan", since=str(self.backfill_since or "the beginning"))
        else:
            self.log.warning(
                "imap.uidvalidity_changed", old=stored.uidvalidity, new=status.uidvalidity
            )
        fresh = FolderCursor(self.folder, status.uidvalidity, 0, status.highest_modseq)
        self.store.save_cursor(fresh)
        return fresh

    async def _follow(self, mailbox: MailboxThread) -> None:
        """Wait for news (IDLE, or a timer), then catch up; until stopped."""
        offered = "IDLE" in mailbox.session.capabilities
        idle_every = self.idle_every if offered else None
        self.log.info("imap.watching", idle=idle_every is not None)
        while not self.stop.is_set():
            if idle_every is not None:
                changed = await mailbox.call(ImapSession.idle, idle_every)
                self.log.debug("imap.woke", changed=changed)
                if changed and self.on_change is not None:
                    self.on_change()
            else:
                await self._pause(self.poll_every)
            # A change made while catching up was told to the commands of the catch-up,
            # not to the next IDLE: catch up again until a pass finds nothing new.
            for _pass in range(CATCH_UP_PASSES):
                if self.stop.is_set() or not await self._catch_up(mailbox):
                    break

    async def _catch_up(self, mailbox: MailboxThread) -> bool:
        """Hand over what arrived since the cursor, and flag changes; whether there was any
        (False once stopped)."""
        scanning = self.cursor.last_uid == 0
        after, since = self.cursor.last_uid, self.backfill_since
        uids = await mailbox.call(ImapSession.uids_after, after, since)
        if not await self._deliver(mailbox, uids, report=scanning):
            return False
        # Flags after: the MODSEQ then passes the messages just handed over, which came
        # with their flags and are no change (a message arriving meanwhile is above the
        # cursor, and comes with its flags on the next pass).
        changes = await self._flag_changes(mailbox, handed=frozenset(uids))
        if changes is not None:
            await self._report_flags(changes)
        return bool(uids) or bool(changes and changes.flags)

    async def _deliver(self, mailbox: MailboxThread, uids: Sequence[int], *, report: bool) -> bool:
        """Headers first, bodies only where wanted, each message handed over in UID order."""
        done = 0
        for chunk in batched(uids):
            if report and self.progress is not None:
                self.progress(Progress(self.folder, done, len(uids)))
            headers = await self._headers(mailbox, chunk)
            for group in batched(headers, BODIES_PER_FETCH):
                if self.stop.is_set():
                    return False
                wanted = {header.uid for header in group if self.wants_body(header)}
                bodies = await self._bodies(mailbox, sorted(wanted))
                for header, sight in zip(group, self._claim(group), strict=True):
                    await self._hand_over(
                        header, bodies.get(header.uid), sight, wanted=header.uid in wanted
                    )
                self._advance(group[-1].uid)
            done += len(chunk)
            self._advance(chunk[-1])
        if report and self.progress is not None and uids:
            self.progress(Progress(self.folder, done, len(uids)))
        return True

    async def _headers(self, mailbox: MailboxThread, uids: Sequence[int]) -> list[Header]:
        """Headers of `uids`; one by one after a refusal, so a broken message is skipped alone."""
        try:
            return await mailbox.call(ImapSession.fetch_headers, uids)
        except CommandRefused as error:
            if len(uids) == 1:
                self.log.warning("imap.unreadable", uid=uids[0], part="header", error=str(error))
                return []
        headers: list[Header] = []
        for uid in uids:
            headers += await self._headers(mailbox, [uid])
        return headers

    async def _bodies(self, mailbox: MailboxThread, uids: Sequence[int]) -> dict[int, bytes]:
        """Whole messages of `uids`; one by one after a refusal, as for headers."""
        if not uids:
            return {}
        try:
            return await mailbox.call(ImapSession.fetch_bodies, uids)
        except CommandRefused as error:
            if len(uids) == 1:
                self.log.warning("imap.unreadable", uid=uids[0], part="body", error=str(error))
                return {}
        bodies: dict[int, bytes] = {}
        for uid in uids:
            bodies |= await self._bodies(mailbox, [uid])
        return bodies

    async def _hand_over(
        self, header: Header, body: bytes | None, sight: _Sight, *, wanted: bool
    ) -> None:
        """Give a claimed message to on_message, unless it is a copy of one seen before."""
        if wanted and body is None:
            # Expunged meanwhile, or unreadable: claimed, so that it is never retried.
            self.log.warning("imap.skipped", uid=header.uid, message_id=header.message_id)
        elif sight is not _Sight.COPY:
            try:
                await self.on_message(self._fetched(header, body, sight))
            except Exception:
                # One message must never stop the watch; its ids are in the log.
                self.log.exception(
                    "imap.handler_failed", uid=header.uid, message_id=header.message_id
                )

    def _claim(self, headers: Sequence[Header]) -> list[_Sight]:
        """Record messages as seen, and say for each whether it is new, met again, or a
        copy (see the module docstring)."""
        folder, uidvalidity, now = self.folder, self.cursor.uidvalidity, datetime.now(UTC)
        claims = [(header.uid, header.message_id) for header in headers]
        firsts = self.store.record_seen(folder, uidvalidity, claims, now)
        refused = [uid for (uid, _id), first in zip(claims, firsts, strict=True) if not first]
        # Recording the UID alone fails only if this very UID was recorded before.
        uid_only = [(uid, None) for uid in refused]
        copies = dict(
            zip(refused, self.store.record_seen(folder, uidvalidity, uid_only, now), strict=True)
        )
        return [
            _Sight.NEW if first else _Sight.COPY if copies[uid] else _Sight.AGAIN
            for (uid, _id), first in zip(claims, firsts, strict=True)
        ]

    def _fetched(self, header: Header, body: bytes | None, sight: _Sight) -> Fetched:
        return Fetched(
            self.folder,
            self.cursor.uidvalidity,
            header.uid,
            header.message_id,
            header.raw if body is None else body,
            header.flags,
            header.internal_date,
            headers_only=body is None,
            redelivered=sight is _Sight.AGAIN,
        )

    async def _flag_changes(
        self, mailbox: MailboxThread, *, handed: frozenset[int]
    ) -> FlagChanges | None:
        """Flags changed on messages handed over before (not `handed` just now) since the
        cursor's MODSEQ, if followed."""
        modseq = self.cursor.highest_modseq
        if self.on_flags is None or modseq is None:
            return None
        changes = await mailbox.call(ImapSession.changed_since, modseq)
        # Messages above the cursor are not handed over yet: they come with their flags.
        known = {
            uid: flags
            for uid, flags in changes.flags.items()
            if uid <= self.cursor.last_uid and uid not in handed
        }
        return FlagChanges(known, changes.highest_modseq)

    async def _report_flags(self, changes: FlagChanges) -> None:
        """Tell `on_flags` of the changes, then move the cursor's MODSEQ past them."""
        if changes.flags and self.on_flags is not None:
            try:
                await self.on_flags(self.folder, changes)
            except Exception:
                self.log.exception("imap.flags_handler_failed", uids=sorted(changes.flags))
        if changes.highest_modseq != self.cursor.highest_modseq:
            self.cursor = replace(self.cursor, highest_modseq=changes.highest_modseq)
            self.store.save_cursor(self.cursor)

    def _advance(self, uid: int) -> None:
        """Move the cursor past `uid` and save it."""
        if uid > self.cursor.last_uid:
            self.cursor = replace(self.cursor, last_uid=uid)
            self.store.save_cursor(self.cursor)
