"""The values templates see: names to greet people by, and who else was in the interview."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from afterview.policies.letters import Correspondent, InterviewNote, Letter


@pytest.mark.parametrize(
    ("name", "first", "greeting", "full"),
    [
        ("Jane Doe", "Jane", "Jane", "Jane Doe"),
        ("Dr. Jane Doe", "Jane", "Jane", "Jane Doe"),
        ("Doe, Jane", "Jane", "Jane", "Jane Doe"),
        ('"Doe, Jane"', "Jane", "Jane", "Jane Doe"),
        ("Jane Doe, PhD", "Jane", "Jane", "Jane Doe"),
        ("Mme Marie-Ève Tremblay", "Marie-Ève", "Marie-Ève", "Marie-Ève Tremblay"),
        ("Jane Doe (Acme Robotics)", "Jane", "Jane", "Jane Doe"),
        ("Dr. Doe", None, "Dr. Doe", "Doe"),
        ("Jane", "Jane", "Jane", "Jane"),
        ("jane.doe@acme.example", None, None, None),
        ("", None, None, None),
        (None, None, None, None),
    ],
)
def test_names_give_the_first_name_to_greet(
    name: str | None, first: str | None, greeting: str | None, full: str | None
) -> None:
    person = Correspondent("jane@acme.example", name)

    assert person.first_name == first
    assert person.greeting_name == greeting
    assert person.full_name == full


def test_other_interviewers_leave_out_the_recipients_whatever_the_case() -> None:
    jane = Correspondent("jane@acme.example", "Jane Doe")
    bob = Correspondent("bob@acme.example", "Bob Li")
    start = datetime(2026, 3, 3, 19, tzinfo=UTC)
    letter = Letter(
        template="thank_you",
        language="en",
        sender=Correspondent("sam@example.org", "Sam"),
        to=(Correspondent("JANE@acme.example", "Jane"),),
        company="Acme",
        interview=InterviewNote(start, None, 1, (jane, bob)),
    )

    assert letter.recipient == Correspondent("JANE@acme.example", "Jane")
    assert letter.other_interviewers == (bob,)
    assert Letter("digest", "en", letter.sender, (), "").other_interviewers == ()
