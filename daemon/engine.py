"""The daemon's bookkeeping: messages and time in; events and outbox rows out, in the store.

The Engine is the policies' Tracker with persistence. Every event it records is
appended to the store before anything acts on it, and the outbox is reconciled
with the planner's answer after every change: a new action gets a row (its key
is unique, so planning twice never adds a second), a planned row whose time moved
is rescheduled, and an open row the planner no longer wants is cancelled. What
to do about due rows (draft, review, send, notify) is the Outbox's job; the
Engine only says which rows are due. No network here, and no wall clock: `now`
is always given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from afterview.daemon.records import (
    OPEN_STATUSES,
    ApplicationRecord,
    Event,
    Mode,
    OutboxItem,
    OutboxState,
    OutboxStatus,
)
from afterview.daemon.store import Store
from afterview.parsers.facts import Facts
from afterview.parsers.parse import parse_message
from afterview.parsers.reading import Context
from afterview.policies.applications import Application
from afterview.policies.events import AppEvent, EventKind, from_record, to_record
from afterview.policies.ingest import Ingested
from afterview.policies.machine import new_application, rebuild
from afterview.policies.planner import Action, Done, Situation, Verdict
from afterview.policies.policy import Policy
from afterview.policies.tracker import Tracker

log = structlog.get_logger(__name__)

#: Actions due this long before afterview first started are still carried out: the mail
#: that called for them arrived just before, or late (a message dated before the start,
#: delivered after it). Older ones are history a backfill found, recorded as skipped.
HISTORY_GRACE = timedelta(days=1)

# Rows in these states went out (or may have): the next attempt counts from them.
_WENT_OUT = frozenset(
    {
        OutboxStatus.SENT,
        OutboxStatus.DRAFTED,
        OutboxStatus.NOTIFIED,
        OutboxStatus.SENDING,
        OutboxStatus.UNCERTAIN,
    }
)


#: Events that change which other events count, rather than adding one.
_REWRITES_HISTORY = frozenset({EventKind.UNDONE, EventKind.MERGED, EventKind.SPLIT})


@dataclass(frozen=True)
class Filed:
    """What became of one message: its facts and the event it made, if any."""

    facts: Facts
    ingested: Ingested | None  # None: afterview's own message to the user, not filed


class Engine:
    """Applications and the outbox, kept in the store as messages arrive and time passes."""

    def __init__(self, store: Store, policy: Policy, situation: Situation, context: Context):
        """`situation.since` is when afterview started watching: actions due well before it
        (`HISTORY_GRACE`) are history a backfill found, recorded as skipped, never carried
        out; deadlines settle the rest."""
        self.store = store
        self.context = context
        self.since = situation.since
        self.tracker = Tracker(policy, situation, context.me, on_event=self._persist)
        #: The newest event this Engine has read or written: a newer one is another
        #: process's (a CLI command's), and `refresh` rebuilds the applications for it.
        self._known_event = store.last_event_id()
        self.tracker.apps.update(rebuild(stored_events(store)))

    @property
    def apps(self) -> dict[str, Application]:
        """Every application as it stands."""
        return self.tracker.apps

    def refresh(self) -> bool:
        """Rebuild the applications from the store if the log grew beyond what this Engine
        wrote (a CLI command added, scheduled or undid something); whether it did."""
        latest = self.store.last_event_id()  # read first: a later event makes the next call see it
        if latest == self._known_event:
            return False
        apps = rebuild(stored_events(self.store))
        self.tracker.apps.clear()  # the same dict: whoever holds `apps` sees the new ones
        self.tracker.apps.update(apps)
        self._known_event = latest
        log.info("engine.refreshed", applications=len(apps), last_event=latest)
        return True

    def use_policy(self, policy: Policy) -> None:
        """Plan with a new policy from now on (after a reload); `reconcile` re-plans."""
        self.tracker.policy = policy

    # Messages and time ------------------------------------------------------------------

    def file(self, raw: bytes, now: datetime) -> Filed:
        """Parse one message and record the event it makes.

        Afterview's own sent mail (its Message-ID is an outbox row's) is recorded as
        sent by afterview, so it extends the thread without counting as the user writing
        by hand. Its own notices to the user are not filed at all.
        """
        self.refresh()
        facts = parse_message(raw, self.context)
        row = self.store.outbox_by_message_id(facts.message_id) if facts.message_id else None
        if row is not None and row.mode is Mode.NOTIFY:
            return Filed(facts, None)
        note = {"outbox": row.key} if row is not None else None
        ingested = self.tracker.receive(facts, now, note=note)
        if ingested.event is not None:
            self._sync(ingested.event)
        return Filed(facts, ingested)

    def record(self, event: AppEvent) -> None:
        """Record an event from elsewhere: a user command, a notes reply."""
        self.refresh()
        self.tracker.record(event)
        if event.kind in _REWRITES_HISTORY:
            # Undo, merge and split change which events count: only a rebuild applies them.
            self._known_event = -1
            self.refresh()
        self._sync(event)

    def pass_time(self, now: datetime) -> None:
        """Record what time has made happen: interviews that ended."""
        self.refresh()
        for event in self.tracker.pass_time(now):
            self._sync(event)

    # The outbox -------------------------------------------------------------------------

    def reconcile(self, now: datetime) -> list[OutboxItem]:
        """Bring the outbox in line with the plan. Returns the rows settled without being
        carried out that the user should hear about: a review withdrawn, a deadline missed."""
        self.refresh()
        # Every row's state, but only the open rows whole: settled history grows without end.
        states = self.store.outbox_states()
        open_rows = {row.key: row for row in self.store.outbox(*OPEN_STATUSES)}
        actions = self.tracker.plan(now, done=_done(states.values()))
        told = []
        for action in actions:
            known, row = action.key in states, open_rows.get(action.key)
            if not known and action.due < self.since - HISTORY_GRACE:
                reason = "due before afterview started watching"
                self.store.enqueue(outbox_row(action, OutboxStatus.SKIPPED, reason), now)
            elif action.verdict is Verdict.PLANNED:
                if not known:
                    self.store.enqueue(outbox_row(action), now)
                    log.info("outbox.planned", key=action.key, due=action.due.isoformat())
                elif row is not None and row.status is OutboxStatus.PLANNED:
                    self._reschedule(action, row, now)
            elif row is not None:
                # A stop condition holds (they wrote, an offer...): it is over, say why now.
                self.store.move_outbox(
                    row.key, OutboxStatus.CANCELLED, expected=row.status, at=now,
                    reason=action.reason,
                )  # fmt: skip
                if row.status is not OutboxStatus.PLANNED:
                    told.append(row)  # the user has its review in their inbox
            elif not known and action.due <= now:
                notify = action.verdict is Verdict.NOTIFY
                settled = outbox_row(
                    action, OutboxStatus.NOTIFIED if notify else OutboxStatus.SKIPPED
                )
                self.store.enqueue(settled, now)
                if notify:
                    told.append(settled)
        wanted = {a.key for a in actions}
        for row in open_rows.values():
            if row.key not in wanted:
                reason = "no longer planned (the policy or the application changed)"
                self.store.move_outbox(
                    row.key, OutboxStatus.CANCELLED, expected=row.status, at=now, reason=reason
                )
                log.info("outbox.cancelled", key=row.key, reason=reason)
        return told

    def plan(self, now: datetime) -> tuple[Action, ...]:
        """Every action the policy wants now, given the outbox: what the digest says comes next."""
        return self.tracker.plan(now, done=_done(self.store.outbox_states().values()))

    def still_planned(self, key: str, now: datetime) -> Action | None:
        """The action behind an outbox row if the plan still wants it now: the last check
        before anything goes out (an employer message, a stop condition, a policy change
        since it was planned all withdraw it)."""
        return next(
            (a for a in self.plan(now) if a.key == key and a.verdict is Verdict.PLANNED), None
        )

    def due(self, now: datetime) -> list[OutboxItem]:
        """Open rows whose time has come, soonest first."""
        return [row for row in self.store.outbox(*OPEN_STATUSES) if row.due_at <= now]

    def next_due(self) -> datetime | None:
        """When the next open row falls due, if any."""
        return min((row.due_at for row in self.store.outbox(*OPEN_STATUSES)), default=None)

    def _reschedule(self, action: Action, row: OutboxItem, now: datetime) -> None:
        """Move a planned row to the plan's time, which may have changed since."""
        # A snooze is the user's word: the plan's time moves the row, never before it.
        due = max(action.due, row.snoozed_until) if row.snoozed_until else action.due
        if row.due_at != due:
            self.store.reschedule(action.key, due, at=now)
            log.info("outbox.rescheduled", key=action.key, due=due.isoformat())

    def _persist(self, event: AppEvent) -> AppEvent:
        """Store an event before it is applied; the application's row first if it is new."""
        if self.store.application(event.application) is None:
            app = new_application(event)
            self.store.add_application(_application_record(app, event.at))
        event_id = self.store.append_event(_to_stored(event))
        if event_id == self._known_event + 1:
            self._known_event = event_id  # else another process wrote between: refresh sees it
        return event.with_id(event_id)

    def _sync(self, event: AppEvent) -> None:
        """The application's row after the event: its state and round, for the CLI."""
        app = self.tracker.apps[event.application]
        self.store.update_application(app.id, state=app.state.value, round=app.round, at=event.at)


def _done(rows: Iterable[OutboxState]) -> dict[str, Done]:
    """What the planner counts as done: rows that went out (or may have), and final ones."""
    done = {}
    for row in rows:
        if row.status in _WENT_OUT:
            done[row.key] = Done(row.updated_at)
        elif row.status.is_final:
            done[row.key] = Done(row.updated_at, final=True)
    return done


def outbox_row(
    action: Action, status: OutboxStatus = OutboxStatus.PLANNED, reason: str | None = None
) -> OutboxItem:
    """The outbox row for an action."""
    return OutboxItem(
        key=action.key,
        application_id=action.application,
        rule=action.rule,
        mode=Mode(action.mode) if action.mode else Mode.NOTIFY,
        recipient=action.recipient.email or "",
        due_at=action.due,
        status=status,
        reason=reason or action.reason or None,
        round=action.round,
        attempt=action.attempt,
    )


def _application_record(app: Application, at: datetime) -> ApplicationRecord:
    return ApplicationRecord(app.id, app.company, app.role, app.state.value, app.round, at, at)


def _to_stored(event: AppEvent) -> Event:
    return Event(
        application_id=event.application,
        at=event.at,
        kind=event.kind.value,
        source=event.source,
        evidence=event.evidence,
        data=to_record(event),
    )


def _from_stored(event: Event) -> AppEvent:
    return from_record(
        application=event.application_id or "",
        kind=event.kind,
        at=event.at,
        source=event.source.value,
        evidence=event.evidence,
        data=event.data,
        event_id=event.id,
    )


def stored_events(store: Store) -> Iterable[AppEvent]:
    """The log as policy events, oldest first."""
    return (_from_stored(e) for e in store.events() if e.application_id)
