"""The return date an out-of-office reply states: when its sender is back, or away until.

A phrase sets what the date after it means: "back on", "returning", "de retour le"
give the first day back; "until", "through", "jusqu'au" the last day away; "out of
the office", "absente" an absence, whose date is its last day ("out March 2-6": the
6th; "du 26 octobre au 2 novembre": the 2nd), unless it is only when it starts
("starting Monday"). The first day back wins over the last day away, which wins over
a bare absence; among equals the first stated counts. "Until" a month or a year
named without a part ("jusqu'en janvier", "until 2027") gives its first day: the
earliest the sender may be back. A yearless date a little in the past is read as
past (a responder left on), not as next year's.

Dates are read with the lexicons and grammar of `afterview.parsers.when`: only the
few words after a phrase, in the same sentence, are scanned. The phrases are each
language's data (`Language.absence`, in `afterview.parsers.languages`).
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, tzinfo
from typing import Final, NamedTuple

from afterview.parsers.days import DAY, add_months, resolve_day
from afterview.parsers.languages import AbsenceWords
from afterview.parsers.languages.known import LANGUAGES
from afterview.parsers.timeline import add_business_days
from afterview.parsers.timewords import Part, Unit
from afterview.parsers.timewords.lexicon import Expression, Lexicon, Scan, lower
from afterview.parsers.when import fresh, lexicons, reference_time


class Cue(enum.IntEnum):
    """What a phrase says of the date after it; a lower value is the stronger statement."""

    RETURN = 0  # the first day back: "back on", "de retour le"
    UNTIL = 1  # the last day away: "until", "jusqu'au"
    AWAY = 2  # an absence, on a day or over a range: "out of the office", "absente"


class _Reader:
    """A language's absence phrases, compiled, with its date lexicon."""

    def __init__(self, words: AbsenceWords, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        groups = {Cue.RETURN: words.returns, Cue.UNTIL: words.until, Cue.AWAY: words.away}
        # One pass over the text finds every cue; the group's name says which.
        cues = "|".join(f"(?P<{cue.name}>{'|'.join(p)})" for cue, p in groups.items())
        self.cues = re.compile(_apostrophes(rf"\b(?:{cues})"))
        self.starts = re.compile(_apostrophes(rf"\b(?:{'|'.join(words.starts)})\b.{{0,8}}\Z"))


def _apostrophes(pattern: str) -> str:
    """Either apostrophe, typed or typographic, wherever a pattern has one."""
    return pattern.replace("'", "['\u2019]")


_READERS: Final = {
    language.code: _Reader(language.absence, *lexicons(language.code)) for language in LANGUAGES
}

# Over the lexicon's token letters: a day or a range of days ("Dec 24 through Jan 2",
# "March 2-6", "du 26 octobre au 2 novembre", "du 16 au 20 mars"), a length of time
# ("in two weeks"), a week, a month or a year; "after" before any moves to the day after.
_DATES = re.compile(
    rf"(?P<after>Z)?(?:(?P<first>{DAY})(?:-?(?P<last>{DAY}|n(?![MUKO])))?"
    r"|(?P<bare>[no])-?(?P<end>[no]MY?)"
    r"|(?P<span>[IG]?~?X?[nq][UKO]S?)"
    r"|(?P<week>P?[TXF]?KX?(?![WMnoD]))"  # "the week of March 16" is read as its day
    r"|(?P<month_word>P?[TX]?OX?)"
    r"|(?P<month>I?P?M(?![no])Y?)"
    r"|(?P<year>I?Y))"
)
_GROUPS = ("first", "bare", "span", "week", "month_word", "month", "year")
# The most letters between a phrase and the date it governs ("back at my desk on"),
# and the stretch of text after a phrase that is scanned for it.
_REACH = 40
_WINDOW = 120
_BREAK = re.compile(r"[.!?;](?:\s|\Z)|\n[ \t]*\n")
# A yearless date this far ahead is a stale reply's recent past: "back March 2" sent March 5.
_STALE = timedelta(days=300)
_LATEST_YEAR = 5
# Weekdays of early, mid and late in a week: Monday-Wednesday, Tuesday-Thursday, Thursday-Friday.
_WEEK_PART: dict[Part | None, tuple[int, int]] = {
    None: (0, 4), Part.EARLY: (0, 2), Part.MID: (1, 3), Part.LATE: (3, 4),
}  # fmt: skip
_MONTH_PART: dict[Part | None, tuple[int, int]] = {
    None: (1, 31), Part.EARLY: (1, 10), Part.MID: (11, 20), Part.LATE: (21, 31),
}  # fmt: skip
# Days per unit of a length of time; minutes and hours end the day they start.
_DAYS = {Unit.DAY: 1, Unit.WEEK: 7}
_LONGEST_SPAN = 366


class _Period(NamedTuple):
    """The days a date expression covers; `named` for a week, month or year without a part."""

    first: date
    last: date
    named: bool = False

    def edge(self, cue: Cue) -> date:
        """The day that a cue reads: the first day back, or the absence's last day."""
        if cue is Cue.RETURN or (cue is Cue.UNTIL and self.named):
            return self.first
        return self.last


class _Found(NamedTuple):
    """An absence phrase found in the text, and the language it was read in."""

    cue: Cue
    position: int
    end: int
    reader: _Reader


def return_date(
    text: str, sent_at: datetime, *, user_tz: tzinfo, language: str | None = None
) -> date | None:
    """The first day back, or the last day away, that an out-of-office reply states; else None."""
    try:
        today = reference_time(sent_at, user_tz).date()
        body = fresh(text)
        # Dates are read lazily, strongest cue first: most replies need one scan.
        codes = [lexicon.words.code for lexicon in lexicons(language)]
        readers = [_READERS[code] for code in codes if code in _READERS]
        found_cues = [cue for reader in readers for cue in _cues(reader, body)]
        for found in sorted(found_cues, key=lambda found: (found.cue, found.position)):
            window = body[found.end : found.end + _WINDOW]
            day = _governed(found.reader, window, found.cue, today)
            if day is not None:
                return day
    except (ValueError, OverflowError):
        return None
    return None


def _cues(reader: _Reader, text: str) -> Iterator[_Found]:
    """Every absence phrase of the text in the reader's language."""
    for cue in reader.cues.finditer(lower(text)):
        yield _Found(Cue[cue.lastgroup or ""], cue.start(), cue.end(), reader)


def _governed(reader: _Reader, window: str, cue: Cue, today: date) -> date | None:
    """The date a cue governs: the first expression close after it, in the same sentence."""
    if len(window) == _WINDOW:  # a word cut short may misread: "Janu" is no month
        window = window[: max(window.rfind(" "), 0)]
    scan = reader.lexicon.scan(window)
    for match in _DATES.finditer(scan.kinds):
        start = scan.tokens(*match.span())[0].start
        if start > _REACH or _BREAK.search(window, 0, start):
            return None
        if match.start() and scan.kinds[match.start() - 1] == "B":
            continue  # "last Monday" is past
        ranged = match["last"] or match["bare"]
        if cue is Cue.AWAY and not ranged and reader.starts.search(lower(window[:start])):
            return None  # "out of the office from Monday" says when it begins
        period = _period(scan, match, today)
        return None if period is None else period.edge(cue)
    return None


def _period(scan: Scan, match: re.Match[str], today: date) -> _Period | None:
    """The days an expression covers, read in its group's grammar."""
    group = next(g for g in _GROUPS if match[g])
    words = scan.expression(*match.span(group))
    period: _Period | None
    if group == "first":
        period = _days(scan, match, words, today)
    elif group == "bare":
        last = _day(scan.expression(*match.span("end")), today)
        first = None if last is None else _numbered(last, words.number("n", "o") or 0, -1)
        period = None if first is None or last is None else _Period(first, last)
    elif group == "span":
        period = _span(words, today)
    elif group == "year":
        year = words.number("Y") or 0
        fits = today.year - 1 <= year <= today.year + _LATEST_YEAR
        period = _Period(date(year, 1, 1), date(year, 12, 31), named=True) if fits else None
    else:
        period = _week(words, today) if group == "week" else _month(words, today)
    if period is not None and match["after"]:
        after = period.last + timedelta(days=1)
        return _Period(after, after)
    return period


def _days(scan: Scan, match: re.Match[str], words: Expression, today: date) -> _Period | None:
    """A day, or a range whose end is read from its start: "Monday-Wednesday", "March 2-6"."""
    first = _day(words, today)
    if first is None or not match["last"]:
        return None if first is None else _Period(first, first)
    end = scan.expression(*match.span("last"))
    if match["last"] == "n":
        last = _numbered(first, end.number("n") or 0, 1)
    else:
        last = resolve_day(end, first, first, ())
    return _Period(first, last if last is not None and last >= first else first)


def _day(words: Expression, today: date) -> date | None:
    """A named or relative day; a yearless date just past is a stale reply's, not next year's."""
    day = resolve_day(words, today, today, ())
    written = words.date("D")
    yearless = ("M" in words and "Y" not in words) or (written is not None and not written[0])
    if day is not None and yearless and day - today > _STALE:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # February 29th
            return day
    return day


def _numbered(anchor: date, number: int, step: int) -> date | None:
    """The day with this number nearest the anchor, on or after it (step 1) or before (-1).

    The other end of a range lends its month: "March 30 - 2" ends April 2, "du 16 au 20
    mars" starts March 16.
    """
    for months in (0, step):
        month = add_months(anchor.replace(day=1), months)
        if number <= calendar.monthrange(month.year, month.month)[1]:
            found = month.replace(day=number)
            if (found - anchor).days * step >= 0:
                return found
    return None


def _span(words: Expression, today: date) -> _Period | None:
    """The day a length of time from the message ends: "back in two weeks"."""
    amount = words.number("n", "q") or 0
    unit = words.unit() or (Unit.WEEK if "K" in words else Unit.MONTH)
    if not 0 < amount <= _LONGEST_SPAN:
        return None
    if unit is Unit.BUSINESS_DAY:
        day = add_business_days(today, amount, ())
    elif unit is Unit.MONTH:
        day = add_months(today, amount)
    else:
        day = today + timedelta(days=amount * _DAYS.get(unit, 0))
    return _Period(day, day)


def _week(words: Expression, today: date) -> _Period:
    """A working week, or part of one: this week is the one under way, or next from a weekend."""
    monday = today - timedelta(days=today.weekday() - (7 if today.weekday() >= 5 else 0))
    if "X" in words or "F" in words:
        monday += timedelta(weeks=1)
    first, last = _WEEK_PART[words.part()]
    return _Period(monday + timedelta(first), monday + timedelta(last), words.part() is None)


def _month(words: Expression, today: date) -> _Period:
    """A month, or its early (1-10), mid (11-20) or late (21-end) part."""
    month = words.number("M")
    if month is None:  # "next month", "la fin du mois"
        first_day = add_months(today.replace(day=1), 1 if "X" in words else 0)
        year, month = first_day.year, first_day.month
    else:  # "in January": this year's, or next year's once it is over
        year = words.number("Y") or today.year + (month < today.month)
    days = calendar.monthrange(year, month)[1]
    first, last = _MONTH_PART[words.part()]
    whole = words.part() is None
    return _Period(date(year, month, first), date(year, month, min(last, days)), whole)
