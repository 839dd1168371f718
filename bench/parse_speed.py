"""Parser speed: messages per second on one core, classification plus extraction from raw bytes.

    python bench/parse_speed.py [--rounds 5]

The speed corpus is built from the labelled corpus, so it has the same
variety of senders: each message gets an HTML alternative if it has none,
and an attachment sized so the messages spread over 3-50 KB, as real
job mail with a resume or an offer letter does. It is built in memory,
deterministically (a fixed seed), and parsed in one process.
"""

from __future__ import annotations

import argparse
import html
import random
import statistics
import sys
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import samples  # after the path set-up above

from afterview.parsers.parse import parse_message

ATTACHMENT_SIZES = (0, 1_000, 4_000, 12_000, 24_000, 40_000)
BANDS = ((0, 3_000), (3_000, 10_000), (10_000, 25_000), (25_000, 60_000))


def _html_version(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    footer = (
        '<p style="color:#888;font-size:11px">You received this email because you applied. '
        '<a href="https://example.com/unsub">Unsubscribe</a></p>'
    )
    return f"<html><body><table><tr><td>{paragraphs}{footer}</td></tr></table></body></html>"


def realistic(raw: bytes, rng: random.Random) -> bytes:
    """The message with an HTML alternative and an attachment, if it can be rebuilt; else as is."""
    try:
        message = message_from_bytes(raw, policy=policy.default)
        if not isinstance(message, EmailMessage):
            return raw
        if message.get_content_type() == "text/plain":
            message.add_alternative(_html_version(message.get_content()), subtype="html")
        size = rng.choice(ATTACHMENT_SIZES)
        if size:
            pdf = rng.randbytes(size)
            message.add_attachment(
                pdf, maintype="application", subtype="pdf", filename="resume.pdf"
            )
        return message.as_bytes()
    except Exception:  # noqa: BLE001 -- an odd corpus message is kept as it was written
        return raw


def main() -> int:
    """Build the speed corpus, parse it `--rounds` times, print the best and median rates."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(20261124)
    batch = [(realistic(s.raw, rng), s.context()) for s in samples("tune", "heldout")]
    sizes = [len(raw) for raw, _ in batch]
    low, high, mean = min(sizes) / 1024, max(sizes) / 1024, statistics.mean(sizes) / 1024
    print(f"{len(batch)} messages, {low:.1f}-{high:.1f} KB, mean {mean:.1f} KB")
    for raw, context in batch:  # warm caches: compiled patterns, zone data
        parse_message(raw, context)
    rates = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for raw, context in batch:
            parse_message(raw, context)
        rates.append(len(batch) / (time.perf_counter() - start))
    best, median = max(rates), statistics.median(rates)
    print(f"all: best {best:,.0f} msg/s, median {median:,.0f} msg/s over {args.rounds} rounds")
    for floor, ceiling in BANDS:
        band = [(raw, ctx) for raw, ctx in batch if floor <= len(raw) < ceiling]
        start = time.perf_counter()
        for raw, context in band:
            parse_message(raw, context)
        elapsed = time.perf_counter() - start
        rate = len(band) / elapsed
        label = f"{floor // 1000:>2}-{ceiling // 1000:<2} KB"
        print(f"  {label}: {len(band):>3} messages, {rate:,.0f} msg/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
