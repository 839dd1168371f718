"""Clock times as a lexicon's tokens spell them: "2:00 PM EST (2:00-2:45)", "13 h 30".

The grammar is a regular expression over token letters (`timewords`): a start,
an end, zones, and a range in brackets that restates the first. Without am/pm an
hour from 1 to 6 is in the afternoon; an end before the start is past midnight.
`when` places these times on their days.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from afterview.parsers.timewords import Unit
from afterview.parsers.timewords.lexicon import Scan

# A clock time, a range, zones, and a range in brackets that restates the first one:
# "2:00 PM EST (2:00-2:45)", "1-4 PM", "13 h 30 à 14 h 30 (HNE)", "at 10".
_CLOCK = r"[cn]p?"
# A bare number is an hour only after "at", or before a range with am/pm or ending in a clock
# time: "at 10", "1-4 PM", "from 10 to 11:30"; after a weekday or a month it is the day
# ("jeudi 12 à 10 h 30").
_START = r"(?:cp?|np|(?<=@)n|n(?=-[cn]p)|(?<![WM])n(?=-c))"
_TIME = rf"@?(?P<a>{_START})(?:-(?P<b>{_CLOCK}))?(?P<z>z*)(?:(?P<c>{_CLOCK})-(?P<d>{_CLOCK})z*)?"
_TIME_PARTS = re.compile(_TIME)
TIME_SHAPE = re.sub(r"\(\?P<\w+>", "(?:", _TIME)
# A stated length later in the paragraph: "for 30 minutes", "pour une heure".
# A length stated within 40 tokens of its time ("... at 2 pm. It will last about an hour"):
# unbounded, each of n times on a long line rescanned it to its end, O(n^2).
_LASTING = re.compile(r"[^/]{0,40}?G[nq]U")
_MINUTES = {Unit.MINUTE: 1, Unit.HOUR: 60}
_LONGEST = 8 * 60


class _Piece(NamedTuple):
    """A clock time as written: minutes after midnight, and 0 or 12 when am or pm follows."""

    minutes: int
    meridiem: int | None


def read_clock(scan: Scan, first: int, last: int) -> tuple[int, int | None, str | None] | None:
    """Start and end in minutes after midnight, and the zone named, of a TIME expression."""
    parts = _TIME_PARTS.fullmatch(scan.kinds, first, last)
    start_piece = None if parts is None else _piece(scan, parts, "a")
    if parts is None or start_piece is None:
        return None
    start, end = _start_end(start_piece, _piece(scan, parts, "b"))
    again = _piece(scan, parts, "c")
    if end is None and again is not None:
        again_start, again_end = _start_end(again, _piece(scan, parts, "d"))
        end = again_end if again_start == start else None
    # "(UTC-05:00) Eastern Time": a zone's name says more than its standard offset.
    zones = [str(token.value) for token in scan.tokens(*parts.span("z"))]
    named = [zone for zone in zones if zone[0] not in "+-"]
    return start, end, (named or zones)[-1] if zones else None


def zone_of(name: str) -> tzinfo:
    """An IANA zone, UTC, or a fixed offset written "+hh:mm"."""
    if name[0] in "+-":
        offset = timedelta(hours=int(name[1:3]), minutes=int(name[4:6]))
        return timezone(-offset if name[0] == "-" else offset)
    return UTC if name == "UTC" else ZoneInfo(name)


def _piece(scan: Scan, parts: re.Match[str], group: str) -> _Piece | None:
    if parts.group(group) is None:
        return None
    clock, *meridiem = scan.tokens(*parts.span(group))
    half = meridiem[0].value if meridiem else None
    if not isinstance(clock.value, int) or not isinstance(half, int | None):
        return None
    minutes = clock.value * 60 if clock.kind == "n" else clock.value
    return _Piece(minutes, half) if minutes < 24 * 60 else None


def _start_end(first: _Piece, last: _Piece | None) -> tuple[int, int | None]:
    """A range's ends in 24-hour minutes; "1-4 PM" puts both ends in the afternoon."""
    if first.meridiem is None and last is not None and last.meridiem is not None:
        end = _with_meridiem(last)
        return max((m for m in _readings(first) if m <= end), default=_guess(first)), end
    start = _guess(first) if first.meridiem is None else _with_meridiem(first)
    if last is None:
        return start, None
    if last.meridiem is not None:
        return start, _with_meridiem(last)
    return start, next((m for m in _readings(last) if m > start), last.minutes)


def _readings(piece: _Piece) -> list[int]:
    """Both readings of a time without am/pm: 2:00 is 2:00 or 14:00."""
    return [piece.minutes, piece.minutes + 720] if piece.minutes < 720 else [piece.minutes]


def _with_meridiem(piece: _Piece) -> int:
    hour, minute = divmod(piece.minutes, 60)
    return ((hour % 12) + (piece.meridiem or 0)) * 60 + minute if hour <= 12 else piece.minutes


def _guess(piece: _Piece) -> int:
    """Without am/pm, 1 to 6 o'clock is afternoon: nobody interviews at 3 in the morning."""
    return piece.minutes + 720 if 60 <= piece.minutes < 7 * 60 else piece.minutes


def stated_end(scan: Scan, after: int, start: datetime) -> datetime | None:
    """The end from a stated length later in the paragraph: "for 30 minutes", "pour une heure"."""
    lasting = _LASTING.match(scan.kinds, after)
    if lasting is None:
        return None
    words = scan.expression(lasting.end() - 3, lasting.end())
    amount, unit = words.number("n", "q"), words.unit()
    minutes = (amount or 0) * _MINUTES.get(unit, 0) if unit else 0
    return start + timedelta(minutes=minutes) if 0 < minutes <= _LONGEST else None
