"""The daemon's sense of time: the machine's clock, or one that moves when told (the demo's).

Nothing in the daemon reads the time but through a Clock, and nothing waits for a
time but through `sleep_until`: so the demo can run weeks of a story in seconds, and
the tests can move time one step at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """The time, and a way to wait for it."""

    def now(self) -> datetime:
        """The current time, aware."""

    async def sleep_until(self, when: datetime, wake: asyncio.Event) -> None:
        """Return at `when`, or as soon as `wake` is set."""


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)

    async def sleep_until(self, when: datetime, wake: asyncio.Event) -> None:
        """Wait on `wake` for at most the time left until `when`."""
        left = max(0.0, (when - self.now()).total_seconds())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=left)


class SteppedClock:
    """A clock that moves only when `set`; whoever sleeps on it wakes when it does."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._moved = asyncio.Event()

    def now(self) -> datetime:
        """The time it was last set to."""
        return self._now

    async def sleep_until(self, when: datetime, wake: asyncio.Event) -> None:
        """Wait until the clock is set to `when` or later, or `wake` is set."""
        while self._now < when and not wake.is_set():
            self._moved.clear()
            waits = [asyncio.ensure_future(event.wait()) for event in (wake, self._moved)]
            _done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for waiting in pending:
                waiting.cancel()

    def set(self, when: datetime) -> None:
        """Move the clock (forward, as time goes)."""
        self._now = when
        self._moved.set()
