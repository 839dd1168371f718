"""The planner: (applications, policy, what is done, now) -> actions, each with a stable key.

Planning twice gives the same actions, so the daemon can re-plan after every
message, tick or policy change and merely reconcile its outbox. For each rule,
application, round and recipient the planner yields the next attempt not yet
done: planned with its due time, skipped because a stop condition holds, or
`notify` when it could not go out before its deadline (the user is told
instead of the employer being written to late).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from afterview.parsers.facts import Person
from afterview.policies import anchors
from afterview.policies.applications import Application, State
from afterview.policies.policy import Pause, Policy, Recipients, Rule, Stop
from afterview.policies.timing import WEEKDAYS, Calendar, SendWindow, wall_clock

# Nothing more goes out on its own once an application is settled this way.
_SILENT = frozenset({State.OFFER, State.WITHDRAWN, State.CLOSED})


class Verdict(enum.StrEnum):
    """What the planner says of an action."""

    PLANNED = "planned"
    SKIPPED = "skipped"
    NOTIFY = "notify"


@dataclass(frozen=True)
class Done:
    """An outbox key already acted on: when, and whether it went out."""

    at: datetime
    final: bool = False  # cancelled or skipped: no later attempt follows


@dataclass(frozen=True)
class Situation:
    """Everything the planner reads besides the policy."""

    applications: Mapping[str, Application]
    me: Person
    references: tuple[Person, ...]
    calendar: Calendar
    window: SendWindow
    since: datetime
    done: Mapping[str, Done] = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """One message the policy wants, to one person, at one time."""

    key: str
    rule: str
    application: str | None
    round: int
    attempt: int
    recipient: Person
    mode: str | None  # None: a message to the user's own inbox
    due: datetime
    verdict: Verdict = Verdict.PLANNED
    reason: str = ""
    template: str = ""
    language: str | None = None  # the rule's own; None: the employer's, else the user's


def plan(policy: Policy, situation: Situation, now: datetime) -> tuple[Action, ...]:
    """Every action the policy wants now, in due order."""
    actions: list[Action] = []
    for name, rule in policy.enabled().items():
        if rule.every is not None:
            actions += _weekly(name, rule, situation, now)
            continue
        for app in situation.applications.values():
            if app.state not in _SILENT:
                actions += _for_application(name, rule, app, situation, now)
    return tuple(sorted(actions, key=lambda a: (a.due, a.key)))


def action_key(app: str, rule: str, round_: int, attempt: int, recipient: str) -> str:
    """The outbox key: one row per application, rule, round, attempt and recipient."""
    return f"{app}/{rule}/round-{round_}/attempt-{attempt}/{recipient.lower()}"


def _weekly(name: str, rule: Rule, s: Situation, now: datetime) -> Iterator[Action]:
    """The latest occurrence due by now if not done yet (missed ones before it are dropped:
    one digest after a week away, not three), else the next one."""
    assert rule.every is not None  # noqa: S101 -- the caller checked
    zone, at = s.calendar.zone, rule.every.at
    local = s.since.astimezone(zone)
    day = local.date() + timedelta(days=(WEEKDAYS.index(rule.every.day) - local.weekday()) % 7)
    if wall_clock(day, at, zone) <= s.since:
        day += timedelta(days=7)
    while wall_clock(day + timedelta(days=7), at, zone) <= now:
        day += timedelta(days=7)
    if wall_clock(day, at, zone) <= now and f"{name}/{day.isoformat()}" in s.done:
        day += timedelta(days=7)
    key = f"{name}/{day.isoformat()}"
    if key not in s.done:
        due = wall_clock(day, at, zone)
        template = rule.template or name
        yield Action(
            key, name, None, 0, 1, s.me, None, due, template=template, language=rule.language
        )


def _for_application(
    name: str, rule: Rule, app: Application, s: Situation, now: datetime
) -> Iterator[Action]:
    assert rule.when is not None  # noqa: S101 -- every rule has `when` or `every`
    rounds = [r.number for r in app.rounds] if rule.each == "round" else [0]
    for number in rounds:
        if Stop.EMPLOYER_MESSAGE in rule.stop_on and 0 < number < app.round:
            continue  # a later round began: the employer has moved on from this one
        anchor = anchors.find(rule.when, app, number, s.calendar)
        if anchor is None:
            continue
        people = _recipients(rule, app, number, s)
        if not people:
            slot = _Slot(name, rule, app, number, Person())
            if slot.key(1, "nobody") not in s.done:
                reason = f"nobody to write to ({', '.join(rule.to)} unknown)"
                yield slot.action(1, "nobody", anchor.due, Verdict.SKIPPED, reason)
        for person in people:
            found = _next_attempt(_Slot(name, rule, app, number, person), anchor, s, now)
            if found is not None:
                yield found


@dataclass(frozen=True)
class _Slot:
    """One rule for one application, round and recipient: its attempts share these."""

    rule_name: str
    rule: Rule
    app: Application
    number: int
    person: Person

    def key(self, attempt: int, email: str | None = None) -> str:
        email = (self.person.email or "") if email is None else email
        return action_key(self.app.id, self.rule_name, self.number, attempt, email)

    def action(
        self, attempt: int, email: str | None, due: datetime, verdict: Verdict, reason: str
    ) -> Action:
        return Action(
            key=self.key(attempt, email),
            rule=self.rule_name,
            application=self.app.id,
            round=self.number,
            attempt=attempt,
            recipient=self.person,
            mode=self.rule.mode,
            due=due,
            verdict=verdict,
            reason=reason,
            template=self.rule.template or self.rule_name,
            language=self.rule.language,
        )


def _next_attempt(
    slot: _Slot, anchor: anchors.Anchored, s: Situation, now: datetime
) -> Action | None:
    rule, app, person = slot.rule, slot.app, slot.person
    since, due = anchor.moment, anchor.due
    for attempt in range(1, rule.max + 1):
        done = s.done.get(slot.key(attempt))
        if done is not None:
            if done.final or rule.spacing is None:
                return None  # settled, or a rule of one message (the policy needs spacing for more)
            since = done.at
            due = max(rule.spacing.after(done.at, s.calendar), anchor.due)
            continue
        stop = _stopped(rule, app, person, since, now, zone=s.calendar.zone)
        if stop:
            return slot.action(attempt, None, due, Verdict.SKIPPED, stop)
        due = _placed(rule, app, person, due, s)
        if rule.deadline is not None and due > rule.deadline.after(anchor.moment, s.calendar):
            reason = f"it could not go out within {rule.deadline}"
            return slot.action(attempt, None, due, Verdict.NOTIFY, reason)
        reason = anchor.reason if attempt == 1 else f"{rule.spacing} after the last one"
        return slot.action(attempt, None, due, Verdict.PLANNED, reason)
    return None


def _recipients(rule: Rule, app: Application, number: int, s: Situation) -> tuple[Person, ...]:
    """The first group in `to` that names anyone, without the user and without repeats."""
    me = (s.me.email or "").lower()
    for group in rule.to:
        people = anchors.people(group, app, number, s.references, s.me)
        unique = {(p.email or "").lower(): p for p in people if p.email}
        if group is not Recipients.ME:
            unique.pop(me, None)
        if unique:
            return tuple(unique.values())
    return ()


def _stopped(
    rule: Rule, app: Application, person: Person, since: datetime, now: datetime, *, zone: ZoneInfo
) -> str:
    """Why the message must not go (empty when nothing stops it); times in the user's `zone`,
    whatever offset the message that stops it was written with."""
    states = {Stop.OFFER: State.OFFER, Stop.REJECTION: State.REJECTED}
    states[Stop.WITHDRAWN] = State.WITHDRAWN
    for stop, state in states.items():
        if stop in rule.stop_on and app.state is state:
            return f"the application is {state.label}"
    if Stop.EMPLOYER_MESSAGE in rule.stop_on:
        wrote = anchors.employer_wrote_after(app, since, now)
        if wrote is not None:
            return f"the employer wrote on {wrote.astimezone(zone):%Y-%m-%d %H:%M}"
    if Stop.USER_SENT in rule.stop_on:
        wrote = anchors.user_wrote_after(app, person, since, now, per_person=_per_person(rule))
        if wrote is not None:
            return f"you already wrote on {wrote.astimezone(zone):%Y-%m-%d %H:%M}"
    return ""


def _per_person(rule: Rule) -> bool:
    return Recipients.INTERVIEWERS in rule.to[:1] or Recipients.REFERENCES in rule.to[:1]


def _placed(rule: Rule, app: Application, person: Person, due: datetime, s: Situation) -> datetime:
    """The due time after any out-of-office pause and the send window."""
    zone = _zone_of(app, person, s)
    if Pause.OUT_OF_OFFICE in rule.pause_on:
        back = anchors.away_until(app, person, due)
        if back is not None:
            due = max(due, wall_clock(back, time(0, 0), zone))
    window = rule.send_window(s.window)
    return window.next_opening(due, zone) if window is not None else due


def _zone_of(app: Application, person: Person, s: Situation) -> ZoneInfo:
    """The recipient's zone when the interview named one, else the user's."""
    email = (person.email or "").lower()
    if email in app.addresses:
        for round_ in reversed(app.rounds):
            if round_.zone:
                try:
                    return ZoneInfo(round_.zone)
                except (KeyError, ValueError):
                    break
    return s.calendar.zone
