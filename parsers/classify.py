"""From signals to a kind: add the weights per kind, and let the strongest evidence win.

The rules that are not plain sums are here, each with its reason:
machine-made kinds (bounce, auto-reply) win outright once their evidence is
strong; mail about no job at all is unrelated; a person at an employer
writing about an application with no stronger cue is an employer reply.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from afterview.parsers.facts import Kind, Signal

# Evidence a machine-made kind needs before it beats every word cue.
_DECISIVE = {Kind.BOUNCE: 5.0, Kind.AUTO_REPLY: 3.0}
# The least total weight a kind needs to be chosen over the fallback.
_THRESHOLD = 2.0
_APPLICATION_KINDS = frozenset(Kind) - {
    Kind.BOUNCE,
    Kind.AUTO_REPLY,
    Kind.UNRELATED,
    Kind.UNREADABLE,
}


@dataclass(frozen=True)
class Verdict:
    """The chosen kind, how sure we are, and the evidence."""

    kind: Kind
    confidence: float
    signals: tuple[Signal, ...]


def scores(signals: Iterable[Signal]) -> dict[Kind, float]:
    """Total weight per kind."""
    totals: dict[Kind, float] = defaultdict(float)
    for signal in signals:
        totals[signal.kind] += signal.weight
    return dict(totals)


def decisive(signals: Iterable[Signal]) -> bool:
    """Whether some kind already has the weight to be chosen over the fallback."""
    return any(weight >= _THRESHOLD for weight in scores(signals).values())


def decide(signals: Iterable[Signal], *, fallback: Kind) -> Verdict:
    """The kind the signals support best; `fallback` when none is strong enough."""
    evidence = tuple(signals)
    totals = scores(evidence)
    for kind, needed in _DECISIVE.items():
        if _machine_made(kind, needed, evidence, totals):
            return Verdict(kind, _confidence(totals, kind), evidence)
    candidates = {k: v for k, v in totals.items() if k in _APPLICATION_KINDS or k is Kind.UNRELATED}
    if not candidates or max(candidates.values()) < _THRESHOLD:
        return Verdict(fallback, 0.5, evidence)
    best = max(candidates, key=lambda kind: (candidates[kind], _precedence(kind)))
    return Verdict(best, _confidence(totals, best), evidence)


def _machine_made(
    kind: Kind, needed: float, evidence: tuple[Signal, ...], totals: dict[Kind, float]
) -> bool:
    """Whether a machine-made kind wins outright.

    Headers (and report parts) decide alone. Words decide unless a person's words
    for an application event weigh more: "I'm out of the office tomorrow, so I have
    to cancel our interview" is a cancellation, not an out-of-office reply.
    """
    # Word cues are named after their language ("en:out_of_office"); header signals are not.
    if sum(s.weight for s in evidence if s.kind is kind and ":" not in s.name) >= needed:
        return True
    strongest = max((v for k, v in totals.items() if k in _APPLICATION_KINDS), default=0.0)
    return totals.get(kind, 0.0) >= max(needed, strongest + 0.1)


def _precedence(kind: Kind) -> int:
    # On a tie, the kind that changes the application most wins: an offer or a
    # rejection matters more than an acknowledgement that mentions it.
    # "Thanks for applying! Are you free Tuesday?": the invitation is the news.
    order = (
        Kind.OFFER,
        Kind.REJECTION,
        Kind.INTERVIEW_CANCELLED,
        Kind.INTERVIEW_CONFIRMATION,
        Kind.INTERVIEW_INVITATION,
        Kind.ASSESSMENT,
    )
    return len(order) - order.index(kind) if kind in order else 0


def _confidence(totals: dict[Kind, float], best: Kind) -> float:
    top = totals[best]
    runner_up = max((v for k, v in totals.items() if k is not best), default=0.0)
    return round(top / (top + runner_up + 1.0), 2)
