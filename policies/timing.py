"""Timing rules as small composable values: waits, business days and send windows.

Hours are elapsed time; days and business days are counted on the wall clock
of a zone, so "3 days after 14:00" is 14:00 three days later even across a
daylight-saving change. Business days skip weekends and the user's public
holidays. A send window moves a due time to its next opening.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Unit(enum.StrEnum):
    """How a wait counts."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    BUSINESS_DAYS = "business days"


_WAIT = re.compile(
    r"^\s*(?P<n>\d+)\s*(?P<unit>m|min|minutes?|h|hours?|d|days?|w|weeks?|bd|business[ _]days?)\s*$",
    re.I,
)


@dataclass(frozen=True)
class Calendar:
    """The user's zone and public holidays: what "a business day" means to them."""

    zone: ZoneInfo
    holidays: Container[date] = frozenset()

    def is_business_day(self, day: date) -> bool:
        """A weekday that is not a public holiday."""
        return day.weekday() < 5 and day not in self.holidays

    def add_business_days(self, at: datetime, count: int) -> datetime:
        """`count` business days later (or earlier when negative), same wall-clock time."""
        local = at.astimezone(self.zone)
        day, step = local.date(), 1 if count >= 0 else -1
        for _ in range(abs(count)):
            day += timedelta(days=step)
            while not self.is_business_day(day):
                day += timedelta(days=step)
        return wall_clock(day, local.time(), self.zone)

    def next_business_day(self, day: date) -> date:
        """The first business day after `day`."""
        day += timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day


def wall_clock(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A local time on a day, normalised: a time in a spring-forward gap moves past it."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC).astimezone(zone)


@dataclass(frozen=True)
class Wait:
    """A distance in time: `2h`, `3d`, `1w`, `5 business days`."""

    amount: int
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> Wait:
        """Read a wait as written in the policy; ValueError names the accepted forms."""
        match = _WAIT.match(str(text))
        if not match:
            raise ValueError(
                f"expected a wait such as 30m, 2h, 3d, 1w or 5 business days, got {text!r}"
            )
        amount, unit = int(match["n"]), match["unit"].lower()
        if unit.startswith(("w",)):
            return cls(amount * 7, Unit.DAYS)
        if unit.startswith(("b",)):
            return cls(amount, Unit.BUSINESS_DAYS)
        if unit.startswith("d"):
            return cls(amount, Unit.DAYS)
        return cls(amount, Unit.HOURS if unit.startswith("h") else Unit.MINUTES)

    def after(self, anchor: datetime, calendar: Calendar) -> datetime:
        """The moment this long after `anchor`."""
        return self._shift(anchor, self.amount, calendar)

    def before(self, anchor: datetime, calendar: Calendar) -> datetime:
        """The moment this long before `anchor`."""
        return self._shift(anchor, -self.amount, calendar)

    def _shift(self, anchor: datetime, amount: int, calendar: Calendar) -> datetime:
        if self.unit is Unit.MINUTES:
            return anchor + timedelta(minutes=amount)
        if self.unit is Unit.HOURS:
            return anchor + timedelta(hours=amount)
        if self.unit is Unit.BUSINESS_DAYS:
            return calendar.add_business_days(anchor, amount)
        local = anchor.astimezone(calendar.zone)
        return wall_clock(local.date() + timedelta(days=amount), local.time(), calendar.zone)

    def __str__(self) -> str:
        """The wait in English, as a policy may write it: "1 business day", "5 business days"."""
        unit = self.unit.value
        return f"{self.amount} {unit.removesuffix('s') if self.amount == 1 else unit}"


@dataclass(frozen=True)
class SendWindow:
    """When mail may leave: these weekdays (0 is Monday), from `start` to `end`, local time."""

    days: frozenset[int]
    start: time
    end: time

    @classmethod
    def from_names(cls, days: tuple[str, ...], start: time, end: time) -> SendWindow:
        """A window from weekday names as the config and policy write them."""
        return cls(frozenset(WEEKDAYS.index(d) for d in days), start, end)

    def next_opening(self, at: datetime, zone: ZoneInfo) -> datetime:
        """`at` itself when inside the window, else the window's next opening in `zone`."""
        local = at.astimezone(zone)
        if local.weekday() in self.days and self.start <= local.time() < self.end:
            return at
        day = local.date() if local.time() < self.start else local.date() + timedelta(days=1)
        for _ in range(8):
            if day.weekday() in self.days:
                return wall_clock(day, self.start, zone)
            day += timedelta(days=1)
        raise ValueError("a send window needs at least one weekday")  # pragma: no cover
