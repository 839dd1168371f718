"""`afterview run`: the daemon, in the foreground (systemd runs it this way too)."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta
from pathlib import Path

import click

from afterview.daemon import paths
from afterview.daemon.commandline import EX_CANTCREAT, EX_CONFIG, config_option
from afterview.daemon.config import parse_duration
from afterview.daemon.credentials import SecretError, read_secret
from afterview.daemon.imap import ImapSettings
from afterview.daemon.logs import configure_logging
from afterview.daemon.parse_command import parser_context
from afterview.daemon.sdnotify import Notifier
from afterview.daemon.service import Servers, Service
from afterview.daemon.smtp import SmtpSettings
from afterview.daemon.store import Store, StoreError
from afterview.daemon.userfiles import Settings, load_settings
from afterview.policies.yamldoc import DocumentError


def _duration(_ctx: click.Context, _param: click.Parameter, value: str | None) -> timedelta | None:
    try:
        return parse_duration(value) if value else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def servers_of(settings: Settings) -> Servers:
    """The account's servers with their passwords read from the configured sources."""
    config = settings.config
    imap = ImapSettings.from_config(config.imap, read_secret(config.imap.password))
    smtp = SmtpSettings.from_config(config.smtp, read_secret(config.smtp_password()))
    return Servers(imap, smtp)


@click.command("run")
@config_option
@click.option(
    "--backfill",
    callback=_duration,
    metavar="DURATION",
    help="On first start, read mail this far back (90d, 12w, 1y) [default: the config's].",
)
def run(config_path: Path | None, backfill: timedelta | None) -> None:
    """Watch the mailbox and carry out the policy until stopped (SIGTERM or Ctrl-C)."""
    path = config_path or paths.default_config_file()
    try:
        settings = load_settings(path)
    except DocumentError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EX_CONFIG)
    config = settings.config
    configure_logging(config.log_level)
    try:
        servers = servers_of(settings)
    except (SecretError, ValueError) as exc:
        click.echo(f"{path}: {exc}", err=True)
        sys.exit(EX_CONFIG)
    state = paths.resolve(path, config.state_dir)
    try:
        state.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        store = Store.open(state.database)
    except (OSError, StoreError) as exc:
        click.echo(f"cannot open the store {state.database}: {exc}", err=True)
        sys.exit(EX_CANTCREAT)
    with store:
        service = Service(
            settings,
            store,
            parser_context(config, None, ()),
            lambda _settings: servers if _settings is settings else servers_of(_settings),
            Notifier.from_environment(os.environ),
            config_path=path,
            backfill=backfill,
            show_progress=sys.stderr.isatty(),
        )
        sys.exit(asyncio.run(service.run()))
