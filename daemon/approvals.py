"""The user's answers to review messages, carried out on the outbox.

An answer comes three ways: a reply (`answers.read_answer`), a flag on the review
message (send now), or the review message leaving the INBOX (deleted, archived,
moved: cancel). A UID that is gone is looked up again by the review's Message-ID
before anything is cancelled, so a UIDVALIDITY change or a server that renumbers
never reads as the user saying no.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Protocol

import structlog

from afterview.daemon import reviews
from afterview.daemon.answers import Answer, Cancel, Edit, Send, Snooze
from afterview.daemon.outbox import Outbox
from afterview.daemon.records import OPEN_STATUSES, Mode, OutboxItem, OutboxStatus
from afterview.policies.timing import wall_clock

log = structlog.get_logger(__name__)


class FlagReader(Protocol):
    """What approvals read from the IMAP account (daemon.mailbox.ImapMailbox)."""

    async def flags(self, folder: str, uids: Sequence[int]) -> dict[int, frozenset[str]]:
        """Flags by UID; a UID left out is gone from the folder."""

    async def find(self, folder: str, message_id: str) -> list[int]:
        """UIDs of the messages in `folder` with this Message-ID."""


class Approvals:
    """Turns the user's answers into outbox changes; the outbox's next run acts on them."""

    def __init__(self, outbox: Outbox, mailbox: FlagReader) -> None:
        self.outbox = outbox
        self.mailbox = mailbox

    def waiting(self) -> dict[str, OutboxItem]:
        """Open rows with a review message in the INBOX, by the token in its Message-ID."""
        return {
            row.review_token: row
            for row in self.outbox.store.outbox(*OPEN_STATUSES)
            if row.review_token and row.status is not OutboxStatus.PLANNED
        }

    def answer(self, answer: Answer, now: datetime) -> None:
        """Carry out one answer to an open review."""
        row = self.outbox.store.outbox_item(answer.key)
        if row is None or not row.status.is_open:
            log.info("review.answer_too_late", key=answer.key)
            return
        match answer:
            case Send():
                self._approve(row, now, "you said send")
            case Cancel():
                self._settle(row, OutboxStatus.CANCELLED, now, "you cancelled it")
            case Snooze():
                self._snooze(row, answer, now)
            case Edit(text=text):
                self._edit(row, text, now)

    async def check_reviews(self, now: datetime) -> None:
        """Read the review messages' flags: flagged sends now, gone cancels."""
        rows = {row.review_uid: row for row in self.waiting().values() if row.review_uid}
        if not rows:
            return
        inbox = self.outbox.folders.inbox
        flags = await self.mailbox.flags(inbox, sorted(rows))
        log.debug("review.flags", flags={uid: sorted(f) for uid, f in flags.items()})
        for uid, row in rows.items():
            marks = flags.get(uid)
            if marks is None:
                await self._gone(row, now)
            elif r"\Deleted" in marks:
                self._settle(row, OutboxStatus.CANCELLED, now, "you deleted its review message")
            elif r"\Flagged" in marks and row.status is OutboxStatus.REVIEW:
                # Once: the flag stays on the message, and a retry must keep its own time.
                self._approve(row, now, "you flagged its review message")

    async def _gone(self, row: OutboxItem, now: datetime) -> None:
        """The review's UID is gone: moved away by the user, or only renumbered."""
        token = row.review_token or ""
        message_id = reviews.notice_id(reviews.NoticeKind.REVIEW, token, self.outbox.me)
        found = await self.mailbox.find(self.outbox.folders.inbox, message_id)
        if found:
            self.outbox.store.attach_review(row.key, token=token, uid=found[0], at=now)
            log.info("review.renumbered", key=row.key, uid=found[0])
            return
        self._settle(row, OutboxStatus.CANCELLED, now, "you moved its review message away")

    def _approve(self, row: OutboxItem, now: datetime, why: str) -> None:
        store = self.outbox.store
        if row.status is not OutboxStatus.APPROVED:
            store.move_outbox(row.key, OutboxStatus.APPROVED, expected=row.status, at=now)
        store.reschedule(row.key, now, at=now)
        log.info("review.approved", key=row.key, why=why)

    def _settle(self, row: OutboxItem, to: OutboxStatus, now: datetime, why: str) -> None:
        if self.outbox.store.move_outbox(row.key, to, expected=row.status, at=now, reason=why):
            log.info("review.settled", key=row.key, status=to.value, why=why)

    def _snooze(self, row: OutboxItem, snooze: Snooze, now: datetime) -> None:
        situation = self.outbox.drafter.situation
        zone = situation.calendar.zone
        if snooze.until is not None:
            later = wall_clock(snooze.until, time(0), zone)
        else:
            later = now + (snooze.delta or timedelta(days=1))
        later = situation.window.next_opening(later, zone)
        self.outbox.store.reschedule(row.key, later, at=now)
        if row.status is OutboxStatus.APPROVED:
            # Approved, then snoozed: it waits for its new time as a queued email would.
            self.outbox.store.move_outbox(row.key, OutboxStatus.REVIEW, expected=row.status, at=now)
        log.info("review.snoozed", key=row.key, until=later.isoformat())

    def _edit(self, row: OutboxItem, text: str, now: datetime) -> None:
        """Keep the user's text as the email; approve mode takes an edit as a yes."""
        if row.message is None or row.message_id is None:
            return
        self.outbox.store.attach_message(
            row.key,
            message_id=row.message_id,
            message=reviews.with_text(row.message, text),
            subject=row.subject or "",
            at=now,
        )
        log.info("review.edited", key=row.key)
        if row.mode is Mode.APPROVE:
            self._approve(row, now, "you sent your own version")
