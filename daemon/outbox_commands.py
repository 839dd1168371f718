"""`afterview queue`, `approve`, `cancel`, `snooze` and `plan`: the planned emails, and the
user's say over them from the command line, as a review message in the inbox gives it.

An action is named by its outbox key, by the short id `queue` shows, or by the start
of either. Approve, cancel and snooze act only on open rows (planned, in review,
approved), each by compare-and-set from the status read, so a command and the
daemon's outbox never both act on one row.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from afterview.daemon.commandline import config_option
from afterview.daemon.records import OPEN_STATUSES, Mode, OutboxItem, OutboxStatus
from afterview.daemon.store_commands import (
    PICKED_UP,
    CommandFailed,
    Live,
    find_action,
    iso,
    json_option,
    live_store,
    print_json,
    print_table,
    short_id,
    shown,
    upcoming,
    upcoming_json,
)
from afterview.policies.commands import CommandRefused, snoozed_until

#: Rows the user should look at although nothing waits on them: sent or not, or refused.
ATTENTION = (OutboxStatus.UNCERTAIN, OutboxStatus.FAILED)
#: The reason a cancelled row keeps, as "you flagged its review message" for an approval.
CANCELLED_BY_YOU = "you cancelled it (afterview cancel)"

_action_argument = click.argument("action", metavar="ACTION")


@click.command("queue")
@config_option
@json_option
def queue(config_path: Path | None, as_json: bool) -> None:
    """Planned emails and notes still to go (planned, review, approved), and those that
    need you (uncertain, failed). ID or KEY names one in approve, cancel and snooze."""
    with live_store(config_path) as live:
        zone = live.zone
        rows = live.store.outbox(*OPEN_STATUSES, *ATTENTION)
    records = [_row_json(row, zone) for row in rows]
    if as_json:
        print_json(records)
        return
    if not records:
        click.echo("Nothing planned.")
        return
    columns = ("id", "key", "rule", "mode", "recipient", "due", "status", "reason")
    table = [
        [
            *(r["id"], r["key"], r["rule"], r["mode"], r["recipient"] or "-"),
            *(shown(row.due_at, zone), r["status"], r["reason"] or ""),
        ]
        for r, row in zip(records, rows, strict=True)
    ]
    print_table("Outbox", columns, table)


def _row_json(row: OutboxItem, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "id": short_id(row.key),
        "key": row.key,
        "application": row.application_id,
        "rule": row.rule,
        "mode": row.mode.value,
        "recipient": row.recipient,
        "round": row.round,
        "attempt": row.attempt,
        "due": iso(row.due_at, zone),
        "snoozed_until": iso(row.snoozed_until, zone),
        "status": row.status.value,
        "reason": row.reason,
    }


def _open_row(live: Live, action: str, verb: str) -> OutboxItem:
    """The open row `action` names; refused, saying where it stands, when it is not open."""
    row = find_action(live.store.outbox(), action)
    if not row.status.is_open:
        why = f": {row.reason}" if row.reason else ""
        raise CommandFailed(
            f"{_named(row)} is {row.status}{why}. Only a planned action, or one in review or"
            f" approved, can be {verb}"
        )
    return row


def _changed_meanwhile(live: Live, row: OutboxItem) -> CommandFailed:
    now = live.store.outbox_item(row.key)
    status = now.status if now else "gone"
    return CommandFailed(f"{short_id(row.key)} changed meanwhile: it is {status} now; try again")


def _named(row: OutboxItem) -> str:
    return f"{short_id(row.key)} ({row.rule} to {row.recipient or 'you'})"


@click.command("approve")
@_action_argument
@config_option
def approve(action: str, config_path: Path | None) -> None:
    """Carry out ACTION now, as flagging its review message does."""
    with live_store(config_path) as live:
        row = _open_row(live, action, "approved")
        store = live.store
        if row.status is not OutboxStatus.APPROVED and not store.move_outbox(
            row.key, OutboxStatus.APPROVED, expected=row.status, at=live.now
        ):
            raise _changed_meanwhile(live, row)
        store.reschedule(row.key, live.now, at=live.now)
    where = {Mode.DRAFT: "goes to your Drafts folder", Mode.NOTIFY: "goes to your inbox"}
    click.echo(f"Approved {_named(row)}: it {where.get(row.mode, 'is sent')} now.")
    click.echo(PICKED_UP)


@click.command("cancel")
@_action_argument
@config_option
def cancel(action: str, config_path: Path | None) -> None:
    """Never carry out ACTION (nor a later attempt of it)."""
    with live_store(config_path) as live:
        row = _open_row(live, action, "cancelled")
        moved = live.store.move_outbox(
            row.key, OutboxStatus.CANCELLED, expected=row.status, at=live.now,
            reason=CANCELLED_BY_YOU,
        )  # fmt: skip
        if not moved:
            raise _changed_meanwhile(live, row)
    click.echo(f"Cancelled {_named(row)}.")
    if row.status is not OutboxStatus.PLANNED:
        click.echo("Its review message in your inbox can be deleted.")
    click.echo(PICKED_UP)


@click.command("snooze")
@_action_argument
@click.argument("later", metavar="WHEN")
@config_option
def snooze(action: str, later: str, config_path: Path | None) -> None:
    """Put ACTION off: WHEN is a wait after its due time (2h, 3d, 1w, 2 business days) or
    a day (2026-03-20); it then goes at the next opening of its send window."""
    with live_store(config_path) as live:
        row = _open_row(live, action, "snoozed")
        situation = live.engine.tracker.situation
        rule = live.settings.policy.rules.get(row.rule)
        window = rule.send_window(situation.window) if rule else situation.window
        try:
            until = snoozed_until(
                later, due=row.due_at, now=live.now, calendar=situation.calendar, window=window
            )
        except CommandRefused as exc:
            raise click.BadParameter(str(exc), param_hint="WHEN") from None
        if not live.store.snooze(row.key, until, at=live.now):
            raise _changed_meanwhile(live, row)
        zone = live.zone
    click.echo(f"Snoozed {_named(row)} until {shown(until, zone)}.")
    if row.mode is Mode.APPROVE and row.status is not OutboxStatus.APPROVED:
        click.echo("It still waits for your approval then.")
    click.echo(PICKED_UP)


@click.command("plan")
@click.option(
    "--days",
    type=click.IntRange(min=1, max=366),
    default=14,
    show_default=True,
    help="How far ahead to look.",
)
@config_option
@json_option
def plan(days: int, config_path: Path | None, as_json: bool) -> None:
    """What the policy will do in the next DAYS days: each action, when, to whom and why;
    skipped ones say what stopped them."""
    with live_store(config_path) as live:
        zone = live.zone
        horizon = live.now + timedelta(days=days)
        coming = [u for u in upcoming(live) if u.due <= horizon]
    records = [upcoming_json(u, zone) for u in coming]
    if as_json:
        print_json(records)
        return
    if not records:
        click.echo(f"Nothing planned in the next {days} days.")
        return
    columns = ("due", "verdict", "status", "rule", "application", "recipient", "id", "reason")
    table = [
        [
            *(shown(u.due, zone), r["verdict"], r["status"] or "-", r["rule"]),
            *(r["application"] or "-", r["recipient"] or "-", r["id"], r["reason"]),
        ]
        for r, u in zip(records, coming, strict=True)
    ]
    print_table(f"The next {days} days", columns, table)
