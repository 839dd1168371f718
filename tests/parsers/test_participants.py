"""Who takes part in an interview: the writer, the people a text names, every session's panel."""

from __future__ import annotations

import pytest

from afterview.parsers.facts import Person
from afterview.parsers.parse import Context, parse_message
from afterview.parsers.participants import HeaderPeople, named_in_text

ME = Context(me=frozenset({"alex.morgan@example.net"}))
RECRUITER = Person("Jordan Ellis", "jordan.ellis@copperline.io")


def emails(text: str, writer: Person = RECRUITER, headers: HeaderPeople | None = None) -> set[str]:
    found = named_in_text(text, writer, headers or HeaderPeople(), me=ME.me)
    return {p.email or "" for p in found}


def test_the_writers_own_address_in_their_signature_is_not_participation() -> None:
    text = (
        "You're all set for Tuesday at 2:00 PM with Nadia Petrov (nadia.petrov@copperline.io).\n\n"
        "Jordan Ellis\nSenior Technical Recruiter\njordan.ellis@copperline.io | 647-555-0114\n"
    )
    assert emails(text) == {"nadia.petrov@copperline.io"}


@pytest.mark.parametrize(
    "text",
    [
        "Looking forward to speaking with you on Tuesday at 2 PM.\n\nJordan",
        "Great, see you Thursday at 10!\n\nJordan Ellis\njordan.ellis@copperline.io",
        "Au plaisir de vous rencontrer jeudi à 14 h.\n\nJordan",
        "It's just me and Priscilla (priscilla@copperline.io), figure an hour.",
        "1:00 Me - team and roadmap\n1:45 Tariq Aziz - design exercise\n",
        "Confirming Monday at 11. I'll be joined by my colleague Sam Li (sam.li@copperline.io).",
        "I'll be interviewing you along with Sam Li (sam.li@copperline.io) on Thursday at 11.",
        "Confirming Thursday at 3 PM at our office. Ask for me at reception.",
        "Votre entrevue avec moi et Patrick Ouellet aura lieu mardi à 13 h 30.",
        "Tuesday at 10 works. My colleague Sam Li (sam.li@copperline.io) will also be on the call.",
        "Looking forward to Thursday.\n\nJordan Ellis is inviting you to a scheduled Zoom meeting.",
    ],
)
def test_the_writer_takes_part_when_they_say_so_or_meet_alone(text: str) -> None:
    assert "jordan.ellis@copperline.io" in emails(text)


@pytest.mark.parametrize(
    "text",
    [
        "Priya Nair would like to meet you on Thursday at 2 PM. Sam will send the invite.",
        "Nadia Petrov (nadia@copperline.io) will meet you at 2, and I'll bring you up.",
    ],
)
def test_someone_elses_meeting_is_no_participation_of_the_writer(text: str) -> None:
    assert "jordan.ellis@copperline.io" not in emails(text)


def test_the_writer_who_names_someone_else_only_arranges() -> None:
    text = "Looking forward to it! You'll speak with Nadia Petrov (nadia.petrov@copperline.io)."
    assert emails(text) == {"nadia.petrov@copperline.io"}


@pytest.mark.parametrize(
    ("text", "person", "taking_part"),
    [
        (
            "Format: Phone call. Aisha Mohammed will call you at the number on your application.",
            Person("Aisha Mohammed", "amohammed@copperline.io"),
            True,
        ),
        (
            "Apologies - I have to cancel our 11:00. My coordinator Priyanka will send you options.",
            Person("Priyanka Rao", "priyanka.rao@copperline.io"),
            False,
        ),
        (
            "Your interview is confirmed for Tuesday at 2 PM.",
            Person("Wen Zhao", "wen.zhao@copperline.io"),
            True,
        ),
    ],
)
def test_a_copied_colleague_takes_part_unless_the_text_calls_them_an_arranger(
    text: str, person: Person, taking_part: bool
) -> None:
    found = emails(text, headers=HeaderPeople(copied=[person]))
    assert (person.email in found) is taking_part


def test_a_reply_to_colleague_takes_part_only_when_the_text_names_them() -> None:
    aisha = Person("Aisha Mohammed", "amohammed@copperline.io")
    named = "Aisha Mohammed will call you at 2:30 PM."
    assert emails(named, headers=HeaderPeople(others=[aisha])) == {"amohammed@copperline.io"}
    silent = "Your phone interview is confirmed for 2:30 PM."
    assert "amohammed@copperline.io" not in emails(silent, headers=HeaderPeople(others=[aisha]))


def test_the_candidate_and_role_mailboxes_never_take_part() -> None:
    text = "Reply to careers@copperline.io or alex.morgan@example.net with questions."
    assert emails(text) == set()


def invitation(*events: str, body: str, organizer: str) -> bytes:
    calendar = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "METHOD:REQUEST", *events, "END:VCALENDAR"]
    )
    return (
        f"From: {organizer}\r\nTo: alex.morgan@example.net\r\n"
        "Subject: Interview: Data Engineer\r\nDate: Tue, 03 Mar 2026 10:15:00 -0500\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        f"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
        f"--b\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n{calendar}\r\n--b--\r\n"
    ).encode()


def event(uid: str, start: str, end: str, organizer: str, *attendees: str) -> str:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:{start}", f"DTEND:{end}"]
    lines += ["SUMMARY:Interview - Data Engineer", f"ORGANIZER;CN=Org:mailto:{organizer}"]
    lines += [f"ATTENDEE;CN=Someone:mailto:{a}" for a in attendees]
    return "\r\n".join([*lines, "END:VEVENT"])


def test_an_itinerary_gathers_every_sessions_interviewers_from_first_start_to_last_end() -> None:
    coordinator = "marta@kestrelpay.com"
    raw = invitation(
        event("s2", "20260422T150000Z", "20260422T154500Z", coordinator, "lukas@kestrelpay.com"),
        event("s1", "20260422T140000Z", "20260422T144500Z", coordinator, "ayesha@kestrelpay.com"),
        event("s3", "20260422T173000Z", "20260422T180000Z", coordinator, "noah@kestrelpay.com"),
        body="Here is your itinerary for the virtual onsite.",
        organizer=f"Marta <{coordinator}>",
    )
    interview = parse_message(raw, ME).interview
    assert interview is not None
    assert (interview.start.hour, interview.end and interview.end.hour) == (14, 18)
    assert [p.email for p in interview.interviewers] == [
        "ayesha@kestrelpay.com",
        "lukas@kestrelpay.com",
        "noah@kestrelpay.com",
    ]


@pytest.mark.parametrize(
    ("body", "organizer_takes_part"),
    [
        ("With Sigrid Berg and Jonas Ekström. See you soon!", True),
        ("You'll be meeting with Jonas Ekström, our analytics lead.", False),
    ],
)
def test_an_organizer_named_only_in_the_message_body_takes_part(
    body: str, organizer_takes_part: bool
) -> None:
    raw = invitation(
        event(
            "e1", "20260331T140000Z", "20260331T150000Z", "sigrid@nordlys.se", "jonas@nordlys.se"
        ),
        body=body,
        organizer="Sigrid Berg <sigrid@nordlys.se>",
    ).replace(b"CN=Org", b"CN=Sigrid Berg")
    interview = parse_message(raw, ME).interview
    assert interview is not None
    assert (
        "sigrid@nordlys.se" in {p.email for p in interview.interviewers}
    ) is organizer_takes_part


def test_a_shared_bookings_mailbox_organizes_but_never_interviews() -> None:
    raw = invitation(
        event(
            "b1",
            "20260219T143000Z",
            "20260219T150000Z",
            "halcyoncareers@halcyon.ca",
            "jasmine@halcyon.ca",
        ),
        body="Thank you for booking with Halcyon Careers.\nStaff: Jasmine Arora",
        organizer="Halcyon Careers <halcyoncareers@halcyon.ca>",
    )
    interview = parse_message(raw, ME).interview
    assert interview is not None
    assert [p.email for p in interview.interviewers] == ["jasmine@halcyon.ca"]


@pytest.mark.parametrize(
    "text",
    [
        "Your interview is confirmed.\n\nInterviewer(s): Nadia Petrov (nadia.petrov@copperline.io)",
        "You'll be interviewing with Nadia Petrov (nadia.petrov@copperline.io) on Tuesday.",
        "Your interviewers\n\nNadia Petrov | Staff Engineer | nadia.petrov@copperline.io",
        "Vous serez reçu par Nadia Petrov (nadia.petrov@copperline.io), directrice.",
        "Comité de sélection :\n- Nadia Petrov, directrice (nadia.petrov@copperline.io)",
    ],
)
def test_the_people_a_text_lists_as_interviewers_take_part(text: str) -> None:
    assert emails(text) == {"nadia.petrov@copperline.io"}


@pytest.mark.parametrize(
    "sentence",
    [
        "If you need to reschedule, contact Mia Chen (mia.chen@copperline.io).",
        "If you have any questions, reach out to Mia Chen at mia.chen@copperline.io.",
        "Pour toute question, communiquez avec Mia Chen (mia.chen@copperline.io).",
    ],
)
def test_a_contact_for_questions_or_changes_is_an_arranger(sentence: str) -> None:
    text = (
        f"You'll meet Nadia Petrov (nadia.petrov@copperline.io) on Tuesday at 2 PM.\n\n{sentence}"
    )
    assert emails(text) == {"nadia.petrov@copperline.io"}


def test_an_agency_writer_never_sits_in_their_clients_interview() -> None:
    writer = Person("Kelly Brennan", "kbrennan@northstarsearch.example")
    text = "Our client is looking forward to meeting you on Tuesday at 2 PM. Give me a call after!"
    assert named_in_text(text, writer, HeaderPeople(), me=ME.me) == ()


def test_an_ats_relayed_writer_is_the_person_replies_go_to() -> None:
    raw = (
        b"From: Leah Kim <no-reply@us.greenhouse-mail.io>\r\nReply-To: Leah Kim <leah@fernhill.example>\r\n"
        b"To: alex.morgan@example.net\r\nSubject: Your interview schedule\r\n"
        b"Date: Wed, 19 Aug 2026 09:04:51 -0400\r\nContent-Type: text/plain\r\n\r\n"
        b"Your interview with Ines Moreau (ines.moreau@fernhill.example) is on Thursday, August 27 "
        b"at 10:00 AM.\r\n\r\nBest,\r\nLeah Kim\r\nRecruiter, Fernhill\r\n"
    )
    facts = parse_message(raw, ME)
    assert facts.interview is not None
    assert {p.email for p in facts.interview.interviewers} == {"ines.moreau@fernhill.example"}


@pytest.mark.parametrize(
    "text",
    [
        "Your interview with Nadia Petrov, our Engineering Manager, is on Tuesday at 1 PM."
        "\n\nTalk soon,\nJordan\n\nJordan Ellis\nSenior Technical Recruiter",
        "You're confirmed for Tuesday at 1 PM with the hiring manager. See you on Zoom!\n\nJordan",
    ],
)
def test_a_sign_off_after_naming_whom_the_candidate_meets_is_no_participation(text: str) -> None:
    assert emails(text) == set()


def test_a_writer_who_will_see_the_candidate_takes_part_beside_an_invite_sender() -> None:
    text = (
        "Thursday at 10:30 AM works - see you then! I've copied Tanya Reid, who will send you a "
        "calendar invite.\n\nJordan"
    )
    copied = HeaderPeople(copied=[Person("Tanya Reid", "tanya.reid@copperline.io")])
    assert emails(text, headers=copied) == {"jordan.ellis@copperline.io"}


def test_a_copied_person_under_a_last_first_name_is_known_by_their_name() -> None:
    raw = (
        b"From: Kim Fraser <kim.fraser@copperline.io>\r\nTo: alex.morgan@example.net\r\n"
        b'Cc: "Petrov, Nadia" <nadia.petrov@copperline.io>\r\nSubject: Interview confirmed\r\n'
        b"Date: Tue, 03 Mar 2026 10:15:00 -0500\r\nMessage-ID: <m1@copperline.io>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Hi Alex,\r\n\r\nYou're confirmed for Thursday, March 5 at 2:00 PM with Nadia Petrov.\r\n"
    )
    facts = parse_message(raw, ME)
    assert facts.interview is not None
    assert [(p.name, p.email) for p in facts.interview.interviewers] == [
        ("Nadia Petrov", "nadia.petrov@copperline.io")
    ]


def test_names_the_html_links_to_addresses_come_with_them_when_the_plain_text_drops_them() -> None:
    raw = (
        b"From: Kim Fraser <kim.fraser@copperline.io>\r\nTo: alex.morgan@example.net\r\n"
        b"Subject: Interview confirmed\r\nDate: Tue, 03 Mar 2026 10:15:00 -0500\r\n"
        b'Message-ID: <m1@copperline.io>\r\nContent-Type: multipart/alternative; boundary="b"\r\n'
        b"\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"You're confirmed for Thursday, March 5 at 2:00 PM with Nadia Petrov.\r\n"
        b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>You're confirmed for Thursday, March 5 at 2:00 PM with "
        b'<a href="mailto:nadia.petrov@copperline.io">Nadia Petrov</a>.</p>\r\n--b--\r\n'
    )
    facts = parse_message(raw, ME)
    assert facts.interview is not None
    assert [p.email for p in facts.interview.interviewers] == ["nadia.petrov@copperline.io"]


def test_an_agency_writer_names_their_clients_people_but_never_their_own() -> None:
    writer = Person("Kelly Brennan", "kbrennan@northstarsearch.com")
    text = (
        "Confirmed for Tuesday at 2 PM: you'll meet Ruth Adler (ruth.adler@ferncapital.com), "
        "VP Finance. My colleague Sam Ito (sam.ito@northstarsearch.com) will call you after."
    )
    assert emails(text, writer) == {"ruth.adler@ferncapital.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Pierre Roy (pierre.roy@copperline.io) can no longer join, so Aisha Khan "
        "(aisha.khan@copperline.io) will take his place.",
        "Pierre Roy (pierre.roy@copperline.io), our CFO, won't be able to make it; Aisha Khan "
        "(aisha.khan@copperline.io) will interview you.",
        "Pierre Roy (pierre.roy@copperline.io) ne pourra plus se joindre à la rencontre. Aisha "
        "Khan (aisha.khan@copperline.io) vous recevra.",
    ],
)
def test_a_panelist_the_text_says_drops_out_takes_no_part(text: str) -> None:
    assert emails(text) == {"aisha.khan@copperline.io"}


def test_an_attendee_the_invitation_says_can_no_longer_join_takes_no_part() -> None:
    raw = invitation(
        event(
            "w1",
            "20260331T140000Z",
            "20260331T150000Z",
            "marta@kestrelpay.com",
            "lukas@kestrelpay.com",
            "ayesha@kestrelpay.com",
        ),
        body="Update: Lukas can no longer join; Ayesha will run the whole session.",
        organizer="Marta <marta@kestrelpay.com>",
    ).replace(b"CN=Someone:mailto:lukas", b"CN=Lukas Berg:mailto:lukas")
    interview = parse_message(raw, ME).interview
    assert interview is not None
    assert [p.email for p in interview.interviewers] == ["ayesha@kestrelpay.com"]


def test_a_header_person_whose_title_is_an_arrangers_takes_no_part_unless_listed() -> None:
    text = (
        "Your interviewers:\nErik Lund - Staff Engineer - erik.lund@acme.com\n\n"
        "If you need to reschedule, reply to this email.\n\nHanna Berg\nRecruiting Coordinator | Acme"
    )
    writer = Person("Acme", "no-reply@us.greenhouse-mail.io")
    headers = HeaderPeople(others=[Person("Hanna Berg", "hanna.berg@acme.com")])
    assert emails(text, writer, headers) == {"erik.lund@acme.com"}
