"""Idle cost: CPU and memory of `afterview run` with 1,000 applications and no mail coming.

    python bench/daemon_idle.py [--minutes 10] [--applications 1000] [--every 5]

A local Dovecot's INBOX gets one application confirmation per application (each
from a different company, dated over the last 60 days). `afterview run`, the
real daemon in a process of its own, makes its first start on it and files
them all; it is stopped (SIGTERM) once the store holds every application.
Then it is started again on that store, as after a reboot, and left alone:
IDLE on INBOX and Sent, the ticker waking every 60 s (`tick`), nothing
arriving. After a 30-second settling, its CPU time (utime + stime) and RSS are
read from /proc/<pid>/stat and /proc/<pid>/status every `--every` seconds for
`--minutes`. Dovecot's own processes are not counted.
Targets: RSS < 80 MB, mean CPU < 1% (of one core).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from daemon_harness import (  # after the path set-up above
    ME,
    Servers,
    database,
    load,
    local_servers,
    machine,
    percentile,
    write_config,
)

from afterview.daemon.store import Store

SETTLE = 30.0
PATIENCE = 300.0
TICKS = os.sysconf("SC_CLK_TCK")
# Made-up words, one per company: a word two companies share would let the tracker's
# matcher take one's mail for the other's application.
FIRST = "Ka Lo Mi Ne Pu Ra So Ti Va Ze".split()
SECOND = "ber dan fel gor hin jas kor lem mur nox".split()
THIRD = "a ex io on us ia ar en is o".split()
KINDS = "Analytics Labs Systems Health Robotics Media Foods Energy Bank Studio".split()
ROLES = ("Data Engineer", "Backend Developer", "Platform Engineer", "Analytics Engineer")


def company(n: int) -> str:
    """The n-th of 1,000 distinct company names."""
    return f"{FIRST[n % 10]}{SECOND[n // 10 % 10]}{THIRD[n // 100 % 10]} {KINDS[n % 10]}"


def confirmation(n: int, when: datetime) -> bytes:
    """An ATS's "we got your application" for the n-th company."""
    name, role = company(n), ROLES[n % len(ROLES)]
    slug = name.lower().replace(" ", "")
    return (
        f"From: {name} <no-reply@ashbyhq.com>\nTo: {ME}\n"
        f"Subject: Your application to {name}\nDate: {format_datetime(when)}\n"
        f"Message-ID: <app-{n}@ashbyhq.com>\nMIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="utf-8"\n\n'
        f"Hi Alex,\n\nWe got your application for {role} at {name}. "
        "Thanks for your interest!\n\nOur hiring team reviews applications every week. If we "
        "think there's a match, we'll email you to set up a first call.\n\n"
        f"{name}\nhttps://{slug}.example/careers\n"
    ).encode()


def fill(count: int) -> object:
    """The Maildir filler for `count` confirmations, dated over the last 60 days."""

    def into(servers: Servers) -> None:
        maildir = servers.maildir()
        home = maildir.parent.stat()
        for part in ("", "cur", "new", "tmp"):
            (maildir / part).mkdir(parents=True, exist_ok=True)
            os.chown(maildir / part, home.st_uid, home.st_gid)
        now = datetime.now(UTC).replace(microsecond=0)
        order = list(range(count))
        random.Random(6).shuffle(order)
        for i, n in enumerate(order):
            when = now - timedelta(days=60) * (1 - i / count)
            stamp = int(when.timestamp())
            path = maildir / "cur" / f"{stamp}.M{i}P6.idle:2,S"
            path.write_bytes(confirmation(n, when))
            os.utime(path, (stamp, stamp))
            os.chown(path, home.st_uid, home.st_gid)

    return into


def start_daemon(config: Path, log: Path) -> subprocess.Popen[bytes]:
    """`afterview run --config CONFIG`, its log (JSON lines) to `log`."""
    code = "from afterview.daemon.cli import main; main()"
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", code, "run", "--config", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            env={k: v for k, v in os.environ.items() if k != "NOTIFY_SOCKET"},
        )


def stop_daemon(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, as systemd stops it; its exit status."""
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


def first_start(config: Path, log: Path, count: int) -> int:
    """Let the daemon file every confirmation; its RSS (kB) when done."""
    process = start_daemon(config, log)
    deadline = time.monotonic() + PATIENCE
    try:
        while (filed := _applications(database(config))) < count:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text().splitlines()[-5:]
                raise RuntimeError(
                    f"the first start filed {filed} of {count} applications; its log ends:\n"
                    + "\n".join(tail)
                )
            time.sleep(1.0)
        time.sleep(SETTLE / 3)  # the ticker plans for them
        rss = _sample(process.pid).rss
    finally:
        stop_daemon(process)
    return rss


def _applications(path: Path) -> int:
    if not path.exists():
        return 0
    with Store.open(path) as store:
        return len(store.applications())


@dataclass(frozen=True)
class Sample:
    """One reading of /proc/<pid>."""

    at: float
    cpu: float  # seconds of CPU, user + system
    rss: int  # kB


def _sample(pid: int) -> Sample:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime: fields 14 and 15
    rss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    return Sample(time.monotonic(), cpu, rss)


def watch_idle(config: Path, log: Path, minutes: float, every: float) -> list[Sample]:
    """Restart the daemon on the filled store and sample it while nothing happens."""
    process = start_daemon(config, log)
    try:
        time.sleep(SETTLE)
        if process.poll() is not None:
            raise RuntimeError(f"the daemon stopped; see {log}")
        samples = [_sample(process.pid)]
        end = samples[0].at + minutes * 60
        while (now := time.monotonic()) < end:
            time.sleep(min(every, end - now))
            samples.append(_sample(process.pid))
    finally:
        status = stop_daemon(process)
    print(f"the daemon stopped with status {status}")
    return samples


def report(samples: list[Sample], first_rss: int, applications: int, minutes: float) -> None:
    """The table."""
    span = samples[-1].at - samples[0].at
    mean = (samples[-1].cpu - samples[0].cpu) / span * 100
    rates = [(b.cpu - a.cpu) / (b.at - a.at) * 100 for a, b in itertools.pairwise(samples)]
    rss = [s.rss / 1024 for s in samples]
    print(f"{applications:,} applications in the store; idle for {minutes:g} min, sampled")
    print(f"every {span / max(1, len(rates)):.1f}s ({len(samples)} samples), after {SETTLE:.0f}s")
    print(f"{'measure':<36} {'value':>10}")
    print(f"{'CPU, mean over the window':<36} {mean:>9.3f}%")
    print(f"{'CPU, p95 of the intervals':<36} {percentile(rates, 0.95):>9.2f}%")
    print(f"{'CPU, max of the intervals':<36} {max(rates):>9.2f}%")
    print(f"{'CPU seconds in the window':<36} {samples[-1].cpu - samples[0].cpu:>9.2f}s")
    print(f"{'RSS at the start of the window':<36} {rss[0]:>7.1f} MB")
    print(f"{'RSS, max':<36} {max(rss):>7.1f} MB")
    print(f"{'RSS at the end':<36} {rss[-1]:>7.1f} MB")
    print(f"{'(RSS of the first start, when filed)':<36} {first_rss / 1024:>7.1f} MB")
    print(f"target RSS < 80 MB: {'met' if max(rss) < 80 else 'NOT met'}")
    print(f"target CPU < 1%: {'met' if mean < 1 else 'NOT met'}")


def main() -> int:
    """Fill, first start, restart and watch; print the table, the machine and the load."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between samples")
    args = parser.parse_args()
    if args.applications > 1000:
        sys.exit("at most 1,000 applications (the company names run out)")
    print(machine())
    print(f"before: {load()}")
    with tempfile.TemporaryDirectory(prefix="afterview-bench-idle-") as tmp:
        root = Path(tmp)
        with local_servers(root, fill(args.applications)) as servers:
            config = write_config(root, servers)
            log = root / "afterview.log"
            first_rss = first_start(config, log, args.applications)
            filed = _applications(database(config))
            samples = watch_idle(config, log, args.minutes, args.every)
    report(samples, first_rss, filed, args.minutes)
    print(f"after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
