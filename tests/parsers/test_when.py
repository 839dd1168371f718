"""The interview's time written in a confirmation's text: day, start, end and zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from corpus_samples import labelled
from hypothesis import given
from hypothesis import strategies as st

from afterview.parsers.mime import Mail
from afterview.parsers.when import interview_time, stated_time

CORPUS = Path(__file__).parent.parent / "corpus"
TORONTO = ZoneInfo("America/Toronto")
BRISBANE = ZoneInfo("Australia/Brisbane")
NEW_YORK = ZoneInfo("America/New_York")
EST = timezone(timedelta(hours=-5))
EDT = timezone(timedelta(hours=-4))


def _text_confirmations(split: str) -> list[Any]:
    """Confirmations whose time is only in the text: no calendar part to read it from."""
    found = labelled(
        split, where=lambda x: x.facts["kind"] == "interview_confirmation" and not x.mail.calendars
    )
    return [pytest.param(x.mail, x.facts, id=x.name) for x in found]


@pytest.mark.parametrize(("mail", "facts"), _text_confirmations("tune"))
def test_confirmation_text_gives_the_sidecar_interview_time(
    mail: Mail, facts: dict[str, Any]
) -> None:
    sent = parsedate_to_datetime(mail.header("Date"))
    found = interview_time(
        mail.text, sent, user_tz=ZoneInfo(facts["user_tz"]), language=facts["language"]
    )
    assert found is not None
    assert found[0] == facts["interview"]["start"]
    if facts["interview"]["end"] is not None:
        assert found[1] == facts["interview"]["end"]


def _at(
    text: str, sent: datetime, language: str | None = "en"
) -> tuple[datetime, datetime | None] | None:
    return interview_time(text, sent, user_tz=TORONTO, language=language)


def test_time_with_a_named_zone_keeps_that_zone() -> None:
    found = _at("See you Tuesday, March 3 at 2:00 PM EST.", datetime(2026, 2, 26, 10, tzinfo=EST))
    assert found == (datetime(2026, 3, 3, 14, tzinfo=NEW_YORK), None)


def test_est_written_in_july_means_eastern_daylight_time() -> None:
    found = _at(
        "Confirmed: Thursday, July 16 at 10:00 AM EST.", datetime(2026, 7, 9, 9, tzinfo=EDT)
    )
    assert found is not None
    assert found[0].utcoffset() == timedelta(hours=-4)
    assert found[0] == datetime(2026, 7, 16, 14, tzinfo=UTC)


def test_time_without_zone_is_in_the_users_zone_whatever_the_date_header() -> None:
    sent = datetime(2026, 3, 5, 9, tzinfo=timezone(timedelta(hours=1)))  # written from Paris
    found = _at("Confirming Monday, March 9 at 1:00 PM.", sent)
    assert found == (datetime(2026, 3, 9, 13, tzinfo=TORONTO), None)


def test_week_of_the_dst_change_takes_the_offset_of_the_interview_day() -> None:
    # Written in EST (-05:00) for a Monday after the 2026-03-08 change to EDT (-04:00).
    found = _at(
        "You're booked for Monday, March 9 at 1:00 PM ET.", datetime(2026, 3, 5, 14, tzinfo=EST)
    )
    assert found is not None
    assert found[0].utcoffset() == timedelta(hours=-4)


def test_date_without_year_after_new_year_is_next_year() -> None:
    found = _at("Let's talk Friday, January 8 at 11 am.", datetime(2026, 12, 30, 10, tzinfo=EST))
    assert found == (datetime(2027, 1, 8, 11, tzinfo=TORONTO), None)


def test_weekday_alone_is_the_next_such_day_after_the_message() -> None:
    sent = datetime(2026, 3, 3, 10, tzinfo=EST)  # a Tuesday
    assert _at("See you Tuesday at 3 PM.", sent) == (
        datetime(2026, 3, 10, 15, tzinfo=TORONTO),
        None,
    )


def test_tomorrow_at_a_bare_hour_reads_as_office_hours() -> None:
    found = _at("Perfect - tomorrow at 10 it is.", datetime(2026, 4, 13, 16, tzinfo=EDT))
    assert found == (datetime(2026, 4, 14, 10, tzinfo=TORONTO), None)


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry, we have to cancel tomorrow's interview at 2:00 PM.",
        "Your interview tomorrow at 2:00 PM is confirmed.",
    ],
)
def test_a_days_meeting_may_stand_between_the_day_and_its_time(text: str) -> None:
    found = _at(text, datetime(2026, 5, 4, 16, tzinfo=EDT))
    assert found == (datetime(2026, 5, 5, 14, tzinfo=TORONTO), None)


@pytest.mark.parametrize(
    "text",
    [
        "Here's your agenda for Tuesday, May 12 (all times ET):\n\n"
        "\u2022 10:00 \u2013 10:45 \u2014 Priya Nair, Engineering Manager \u2014 priya@acme.example\n"
        "\u2022 11:00 \u2013 11:45 \u2014 Tom Becker, Staff Engineer\n",
        "Tuesday, May 12 (all times ET)\n10:00 - 10:45 Priya Nair\n11:00 - 11:45 Tom Becker\n",
        # A table's header row between the heading and the first session's times.
        "Your schedule for Tuesday, May 12 (all times ET):\n\n"
        "Time          | Interviewer | Focus\n"
        "10:00 - 10:45 | Priya Nair  | System design\n"
        "11:00 - 11:45 | Tom Becker  | Behavioural\n",
    ],
)
def test_an_agenda_under_its_day_runs_from_the_first_start_to_the_last_end(text: str) -> None:
    found = _at(text, datetime(2026, 5, 4, 16, tzinfo=EDT))
    assert found == (
        datetime(2026, 5, 12, 10, tzinfo=NEW_YORK),
        datetime(2026, 5, 12, 11, 45, tzinfo=NEW_YORK),
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Your onsite is confirmed for Tuesday, May 12.\n\n"
            "9:30 AM - 10:15 AM: Science deep dive\n"
            "Interviewer: Helen Cho <helen.cho@acme.example>\n",
            (
                datetime(2026, 5, 12, 9, 30, tzinfo=TORONTO),
                datetime(2026, 5, 12, 10, 15, tzinfo=TORONTO),
            ),
        ),
        # A sentence above a paragraph that only mentions a time is no heading.
        ("We received your application on Tuesday, May 12.\n\nCall us at 9:30 AM.\n", None),
    ],
)
def test_a_sentence_heads_an_itinerary_whose_lines_start_with_their_times(
    text: str, found: tuple[datetime, datetime] | None
) -> None:
    assert _at(text, datetime(2026, 5, 4, 16, tzinfo=EDT)) == found


@pytest.mark.parametrize(
    ("text", "language", "zone"),
    [
        # The day, a note on the zone, a heading, then the itinerary.
        (
            "Date: Tuesday, May 12, 2026\nAll times are shown in Pacific Time (PT)\n\nITINERARY\n"
            "10:00 AM - 10:45 AM Priya Nair - priya@acme.example\n"
            "10:45 AM - 11:45 AM Tom Becker - tom@acme.example\n",
            "en",
            ZoneInfo("America/Los_Angeles"),
        ),
        # The day in a sentence, a table's header row naming the zone, no blank line.
        (
            "Below is your schedule for Tuesday, May 12 (times in Eastern).\n"
            "Time (EST) | Session | With\n10:00 - 10:45 AM | Design | Priya Nair\n"
            "11:00 - 11:45 AM | Critique | Tom Becker\n",
            "en",
            NEW_YORK,
        ),
        # The day in the paragraph above; each bullet names the zone after its range.
        (
            "Here's how Tuesday, May 12 will run, with everyone on one link.\n\n"
            "* 10:00 - 10:45 AM EDT Priya Nair\n * 10:45 - 11:45 AM EDT Tom Becker\n",
            "en",
            NEW_YORK,
        ),
        (
            "Date : mardi 12 mai 2026\nLieu : Microsoft Teams\n"
            "Heure (heure de l'Est) | Intervenant\n10 h à 10 h 45 | Priya Nair\n"
            "10 h 45 à 11 h 45 | Tom Becker\n",
            "fr",
            TORONTO,
        ),
    ],
)
def test_an_itinerary_below_its_day_starts_with_its_first_session(
    text: str, language: str, zone: ZoneInfo
) -> None:
    found = _at(text, datetime(2026, 5, 4, 16, tzinfo=EDT), language=language)
    assert found == (
        datetime(2026, 5, 12, 10, tzinfo=zone),
        datetime(2026, 5, 12, 11, 45, tzinfo=zone),
    )


def test_an_itinerary_below_its_day_runs_past_dashed_names_titles_and_addresses() -> None:
    text = (
        "Date: Thursday, April 9, 2026\nAll times are shown in Pacific Time (PT)\n\nITINERARY\n"
        "9:30 AM - 10:15 AM Gabe Lindqvist - Analytics Manager - gabe@orchard.com\n"
        "10:15 AM - 11:00 AM Hannah Cho - Senior Data Engineer - hannah@orchard.com\n"
        "11:00 AM - 11:15 AM Break\n"
        "11:15 AM - 12:00 PM Marcus Bell - Director, Network Planning - marcus@orchard.com\n"
    )
    found = stated_time(text, datetime(2026, 4, 1, 9, tzinfo=EST), user_tz=TORONTO)
    pacific = ZoneInfo("America/Los_Angeles")
    assert found is not None
    assert (found.start, found.end) == (
        datetime(2026, 4, 9, 9, 30, tzinfo=pacific),
        datetime(2026, 4, 9, 12, 0, tzinfo=pacific),
    )


def test_times_to_choose_from_below_a_day_are_no_itinerary() -> None:
    text = (
        "Date: Tuesday, May 12, 2026\nAll times are Eastern\n\nOPEN SLOTS\n"
        "10:00 AM - 10:45 AM\n2:00 PM - 2:45 PM\n"
    )
    assert _at(text, datetime(2026, 5, 4, 16, tzinfo=EDT)) is None


def test_a_french_agenda_table_under_its_day_gives_the_first_start_and_last_end() -> None:
    text = (
        "Horaire du mardi 12 mai :\n\n"
        "Heure          | Intervieweur\n"
        "10 h - 10 h 45 | Priya Nair\n"
        "11 h - 11 h 45 | Tom Becker\n"
    )
    found = _at(text, datetime(2026, 5, 4, 16, tzinfo=EDT), language="fr")
    assert found == (
        datetime(2026, 5, 12, 10, tzinfo=TORONTO),
        datetime(2026, 5, 12, 11, 45, tzinfo=TORONTO),
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Thursday, April 16 from 1-4 PM at our office.", 13, 16),
        ("Tuesday, March 3 at 2:00 PM EST (2:00-2:45).", 14, 14.75),
        ("Date: Wednesday, October 14, 2026\nTime: 2:30 PM - 3:00 PM (Eastern Time)", 14.5, 15),
        ("on Monday, March 9 at 11:00 AM (11-12)", 11, 12),
    ],
)
def test_stated_range_gives_the_end(text: str, start: float, end: float) -> None:
    found = _at(text, datetime(2026, 3, 2, 9, tzinfo=EST))
    assert found is not None
    assert found[0].hour + found[0].minute / 60 == start
    assert found[1] is not None
    assert found[1].hour + found[1].minute / 60 == end


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("On se voit le mardi 3 mars à 14 h.", datetime(2026, 3, 3, 14, tzinfo=TORONTO)),
        (
            "Date : le jeudi 12 mars\nHeure : 14h30 (HE)",
            datetime(2026, 3, 12, 14, 30, tzinfo=TORONTO),
        ),
        ("Rendez-vous lundi prochain à 9 h 30.", datetime(2026, 3, 9, 9, 30, tzinfo=TORONTO)),
    ],
)
def test_french_formats_give_the_start(text: str, expect: datetime) -> None:
    found = _at(text, datetime(2026, 3, 2, 9, tzinfo=EST), language="fr")
    assert found is not None
    assert found[0] == expect


def test_french_range_de_a_gives_the_end() -> None:
    found = _at(
        "L'entrevue aura lieu le 5 mai de 14 h à 15 h.", datetime(2026, 4, 20, 9, tzinfo=EDT), "fr"
    )
    assert found == (
        datetime(2026, 5, 5, 14, tzinfo=TORONTO),
        datetime(2026, 5, 5, 15, tzinfo=TORONTO),
    )


def test_language_unknown_tries_every_language() -> None:
    found = _at("On se voit le mardi 3 mars à 14 h.", datetime(2026, 3, 2, 9, tzinfo=EST), None)
    assert found is not None
    assert found[0] == datetime(2026, 3, 3, 14, tzinfo=TORONTO)


def test_windows_zone_label_is_read_by_its_name() -> None:
    text = "Date and time: Thursday, February 19, 2026 9:30 AM - 10:00 AM (UTC-05:00) Eastern Time (US & Canada)"
    found = _at(text, datetime(2026, 2, 13, 16, tzinfo=UTC))
    assert found == (
        datetime(2026, 2, 19, 9, 30, tzinfo=NEW_YORK),
        datetime(2026, 2, 19, 10, tzinfo=NEW_YORK),
    )


def test_stated_length_gives_the_end() -> None:
    found = _at(
        "You booked Tuesday, August 5 at 10:00 AM. We're on for 30 minutes.",
        datetime(2025, 7, 31, tzinfo=EDT),
    )
    assert found is not None
    assert found[1] == datetime(2025, 8, 5, 10, 30, tzinfo=TORONTO)


def test_quoted_earlier_time_is_ignored() -> None:
    text = (
        "Updated: Thursday, November 5 at 11:00 AM.\n\n"
        "On Mon, Nov 2, 2026 at 8:15 AM Alex <alex@example.net> wrote:\n"
        "> Could we do Wednesday, November 4 at 2 PM instead?"
    )
    found = _at(text, datetime(2026, 11, 2, 9, tzinfo=EST))
    assert found == (datetime(2026, 11, 5, 11, tzinfo=TORONTO), None)


@pytest.mark.parametrize(
    "text",
    [
        "Your interview is confirmed for Tuesday, March 3.",
        "Could any of these work?\n- Tuesday, March 3 at 10:00 AM\n- Wednesday, March 4 at 2:00 PM",
        "Would Tuesday at 10 or Wednesday at 2 work for you?",
        "Meeting ID: 833 5510 2947, passcode 771945.",
    ],
)
def test_no_single_fixed_time_gives_none(text: str) -> None:
    assert _at(text, datetime(2026, 2, 26, 10, tzinfo=EST)) is None


@given(st.text(max_size=300))
def test_any_text_gives_a_time_or_none_and_never_raises(text: str) -> None:
    found = _at(text, datetime(2026, 2, 26, 10, tzinfo=EST), None)
    assert found is None or isinstance(found[0], datetime)


def test_naive_date_header_is_taken_as_utc() -> None:
    naive = datetime(2026, 2, 26, 10)  # noqa: DTZ001 -- a broken Date header, on purpose
    found = _at("See you Tuesday, March 3 at 2 PM.", naive)
    assert found is not None
    assert found[0].date() == date(2026, 3, 3)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Would Thursday, March 12 at 2:00 p.m. work for a call?", True),
        ("Seriez-vous disponible le jeudi 12 mars à 14 h ?", True),
        ("Your call is on Thursday, March 12 at 2:00 p.m. Does that work?", False),
        ("Confirmed for Thursday, March 12 at 2:00 PM! Any questions?", False),
    ],
)
def test_a_time_in_a_question_is_asked_not_fixed(text: str, asked: bool) -> None:
    sent = datetime(2026, 3, 5, 9, tzinfo=EST)
    language = "fr" if "jeudi" in text else "en"
    found = stated_time(text, sent, user_tz=TORONTO, language=language)
    assert found is not None
    assert found.asked is asked


@pytest.mark.parametrize(
    "text",
    [
        "Date: Thursday, March 12\nTime: 2:00 PM - 3:00 PM ET\nQuestions? Reply to this email.",
        "Could you confirm you can make Thursday, March 12 at 2:00 PM?",
        "Does Thursday, March 12 at 2:00 PM still work for you?",
        "Pouvez-vous confirmer votre présence le jeudi 12 mars à 14 h ?",
    ],
)
def test_a_set_time_near_a_question_or_to_confirm_is_fixed(text: str) -> None:
    sent = datetime(2026, 3, 5, 9, tzinfo=EST)
    language = "fr" if "jeudi" in text else "en"
    found = stated_time(text, sent, user_tz=TORONTO, language=language)
    assert found is not None
    assert not found.asked


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Please send the exercise back by Monday, March 9 at noon.", "en"),
        (
            "Send your portfolio by Thursday, March 5 at 2 PM, and the references by Friday, "
            "March 6 at 9 AM.",
            "en",
        ),
        ("Nous vous demandons de nous la retourner au plus tard le lundi 9 mars à midi.", "fr"),
    ],
)
def test_a_time_stated_only_as_a_deadline_is_no_appointment(text: str, language: str) -> None:
    sent = datetime(2026, 3, 3, 9, tzinfo=EST)
    assert stated_time(text, sent, user_tz=TORONTO, language=language) is None


def test_beside_a_deadline_the_appointments_time_is_stated() -> None:
    text = "Please confirm by Friday at noon. Your interview is Tuesday, March 10 at 2:00 PM."
    found = stated_time(text, datetime(2026, 3, 3, 9, tzinfo=EST), user_tz=TORONTO)
    assert found is not None
    assert found.start == datetime(2026, 3, 10, 14, tzinfo=TORONTO)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # Month first (July 5) is a Sunday: the Thursday is 7 May, day first.
        ("When: Thursday 07/05/2026, 9:00am - 10:00am AEST", datetime(2026, 5, 7, 9, tzinfo=BRISBANE)),
        # Month first agrees with the weekday: it stands.
        ("When: Tuesday 05/12/2026 at 9:00am ET", datetime(2026, 5, 12, 9, tzinfo=TORONTO)),
    ],
)  # fmt: skip
def test_a_weekday_settles_the_order_of_a_numeric_date(text: str, expect: datetime) -> None:
    found = stated_time(text, datetime(2026, 4, 27, 16, tzinfo=EST), user_tz=TORONTO)
    assert found is not None
    assert found.start == expect


def test_an_itinerary_runs_from_its_first_session_to_the_last_that_follows_on() -> None:
    text = (
        "Please find your interview schedule below.\n"
        "Thursday, August 27, 2026\nEastern Time (US & Canada)\n"
        "10:00 AM - 10:45 AM | Technical Deep Dive | Ines Moreau\n"
        "11:00 AM - 11:45 AM | Hiring Manager Interview | Rhys Llewellyn\n"
        "3:00 PM - 3:30 PM | Optional office tour\n"
    )
    found = _at(text, datetime(2026, 8, 19, 9, tzinfo=EDT))
    assert found is not None
    # The tour starts hours after the panel ends: not part of the chain.
    assert found == (
        datetime(2026, 8, 27, 10, tzinfo=NEW_YORK),
        datetime(2026, 8, 27, 11, 45, tzinfo=NEW_YORK),
    )


@pytest.mark.parametrize(
    ("text", "language", "expect"),
    [
        (
            "Je vous attends le jeudi 12 à 10 h 30.",
            "fr",
            datetime(2026, 3, 12, 10, 30, tzinfo=TORONTO),
        ),
        ("See you Thursday 12 at 2:30 PM.", "en", datetime(2026, 3, 12, 14, 30, tzinfo=TORONTO)),
        # No 12th of April is a Sunday: the weekday picks the month that has it.
        ("Rendez-vous dimanche 12 à 13 h.", "fr", datetime(2026, 4, 12, 13, tzinfo=TORONTO)),
    ],
)
def test_a_weekday_before_a_bare_number_is_that_day_of_the_month(
    text: str, language: str, expect: datetime
) -> None:
    found = _at(text, datetime(2026, 3, 5, 9, tzinfo=EST), language=language)
    assert found is not None
    assert found[0] == expect


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Your final interview will be on Monday, March 16. It starts at 9:30 AM.", "en"),
        ("Je vous confirme votre entrevue du lundi 16 mars. Elle débutera à 9 h 30.", "fr"),
    ],
)
def test_a_day_then_its_start_in_the_next_sentence_is_one_time(text: str, language: str) -> None:
    found = _at(text, datetime(2026, 3, 5, 9, tzinfo=EST), language=language)
    assert found is not None
    assert found[0] == datetime(2026, 3, 16, 9, 30, tzinfo=TORONTO)


@pytest.mark.parametrize(
    "text",
    [
        "We received your application on Monday, March 16. Our office hours are 9 to 5.",
        "Applications closed on Monday, March 16. Then we reviewed them. Each starts at 9:30.",
        "We met on Monday, March 16. Since then the team has grown a lot and now starts at 9:30.",
    ],
)
def test_a_day_and_a_later_time_that_nothing_carries_on_are_apart(text: str) -> None:
    assert _at(text, datetime(2026, 3, 5, 9, tzinfo=EST), language="en") is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We've moved your interview from Wednesday, March 4 at 10 AM to Thursday, March 5 at 2 PM.", "en"),
        ("Your interview originally set for Wednesday, March 4 at 10:00 AM is now Thursday, March 5 at 2:00 PM.", "en"),
        ("Your interview was Wednesday, March 4 at 10 AM; it is now Thursday, March 5 at 2 PM.", "en"),
        ("Please fill in the form by Wednesday, March 4 at 5 PM. Your interview is Thursday, March 5 at 2 PM.", "en"),
        ("Kindly confirm no later than March 4 at noon. Interview: Thursday, March 5, 2:00 PM.", "en"),
        ("Nous avons déplacé votre entrevue du mercredi 4 mars à 10 h au jeudi 5 mars à 14 h.", "fr"),
        ("Prévue initialement le mercredi 4 mars à 10 h, l'entrevue aura lieu le jeudi 5 mars à 14 h.", "fr"),
        ("Merci de remplir le formulaire d'ici le mercredi 4 mars à 17 h. Entrevue : jeudi 5 mars à 14 h.", "fr"),
    ],
)  # fmt: skip
def test_an_old_time_or_a_deadline_beside_the_appointment_is_passed_over(
    text: str, language: str
) -> None:
    found = _at(text, datetime(2026, 3, 2, 10, tzinfo=EST), language=language)
    assert found is not None
    assert found[0] == datetime(2026, 3, 5, 14, tzinfo=TORONTO)


@pytest.mark.parametrize(
    "text",
    [
        # The only time stated is the appointment, whatever the word before it.
        "Your interview is booked from Thursday, March 5 at 2 PM, for an hour.",
        # Both times are written as other times: the first is still the answer.
        "Your interview, first set for Thursday, March 5 at 2 PM, was Friday, March 6 at 9 AM.",
    ],
)  # fmt: skip
def test_a_time_written_as_another_is_kept_when_no_other_is_the_appointment(text: str) -> None:
    found = _at(text, datetime(2026, 3, 2, 10, tzinfo=EST), language="en")
    assert found is not None
    assert found[0] == datetime(2026, 3, 5, 14, tzinfo=TORONTO)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("Your onsite is on Tuesday, 17 November 2026, from 10 to 11:30.", (10, 0, 11, 30)),
        ("Wednesday, November 18 works - see you at 4.", (16, 0, None, None)),
    ],
)
def test_a_bare_hour_reads_before_a_clock_time_or_after_see_you(
    text: str, expect: tuple[int, int, int | None, int | None]
) -> None:
    found = _at(text, datetime(2026, 11, 12, 9, tzinfo=EST))
    assert found is not None
    day = found[0].date()
    assert found[0] == datetime.combine(day, time(expect[0], expect[1]), TORONTO)
    if expect[2] is not None:
        assert found[1] == datetime.combine(day, time(expect[2], expect[3] or 0), TORONTO)


def test_a_numeric_date_in_the_past_is_read_in_the_other_order_when_that_is_ahead() -> None:
    found = _at("Date: 05/11/2025\nTime: 15:00 GMT", datetime(2025, 10, 30, 11, 20, tzinfo=UTC))
    assert found is not None
    assert found[0] == datetime(2025, 11, 5, 15, tzinfo=UTC)


def test_a_numeric_date_ahead_keeps_the_languages_order() -> None:
    found = _at("Date: 05/11/2026\nTime: 3:00 PM", datetime(2025, 10, 30, 11, 20, tzinfo=UTC))
    assert found is not None
    assert found[0].date() == date(2026, 5, 11)


def test_a_day_carries_on_past_a_sentence_naming_the_zone_to_the_start() -> None:
    text = (
        "Your interview day is on Tuesday 20 January 2026. All times below are CET (Copenhagen);"
        " the first session starts at 15:00."
    )
    found = _at(text, datetime(2026, 1, 10, 9, tzinfo=EST))
    assert found is not None
    assert found[0] == datetime(2026, 1, 20, 15, tzinfo=ZoneInfo("Europe/Paris"))
