"""What the user's commands mean, as values: the events `afterview add` and `afterview undo`
record, and the time `afterview snooze` puts an action off to.

Pure, like the rest of policies/: the applications and `now` come in, events and
times go out, and the daemon's CLI stores them through the Engine. Each event
is a user event whose evidence is the command as it could be typed again.
"""

from __future__ import annotations

import shlex
from collections.abc import Collection, Container, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from afterview.parsers.facts import Interview, Person
from afterview.parsers.timeline import stated_date
from afterview.policies.applications import Application, State, slug_for
from afterview.policies.events import AppEvent, EventKind, EventSource, interview_to_json
from afterview.policies.machine import transition
from afterview.policies.matcher import same_company, same_role
from afterview.policies.timing import Calendar, SendWindow, Wait, wall_clock

#: A snooze puts an action off by at most this much, as a snooze reply may.
LONGEST_SNOOZE = timedelta(days=366)


class CommandRefused(ValueError):
    """A command that cannot be carried out as given; the message says why and what to do."""


def person(text: str) -> Person:
    """`Jane Doe <jane@acme.com>`, `jane@acme.com` or a bare name (`Jane Doe`) as a Person."""
    text = text.strip()
    if text and "@" not in text and "<" not in text:
        return Person(name=text)
    name, email = parseaddr(text)
    local, _, domain = email.partition("@")
    if not (local and domain) or "@" in domain:
        raise CommandRefused(f"cannot read {text!r} as a person: write 'Jane Doe <jane@acme.com>'")
    return Person(name=name.strip() or None, email=email.lower())


def added(
    company: str,
    role: str | None,
    *,
    at: datetime,
    apps: Mapping[str, Application],
    taken: Collection[str] = (),
    contact: Person | None = None,
) -> AppEvent:
    """The event that opens an application the user adds by hand.

    Refused when one for the same company and role is already tracked: the daemon
    may have opened it from the employer's mail. `taken` holds ids in use besides
    `apps` (an application whose every event was undone keeps its id).
    """
    company, role = company.strip(), (role or "").strip() or None
    if not company:
        raise CommandRefused("give the company's name (--company)")
    for app in apps.values():
        if same_company(app.company, company) and _same_role(app.role, role):
            raise CommandRefused(
                f"{app.company}, {app.role or 'no role'} is tracked already as {app.id}; "
                f"add an interview to it with: afterview add {app.id} --at ..."
            )
    app_id = slug_for(company, role, taken={*apps, *taken})
    data: dict[str, object] = {"company": company, "role": role}
    words = ["afterview", "add", "--company", company]
    if role:
        words += ["--role", role]
    if contact is not None:
        data["status_contact"] = _person_json(contact)
        words += ["--contact", _written(contact)]
    return AppEvent(app_id, EventKind.ADDED, at, EventSource.USER, shlex.join(words), data=data)


def _same_role(known: str | None, named: str | None) -> bool:
    if known is None or named is None:
        return known is named
    return same_role(known, named)


def scheduled(
    app: Application,
    start: datetime,
    *,
    at: datetime,
    minutes: int = 60,
    interviewers: Sequence[Person] = (),
    url: str | None = None,
) -> AppEvent:
    """The event of an interview the user tells: a new round, or the new time of the
    round being arranged (as a confirmation by mail would be)."""
    if transition(EventKind.SCHEDULED, app.state) is None:
        raise CommandRefused(
            f"{app.id} is {app.state.label}: an interview cannot be added to it"
            " (afterview undo, if that state is a mistake)"
        )
    if start.tzinfo is None:
        raise ValueError("the interview's start needs a time zone")
    if minutes <= 0:
        raise CommandRefused(f"an interview lasts a positive number of minutes, not {minutes}")
    zone = start.tzinfo.key if isinstance(start.tzinfo, ZoneInfo) else None
    interview = Interview(
        start=start,
        end=start + timedelta(minutes=minutes),
        timezone=zone,
        url=url or None,
        interviewers=tuple(interviewers),
    )
    words = ["afterview", "add", app.id, "--at", start.isoformat(), "--minutes", str(minutes)]
    for p in interviewers:
        words += ["--interviewer", _written(p)]
    if url:
        words += ["--url", url]
    data = {"interview": interview_to_json(interview)}
    return AppEvent(app.id, EventKind.SCHEDULED, at, EventSource.USER, shlex.join(words), data=data)


def decision_date(
    text: str, said_at: datetime, *, user_tz: tzinfo, holidays: Container[date] = frozenset()
) -> date:
    """The day a timeline the user heard comes to: "two weeks", "by Friday", "2026-03-20",
    counted from when it was said, as a `timeline:` line in a notes reply is."""
    day = stated_date(text, said_at, user_tz=user_tz, holidays=holidays)
    if day is None:
        raise CommandRefused(
            f"cannot read a date in {text!r}: write 'two weeks', 'end of next week' or 2026-03-20"
        )
    return day


def timeline_set(
    app: Application, decision_by: date, *, at: datetime, heard: str | None = None
) -> AppEvent:
    """The event of a decision date the user tells (`heard` as they wrote it, if they gave
    a timeline rather than a date): it beats dates stated in mail written before."""
    option = ["--timeline", heard] if heard else ["--decision-by", decision_by.isoformat()]
    data = {"decision_by": decision_by.isoformat()}
    if heard:
        data["timeline"] = heard
    words = ["afterview", "add", app.id, *option]
    return AppEvent(
        app.id, EventKind.TIMELINE_SET, at, EventSource.USER, shlex.join(words), data=data
    )


def last_transition(app: Application) -> AppEvent | None:
    """The latest event of the history that the state machine's table acted on."""
    state, last = State.APPLIED, None
    for event in app.history:
        cell = transition(event.kind, state)
        if cell is not None:
            state, last = cell[0], event
    return last


def undo(app: Application, *, at: datetime) -> AppEvent:
    """The event that takes back the application's last transition (`rebuild` drops it)."""
    last = last_transition(app)
    if last is None:
        raise CommandRefused(
            f"nothing to undo: no event has changed the state of {app.id} ({app.state.label})"
        )
    if last.id is None:
        raise ValueError(f"the event to undo was never stored: {last}")
    words = ["afterview", "undo", app.id]
    data = {"event": last.id, "kind": last.kind.value}
    return AppEvent(app.id, EventKind.UNDONE, at, EventSource.USER, shlex.join(words), data=data)


def snoozed_until(
    text: str,
    *,
    due: datetime,
    now: datetime,
    calendar: Calendar,
    window: SendWindow | None,
) -> datetime:
    """When an action put off by `text` falls due: a wait (`2h`, `3d`, `1w`, `2 business
    days`) after its due time (after now when it is overdue), or a day or time in the
    user's zone (`2026-03-20`, `2026-03-20 14:00`); then the send window's next opening."""
    base = max(due, now)
    try:
        wait: Wait | None = Wait.parse(text)
    except ValueError:
        wait = None
    if wait is not None:
        if wait.amount <= 0:
            raise CommandRefused(f"a snooze puts an action off by some time, not {text!r}")
        later = wait.after(base, calendar)
    else:
        later = _moment(text, calendar.zone)
    if window is not None:
        later = window.next_opening(later, calendar.zone)
    if later <= base:
        shown = base.astimezone(calendar.zone)
        raise CommandRefused(f"{text!r} is not later than {shown:%Y-%m-%d %H:%M}, when it is due")
    if later - base > LONGEST_SNOOZE:
        raise CommandRefused(f"a snooze is at most a year, and {text!r} is further")
    return later


def _moment(text: str, zone: ZoneInfo) -> datetime:
    """A day (at 00:00) or a time, in `zone` unless it names an offset."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        pass
    else:
        return wall_clock(day, time(0), zone)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandRefused(
            f"cannot read {text!r}: give a wait (2h, 3d, 1w) or a date (2026-03-20)"
        ) from None
    return wall_clock(moment.date(), moment.time(), zone) if moment.tzinfo is None else moment


def _person_json(p: Person) -> dict[str, str | None]:
    return {"name": p.name, "email": p.email, "title": p.title}


def _written(p: Person) -> str:
    if p.name and p.email:
        return f"{p.name} <{p.email}>"
    return p.email or p.name or ""
