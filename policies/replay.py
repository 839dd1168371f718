"""Replay a mailbox through the policy under a virtual clock: what `afterview simulate` runs.

The same code the daemon runs (parse, ingest, match, fold, plan), with the
user taken to approve every draft and review at its planned time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from afterview.parsers.facts import Facts
from afterview.policies.applications import Application
from afterview.policies.ingest import interview_end
from afterview.policies.planner import Action, Done, Verdict
from afterview.policies.tracker import Tracker

_STATUS = {"draft": "drafted", "approve": "sent", "queue": "sent", "auto": "sent", None: "notified"}


@dataclass(frozen=True)
class Line:
    """One action as `simulate` reports it."""

    at: datetime
    rule: str
    mode: str | None
    application: str | None
    to: tuple[str, ...]
    status: str
    reason: str
    action: Action
    #: The applications the action was carried out on, as they stood then: its own, or
    #: every one for a weekly message. A letter describes them as they were, not as the
    #: replay left them.
    apps: Mapping[str, Application] = field(default_factory=dict, compare=False, repr=False)
    #: The plan at that moment (for a weekly message): what the digest says comes next.
    pending: tuple[Action, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Note:
    """Something the replay noticed about a message: skipped, unmatched, ambiguous."""

    at: datetime
    message_id: str | None
    text: str


@dataclass
class Replay:
    """A virtual-clock run; `lines` and `notes` fill as it goes."""

    tracker: Tracker
    lines: list[Line] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    planned: set[str] = field(default_factory=set)

    @property
    def apps(self) -> dict[str, Application]:
        """The applications as they stand."""
        return self.tracker.apps

    def run(self, facts: Iterable[Facts], start: datetime, until: datetime) -> None:
        """Replay messages in Date order, acting on every due action until `until`."""
        pending = sorted((f for f in facts if f.sent_at), key=lambda f: f.sent_at or start)
        now, index = start, 0
        while now <= until:
            while index < len(pending) and (pending[index].sent_at or now) <= now:
                self._receive(pending[index], now)
                index += 1
            actions = self._tick(now)
            arrival = pending[index].sent_at if index < len(pending) else None
            upcoming = self._next_due(actions, now)
            candidates = [t for t in (arrival, upcoming) if t is not None and t > now]
            if not candidates:
                break
            now = min(candidates)

    def _receive(self, facts: Facts, now: datetime) -> None:
        self._tick(now)
        result = self.tracker.receive(facts, now)
        if result.event is None and result.kind is not None:
            self.notes.append(Note(now, facts.message_id, f"not filed: {result.match.how}"))

    def _tick(self, now: datetime) -> tuple[Action, ...]:
        """Let time act: interviews end, every action due by now is carried out; what is left."""
        self.tracker.pass_time(now)
        while True:
            actions = self.tracker.plan(now)
            self.planned |= {a.key for a in actions if a.verdict is Verdict.PLANNED}
            due = [a for a in actions if a.due <= now]
            if not due:
                return actions
            for action in due:
                self._carry_out(action, actions)

    def _carry_out(self, action: Action, plan: tuple[Action, ...]) -> None:
        if action.verdict is Verdict.PLANNED:
            status = _STATUS[action.mode]
        elif action.verdict is Verdict.NOTIFY:
            status = "notified"
        else:
            status = "cancelled" if action.key in self.planned else "skipped"
        final = action.verdict is not Verdict.PLANNED
        self.tracker.done[action.key] = Done(action.due, final=final)
        to = (action.recipient.email,) if action.recipient.email else ()
        # One application's snapshot per line, all of them only for the weekly digest:
        # a long replay keeps what its letters need, not the whole state at every step.
        if action.application is None:
            apps, pending = dict(self.apps), plan
        else:
            apps, pending = {action.application: self.apps[action.application]}, ()
        self.lines.append(
            Line(
                action.due,
                action.rule,
                action.mode,
                action.application,
                to,
                status,
                action.reason,
                action,
                apps,
                pending,
            )
        )

    def _next_due(self, actions: tuple[Action, ...], now: datetime) -> datetime | None:
        times = [a.due for a in actions if a.due > now]
        times += [t for app in self.apps.values() if (t := interview_end(app)) and t > now]
        return min(times, default=None)
