"""The labelled corpus (tests/corpus) for tests: one reader of messages and their sidecars."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import holidays
import yaml

from afterview.parsers.mime import Mail

CORPUS = Path(__file__).resolve().parent / "corpus"
# The corpus's candidate keeps Ontario's public holidays (corpus README).
ONTARIO = holidays.country_holidays("CA", subdiv="ON", years=range(2025, 2028))


@dataclass(frozen=True)
class Labelled:
    """One corpus message: its file and the facts its sidecar expects."""

    path: Path
    facts: dict[str, Any]

    @property
    def name(self) -> str:
        """`family/stem`, as test ids show it."""
        return f"{self.path.parent.name}/{self.path.stem}"

    @cached_property
    def mail(self) -> Mail:
        """The message, read."""
        return Mail(self.path.read_bytes())


def labelled(
    split: str, family: str = "*", where: Callable[[Labelled], bool] | None = None
) -> list[Labelled]:
    """The corpus messages of a split (tune or heldout), optionally of one family, filtered."""
    found = []
    for sidecar in sorted((CORPUS / split).glob(f"{family}/*.yaml")):
        item = Labelled(
            sidecar.with_suffix(".eml"), yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        )
        if where is None or where(item):
            found.append(item)
    return found
