"""Waits, business days and send windows, across weekends, holidays and DST changes."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import holidays
import pytest

from afterview.policies.timing import Calendar, SendWindow, Unit, Wait

TORONTO = ZoneInfo("America/Toronto")
QUEBEC = Calendar(TORONTO, holidays.country_holidays("CA", subdiv="QC", years=range(2026, 2028)))
NINE_TO_FIVE = SendWindow.from_names(("mon", "tue", "wed", "thu", "fri"), time(9), time(17))


def at(text: str, zone: ZoneInfo = TORONTO) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", Wait(2, Unit.HOURS)),
        ("30m", Wait(30, Unit.MINUTES)),
        ("3d", Wait(3, Unit.DAYS)),
        ("1w", Wait(7, Unit.DAYS)),
        ("5 business days", Wait(5, Unit.BUSINESS_DAYS)),
        ("1 business day", Wait(1, Unit.BUSINESS_DAYS)),
        ("2bd", Wait(2, Unit.BUSINESS_DAYS)),
        ("24 hours", Wait(24, Unit.HOURS)),
    ],
)
def test_waits_read_as_written(text: str, expected: Wait) -> None:
    assert Wait.parse(text) == expected


@pytest.mark.parametrize("text", ["", "two days", "5 fortnights", "-1d", "1.5h"])
def test_a_malformed_wait_says_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="5 business days"):
        Wait.parse(text)


def test_business_days_skip_the_weekend() -> None:
    assert Wait.parse("1 business day").after(at("2026-03-06 15:00"), QUEBEC) == at(
        "2026-03-09 15:00"
    )
    assert Wait.parse("5 business days").after(at("2026-03-04 10:00"), QUEBEC) == at(
        "2026-03-11 10:00"
    )


def test_business_days_skip_public_holidays() -> None:
    # 2026-06-24 (Fête nationale, a Wednesday) and 2026-07-01 (Canada Day) are holidays in Quebec.
    assert Wait.parse("5 business days").after(at("2026-06-22 15:00"), QUEBEC) == at(
        "2026-06-30 15:00"
    )
    assert Wait.parse("1 business day").after(at("2026-06-30 15:00"), QUEBEC) == at(
        "2026-07-02 15:00"
    )


def test_without_holidays_only_weekends_are_skipped() -> None:
    plain = Calendar(TORONTO)
    assert Wait.parse("5 business days").after(at("2026-06-22 15:00"), plain) == at(
        "2026-06-29 15:00"
    )


def test_days_keep_the_wall_clock_across_a_dst_change() -> None:
    # America/Toronto springs forward on 2026-03-08.
    after = Wait.parse("5 business days").after(at("2026-03-06 15:00"), QUEBEC)
    assert after == at("2026-03-13 15:00")
    assert after.utcoffset() != at("2026-03-06 15:00").utcoffset()
    assert Wait.parse("7d").after(at("2026-10-30 09:00"), QUEBEC).hour == 9


def test_hours_are_elapsed_time_across_a_dst_change() -> None:
    start = at("2026-03-07 23:00")
    assert (Wait.parse("24h").after(start, QUEBEC) - start).total_seconds() == 24 * 3600


def test_a_wall_clock_time_in_the_spring_forward_gap_moves_past_it() -> None:
    moved = Wait.parse("1d").after(at("2026-03-07 02:30"), QUEBEC)
    assert moved.astimezone(TORONTO).hour == 3


def test_wait_before_counts_backwards() -> None:
    assert Wait.parse("1 business day").before(at("2026-03-09 10:00"), QUEBEC) == at(
        "2026-03-06 10:00"
    )


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2026-03-04 10:30", "2026-03-04 10:30"),  # inside: unchanged
        ("2026-03-04 07:00", "2026-03-04 09:00"),  # early: the same morning
        ("2026-03-04 17:00", "2026-03-05 09:00"),  # at the close: the next morning
        ("2026-03-06 18:00", "2026-03-09 09:00"),  # Friday evening: Monday
        ("2026-03-07 11:00", "2026-03-09 09:00"),  # Saturday: Monday
    ],
)
def test_send_window_moves_a_due_time_to_the_next_opening(due: str, expected: str) -> None:
    assert NINE_TO_FIVE.next_opening(at(due), TORONTO) == at(expected)


def test_send_window_applies_in_the_recipient_zone() -> None:
    vancouver = ZoneInfo("America/Los_Angeles")
    opening = NINE_TO_FIVE.next_opening(at("2026-03-04 10:00"), vancouver)
    assert opening == at("2026-03-04 09:00", vancouver)
    assert opening.astimezone(TORONTO).hour == 12


def test_business_day_test_uses_the_calendar() -> None:
    assert not QUEBEC.is_business_day(date(2026, 6, 24))
    assert QUEBEC.next_business_day(date(2026, 6, 23)) == date(2026, 6, 25)


@pytest.mark.parametrize(
    ("wait", "words"),
    [
        (Wait(1, Unit.BUSINESS_DAYS), "1 business day"),
        (Wait(5, Unit.BUSINESS_DAYS), "5 business days"),
        (Wait(1, Unit.DAYS), "1 day"),
        (Wait(7, Unit.DAYS), "7 days"),
        (Wait(1, Unit.HOURS), "1 hour"),
        (Wait(0, Unit.HOURS), "0 hours"),
        (Wait(1, Unit.MINUTES), "1 minute"),
        (Wait(30, Unit.MINUTES), "30 minutes"),
    ],
)
def test_a_wait_reads_in_english_with_its_plural_and_reads_back(wait: Wait, words: str) -> None:
    assert str(wait) == words
    assert Wait.parse(words) == wait
