"""What the commands on the live store share: opening it beside a running daemon, naming
applications and actions briefly, and showing times and tables.

The daemon may run while these commands read and write. The store is SQLite in
WAL mode with a busy timeout, so neither waits long for the other; events go
through an Engine like the daemon's, so the application row follows; the
daemon rebuilds its applications when the log grew (`Engine.refresh`) and reads
outbox rows fresh on every run, so a change reaches it within a minute.

The commands live in `status_commands.py` (status, show), `outbox_commands.py`
(queue, approve, cancel, snooze, plan) and `application_commands.py` (add, undo).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from afterview.daemon import paths
from afterview.daemon.commandline import EX_CANTCREAT, EX_CONFIG, EX_DATAERR, EX_NOINPUT
from afterview.daemon.engine import Engine
from afterview.daemon.parse_command import parser_context
from afterview.daemon.records import OutboxItem
from afterview.daemon.store import Store, StoreError
from afterview.daemon.userfiles import Settings, load_settings, situation_for
from afterview.policies.applications import Application
from afterview.policies.planner import Action
from afterview.policies.yamldoc import DocumentError

# sysexits(3), as the rest of the command line.

#: What every command that changes something says last.
PICKED_UP = "A running afterview picks this up within a minute."
#: The length of an action's short id: what `queue` shows and the commands accept.
SHORT_ID = 6


class CommandFailed(click.ClickException):
    """The command names something that is not there, or cannot be done to it (65).

    click prints `Error: <message>` and exits with the class's sysexits code.
    """

    exit_code = EX_DATAERR


class ConfigInvalid(CommandFailed):
    """The config, the policy or the templates are invalid (78)."""

    exit_code = EX_CONFIG


class NoStore(CommandFailed):
    """There is no store yet: the daemon has never run (66)."""

    exit_code = EX_NOINPUT


class StoreUnusable(CommandFailed):
    """The store cannot be opened: unreadable, or newer than this afterview (73)."""

    exit_code = EX_CANTCREAT


@dataclass(frozen=True)
class Clock:
    """Where the commands read the time; tests pass one as the click context's `obj`."""

    now: Callable[[], datetime]


def current_time() -> datetime:
    """The time now: the context's Clock if it has one, else the system's."""
    clock = click.get_current_context().find_object(Clock)
    return clock.now() if clock is not None else datetime.now(UTC)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@dataclass(frozen=True)
class Live:
    """The user's settings, the store and an Engine on it, at one moment."""

    settings: Settings
    store: Store
    engine: Engine
    now: datetime

    @property
    def zone(self) -> ZoneInfo:
        """The user's zone: every time is shown in it."""
        return self.engine.tracker.situation.calendar.zone


@contextmanager
def live_store(config_path: Path | None, *, create: bool = False) -> Iterator[Live]:
    """The settings and the store the config names; `create`: open a store not made yet."""
    path = config_path or paths.default_config_file()
    try:
        settings = load_settings(path)
    except DocumentError as exc:
        raise ConfigInvalid(str(exc)) from None
    config = settings.config
    database = paths.resolve(path, config.state_dir).database
    if not create and not database.exists():
        raise NoStore(f"no afterview store at {database} yet: `afterview run` creates it")
    try:
        store = Store.open(database)
    except (OSError, StoreError) as exc:
        raise StoreUnusable(f"cannot open the store {database}: {exc}") from None
    with store:
        now = current_time()
        context = parser_context(config, None, ())
        # Read, never set: the start of watching is the daemon's first run, not a command's.
        since = store.started_watching() or now
        situation = situation_for(config, context, None, since)
        yield Live(settings, store, Engine(store, settings.policy, situation, context), now)


def find_application(apps: Mapping[str, Application], text: str) -> Application:
    """The application named by its id, or by the start of it when only one id has it."""
    if text in apps:
        return apps[text]
    found = sorted(app_id for app_id in apps if app_id.startswith(text.lower()))
    if len(found) == 1:
        return apps[found[0]]
    if found:
        raise CommandFailed(f"{text!r} could be any of: {', '.join(found)}")
    known = ", ".join(sorted(apps)) or "none yet"
    raise CommandFailed(f"no application {text!r}; known: {known} (afterview status)")


def short_id(key: str) -> str:
    """A few letters that stand for an outbox key: stable, as the key is."""
    return hashlib.sha256(key.encode()).hexdigest()[:SHORT_ID]


def find_action(rows: Sequence[OutboxItem], text: str) -> OutboxItem:
    """The outbox row a command names: its key, its short id, or the start of either.

    When several match and only one of them is still open, that one is meant: the
    start of a key names a rule's attempts, of which one at most waits.
    """
    wanted = text.strip().lower()
    exact = [row for row in rows if row.key == text.strip()]
    found = exact or [
        row for row in rows if short_id(row.key).startswith(wanted) or row.key.startswith(wanted)
    ]
    if len(found) > 1:
        found = [row for row in found if row.status.is_open] or found
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommandFailed(f"no planned action {text!r}; `afterview queue` lists them")
    listed = "\n".join(f"  {short_id(row.key)}  {row.key} ({row.status})" for row in found[:10])
    raise CommandFailed(f"{text!r} could be any of these; give more of it:\n{listed}")


@dataclass(frozen=True)
class Upcoming:
    """An action the plan holds, with its outbox row when the daemon has written one: the
    row has the final word on when (a snooze, an approval) and where it stands."""

    action: Action
    row: OutboxItem | None

    @property
    def due(self) -> datetime:
        """When it happens."""
        return self.row.due_at if self.row is not None else self.action.due

    @property
    def status(self) -> str | None:
        """The row's status; None before the daemon has planned it."""
        return self.row.status.value if self.row is not None else None


def upcoming(live: Live) -> list[Upcoming]:
    """Every action the plan holds now, soonest first."""
    rows = {row.key: row for row in live.store.outbox()}
    found = [Upcoming(action, rows.get(action.key)) for action in live.engine.plan(live.now)]
    return sorted(found, key=lambda u: (u.due, u.action.key))


def upcoming_json(coming: Upcoming, zone: ZoneInfo) -> dict[str, Any]:
    """An upcoming action as JSON, times in the user's zone."""
    action = coming.action
    return {
        "id": short_id(action.key),
        "key": action.key,
        "application": action.application,
        "rule": action.rule,
        "mode": action.mode or "notify",
        "recipient": action.recipient.email or "",
        "due": iso(coming.due, zone),
        "verdict": action.verdict.value,
        "status": coming.status,
        "reason": action.reason,
    }


def shown(moment: datetime | None, zone: ZoneInfo) -> str:
    """A time as the user reads it: "Thu 2026-03-12 10:00", in their zone."""
    return f"{moment.astimezone(zone):%a %Y-%m-%d %H:%M}" if moment else "-"


def iso(moment: datetime | None, zone: ZoneInfo) -> str | None:
    """A time for JSON: ISO 8601 with the user's offset."""
    return moment.astimezone(zone).isoformat() if moment else None


def print_json(value: Any) -> None:
    """One JSON document on stdout."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=None))


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Rows under a header: a rich table on a terminal, else tab-separated lines."""
    if not sys.stdout.isatty():
        for line in (columns, *rows):
            click.echo("\t".join(line))
        return
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")  # an id cut short could not be typed back
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # a value is never markup
    Console().print(table)
