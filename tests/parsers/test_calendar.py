"""Calendar invitations: times in every zone form, cancellations, people, links, broken input."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from afterview.parsers.calendar import VIDEO_LINK, CalendarEvent, read_calendars
from afterview.parsers.facts import Person
from afterview.parsers.mime import Mail, decode_bytes
from afterview.parsers.parse import Context, new_text, parse_message
from afterview.parsers.participants import interviewers

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TORONTO = ZoneInfo("America/Toronto")
ME = "alex.morgan@example.net"
CANDIDATE = "ATTENDEE;CN=Alex Morgan:mailto:alex.morgan@example.net"


def ics(*event_lines: str, head: str = "METHOD:REQUEST", extra: str = "") -> str:
    """A one-event calendar; `extra` goes between the header and the event (VTIMEZONEs)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", head, extra]
    lines += ["BEGIN:VEVENT", "UID:1@test", *event_lines, "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(line for line in lines if line) + "\r\n"


def one(text: str) -> CalendarEvent:
    events = read_calendars([text], user_tz=TORONTO)
    assert len(events) == 1
    return events[0]


def at(text: str, zone: str = "America/Toronto") -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def emails(event: CalendarEvent, me: str = ME) -> set[str | None]:
    return {p.email for p in interviewers(event, me={me})}


# Times and zones


def test_an_iana_tzid_gives_the_offset_in_force_on_the_day() -> None:
    event = one(ics("DTSTART;TZID=America/Toronto:20260309T100000"))
    assert event.start.utcoffset() == timedelta(hours=-4)  # the Monday after the change
    assert event.timezone == "America/Toronto"


@pytest.mark.parametrize(
    ("tzid", "wall", "zone", "offset"),
    [
        ("Eastern Standard Time", "20260309T100000", "America/New_York", -4),
        ('"Eastern Standard Time"', "20260120T100000", "America/New_York", -5),
        ("Pacific Standard Time", "20260714T083000", "America/Los_Angeles", -7),
        ('"Romance Standard Time"', "20261027T150000", "Europe/Paris", 1),
        ("GMT Standard Time", "20260324T150000", "Europe/London", 0),
    ],
)
def test_windows_zone_names_quoted_or_not_map_to_iana_zones(
    tzid: str, wall: str, zone: str, offset: int
) -> None:
    event = one(ics(f"DTSTART;TZID={tzid}:{wall}"))
    assert (event.timezone, event.start.utcoffset()) == (zone, timedelta(hours=offset))


def test_a_vendor_path_tzid_names_the_zone_at_its_end() -> None:
    event = one(ics("DTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20260601T090000"))
    assert event.timezone == "America/New_York"


OUTLOOK_CUSTOM_ZONE = """BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE"""


@pytest.mark.parametrize(
    ("wall", "offset"),
    [("20260120T100000", -5), ("20260309T100000", -4), ("20261102T100000", -5)],
)
def test_an_unknown_tzid_uses_the_offsets_of_its_vtimezone(wall: str, offset: int) -> None:
    text = ics(f"DTSTART;TZID=Customized Time Zone:{wall}", extra=OUTLOOK_CUSTOM_ZONE)
    event = one(text)
    assert event.start.utcoffset() == timedelta(hours=offset)
    assert event.timezone is None


def test_an_unknown_tzid_without_vtimezone_falls_back_to_the_users_zone() -> None:
    event = one(ics("DTSTART;TZID=Mars/Olympus_Mons:20260120T100000"))
    assert event.start == at("2026-01-20T10:00")
    assert event.timezone is None


def test_a_floating_time_is_in_the_users_zone() -> None:
    event = one(ics("DTSTART:20260212T110000", "DTEND:20260212T120000"))
    assert (event.start, event.end) == (at("2026-02-12T11:00"), at("2026-02-12T12:00"))


def test_a_floating_time_follows_the_calendars_declared_zone() -> None:
    event = one(ics("DTSTART:20260212T110000", head="X-WR-TIMEZONE:Europe/Paris"))
    assert event.start == at("2026-02-12T11:00", "Europe/Paris")


def test_a_utc_time_is_the_same_instant_shown_in_the_users_zone() -> None:
    event = one(ics("DTSTART:20260714T153000Z"))
    assert event.start == datetime(2026, 7, 14, 15, 30, tzinfo=UTC)
    assert event.start.tzinfo is TORONTO
    assert event.timezone is None


def test_a_duration_gives_the_end() -> None:
    event = one(ics("DTSTART:20260310T140000Z", "DURATION:PT45M"))
    assert event.end == event.start + timedelta(minutes=45)


def test_without_dtend_or_duration_there_is_no_end() -> None:
    assert one(ics("DTSTART:20260310T140000Z")).end is None


def test_an_end_before_the_start_is_dropped() -> None:
    assert one(ics("DTSTART:20260310T140000Z", "DTEND:20260310T130000Z")).end is None


def test_an_all_day_date_starts_at_midnight_in_the_users_zone_and_says_so() -> None:
    event = one(ics("DTSTART;VALUE=DATE:20260310", "DTEND;VALUE=DATE:20260311"))
    assert (event.start, event.end) == (at("2026-03-10T00:00"), at("2026-03-11T00:00"))
    assert event.all_day


# Method, status, sequence, text


def test_method_cancel_cancels_the_event() -> None:
    event = one(ics("DTSTART:20260218T200000Z", "SEQUENCE:1", head="METHOD:cancel"))
    assert (event.method, event.cancelled, event.sequence) == ("CANCEL", True, 1)


def test_status_cancelled_cancels_a_published_event() -> None:
    event = one(ics("DTSTART:20260218T200000Z", "STATUS:CANCELLED", head="METHOD:PUBLISH"))
    assert (event.method, event.cancelled) == ("PUBLISH", True)


def test_a_request_is_not_cancelled_and_sequence_defaults_to_zero() -> None:
    event = one(ics("DTSTART:20260218T200000Z"))
    assert (event.method, event.cancelled, event.sequence) == ("REQUEST", False, 0)


def test_text_values_are_unescaped_and_folded_lines_joined() -> None:
    text = ics(
        "DTSTART:20260218T200000Z",
        "SUMMARY:Interview\\, round 2\\; panel",
        "LOCATION:151 Front St W\\nSuite 900",
        "DESCRIPTION:Join: https://meet.google.com/ab",
        " c-defg-hij\\nThanks",
    )
    event = one(text)
    assert event.summary == "Interview, round 2; panel"
    assert event.location == "151 Front St W\nSuite 900"
    assert event.url == "https://meet.google.com/abc-defg-hij"


def test_lf_line_ends_read_like_crlf() -> None:
    text = ics("DTSTART:20260218T200000Z", "SUMMARY:Screen")
    assert one(text.replace("\r\n", "\n")) == one(text)


def test_a_fold_that_split_a_utf8_character_is_repaired() -> None:
    # Outlook folds at 75 bytes, even inside a character; the part then fails to decode
    # as UTF-8 and falls back to Windows-1252.
    raw = ics("DTSTART:20260218T200000Z", "SUMMARY:Entrevue \u2013 Boréal").encode()
    cut = raw.index("é".encode()) + 1
    text = decode_bytes(raw[:cut] + b"\r\n " + raw[cut:], "utf-8")
    assert one(text).summary == "Entrevue \u2013 Boréal"


def test_the_same_invitation_attached_twice_is_one_event() -> None:
    text = ics("DTSTART:20260218T200000Z")
    assert len(read_calendars([text, text + "\r\n"], user_tz=TORONTO)) == 1


def test_every_event_of_every_text_is_read() -> None:
    first = ics("DTSTART:20260422T140000Z").replace("UID:1@test", "UID:a")
    second = first.replace("UID:a", "UID:b").replace("T14", "T15")
    events = read_calendars([first, second], user_tz=TORONTO)
    assert [e.uid for e in events] == ["a", "b"]


# People


def test_rooms_and_resources_are_not_attendees() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "ATTENDEE;CUTYPE=ROOM;CN=Boardroom 4:mailto:room4@acme.example",
            "ATTENDEE;CUTYPE=RESOURCE;CN=Projector:mailto:projector@acme.example",
            "ATTENDEE;CUTYPE=INDIVIDUAL;CN=Jane Doe:mailto:Jane.Doe@acme.example",
            CANDIDATE,
        )
    )
    assert event.attendees == (
        Person("Jane Doe", "jane.doe@acme.example"),
        Person("Alex Morgan", ME),
    )


@pytest.mark.parametrize(
    "line",
    [
        "ATTENDEE;CN=TOR-5-Boardroom (12):mailto:c_1888abc@resource.calendar.google.com",
        "ATTENDEE;CN=Conf Room Lakeshore 4A:mailto:confroom4a@acme.example",
        "ATTENDEE;CN=Salle Laurier:mailto:salle.laurier@acme.example",
        "ATTENDEE;CUTYPE=GROUP;CN=Data Team:mailto:data-team@acme.example",
        "ATTENDEE;ROLE=NON-PARTICIPANT;CN=Hiring Ops:mailto:hiring.ops@acme.example",
    ],
)
def test_places_lists_and_observers_invited_like_people_are_not_attendees(line: str) -> None:
    event = one(ics("DTSTART:20260218T200000Z", line, CANDIDATE))
    assert event.attendees == (Person("Alex Morgan", ME),)


@pytest.mark.parametrize(
    "candidate",
    [
        "ATTENDEE;CN=Alex Morgan:mailto:alex.morgan+jobs@example.net",
        "ATTENDEE;CN=Alex Morgan:mailto:alexmorgan.dev@gmail.com",
        'ATTENDEE;CN="Morgan, Alex":mailto:a.morgan@gmail.com',
    ],
)
def test_the_candidate_at_another_of_their_addresses_is_no_interviewer(candidate: str) -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "ORGANIZER;CN=Recruiting:mailto:recruiting@acme.example",
            "ATTENDEE;CN=Jane Doe:mailto:jane.doe@acme.example",
            candidate,
        )
    )
    assert emails(event) == {"jane.doe@acme.example"}


def test_a_shared_mailbox_invited_as_an_attendee_is_no_interviewer() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "ORGANIZER;CN=Lumen Health Interviews:mailto:interviews@lumen.example",
            "ATTENDEE;CN=Talent Team:mailto:talent@lumen.example",
            "ATTENDEE;CN=HR:mailto:hr.team@lumen.example",
            "ATTENDEE;CN=Jane Doe:mailto:jane.doe@lumen.example",
            CANDIDATE,
        )
    )
    assert emails(event) == {"jane.doe@lumen.example"}


@pytest.mark.parametrize(
    ("signature", "takes_part"),
    [
        ("Priya Raman\nEngineering Manager | Lumen Health", True),
        ("Priya Raman, Directrice des données", True),
        ("Priya Raman\nSenior Technical Recruiter | Lumen Health", False),
        ("Priya Raman | Talent Acquisition Partner", False),
        ("Priya Raman\nConseillère en acquisition de talents", False),
        ("Priya", False),  # no title: an organizer who invites others only arranged it
    ],
)
def test_a_silent_organizer_who_invites_others_takes_part_by_job_title(
    signature: str, takes_part: bool
) -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "SUMMARY:Data Engineer interview",
            "ORGANIZER;CN=Priya Raman:mailto:priya.raman@lumen.example",
            "ATTENDEE;CN=Jane Doe:mailto:jane.doe@lumen.example",
            CANDIDATE,
        )
    )
    found = {p.email for p in interviewers(event, me={ME}, text=f"Hi Alex,\n\n{signature}\n")}
    assert ("priya.raman@lumen.example" in found) is takes_part
    assert "jane.doe@lumen.example" in found


def test_an_organizer_whose_assistant_sends_the_invitation_takes_part() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            'ORGANIZER;CN=Patricia Osei;SENT-BY="mailto:louise@stonebridge.example":'
            "mailto:patricia@stonebridge.example",
            "ATTENDEE;CN=Kwame Mensah:mailto:kwame@stonebridge.example",
            CANDIDATE,
        )
    )
    assert event.sent_by == "louise@stonebridge.example"
    assert emails(event) == {"patricia@stonebridge.example", "kwame@stonebridge.example"}


def test_an_attendee_who_declined_takes_no_part() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "ORGANIZER;CN=Jonah Weiss:mailto:jonah@brightwater.example",
            "ATTENDEE;PARTSTAT=DECLINED;CN=Felix Hartmann:mailto:felix@brightwater.example",
            "ATTENDEE;PARTSTAT=ACCEPTED;CN=Imogen Blake:mailto:imogen@brightwater.example",
            CANDIDATE,
        )
    )
    assert [p.email for p in event.attendees] == ["imogen@brightwater.example", ME]


def test_an_organizer_the_event_title_names_takes_part() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "SUMMARY:Alex Morgan <> Priya Raman | Data Engineer",
            "ORGANIZER;CN=Priya Raman:mailto:priya.raman@lumen.example",
            "ATTENDEE;CN=Sam Lee:mailto:sam.lee@lumen.example",
            CANDIDATE,
        )
    )
    assert emails(event) == {"priya.raman@lumen.example", "sam.lee@lumen.example"}


def test_the_candidate_is_excluded_whatever_the_case_and_people_are_listed_once() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "ORGANIZER;CN=Recruiting:mailto:recruiting@acme.example",
            "ATTENDEE;CN=Jane Doe:mailto:jane.doe@acme.example",
            "ATTENDEE;CN=Jane Doe:MAILTO:JANE.DOE@acme.example",
            "ATTENDEE;CN=Alex Morgan:mailto:Alex.Morgan@Example.NET",
        )
    )
    assert interviewers(event, me={"ALEX.MORGAN@example.net"}) == (
        Person("Jane Doe", "jane.doe@acme.example"),
    )


def test_an_organizer_alone_with_the_candidate_takes_part() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "DESCRIPTION:Phone screen. Jenna will call you.",
            "ORGANIZER;CN=Jenna Morales:mailto:jenna@oakridge.example",
            CANDIDATE,
        )
    )
    assert emails(event) == {"jenna@oakridge.example"}


def test_a_coordinator_alone_with_the_candidate_organizes_and_does_not_interview() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "DESCRIPTION:10:00 - 11:00 Technical - Priya Nair\\n\\nSam Ortiz\\n"
            "Recruiting Coordinator\\, Orchard Lane",
            "ORGANIZER;CN=Sam Ortiz:mailto:sam.ortiz@orchard.example",
            CANDIDATE,
        )
    )
    assert emails(event) == set()


def test_people_invited_by_address_alone_are_known_by_the_name_their_address_spells() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "SUMMARY:Phone Screen: Oakridge Climate (Alex Morgan)",
            "DESCRIPTION:Phone Screen with Jenna Morales",
            "ORGANIZER:mailto:jenna.morales@oakridge.example",
            "ATTENDEE:mailto:room.lakeview@oakridge.example",
            "ATTENDEE:mailto:alex.morgan@example.net",
        )
    )
    assert emails(event) == {"jenna.morales@oakridge.example"}


def test_an_agencys_recruiter_invited_to_the_clients_interview_does_not_interview() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "ORGANIZER;CN=Priya Nair:mailto:priya.nair@tidewaterbank.example",
            "ATTENDEE;CN=Tom Reyes:mailto:treyes@northbridgetalent.example",
            CANDIDATE,
        )
    )
    assert emails(event) == {"priya.nair@tidewaterbank.example"}


@pytest.mark.parametrize(
    "sender",
    [
        Person("Kim Fraser", "kim.fraser@harrowgate.example"),
        Person("Tom Reyes", "treyes@northbridgetalent.example"),
    ],
)
def test_an_invitation_a_colleague_or_an_agency_forwards_is_the_organizers_own(
    sender: Person,
) -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "ORGANIZER;CN=Daniel Osei:mailto:daniel.osei@harrowgate.example",
            "ATTENDEE;CN=Mira Patel:mailto:mira.patel@harrowgate.example",
            "ATTENDEE;CN=Kim Fraser:mailto:kim.fraser@harrowgate.example",
            CANDIDATE,
        )
    )
    text = "Hi Alex,\n\nForwarding Daniel's invitation for Thursday.\n"
    found = {p.email for p in interviewers(event, me={ME}, text=text, sender=sender)}
    assert "daniel.osei@harrowgate.example" in found
    assert "mira.patel@harrowgate.example" in found
    assert ("kim.fraser@harrowgate.example" in found) is (
        sender.email != "kim.fraser@harrowgate.example"
    )


def test_an_organizer_who_only_schedules_others_does_not_take_part() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "DESCRIPTION:Join Zoom Meeting\\nhttps://acme.zoom.us/j/845123",
            "ORGANIZER;CN=Priya Raman:mailto:priya@acme.example",
            "ATTENDEE;CN=Daniel Osei:mailto:daniel@acme.example",
            CANDIDATE,
        )
    )
    assert emails(event) == {"daniel@acme.example"}


@pytest.mark.parametrize(
    "description",
    [
        "Your interview with Rhys Llewellyn (Head of Analytics) and me.",
        "Vous rencontrerez Sébastien Roy\\, directeur\\, et moi-même.",
        "Voici le lien pour l'entrevue avec Rhys. Je serai aussi présente.",
        "A chat with Eleanor (People Partner) and Rhys (Head of Analytics).",
        "Le comité sera composé de :\\n- Rhys Llewellyn\\n- Eleanor Hughes\\, RH",
    ],
)
def test_an_organizer_whose_words_include_them_takes_part(description: str) -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            f"DESCRIPTION:{description}",
            "ORGANIZER;CN=Eleanor Hughes:mailto:eleanor@thistle.example",
            "ATTENDEE;CN=Eleanor Hughes:mailto:eleanor@thistle.example",
            "ATTENDEE;CN=Rhys Llewellyn:mailto:rhys@thistle.example",
            CANDIDATE,
        )
    )
    assert emails(event) == {"eleanor@thistle.example", "rhys@thistle.example"}


def test_an_organizer_listed_as_attendee_is_left_out_when_the_text_names_only_others() -> None:
    # Google Calendar lists the organizer among the attendees of every invitation.
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "DESCRIPTION:Second-round interview with Liam Gauthier\\, Manager.\\n\\n"
            "-::~:~::~:~:~:~:~:~:~:~:~::~:~::-\\nJoin with Google Meet: https://meet.google.com/bte-ykcx-mnq",
            "ORGANIZER;CN=Beatrix Okonjo:mailto:beatrix@tidewater.example",
            "ATTENDEE;CN=Beatrix Okonjo:mailto:beatrix@tidewater.example",
            "ATTENDEE;CN=Liam Gauthier:mailto:liam@tidewater.example",
            CANDIDATE,
        )
    )
    assert emails(event) == {"liam@tidewater.example"}


def test_an_agency_organizer_naming_the_clients_interviewers_does_not_take_part() -> None:
    event = one(
        ics(
            "DTSTART:20260212T110000",
            "DESCRIPTION:Client interview with Erik Halvorsen (CTO). Call Kelly after.",
            "ORGANIZER;CN=Kelly Brennan:mailto:kelly@northstarsearch.example",
            CANDIDATE,
        )
    )
    assert interviewers(event, me={ME}) == ()


def test_a_candidate_named_in_the_title_does_not_hide_the_host() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "SUMMARY:Technical screen with Alex Morgan",
            "ORGANIZER;CN=Owen Castellanos:mailto:owen@juniper.example",
            CANDIDATE,
        )
    )
    assert emails(event) == {"owen@juniper.example"}


# Video links


@pytest.mark.parametrize(
    "url",
    [
        "https://acmerobotics.zoom.us/j/84512367790",
        "https://us06web.zoom.us/j/86674210035?pwd=R0xWbW9Ia2N4dkF0c1FZZFl5UnBlZz09",
        "https://meet.google.com/kfr-ubzm-sqa",
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_Nz%40thread.v2/0?context=%7b%22Tid%22%7d",
        "https://maplecrest.webex.com/maplecrest/j.php?MTID=m4c2d9e0a7b31f5e8d6c4a2b0f9e7d5c3",
        "https://global.gotomeeting.com/join/123456789",
    ],
)
def test_video_links_are_recognised_without_trailing_punctuation(url: str) -> None:
    for text in (f"Join: {url}.", f"Join the meeting now<{url}>", f"({url})"):
        match = VIDEO_LINK.search(text)
        assert match is not None
        assert match.group() == url


@pytest.mark.parametrize(
    "text",
    [
        "Learn more about Meet at: https://support.google.com/a/users/answer/9282720",
        "Need help? https://aka.ms/JoinTeamsMeeting?omkt=en-US",
        "Reschedule: https://calendly.com/reschedulings/6561389a",
    ],
)
def test_help_and_scheduling_pages_are_not_video_links(text: str) -> None:
    assert VIDEO_LINK.search(text) is None


def test_the_conference_property_wins_over_links_in_the_description() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "DESCRIPTION:Old link: https://acme.zoom.us/j/111",
            "X-GOOGLE-CONFERENCE:https://meet.google.com/bte-ykcx-mnq",
        )
    )
    assert event.url == "https://meet.google.com/bte-ykcx-mnq"


def test_a_phone_screen_has_no_video_link() -> None:
    assert one(ics("DTSTART:20260218T200000Z", "LOCATION:+1 416-555-0143")).url is None


# Broken input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "not a calendar at all",
        ics("SUMMARY:no start"),
        ics("DTSTART:20260230T100000Z"),  # February 30th
        ics("DTSTART;TZID=Nowhere:tomorrow at ten"),
    ],
)
def test_texts_without_a_usable_event_give_nothing(text: str) -> None:
    assert read_calendars([text], user_tz=TORONTO) == []


def test_a_broken_event_is_skipped_and_its_neighbour_kept() -> None:
    text = ics("DTSTART:20260230T100000Z").replace(
        "END:VCALENDAR",
        "BEGIN:VEVENT\r\nUID:good\r\nDTSTART:20260218T200000Z\r\nEND:VEVENT\r\nEND:VCALENDAR",
    )
    assert [e.uid for e in read_calendars([text], user_tz=TORONTO)] == ["good"]


def test_a_truncated_calendar_still_yields_its_event() -> None:
    text = ics("DTSTART:20260218T200000Z").split("END:VEVENT")[0]
    assert one(text).start == datetime(2026, 2, 18, 20, tzinfo=UTC)


def test_an_event_outside_any_vcalendar_is_read() -> None:
    assert one("BEGIN:VEVENT\nDTSTART:20260218T200000Z\nEND:VEVENT\n").uid is None


def test_ten_megabytes_of_garbage_give_nothing() -> None:
    noise = random.Random(5545)  # noqa: S311 - reproducible noise, not a secret
    alphabet = 'BEGIN:VEVENT\r\nDTSTART;TZID="x":2026 \\,;=ÃéZ\t'
    garbage = "".join(noise.choices(alphabet, k=10_000_000))
    assert read_calendars([garbage], user_tz=TORONTO) == []


@given(st.text(alphabet=st.sampled_from(list('BEGIN:VEVENTDSARZ;="\r\n 0123456789,\\Ã'))))
def test_no_text_makes_the_reader_raise(text: str) -> None:
    for event in read_calendars([text, ics(text)], user_tz=TORONTO):
        assert event.start.tzinfo is not None
        interviewers(event, me={ME})


# The corpus


@dataclass(frozen=True)
class Sample:
    """A corpus message with a calendar, and its sidecar."""

    name: str
    calendars: list[str]
    sidecar: dict[str, Any]
    raw: bytes


def calendar_samples(split: str) -> list[Sample]:
    samples = []
    for path in sorted((CORPUS / split).glob("*/*.eml")):
        raw = path.read_bytes()
        calendars = Mail(raw).calendars
        if calendars:
            sidecar = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
            samples.append(Sample(f"{path.parent.name}/{path.stem}", calendars, sidecar, raw))
    return samples


TUNE = calendar_samples("tune")
INTERVIEWS = [s for s in TUNE if s.sidecar["interview"]]


def merged(sample: Sample) -> tuple[datetime, datetime | None, set[str | None], str | None]:
    """The interview the events describe: an itinerary runs from its first start to its last end."""
    events = read_calendars(sample.calendars, user_tz=ZoneInfo(sample.sidecar["user_tz"]))
    live = [e for e in events if not e.cancelled] or events
    ends = [e.end for e in live if e.end]
    mail = Mail(sample.raw)
    me, text = {sample.sidecar["me"]}, new_text(mail.text)
    # The message around the invitation may say who takes part ("Ruth and I", a list), and
    # who sent it (a colleague forwarding the organizer's invitation).
    people = {p.email for e in live for p in interviewers(e, me=me, text=text, sender=mail.sender)}
    url = next((e.url for e in live if e.url), None)
    return min(e.start for e in live), max(ends) if ends else None, people, url


@pytest.mark.parametrize("sample", TUNE, ids=lambda s: s.name)
def test_every_corpus_calendar_yields_events(sample: Sample) -> None:
    assert read_calendars(sample.calendars, user_tz=TORONTO)


@pytest.mark.parametrize("sample", INTERVIEWS, ids=lambda s: s.name)
def test_corpus_interview_times_and_links_match_the_sidecar(sample: Sample) -> None:
    start, end, _, url = merged(sample)
    expected = sample.sidecar["interview"]
    assert start == expected["start"]
    assert end == expected["end"]
    assert url == expected["url"]


@pytest.mark.parametrize("sample", INTERVIEWS, ids=lambda s: s.name)
def test_corpus_invitations_and_their_message_name_the_interviewers(sample: Sample) -> None:
    assert merged(sample)[2] == set(sample.sidecar["interview"]["interviewers"])


@pytest.mark.parametrize("sample", INTERVIEWS, ids=lambda s: s.name)
def test_corpus_messages_with_invitations_name_their_interviewers(sample: Sample) -> None:
    facts = parse_message(
        sample.raw, Context(me=frozenset({sample.sidecar["me"]}), user_tz=TORONTO)
    )
    assert facts.interview is not None
    found = {p.email for p in facts.interview.interviewers}
    assert found == set(sample.sidecar["interview"]["interviewers"])


def test_a_list_of_people_ends_at_a_sentence_even_without_a_blank_line() -> None:
    # HTML paragraphs come out as lines: the sentence after the list is no part of it.
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "ORGANIZER;CN=Priya Raman:mailto:priya@acme.example",
            "ATTENDEE;CN=Daniel Osei:mailto:daniel@acme.example",
            CANDIDATE,
        )
    )
    text = (
        "You'll be meeting with:\nDaniel Osei, Staff Data Engineer (daniel@acme.example)\n"
        "If you need to reschedule, reply to this email and Priya will take care of it.\n"
    )
    assert {p.email for p in interviewers(event, me={ME}, text=text)} == {"daniel@acme.example"}


@pytest.mark.parametrize(
    ("cn", "name"),
    [
        ('"Osei, Daniel"', "Daniel Osei"),
        ('"Tremblay-Nadeau, Sophie"', "Sophie Tremblay-Nadeau"),
        ('"Acme, Inc."', "Acme, Inc."),
        ("Daniel Osei", "Daniel Osei"),
    ],
)
def test_a_directorys_last_first_name_is_written_first_last(cn: str, name: str) -> None:
    event = one(ics("DTSTART:20260218T200000Z", f"ORGANIZER;CN={cn}:mailto:daniel@acme.example"))
    assert event.organizer is not None
    assert event.organizer.name == name


def test_an_organizer_the_title_names_is_found_under_a_last_first_name() -> None:
    event = one(
        ics(
            "DTSTART:20260218T200000Z",
            "SUMMARY:Alex Morgan <> Priya Raman | Data Engineer",
            'ORGANIZER;CN="Raman, Priya":mailto:priya.raman@lumen.example',
            'ATTENDEE;CN="Lee, Sam":mailto:sam.lee@lumen.example',
            CANDIDATE,
        )
    )
    assert emails(event) == {"priya.raman@lumen.example", "sam.lee@lumen.example"}


def test_an_organizer_whose_only_colleague_is_optional_holds_the_meeting() -> None:
    # The optional guest is kept in the loop; the organizer is the one the candidate meets.
    event = one(
        ics(
            "DTSTART:20260518T140000Z",
            "SUMMARY:Hiring manager interview - Alex Morgan",
            "ORGANIZER;CN=Daniel Osei:mailto:daniel@acme.example",
            "ATTENDEE;CN=Kim Fraser;ROLE=OPT-PARTICIPANT:mailto:kim@acme.example",
            CANDIDATE,
        )
    )
    assert event.optional == frozenset({"kim@acme.example"})
    assert "daniel@acme.example" in emails(event)


def test_an_organizer_invited_by_address_alone_is_named_with_or_without_accents() -> None:
    # No CN: "tomas@" is Tomas, whom the description writes Tomás.
    event = one(
        ics(
            "DTSTART:20260122T203000Z",
            "SUMMARY:Hiring Manager Interview",
            "DESCRIPTION:Chat with Tomás (Head of Engineering) and Imogen (Lead Engineer).",
            "ORGANIZER:mailto:tomas@acme.example",
            "ATTENDEE:mailto:imogen@acme.example",
            CANDIDATE,
        )
    )
    assert emails(event) == {"tomas@acme.example", "imogen@acme.example"}


@pytest.mark.parametrize(
    "description",
    ["Interviewer: Priya N. (Engineering Manager)", "Your interviewers: Priya and Sam."],
)
def test_an_organizer_who_names_others_by_first_name_only_arranges(description: str) -> None:
    # Priya has no address to count, but the meeting is hers, not the coordinator's.
    event = one(
        ics(
            "DTSTART:20260512T140000Z",
            "SUMMARY:Interview with Acme - Alex Morgan",
            f"DESCRIPTION:{description}",
            "ORGANIZER;CN=Kim Fraser:mailto:kim@acme.example",
            CANDIDATE,
        )
    )
    assert emails(event) == set()
