"""The time zones of iCalendar invitations: TZIDs, VTIMEZONE observances, placed times.

A TZID is looked up as an IANA name, then as a Windows name (icalendar's table,
from CLDR), then as a libical-style "/vendor/Area/City" path. A TZID none of these
know falls back to the offsets of the calendar's own VTIMEZONE, and without one to
the user's zone: an unknown label never loses the event.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from afterview.parsers.calendar_format import Component, Property, parse_time

_UTC_OFFSET = re.compile(r"\s*([+-])(\d\d):?(\d\d)(?::?(\d\d))?\s*")
_BY_DAY = re.compile(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)", re.IGNORECASE)
_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_WINDOWS_ZONES = {name.lower(): iana for name, iana in WINDOWS_TO_OLSON.items()}
# Longer labels are not zone names: refusing them keeps garbage out of the cache.
_MAX_TZID = 120


@dataclass(frozen=True)
class Observance:
    """A STANDARD or DAYLIGHT part of a VTIMEZONE: the offset it sets, and when."""

    onset: datetime
    offset: timedelta
    offset_before: timedelta
    # A yearly rule (RRULE FREQ=YEARLY), or None for a one-off change at `onset`.
    month: int | None = None
    weekday: int = 6
    nth: int = 1
    until_year: int | None = None

    def onsets_near(self, year: int) -> list[datetime]:
        """When this observance began in the given year and the one before."""
        if self.month is None:
            return [self.onset]
        last = year if self.until_year is None else min(year, self.until_year)
        years = [y for y in (year - 1, year) if self.onset.year <= y <= last]
        days = [nth_weekday(y, self.month, self.weekday, self.nth) for y in years]
        return [datetime.combine(d, self.onset.time()) for d in days if d is not None]


def _observance(part: Component) -> Observance | None:
    values = [part.first(n) for n in ("DTSTART", "TZOFFSETTO", "TZOFFSETFROM", "RRULE")]
    return parse_observance(*(v.value if v else "" for v in values))


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The nth given weekday of a month (negative counts from the end), or None."""
    if nth > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    else:
        last = date(year, month, calendar.monthrange(year, month)[1])
        day = last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))
    return day if day.month == month else None


def parse_offset(value: str) -> timedelta | None:
    """A UTC-OFFSET value such as -0500, or None."""
    match = _UTC_OFFSET.fullmatch(value)
    if match is None:
        return None
    sign, hours, minutes, seconds = match.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds or 0))
    if offset >= timedelta(hours=24):  # datetime.timezone refuses it; no zone is that far
        return None
    return -offset if sign == "-" else offset


def parse_observance(onset: str, offset: str, offset_before: str, rule: str) -> Observance | None:
    """An observance from its DTSTART, TZOFFSETTO, TZOFFSETFROM and RRULE values, or None."""
    start, after, before = parse_time(onset), parse_offset(offset), parse_offset(offset_before)
    if start is None or after is None:
        return None
    observance = Observance(start.wall, after, after if before is None else before)
    parts = dict(p.partition("=")[::2] for p in rule.upper().split(";"))
    by_day = _BY_DAY.fullmatch(parts.get("BYDAY", ""))
    if parts.get("FREQ") != "YEARLY" or not parts.get("BYMONTH", "").isdigit() or not by_day:
        return observance
    until = parts.get("UNTIL", "")[:4]
    return Observance(
        start.wall,
        after,
        observance.offset_before,
        month=min(max(int(parts["BYMONTH"]), 1), 12),
        weekday=_WEEKDAYS[by_day.group(2).upper()],
        nth=int(by_day.group(1) or 1),
        until_year=int(until) if until.isdigit() else None,
    )


def observed_offset(observances: tuple[Observance, ...], wall: datetime) -> timedelta:
    """The UTC offset a VTIMEZONE gives a wall-clock time: that of the latest change before it."""
    changes = [(onset, o.offset) for o in observances for onset in o.onsets_near(wall.year)]
    earlier = [change for change in changes if change[0] <= wall]
    if earlier:
        return max(earlier)[1]
    first = min(observances, key=lambda o: o.onset)
    return first.offset_before


def known_zone(tzid: str) -> ZoneInfo | None:
    """The IANA zone a TZID names, directly, as a Windows name or as a vendor path; else None."""
    tzid = tzid.strip().strip('"').strip()
    if not tzid or len(tzid) > _MAX_TZID:
        return None
    return _known_zone(tzid)


@lru_cache(maxsize=256)
def _known_zone(tzid: str) -> ZoneInfo | None:
    parts = tzid.strip("/").split("/")
    windows = _WINDOWS_ZONES.get(tzid.lower())
    candidates = ["/".join(parts[i:]) for i in range(len(parts))]
    for name in [candidates[0], *([windows] if windows else []), *candidates[1:]]:
        try:
            return ZoneInfo(name)
        except (ValueError, OSError, LookupError):  # unknown, malformed, or a directory name
            continue
    return None


@dataclass(frozen=True)
class Placed:
    """A time made aware, with the IANA name of the zone it was written in when known."""

    when: datetime
    zone: str | None = None
    all_day: bool = False


@dataclass(frozen=True)
class CalendarZones:
    """What one calendar's times are read against: its VTIMEZONEs and the user's zone."""

    vtimezones: tuple[Component, ...]
    floating: tzinfo  # for times without a zone: X-WR-TIMEZONE, else the user's
    user_tz: tzinfo

    @classmethod
    def of(cls, vcalendar: Component, user_tz: tzinfo) -> CalendarZones:
        """The zones a VCALENDAR defines or names, around the user's zone."""
        default = vcalendar.text("X-WR-TIMEZONE")
        floating = (known_zone(default) if default else None) or user_tz
        return cls(tuple(vcalendar.walk("VTIMEZONE")), floating, user_tz)

    def place(self, prop: Property | None) -> Placed | None:
        """A DTSTART-like property as an aware datetime, or None when it holds no time.

        Dates become midnight in the user's zone, UTC times are shown in it, and a TZID
        nothing knows falls back to its VTIMEZONE's offsets, else to the user's zone.
        """
        value = parse_time(prop.value, prop.params.get("VALUE")) if prop else None
        if prop is None or value is None:
            return None
        if value.all_day:
            return Placed(value.wall.replace(tzinfo=self.user_tz), all_day=True)
        if value.utc:
            return Placed(value.wall.replace(tzinfo=UTC).astimezone(self.user_tz))
        zone, name = self._zone(prop.params.get("TZID", "").strip(), value.wall)
        return Placed(value.wall.replace(tzinfo=zone), name)

    def _zone(self, tzid: str, wall: datetime) -> tuple[tzinfo, str | None]:
        if not tzid:
            return self.floating, None
        zone = known_zone(tzid)
        if zone is not None:
            return zone, zone.key
        observances = self._observances(tzid)
        if observances:
            return timezone(observed_offset(observances, wall)), None
        return self.user_tz, None

    def _observances(self, tzid: str) -> tuple[Observance, ...]:
        """The observances of the VTIMEZONE with that TZID: read only when a TZID is unknown."""
        for vtimezone in self.vtimezones:
            if vtimezone.text("TZID") == tzid:
                parts = (p for p in vtimezone.children if p.name in ("STANDARD", "DAYLIGHT"))
                return tuple(o for part in parts if (o := _observance(part)) is not None)
        return ()
