"""Times written in prose: the interview's time in a confirmation, and the reading they share.

The text is cut into tokens by a language's lexicon (`afterview.parsers.timewords`,
which also lists the token letters); the grammars here are regular expressions over
those letters (days' own grammar is in `days`). A time naming no zone is in the
user's zone, whatever the message's Date header says; a named zone wins, with the
offset it has on that day ("EST" in July is Eastern daylight time: people mean the
place, not the season).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from types import MappingProxyType
from typing import Final, NamedTuple
from zoneinfo import ZoneInfoNotFoundError

from afterview.parsers.clocks import TIME_SHAPE, read_clock, stated_end, zone_of
from afterview.parsers.days import DAY, resolve_day
from afterview.parsers.timewords import TimeWords, en, fr
from afterview.parsers.timewords.lexicon import BLANK_LINE, Lexicon, Scan, lower

LANGUAGES: Final[Mapping[str, TimeWords]] = MappingProxyType(
    {words.code: words for words in (en.WORDS, fr.WORDS)}
)
_LEXICONS: Final = {code: Lexicon(words) for code, words in LANGUAGES.items()}
_REPLY_HEADER = re.compile(
    r"^[ \t]*(?:" + "|".join(p for w in LANGUAGES.values() for p in w.reply_headers) + ")",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*\n?", re.MULTILINE)


def lexicons(language: str | None) -> tuple[Lexicon, ...]:
    """The lexicon of a language, or every lexicon when the language is not known."""
    known = _LEXICONS.get(language or "")
    return (known,) if known else tuple(_LEXICONS.values())


def fresh(text: str) -> str:
    """The text without quoted earlier messages: the dates there are old news."""
    header = _REPLY_HEADER.search(text)
    if header:
        text = text[: header.start()]
    return _QUOTED_LINE.sub("", text) if ">" in text else text


def reference_time(sent_at: datetime, user_tz: tzinfo) -> datetime:
    """The message's time as its writer saw it: its own offset, or the user's zone if UTC."""
    if sent_at.tzinfo is None:
        sent_at = sent_at.replace(tzinfo=UTC)
    # Servers that stamp +00:00 say nothing about the writer's day; the user's zone does.
    return sent_at.astimezone(user_tz) if not sent_at.utcoffset() else sent_at


# A zone may sit between the day and the time: "Thursday, August 27 / Eastern Time / 10:00 AM".
# A day may also end its sentence and the next give the time ("on Monday, March 16. It
# starts at 9:30 AM"); `_carried_on` checks the words between.
_INTERVIEW = re.compile(
    rf"(?P<day>{DAY})-?(?P<zone>z*)(?P<time>{TIME_SHAPE})|(?P<t2>{TIME_SHAPE})(?P<d2>{DAY})"
    rf"|(?P<d3>{DAY})\|(?:-\||(?P<z3>z+)\|)?[-@]?(?P<t3>{TIME_SHAPE})"
)
# The words between such a day and its time: one sentence's end, then a few words.
_CARRIED_ON = re.compile(r"[^.!?\n]*[.!]?\s*[^.!?]{0,90}", re.DOTALL)
# The next session of an itinerary: a time range on the same day, after other words.
# ("10:00 - 10:45 \u2014 Priya Nair": a dash may part the range from the session's words, and
# more may part a name, a title and an address: "Gabe Lindqvist - Analytics Manager - gabe@").
_NEXT_SESSION = re.compile(rf"[-|]{{0,8}}(?P<time>{TIME_SHAPE})")
# Sessions of an itinerary follow each other; slots to choose from are spread out.
_BREAK_BETWEEN_SESSIONS = timedelta(minutes=30)


class _Found(NamedTuple):
    start: datetime
    end: datetime | None
    first: int  # where it is written in the text
    last: int


class StatedTime(NamedTuple):
    """An appointment time a text states, and whether it asks it rather than fixes it."""

    start: datetime
    end: datetime | None
    # Written in a question ("Would Tuesday at 2 PM work?"): proposed, not fixed.
    asked: bool = False


# Where a sentence ends: "!", "?", a full stop before a blank (not "p.m" inside), a blank line.
_SENTENCE_END = re.compile(r"[!?]|\.(?=\s|$)|\n[ \t]*\n")


def interview_time(
    text: str, sent_at: datetime, *, user_tz: tzinfo, language: str | None = None
) -> tuple[datetime, datetime | None] | None:
    """The interview's start, and its end when stated, as written in a confirmation's text."""
    found = stated_time(text, sent_at, user_tz=user_tz, language=language)
    return (found.start, found.end) if found else None


def stated_time(
    text: str, sent_at: datetime, *, user_tz: tzinfo, language: str | None = None
) -> StatedTime | None:
    """The one appointment time a text states, with its end when stated, asked or fixed."""
    try:
        today = reference_time(sent_at, user_tz).date()
        body = fresh(text)
        for lexicon in lexicons(language):
            found = _single(lexicon, body, today, user_tz)
            if found is not None:
                return found
    except (ValueError, OverflowError, ZoneInfoNotFoundError):
        return None
    return None


_NEXT_SENTENCE = re.compile(r"\s+[A-ZÀ-Ý]")
# Mail is hard-wrapped near 72-78 characters: a shorter line ends where its sentence ends.
_WRAPPED = 40
# A question about a time already set: "Can you confirm...", "does that still work?", "comme
# convenu": it reminds or checks, it proposes nothing.
_CONFIRM = re.compile(
    r"\b(?:confirm|still|as (?:planned|discussed|agreed|scheduled)|reminder|"
    r"toujours|comme (?:convenu|prévu)|rappel)",
    re.IGNORECASE,
)


def _asked(text: str, after: int) -> bool:
    """Whether the sentence going on at `after` ends with a question mark."""
    # "at 2:00 p.m. Does that work?": the abbreviation's full stop ended the sentence.
    if text[after - 1 : after] == "." and _NEXT_SENTENCE.match(text, after):
        return False
    end = _SENTENCE_END.search(text, after)
    if end is None or end.group() != "?":
        return False
    # Only a line wrapped mid-sentence (a long one) carries the sentence on: after
    # "Time: 2:00 PM" the next line ("Questions? Reply here.") is another sentence.
    line_start = text.rfind("\n", 0, after) + 1
    breaks = [m.start() for m in re.finditer("\n", text[after : end.start()])]
    starts = [line_start, *(after + b + 1 for b in breaks)]
    if any(after + b - start < _WRAPPED for b, start in zip(breaks, starts, strict=False)):
        return False
    # "Can you confirm Tuesday at 2 PM?", "Does Tuesday at 2 still work?": a time already set.
    sentence_start = max(text.rfind(mark, 0, after) for mark in ".!?\n") + 1
    return not _CONFIRM.search(text, sentence_start, end.start())


def _single(lexicon: Lexicon, text: str, today: date, user_tz: tzinfo) -> StatedTime | None:
    """The first stated time; None when the text lists several slots to choose from."""
    lowered = lower(text)
    clocks = [clock.start() for clock in lexicon.clockish.finditer(lowered)]
    found: list[_Found] = []
    previous = (0, 0)
    for here in _paragraphs(text):
        if any(here[0] <= clock < here[1] for clock in clocks):  # only those with a clock
            scan = lexicon.scan(text[here[0] : here[1]])
            times = list(_times(lexicon, scan, here[0], today, user_tz))
            found += (
                times
                or _under_heading(lexicon, text, previous, here, today=today, user_tz=user_tz)
                or _below_a_day(lexicon, text, previous, here, today=today, user_tz=user_tz)
            )
        previous = here
    for before, after in itertools.pairwise(found):
        if after.start != before.start and lexicon.list_gap.fullmatch(
            text, before.last, after.first
        ):
            return None
    if not found:
        return None
    first = _the_appointment(lexicon, lowered, found)
    if first is None:
        return None
    # The same time restated with its end ("at 10:30am ... 10:30am - 11:00am") gives the end.
    end = next((time.end for time in found if time.start == first.start and time.end), None)
    return StatedTime(first.start, end, _asked(text, first.last))


# How far before a day and time the words that make it another time may start.
_LOOK_BEHIND = 60


def _the_appointment(lexicon: Lexicon, lowered: str, found: list[_Found]) -> _Found | None:
    """The first of several times that is written as the appointment's.

    A reschedule names the old time too ("moved from Monday at 10 to Tuesday at 2"), a
    confirmation a deadline ("reply by Friday at noon"): the words just before a time
    say so. When every time is written so, the first is the answer still, unless each
    is a deadline ("send it back by Monday at noon"): then none is an appointment.
    """
    deadline = lexicon.deadline
    if all(deadline.search(lowered, max(0, t.first - _LOOK_BEHIND), t.first) for t in found):
        return None
    if len({time.start for time in found}) < 2:
        return found[0]
    pattern = lexicon.not_the_appointment
    appointments = (
        time
        for time in found
        if not pattern.search(lowered, max(0, time.first - _LOOK_BEHIND), time.first)
    )
    return next(appointments, found[0])


def _under_heading(
    lexicon: Lexicon,
    text: str,
    above: tuple[int, int],
    here: tuple[int, int],
    *,
    today: date,
    user_tz: tzinfo,
) -> list[_Found]:
    """Times of a list whose day heads it a blank line above ("Your agenda for Tuesday, May 12:").

    The heading's line and the list, from its first line with a clock (a table's header
    row, "Time | Interviewer", is left out), are read as one paragraph; positions are
    mapped back. A heading may also be a sentence ("Your onsite is confirmed for Friday,
    February 27.") when the list's lines start with their times, as an itinerary's do.
    """
    line_start = text.rfind("\n", above[0], above[1]) + 1
    heading = text[line_start : above[1]].rstrip()
    clock = lexicon.clockish.search(lower(text), here[0], here[1])
    newline = text.rfind("\n", here[0], clock.start()) if clock else -1
    list_start = newline + 1 if newline >= 0 else here[0]
    if heading.endswith("."):
        if not clock or text[list_start : clock.start()].strip():
            return []
        heading = heading[:-1]  # a sentence's end would part the day from the times
    elif not heading.endswith(":"):
        return []
    joined = f"{heading}\n{text[list_start : here[1]]}"

    def position(at: int) -> int:
        return line_start + at if at <= len(heading) else list_start + at - len(heading) - 1

    return [
        found._replace(first=position(found.first), last=position(found.last))
        for found in _times(lexicon, lexicon.scan(joined), 0, today, user_tz)
    ]


# A line of an itinerary starts with its session's time: "9:30 AM - 10:15 AM Gabe Lindqvist",
# "* 1:00 - 1:45 PM EDT Nadine Okoro", "14 h à 14 h 45 | Sylvie Caron".
_SESSION_LINE = re.compile(
    r"^[ \t]*(?:[-*\u2022\u00b7][ \t]*)?\d{1,2}(?:[:h]|[ \t]h\b|[ \t]?[aApP]\.?[mM]\b)", re.M
)
# A day, then only words about zones or the table's columns (no other day, number or time),
# then the first session's time: "Tuesday, February 10 (times in Eastern). / Time (EST) |".
_DAY_ABOVE_SESSION = re.compile(rf"(?P<day>{DAY})(?P<zone>[|/IqUzG-]*)(?P<time>{TIME_SHAPE})")
_SESSION_TIME = re.compile(TIME_SHAPE)
# How far above its itinerary's first line its day may be written.
_DAY_ABOVE = 300


def _below_a_day(
    lexicon: Lexicon,
    text: str,
    above: tuple[int, int],
    here: tuple[int, int],
    *,
    today: date,
    user_tz: tzinfo,
) -> list[_Found]:
    """An itinerary whose lines start with their sessions' times, on the day written above it.

    "Date: Thursday, April 9, 2026 / All times are shown in Pacific Time (PT) / ITINERARY /
    9:30 AM - 10:15 AM Gabe Lindqvist / 10:15 AM - 11:00 AM Hannah Cho": the interview
    starts with the first session. The day, the zones named after it and the list are
    read as one paragraph, as `_under_heading` reads its heading and list; the sessions
    must follow each other to the last line: times to choose from, spread apart, are no
    itinerary.
    """
    first_line = _SESSION_LINE.search(text, here[0], here[1])
    if first_line is None:
        return []
    start = max(above[0], text.rfind("\n", 0, max(0, first_line.start() - _DAY_ABOVE)) + 1)
    line_end = text.find("\n", first_line.start(), here[1])
    scan = lexicon.scan(text[start : here[1] if line_end == -1 else line_end])
    # The last day above the session is its own.
    match = max(_DAY_ABOVE_SESSION.finditer(scan.kinds), key=lambda m: m.start(), default=None)
    if match is None:
        return []
    # The list is read from its first session's time, without the line's bullet.
    list_start = start + scan.tokens(*match.span("time"))[0].start
    if list_start < first_line.start():
        return []
    day = scan.tokens(*match.span("day"))
    zones = [token for token in scan.tokens(*match.span("zone")) if token.kind == "z"]
    heading = scan.text[day[0].start : day[-1].end] + (
        f" {scan.text[zones[-1].start : zones[-1].end]}" if zones else ""
    )
    joined = f"{heading}\n{text[list_start : here[1]]}"
    found = list(_times(lexicon, lexicon.scan(joined), 0, today, user_tz))
    if len(found) != 1 or not _runs_through(lexicon, joined, found[0]):
        return []

    def position(at: int) -> int:
        if at <= len(heading):
            return start + day[0].start + min(at, day[-1].end - day[0].start)
        return list_start + at - len(heading) - 1

    return [found[0]._replace(first=position(found[0].first), last=position(found[0].last))]


def _runs_through(lexicon: Lexicon, joined: str, found: _Found) -> bool:
    """Whether an itinerary runs at least to its last line's session: slots spread apart
    end it after the first."""
    last_line = max(_SESSION_LINE.finditer(joined), key=lambda m: m.start())
    line_end = joined.find("\n", last_line.start())
    scan = lexicon.scan(joined[last_line.start() : None if line_end == -1 else line_end])
    session = _SESSION_TIME.match(scan.kinds)
    clock = read_clock(scan, *session.span()) if session else None
    if clock is None or found.end is None:
        return False
    return found.end.hour * 60 + found.end.minute >= clock[0]


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for blank in BLANK_LINE.finditer(text):
        yield start, blank.start()
        start = blank.end()
    yield start, len(text)


def _times(
    lexicon: Lexicon, scan: Scan, offset: int, today: date, user_tz: tzinfo
) -> Iterator[_Found]:
    """Every day with a time in a paragraph, as datetimes; positions count from `offset`."""
    for match in _INTERVIEW.finditer(scan.kinds):
        day_group, time_group = _groups(match)
        if day_group == "d3" and not _carried_on(lexicon, scan, match):
            continue
        day = resolve_day(scan.expression(*match.span(day_group)), today, today, ())
        clock = read_clock(scan, *match.span(time_group))
        if day is None or clock is None:
            continue
        start, end, zone = clock
        zone = zone or _named_zone(scan, match)
        place = zone_of(zone) if zone else user_tz
        begins = datetime.combine(day, time(*divmod(start, 60)), place)
        ends: datetime | None
        last = match.end()
        if end is None:
            ends = stated_end(scan, match.end(), begins)
        else:  # an end before the start is past midnight
            ends = begins + timedelta(minutes=(end - start) % (24 * 60))
            ends, last = _itinerary_end(scan, last, ends, place)
        tokens = scan.tokens(match.start(), last)
        yield _Found(begins, ends, offset + tokens[0].start, offset + tokens[-1].end)


def _groups(match: re.Match[str]) -> tuple[str, str]:
    for day, time_ in (("day", "time"), ("d2", "t2")):
        if match.group(day) is not None:
            return day, time_
    return "d3", "t3"


def _carried_on(lexicon: Lexicon, scan: Scan, match: re.Match[str]) -> bool:
    """Whether the words between a day and a later time carry the one on to the other.

    "Your final interview will be on Monday, March 16. It starts at 9:30 AM": at most
    one sentence's end and a few words apart, and those words say the time starts it
    ("starts", "débutera"); "We received it on March 2. Our hours are 9 to 5" do not.
    """
    day, clock = scan.tokens(*match.span("d3")), scan.tokens(*match.span("t3"))
    between = scan.text[day[-1].end : clock[0].start]
    if "?" in between or not _CARRIED_ON.fullmatch(between):
        return False
    return lexicon.starts_at.search(lower(between)) is not None


def _named_zone(scan: Scan, match: re.Match[str]) -> str | None:
    """The zone written between the day and the time, if any ("All times below are CET")."""
    group = next((name for name in ("zone", "z3") if match.group(name)), None)
    if group is None:
        return None
    return str(scan.tokens(*match.span(group))[-1].value)


def _itinerary_end(scan: Scan, after: int, end: datetime, place: tzinfo) -> tuple[datetime, int]:
    """The end of the last session that follows on the same day, and where it is written.

    "10:00 AM - 10:45 AM Technical / 11:00 AM - 11:45 AM Hiring manager": the
    interview runs to 11:45. A range that does not follow within half an hour is
    something else (another slot to choose from).
    """
    while session := _NEXT_SESSION.match(scan.kinds, after):
        clock = read_clock(scan, *session.span("time"))
        if clock is None or clock[1] is None:
            break
        starts = datetime.combine(end.date(), time(*divmod(clock[0], 60)), place)
        if not timedelta(0) <= starts - end <= _BREAK_BETWEEN_SESSIONS:
            break
        end = starts + timedelta(minutes=(clock[1] - clock[0]) % (24 * 60))
        after = session.end()
    return end, after
