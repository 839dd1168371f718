"""The return date of out-of-office replies: first day back, else the last day away."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from corpus_samples import labelled
from hypothesis import given
from hypothesis import strategies as st

from afterview.parsers.absence import return_date
from afterview.parsers.mime import Mail
from afterview.parsers.parse import new_text

CORPUS = Path(__file__).parent.parent / "corpus"
TORONTO = ZoneInfo("America/Toronto")
EST = timezone(timedelta(hours=-5))
EDT = timezone(timedelta(hours=-4))
MONDAY = datetime(2026, 3, 9, 11, tzinfo=EDT)
WEDNESDAY = datetime(2026, 3, 11, 11, tzinfo=EDT)
BEFORE_CHRISTMAS = datetime(2025, 12, 22, 10, tzinfo=EST)


def _auto_replies(split: str) -> list[Any]:
    found = labelled(split, "ooo", where=lambda x: x.facts["kind"] == "auto_reply")
    return [pytest.param(x.path.with_suffix(".yaml"), x.facts, id=x.path.stem) for x in found]


def _read(sidecar: Path) -> tuple[str, datetime]:
    mail = Mail(sidecar.with_suffix(".eml").read_bytes())
    return new_text(mail.text), parsedate_to_datetime(mail.header("Date"))


def _back(text: str, sent: datetime = MONDAY, language: str | None = "en") -> date | None:
    return return_date(text, sent, user_tz=TORONTO, language=language)


@pytest.mark.parametrize(("sidecar", "facts"), _auto_replies("tune"))
def test_auto_reply_gives_its_sidecar_return_date(sidecar: Path, facts: dict[str, Any]) -> None:
    text, sent = _read(sidecar)
    tz = ZoneInfo(facts["user_tz"])
    assert return_date(text, sent, user_tz=tz, language=facts["language"]) == facts["ooo_until"]


@pytest.mark.parametrize(("sidecar", "facts"), _auto_replies("tune"))
def test_auto_reply_gives_the_same_date_without_a_language(
    sidecar: Path, facts: dict[str, Any]
) -> None:
    text, sent = _read(sidecar)
    assert return_date(text, sent, user_tz=ZoneInfo(facts["user_tz"])) == facts["ooo_until"]


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("I will be back on Monday, March 30.", date(2026, 3, 30)),
        ("I'll be back in the office Tuesday the 17th.", date(2026, 3, 17)),
        ("I'm out this week, returning Thursday, March 12.", date(2026, 3, 12)),
        ("I am travelling and will return on March 16.", date(2026, 3, 16)),
        ("Our offices reopen on Monday, March 16.", date(2026, 3, 16)),
        ("Back 3/30. - Jen", date(2026, 3, 30)),
        ("I'll be back in two weeks.", date(2026, 3, 23)),
        ("On leave; back after March 20.", date(2026, 3, 21)),
    ],
)
def test_first_day_back_phrasings_give_that_day(text: str, expect: date) -> None:
    assert _back(text) == expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("I'm out of the office until March 12.", date(2026, 3, 12)),
        ("Out until 3/30 with no email.", date(2026, 3, 30)),
        ("Out till Tues 3/17.", date(2026, 3, 17)),
        ("I'm on PTO through Friday.", date(2026, 3, 13)),
        ("I'm OOO until tomorrow.", date(2026, 3, 10)),
        ("I'm out of the office until the end of next week.", date(2026, 3, 20)),
        ("I'm on parental leave until January 2027.", date(2027, 1, 1)),
    ],
)
def test_until_phrasings_give_the_day_named(text: str, expect: date) -> None:
    assert _back(text) == expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("I will be out of the office from 3/16 to 3/20.", date(2026, 3, 20)),
        ("I'm on vacation March 16-20 with no access to email.", date(2026, 3, 20)),
        ("I'm away March 30 - April 2.", date(2026, 4, 2)),
        ("I'm out of the office Monday 3/16 through Wednesday 3/18.", date(2026, 3, 18)),
        ("I'm out of the office today.", date(2026, 3, 9)),
    ],
)
def test_an_absence_gives_its_last_day(text: str, expect: date) -> None:
    assert _back(text) == expect


def test_exchange_date_range_gives_its_end() -> None:
    sent = datetime(2026, 2, 27, 9, tzinfo=EST)
    assert _back("I will be out of the office from 3/2 to 3/6.", sent) == date(2026, 3, 6)


def test_the_first_day_back_wins_over_the_last_day_away() -> None:
    text = "I'm out of the office through Friday, March 20, and back on Monday, March 23."
    assert _back(text) == date(2026, 3, 23)


def test_an_absence_that_only_starts_states_no_return() -> None:
    assert _back("I'm out of the office starting Friday, March 13.") is None


def test_back_in_january_sent_in_december_is_next_year() -> None:
    assert _back("Back January 5", BEFORE_CHRISTMAS) == date(2026, 1, 5)


def test_a_closure_across_the_year_end_ends_next_year() -> None:
    text = "Our office is closed from Wednesday, December 24 through Friday, January 2."
    assert _back(text, BEFORE_CHRISTMAS) == date(2026, 1, 2)


def test_a_stale_reply_keeps_its_recent_past_date() -> None:
    # Sent after the stated day: the sender forgot the responder, they are not away a year.
    sent = datetime(2026, 3, 5, 9, tzinfo=EST)
    assert _back("I'm out of the office until Monday, March 2.", sent) == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "sent", "expect"),
    [
        ("Back Monday.", WEDNESDAY, date(2026, 3, 16)),
        ("Back Monday.", MONDAY, date(2026, 3, 16)),
        ("I'll be back next Monday.", WEDNESDAY, date(2026, 3, 16)),
        ("I'm away this week, back Thursday.", MONDAY, date(2026, 3, 12)),
        ("I'm currently traveling, with limited email until Wednesday.", MONDAY, date(2026, 3, 11)),
    ],
)
def test_relative_weekdays_count_from_the_day_sent(text: str, sent: datetime, expect: date) -> None:
    assert _back(text, sent) == expect


def test_utc_date_header_is_read_in_the_users_zone() -> None:
    # 03:00 UTC on Saturday is still Friday evening in Toronto: "tomorrow" is Saturday.
    assert _back("Out until tomorrow.", datetime(2026, 3, 7, 3, tzinfo=UTC)) == date(2026, 3, 7)


def test_date_header_offset_other_than_utc_is_the_writers_day() -> None:
    sent = datetime(2026, 3, 7, 9, tzinfo=timezone(timedelta(hours=9)))  # Tokyo, Saturday
    assert _back("Out until tomorrow.", sent) == date(2026, 3, 8)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("Je suis présentement en vacances et serai de retour le 20 juillet.", date(2026, 7, 20)),
        ("Je suis absente du bureau jusqu'au 12 mars.", date(2026, 3, 12)),
        ("Je suis absente du bureau jusqu\u2019au 12 mars.", date(2026, 3, 12)),
        ("Je serai absent du 16 au 20 mars inclusivement.", date(2026, 3, 20)),
        ("Je serai absent du 26 mars au 2 avril. De retour le mardi 7 avril.", date(2026, 4, 7)),
        ("Je suis en congé de maternité jusqu'en janvier 2027.", date(2027, 1, 1)),
        ("Je suis en congé de maternité jusqu'en 2027.", date(2027, 1, 1)),
        ("Je suis en vacances jusqu'à vendredi.", date(2026, 3, 13)),
        ("De retour lundi prochain.", date(2026, 3, 16)),
        ("Je serai de retour le 23/03.", date(2026, 3, 23)),
        ("Je reviens dans deux semaines.", date(2026, 3, 23)),
        ("Je serai de retour au bureau la semaine prochaine.", date(2026, 3, 16)),
    ],
)
def test_french_phrasings(text: str, expect: date) -> None:
    assert _back(text, language="fr") == expect
    assert _back(text, language=None) == expect


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Thank you for your email. I'll respond as soon as possible.", "en"),
        ("I am currently out of the office with limited access to email.", "en"),
        ("I'll get back to you on Monday.", "en"),
        ("I'm out of the office. Our team meeting is on Monday, March 16.", "en"),
        ("Je suis absente. Votre message sera traité à mon retour.", "fr"),
        ("Je vous ferai un retour lundi.", "fr"),
    ],
)
def test_no_return_date_when_none_is_stated(text: str, language: str) -> None:
    assert _back(text, language=language) is None


def test_quoted_earlier_messages_are_ignored() -> None:
    text = (
        "I am out of the office with no access to email.\n\n"
        "On Mon, Mar 9, 2026 at 9:00 AM Alex <alex.morgan@example.net> wrote:\n"
        "> I'm back on Monday, March 16 if you want to talk."
    )
    assert _back(text) is None


@given(st.text(max_size=300))
def test_any_text_gives_a_date_or_none_and_never_raises(text: str) -> None:
    found = _back(text, language=None)
    assert found is None or isinstance(found, date)
