"""`afterview demo`: the daemon's story on a sample mailbox, no account needed.

A Dovecot and an SMTP sink start on 127.0.0.1 in a temporary folder; the real
daemon (`Service`) runs against them with a clock that jumps from one event of the
story to the next, so three weeks take seconds. Nothing reaches the internet.
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from afterview.daemon.clocks import SteppedClock
from afterview.daemon.commandline import EX_UNAVAILABLE
from afterview.daemon.demo.story import ME, START, Story, UserMailbox
from afterview.daemon.localmail.dovecot import DovecotServer, dovecot_missing
from afterview.daemon.localmail.sink import Delivered, SmtpSink
from afterview.daemon.logs import configure_logging
from afterview.daemon.parse_command import parser_context
from afterview.daemon.run_command import servers_of
from afterview.daemon.sdnotify import Notifier
from afterview.daemon.service import Service
from afterview.daemon.store import Store
from afterview.daemon.userfiles import load_settings

#: sysexits(3): a service the demo needs (Dovecot) is not installed.


@click.command("demo")
@click.option("--keep", is_flag=True, help="Keep the demo's mailbox, store and log; print where.")
def demo(keep: bool) -> None:
    """Run afterview's whole story on a built-in sample mailbox, on servers of its own."""
    missing = dovecot_missing()
    if missing is not None:
        click.echo(f"afterview demo runs a local Dovecot: {missing}", err=True)
        sys.exit(EX_UNAVAILABLE)
    root = Path(tempfile.mkdtemp(prefix="afterview-demo-"))
    try:
        # The daemon's log goes to a file: the terminal is for the story.
        with (root / "afterview.log").open("w", encoding="utf-8") as log:
            configure_logging("info", log, pretty=False)
            asyncio.run(run_demo(root, click.echo))
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    if keep:
        click.echo(_kept(root))
    else:
        click.echo("\nThe demo's mailbox is gone; `afterview demo --keep` keeps it to look at.")


@dataclass(frozen=True)
class Outcome:
    """How the story ended: what the local servers hold."""

    sent: list[Delivered]
    drafts: int
    inbox: int


async def run_demo(root: Path, say: Callable[[str], None]) -> Outcome:
    """Start the servers, run the daemon through the story, and sum up."""
    password = secrets.token_urlsafe(12)
    dovecot = DovecotServer(root / "dovecot", {"alex": password})
    await asyncio.to_thread(dovecot.start)
    sink = SmtpSink()
    sink.start()
    try:
        config = write_config(root, dovecot, password, sink)
        say(f"afterview demo: Alex Morgan's job search, March 2026 ({ME}, Toronto)\n")
        await _tell(config, dovecot, password, say)
        user = UserMailbox(dovecot.host, dovecot.port, "alex", password)
        outcome = Outcome(sink.delivered, user.count("Drafts"), user.count("INBOX"))
    finally:
        sink.stop()
        await asyncio.to_thread(dovecot.close)
    _sum_up(outcome, say)
    return outcome


async def _tell(
    config: Path, dovecot: DovecotServer, password: str, say: Callable[[str], None]
) -> None:
    settings = load_settings(config)
    clock = SteppedClock(START)
    with Store.open(config.parent / "state" / "afterview.sqlite3") as store:
        service = Service(
            settings,
            store,
            parser_context(settings.config, None, ()),
            servers_of,
            Notifier.from_environment({}),
            config_path=config,
            clock=clock,
            tick=0.2,  # the story's user answers from another client: see it at once
            replan_gap=0,  # the clock steps: every change is worth a run at once
        )
        running = asyncio.create_task(service.run())
        mailbox = UserMailbox(dovecot.host, dovecot.port, "alex", password)
        try:
            await Story(service, store, clock.set, mailbox, say).tell()
        finally:
            service.stop()
            await running


def write_config(root: Path, dovecot: DovecotServer, password: str, sink: SmtpSink) -> Path:
    """The demo account's config for local servers, in root/config, its state beside it."""
    folder = root / "config"
    (folder / "state").mkdir(parents=True, exist_ok=True)
    secret = folder / "imap-password"
    secret.write_text(password, encoding="utf-8")
    secret.chmod(0o600)
    config = folder / "config.yaml"
    config.write_text(
        textwrap.dedent(
            f"""\
            # Written by `afterview demo`: every server is on this machine.
            account: {{email: {ME}, name: Alex Morgan}}
            imap: {{host: 127.0.0.1, port: {dovecot.port}, tls: none, username: alex,
                   password: {{file: imap-password}}}}
            smtp: {{host: 127.0.0.1, port: {sink.port}, tls: none}}
            timezone: America/Toronto
            holidays: {{country: CA, subdivision: "ON"}}
            references:
              - {{name: Riley Chen, email: riley.chen@example.org, relation: my manager at Initech}}
            state_dir: state
            """
        ),
        encoding="utf-8",
    )
    return config


def _sum_up(outcome: Outcome, say: Callable[[str], None]) -> None:
    say("")
    say(f"In the end: {outcome.drafts} drafts in Drafts for Alex to finish and send,")
    say(f"{outcome.inbox} messages in the INBOX (the employers' and afterview's),")
    say(f"and {len(outcome.sent)} emails sent through the local SMTP server:")
    for delivered in outcome.sent:
        say(f"  to {', '.join(delivered.recipients)}")


def _kept(root: Path) -> str:
    maildir = root / "dovecot" / "mail" / "alex" / "Maildir"
    return textwrap.dedent(
        f"""
        Kept in {root}:
          the mailbox (Maildir)  {maildir}  (Drafts in .Drafts, Sent in .Sent)
          the store              {root / "config" / "state" / "afterview.sqlite3"}
          the daemon's log       {root / "afterview.log"}
          the config             {root / "config" / "config.yaml"}
        Try:
          afterview status --config {root / "config" / "config.yaml"}
          afterview show acme --config {root / "config" / "config.yaml"}"""
    )
