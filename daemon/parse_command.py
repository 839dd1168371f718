"""`afterview parse`: what the parsers make of messages on disk, for people and for scripts."""

from __future__ import annotations

import json
import sys
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
import holidays
from rich.console import Console
from rich.table import Table

from afterview.daemon import paths
from afterview.daemon.commandline import EX_NOINPUT, config_option
from afterview.daemon.config import Config, load_config
from afterview.daemon.mailfiles import MessageFile, read_messages
from afterview.daemon.starter import system_timezone
from afterview.parsers.facts import Facts, Kind
from afterview.parsers.parse import Context, parse_message
from afterview.policies.events import interview_to_json
from afterview.policies.yamldoc import DocumentError


def facts_json(label: str, facts: Facts, *, explain: bool = False) -> dict[str, Any]:
    """The documented JSON object for one message (see `afterview parse --help`)."""
    out: dict[str, Any] = {
        "file": label,
        "message_id": facts.message_id,
        "kind": facts.kind.value,
        "confidence": facts.confidence,
        "company": facts.company,
        "role": facts.role,
        "interview": interview_to_json(facts.interview) if facts.interview else None,
        "decision_by": facts.decision_by.isoformat() if facts.decision_by else None,
        "ooo_until": facts.ooo_until.isoformat() if facts.ooo_until else None,
        "scheduling_url": facts.scheduling_url,
        "language": facts.language,
    }
    if facts.error:
        out["error"] = facts.error
    if explain:
        out["signals"] = [
            {"name": s.name, "kind": s.kind.value, "weight": s.weight, "evidence": s.evidence}
            for s in facts.signals
        ]
    return out


def _optional_config(config_path: Path | None) -> Config | None:
    """The user's config if there is one; parse works without it."""
    path = config_path or paths.default_config_file()
    if not path.is_file():
        return None
    try:
        return load_config(path)
    except DocumentError as exc:
        click.echo(f"warning: ignoring the invalid config:\n{exc}", err=True)
        return None


def parser_context(config: Config | None, tz: str | None, me: tuple[str, ...]) -> Context:
    """What the parser needs about the user: addresses, zone and holidays, from options first."""
    zone_name = tz or (config.timezone if config else None)
    zone: tzinfo = ZoneInfo(zone_name) if zone_name else _system_zone()
    addresses = {address.lower() for address in me} or (
        {config.account.email.lower()} if config else set()
    )
    region = config.holidays if config else None
    days = (
        holidays.country_holidays(region.country, subdiv=region.subdivision)
        if region and region.country
        else {}
    )
    return Context(me=frozenset(addresses), user_tz=zone, holidays=days)


def _system_zone() -> tzinfo:
    name = system_timezone()
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except ZoneInfoNotFoundError:
        return ZoneInfo("UTC")


def zone_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Check a --tz value names a known IANA zone."""
    if value is not None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise click.BadParameter(
                f"unknown time zone {value!r}; expected an IANA name such as America/Toronto"
            ) from None
    return value


@click.command("parse")
@click.argument(
    "targets", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message per line.")
@click.option(
    "--explain", is_flag=True, help="Show the signals behind each decision and their weights."
)
@click.option(
    "--tz",
    callback=zone_option,
    help="Zone for times that name none [default: config, else system].",
)
@click.option("--me", multiple=True, help="Your address(es) [default: the config's account.email].")
@config_option
def parse(  # click passes each option by keyword
    *,
    targets: tuple[Path, ...],
    as_json: bool,
    explain: bool,
    tz: str | None,
    me: tuple[str, ...],
    config_path: Path | None,
) -> None:
    """Classify messages (.eml files, folders, Maildirs, mboxes) and show what they say.

    JSON fields: file, message_id, kind, confidence, company, role, interview
    ({start, end, timezone, location, url, interviewers: [{name, email, title}],
    round} or null), decision_by, ooo_until (YYYY-MM-DD or null),
    scheduling_url, language; and error for an unreadable message.
    """
    missing = [str(t) for t in targets if not t.exists()]
    context = parser_context(_optional_config(config_path), tz, me)
    console = Console()
    for target in targets:
        if target.exists():
            for message in read_messages(target):
                _show(message, context, as_json=as_json, explain=explain, console=console)
    if missing:
        click.echo(f"no such file or directory: {', '.join(missing)}", err=True)
        sys.exit(EX_NOINPUT)


def _show(
    message: MessageFile, context: Context, *, as_json: bool, explain: bool, console: Console
) -> None:
    if message.raw is None:
        facts = Facts(kind=Kind.UNREADABLE, confidence=0.0, error=message.error)
    else:
        facts = parse_message(message.raw, context)
    if as_json:
        click.echo(
            json.dumps(facts_json(message.label, facts, explain=explain), ensure_ascii=False)
        )
        return
    console.print(_table(message.label, facts, explain=explain))


def _table(label: str, facts: Facts, *, explain: bool) -> Table:
    table = Table(title=label, title_justify="left", show_header=False, box=None, padding=(0, 2))
    fields = facts_json(label, facts)
    fields["kind"] = f"{facts.kind.value} ({facts.confidence:.0%})"
    for name, value in fields.items():
        if name != "file" and value not in (None, [], ""):
            table.add_row(
                name,
                json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value),
            )
    if explain:
        for signal in facts.signals:
            table.add_row(
                "signal",
                f"{signal.weight:+.1f} {signal.kind.value:22} {signal.name}"
                f"  [dim]{signal.evidence}[/]",
            )
    return table
