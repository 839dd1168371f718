"""Where each message the watchers hand over goes.

In this order (bulk mail whose headers settle it arrives without a body, and is
passed over: see `parsers.screening`):
1. afterview's own notices in the INBOX: not mail to file; a review's UID is noted;
2. replies naming a review message: the user's answer (`answers.read_answer`
   decides whether it counts), never filed as application mail;
3. the user's replies to a notes prompt: the notes of that interview;
4. everything else: parsed and filed by the Engine. A draft of afterview's that
   the user sent from their client is marked sent when it shows up in Sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses

import structlog

from afterview.daemon import reviews
from afterview.daemon.answers import Ignored, read_answer
from afterview.daemon.approvals import Approvals
from afterview.daemon.engine import Engine
from afterview.daemon.mailbox import Folders
from afterview.daemon.records import Mode, OutboxItem, OutboxStatus
from afterview.daemon.watcher import Fetched
from afterview.parsers.mime import Mail, message_ids
from afterview.parsers.parse import parse_message
from afterview.parsers.reading import new_text
from afterview.parsers.replytext import reply_text
from afterview.policies.ingest import message_info
from afterview.policies.notes import notes_event

log = structlog.get_logger(__name__)

NOTES_RULE = "notes_prompt"


class Intake:
    """Routes handed-over messages; `changed` is called whenever the plan may have moved."""

    def __init__(
        self,
        engine: Engine,
        approvals: Approvals,
        folders: Folders,
        *,
        clock: Callable[[], datetime],
        changed: Callable[[], None],
    ) -> None:
        self.engine = engine
        self.approvals = approvals
        self.folders = folders
        self.clock = clock
        self.changed = changed

    @property
    def me(self) -> str:
        """The account's own address."""
        return self.engine.tracker.situation.me.email or ""

    async def on_message(self, fetched: Fetched) -> None:
        """Route one message; never raises for a message it cannot read (the watcher logs)."""
        now = self.clock()
        if fetched.headers_only:
            # Bulk mail its headers settle (parsers.screening): nothing to file.
            log.debug("intake.skipped", folder=fetched.folder, uid=fetched.uid)
            return
        headers = BytesHeaderParser(policy=compat32).parsebytes(fetched.raw)
        message_id = (headers["Message-ID"] or "").strip()
        if fetched.redelivered and message_id and self.engine.store.has_evidence(message_id):
            log.info("intake.already_filed", uid=fetched.uid, message_id=message_id)
            return
        from_me = _sender(headers) == self.me.casefold()
        if from_me and headers["X-Afterview"] is not None:
            self._own_notice(fetched, message_id, now)
        elif any(reviews.review_tokens(ref) for ref in _referenced(headers)):
            self._answer(fetched, now)
        elif from_me and (prompt := self._notes_prompt(headers)) is not None:
            self._notes(fetched, prompt, now)
        else:
            self._file(fetched, now)

    def _own_notice(self, fetched: Fetched, message_id: str, now: datetime) -> None:
        """A review message: its UID noted if the APPEND gave none, and its flags read at
        once when the user flagged it before the watcher first saw it."""
        if fetched.folder != self.folders.inbox:
            return
        for token in reviews.review_tokens(message_id):
            row = self.engine.store.outbox_by_token(token)
            if row is not None and row.review_uid is None:
                self.engine.store.attach_review(row.key, token=token, uid=fetched.uid, at=now)
            if fetched.flags & {r"\Flagged", r"\Deleted"}:
                self.changed()

    def _answer(self, fetched: Fetched, now: datetime) -> None:
        zone = self.engine.context.user_tz
        answer = read_answer(fetched.raw, me=self.me, tokens=self.approvals.waiting(), user_tz=zone)
        if isinstance(answer, Ignored):
            log.warning("review.reply_ignored", uid=fetched.uid, reason=answer.reason)
            return
        self.approvals.answer(answer, now)
        self.changed()

    def _notes_prompt(self, headers: Message) -> OutboxItem | None:
        """The notes prompt this message replies to, if it replies to one."""
        for ref in _referenced(headers):
            for message_id in message_ids(ref):
                row = self.engine.store.outbox_by_message_id(message_id)
                if row is not None and row.rule == NOTES_RULE and row.application_id:
                    return row
        return None

    def _notes(self, fetched: Fetched, prompt: OutboxItem, now: datetime) -> None:
        app = self.engine.apps.get(prompt.application_id or "")
        if app is None:
            return
        facts = parse_message(fetched.raw, self.engine.context)
        text = new_text(reply_text(Mail(fetched.raw)))
        calendar = self.engine.tracker.situation.calendar
        event = notes_event(
            app,
            text,
            message_info(facts, fetched.internal_date or now),
            user_tz=calendar.zone,
            holidays=calendar.holidays,
        )
        self.engine.record(event)
        log.info("intake.notes", application=app.id, uid=fetched.uid)
        self.changed()

    def _file(self, fetched: Fetched, now: datetime) -> None:
        filed = self.engine.file(fetched.raw, fetched.internal_date or now)
        event = filed.ingested.event if filed.ingested else None
        log.info(
            "intake.filed",
            folder=fetched.folder,
            uid=fetched.uid,
            kind=filed.facts.kind.value,
            application=event.application if event else None,
        )
        message_id = filed.facts.message_id
        row = self.engine.store.outbox_by_message_id(message_id) if message_id else None
        if fetched.folder == self.folders.sent and row is not None and row.mode is Mode.DRAFT:
            # The user sent afterview's draft from their own client.
            self.engine.store.move_outbox(
                row.key, OutboxStatus.SENT, expected=OutboxStatus.DRAFTED, at=now
            )
        if event is not None:
            self.changed()


def _sender(headers: Message) -> str:
    found = getaddresses([str(headers["From"] or "")])
    return found[0][1].casefold() if len(found) == 1 else ""


def _referenced(headers: Message) -> list[str]:
    """In-Reply-To, then References, as written."""
    return [str(v) for name in ("In-Reply-To", "References") for v in headers.get_all(name, [])]
