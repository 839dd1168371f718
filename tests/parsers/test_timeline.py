"""The employer's stated timeline: the latest date it allows, from sentences and whole messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from corpus_samples import ONTARIO, labelled
from hypothesis import given
from hypothesis import strategies as st

from afterview.parsers.mime import Mail
from afterview.parsers.timeline import add_business_days, decision_by, stated_date

CORPUS = Path(__file__).parent.parent / "corpus"
TORONTO = ZoneInfo("America/Toronto")
EST = timezone(timedelta(hours=-5))
EDT = timezone(timedelta(hours=-4))
# The parser reads no details from these: bounces, newsletters, alerts and personal mail.
NOT_ASKED = {"unrelated", "bounce"}


def _timelines(split: str) -> list[Any]:
    entries = yaml.safe_load((CORPUS / "timelines.yaml").read_text(encoding="utf-8"))
    return [pytest.param(e, id=e["text"][:60]) for e in entries if e["split"] == split]


def _messages(split: str) -> list[Any]:
    found = labelled(split, where=lambda x: x.facts["kind"] not in NOT_ASKED)
    return [pytest.param(x.path.with_suffix(".yaml"), x.facts, id=x.name) for x in found]


def _within(found: date | None, expect: list[date] | None) -> bool:
    if expect is None:
        return found is None
    return found is not None and expect[0] <= found <= expect[1]


@pytest.mark.parametrize("entry", _timelines("tune"))
def test_timeline_sentence_resolves_inside_its_expected_range(entry: dict[str, Any]) -> None:
    found = decision_by(
        entry["text"], entry["sent"], user_tz=TORONTO, holidays=ONTARIO, language=entry["lang"]
    )
    assert _within(found, entry["expect"]), found


@pytest.mark.parametrize("entry", _timelines("tune"))
def test_timeline_sentence_resolves_the_same_without_a_language(entry: dict[str, Any]) -> None:
    found = decision_by(entry["text"], entry["sent"], user_tz=TORONTO, holidays=ONTARIO)
    assert _within(found, entry["expect"]), found


@pytest.mark.parametrize(("sidecar", "facts"), _messages("tune"))
def test_whole_message_gives_its_sidecar_decision_date(
    sidecar: Path, facts: dict[str, Any]
) -> None:
    mail = Mail(sidecar.with_suffix(".eml").read_bytes())
    sent = parsedate_to_datetime(mail.header("Date"))
    found = decision_by(
        mail.text,
        sent,
        user_tz=ZoneInfo(facts["user_tz"]),
        holidays=ONTARIO,
        language=facts["language"],
    )
    assert _within(found, facts["decision_by"]), found


def _by(text: str, sent: datetime, language: str | None = "en") -> date | None:
    return decision_by(text, sent, user_tz=TORONTO, holidays=ONTARIO, language=language)


def test_business_days_skip_weekends_and_holidays() -> None:
    # Family Day, Monday 2026-02-16, is an Ontario holiday.
    assert add_business_days(date(2026, 2, 13), 1, ONTARIO) == date(2026, 2, 17)
    assert add_business_days(date(2026, 2, 13), 1, frozenset()) == date(2026, 2, 16)


def test_business_days_count_the_users_holidays() -> None:
    sent = datetime(2026, 2, 13, 10, tzinfo=EST)
    assert _by("We'll get back to you within 2 business days.", sent) == date(2026, 2, 18)


def test_utc_date_header_is_read_in_the_users_zone() -> None:
    # 03:00 UTC on Saturday is still Friday evening in Toronto: "tomorrow" is Saturday.
    sent = datetime(2026, 3, 7, 3, 0, tzinfo=UTC)
    assert _by("You'll have our answer tomorrow.", sent) == date(2026, 3, 7)


def test_date_header_offset_other_than_utc_is_the_writers_day() -> None:
    sent = datetime(2026, 3, 7, 9, 0, tzinfo=timezone(timedelta(hours=9)))  # Tokyo, Saturday
    assert _by("You'll have our answer tomorrow.", sent) == date(2026, 3, 8)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("I'll let you know by Wednesday.", date(2026, 3, 11)),
        ("We aim to make a decision by next Friday.", date(2026, 3, 20)),
        ("We should be able to give you an answer in the next week or two.", date(2026, 3, 23)),
        ("By Friday, we will have made our decision.", date(2026, 3, 13)),
        ("You'll hear back from me by Tues 3/17 at the latest.", date(2026, 3, 17)),
        ("We'll get in touch before the end of the month.", date(2026, 3, 31)),
        ("Our decision should come within 1-2 weeks.", date(2026, 3, 23)),
    ],
)
def test_common_phrasings_give_their_latest_date(text: str, expect: date) -> None:
    assert _by(text, datetime(2026, 3, 9, 11, tzinfo=EDT)) == expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("The panel meets the second Tuesday of March; you'll hear from us that day.", 10),
        ("You'll hear from us on the first Friday of next month.", 3 + 31),
        ("Candidates will be contacted during the second week of March.", 13),
        ("Les personnes retenues seront jointes la troisième semaine de mars.", 20),
        ("Nous vous reviendrons le premier lundi du mois prochain.", 6 + 31),
    ],
)
def test_a_months_nth_weekday_or_week_is_counted_from_its_first_day(text: str, expect: int) -> None:
    # March 2026 starts on a Sunday: its first week runs Monday 2 to Friday 6.
    sent = datetime(2026, 3, 1, 11, tzinfo=EST)
    assert _by(text, sent, language=None) == date(2026, 3, 1) + timedelta(days=expect - 1)


def test_an_ordinal_before_no_weekday_or_week_is_no_date() -> None:
    sent = datetime(2026, 3, 2, 11, tzinfo=EST)
    assert _by("After the first round, we'll get back to you.", sent) is None


def test_the_following_weekday_counts_from_the_day_named_in_the_sentence_before() -> None:
    text = (
        "Our last candidate interviews on Wednesday, May 6. We'll decide once that's done, "
        "and I expect to call you the following Monday either way."
    )
    assert _by(text, datetime(2026, 4, 30, 9, tzinfo=EDT)) == date(2026, 5, 11)


def test_once_after_a_week_is_no_week_after_it() -> None:
    text = "I should know more early next week, once our VP is back from vacation."
    assert _by(text, datetime(2026, 7, 8, 15, tzinfo=EDT)) == date(2026, 7, 15)
    text = "We'll meet next week and let you know the week after."
    assert _by(text, datetime(2026, 7, 8, 15, tzinfo=EDT)) == date(2026, 7, 24)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("We'll get back to you by the end of next week.", date(2026, 5, 8)),
        ("We'll get back to you by the end of this week.", date(2026, 5, 8)),
        ("We'll get back to you the week after next.", date(2026, 5, 15)),
    ],
)
def test_from_a_weekend_next_week_is_the_coming_one(text: str, expect: date) -> None:
    assert _by(text, datetime(2026, 5, 2, 11, tzinfo=EDT)) == expect


@pytest.mark.parametrize(
    "text",
    [
        "Please check in with reception on the 27th floor; we'll get back to you after that.",
        "Présentez-vous au 3e étage; nous vous reviendrons ensuite.",
    ],
)
def test_a_numbered_floor_or_street_is_no_day(text: str) -> None:
    assert _by(text, datetime(2026, 3, 9, 11, tzinfo=EDT), language=None) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Two finalists come in the week of the 16th, and we'll get back to everyone by "
            "the end of that week.",
            "en",
        ),
        (
            "Les dernières entrevues ont lieu la semaine du 16 mars; nous vous reviendrons à "
            "la fin de cette semaine-là.",
            "fr",
        ),
    ],
)
def test_that_week_is_the_week_named_before(text: str, language: str) -> None:
    assert _by(text, datetime(2026, 3, 4, 12, tzinfo=EST), language=language) == date(2026, 3, 20)


def test_the_latest_of_several_promises_wins() -> None:
    text = "We'll sync on feedback tomorrow. You should hear from us by Friday."
    assert _by(text, datetime(2026, 3, 9, 11, tzinfo=EDT)) == date(2026, 3, 13)


def test_long_weekend_ends_the_working_week_before_a_monday_holiday() -> None:
    # Victoria Day is Monday 2026-05-18.
    text = "We'll make a decision before the long weekend."
    assert _by(text, datetime(2026, 5, 12, 11, tzinfo=EDT)) == date(2026, 5, 15)


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for meeting with us on Tuesday, we'll be in touch.",
        "Your interview is confirmed for Tuesday, March 17 at 2 PM.",
        "Please let us know your decision by Friday.",
        "Could you get back to me by Friday?",
        "Last week we told all candidates we would decide soon.",
        "We'll reach out after the panel on Friday.",
        "I'm out of the office until Monday and will get back to you then.",
        "If we decide to move forward, we'll contact you within two weeks.",
    ],
)
def test_no_decision_date_in_sentences_that_state_none(text: str) -> None:
    assert _by(text, datetime(2026, 3, 9, 11, tzinfo=EDT)) is None


def test_quoted_earlier_messages_are_ignored() -> None:
    text = (
        "Thanks Alex, noted.\n\n"
        "On Mon, Mar 9, 2026 at 9:00 AM Jordan <j@example.com> wrote:\n"
        "> We'll get back to you by Friday, March 13."
    )
    assert _by(text, datetime(2026, 3, 10, 11, tzinfo=EDT)) is None


def test_french_sentence_is_read_with_french_words() -> None:
    sent = datetime(2026, 3, 2, 10, tzinfo=EST)
    text = "Nous vous reviendrons d'ici la fin de la semaine prochaine."
    assert _by(text, sent, language="fr") == date(2026, 3, 13)
    assert _by(text, sent, language=None) == date(2026, 3, 13)


@given(st.text(max_size=300))
def test_any_text_gives_a_date_or_none_and_never_raises(text: str) -> None:
    found = _by(text, datetime(2026, 3, 9, 11, tzinfo=EDT), language=None)
    assert found is None or isinstance(found, date)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("two weeks", date(2026, 3, 18)),  # a bare length counts from the reply: Wed 03-04
        ("2 weeks", date(2026, 3, 18)),
        ("within two weeks", date(2026, 3, 18)),
        ("10 business days", date(2026, 3, 18)),
        ("by Friday", date(2026, 3, 6)),
        ("end of next week", date(2026, 3, 13)),
        ("March 20", date(2026, 3, 20)),
        ("2026-04-01", date(2026, 4, 1)),
        ("deux semaines", date(2026, 3, 18)),
        ("d'ici deux semaines", date(2026, 3, 18)),
        ("le 20 mars", date(2026, 3, 20)),
        ("soon", None),
        ("", None),
    ],
)
def test_a_timeline_line_needs_no_promise(line: str, expected: date | None) -> None:
    said = datetime(2026, 3, 4, 16, 0, tzinfo=TORONTO)
    assert stated_date(line, said, user_tz=TORONTO) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("You'll hear from us in the coming days.", "en"),
        ("Nous vous reviendrons dans les prochains jours.", "fr"),
        ("Vous aurez de nos nouvelles au cours des prochains jours.", "fr"),
    ],
)
def test_the_coming_days_are_a_few_days(text: str, language: str) -> None:
    sent = datetime(2026, 3, 4, 10, tzinfo=EST)  # a Wednesday
    found = decision_by(text, sent, user_tz=TORONTO, holidays=ONTARIO, language=language)
    assert found == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("You should hear from us by the week of March 16.", "en"),
        ("Nous vous reviendrons au cours de la semaine du 16 mars.", "fr"),
    ],
)
def test_a_named_week_runs_to_its_friday(text: str, language: str) -> None:
    sent = datetime(2026, 3, 2, 10, tzinfo=EST)
    found = decision_by(text, sent, user_tz=TORONTO, holidays=ONTARIO, language=language)
    assert found == date(2026, 3, 20)


# Round 6: timeline sentences in the styles of fresh employer mail, labelled before the
# parser read them; sent on Monday 2026-03-09 (after the change to daylight time).
@pytest.mark.parametrize(
    ("text", "language", "expect"),
    [
        ("We'll be in touch within the next three weeks.", "en", ("2026-03-29", "2026-03-30")),
        ("You should hear from us by the end of the month.", "en", ("2026-03-31", "2026-03-31")),
        ("We expect to make a decision in early April.", "en", ("2026-04-01", "2026-04-10")),
        ("We'll review applications over the coming weeks and will be in touch.", "en", None),
        ("We will get back to you after the holidays.", "en", None),
        (
            "Once all interviews are done, around the 20th, we'll get back to you.",
            "en",
            ("2026-03-19", "2026-03-21"),
        ),
        ("Our team will respond within 5 business days.", "en", ("2026-03-16", "2026-03-16")),
        (
            "The hiring process should wrap up by the end of next week.",
            "en",
            ("2026-03-20", "2026-03-20"),
        ),
        ("We're hoping to make a final decision mid-April.", "en", ("2026-04-11", "2026-04-20")),
        ("You can expect to hear from us in about two weeks.", "en", ("2026-03-22", "2026-03-23")),
        ("Nous communiquerons avec vous d'ici la fin du mois.", "fr", ("2026-03-31", "2026-03-31")),
        (
            "Nous vous reviendrons dans les trois prochaines semaines.",
            "fr",
            ("2026-03-29", "2026-03-30"),
        ),
        (
            "Vous aurez de nos nouvelles au cours des deux prochaines semaines.",
            "fr",
            ("2026-03-22", "2026-03-23"),
        ),
        ("Nous prendrons une décision d'ici le 15 avril.", "fr", ("2026-04-15", "2026-04-15")),
        ("Le comité rendra sa décision vers la mi-avril.", "fr", ("2026-04-11", "2026-04-20")),
        (
            "Nous prévoyons rendre notre décision au début du mois d'avril.",
            "fr",
            ("2026-04-01", "2026-04-10"),
        ),
        (
            "Le processus devrait se conclure d'ici deux à trois semaines.",
            "fr",
            ("2026-03-29", "2026-03-30"),
        ),
        ("Nous vous reviendrons après les Fêtes.", "fr", None),
        (
            "Une fois toutes les entrevues terminées, vers le 20, nous vous reviendrons.",
            "fr",
            ("2026-03-19", "2026-03-21"),
        ),
        (
            "Nous répondrons à toutes les candidatures dans un délai de 10 jours ouvrables.",
            "fr",
            ("2026-03-23", "2026-03-23"),
        ),
        ("Nous vous reviendrons au cours des prochaines semaines.", "fr", None),
    ],
)
def test_fresh_timeline_styles_resolve_inside_their_range(
    text: str, language: str, expect: tuple[str, str] | None
) -> None:
    found = _by(text, datetime(2026, 3, 9, 11, tzinfo=EDT), language=language)
    assert _within(found, [date.fromisoformat(d) for d in expect] if expect else None), found


# Promises and timings written apart, to be read in every combination: a reader that knows
# a promise reads every timing with it, and one that knows a timing reads it after any promise.
# Sent on Monday, March 2, 2026 at 10:00 in Toronto.
_MONDAY = datetime(2026, 3, 2, 10, tzinfo=EST)
_TIMINGS = {
    "en": {
        "within two weeks": (date(2026, 3, 15), date(2026, 3, 16)),
        "by the end of next week": (date(2026, 3, 13), date(2026, 3, 13)),
        "early next week": (date(2026, 3, 9), date(2026, 3, 11)),
        "next week": (date(2026, 3, 9), date(2026, 3, 13)),
        "later this week": (date(2026, 3, 3), date(2026, 3, 6)),
        "in the next few days": (date(2026, 3, 4), date(2026, 3, 7)),
        "by Friday": (date(2026, 3, 6), date(2026, 3, 6)),
        "by March 13": (date(2026, 3, 13), date(2026, 3, 13)),
        "on or before the 13th": (date(2026, 3, 13), date(2026, 3, 13)),
        "by the end of the month": (date(2026, 3, 31), date(2026, 3, 31)),
        "in about a week": (date(2026, 3, 8), date(2026, 3, 9)),
        "within 5 business days": (date(2026, 3, 9), date(2026, 3, 9)),
        "in a week or two": (date(2026, 3, 9), date(2026, 3, 16)),
        "by mid-March": (date(2026, 3, 11), date(2026, 3, 20)),
        "no later than next Friday": (date(2026, 3, 13), date(2026, 3, 13)),
        "within the next 7-10 days": (date(2026, 3, 9), date(2026, 3, 12)),
    },
    "fr": {
        "d'ici deux semaines": (date(2026, 3, 15), date(2026, 3, 16)),
        "d'ici la fin de la semaine prochaine": (date(2026, 3, 13), date(2026, 3, 13)),
        "au début de la semaine prochaine": (date(2026, 3, 9), date(2026, 3, 11)),
        "dans les prochains jours": (date(2026, 3, 4), date(2026, 3, 7)),
        "d'ici vendredi": (date(2026, 3, 6), date(2026, 3, 6)),
        "au plus tard le 13 mars": (date(2026, 3, 13), date(2026, 3, 13)),
        "d'ici la fin du mois": (date(2026, 3, 31), date(2026, 3, 31)),
        "dans un délai de 5 jours ouvrables": (date(2026, 3, 9), date(2026, 3, 9)),
        "d'ici la mi-mars": (date(2026, 3, 11), date(2026, 3, 20)),
    },
}


@pytest.mark.parametrize(
    ("language", "promise"),
    [
        ("en", "We'll be in touch {}."),
        ("en", "You'll hear from us {}."),
        ("en", "We expect to make a decision {}."),
        ("en", "We plan to reach out to all candidates {}."),
        ("en", "Expect to hear back {}."),
        ("en", "We're hoping to wrap up the process {}."),
        ("en", "The hiring manager will make a final call {}."),
        ("en", "We should be able to share next steps {}."),
        ("en", "We'll reach back out {} with feedback."),
        ("en", "I'll be in contact {} about next steps."),
        ("fr", "Nous vous reviendrons {}."),
        ("fr", "Nous vous ferons part de notre décision {}."),
        ("fr", "Nous comptons informer les candidats {}."),
        ("fr", "Vous recevrez une réponse {}."),
    ],
)
def test_a_promise_reads_every_timing_written_after_it(language: str, promise: str) -> None:
    greeting = (
        "Thank you for interviewing with us." if language == "en" else "Merci pour l'entrevue."
    )
    misses = {
        timing: found
        for timing, (earliest, latest) in _TIMINGS[language].items()
        if not (
            (found := _by(f"{greeting} {promise.format(timing)}", _MONDAY, language))
            and earliest <= found <= latest
        )
    }
    assert misses == {}


@pytest.mark.parametrize(
    ("text", "language", "expect"),
    [
        ("Early next week, we'll let you know where things stand.", "en", date(2026, 3, 11)),
        ("Next week, we'll be in touch about next steps.", "en", date(2026, 3, 13)),
        ("La semaine prochaine, nous vous ferons signe.", "fr", date(2026, 3, 13)),
    ],
)
def test_a_timing_that_opens_the_sentence_is_the_promises(
    text: str, language: str, expect: date
) -> None:
    assert _by(text, _MONDAY, language) == expect


def test_a_day_that_opens_a_sentence_without_a_comma_is_not_the_promises() -> None:
    assert _by("Tuesday's conversation went well and we'll be in touch.", _MONDAY) is None


def test_that_same_day_is_the_day_named_before() -> None:
    text = "The committee meets on the 9th, and we'll let you know the outcome that same day."
    assert _by(text, datetime(2026, 6, 2, 9, tzinfo=EDT)) == date(2026, 6, 9)


def test_a_deadline_set_off_by_a_comma_restates_the_date() -> None:
    text = "We'll make the final call after the long weekend, by Wednesday the 9th."
    assert _by(text, datetime(2026, 8, 31, 13, 40, tzinfo=EDT)) == date(2026, 9, 9)


def test_the_week_after_follows_the_week_named_before() -> None:
    text = "We meet two more candidates next week, so expect to be in touch the week after."
    # Sent on Thursday, September 17: next week ends on the 25th, the week after on October 2.
    assert _by(text, datetime(2026, 9, 17, 18, tzinfo=EDT)) == date(2026, 10, 2)
