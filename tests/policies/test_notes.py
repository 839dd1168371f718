"""The user's notes on an interview: points, interviewers and timeline from a free-text reply."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.policies.letters import Correspondent
from afterview.policies.notes import read_notes, read_people

FIXTURES = Path(__file__).parent / "fixtures"


def test_an_english_reply_gives_sentences_interviewers_and_timeline() -> None:
    notes = read_notes((FIXTURES / "reply-en.txt").read_text(encoding="utf-8"))

    assert notes.points == (
        "It went well overall.",
        "They liked my answer on caching, and we spent a long time on the Kafka migration"
        " they are planning for next year.",
        "I stumbled on the question about Go generics.",
    )
    assert notes.interviewers == (
        Correspondent("jane@acme.example", "Jane Doe"),
        Correspondent("bob@acme.example", "Li, Bob"),
    )
    assert notes.timeline == "they hope to decide within two weeks"


def test_a_french_reply_with_crlf_gives_bullets_interviewers_and_timeline() -> None:
    notes = read_notes((FIXTURES / "reply-fr.txt").read_text(encoding="utf-8"))

    assert notes.points == (
        "On a parlé de la migration vers Kafka",
        "Ils ont des doutes sur mon expérience en Go",
        "La question sur la limitation de débit m'a déstabilisé",
    )
    assert notes.interviewers == (
        Correspondent("marie@acme.example", "Marie Tremblay"),
        Correspondent("jean@acme.example", "Jean Roy"),
    )
    assert notes.timeline == "d'ici la fin de la semaine prochaine"


def test_the_quoted_prompt_and_the_signature_are_not_part_of_the_notes() -> None:
    notes = read_notes((FIXTURES / "reply-fr.txt").read_text(encoding="utf-8"))

    assert "exemple.ca" not in notes.text
    assert "Merci" not in notes.text
    assert "a écrit" not in notes.text
    assert notes.text.startswith("Ça s'est bien passé")


@pytest.mark.parametrize("bullet", ["-", "*", "•", "1.", "2)", "(3)", "\u2013"])
def test_each_kind_of_bullet_makes_a_point(bullet: str) -> None:
    notes = read_notes(f"Intro sentence that is not a point.\n{bullet} the Kafka migration\n")

    assert notes.points == ("the Kafka migration",)


def test_a_wrapped_bullet_is_one_point() -> None:
    text = "- we discussed the migration plan\n  and the backfill strategy\n- code review\n"

    assert read_notes(text).points == (
        "we discussed the migration plan and the backfill strategy",
        "code review",
    )


def test_short_lines_without_bullets_are_points_of_their_own() -> None:
    text = "Went well\nTalked about Kafka\nThey asked about Go, which I fumbled\n"

    assert read_notes(text).points == (
        "Went well",
        "Talked about Kafka",
        "They asked about Go, which I fumbled",
    )


def test_abbreviations_do_not_split_a_sentence() -> None:
    text = "We compared streaming tools, e.g. Kafka and Pulsar. Dr. Doe led the design part."

    assert read_notes(text).points == (
        "We compared streaming tools, e.g. Kafka and Pulsar.",
        "Dr. Doe led the design part.",
    )


def test_answers_written_between_the_quoted_questions_are_kept() -> None:
    text = (
        "> What went well?\n"
        "The system design part.\n"
        "> What needs addressing?\n"
        "My Go experience is thin.\n"
    )

    assert read_notes(text).points == ("The system design part.", "My Go experience is thin.")


@pytest.mark.parametrize(
    "line",
    [
        "interviewers: Jane Doe <jane@acme.example>",
        "Interviewer: Jane Doe <jane@acme.example>",
        "intervieweurs : Jane Doe <jane@acme.example>",
        "Intervieweuses: Jane Doe <jane@acme.example>",
        "- interviewers: Jane Doe <jane@acme.example>",
    ],
)
def test_interviewers_lines_in_english_and_french(line: str) -> None:
    notes = read_notes(f"Good talk.\n{line}\n")

    assert notes.interviewers == (Correspondent("jane@acme.example", "Jane Doe"),)
    assert notes.points == ("Good talk.",)


@pytest.mark.parametrize(
    ("line", "timeline"),
    [
        ("timeline: two weeks", "two weeks"),
        ("Timeline : by Friday", "by Friday"),
        ("échéancier: deux semaines", "deux semaines"),
        ("Délai : d'ici vendredi", "d'ici vendredi"),
        ("delai: 10 jours", "10 jours"),
    ],
)
def test_timeline_lines_keep_the_raw_text(line: str, timeline: str) -> None:
    notes = read_notes(f"{line}\nGood talk.")

    assert notes.timeline == timeline
    assert notes.points == ("Good talk.",)


def test_without_command_lines_there_are_no_interviewers_and_no_timeline() -> None:
    notes = read_notes("It went fine. The timeline was not discussed.")

    assert notes.interviewers == ()
    assert notes.timeline is None


def test_an_empty_reply_gives_empty_notes() -> None:
    notes = read_notes("\n\n-- \nSam\n")

    assert (notes.text, notes.points, notes.interviewers, notes.timeline) == ("", (), (), None)


@pytest.mark.parametrize(
    ("value", "people"),
    [
        (
            "Jane Doe <jane@acme.example>, Bob Li <bob@acme.example>",
            [("jane@acme.example", "Jane Doe"), ("bob@acme.example", "Bob Li")],
        ),
        (
            "Doe, Jane <jane@acme.example> and Bob <bob@acme.example>",
            [("jane@acme.example", "Doe, Jane"), ("bob@acme.example", "Bob")],
        ),
        (
            "jane@acme.example; bob@acme.example",
            [("jane@acme.example", None), ("bob@acme.example", None)],
        ),
        (
            "hr@acme.example, Jo <jo@acme.example>",
            [("hr@acme.example", None), ("jo@acme.example", "Jo")],
        ),
        ("Jane Doe et Bob Li", [("", "Jane Doe"), ("", "Bob Li")]),
        ("<mailto:jane@acme.example>", [("jane@acme.example", None)]),
    ],
)
def test_people_lines_read_names_and_addresses(
    value: str, people: list[tuple[str, str | None]]
) -> None:
    assert [(p.email, p.name) for p in read_people(value)] == people


def test_the_same_interviewer_named_twice_is_kept_once() -> None:
    text = "interviewers: Jane Doe <jane@acme.example>\ninterviewers: JANE@acme.example, Bob <b@acme.example>"

    assert [p.email for p in read_notes(text).interviewers] == [
        "jane@acme.example",
        "b@acme.example",
    ]


def test_a_closing_thanks_in_the_middle_is_a_point_not_a_signature() -> None:
    text = "Thanks,\nthey were kind and gave me a tour.\nWe talked about Kafka for a long while.\nOverall a good day."

    assert "they were kind and gave me a tour." in " ".join(read_notes(text).points)
