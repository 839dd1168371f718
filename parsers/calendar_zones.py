"""The iCalendar format under the events: content lines, components, times and zones.

Content lines become a light component tree that keeps only the properties asked
for (RFC 5545 section 3.1 needs a few regular expressions; icalendar's parser costs
about 750 µs per invitation, several times a message's budget).

A TZID is looked up as an IANA name, then as a Windows name (icalendar's table,
from CLDR), then as a libical-style "/vendor/Area/City" path. A TZID none of these
know falls back to the offsets of the calendar's own VTIMEZONE, and without one to
the user's zone: an unknown label never loses the event.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

_PARAMETER = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^";]*)')
_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")
# Hostile or broken input stops here: real invitations are far smaller.
_MAX_COMPONENTS = 500
_MAX_VALUES = 500
_MAX_LINES = 20_000
MAX_TEXT = 65_536
_DATE_TIME = re.compile(
    r"\s*(\d{4})-?(\d\d)-?(\d\d)(?:T(\d\d):?(\d\d)(?::?(\d\d))?(Z)?)?\s*", re.IGNORECASE
)
_DURATION = re.compile(
    r"\s*([+-])?P(?:(\d{1,6})W)?(?:(\d{1,6})D)?"
    r"(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6})S)?)?\s*",
    re.IGNORECASE,
)
_UTC_OFFSET = re.compile(r"\s*([+-])(\d\d):?(\d\d)(?::?(\d\d))?\s*")
_BY_DAY = re.compile(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)", re.IGNORECASE)
_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_WINDOWS_ZONES = {name.lower(): iana for name, iana in WINDOWS_TO_OLSON.items()}
# Longer labels are not zone names: refusing them keeps garbage out of the cache.
_MAX_TZID = 120


@dataclass(frozen=True)
class LocalTime:
    """A DATE or DATE-TIME value as written: wall-clock time, and whether it is UTC or a date."""

    wall: datetime
    utc: bool = False
    all_day: bool = False


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


class Property(NamedTuple):
    """A property as written: its parameters (names upper-cased) and its raw value."""

    params: Mapping[str, str]
    value: str


@dataclass
class Component:
    """A component as read: the properties kept, and the components inside it."""

    name: str
    properties: dict[str, list[Property]] = field(default_factory=dict)
    children: list[Component] = field(default_factory=list)

    def first(self, name: str) -> Property | None:
        """The first value of a property, or None."""
        values = self.properties.get(name)
        return values[0] if values else None

    def text(self, name: str) -> str | None:
        """A TEXT property unescaped and stripped, or None when absent or blank."""
        prop = self.first(name)
        value = unescape(prop.value[:MAX_TEXT]).strip() if prop else ""
        return value or None

    def walk(self, name: str) -> Iterator[Component]:
        """Every component of that name inside this one, at any depth."""
        for child in self.children:
            if child.name == name:
                yield child
            yield from child.walk(name)


def read_components(text: str, keep: frozenset[str]) -> Component:
    """The component tree of a text with the properties named in `keep`; never raises."""
    root = Component("")
    stack = [root]
    count = 0
    text = _unfold(repair(text))
    for line, match in enumerate(_line_pattern(keep).finditer(text)):
        name, params, value = match[1].upper(), match[2], match[3]
        if name == "END":
            names = [c.name for c in stack]
            kind = value.strip().upper()
            if kind in names[1:]:  # an END without its BEGIN is ignored
                del stack[len(names) - names[::-1].index(kind) - 1 :]
        elif name == "BEGIN":
            if count < _MAX_COMPONENTS:
                count += 1
                stack[-1].children.append(component := Component(value.strip().upper()))
                stack.append(component)
        elif line < _MAX_LINES:
            values = stack[-1].properties.setdefault(name, [])
            if len(values) < _MAX_VALUES:
                found = _PARAMETER.findall(params) if params else ()
                values.append(Property({k.upper(): v.strip('"') for k, v in found}, value))
    return root


@lru_cache(maxsize=8)
def _line_pattern(keep: frozenset[str]) -> re.Pattern[str]:
    """The lines that open or close a component or hold a kept property: found in one scan."""
    names = "|".join(sorted(map(re.escape, keep | {"BEGIN", "END"}), key=len, reverse=True))
    return re.compile(
        rf'^({names})((?:;(?:"[^"\n]*"|[^";:\n])*)*):([^\n]*)', re.IGNORECASE | re.MULTILINE
    )


def repair(text: str) -> str:
    """Undo UTF-8 decoded as Windows-1252, as happens when a fold splits a character."""
    if "Ã" not in text and "â€" not in text:
        return text
    try:
        return _unfold(text).encode("cp1252").decode("utf-8")
    except UnicodeError:  # not that mistake: keep the text as it came
        return text


def _unfold(text: str) -> str:
    """One logical line per line, ended by LF: a line starting with a blank continues the last."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n ", "").replace("\n\t", "")


def unescape(value: str) -> str:
    """A TEXT value with its backslash escapes undone."""
    return _TEXT_ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


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


def parse_time(value: str, value_type: str | None = None) -> LocalTime | None:
    """A DATE or DATE-TIME value, or None when it is not one."""
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, zulu = match.groups()
    try:
        if hour is None or (value_type or "").upper() == "DATE":
            return LocalTime(datetime(int(year), int(month), int(day)), all_day=True)  # noqa: DTZ001
        wall = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))  # noqa: DTZ001
    except ValueError:  # 2026-02-30, hour 25...
        return None
    return LocalTime(wall, utc=zulu is not None)


def parse_duration(value: str) -> timedelta | None:
    """A DURATION value such as PT45M or P1DT2H, or None."""
    match = _DURATION.fullmatch(value)
    if match is None or not any(match.groups()[1:]):
        return None
    sign, weeks, days, hours, minutes, seconds = match.groups()
    length = timedelta(
        weeks=int(weeks or 0),
        days=int(days or 0),
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=int(seconds or 0),
    )
    return -length if sign == "-" else length


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
