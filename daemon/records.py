"""The values the store keeps: plain frozen dataclasses, with enums for every closed set."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from afterview.policies.events import EventSource

__all__ = [
    "ApplicationRecord",
    "Contact",
    "Event",
    "EventSource",
    "FolderCursor",
    "Mode",
    "OutboxItem",
    "OutboxStatus",
]


class Mode(enum.StrEnum):
    """How a planned message reaches its recipient."""

    DRAFT = "draft"
    APPROVE = "approve"
    QUEUE = "queue"
    AUTO = "auto"


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
    FAILED = "failed"
    NOTIFIED = "notified"


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
    application_id: str
    rule: str
    mode: Mode
    recipient: str
    due_at: datetime
    status: OutboxStatus = OutboxStatus.PLANNED
    message_id: str | None = None
    message: bytes | None = None
    reason: str | None = None
    updated_at: datetime | None = None
