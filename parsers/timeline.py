"""The employer's timeline: the date by which they say they will decide or write back.

A sentence counts when it holds a promise of news ("we'll decide", "you'll hear
from us", "nous vous reviendrons") and no sign that it is about the candidate's
own deadline, a conditional, a cancellation or someone's absence. The time
expression the promise governs is the nearest one after it in the same clause,
else a deadline before it ("by Friday, we'll decide"). Expressions are days (the
grammar of `afterview.parsers.when`), lengths of time ("within two weeks"), weeks
("early next week") and months ("late May"); each resolves to the latest date it
allows, and the message's answer is the latest of those: the day after which a
follow-up is fair.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import re
from collections.abc import Container, Iterator, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Final, NamedTuple

from afterview.parsers.days import (
    DAY,
    WEEK_OF_MONTH,
    add_months,
    named_month,
    resolve_day,
    week_of_month,
)
from afterview.parsers.timewords import Part, TimeWords, Unit
from afterview.parsers.timewords.lexicon import Expression, Lexicon, Scan, Token, lower
from afterview.parsers.when import LANGUAGES, fresh, lexicons, reference_time

_GRAMMAR = re.compile(
    "|".join(
        (
            # "within 3-5 days", "in the next few days", "in the coming days", "a week from today",
            # "within a week or two", "dans les jours qui viennent"; "a week or two before we
            # decide" counts like "within" ((?=E)).
            r"(?P<span>I~?X?[nq]?K-[nq]U?|I~?X?(?:[nqf]-)?[nqf]X?[UKO]S?|I~?(?:XU|UX)S?"
            r"|~?(?:[nq]-)?[nq][UKO]S|~?[nq][UKO](?:-[nq])?(?=E))",
            # "the week of March 16", "la semaine du 16 mars": that week, to its Friday.
            rf"(?P<week_of>K(?:{DAY}))",
            # "the second week of February": that week's Friday.
            rf"(?P<week_of_month>{WEEK_OF_MONTH})",
            rf"(?P<day>{DAY})",
            # "next week", "the week after next" (KZX), "the week after" the one named (KZ),
            # "the end of that week" (PV).
            r"(?P<week>P?(?:[TX]?K(?:ZX|X|Z)?|V))",
            # Not before a month's name: "au début du mois d'avril" is early April.
            r"(?P<month_word>P?[TX]?OX?(?!M))",
            # "late May", "d'ici le début du mois d'avril" (the month word before the name).
            r"(?P<month>(?:I?P|I)O?M(?![no])Y?)",
        )
    )
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\s\da-z])|\n[ \t]*\n")
_QUESTION = re.compile(r"\?[\s\"'\u201d)]*\Z")
# A decision date is never in the past, and one more than nine months ahead is a misreading.
_HORIZON = timedelta(days=270)
# "In the next few days": the corpus convention is two to five days.
_FEW_DAYS = 5
_LONGEST_SPAN = 366
_UNIT_OF = {"K": Unit.WEEK, "O": Unit.MONTH}
_STEPS = {
    Unit.MINUTE: timedelta(minutes=1), Unit.HOUR: timedelta(hours=1),
    Unit.DAY: timedelta(days=1), Unit.WEEK: timedelta(weeks=1),
}  # fmt: skip
# Early/mid/late next week: Monday to Wednesday, Tuesday to Thursday, Thursday to Friday;
# early/mid/late May: the 1st to the 10th, the 11th to the 20th, the 21st to the end.
_PART_WEEKDAY: dict[Part | None, int] = {Part.EARLY: 2, Part.MID: 3, Part.LATE: 4}
_PART_DAY: dict[Part | None, int] = {Part.EARLY: 10, Part.MID: 20}


class _Phrases:
    """A language's timeline phrases, compiled."""

    def __init__(self, words: TimeWords) -> None:
        # Patterns read lower-cased text: case-insensitive matching is slow in `re`.
        self.cue = re.compile(_alternation(words.decision_cues))
        self.veto = re.compile(r"\b(?:" + "|".join(words.vetoes) + ")")
        self.clause_break = re.compile("|".join(words.clause_breaks))
        # "around the 20th": an approximation, then at most an article, up to the date.
        self.approximate = re.compile(
            r"\b(?:" + ("|".join(words.approximately) or "(?!)") + r")\s+(?:\w+\s+)?\Z"
        )


def _alternation(patterns: Sequence[str]) -> str:
    """Patterns as one alternation after one word boundary, grouped by their first letter.

    `re` tries alternatives one by one at every word: a boundary checked once, and one
    branch per first letter, make a pass over a whole message three times faster.
    """
    by_letter: dict[str, list[str]] = {}
    others = []
    for pattern in patterns:
        if pattern[0].isalnum() and pattern[1:2] not in ("?", "*", "+", "{"):
            by_letter.setdefault(pattern[0], []).append(pattern[1:])
        else:
            others.append(pattern)
    grouped = [f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in by_letter.items()]
    return r"\b(?:" + "|".join(grouped + others) + ")"


_PHRASES: Final = {code: _Phrases(words) for code, words in LANGUAGES.items()}


class _Stated(NamedTuple):
    start: int
    end: int
    day: date | None
    deadline: bool  # introduced by "by", "within", "d'ici"
    alternative: bool = False  # after "or", "to": "by Thursday or Friday"


def decision_by(
    text: str,
    sent_at: datetime,
    *,
    user_tz: tzinfo,
    holidays: Container[date] = frozenset(),
    language: str | None = None,
) -> date | None:
    """The latest date the employer's stated timeline allows, or None when they state none."""
    try:
        now = reference_time(sent_at, user_tz)
        body = fresh(text)
        found = [
            day for lexicon in lexicons(language) for day in _dates(lexicon, body, now, holidays)
        ]
    except (ValueError, OverflowError):
        return None
    return max(found, default=None)


def stated_date(
    text: str,
    said_at: datetime,
    *,
    user_tz: tzinfo,
    holidays: Container[date] = frozenset(),
    language: str | None = None,
) -> date | None:
    """The latest date a bare time expression allows, as the user writes one on a line of
    its own ("two weeks", "by Friday", "le 20 mars", "2026-03-20"); no promise is needed.

    A bare length of time ("two weeks", "deux semaines") is counted from `said_at`, as
    if introduced by the language's "within".
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    try:
        now = reference_time(said_at, user_tz)
        days = [
            stated.day
            for lexicon in lexicons(language)
            for phrase in (text, f"{lexicon.words.within[0]} {text}")
            for stated in _expressions(lexicon.scan(phrase), now, holidays)
            if stated.day is not None
        ]
    except (ValueError, OverflowError):
        return None
    return max(days, default=None)


def _dates(lexicon: Lexicon, text: str, now: datetime, holidays: Container[date]) -> Iterator[date]:
    phrases = _PHRASES[lexicon.words.code]
    today = now.date()
    for before, sentence in _promising(text, phrases):
        lowered = lower(sentence)
        scan = lexicon.scan(sentence)
        anchor = _last_day(lexicon.scan(before), now, holidays) if _refers_back(scan) else None
        stated = list(_expressions(scan, now, holidays, anchor))
        for cue in phrases.cue.finditer(lowered):
            day = _governed(stated, cue, lowered, lexicon)
            if day is not None and today <= day <= today + _HORIZON:
                yield day


def _promising(text: str, phrases: _Phrases) -> Iterator[tuple[str, str]]:
    """Sentences with a cue and no veto, each after the sentence before it.

    One pass over the whole text finds the cues.
    """
    lowered = lower(text)
    cues = [cue.start() for cue in phrases.cue.finditer(lowered)]
    if not cues:
        return
    previous = start = 0
    for end in [*(m.start() for m in _SENTENCE_END.finditer(text)), len(text)]:
        first = bisect.bisect_left(cues, start)
        if first < len(cues) and cues[first] < end:
            sentence = lowered[start:end]
            # A question asks for a timeline ("could I have until Friday?"); it states none.
            if not phrases.veto.search(sentence) and not _QUESTION.search(sentence):
                yield text[previous:start], text[start:end]
        previous, start = start, end


def _refers_back(scan: Scan) -> bool:
    """Whether a day is named from one named before it ("the following Monday", "that day")
    before any day of its own sentence."""
    first = _GRAMMAR.search(scan.kinds)
    return first is not None and first.lastgroup == "day" and bool(_BACK.intersection(first[0]))


# The kinds of "the following day" (A) and "the following Monday" (F).
_BACK = frozenset("AF")


def _last_day(scan: Scan, now: datetime, holidays: Container[date]) -> date | None:
    """The last day a sentence names, if any: what "the following Monday" after it follows."""
    days = [stated.day for stated in _expressions(scan, now, holidays) if stated.day is not None]
    return days[-1] if days else None


def _governed(
    stated: Sequence[_Stated], cue: re.Match[str], sentence: str, lexicon: Lexicon
) -> date | None:
    """The date of the nearest expression after the cue in its clause, else of a deadline before.

    Before the cue, only a deadline ("by Friday, we'll decide"), an approximate date
    ("around the 20th, we'll get back to you") or one that opens the sentence ("Early next
    week, we'll let you know") counts: in "thanks for Tuesday, we'll be in touch" the day
    is the interview's.
    """
    phrases = _PHRASES[lexicon.words.code]
    clause_break = phrases.clause_break
    for at, item in enumerate(stated):
        if item.end > cue.end():
            between = sentence[cue.end() : item.start]
            if clause_break.search(between):
                return None
            return _latest_alternative(stated[at:], sentence)
    for item in reversed(stated):
        if clause_break.search(sentence[item.end : cue.start()]):
            continue
        if (
            item.deadline
            or phrases.approximate.search(sentence, max(0, item.start - 30), item.start)
            or _opens(sentence, item, lexicon.glue)
        ):
            return item.day
    return None


def _opens(sentence: str, item: _Stated, glue: re.Pattern[str]) -> bool:
    """Whether the expression opens its sentence, set off by a comma: "Next week, we'll...".

    `glue` matches what may come before it (blanks, "the", "la").
    """
    return bool(glue.fullmatch(sentence, 0, item.start)) and sentence[item.end :].startswith(",")


def _latest_alternative(stated: Sequence[_Stated], sentence: str) -> date | None:
    """The latest of an expression and the alternatives after it: "by Thursday or Friday".

    A deadline set off by a comma restates the date more closely: "after the long
    weekend, by Wednesday the 9th".
    """
    days = [stated[0].day]
    for before, item in itertools.pairwise(stated):
        restates = item.deadline and not sentence[before.end : item.start].strip(" ,")
        if not (item.alternative or restates):
            break
        days.append(item.day)
    return max((day for day in days if day is not None), default=None)


def _expressions(
    scan: Scan, now: datetime, holidays: Container[date], anchor: date | None = None
) -> Iterator[_Stated]:
    """Every time expression of a sentence, resolved in order: "the following day" needs its day.

    `anchor` is the day named before the sentence, if it refers back to one.
    """
    anchor = anchor or now.date()
    for match in _GRAMMAR.finditer(scan.kinds):
        tokens = scan.tokens(*match.span())
        before = scan.kinds[match.start() - 1] if match.start() else ""
        after = scan.kinds[match.end() : match.end() + 1]
        if before in ("Z", "N") or "B" in (before, after):
            continue  # "after the panel on Friday" sets no latest date; "last week" is past
        day = _resolve(match.lastgroup or "", tokens, now, anchor, holidays)
        anchor = day or anchor
        # "it may be a week or two before we decide": a length before the news is a deadline.
        deadline = tokens[0].kind == "I" or before == "I" or after == "E"
        # The word that makes it a deadline ("by") is part of it.
        first = scan.tokens(match.start() - 1, match.start()) if before == "I" else tokens
        yield _Stated(first[0].start, tokens[-1].end, day, deadline, alternative=before == "-")


def _resolve(
    group: str, tokens: Sequence[Token], now: datetime, anchor: date, holidays: Container[date]
) -> date | None:
    """The latest date an expression allows."""
    words, today = Expression(tokens), now.date()
    if group == "span":
        return _after_span(tokens, now, holidays)
    if group == "day":
        return resolve_day(words, today, anchor, holidays)
    if group == "week_of":
        named = resolve_day(Expression(tokens[1:]), today, anchor, holidays)
        return None if named is None else named + timedelta(days=max(0, 4 - named.weekday()))
    if group == "week_of_month":
        return week_of_month(words, today)
    if group == "week":
        return _in_week(words, today, anchor)
    # "Late May" (this May, or next year's once May is over), "the end of the month".
    first = named_month(words, today)
    return _in_month(first.year, first.month, words.part())


def _in_week(words: Expression, today: date, anchor: date) -> date:
    """Early, mid or late in a week, as its latest weekday.

    This week is the working week under way; from a weekend, the coming one is both "this
    week" and "next week". "The week after" follows the week of the day named before
    ("next week ... the week after").
    """
    after = "Z" in words and "X" not in words
    start = anchor if after or "V" in words else today
    weekend = start.weekday() >= 5
    monday = start - timedelta(days=start.weekday() - (7 if weekend else 0))
    ahead = 14 if "X" in words and "Z" in words else 7 if "X" in words or after else 0
    if "X" in words and weekend and not after:
        ahead -= 7
    return monday + timedelta(days=ahead + _PART_WEEKDAY.get(words.part(), 4))


def _in_month(year: int, month: int, part: Part | None) -> date:
    """Early, mid or late in a month, as its latest day: the 10th, the 20th, the last."""
    return date(year, month, _PART_DAY.get(part) or calendar.monthrange(year, month)[1])


def _after_span(tokens: Sequence[Token], now: datetime, holidays: Container[date]) -> date | None:
    """The end of a length of time counted from the message: "within 3 to 5 business days"."""
    # "a week to 10 days": the last unit is the one the latest number counts.
    units = [_UNIT_OF.get(t.kind) or t.value for t in tokens if t.kind in "UKO"]
    unit = units[-1] if units else None
    numbers = [t.value for t in tokens if t.kind in "nq" and isinstance(t.value, int)]
    # "In the coming days", "dans les prochains jours": a few days, as "the next few days".
    if any(t.kind == "f" for t in tokens) or not numbers:
        return now.date() + timedelta(days=_FEW_DAYS) if unit is Unit.DAY else None
    amount = max(numbers, default=0)  # "3 to 5 days": the latest is 5
    if not 0 < amount <= _LONGEST_SPAN:
        return None
    if unit is Unit.BUSINESS_DAY:
        return add_business_days(now.date(), amount, holidays)
    if unit is Unit.MONTH:
        return add_months(now.date(), amount)
    step = _STEPS.get(unit) if isinstance(unit, Unit) else None
    return None if step is None else (now + amount * step).date()


def add_business_days(start: date, count: int, holidays: Container[date]) -> date:
    """The date `count` business days after start, skipping weekends and holidays."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day
