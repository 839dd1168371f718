"""Replay a mailbox through the policy under a virtual clock: what `afterview simulate` runs.

The same code the daemon runs (parse, ingest, match, fold, plan), with the
user taken to approve every draft and review at its planned time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from afterview.parsers.facts import Facts
from afterview.policies.applications import Application
from afterview.policies.events import AppEvent
from afterview.policies.ingest import clock_events, ingest, interview_end
from afterview.policies.machine import apply, new_application
from afterview.policies.planner import Action, Done, Situation, Verdict, plan
from afterview.policies.policy import Policy

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


@dataclass(frozen=True)
class Note:
    """Something the replay noticed about a message: skipped, unmatched, ambiguous."""

    at: datetime
    message_id: str | None
    text: str


@dataclass
class Replay:
    """A virtual-clock run; `lines` and `notes` fill as it goes."""

    policy: Policy
    situation: Situation
    me: frozenset[str]
    lines: list[Line]
    notes: list[Note]
    on_event: Callable[[AppEvent], None] | None = None

    def __post_init__(self) -> None:
        self.apps: dict[str, Application] = {}
        self.done: dict[str, Done] = {}
        self.planned: set[str] = set()

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
        result = ingest(facts, self.apps, self.me, now)
        if result.event is None:
            if result.kind is not None:
                self.notes.append(Note(now, facts.message_id, f"not filed: {result.match.how}"))
            return
        self._record(result.event)

    def _record(self, event: AppEvent) -> None:
        app = self.apps.get(event.application) or new_application(event)
        self.apps[event.application] = apply(app, event)
        if self.on_event is not None:
            self.on_event(event)

    def _tick(self, now: datetime) -> tuple[Action, ...]:
        """Let time act: interviews end, every action due by now is carried out; what is left."""
        for event in clock_events(self.apps, now):
            self._record(event)
        while True:
            actions = self._plan(now)
            due = [a for a in actions if a.due <= now]
            if not due:
                return actions
            for action in due:
                self._carry_out(action)

    def _plan(self, now: datetime) -> tuple[Action, ...]:
        situation = replace(self.situation, applications=self.apps, done=self.done)
        actions = plan(self.policy, situation, now)
        self.planned |= {a.key for a in actions if a.verdict is Verdict.PLANNED}
        return actions

    def _carry_out(self, action: Action) -> None:
        if action.verdict is Verdict.PLANNED:
            status = _STATUS[action.mode]
        elif action.verdict is Verdict.NOTIFY:
            status = "notified"
        else:
            status = "cancelled" if action.key in self.planned else "skipped"
        final = action.verdict is not Verdict.PLANNED
        self.done[action.key] = Done(action.due, final=final)
        to = (action.recipient.email,) if action.recipient.email else ()
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
            )
        )

    def _next_due(self, actions: tuple[Action, ...], now: datetime) -> datetime | None:
        times = [a.due for a in actions if a.due > now]
        times += [t for app in self.apps.values() if (t := interview_end(app)) and t > now]
        return min(times, default=None)
