"""The `afterview` command line."""

from __future__ import annotations

import json
import os
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import click
import structlog
from rich.console import Console
from rich.table import Table

from afterview.daemon import paths, starter
from afterview.daemon.application_commands import add, undo
from afterview.daemon.commandline import EX_CANTCREAT, EX_CONFIG, config_option
from afterview.daemon.config import Config, load_config
from afterview.daemon.demo_command import demo
from afterview.daemon.doctor import doctor
from afterview.daemon.outbox_commands import approve, cancel, plan, queue, snooze
from afterview.daemon.parse_command import parse
from afterview.daemon.run_command import run
from afterview.daemon.simulate_command import simulate
from afterview.daemon.status_commands import show, status
from afterview.daemon.userfiles import load_settings
from afterview.policies.yamldoc import DocumentError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("afterview"), "-V", "--version", prog_name="afterview")
def main() -> None:
    """afterview: follow up after job interviews, from your own mailbox."""
    # Until a command sets up logging of its own (run, demo), a log line goes to stderr:
    # stdout is for the command's output, JSON included.
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=str))


def _table(rows: list[tuple[str, str]]) -> None:
    """Rows as a rich table on a terminal, else as plain `name<TAB>value` lines."""
    if not sys.stdout.isatty():
        for name, value in rows:
            click.echo(f"{name}\t{value}")
        return
    table = Table(show_header=False)
    for name, value in rows:
        table.add_row(f"[bold]{name}[/]", value)
    Console().print(table)


@main.command("check-config")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check_config(path: Path | None, config_path: Path | None, as_json: bool) -> None:
    """Validate a config file offline; exit 78 if it is invalid."""
    target = path or config_path or paths.default_config_file()
    try:
        settings = load_settings(target)
    except DocumentError as exc:
        if as_json:
            problems = [{"line": p.line, "key": p.key, "message": p.message} for p in exc.problems]
            _print_json({"file": str(target), "ok": False, "problems": problems})
        else:
            click.echo(str(exc), err=True)
        sys.exit(EX_CONFIG)
    if as_json:
        _print_json({"file": str(target), "ok": True, "problems": []})
        return
    click.echo(f"{target}: OK")
    _table(_summary(settings.config))


def _summary(config: Config) -> list[tuple[str, str]]:
    where = paths.resolve(state_dir=config.state_dir)
    return [
        ("account", f"{config.account.name} <{config.account.email}>"),
        ("imap", f"{config.imap.host}:{config.imap.port} ({config.imap.tls})"),
        ("smtp", f"{config.smtp.host}:{config.smtp.port} ({config.smtp.tls})"),
        ("watching", ", ".join(config.folders.watch)),
        ("timezone", config.timezone or f"{starter.system_timezone() or 'UTC'} (system)"),
        ("policy", str(config.policy) if config.policy else "built-in default"),
        ("templates", str(config.templates) if config.templates else "built-in"),
        ("state", str(where.state_dir)),
    ]


@main.command("paths")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the paths as JSON.")
def show_paths(config_path: Path | None, as_json: bool) -> None:
    """Show where afterview reads its config and keeps its state."""
    config_file = config_path or paths.default_config_file()
    state_dir = None
    if config_file.is_file():
        try:
            state_dir = load_config(config_file).state_dir
        except DocumentError as exc:
            click.echo(
                f"warning: {config_file} is invalid, showing default paths:\n{exc}", err=True
            )
    where = paths.resolve(config_file, state_dir)
    rows = {"config": where.config_file, "state": where.state_dir, "database": where.database}
    if as_json:
        _print_json({name: str(value) for name, value in rows.items()})
    else:
        _table([(name, str(value)) for name, value in rows.items()])


def _default_host(prefix: str) -> Any:
    def default() -> str:
        email = click.get_current_context().params.get("email") or ""
        return f"{prefix}.{starter.mail_domain(email)}"

    return default


@main.command("init")
@config_option
@click.option("--email", prompt="Your email address", help="The mailbox afterview watches.")
@click.option("--name", prompt="Your name, as it signs your mail", help="Your display name.")
@click.option(
    "--imap-host", prompt="IMAP server", default=_default_host("imap"), help="IMAP server host."
)
@click.option(
    "--smtp-host", prompt="SMTP server", default=_default_host("smtp"), help="SMTP server host."
)
@click.option(
    "--timezone", default=starter.system_timezone, help="IANA zone [default: the system's]."
)
@click.option("--force", is_flag=True, help="Overwrite an existing config file.")
def init(config_path: Path | None, force: bool, **fields: str) -> None:
    """Write a starter config (never asks for the password)."""
    target = config_path or paths.default_config_file()
    if target.exists() and not force:
        click.echo(f"{target} exists already; edit it, or pass --force to replace it.", err=True)
        sys.exit(EX_CANTCREAT)
    password_file = target.with_name("imap.password")
    text = starter.render(starter.Answers(**fields), str(password_file))
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    click.echo(f"Wrote {target}.")
    click.echo("Next: put your IMAP password alone in a private file, then check the config:")
    click.echo(
        f"  (umask 077; read -rsp 'Password: ' pw && printf '%s\\n' \"$pw\" > {password_file})"
    )
    click.echo(f"  afterview check-config {target}")


main.add_command(parse)
main.add_command(simulate)
main.add_command(run)
main.add_command(doctor)
main.add_command(demo)
for command in (status, show, queue, approve, cancel, snooze, plan, add, undo):
    main.add_command(command)
