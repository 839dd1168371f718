"""The applications as events arrive, and the actions they call for: the core the daemon
and `afterview simulate` share.

A Tracker folds events into applications and asks the planner what is due. It
keeps no clock and does no I/O: the daemon feeds it messages and the real time
and persists every event it records (through `on_event`); the Replay feeds it a
mailbox under a virtual clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from afterview.parsers.facts import Facts
from afterview.policies.applications import Application
from afterview.policies.events import AppEvent
from afterview.policies.ingest import Ingested, clock_events, ingest
from afterview.policies.machine import apply, new_application
from afterview.policies.planner import Action, Done, Situation, plan
from afterview.policies.policy import Policy


@dataclass
class Tracker:
    """Applications rebuilt from events, with what has been done; `plan` says what is next."""

    policy: Policy
    situation: Situation
    me: frozenset[str]
    #: Called with each event before it is applied; returns it as kept (the daemon's store
    #: numbers it), so the history holds the stored event.
    on_event: Callable[[AppEvent], AppEvent] | None = None
    apps: dict[str, Application] = field(default_factory=dict)
    done: dict[str, Done] = field(default_factory=dict)

    def receive(
        self, facts: Facts, now: datetime, *, note: Mapping[str, Any] | None = None
    ) -> Ingested:
        """File a parsed message: the event it makes, if any, is recorded with `note` in its
        data (the daemon marks its own sent mail `{"outbox": key}` this way)."""
        result = ingest(facts, self.apps, self.me, now)
        if result.event is not None:
            event = result.event
            if note:
                event = replace(event, data={**event.data, **note})
                result = replace(result, event=event)
            self.record(event)
        return result

    def record(self, event: AppEvent) -> None:
        """Apply one event to its application (opening it if new)."""
        if self.on_event is not None:
            event = self.on_event(event)
        app = self.apps.get(event.application) or new_application(event)
        self.apps[event.application] = apply(app, event)

    def pass_time(self, now: datetime) -> list[AppEvent]:
        """Record what time alone has made happen by `now`: interviews that ended."""
        events = clock_events(self.apps, now)
        for event in events:
            self.record(event)
        return events

    def plan(self, now: datetime, done: Mapping[str, Done] | None = None) -> tuple[Action, ...]:
        """Every action the policy wants now, given what is done."""
        situation = replace(
            self.situation, applications=self.apps, done=self.done if done is None else done
        )
        return plan(self.policy, situation, now)
