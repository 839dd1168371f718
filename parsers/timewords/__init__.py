"""A language's date vocabulary: the tables a language module fills in.

Words and phrases are lower case unless a table says otherwise; a phrase's spaces
match any run of white space. Tables of patterns hold regular expressions over
lower-cased text. Adding a language adds a data module here and one line to
`LANGUAGES` in `afterview.parsers.when`, never grammar code. `lexicon` compiles
the tables.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


class Unit(enum.Enum):
    """A unit of a stated length of time."""

    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    BUSINESS_DAY = "business_day"
    WEEK = "week"
    MONTH = "month"


class Part(enum.Enum):
    """A part of a week or a month: early, middle or late."""

    EARLY = "early"
    MID = "mid"
    LATE = "late"


@dataclass(frozen=True)
class TimeWords:
    """One language's words for days, times and lengths of time, and its timeline phrases."""

    code: str
    # Calendar names: "march", "mar" -> 3; "friday", "fri" -> 4 (Monday is 0).
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    # Names that are also common words ("may", "sat") count only when capitalised.
    capitalized: tuple[str, ...]
    # Days relative to the message: "today" 0, "tomorrow" 1.
    relative_days: Mapping[str, int]
    # Days relative to the date named just before: "the following day", "le lendemain".
    following_days: Mapping[str, int]
    # "end of day", "COB": a day's end, which adds nothing to the date it qualifies.
    end_of_day: tuple[str, ...]
    # Fixed-date holidays by name: "halloween" -> (10, 31).
    holidays: Mapping[str, tuple[int, int]]
    # "the long weekend": the next weekend that a public holiday makes longer.
    long_weekend: tuple[str, ...]
    # Modifiers of a weekday, week or month: "next", "this", "the following".
    next: tuple[str, ...]
    # "last", "dernier": the expression names a past day.
    last: tuple[str, ...]
    this: tuple[str, ...]
    following: tuple[str, ...]
    # Parts of a week or month: "early", "mid-", "end".
    parts: Mapping[str, Part]
    # The words "week" and "month" in the singular: "next week", "a week"; plurals are units.
    week: tuple[str, ...]
    month: tuple[str, ...]
    # The week of the day named before: "the week of the 16th ... by the end of that week".
    that_week: tuple[str, ...]
    # Which of a month's weekdays or weeks: "the first Tuesday of next month", "la deuxième
    # semaine de février".
    ordinals: Mapping[str, int]
    # Lengths of time: "two" -> 2, "a couple" -> 2; "few" is vague and only counts in days.
    numbers: Mapping[str, int]
    few: tuple[str, ...]
    units: Mapping[str, Unit]
    # "within", "in", "d'ici": what introduces a length of time counted from the message.
    within: tuple[str, ...]
    # "from today": what counts a length of time from the message when it follows.
    from_now: tuple[str, ...]
    about: tuple[str, ...]
    # "to", "-", "à": between the two ends of a range.
    through: tuple[str, ...]
    before: tuple[str, ...]
    # "after", "following": what sets a day or a week after another ("the week after").
    after: tuple[str, ...]
    # "once", "une fois que": a later event's conjunction. Like `after`, it sets no latest
    # date for the day it governs, but "early next week, once our VP is back" is next week.
    once: tuple[str, ...]
    # Clock times: "at" before a bare hour, "pm" -> 12, "noon" -> minutes after midnight.
    at: tuple[str, ...]
    meridiem: Mapping[str, int]
    clock_words: Mapping[str, int]
    # Letters that separate hours from minutes besides ":" ("14 h 30").
    hour_marks: tuple[str, ...]
    # Time zones by name -> IANA name ("UTC" for UTC); abbreviations count only in capitals.
    zones: Mapping[str, str]
    zone_abbreviations: Mapping[str, str]
    # "or", "ou": between slots offered to choose from.
    alternatives: tuple[str, ...]
    # "for", "pour": what introduces an interview's stated length ("for 30 minutes").
    lasting: tuple[str, ...]
    # A day number alone needs an article or an ordinal suffix: "the 20th", "le 20".
    day_articles: tuple[str, ...]
    ordinal_suffixes: tuple[str, ...]
    # What a numbered thing is when no day: "the 27th floor", "le 3e étage".
    numbered_things: tuple[str, ...]
    # Order of numeric dates: "md" reads 5/22 as May 22, "dm" as 22 May.
    numeric_order: str
    # Words that may sit between the tokens of one expression ("the", "of", "de la"),
    # and labels that introduce a value ("time:", "heure :").
    fillers: tuple[str, ...]
    labels: tuple[str, ...]
    # Timeline phrases (patterns, each starting at a word boundary): a promise of news or a
    # decision; phrases that make a sentence about the candidate's own deadline or absence.
    # Clause boundaries are patterns too, found anywhere.
    decision_cues: tuple[str, ...]
    vetoes: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    # Lines (patterns, whole line) that start a quoted earlier message.
    reply_headers: tuple[str, ...]
    # Words that carry a day's appointment on to a time in the next sentence ("Your final
    # interview is on Monday, March 16. It starts at 9:30 AM"): phrases, lower case.
    starts_at: tuple[str, ...] = ()
    # Words of an approximate date ("around the 20th", "vers le 20"): the date they qualify
    # is the timeline's even before its promise ("around the 20th, we'll get back to you").
    # Patterns over lower-cased text, each starting at a word boundary.
    approximately: tuple[str, ...] = ()
    # Words right before a day and time that make it some other time than the appointment's,
    # when a text states several: an old time a reschedule replaces ("from", "originally set
    # for", "du"). Patterns over lower-cased text, each ending where the day or time begins.
    not_the_appointment: tuple[str, ...] = ()
    # The same for a deadline ("by", "no later than", "au plus tard"): a time stated only as
    # one ("send it back by Monday at noon") is no appointment at all.
    deadlines: tuple[str, ...] = ()
