"""The values the store keeps: plain frozen dataclasses, with enums for every closed set."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from afterview.policies.events import EventSource

__all__ = [
    "OPEN_STATUSES",
    "ApplicationRecord",
    "Contact",
    "Event",
    "EventSource",
    "FolderCursor",
    "Mode",
    "OutboxItem",
    "OutboxState",
    "OutboxStatus",
]


class Mode(enum.StrEnum):
    """How a planned message reaches its recipient."""

    DRAFT = "draft"
    APPROVE = "approve"
    QUEUE = "queue"
    AUTO = "auto"
    NOTIFY = "notify"  # a message to the user's own inbox: a prompt, a digest, a warning


class OutboxStatus(enum.StrEnum):
    """Where a planned action stands. `sending` is the one state a crash can leave behind."""

    PLANNED = "planned"
    DRAFTED = "drafted"
    REVIEW = "review"
    APPROVED = "approved"
    SENDING = "sending"
    SENT = "sent"
    UNCERTAIN = "uncertain"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"  # due, but a stop condition held before anything was written
    FAILED = "failed"
    NOTIFIED = "notified"

    @property
    def is_final(self) -> bool:
        """Whether the action is over: nothing will be done for it any more."""
        return self in _FINAL

    @property
    def is_open(self) -> bool:
        """Whether the action still waits for its time or for the user."""
        return self in OPEN_STATUSES


_FINAL = frozenset(
    {
        OutboxStatus.SENT,
        OutboxStatus.DRAFTED,
        OutboxStatus.NOTIFIED,
        OutboxStatus.CANCELLED,
        OutboxStatus.SKIPPED,
        OutboxStatus.FAILED,
    }
)
#: Actions still waiting for their time or for the user's answer.
OPEN_STATUSES = (OutboxStatus.PLANNED, OutboxStatus.REVIEW, OutboxStatus.APPROVED)


@dataclass(frozen=True)
class FolderCursor:
    """How far a folder has been read: its UIDVALIDITY, the last UID, the last MODSEQ."""

    folder: str
    uidvalidity: int
    last_uid: int = 0
    highest_modseq: int | None = None


@dataclass(frozen=True)
class ApplicationRecord:
    """One job application as stored; its state is rebuilt from events by policies/."""

    id: str
    company: str
    role: str | None
    state: str
    round: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Contact:
    """A person at the employer, in one role for one application."""

    application_id: str
    email: str
    role: str
    name: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Event:
    """One entry of the append-only log, with the evidence that caused it."""

    application_id: str | None
    at: datetime
    kind: str
    source: EventSource
    evidence: str
    data: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True)
class OutboxItem:
    """A planned action. `key` (application, rule, round, attempt, recipient) is unique."""

    key: str
    application_id: str | None  # None: about no one application (the digest)
    rule: str
    mode: Mode
    recipient: str
    due_at: datetime
    status: OutboxStatus = OutboxStatus.PLANNED
    message_id: str | None = None
    message: bytes | None = None
    reason: str | None = None
    updated_at: datetime | None = None
    round: int = 0
    attempt: int = 1
    #: When the action was first planned: the last check before sending asks who wrote since.
    planned_at: datetime | None = None
    subject: str | None = None
    #: The secret in the review message's Message-ID: a reply must quote it to count.
    review_token: str | None = None
    #: The review message's UID in the INBOX, to see it flagged or deleted.
    review_uid: int | None = None
    #: Put off by the user (`afterview snooze`) until then: re-planning never moves it sooner.
    snoozed_until: datetime | None = None


@dataclass(frozen=True)
class OutboxState:
    """Where an outbox row stands, without its message: what planning needs of every row."""

    key: str
    status: OutboxStatus
    #: When its status last changed.
    updated_at: datetime
