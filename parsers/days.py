"""Calendar days written in prose, resolved against the message's day.

"Friday, March 20th", "le mardi 10 novembre", "5/22", "next Tuesday", "the 20th",
"tomorrow", "the following day", "Halloween": a grammar over the token letters of
`afterview.parsers.timewords`, and the dates its expressions name.
"""

from __future__ import annotations

import calendar
from collections.abc import Container
from datetime import date, timedelta

from afterview.parsers.timewords.lexicon import Expression

# Calendar days: "Friday, March 20th", "le mardi 10 novembre", "5/22", "next Tuesday",
# "the 20th", "tomorrow", "the following day", "Halloween"; "end of day" and "before" around.
# A weekday before a bare number names that day of the month: "jeudi 12", "Thursday 12".
# "The first Tuesday of next month", "le deuxième mardi de mars": a month's nth weekday.
DAY = (
    r"E?e?(?:W?(?:[no]MY?|M[no]Y?|D|o)|"
    + r"vW(?:[TX]?OX?|MY?)|"
    + r"[TX]*W[XF]?|FW|Wn|Z?L|[RAH]|e)e?"
)
# "The second week of February", "la première semaine du mois prochain".
WEEK_OF_MONTH = r"vK(?:[TX]?OX?|MY?)"


def resolve_day(
    words: Expression, today: date, anchor: date, holidays: Container[date]
) -> date | None:
    """The date a DAY expression names; `anchor` is the date named just before it."""
    if "v" in words:
        day = _nth_weekday(words, today)
    else:
        day = _named_day(words, today) or _relative_day(words, today, anchor, holidays)
    if day is not None and "E" in words and "L" not in words:
        return day - timedelta(days=1)  # "before Friday": Thursday at the latest
    return day


def _named_day(words: Expression, today: date) -> date | None:
    written = words.date("D", "H")
    month, number = words.number("M"), words.number("n", "o")
    if written is None and month is not None and number is not None:
        written = (words.number("Y") or 0, month, number)
    if written is not None:
        year, month, day = written
        if not year:
            return next_date(month, day, today)
        found, other = _valid(year, month, day), _valid(year, day, month)
        if found is None or other is None:
            return found
        # "Thursday 07/05/2026" from Brisbane: the weekday says which order the sender uses.
        weekday = words.number("W")
        if weekday is not None and found.weekday() != weekday:
            return other if other.weekday() == weekday else found
        # 05/11/2025 sent on 30 October 2025 is the 5th of November, whatever the language's
        # order: mail about what comes states dates ahead, and the other order gives one.
        return other if found < today <= other else found
    if number is not None and ("o" in words or "W" in words):
        return _day_of_month(number, words.number("W"), today)
    return None


def named_month(words: Expression, today: date) -> date:
    """The first day of the month an expression names: "March" (this one, or next year's once
    it is over), "next month", "this month"."""
    month = words.number("M")
    if month is None:
        return add_months(today.replace(day=1), 1 if "X" in words else 0)
    return date(words.number("Y") or today.year + (month < today.month), month, 1)


def _nth_weekday(words: Expression, today: date) -> date | None:
    """ "The first Tuesday of next month": None if the month has no such day."""
    weekday, nth = words.number("W"), words.number("v")
    if weekday is None or nth is None:
        return None
    first = named_month(words, today)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == first.month else None


def week_of_month(words: Expression, today: date) -> date | None:
    """The Friday of "the second week of February": weeks run Monday to Friday, the first
    being the one that holds the month's first weekday."""
    nth = words.number("v")
    if nth is None:
        return None
    first = named_month(words, today)
    while first.weekday() >= 5:
        first += timedelta(days=1)
    return first + timedelta(days=4 - first.weekday() + 7 * (nth - 1))


def _day_of_month(number: int, weekday: int | None, today: date) -> date | None:
    """ "The 20th": this month's, else next month's; "Thursday the 12th": the next 12th that
    is a Thursday, when one of the next few months has it."""
    months = [add_months(today.replace(day=1), ahead) for ahead in range(4)]
    days = [d for m in months if (d := _valid(m.year, m.month, number)) and d >= today]
    named = next((d for d in days if d.weekday() == weekday), None) if weekday is not None else None
    return named or (days[0] if days and days[0] < add_months(today.replace(day=1), 2) else None)


def _relative_day(
    words: Expression, today: date, anchor: date, holidays: Container[date]
) -> date | None:
    weekday, offset = words.number("W"), words.number("R", "A")
    if weekday is not None:
        if "X" in words:  # "next Tuesday": the Tuesday of next week
            return today + timedelta(days=7 - today.weekday() + weekday)
        start = anchor if "F" in words else today
        ahead = (weekday - start.weekday()) % 7
        return start + timedelta(days=ahead or (0 if "T" in words else 7))
    if offset is not None:
        return (anchor if "A" in words else today) + timedelta(days=offset)
    if "L" in words:
        if "Z" in words:
            return _after_long_weekend(today, holidays)
        return _before_long_weekend(today, holidays)
    return today if "e" in words else None


def _before_long_weekend(today: date, holidays: Container[date]) -> date | None:
    """The last working day before the next weekend that a Monday or Friday holiday lengthens."""
    for ahead in range(1, 62):
        day = today + timedelta(days=ahead)
        if day.weekday() in (0, 4) and day in holidays:
            return day - timedelta(days=3 if day.weekday() == 0 else 1)
    return None


def _after_long_weekend(today: date, holidays: Container[date]) -> date | None:
    """The first working day after the next weekend that a Monday or Friday holiday lengthens."""
    before = _before_long_weekend(today, holidays)
    if before is None:
        return None
    day = before + timedelta(days=1)
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


def next_date(month: int, day: int, today: date) -> date | None:
    """The next month/day on or after today."""
    for year in (today.year, today.year + 1):
        found = _valid(year, month, day)
        if found is not None and found >= today:
            return found
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    if 1 <= month <= 12 and 1 <= year <= 9999 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day)
    return None


def add_months(day: date, months: int) -> date:
    """The same day of the month, months later (or that month's last day)."""
    year, month = divmod(day.month - 1 + months, 12)
    last = calendar.monthrange(day.year + year, month + 1)[1]
    return date(day.year + year, month + 1, min(day.day, last))
