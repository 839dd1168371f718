"""The outbox runner: carries out due actions, never twice and never lost.

Each row is checked against the plan once more before anything is written (an
employer's message, an offer, a policy change since it was planned withdraw it),
composed once (its Message-ID comes from its key and the bytes are kept, so a
retry or an approval sends exactly what the user saw), then acted on by mode:

- draft: APPENDed to Drafts for the user to send from their own client;
- notify: APPENDed to the INBOX (the notes prompt, the digest);
- approve, queue: a review message in the INBOX `REVIEW_AHEAD` before the due
  time; approve waits for a yes, queue goes at its time unless the user said no;
- auto, and anything approved: sent by SMTP.

Sending is `sending` (committed), SMTP, `sent` (committed). A row found
`sending` at start is looked up in Sent by Message-ID: found, it is sent; not
found, it is `uncertain` and the user is asked. A duplicate to an employer is
worse than a late message. An APPEND that a crash may have cut short is looked
up by Message-ID before it is made again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default
from email.utils import getaddresses
from typing import Protocol

import structlog

from afterview.daemon import reviews
from afterview.daemon.engine import Engine
from afterview.daemon.imap import ImapError
from afterview.daemon.mailbox import Folders
from afterview.daemon.records import OPEN_STATUSES, Mode, OutboxItem, OutboxStatus
from afterview.daemon.smtp import (
    AuthenticationFailed,
    DeliveryUncertain,
    SendError,
    TransientSendError,
    UntrustedServer,
)
from afterview.daemon.store import Store
from afterview.policies.compose import ComposeError
from afterview.policies.drafting import Drafter
from afterview.policies.templates import TemplateError

log = structlog.get_logger(__name__)

#: A queued email's review reaches the inbox this long before the email goes.
REVIEW_AHEAD = timedelta(hours=24)
#: A queued email goes no sooner than this after its review arrived, whatever its time.
LEAST_NOTICE = timedelta(hours=2)
#: After the server failed for now (4xx, a dropped line, retries spent) the row waits this long.
RETRY_AFTER = timedelta(minutes=15)
#: After the IMAP server failed an APPEND or a search, the outbox waits this long to try again.
IMAP_PAUSE = timedelta(seconds=30)

_REVIEWED = frozenset({Mode.APPROVE, Mode.QUEUE})


class Mailbox(Protocol):
    """The writing side of the IMAP account (daemon.mailbox.ImapMailbox)."""

    async def append(self, folder: str, message: bytes, flags: Sequence[str] = ()) -> int | None:
        """Store a message in a folder; its UID where the server says it."""

    async def find(self, folder: str, message_id: str) -> list[int]:
        """UIDs of the messages in `folder` with this Message-ID."""


class Sender(Protocol):
    """The SMTP side of the account (daemon.smtp.SmtpSender)."""

    async def send(self, message: bytes, sender: str, recipients: Sequence[str]) -> None:
        """Send the bytes as they are; raise a daemon.smtp.SendError."""


class Outbox:
    """Carries out what the Engine says is due, and tells the user what it did not."""

    def __init__(
        self,
        engine: Engine,
        drafter: Drafter,
        mailbox: Mailbox,
        sender: Sender,
        folders: Folders,
        *,
        sent_copy: str = "auto",
    ) -> None:
        self.engine = engine
        self.drafter = drafter
        self.mailbox = mailbox
        self.sender = sender
        self.folders = folders
        self.sent_copy = sent_copy
        #: Why nothing is being sent (a refused SMTP login), until the config is reloaded.
        self.sending_stopped: str | None = None
        #: Not before this time again, after the IMAP server failed.
        self._paused_until: datetime | None = None

    @property
    def store(self) -> Store:
        """The store the engine keeps."""
        return self.engine.store

    @property
    def me(self) -> str:
        """The account's own address."""
        return self.drafter.situation.me.email or ""

    async def recover(self, now: datetime) -> None:
        """Settle rows a crash left `sending`: sent if Sent holds them, else `uncertain`."""
        for row in self.store.outbox(OutboxStatus.SENDING):
            if row.message_id and await self.mailbox.find(self.folders.sent, row.message_id):
                self._move(row, OutboxStatus.SENT, now)
            else:
                reason = "afterview stopped while sending it, and Sent holds no copy"
                await self._tell(self._move(row, OutboxStatus.UNCERTAIN, now, reason), now)

    async def run(self, now: datetime) -> None:
        """Re-plan, tell what the plan withdrew, post reviews, and carry out due rows."""
        for row in self.engine.reconcile(now):
            await self._tell(row, now)
        for row in self.store.outbox(OutboxStatus.PLANNED):
            if row.mode in _REVIEWED and row.due_at - REVIEW_AHEAD <= now:
                await self._guarded(self._post_review, row, now)
        for row in self.engine.due(now):
            if not (row.mode is Mode.APPROVE and row.status is OutboxStatus.REVIEW):
                await self._guarded(self._carry_out, row, now)

    def next_wake(self) -> datetime | None:
        """When `run` next has something to do, as far as the rows alone tell."""
        times = []
        for row in self.store.outbox(*OPEN_STATUSES):
            if row.status is OutboxStatus.PLANNED and row.mode in _REVIEWED:
                times.append(row.due_at - REVIEW_AHEAD)
            elif row.mode is Mode.APPROVE and row.status is OutboxStatus.REVIEW:
                continue  # waits for the user, not for a time
            elif not (self.sending_stopped and _sent_when_due(row)):
                times.append(row.due_at)
        wake = min(times, default=None)
        if wake is not None and self._paused_until is not None:
            return max(wake, self._paused_until)
        return wake

    async def _guarded(
        self, act: Callable[[OutboxItem, datetime], Awaitable[None]], row: OutboxItem, now: datetime
    ) -> None:
        """One row's work; its failure is that row's alone."""
        try:
            await act(row, now)
        except (ComposeError, TemplateError) as exc:
            failed = self._move(row, OutboxStatus.FAILED, now, f"cannot write this email: {exc}")
            await self._tell(failed, now)
        except ImapError as exc:
            # The row is as it was: a later run tries again, on a new connection.
            self._paused_until = now + IMAP_PAUSE
            log.warning("outbox.imap_failed", key=row.key, error=str(exc))
        else:
            self._paused_until = None

    async def _carry_out(self, row: OutboxItem, now: datetime) -> None:
        row = self._still_planned(row, now)
        if not row.status.is_open:
            return
        if row.mode is Mode.DRAFT:
            await self._file_once(row, self.folders.drafts, (r"\Draft",))
            self._move(row, OutboxStatus.DRAFTED, now)
        elif row.mode is Mode.NOTIFY:
            await self._file_once(row, self.folders.inbox)
            self._move(row, OutboxStatus.NOTIFIED, now)
        elif row.mode in _REVIEWED and row.status is OutboxStatus.PLANNED:
            await self._post_review(row, now)  # due before its review went out
        else:
            await self._send(row, now)

    def _still_planned(self, row: OutboxItem, now: datetime) -> OutboxItem:
        """The row composed, if the plan still wants it; else cancelled (and returned so)."""
        action = self.engine.still_planned(row.key, now)
        if action is None:
            reason = "no longer due: something changed since it was planned"
            return self._move(row, OutboxStatus.CANCELLED, now, reason)
        if row.message is None:
            pending = self.engine.plan(now) if action.application is None else ()
            message = self.drafter.compose(
                action, self.engine.apps, date=self._local(now), pending=pending
            )
            if row.mode is Mode.NOTIFY:
                self._mark_as_ours(message, row)
            self.store.attach_message(
                row.key,
                message_id=str(message["Message-ID"]),
                message=message.as_bytes(),
                subject=str(message["Subject"]),
                at=now,
            )
        return self._current(row)

    async def _post_review(self, row: OutboxItem, now: datetime) -> None:
        """Put the review message in the INBOX, once, and wait for the user's answer."""
        row = self._still_planned(row, now)
        if row.status is not OutboxStatus.PLANNED:
            return
        calendar = self.drafter.situation.calendar
        if row.mode is Mode.QUEUE and row.due_at < now + LEAST_NOTICE:
            later = self.drafter.situation.window.next_opening(now + LEAST_NOTICE, calendar.zone)
            self.store.reschedule(row.key, later, at=now)
        # The token is kept before the APPEND: after a crash, the same review is found again.
        token = row.review_token or reviews.new_token()
        self.store.attach_review(row.key, token=token, uid=None, at=now)
        row = self._current(row)
        review = reviews.review_message(
            row,
            token=token,
            me=self.me,
            language=self.drafter.language,
            zone=calendar.zone.key,
            now=self._local(now),
        )
        found = await self.mailbox.find(
            self.folders.inbox, reviews.notice_id(reviews.NoticeKind.REVIEW, token, self.me)
        )
        uid = found[0] if found else await self.mailbox.append(self.folders.inbox, review)
        self.store.attach_review(row.key, token=token, uid=uid, at=now)
        self._move(row, OutboxStatus.REVIEW, now)

    async def _send(self, row: OutboxItem, now: datetime) -> None:
        if self.sending_stopped or row.message is None:
            return
        if not self.store.move_outbox(row.key, OutboxStatus.SENDING, expected=row.status, at=now):
            return  # the user (or a CLI command) moved it first
        sending = self._current(row)
        try:
            await self.sender.send(row.message, self.me, recipients_of(row.message))
        except SendError as exc:
            await self._not_sent(sending, row.status, exc, now)
        else:
            self._move(sending, OutboxStatus.SENT, now)
            await self._file_copy(row)

    async def _not_sent(
        self, row: OutboxItem, before: OutboxStatus, error: SendError, now: datetime
    ) -> None:
        """Settle a row whose SMTP exchange failed, by what the failure says."""
        if isinstance(error, TransientSendError):
            self._move(row, OutboxStatus.APPROVED, now, f"will try again: {error}")
            self.store.reschedule(row.key, now + RETRY_AFTER, at=now)
        elif isinstance(error, AuthenticationFailed | UntrustedServer):
            # Nothing left; nothing will until the user fixes the account and reloads.
            self._move(row, before, now)
            self.sending_stopped = str(error)
            log.error("outbox.sending_stopped", error=str(error))
            notice = reviews.sending_stopped_notice(
                str(error), token=reviews.new_token(), me=self.me,
                language=self.drafter.language, now=self._local(now),
            )  # fmt: skip
            await self._append_notice(notice, row.key)
        else:
            # 5xx: refused for good; a connection lost after DATA: it may have left.
            uncertain = isinstance(error, DeliveryUncertain)
            to = OutboxStatus.UNCERTAIN if uncertain else OutboxStatus.FAILED
            await self._tell(self._move(row, to, now, str(error)), now)

    async def _file_copy(self, row: OutboxItem) -> None:
        """A copy in Sent, unless the server filed one itself (sent_copy: auto)."""
        if self.sent_copy == "never" or row.message is None or row.message_id is None:
            return
        try:
            if self.sent_copy == "auto" and await self.mailbox.find(
                self.folders.sent, row.message_id
            ):
                return
            await self.mailbox.append(self.folders.sent, row.message, (r"\Seen",))
        except ImapError as exc:
            # The email went; only the copy is missing, and the log says so.
            log.warning("outbox.no_sent_copy", key=row.key, error=str(exc))

    async def _file_once(self, row: OutboxItem, folder: str, flags: Sequence[str] = ()) -> None:
        """APPEND the row's message unless a run cut short by a crash did already."""
        if row.message is None or row.message_id is None:
            raise ComposeError(f"{row.key}: nothing composed to file")
        if not await self.mailbox.find(folder, row.message_id):
            await self.mailbox.append(folder, row.message, flags)

    async def _tell(self, row: OutboxItem, now: datetime) -> None:
        """A notice in the INBOX: this planned email was withdrawn, failed or is in doubt."""
        notice = reviews.settled_notice(
            row,
            token=reviews.new_token(),
            me=self.me,
            language=self.drafter.language,
            now=self._local(now),
        )
        log.info("outbox.told", key=row.key, status=row.status.value, reason=row.reason)
        await self._append_notice(notice, row.key)

    async def _append_notice(self, notice: bytes, key: str | None) -> None:
        try:
            await self.mailbox.append(self.folders.inbox, notice)
        except ImapError as exc:
            log.warning("outbox.notice_not_filed", key=key, error=str(exc))

    def _move(
        self, row: OutboxItem, to: OutboxStatus, now: datetime, reason: str | None = None
    ) -> OutboxItem:
        """Move a row on from the status it has (if nobody moved it first); the row now."""
        moved = self.store.move_outbox(row.key, to, expected=row.status, at=now, reason=reason)
        if moved:
            log.info("outbox.moved", key=row.key, status=to.value, reason=reason)
        return self._current(row)

    def _mark_as_ours(self, message: EmailMessage, row: OutboxItem) -> None:
        """A message to the user reads as afterview's, and joins its application's thread."""
        message["Auto-Submitted"] = "auto-generated"
        message["X-Afterview"] = row.rule
        subject = str(message["Subject"] or "")
        if not subject.startswith(reviews.PREFIX):
            del message["Subject"]
            message["Subject"] = f"{reviews.PREFIX} {subject}"
        if row.application_id and message["In-Reply-To"] is None:
            thread = reviews.thread_id(row.application_id, self.me)
            message["In-Reply-To"] = message["References"] = thread

    def _local(self, now: datetime) -> datetime:
        """`now` in the user's zone: the Date of what afterview writes reads as theirs."""
        return now.astimezone(self.drafter.situation.calendar.zone)

    def _current(self, row: OutboxItem) -> OutboxItem:
        return self.store.outbox_item(row.key) or row


def _sent_when_due(row: OutboxItem) -> bool:
    """Whether a row's next step is SMTP."""
    return row.mode is Mode.AUTO or row.status in {OutboxStatus.APPROVED, OutboxStatus.REVIEW}


def recipients_of(message: bytes) -> list[str]:
    """The envelope recipients of a composed email: its To, Cc and Bcc addresses."""
    headers = BytesHeaderParser(policy=default).parsebytes(message)
    fields = [str(value) for name in ("To", "Cc", "Bcc") for value in headers.get_all(name, [])]
    return [address for _name, address in getaddresses(fields) if address]
