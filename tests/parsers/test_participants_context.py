"""Who takes part, from the words around a person: the writer's own, a recruiter alone, a
contact for changes, and an invitation kept apart from the message that carries it."""

from __future__ import annotations

import pytest

from afterview.parsers.facts import Person
from afterview.parsers.parse import Context, parse_message
from afterview.parsers.participants import HeaderPeople, named_in_text, writer_takes_part

ME = Context(me=frozenset({"alex.morgan@example.net"}))
RECRUITER = Person("Jordan Ellis", "jordan.ellis@copperline.io")


def emails(text: str, headers: HeaderPeople | None = None) -> set[str]:
    found = named_in_text(text, RECRUITER, headers or HeaderPeople(), me=ME.me)
    return {p.email or "" for p in found}


@pytest.mark.parametrize(
    "text",
    [
        "It'll be me and our CTO, Hana (hana@acme.com).",
        "You'll meet with me and my co-founder for about an hour.",
        "Ce sera moi et notre directrice, Hana (hana@acme.ca).",
    ],
)
def test_a_writer_who_names_themself_among_those_met_takes_part(text: str) -> None:
    assert writer_takes_part(text)


@pytest.mark.parametrize(
    "text",
    [
        "Luc has been called away and I'd rather we both meet you.",
        "Both of us will be on the call.",
        "Luc est absent et je préfère que nous vous rencontrions tous les deux.",
        "Nous serons toutes les deux présentes.",
    ],
)
def test_a_writer_who_says_they_meet_the_candidate_with_another_takes_part(text: str) -> None:
    assert writer_takes_part(text)


@pytest.mark.parametrize(
    "text",
    [
        "Please let me and the team know if anything changes.",
        "Vous pouvez communiquer avec moi et je vous répondrai rapidement.",
    ],
)
def test_the_writer_named_beside_others_outside_a_meeting_takes_no_part(text: str) -> None:
    assert not writer_takes_part(text)


@pytest.mark.parametrize(
    "text",
    [
        "Confirmed for tomorrow at 9:30am. I'll call you on 416-555-0142.\n\nTalk then,\nJordan"
        "\n\nJordan Ellis | Talent Acquisition | Copperline",
        "C'est confirmé pour demain à 9 h 30. Je vais vous appeler au 416-555-0142.\n\nJordan"
        "\n\nJordan Ellis | Recrutement | Copperline",
    ],
)
def test_a_recruiter_alone_with_the_candidate_holds_the_screen(text: str) -> None:
    assert emails(text) == {"jordan.ellis@copperline.io"}


@pytest.mark.parametrize(
    "text",
    [
        "Confirmed for tomorrow at 9:30am. I'll call you then.\n\nJordan Ellis\n"
        "Recruiting Coordinator, Copperline",
        "Priya Nair would like to meet you on Thursday at 2 PM.\n\nTalk soon,\nJordan\n\n"
        "Jordan Ellis\nTechnical Recruiter",
    ],
)
def test_a_recruiter_beside_someone_else_or_a_coordinator_only_arranges(text: str) -> None:
    assert emails(text) == set()


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        (
            "Interviewers:\nMarcus Lee, Staff Engineer - marcus.lee@copperline.io\n\n"
            "Need to make a change? Reply to this email and Dana will take care of it.",
            Person("Dana Wu", "dana.wu@copperline.io"),
        ),
        (
            "Vous rencontrerez Marcus Lee (marcus.lee@copperline.io).\n\n"
            "Besoin de reporter ? Répondez à ce courriel et Dana s'en occupera.",
            Person("Dana Wu", "dana.wu@copperline.io"),
        ),
    ],
)
def test_the_person_a_question_about_changes_points_to_takes_no_part(
    text: str, contact: Person
) -> None:
    assert emails(text, HeaderPeople(others=[contact])) == {"marcus.lee@copperline.io"}


def test_an_invitations_last_line_never_runs_into_the_message_around_it() -> None:
    # The description ends in a signature line long enough to be read as wrapped prose.
    description = (
        "Please come to reception.\\n\\nMarta Alvarez\\n"
        "Executive Assistant to Catherine Reid\\, Managing Partner"
    )
    calendar = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            "UID:k1",
            "DTSTART:20260127T183000Z",
            "DTEND:20260127T193000Z",
            "SUMMARY:Interview - Associate",
            "ORGANIZER;CN=Catherine Reid:mailto:c.reid@kinross.example",
            "ATTENDEE;CN=Alex Morgan:mailto:alex.morgan@example.net",
            "ATTENDEE;CN=David Okonkwo:mailto:d.okonkwo@kinross.example",
            f"DESCRIPTION:{description}",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )
    raw = (
        "From: Catherine Reid <c.reid@kinross.example>\r\nTo: alex.morgan@example.net\r\n"
        "Subject: Interview - Associate\r\nDate: Tue, 20 Jan 2026 11:22:01 -0500\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Catherine and David look forward to meeting you.\r\n"
        f"--b\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n{calendar}\r\n--b--\r\n"
    ).encode()
    interview = parse_message(raw, ME).interview
    assert interview is not None
    assert "d.okonkwo@kinross.example" in {p.email for p in interview.interviewers}


def test_an_arranger_sentence_runs_past_the_dots_of_an_address() -> None:
    text = (
        "Interviewers:\nBeatriz Sousa - Manager - beatriz.sousa@copperline.io\n\n"
        "I've also added Maya Lindgren (maya.lindgren@copperline.io) from our Talent team to the\n"
        "invite as an optional attendee so she can stay in the loop on scheduling."
    )
    assert emails(text) == {"beatriz.sousa@copperline.io"}


def test_a_table_cell_ends_the_sentence_after_an_address() -> None:
    # Joined rows of a table: the contact line below says nothing of the interviewer.
    text = (
        "14 h à 14 h 45 | Sylvie Caron sylvie.caron@copperline.io | Directrice, Tarification "
        "Pour toute question, écrivez à carrieres@copperline.io."
    )
    assert emails(text) == {"sylvie.caron@copperline.io"}


def test_an_assistant_signing_for_the_sender_only_arranges() -> None:
    writer = Person("Rachel Kim", "rachel.kim@copperline.io")
    text = (
        "I'm reaching out on Rachel's behalf to confirm your meeting with her on Wednesday, "
        "October 14 at 4:00 pm. I'll come down to meet you and bring you up.\n\nKind regards,\n\n"
        "Tom Baxter\nExecutive Assistant to Rachel Kim, Chief Investment Officer\n"
        "T 416-555-0187 | tom.baxter@copperline.io"
    )
    found = named_in_text(text, writer, HeaderPeople(), me=ME.me)
    assert {p.email for p in found} == {"rachel.kim@copperline.io"}


@pytest.mark.parametrize(
    "text",
    [
        "Parfait, on se voit demain à 15 h! Je vous envoie l'invitation Teams.\n\nJordan",
        "Parfait, nous nous verrons mardi à 10 h.\n\nJordan",
    ],
)
def test_a_writer_who_says_they_will_see_the_candidate_takes_part(text: str) -> None:
    assert emails(text) == {"jordan.ellis@copperline.io"}
