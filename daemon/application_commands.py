"""`afterview add` (an application, an interview or a timeline, told by hand) and
`afterview undo APP` (take back the application's last transition).

Both record user events through an Engine on the store, as the daemon records
what mail says, so the application's row follows and a running daemon rebuilds
its applications from the log (`Engine.refresh`) before it next plans. What the
events hold is decided in `policies/commands.py`; this module reads the options.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from afterview.daemon.commandline import config_option
from afterview.daemon.parse_command import zone_option
from afterview.daemon.store_commands import (
    PICKED_UP,
    CommandFailed,
    Live,
    find_application,
    live_store,
    shown,
)
from afterview.parsers.facts import Person
from afterview.policies import commands
from afterview.policies.applications import Application
from afterview.policies.events import AppEvent, EventKind
from afterview.policies.machine import apply, new_application
from afterview.policies.timing import wall_clock


def _start(text: str, zone: ZoneInfo) -> datetime:
    """`2026-03-12 10:00` in `zone`, or a time with its own offset."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            f"expected a date and time such as '2026-03-12 10:00', got {text!r}", param_hint="--at"
        ) from None
    return wall_clock(moment.date(), moment.time(), zone) if moment.tzinfo is None else moment


def _people(texts: Sequence[str], option: str) -> list[Person]:
    try:
        return [commands.person(text) for text in texts]
    except commands.CommandRefused as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


@dataclass(frozen=True)
class _Told:
    """What `add` was told, as its options gave it."""

    company: str | None = None
    role: str | None = None
    contact: str | None = None
    at: str | None = None
    minutes: int | None = None
    interviewer: tuple[str, ...] = ()
    url: str | None = None
    tz: str | None = None
    timeline: str | None = None
    decision_by: datetime | None = None

    def given(self) -> set[str]:
        """The options given."""
        return {f.name for f in fields(self) if getattr(self, f.name) not in (None, ())}


def _check(app_name: str | None, told: _Told) -> None:
    """Refuse options that do not go together, before anything is read or written."""
    given = told.given()
    if app_name and "company" in given:
        raise click.UsageError("give APP (an application afterview knows) or --company, not both")
    if not app_name and "company" not in given:
        raise click.UsageError("give --company (a new application) or APP (one afterview knows)")
    if app_name and given & {"role", "contact"}:
        raise click.UsageError("--role and --contact describe a new application: use --company")
    if "at" not in given and given & {"minutes", "interviewer", "url", "tz"}:
        raise click.UsageError(
            "--minutes, --interviewer, --url and --tz describe an interview: give --at"
        )
    if {"timeline", "decision_by"} <= given:
        raise click.UsageError("give --timeline or --decision-by, not both")
    if app_name and not given & {"at", "timeline", "decision_by"}:
        raise click.UsageError(
            "nothing to add: give --at (an interview), --timeline or --decision-by"
        )


@click.command("add")
@click.argument("app_name", metavar="[APP]", required=False)
@click.option("--company", help="A new application: the employer's name.")
@click.option("--role", help="A new application: the position.")
@click.option("--contact", help="A new application: who to ask about status, 'Name <email>'.")
@click.option("--at", help="An interview's start, '2026-03-12 10:00' in your zone.")
@click.option("--minutes", type=click.IntRange(min=1, max=24 * 60), help="Its length [60].")
@click.option("--interviewer", multiple=True, help="'Jane Doe <jane@acme.com>'; repeatable.")
@click.option("--url", help="The video call's link.")
@click.option("--tz", callback=zone_option, help="The zone --at is in [default: yours].")
@click.option("--timeline", help="When they said they decide: 'two weeks', 'end of next week'.")
@click.option("--decision-by", type=click.DateTime(["%Y-%m-%d"]), help="The decision date itself.")
@config_option
def add(  # click passes each option by keyword
    *,
    app_name: str | None,
    config_path: Path | None,
    company: str | None,
    role: str | None,
    contact: str | None,
    at: str | None,
    minutes: int | None,
    interviewer: tuple[str, ...],
    url: str | None,
    tz: str | None,
    timeline: str | None,
    decision_by: datetime | None,
) -> None:
    """Tell afterview what it could not read in your mail: a new application (--company,
    --role, --contact), an interview on APP (--at, --minutes, --interviewer, --url), or when
    they will decide (--timeline, counted from the interview's start when --at is given,
    else from now; or --decision-by)."""
    told = _Told(company, role, contact, at, minutes, interviewer, url, tz, timeline, decision_by)
    _check(app_name, told)
    with live_store(config_path, create=True) as live:
        events = _events(live, app_name, told)
        for event in events:
            live.engine.record(event)
        app = live.engine.apps[events[0].application]
        zone = live.zone
    _report(app, events, zone)
    click.echo(PICKED_UP)


def _events(live: Live, app_name: str | None, told: _Told) -> list[AppEvent]:
    """Every event the command makes, checked in full before one is recorded."""
    start = _start(told.at, ZoneInfo(told.tz) if told.tz else live.zone) if told.at else None
    interviewers = _people(told.interviewer, "--interviewer")
    contact = _people([told.contact], "--contact")[0] if told.contact else None
    try:
        events: list[AppEvent] = []
        if app_name is None:
            taken = [record.id for record in live.store.applications()]
            opened = commands.added(
                told.company or "", told.role, at=live.now, apps=live.engine.apps, taken=taken,
                contact=contact,
            )  # fmt: skip
            events.append(opened)
            app = apply(new_application(opened), opened)
        else:
            app = find_application(live.engine.apps, app_name)
        if start is not None:
            event = commands.scheduled(
                app, start, at=live.now, minutes=told.minutes or 60, interviewers=interviewers,
                url=told.url,
            )  # fmt: skip
            events.append(event)
            app = apply(app, event)
        if day := _decision_day(live, told, start):
            events.append(commands.timeline_set(app, day, at=live.now, heard=told.timeline))
    except commands.CommandRefused as exc:
        raise CommandFailed(str(exc)) from None
    return events


def _decision_day(live: Live, told: _Told, start: datetime | None) -> date | None:
    """The decision date told, a timeline counted from the interview (or now)."""
    if told.decision_by is not None:
        return told.decision_by.date()
    if told.timeline is None:
        return None
    calendar = live.engine.tracker.situation.calendar
    return commands.decision_date(
        told.timeline, start or live.now, user_tz=calendar.zone, holidays=calendar.holidays
    )


def _report(app: Application, events: list[AppEvent], zone: ZoneInfo) -> None:
    for event in events:
        if event.kind is EventKind.ADDED:
            click.echo(f"Added {app.id}: {app.company}, {app.role or 'no role given'}.")
        elif event.kind is EventKind.SCHEDULED:
            interview = event.data["interview"]
            start = datetime.fromisoformat(interview["start"])
            end = datetime.fromisoformat(interview["end"])
            people = ", ".join(p["name"] or p["email"] for p in interview["interviewers"])
            click.echo(
                f"Interview on {app.id}: {shown(start, zone)}-{end.astimezone(zone):%H:%M}"
                + (f" with {people}" if people else "")
                + "."
            )
        else:
            click.echo(f"Decision expected by {event.data['decision_by']} on {app.id}.")
    round_ = f", round {app.round}" if app.round else ""
    click.echo(f"{app.id} is {app.state.label}{round_}.")


@click.command("undo")
@click.argument("app_name", metavar="APP")
@config_option
def undo(app_name: str, config_path: Path | None) -> None:
    """Take back APP's last transition (a misread rejection, a wrong interview): the event
    stays in the history, marked undone, and the state is rebuilt without it."""
    with live_store(config_path) as live:
        app = find_application(live.engine.apps, app_name)
        try:
            event = commands.undo(app, at=live.now)
        except commands.CommandRefused as exc:
            raise CommandFailed(str(exc)) from None
        [taken_back] = [e for e in app.history if e.id == event.data["event"]]
        live.engine.record(event)  # rebuilds without the undone event, and keeps the row
        after = live.engine.apps.get(app.id)
        zone = live.zone
    click.echo(
        f"Undid #{taken_back.id} {taken_back.kind.value} of {shown(taken_back.at, zone)}"
        f" ({taken_back.source.value}: {taken_back.evidence})."
    )
    if after is not None:
        click.echo(f"{app.id} was {app.state.label}; it is {after.state.label} again.")
    click.echo(PICKED_UP)
