"""`afterview simulate`: replay a mailbox through the policy and show what would happen."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from afterview.daemon.commandline import EX_CONFIG, EX_NOINPUT, config_option
from afterview.daemon.mailfiles import read_messages
from afterview.daemon.parse_command import parser_context, zone_option
from afterview.daemon.userfiles import Settings, drafter_for, load_settings, situation_for
from afterview.parsers.facts import Facts
from afterview.parsers.parse import parse_message
from afterview.parsers.reading import Context
from afterview.policies.drafting import Drafter
from afterview.policies.policy import default_policy
from afterview.policies.replay import Line, Replay
from afterview.policies.templates import TemplateError
from afterview.policies.tracker import Tracker
from afterview.policies.yamldoc import DocumentError


def _when(_ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"expected an ISO date or time such as 2026-04-30, got {value!r}"
        ) from None
    if moment.tzinfo is None:
        tz = _ctx.params.get("tz")
        moment = moment.replace(tzinfo=ZoneInfo(tz) if tz else None).astimezone()
    return moment


@click.command("simulate")
@click.argument(
    "targets", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option("--me", "me_address", help="Your address [default: the config's account.email].")
@click.option("--tz", callback=zone_option, is_eager=True, help="Your time zone (IANA name).")
@config_option
@click.option(
    "--start", callback=_when, help="Start of the virtual clock [default: first message]."
)
@click.option("--until", callback=_when, required=True, help="Where the virtual clock stops.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per action per line.")
def simulate(  # click passes each option by keyword
    *,
    targets: tuple[Path, ...],
    me_address: str | None,
    tz: str | None,
    config_path: Path | None,
    start: datetime | None,
    until: datetime,
    as_json: bool,
) -> None:
    """Replay messages (.eml files, folders, Maildirs, mboxes) through the policy.

    Messages are read in Date order under a virtual clock running to --until;
    mail From --me counts as your own sent mail, and every draft and review is
    taken as approved at its planned time. With no --config the default
    policy applies. JSON fields: at, rule, mode, application, to, subject,
    in_reply_to, status (sent, drafted, cancelled, skipped, notified), reason.
    A template that fails to render is named on stderr, and the exit code is 78.
    """
    missing = [str(t) for t in targets if not t.exists()]
    if missing:
        click.echo(f"no such file or directory: {', '.join(missing)}", err=True)
        sys.exit(EX_NOINPUT)
    settings = _load(config_path)
    config = settings.config if settings else None
    if me_address is None and config is None:
        raise click.UsageError("give --me EMAIL (or --config with account.email)")
    context = parser_context(config, tz, (me_address,) if me_address else ())
    facts = _read(targets, context)
    first = min((f.sent_at for f in facts if f.sent_at), default=until)
    situation = situation_for(config, context, me_address, start or first)
    drafter = drafter_for(settings, situation) if settings else Drafter(situation)
    policy = settings.policy if settings else default_policy()
    replay = Replay(Tracker(policy, situation, context.me))
    replay.run(facts, start or first, until)
    # Every time is shown in the user's zone: an action is timed in the recipient's zone or
    # the user's, and a mix of offsets in one listing is hard to read and to diff.
    zone = situation.calendar.zone
    failed = False
    for line in replay.lines:
        try:
            described = drafter.describe(line)
        except TemplateError as exc:
            click.echo(f"{line.at.astimezone(zone):%Y-%m-%d %H:%M} {line.rule}: {exc}", err=True)
            described, failed = {}, True
        _print(line, described, zone=zone, as_json=as_json)
    if failed:
        sys.exit(EX_CONFIG)


def _load(config_path: Path | None) -> Settings | None:
    """The settings a --config names; None without one (the built-in policy applies)."""
    if config_path is None:
        return None
    try:
        return load_settings(config_path)
    except DocumentError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EX_CONFIG)


def _read(targets: tuple[Path, ...], context: Context) -> list[Facts]:
    out = []
    for target in targets:
        for message in read_messages(target):
            if message.raw is None:
                click.echo(f"{message.label}: skipped: {message.error}", err=True)
                continue
            out.append(parse_message(message.raw, context))
    return out


def _print(line: Line, described: dict[str, Any], *, zone: ZoneInfo, as_json: bool) -> None:
    at = line.at.astimezone(zone)
    record = {
        "at": at.isoformat(),
        "rule": line.rule,
        "mode": line.mode,
        "application": line.application,
        "to": list(line.to),
        "subject": described.get("subject"),
        "in_reply_to": described.get("in_reply_to"),
        "status": line.status,
        "reason": line.reason,
    }
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False))
        return
    to = ", ".join(line.to)
    click.echo(
        f"{at:%Y-%m-%d %H:%M %z}  {line.status:<9} {line.rule:<18} "
        f"{line.application or '-'} -> {to}  ({line.reason})"
    )
