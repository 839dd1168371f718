"""The labelled corpus (tests/corpus), read for the benchmarks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import yaml

from afterview.parsers.parse import Context

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
# The candidate of the corpus lives in Ontario (tests/corpus/README.md).
_ONTARIO = holidays.country_holidays("CA", subdiv="ON", years=range(2024, 2029))


@dataclass(frozen=True)
class Sample:
    """One labelled message: its bytes, its expected facts, and the context to parse it in."""

    path: Path
    raw: bytes
    expected: dict[str, Any]

    @property
    def split(self) -> str:
        """tune or heldout."""
        return self.path.relative_to(CORPUS).parts[0]

    def context(self) -> Context:
        """The mailbox owner's context the sidecar describes."""
        zone = self.expected.get("user_tz") or "America/Toronto"
        me = frozenset({self.expected["me"]})
        return Context(me=me, user_tz=ZoneInfo(zone), holidays=_ONTARIO)


def samples(*splits: str) -> Iterator[Sample]:
    """Every labelled message of the given splits, in path order."""
    for split in splits:
        for path in sorted((CORPUS / split).glob("*/*.eml")):
            expected = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
            yield Sample(path, path.read_bytes(), expected)
