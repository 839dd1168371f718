"""A job seeker's mailbox of any size, as Maildir files: for the backfill bench.

The mix, as a job seeker's INBOX holds it: ~15% mail about applications (the
labelled corpus and the demo's mailbox, each given an HTML alternative and, for
most, a resume-sized attachment, as bench/parse_speed.py does), ~85% the rest:
newsletters (HTML, bulk headers), job alerts (lists of postings with links,
bulk headers), receipts (transactional: no bulk headers; half with a PDF),
and the corpus's unrelated mail.
Sizes spread over 3-50 KB. Every message has a fresh Message-ID and a date in
the last 80 days, which is also its file's mtime (Dovecot's INTERNALDATE).

Built once per size and seed into a cache folder, then hard-linked into each
bench's Maildir: generating 100,000 messages takes a minute or two.
"""

from __future__ import annotations

import base64
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from daemon_harness import ME, corpus_paths, demo_paths, with_headers  # after the path set-up
from parse_speed import realistic

# Outside the repo, kept between runs, rebuilt if missing: nothing secret in it.
CACHE = Path("/tmp/afterview-bench-mail")  # noqa: S108 -- a cache, not a temp file
VERSION = 4
JOB_SHARE = 0.15
SPAN = timedelta(days=80)
WORDS = (
    "market team data product growth launch weekly update report customer design platform "
    "cloud pipeline engineer remote hybrid salary role senior staff lead analytics python "
    "security release community event webinar guide tips story interview career skills "
    "the a of and to in for with on this your our new more how why what best from"
).split()
NEWSLETTERS = (
    ("Morning Brew", "crew@morningbrew.example"),
    ("The Pragmatic Engineer", "gergely@pragmaticengineer.example"),
    ("Medium Daily Digest", "noreply@medium.example"),
    ("Product Hunt Daily", "hello@producthunt.example"),
    ("TLDR", "dan@tldrnewsletter.example"),
    ("Toronto Public Library", "news@tpl.example"),
)
ALERTS = (
    ("LinkedIn Job Alerts", "jobalerts-noreply@linkedin.com"),
    ("Indeed", "alert@indeed.com"),
    ("Glassdoor Jobs", "noreply@glassdoor.com"),
    ("Wellfound", "team@wellfound.example"),
)
SHOPS = (
    ("Amazon.ca", "auto-confirm@amazon.example"),
    ("Uber Receipts", "noreply@uber.example"),
    ("Hydro One", "ebill@hydroone.example"),
    ("GitHub", "noreply@github.com"),
)
TITLES = ("Data Engineer", "Senior Backend Developer", "Platform Engineer", "ML Engineer")
COMPANIES = ("Shopify", "Wealthsimple", "Cohere", "Ada", "Faire", "Wattpad", "Top Hat", "Clio")


def cached(count: int, seed: int) -> Path:
    """The cache folder of `count` messages (its cur/ holds them), built if missing."""
    folder = CACHE / f"v{VERSION}-{count}-seed{seed}"
    if not (folder / "complete").exists():
        started = time.perf_counter()
        _build(folder, count, seed)
        print(f"generated {count:,} messages in {time.perf_counter() - started:.0f}s: {folder}")
    print(f"mailbox: {(folder / 'complete').read_text().strip()}")
    return folder


def link_into(cache: Path, maildir: Path) -> None:
    """Hard-link the cached messages into `maildir` (cur/; new/ and tmp/ empty), owned by
    the owner of its parent, the user's home (Dovecot's mail user: `nobody` under root)."""
    home = maildir.parent.stat()
    for part in ("", "cur", "new", "tmp"):
        (maildir / part).mkdir(parents=True, exist_ok=True)
        os.chown(maildir / part, home.st_uid, home.st_gid)
    for entry in os.scandir(cache / "cur"):
        os.link(entry.path, maildir / "cur" / entry.name)
        if entry.stat().st_uid != home.st_uid:  # one inode per message: once per cache
            os.chown(entry.path, home.st_uid, home.st_gid)


def _build(folder: Path, count: int, seed: int) -> None:
    cur = folder / "cur"
    cur.mkdir(parents=True, exist_ok=True)
    for old in cur.iterdir():
        old.unlink()
    rng = random.Random(seed)
    job = [realistic(p.read_bytes(), rng) for p in _job_paths() for _ in range(3)]
    unrelated = [realistic(p.read_bytes(), rng) for p in _unrelated_paths()]
    pool = base64.encodebytes(rng.randbytes(48_000))
    now = datetime.now(UTC).replace(microsecond=0)
    makers = (_newsletter, _alert, _receipt)
    sizes, jobs, html, attached = [], 0, 0, 0
    for n in range(count):
        when = now - SPAN * (1 - n / count)  # oldest first: UIDs follow the dates
        date = format_datetime(when)
        message_id = f"<{n}.{seed}.{rng.getrandbits(40):x}@bench.example>"
        share = rng.random()
        if share < JOB_SHARE:
            raw = with_headers(rng.choice(job), message_id, date)
            jobs += 1
        elif share < JOB_SHARE + 0.05:
            raw = with_headers(rng.choice(unrelated), message_id, date)
        else:
            raw = rng.choice(makers)(rng, message_id, date, pool)
        stamp = int(when.timestamp())
        path = cur / f"{stamp}.M{n}P{seed}.bench,S={len(raw)}:2,S"
        path.write_bytes(raw)
        os.utime(path, (stamp, stamp))
        sizes.append(len(raw))
        html += b"text/html" in raw
        attached += b"Content-Disposition: attachment" in raw
    sizes.sort()
    summary = (
        f"{count:,} messages, {jobs / count:.0%} job mail, {html / count:.0%} with HTML, "
        f"{attached / count:.0%} with an attachment; {sizes[0] / 1024:.1f}-{sizes[-1] / 1024:.1f}"
        f" KB, median {sizes[count // 2] / 1024:.1f} KB, mean {sum(sizes) / count / 1024:.1f} KB,"
        f" {sum(s < 3072 for s in sizes) / count:.0%} under 3 KB,"
        f" {sum(s > 51200 for s in sizes) / count:.0%} over 50 KB"
    )
    (folder / "complete").write_text(summary + "\n")


def _job_paths() -> list[Path]:
    paths = corpus_paths("tune", "heldout") + demo_paths()
    return [p for p in paths if b"kind: unrelated" not in _sidecar(p)]


def _unrelated_paths() -> list[Path]:
    return [p for p in corpus_paths("tune", "heldout") if b"kind: unrelated" in _sidecar(p)]


def _sidecar(path: Path) -> bytes:
    yaml = path.with_suffix(".yaml")
    return yaml.read_bytes() if yaml.exists() else b""


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def _head(
    sender: tuple[str, str], subject: str, message_id: str, date: str, kind: str, *, bulk: bool
) -> str:
    name, address = sender
    lists = f"List-Unsubscribe: <https://{address.split('@')[1]}/unsubscribe>\n"
    return (
        f"From: {name} <{address}>\nTo: {ME}\nSubject: {subject}\nDate: {date}\n"
        f"Message-ID: {message_id}\nMIME-Version: 1.0\n"
        f"{lists + 'Precedence: bulk' + chr(10) if bulk else ''}Content-Type: {kind}"
    )


def _alternative(head: str, text: str, html: str, boundary: str) -> bytes:
    return (
        f'{head}; boundary="{boundary}"\n\n--{boundary}\n'
        f"Content-Type: text/plain; charset=utf-8\n\n{text}\n--{boundary}\n"
        f"Content-Type: text/html; charset=utf-8\n\n{html}\n--{boundary}--\n"
    ).encode()


def _newsletter(rng: random.Random, message_id: str, date: str, _pool: bytes) -> bytes:
    paragraphs = [
        " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(4))
        for _ in range(rng.randint(3, 32))
    ]
    text = "\n\n".join(paragraphs)
    cells = "".join(
        f'<tr><td style="padding:12px;font-family:Arial;font-size:15px"><p>{p}</p></td></tr>'
        for p in paragraphs
    )
    html = f"<html><body><table width=600>{cells}</table></body></html>"
    subject = _sentence(rng, 6).rstrip(".")
    head = _head(
        rng.choice(NEWSLETTERS), subject, message_id, date, "multipart/alternative", bulk=True
    )
    return _alternative(head, text, html, f"nl{rng.getrandbits(32):x}")


def _alert(rng: random.Random, message_id: str, date: str, _pool: bytes) -> bytes:
    title = rng.choice(TITLES)
    jobs = [
        (rng.choice(TITLES), rng.choice(COMPANIES), rng.getrandbits(32))
        for _ in range(rng.randint(15, 60))
    ]
    text = "\n\n".join(
        f"{t}\n{c} - Toronto, ON (Hybrid)\nhttps://jobs.example/view/{i}" for t, c, i in jobs
    )
    rows = "".join(
        f'<tr><td><a href="https://jobs.example/view/{i}" style="color:#0a66c2">{t}</a>'
        f"<br>{c} &middot; Toronto, ON (Hybrid)<br><span>Easy Apply</span></td></tr>"
        for t, c, i in jobs
    )
    html = f"<html><body><table>{rows}</table></body></html>"
    subject = f"{len(jobs)} new jobs for {title} in Toronto"
    head = _head(rng.choice(ALERTS), subject, message_id, date, "multipart/alternative", bulk=True)
    return _alternative(head, text, html, f"ja{rng.getrandbits(32):x}")


def _receipt(rng: random.Random, message_id: str, date: str, pool: bytes) -> bytes:
    shop = rng.choice(SHOPS)
    text = "\n".join(_sentence(rng, rng.randint(6, 14)) for _ in range(rng.randint(40, 90)))
    # Transactional mail: no bulk headers.
    head = _head(
        shop, f"Your receipt from {shop[0]}", message_id, date, "multipart/mixed", bulk=False
    )
    boundary = f"rc{rng.getrandbits(32):x}"
    body = f'{head}; boundary="{boundary}"\n\n--{boundary}\nContent-Type: text/plain\n\n{text}\n'
    if rng.random() < 0.5:
        size = rng.randint(2_000, 40_000)
        start = rng.randint(0, len(pool) - size - 1)
        attachment = pool[start : start + size].decode()
        body += (
            f"--{boundary}\nContent-Type: application/pdf; name=receipt.pdf\n"
            "Content-Disposition: attachment; filename=receipt.pdf\n"
            f"Content-Transfer-Encoding: base64\n\n{attachment}"
        )
    return f"{body}--{boundary}--\n".encode()
