"""The lists of people a message's words give: who is listed, who is replaced, where lists end."""

from __future__ import annotations

import pytest

from afterview.parsers.mime import flowing
from afterview.parsers.panel import (
    arranges_at,
    has_whole_word,
    listed_addresses,
    lists_of_people,
    withdrawn,
)


def listed(text: str) -> set[str]:
    return set(listed_addresses(text, flowing(text)))


def test_a_list_ends_at_its_writers_signature_however_close() -> None:
    text = (
        "Panelists\nAhmed Karimi\nahmed.karimi@acme.com\n\nDana Cho\nRecruiting Coordinator, Acme\n"
    )
    assert all("Dana Cho" not in part for part in lists_of_people(text))


@pytest.mark.parametrize(
    "line",
    [
        "You'll meet Priya (priya.kapoor@acme.com) and Tom (tom.bell@acme.com).",
        "Attendees: Kapoor, Priya <priya.kapoor@acme.com>; Bell, Tom <tom.bell@acme.com>",
        "Interviewers:\n- priya.kapoor@acme.com\n- tom.bell@acme.com",
    ],
)
def test_an_address_beside_the_name_it_spells_or_alone_in_a_list_is_listed(line: str) -> None:
    assert listed(line) == {"priya.kapoor@acme.com", "tom.bell@acme.com"}


def test_a_shared_mailbox_alone_in_a_list_is_not_listed() -> None:
    assert listed("Interviewers:\n- interviews@acme.com") == set()


@pytest.mark.parametrize(
    "text",
    [
        "You'll be chatting with Ravi.\n\nRavi's email, in case you need it: ravi.shah@acme.com",
        "Our Head of Data (ravi.shah@acme.com) will lead the conversation.",
        "Notre directeur (ravi.shah@acme.ca) mènera l'entrevue.",
    ],
)
def test_an_address_a_list_names_by_first_name_or_said_to_lead_is_listed(text: str) -> None:
    assert {a.partition("@")[0] for a in listed(text)} == {"ravi.shah"}


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Sam Ortiz (sam@acme.com) replaces Priya Kapoor (priya@acme.com).", "priya@acme.com"),
        ("Sam will step in for Priya this week.", "Priya"),
        ("Étienne Roy remplacera Nathalie Côté (nathalie@acme.ca).", "nathalie@acme.ca"),
        ("Priya Nair had to step away from the panel.", "Priya Nair"),
        ("Luc Bernier ne fera plus partie du comité.", "Luc Bernier"),
    ],
)
def test_a_person_someone_replaces_or_who_steps_away_is_withdrawn(text: str, mention: str) -> None:
    assert withdrawn(text, mention)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("- Jordan Avery, Recruiting (organizer, not attending)", "Jordan Avery"),
        ("- Élodie Gagnon, recrutement (organisatrice, ne participera pas)", "Élodie Gagnon"),
        ("Luc Bernier ne sera pas présent à l'entrevue.", "Luc Bernier"),
    ],
)
def test_a_person_whose_entry_says_they_will_not_attend_is_withdrawn(
    text: str, mention: str
) -> None:
    assert withdrawn(text, mention)


def test_the_person_who_takes_the_place_is_not_withdrawn() -> None:
    assert not withdrawn("Sam Ortiz (sam@acme.com) replaces Priya Kapoor.", "sam@acme.com")


def test_a_whole_word_is_not_part_of_a_longer_one() -> None:
    assert has_whole_word("with Ravi, today", "Ravi")
    assert not has_whole_word("with Ravindra", "Ravi")


@pytest.mark.parametrize(
    "text",
    [
        "Need to make a change? Reply to this email and Jordan will take care of it.",
        "Need to reschedule?\nJordan can find you another slot.",
        "Besoin de modifier l'heure ? Répondez à ce courriel et Élodie s'en occupera.",
    ],
)
def test_a_name_answering_a_question_about_changes_is_an_arrangers(text: str) -> None:
    name = "Élodie" if "Élodie" in text else "Jordan"
    assert arranges_at(text, text.index(name))


def test_a_name_answering_any_other_question_is_no_arrangers() -> None:
    text = "Ready for Tuesday? Jordan Avery will lead the interview."
    assert not arranges_at(text, text.index("Jordan"))
