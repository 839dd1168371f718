"""Backfill throughput: a first start on a full INBOX, next to a raw imapclient client.

    python bench/daemon_backfill.py --messages 10000 [--seed 6] [--skip-service]
        [--profile FILE]

The INBOX (bench/daemon_mailgen.py: ~15% job mail, the rest newsletters, job
alerts, receipts; 3-50 KB, HTML and attachments) is hard-linked into a fresh
local Dovecot's Maildir. Then, one after the other, each on its own connection:
1. raw, warm-up: the raw client fetches every header and body once, not
   counted (Dovecot builds its index and cache, the files enter the page
   cache); from the headers, the bench notes which bodies the daemon wants
   (`parsers.screening.needs_body`, as the Service asks the watcher);
2. raw: a bare imapclient client doing the watcher's IMAP work: LOGIN, ID,
   ENABLE CONDSTORE, EXAMINE, NOOP, UID SEARCH UID 1:* SINCE, then per 500
   UIDs a FETCH of FLAGS INTERNALDATE BODY.PEEK[HEADER], and per 50 of those a
   FETCH of BODY.PEEK[] of the wanted ones; nothing done with the data;
3. raw, every body: the same, fetching all 50 bodies of each group (what
   the screening saves);
4. watcher, fetch only: `daemon.watcher.watch` on INBOX with a handler that
   does nothing and the wanted bodies given as a set, a fresh store (so its
   own writes, claim and cursor per message, count);
5. service: the whole daemon (`Service`, default policy, the machine's clock,
   INBOX and Sent watched), a fresh store: fetch, screen, parse and file;
6. raw again, to see the machine did not drift.
Each is timed from its start until the INBOX cursor (or, raw, the last FETCH)
reaches the last UID; CPU seconds are the bench process's (the daemon's side;
Dovecot's are apart). The ratio is the watcher's or service's rate over the
mean of the two raw rates. Target: >= 0.5.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from daemon_harness import (  # after the path set-up above
    ME,
    USER,
    Quiet,
    Servers,
    database,
    load,
    local_servers,
    machine,
    write_config,
)
from daemon_mailgen import SPAN, cached, link_into
from imapclient import IMAPClient

from afterview.daemon import watcher
from afterview.daemon.imap import BATCH, ImapSettings, MailboxThread, batched
from afterview.daemon.logs import configure_logging
from afterview.daemon.parse_command import parser_context
from afterview.daemon.records import FolderCursor
from afterview.daemon.run_command import servers_of
from afterview.daemon.service import Service
from afterview.daemon.store import Store
from afterview.daemon.userfiles import load_settings
from afterview.parsers.screening import needs_body

SINCE = (datetime.now(UTC) - SPAN - timedelta(days=2)).date()


@dataclass(frozen=True)
class Pass:
    """One timed pass over the INBOX."""

    name: str
    messages: int
    seconds: float
    cpu: float
    note: str = ""

    @property
    def rate(self) -> float:
        """Messages per second."""
        return self.messages / self.seconds


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def raw_pass(
    servers: Servers, wanted: set[int] | None = None, notes: set[int] | None = None
) -> int:
    """The watcher's IMAP work with a bare imapclient client; how many bodies it fetched.

    Bodies of `wanted` UIDs only, if given; `notes`, if given, gets the UIDs whose
    headers say the daemon wants their body.
    """
    client = IMAPClient(servers.dovecot.host, servers.dovecot.port, ssl=False, timeout=60)
    client.login(USER, servers.password)
    client.normalise_times = False
    if b"ID" in client.capabilities():
        client.id_({"name": "raw-bench"})
    client.enable("CONDSTORE")
    client.select_folder("INBOX", readonly=True)
    client.noop()
    uids = sorted(client.search(["UID", "1:*", "SINCE", SINCE]))
    fetched = 0
    for chunk in batched(uids, BATCH):
        headers = client.fetch(chunk, ["FLAGS", "INTERNALDATE", "BODY.PEEK[HEADER]"])
        if notes is not None:
            me = frozenset({ME})
            notes |= {u for u, d in headers.items() if needs_body(d[b"BODY[HEADER]"], me)}
        for group in batched(sorted(headers), watcher.BODIES_PER_FETCH):
            chosen = [uid for uid in group if wanted is None or uid in wanted]
            if chosen:
                fetched += len(client.fetch(chosen, ["BODY.PEEK[]"]))
    client.logout()
    return fetched


class Finish:
    """Set once the INBOX cursor a store saves reaches `top`: wraps that store's save_cursor."""

    def __init__(self, store: Store, top: int) -> None:
        self.done = asyncio.Event()
        save = store.save_cursor

        def watched(cursor: FolderCursor) -> None:
            save(cursor)
            if cursor.folder == "INBOX" and cursor.last_uid >= top:
                self.done.set()

        store.save_cursor = watched  # type: ignore[method-assign]


async def fetch_only(servers: Servers, root: Path, top: int, wanted: set[int]) -> None:
    """`watcher.watch` on INBOX with a handler that does nothing, until all is read."""
    imap = ImapSettings("127.0.0.1", servers.dovecot.port, "none", USER, servers.password)

    async def nothing(_fetched: watcher.Fetched) -> None:
        return None

    with Store.open(root / "fetch-only.sqlite3") as store:
        finish, stop = Finish(store, top), asyncio.Event()
        watching = asyncio.create_task(
            watcher.watch(
                "INBOX",
                imap,
                store,
                nothing,
                stop=stop,
                backfill_since=SINCE,
                wants_body=lambda header: header.uid in wanted,
            )
        )
        await finish.done.wait()
        stop.set()
        await watching


async def service_pass(servers: Servers, root: Path, top: int) -> str:
    """The whole daemon's first start, until the INBOX is filed; what the store then holds."""
    config = write_config(root, servers)
    settings = load_settings(config)
    backfill = datetime.now(UTC) - datetime.combine(SINCE, datetime.min.time(), UTC)
    with Store.open(database(config)) as store:
        finish = Finish(store, top)
        context = parser_context(settings.config, None, ())
        service = Service(settings, store, context, servers_of, Quiet(), backfill=backfill)
        running = asyncio.create_task(service.run())
        await finish.done.wait()
        service.stop()
        await running
        events, apps = len(store.events()), len(store.applications())
    return f"{events:,} events, {apps:,} applications"


def timed(name: str, count: int, work: Callable[[], Any]) -> Pass:
    """Run `work` and time it."""
    cpu, started = _cpu(), time.perf_counter()
    note = work()
    seconds = time.perf_counter() - started
    print(f"  {name}: {seconds:.1f}s", flush=True)
    return Pass(name, count, seconds, _cpu() - cpu, note if isinstance(note, str) else "")


def run_async(coroutine: Callable[[], Coroutine[Any, Any, Any]], profile: Path | None) -> Any:
    """asyncio.run, under cProfile if asked: the event loop's thread into `profile`, the
    IMAP connections' threads (MailboxThread._serve, wrapped here) into `profile`.imap."""
    if profile is None:
        return asyncio.run(coroutine())
    threads = cProfile.Profile()
    serve = MailboxThread._serve

    def profiled(thread: MailboxThread) -> None:
        threads.runcall(serve, thread)

    MailboxThread._serve = profiled  # type: ignore[method-assign, assignment]
    profiler = cProfile.Profile()
    try:
        result = profiler.runcall(asyncio.run, coroutine())
    finally:
        MailboxThread._serve = serve  # type: ignore[method-assign]
    profiler.dump_stats(profile)
    threads.dump_stats(f"{profile}.imap")
    for name, stats in (("event loop", profiler), ("IMAP threads", threads)):
        print(f"--- cProfile, {name}: top 30 by own time")
        pstats.Stats(stats).sort_stats("tottime").print_stats(30)
    return result


def measure(count: int, seed: int, *, service: bool, profile: Path | None) -> list[Pass]:
    """The passes, in order, on one Dovecot."""
    cache = cached(count, seed)
    with tempfile.TemporaryDirectory(prefix="afterview-bench-backfill-") as tmp:
        root = Path(tmp)

        def fill(servers: Servers) -> None:
            link_into(cache, servers.maildir())

        with (
            (root / "afterview.log").open("w", encoding="utf-8") as log,
            local_servers(root, fill) as servers,
        ):
            configure_logging("info", log, pretty=False)  # as under systemd: JSON lines
            print("passes:", flush=True)
            wanted: set[int] = set()
            warm = timed("raw, warm-up", count, lambda: raw_pass(servers, None, wanted))
            print(f"  bodies the daemon wants: {len(wanted):,} of {count:,}", flush=True)
            passes = [timed("raw", count, lambda: raw_pass(servers, wanted))]
            passes.append(timed("raw, every body", count, lambda: raw_pass(servers)))
            top = _top_uid(servers)
            passes.append(
                timed(
                    "watcher, fetch only",
                    count,
                    lambda: run_async(lambda: fetch_only(servers, root, top, wanted), profile),
                )
            )
            if service:
                passes.append(
                    timed(
                        "service: fetch, parse, file",
                        count,
                        lambda: run_async(lambda: service_pass(servers, root, top), profile),
                    )
                )
            passes.append(timed("raw, again", count, lambda: raw_pass(servers)))
    return [warm, *passes]


def _top_uid(servers: Servers) -> int:
    client = IMAPClient(servers.dovecot.host, servers.dovecot.port, ssl=False)
    client.login(USER, servers.password)
    top = max(client.select_folder("INBOX", readonly=True) and client.search(["ALL"]))
    client.logout()
    return int(top)


def report(passes: list[Pass]) -> None:
    """The table, with each rate's ratio to the raw client's."""
    raw = [p.rate for p in passes if p.name in {"raw", "raw, again"}]
    baseline = sum(raw) / len(raw)
    print(f"{'pass':<28} {'messages':>9} {'seconds':>8} {'msg/s':>7} {'CPU s':>6} {'ratio':>6}")
    for p in passes:
        ratio = "" if p.name.startswith("raw") else f"{p.rate / baseline:.2f}"
        print(
            f"{p.name:<28} {p.messages:>9,} {p.seconds:>8.1f} {p.rate:>7,.0f} {p.cpu:>6.1f}"
            f" {ratio:>6}"
        )
        if p.note:
            print(f"{'':<28} {p.note}")
    print(f"ratio: the rate over the raw client's mean ({baseline:,.0f} msg/s); target >= 0.5")


def main() -> int:
    """Generate (or reuse) the mailbox, run the passes, print the table and the machine."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--skip-service", action="store_true", help="no fetch+parse+file pass")
    parser.add_argument(
        "--profile", type=Path, help="cProfile the watcher and service passes into FILE"
    )
    args = parser.parse_args()
    print(machine())
    print(f"before: {load()}")
    passes = measure(args.messages, args.seed, service=not args.skip_service, profile=args.profile)
    report(passes)
    print(f"after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
