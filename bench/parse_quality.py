"""Parser quality on the labelled corpus: per-label accuracy, confusion, field accuracy, targets.

python bench/parse_quality.py            # tune and held-out tables
python bench/parse_quality.py --errors   # also list the tune mismatches (never the held-out ones)
python bench/parse_quality.py --tune-only --errors   # while writing rules: no held-out table
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Sample, samples  # after the path set-up above

from afterview.parsers.facts import Facts, Kind
from afterview.parsers.parse import parse_message

APPLICATION_EVENTS = frozenset(Kind) - {
    Kind.UNRELATED,
    Kind.AUTO_REPLY,
    Kind.BOUNCE,
    Kind.UNREADABLE,
}
TARGETS = {
    "kind": 0.95,
    "company": 0.90,
    "interview start": 0.95,
    "interviewers": 0.90,
    "decision_by": 0.90,
    # Not targets of the issue; measured so a regression shows.
    "role": 0.0,
    "ooo_until": 0.0,
}


@dataclass
class Tally:
    """Hits and totals per measure, and the mismatches behind the misses."""

    hits: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def count(self, measure: str, ok: bool, sample: Sample, detail: str) -> None:
        """Record one comparison."""
        self.totals[measure] += 1
        self.hits[measure] += ok
        if not ok:
            self.errors.append(
                f"{measure:16} {sample.path.relative_to(sample.path.parents[2])}: {detail}"
            )

    def rate(self, measure: str) -> float:
        """Share of hits, 1.0 when nothing was measured."""
        return self.hits[measure] / self.totals[measure] if self.totals[measure] else 1.0


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)) if value else None


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value)) if value else None


def compare(sample: Sample, facts: Facts, tally: Tally) -> None:
    """Compare one message's facts with its sidecar."""
    want = sample.expected
    tally.confusion[(want["kind"], facts.kind.value)] += 1
    tally.count(
        f"kind:{want['kind']}", facts.kind.value == want["kind"], sample, f"got {facts.kind.value}"
    )
    tally.count(
        "kind", facts.kind.value == want["kind"], sample, f"{want['kind']} -> {facts.kind.value}"
    )
    if want["company"]:
        ok = (facts.company or "").casefold() == want["company"].casefold()
        tally.count("company", ok, sample, f"want {want['company']!r} got {facts.company!r}")
    if want["role"]:
        ok = (facts.role or "").casefold() == str(want["role"]).casefold()
        tally.count("role", ok, sample, f"want {want['role']!r} got {facts.role!r}")
    _compare_interview(sample, facts, tally)
    if want["kind"] == "auto_reply":
        ooo = _day(want["ooo_until"])
        tally.count(
            "ooo_until", facts.ooo_until == ooo, sample, f"want {ooo} got {facts.ooo_until}"
        )
    if want["decision_by"]:
        low, high = (_day(d) for d in want["decision_by"])
        got = facts.decision_by
        ok = got is not None and low is not None and high is not None and low <= got <= high
        tally.count("decision_by", ok, sample, f"want {low}..{high} got {got}")
    elif facts.decision_by is not None:
        tally.count("decision_by false", False, sample, f"got {facts.decision_by}, want none")


def _compare_interview(sample: Sample, facts: Facts, tally: Tally) -> None:
    interview = sample.expected["interview"]
    if not interview:
        return
    got = facts.interview
    start = _moment(interview["start"])
    tally.count(
        "interview start",
        got is not None and got.start == start,
        sample,
        f"want {start} got {got and got.start}",
    )
    want_people = {e.lower() for e in interview.get("interviewers") or []}
    got_people = {p.email for p in got.interviewers if p.email} if got else set()
    tally.count(
        "interviewers",
        want_people == got_people,
        sample,
        f"want {sorted(want_people)} got {sorted(got_people)}",
    )


def evaluate(batch: Iterable[Sample]) -> Tally:
    """Parse every sample and tally the comparisons."""
    tally = Tally()
    for sample in batch:
        compare(sample, parse_message(sample.raw, sample.context()), tally)
    return tally


def report(name: str, tally: Tally) -> list[str]:
    """The printed table for one split; returns the targets it misses."""
    print(f"\n== {name}: {tally.totals['kind']} messages")
    kinds = sorted({k for k, _ in tally.confusion})
    print(f"{'label':24} {'n':>4} {'accuracy':>9}")
    for kind in kinds:
        print(f"{kind:24} {tally.totals[f'kind:{kind}']:>4} {tally.rate(f'kind:{kind}'):>9.1%}")
    _print_confusion(tally, kinds)
    missed = []
    print(f"\n{'field':24} {'n':>4} {'accuracy':>9} {'target':>7}")
    for measure, target in TARGETS.items():
        rate = tally.rate(measure)
        missed += [measure] if rate < target else []
        print(f"{measure:24} {tally.totals[measure]:>4} {rate:>9.1%} {target:>7.0%}")
    print(f"{'decision_by false dates':24} {tally.totals['decision_by false']:>4}")
    unrelated = sum(
        n
        for (want, got), n in tally.confusion.items()
        if want == "unrelated" and got in APPLICATION_EVENTS
    )
    share = unrelated / max(1, tally.totals["kind:unrelated"])
    swaps = tally.confusion[("rejection", "offer")] + tally.confusion[("offer", "rejection")]
    print(f"unrelated -> application event: {unrelated} ({share:.1%}, target <= 2%)")
    print(f"rejection <-> offer confusions: {swaps} (target 0)")
    missed += ["unrelated"] if share > 0.02 else []
    missed += ["rejection/offer"] if swaps else []
    return missed


def _print_confusion(tally: Tally, kinds: list[str]) -> None:
    rows: dict[str, dict[str, int]] = defaultdict(dict)
    for (want, got), n in tally.confusion.items():
        rows[want][got] = n
    columns = sorted({got for _, got in tally.confusion})
    short = {
        k: k.replace("interview_", "iv_").replace("application_", "app_")[:10] for k in columns
    }
    print("\nconfusion (rows: expected, columns: parsed)")
    print(" " * 24 + " ".join(f"{short[c]:>10}" for c in columns))
    for want in kinds:
        print(f"{want:24}" + " ".join(f"{rows[want].get(c, 0) or '.':>10}" for c in columns))


def main() -> int:
    """Print both tables; exit 1 if the held-out part misses a target."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", action="store_true", help="list the tune mismatches")
    parser.add_argument(
        "--tune-only", action="store_true", help="skip the held-out part (while writing rules)"
    )
    args = parser.parse_args()
    tune = evaluate(samples("tune"))
    report("tune", tune)
    if args.errors:
        print("\n".join(["", "tune mismatches:", *sorted(tune.errors)]))
    if args.tune_only:
        return 0
    missed = report("held-out", evaluate(samples("heldout")))
    print(f"\nheld-out targets missed: {', '.join(missed) or 'none'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
