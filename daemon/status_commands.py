"""`afterview status` (every application at a glance) and `afterview show APP` (one in full,
with the history and the evidence behind each step)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from afterview.daemon.commandline import config_option
from afterview.daemon.records import Event
from afterview.daemon.store_commands import (
    Live,
    Upcoming,
    find_application,
    iso,
    json_option,
    live_store,
    print_json,
    print_table,
    shown,
    upcoming,
    upcoming_json,
)
from afterview.parsers.facts import Person
from afterview.policies.applications import Application, Round
from afterview.policies.events import EventKind
from afterview.policies.planner import Verdict

# Mail that is no contact with anyone: a server's bounce, an automatic out-of-office.
_NOT_CONTACT = frozenset({EventKind.BOUNCED, EventKind.OUT_OF_OFFICE})


@click.command("status")
@config_option
@json_option
def status(config_path: Path | None, as_json: bool) -> None:
    """Every application: where it stands, what happens next and when, the last contact."""
    with live_store(config_path) as live:
        waiting = upcoming(live)
        apps = sorted(live.engine.apps.values(), key=lambda a: _order(a, waiting))
        records = [_summary(app, _next(app, waiting), live.zone) for app in apps]
    if as_json:
        print_json(records)
        return
    if not records:
        click.echo("No applications yet: afterview files them from your mail, or `afterview add`.")
        return
    columns = ("application", "company", "role", "state", "next", "when", "last contact")
    print_table("Applications", columns, [_status_row(r, live.zone) for r in records])


def _next(app: Application, waiting: Iterable[Upcoming]) -> Upcoming | None:
    mine = (u for u in waiting if u.action.application == app.id)
    return next((u for u in mine if u.action.verdict is Verdict.PLANNED), None)


def _order(app: Application, waiting: list[Upcoming]) -> tuple[bool, bool, float, str]:
    """Open applications first, the soonest next action first; then the settled ones."""
    coming = _next(app, waiting)
    due = coming.due.timestamp() if coming else 0.0
    return (not app.state.is_open, coming is None, due, app.id)


def _summary(app: Application, coming: Upcoming | None, zone: ZoneInfo) -> dict[str, Any]:
    contact = _last_contact(app)
    return {
        "id": app.id,
        "company": app.company,
        "role": app.role,
        "state": app.state.value,
        "state_label": app.state.label,
        "round": app.round,
        "decision_by": app.decision_by.isoformat() if app.decision_by else None,
        "next": upcoming_json(coming, zone) if coming else None,
        "last_contact": (
            {"at": iso(contact[0], zone), "by": contact[1]} if contact is not None else None
        ),
    }


def _status_row(record: dict[str, Any], zone: ZoneInfo) -> list[str]:
    coming, contact = record["next"], record["last_contact"]
    state = record["state_label"] + (f", round {record['round']}" if record["round"] else "")
    return [
        record["id"],
        record["company"],
        record["role"] or "-",
        state,
        f"{coming['rule']} to {coming['recipient']}" if coming else "-",
        shown(datetime.fromisoformat(coming["due"]), zone) if coming else "-",
        _contact_text(contact, zone),
    ]


def _contact_text(contact: dict[str, Any] | None, zone: ZoneInfo) -> str:
    if contact is None:
        return "-"
    return f"{datetime.fromisoformat(contact['at']).astimezone(zone):%a %Y-%m-%d} ({contact['by']})"


def _last_contact(app: Application) -> tuple[datetime, str] | None:
    """When mail last went between the user and the employer, and who wrote it."""
    found = [
        (e.message.sent_at, "you" if e.kind is EventKind.USER_SENT else "them")
        for e in app.history
        if e.message is not None and e.kind not in _NOT_CONTACT
    ]
    return max(found, default=None, key=lambda pair: pair[0])


@click.command("show")
@click.argument("app_name", metavar="APP")
@config_option
@json_option
def show(app_name: str, config_path: Path | None, as_json: bool) -> None:
    """One application in full: people, rounds, what comes next, and its history with the
    evidence behind each event (Message-ID, command, clock); undone events are marked."""
    with live_store(config_path) as live:
        app = find_application(live.engine.apps, app_name)
        record = _details(app, live)
    if as_json:
        print_json(record)
        return
    _print_details(record, live.zone)


def _details(app: Application, live: Live) -> dict[str, Any]:
    zone = live.zone
    coming = [u for u in upcoming(live) if u.action.application == app.id]
    return {
        **_summary(app, _next(app, coming), zone),
        "decision_told": app.decision_told,
        "contacts": [
            {"name": c.name, "email": c.email, "title": c.title, "role": c.role.value}
            for c in app.contacts
        ],
        "rounds": [_round_json(r, zone) for r in app.rounds],
        "upcoming": [upcoming_json(u, zone) for u in coming],
        "history": _history(app, live.store.events(), zone),
    }


def _round_json(round_: Round, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "number": round_.number,
        "start": iso(round_.start, zone),
        "end": iso(round_.end, zone),
        "zone": round_.zone,
        "location": round_.location,
        "url": round_.url,
        "interviewers": [_person_text(p) for p in round_.interviewers],
        "done": round_.done,
        "notes": round_.notes,
    }


def _history(app: Application, log: list[Event], zone: ZoneInfo) -> list[dict[str, Any]]:
    """The application's events as stored, merged-in ones too, each with what undid it."""
    undone_by = {e.data.get("event"): e.id for e in log if e.kind == EventKind.UNDONE.value}
    applied = {e.id for e in app.history}
    mine = [e for e in log if e.application_id == app.id or e.id in applied]
    return [
        {
            "id": e.id,
            "at": iso(e.at, zone),
            "kind": e.kind,
            "source": e.source.value,
            "evidence": e.evidence,
            "note": _note(e),
            "undone_by": undone_by.get(e.id),
        }
        for e in sorted(mine, key=lambda e: (e.at, e.id or 0))
    ]


def _note(event: Event) -> str:
    """A few words on what the event holds: a message's subject, what an undo took back."""
    if event.kind == EventKind.UNDONE.value:
        return f"takes back #{event.data.get('event')} ({event.data.get('kind', '?')})"
    if event.kind == EventKind.TIMELINE_SET.value:
        return f"decision by {event.data.get('decision_by')}"
    message = event.data.get("message")
    if isinstance(message, dict) and message.get("subject"):
        return str(message["subject"])
    return ""


def _print_details(record: dict[str, Any], zone: ZoneInfo) -> None:
    click.echo(f"{record['id']}: {record['company']}, {record['role'] or 'no role given'}")
    state = record["state_label"] + (f", round {record['round']}" if record["round"] else "")
    click.echo(f"  state         {state}")
    if record["decision_by"]:
        source = "you told it" if record["decision_told"] else "stated in their mail"
        click.echo(f"  decision by   {record['decision_by']} ({source})")
    click.echo(f"  last contact  {_contact_text(record['last_contact'], zone)}")
    click.echo("\nPeople")
    roles: dict[str, list[str]] = {}
    for c in record["contacts"]:
        who = _person_text(Person(c["name"], c["email"]))
        roles.setdefault(who, []).append(c["role"].replace("_", " "))
    for who, held in roles.items():
        click.echo(f"  {who}: {', '.join(held)}")
    if not roles:
        click.echo("  none known yet")
    click.echo("\nRounds")
    for r in record["rounds"]:
        _print_round(r, zone)
    if not record["rounds"]:
        click.echo("  none yet")
    click.echo("\nComing up")
    for u in record["upcoming"]:
        when = shown(datetime.fromisoformat(u["due"]), zone)
        click.echo(f"  {when}  {u['verdict']:<8} {u['rule']} to {u['recipient'] or '-'}"
                   f"  [{u['id']}]  {u['reason']}")  # fmt: skip
    if not record["upcoming"]:
        click.echo("  nothing")
    click.echo("")
    rows = [
        [
            f"#{e['id']}",
            shown(datetime.fromisoformat(e["at"]), zone),
            e["kind"] + (f" (undone by #{e['undone_by']})" if e["undone_by"] else ""),
            e["source"],
            e["evidence"],
            e["note"],
        ]
        for e in record["history"]
    ]
    print_table("History", ("event", "time", "kind", "source", "evidence", "note"), rows)


def _print_round(r: dict[str, Any], zone: ZoneInfo) -> None:
    start = datetime.fromisoformat(r["start"]) if r["start"] else None
    end = datetime.fromisoformat(r["end"]) if r["end"] else None
    when = shown(start, zone) + (f"-{end.astimezone(zone):%H:%M}" if end else "")
    held = " (held)" if r["done"] else ""
    click.echo(f"  {r['number']}  {when if start else 'no time fixed yet'}{held}")
    if r["interviewers"]:
        click.echo(f"     with {', '.join(r['interviewers'])}")
    for place in (r["location"], r["url"]):
        if place:
            click.echo(f"     at {place}")


def _person_text(p: Person) -> str:
    if p.name and p.email:
        return f"{p.name} <{p.email}>"
    return p.email or p.name or "?"
