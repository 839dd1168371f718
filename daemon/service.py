"""`afterview run`: the watchers, the intake and the outbox in one asyncio loop.

One task per watched folder hands messages to the Intake; one task, the ticker,
records the passing of time, reads the review messages' flags and runs the
outbox, then sleeps until the outbox's next due time, or until a message, an
answer or a reload changed the plan, and at most `tick` seconds of real time (so
a review message flagged or deleted unseen by IDLE is found within that time,
whatever the clock). All the store's writes happen
on the event loop, and every check-then-move of an outbox row is done without an
await in between, so tasks never act on a stale row.

Signals: SIGHUP re-reads the config, policy and templates and swaps them in only
if all are valid; SIGTERM and SIGINT let the action in flight finish (up to
`STOP_GRACE`), close the connections and return 0. A refused IMAP login stops
the account: there is no point hammering the server with a wrong password.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol

import structlog
from tenacity import AsyncRetrying, retry_if_exception_type, retry_if_not_exception_type

from afterview.daemon import watcher
from afterview.daemon.approvals import Approvals
from afterview.daemon.clocks import Clock, SystemClock
from afterview.daemon.commandline import EX_CONFIG
from afterview.daemon.credentials import SecretError
from afterview.daemon.engine import Engine
from afterview.daemon.imap import AuthenticationFailed, FlagChanges, ImapError, ImapSettings
from afterview.daemon.intake import Intake
from afterview.daemon.mailbox import Folders, ImapMailbox
from afterview.daemon.outbox import Outbox, Sender
from afterview.daemon.progress import BackfillProgress
from afterview.daemon.records import OutboxStatus
from afterview.daemon.smtp import SmtpSender, SmtpSettings
from afterview.daemon.store import Store
from afterview.daemon.userfiles import Settings, drafter_for, load_settings, situation_for
from afterview.parsers.reading import Context
from afterview.parsers.screening import needs_body
from afterview.policies.yamldoc import DocumentError

log = structlog.get_logger(__name__)

#: How long SIGTERM waits for the action in flight before cutting it short.
STOP_GRACE = 8.0
#: Exit status for a refused login: systemd must not restart into the same refusal.


class Notifier(Protocol):
    """The service manager's side (daemon.sdnotify.Notifier); all no-ops outside systemd."""

    def ready(self, status: str | None = None) -> object: ...
    def status(self, text: str) -> object: ...
    def watchdog(self) -> object: ...
    def reloading(self) -> object: ...
    def stopping(self) -> object: ...
    def watchdog_interval(self) -> float | None: ...


@dataclass(frozen=True)
class Servers:
    """The account's servers, passwords read."""

    imap: ImapSettings
    smtp: SmtpSettings


class Service:
    """The daemon: from `run()` until a signal stops it."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        context: Context,
        servers: Callable[[Settings], Servers],
        notifier: Notifier,
        *,
        config_path: Path | None = None,
        clock: Clock | None = None,
        backfill: timedelta | None = None,
        tick: float = 60.0,
        replan_gap: float = 1.0,
        show_progress: bool = False,
        sender: Callable[[SmtpSettings], Sender] = SmtpSender,
    ) -> None:
        self.settings = settings
        self.store = store
        self.context = context
        self.servers = servers
        self.notifier = notifier
        self.config_path = config_path
        self.clock = clock or SystemClock()
        self.backfill = backfill if backfill is not None else settings.config.backfill
        self.tick = tick
        self.replan_gap = replan_gap
        self.show_progress = show_progress
        self.sender = sender
        self.stopping = asyncio.Event()
        self.changed = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._watched: list[str] = []
        self._outbox: Outbox | None = None
        self._login_refused_by: str | None = None
        self._reloads: set[asyncio.Task[None]] = set()
        self._last_run = float("-inf")
        #: Runs of the ticker so far, and whether it is waiting now: the demo waits on these.
        self.runs = 0
        self.idle = asyncio.Event()

    async def run(self) -> int:
        """Watch and act until SIGTERM or SIGINT (0), or a refused IMAP login (78)."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.stop)
        loop.add_signal_handler(signal.SIGHUP, self._reload_soon)
        self.notifier.ready(status="connecting")
        servers = await asyncio.to_thread(self.servers, self.settings)
        mailbox = ImapMailbox(servers.imap)
        try:
            return await self._serve(mailbox, servers)
        finally:
            self.notifier.stopping()
            await mailbox.close(grace=1.0)
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                loop.remove_signal_handler(signum)

    @property
    def outbox(self) -> Outbox | None:
        """The outbox, once connected."""
        return self._outbox

    def _reload_soon(self) -> None:
        """SIGHUP: reload in a task of its own, kept until done (the loop holds it weakly)."""
        task = asyncio.get_running_loop().create_task(self.reload(), name="reload")
        self._reloads.add(task)
        task.add_done_callback(self._reloads.discard)

    def stop(self) -> None:
        """Begin a clean stop (what SIGTERM does)."""
        log.info("service.stopping")
        self.stopping.set()
        self.changed.set()

    async def _serve(self, mailbox: ImapMailbox, servers: Servers) -> int:
        overrides = {"drafts": self.settings.config.folders.drafts}
        overrides["sent"] = self.settings.config.folders.sent
        folders = await self._first_contact(mailbox, overrides)
        if folders is None:
            return EX_CONFIG if self._login_refused_by else 0
        now = self.clock.now()
        situation = situation_for(
            self.settings.config, self.context, None, self.store.watching_since(now)
        )
        engine = Engine(self.store, self.settings.policy, situation, self.context)
        drafter = drafter_for(self.settings, engine.tracker.situation)
        sender = self.sender(servers.smtp)
        outbox = Outbox(
            engine, drafter, mailbox, sender, folders, sent_copy=self.settings.config.smtp.sent_copy
        )
        self._outbox = outbox
        approvals = Approvals(outbox, mailbox)
        intake = Intake(engine, approvals, folders, clock=self.clock.now, changed=self.changed.set)
        await outbox.recover(now)
        self._watched = _watched(folders, self.settings.config.folders.watch)
        log.info("service.watching", folders=self._watched)
        self._tasks = [
            asyncio.create_task(self._watch(f, servers.imap, intake, folders), name=f"watch {f}")
            for f in self._watched
        ]
        self._tasks.append(asyncio.create_task(self._ticker(outbox, approvals), name="ticker"))
        self._tasks.append(asyncio.create_task(self._watchdog(), name="watchdog"))
        await self.stopping.wait()
        return await self._wind_down()

    async def _first_contact(
        self, mailbox: ImapMailbox, overrides: dict[str, str | None]
    ) -> Folders | None:
        """Connect and find the folders, retrying network errors until stopped; None if the
        login is refused or a stop came first."""
        retrying = AsyncRetrying(
            wait=watcher.BACKOFF,
            retry=retry_if_exception_type(ImapError)
            & retry_if_not_exception_type(AuthenticationFailed),
            sleep=self._pause,
            before_sleep=lambda state: log.warning(
                "imap.connect_retry",
                attempt=state.attempt_number,
                error=str(state.outcome.exception()) if state.outcome else None,
            ),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    if self.stopping.is_set():
                        return None
                    return await mailbox.folders(overrides)
        except AuthenticationFailed as exc:
            self._login_refused(exc)
        return None

    async def _pause(self, seconds: float) -> None:
        """Wait `seconds` of real time, or less if a stop comes."""
        if seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), timeout=seconds)

    def _login_refused(self, error: Exception) -> None:
        self._login_refused_by = str(error)
        log.error(
            "imap.login_refused",
            error=str(error),
            fix="check imap.username and imap.password in the config, then restart afterview",
        )
        self.notifier.status(f"stopped: the IMAP server refused the login ({error})")
        self.stopping.set()
        self.changed.set()

    async def _watch(
        self, folder: str, imap: ImapSettings, intake: Intake, folders: Folders
    ) -> None:
        progress = BackfillProgress(show_bar=self.show_progress)
        since = (self.clock.now() - self.backfill).date()
        await watcher.watch(
            folder,
            imap,
            self.store,
            intake.on_message,
            stop=self.stopping,
            backfill_since=since,
            # Headers first: a body is fetched only where the parser would read it.
            wants_body=lambda header: needs_body(header.raw, self.context.me),
            on_flags=self._flags_changed if folder == folders.inbox else None,
            # A review message deleted or moved away is an expunge: read the reviews again.
            on_change=self.changed.set if folder == folders.inbox else None,
            progress=progress.update,
        )
        progress.close()
        if not self.stopping.is_set():
            # watch() returns before a stop only when the server refused the login.
            self._login_refused(AuthenticationFailed(f"watching {folder}"))

    async def _flags_changed(self, _folder: str, _changes: FlagChanges) -> None:
        log.debug("service.flags_changed", uids=sorted(_changes.flags))
        self.changed.set()  # the ticker reads the reviews' flags

    async def _ticker(self, outbox: Outbox, approvals: Approvals) -> None:
        """Time, answers and the outbox, until stopped; one failure never ends it."""
        while not self.stopping.is_set():
            # A backfill changes the plan with every batch: re-planning after each one cost
            # half its time (bench/RESULTS.md). At most one run per `replan_gap` seconds.
            await self._pause(self.replan_gap - (time.monotonic() - self._last_run))
            if self.stopping.is_set():
                return  # a stop that came during the pause: no run after it (nothing sent)
            self._last_run = time.monotonic()
            self.changed.clear()
            now = self.clock.now()
            try:
                outbox.engine.pass_time(now)
                await approvals.check_reviews(now)
                await outbox.run(now)
            except ImapError as exc:
                log.warning("service.tick_incomplete", error=str(exc))
            except Exception:
                log.exception("service.tick_failed")
            self._report(outbox)
            wake = outbox.next_wake() or now + timedelta(days=1)
            self.runs += 1
            self.idle.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.clock.sleep_until(wake, self.changed), self.tick)
            self.idle.clear()

    async def _watchdog(self) -> None:
        """WATCHDOG=1 from the event loop itself: a blocked loop stops the pings."""
        interval = self.notifier.watchdog_interval()
        while interval and not self.stopping.is_set():
            self.notifier.watchdog()
            await self._pause(interval)

    def _report(self, outbox: Outbox) -> None:
        waiting = len(self.store.outbox(OutboxStatus.REVIEW))
        watched = ", ".join(self._watched)
        status = f"watching {watched}; {waiting} review{'s' * (waiting != 1)} waiting"
        if outbox.sending_stopped:
            status += f"; sending stopped: {outbox.sending_stopped}"
        self.notifier.status(status)

    async def reload(self) -> None:
        """SIGHUP: take the new config, policy and templates if all are valid, and re-plan."""
        if self.config_path is None:
            log.warning("service.reload_ignored", reason="started without a config file")
            return
        self.notifier.reloading()
        try:
            settings = await asyncio.to_thread(load_settings, self.config_path)
            servers = await asyncio.to_thread(self.servers, settings)
        except (DocumentError, SecretError, OSError, ValueError) as exc:
            log.error("service.reload_refused", error=str(exc), kept="the settings in use")
            self.notifier.ready()
            return
        _warn_of_new_rules(self.settings, settings)
        self.settings = settings
        outbox = self._outbox
        if outbox is not None:
            outbox.engine.use_policy(settings.policy)
            outbox.drafter = drafter_for(settings, outbox.engine.tracker.situation)
            outbox.sender = self.sender(servers.smtp)
            outbox.sending_stopped = None
        log.info("service.reloaded", config=str(self.config_path))
        self.notifier.ready()
        self.changed.set()

    async def _wind_down(self) -> int:
        """Let every task see the stop; past the grace, cancel what still runs."""
        _done, pending = await asyncio.wait(self._tasks, timeout=STOP_GRACE)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        log.info("service.stopped", cut_short=len(pending))
        return EX_CONFIG if self._login_refused_by else 0


def _warn_of_new_rules(old: Settings, new: Settings) -> None:
    """A rule that appears as another goes is most likely renamed: say what that means."""
    added = sorted(set(new.policy.rules) - set(old.policy.rules))
    removed = sorted(set(old.policy.rules) - set(new.policy.rules))
    if added and removed:
        log.warning(
            "service.rules_replaced",
            added=added,
            removed=removed,
            meaning="a rule under a new name starts again from its first attempt",
        )


def _watched(folders: Folders, configured: tuple[str, ...]) -> list[str]:
    """INBOX and Sent always, then the configured folders, each once."""
    return list(dict.fromkeys([folders.inbox, folders.sent, *configured]))
