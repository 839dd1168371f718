"""The iCalendar format (RFC 5545 section 3): content lines, components, values.

Content lines become a light component tree that keeps only the properties asked
for (section 3.1 needs a few regular expressions; icalendar's parser costs about
750 µs per invitation, several times a message's budget). Zones are `calendar_zones`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

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


@dataclass(frozen=True)
class LocalTime:
    """A DATE or DATE-TIME value as written: wall-clock time, and whether it is UTC or a date."""

    wall: datetime
    utc: bool = False
    all_day: bool = False


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
