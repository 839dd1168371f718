"""Bad and odd mail: the parser never raises, never hides an internal error, and degrades sensibly.

`parse_message` turns any exception into kind "unreadable", so "it returned" proves
little: every message here that a mail client could display must come back with a
real kind, and the lower layers (Mail, read_calendars, decision_by, interview_time)
are called directly, where an exception shows up with its traceback.
"""

from __future__ import annotations

import base64
import email
import email.header
import email.utils
import importlib.util
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from afterview.parsers import timeline, when
from afterview.parsers.calendar import read_calendars
from afterview.parsers.facts import Facts, Kind
from afterview.parsers.mime import Mail
from afterview.parsers.parse import Context, parse_message
from afterview.parsers.participants import interviewers

TUNE = Path(__file__).resolve().parents[1] / "corpus" / "tune"
TORONTO = ZoneInfo("America/Toronto")
ME = "alex.morgan@example.net"
CONTEXT = Context(me=frozenset({ME}), user_tz=TORONTO)
# Bounded and reproducible: the same examples on every machine, no database in the repo.
BOUNDED = settings(max_examples=200, deadline=None, derandomize=True, database=None)
CONFIRMATION = (
    b"Hi Alex,\r\n\r\nYour interview with Acme Robotics for the Data Engineer role is confirmed"
    b" for Tuesday, March 3 at 2:00 PM.\r\n\r\nBest,\r\nJane\r\n"
)
CONFIRMED_START = datetime(2026, 3, 3, 14, 0, tzinfo=TORONTO)


HEAD = (
    "From: Jane Doe <jane.doe@acmerobotics.com>\r\n"
    f"To: Alex Morgan <{ME}>\r\n"
    "Subject: Interview confirmed\r\n"
    "Date: Mon, 02 Mar 2026 10:00:00 -0500\r\n"
    "Message-ID: <robust-1@acmerobotics.com>\r\n"
    "MIME-Version: 1.0\r\n"
).encode()


def message(body: bytes, *headers: str, content_type: str = "text/plain; charset=utf-8") -> bytes:
    """A recruiter's message around `body`, CRLF line endings; extra `headers` go last, as UTF-8."""
    extra = "".join(f"{line}\r\n" for line in (f"Content-Type: {content_type}", *headers))
    return HEAD + extra.encode() + b"\r\n" + body


def multipart(*parts: bytes, boundary: str = "b1", closed: bool = True) -> bytes:
    """A multipart body of entities (each its own headers and body)."""
    out = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return out + (b"--" + boundary.encode() + b"--\r\n" if closed else b"")


TEXT_PART = b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + CONFIRMATION


def read(raw: bytes) -> Facts:
    """The Facts of `raw`, after reading every Mail property directly (none may raise)."""
    mail = Mail(raw)
    assert isinstance(mail.subject, str)
    assert mail.sender is not None
    assert isinstance(mail.text, str)
    assert all(isinstance(link, str) for link in mail.links)
    assert all(isinstance(name, str) for name in mail.attachment_names)
    for event in read_calendars(mail.calendars, user_tz=TORONTO):
        interviewers(event, me={ME})
    return parse_message(raw, CONTEXT)


def assert_readable(facts: Facts) -> None:
    assert isinstance(facts.kind, Kind)
    assert facts.kind is not Kind.UNREADABLE, facts.error


# --- CPython's own email test messages, and odd ones of the same families shipped here ---

ODD_MESSAGES: dict[str, bytes] = {
    "no-headers": b"\r\nA body and no header at all.\r\n",
    "headers-only": b"From: jane@example.org\r\nSubject: nothing below",
    "mbox-from-line": b"From jane@example.org Mon Mar  2 10:00:00 2026\r\nFrom: jane@example.org\r\n"
    b"Subject: mbox\r\n\r\nbody\r\n",
    "lf-only": b"From: jane@example.org\nSubject: LF only\n\nline one\nline two\n",
    "long-folded-subject": b"From: jane@example.org\r\nSubject: one\r\n two\r\n\tthree\r\n  four\r\n\r\nx",
    "adjacent-encoded-words": b"From: =?iso-8859-1?q?Ren=E9e?= <renee@example.org>\r\n"
    b"Subject: =?iso-8859-1?q?caf=E9?= =?utf-8?b?w6ln?= et =?UTF-8?Q?cr=C3=A8me?=\r\n\r\nx",
    "preamble-and-epilogue": b'From: jane@example.org\r\nSubject: p\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n'
    b"This is the preamble.\r\n--B\r\n\r\nimplicit text/plain\r\n--B--\r\nThis is the epilogue.\r\n",
    "empty-multipart": b'From: jane@example.org\r\nSubject: e\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B--\r\n',
    "forwarded-rfc822": b'From: jane@example.org\r\nSubject: Fwd\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n'
    b"--B\r\nContent-Type: message/rfc822\r\n\r\nFrom: old@example.org\r\nSubject: inner\r\n\r\nold text\r\n--B--\r\n",
    "digest": b'From: jane@example.org\r\nSubject: digest\r\nContent-Type: multipart/digest; boundary="D"\r\n\r\n'
    b"--D\r\n\r\nFrom: a@example.org\r\nSubject: one\r\n\r\nfirst\r\n--D\r\n\r\nSubject: two\r\n\r\nsecond\r\n--D--\r\n",
    "rfc2231-filename": b'From: jane@example.org\r\nSubject: cv\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n'
    b"--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment;\r\n filename*0*=utf-8''r%C3%A9;"
    b" filename*1=sum%C3%A9.pdf\r\n\r\n%PDF\r\n--B--\r\n",
    "uuencoded": b"From: jane@example.org\r\nSubject: uu\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n"
    b"begin 644 hi.txt\r\n#:&D*\r\n`\r\nend\r\n",
    "bogus-content-types": b"From: jane@example.org\r\nSubject: types\r\nContent-Type: text\r\n"
    b"Content-Type: foo/bar/baz; charset\r\n\r\nbody\r\n",
    "signed": b'From: jane@example.org\r\nSubject: s\r\nContent-Type: multipart/signed; protocol="application/pgp-signature";'
    b' boundary="S"\r\n\r\n--S\r\nContent-Type: text/plain\r\n\r\nsigned text\r\n--S\r\n'
    b"Content-Type: application/pgp-signature\r\n\r\n-----BEGIN PGP SIGNATURE-----\r\n--S--\r\n",
    "8bit-body-no-charset": "From: jane@example.org\r\nSubject: 8bit\r\n\r\nRéunion à Montréal\r\n".encode(),
}


def _stdlib_messages() -> list[tuple[str, bytes]]:
    spec = importlib.util.find_spec("test.test_email")
    if spec is None or spec.origin is None:
        return []  # Debian without libpython3-testsuite: the shipped messages still run
    data = Path(spec.origin).parent / "data"
    files = sorted([*data.glob("msg_*.txt"), *data.glob("*.eml")])
    return [(f"cpython-{f.name}", f.read_bytes()) for f in files]


ODD_AND_STDLIB = [*ODD_MESSAGES.items(), *_stdlib_messages()]


def _stdlib_reading(raw: bytes) -> tuple[str, str]:
    """Subject and sender address as the standard library reads them."""
    parsed = email.message_from_bytes(raw)
    subject = str(email.header.make_header(email.header.decode_header(parsed["Subject"] or "")))
    return re.sub(r"\s+", " ", subject).strip(), email.utils.parseaddr(parsed["From"] or "")[1]


@pytest.mark.parametrize(
    "raw", [raw for _, raw in ODD_AND_STDLIB], ids=[n for n, _ in ODD_AND_STDLIB]
)
def test_odd_but_valid_messages_are_read_with_the_stdlib_subject_and_sender(raw: bytes) -> None:
    assert_readable(read(raw))
    subject, sender = _stdlib_reading(raw)
    mail = Mail(raw)
    assert (mail.subject, mail.sender.email or "") == (subject, sender.lower())


# --- Truncation: a message cut anywhere, mid-header, mid-boundary, mid-base64 ---

TRUNCATION_SEEDS = [
    "ashby/interview-confirmation-fernhill-onsite-loop.eml",  # text + base64 calendar
    "agency-recruiter/agency-confirms-client-interview.eml",  # nested multipart, .ics attachment
    "bamboohr/take-home-stonebridge-docx.eml",  # base64 .docx attachment
    "calendly/confirmed-phone-screen.eml",  # text, HTML and calendar
]
_BOUNDARY_LINE = re.compile(rb"^--\S+", re.M)
_BASE64_LINE = re.compile(rb"^[A-Za-z0-9+/]{40,}={0,2}$", re.M)
_HEADER_LINE = re.compile(rb"^[\w-]+:", re.M)


def cut_points(raw: bytes) -> list[int]:
    """Offsets inside every header name, boundary line and a few base64 lines, and every 1/300th."""
    inside = [m.start() + len(m.group()) // 2 for m in _HEADER_LINE.finditer(raw)]
    inside += [
        m.start() + k for m in _BOUNDARY_LINE.finditer(raw) for k in (1, 2, len(m.group()) // 2)
    ]
    inside += [m.start() + 17 for m in list(_BASE64_LINE.finditer(raw))[::5]]
    return sorted({*inside, *range(0, len(raw), max(1, len(raw) // 300))})


@pytest.mark.parametrize("name", TRUNCATION_SEEDS)
def test_a_message_cut_anywhere_is_still_read(name: str) -> None:
    raw = (TUNE / name).read_bytes()
    unreadable = {
        cut: f.error for cut in cut_points(raw) if (f := read(raw[:cut])).kind is Kind.UNREADABLE
    }
    assert unreadable == {}


def test_a_message_cut_inside_its_calendar_keeps_its_headers_and_text() -> None:
    raw = (TUNE / TRUNCATION_SEEDS[0]).read_bytes()
    calendar = raw.index(b"Content-Type: text/calendar")
    cut = raw[: calendar + raw[calendar:].index(b"\nQkVH") + 30]
    whole, truncated = Mail(raw), Mail(cut)
    assert (truncated.subject, truncated.sender) == (whole.subject, whole.sender)
    assert truncated.text == whole.text
    assert_readable(parse_message(cut, CONTEXT))


# --- Charsets ---


@pytest.mark.parametrize(
    ("charset", "body", "expected"),
    [
        ("x-no-such-charset", "Réunion à Montréal".encode(), "Réunion à Montréal"),
        ("utf-8", "Réunion à Montréal".encode("latin-1"), "Réunion à Montréal"),  # mislabelled
        ("us-ascii", "Réunion à Montréal".encode(), "Réunion à Montréal"),
        ('"utf-8 ; x"', b"plain words", "plain words"),
        ("rot13", b"plain words", "plain words"),  # a text-to-text codec, not a charset
        ("utf-16", b"\xff", "ÿ"),  # an odd byte count: read as Windows-1252
        ("utf-8\x00", b"plain words", "plain words"),  # NUL in the charset name
    ],
)
def test_wrong_unknown_and_mislabelled_charsets_still_give_text(
    charset: str, body: bytes, expected: str
) -> None:
    raw = message(body + b"\r\n", content_type=f"text/plain; charset={charset}")
    assert_readable(read(raw))
    assert expected in Mail(raw).text


def test_raw_8bit_bytes_in_the_content_type_header_are_read_around() -> None:
    raw = message(CONFIRMATION, content_type='text/plain; charset="utf-8é"')
    facts = read(raw)
    assert facts.kind is Kind.INTERVIEW_CONFIRMATION
    assert "Tuesday, March 3" in Mail(raw).text


def test_raw_utf8_display_names_in_address_headers_are_decoded() -> None:
    raw = message(CONFIRMATION, "Cc: José Núñez <jose.nunez@acmerobotics.com>").replace(
        b"From: Jane Doe", "From: Jérôme Doe".encode()
    )
    assert_readable(read(raw))
    mail = Mail(raw)
    assert mail.sender.name == "Jérôme Doe"
    assert [p.name for p in mail.addresses("Cc")] == ["José Núñez"]


@pytest.mark.parametrize(
    "subject",
    [
        "=?utf-8?b?QUJDx?=",  # base64 one character too long
        "=?utf-8?b?Q?=",  # base64 truncated to one character
        "=?utf-8?q?caf=E9?=",  # latin-1 bytes labelled utf-8
        "=?x-unknown?b?Y2Fmw6k=?=",
        "=?ut\x00f-8?q?abc?=",  # NUL in the charset
        "=?utf-8?x?abc?=",  # unknown encoding letter
    ],
)
def test_broken_encoded_words_in_headers_degrade_to_text(subject: str) -> None:
    raw = message(CONFIRMATION).replace(
        b"Subject: Interview confirmed", f"Subject: {subject}".encode()
    )
    raw = raw.replace(b"From: Jane Doe", f"From: {subject}".encode())
    assert_readable(read(raw))


_CHARSETS = st.sampled_from(
    ["utf-8", "ISO-8859-1", "utf-16", "x-unknown", "", "utf-8*fr", "rot13", "ut\x00f-8", "é"]
)
_ENCODED_WORDS = st.builds(
    "=?{}?{}?{}?=".format,
    _CHARSETS,
    st.sampled_from("bBqQx"),
    st.text(alphabet="QUJDw6kx=_/+?", max_size=12),
)
_HEADER_WORDS = st.sampled_from([" ", "Jane", "<jane@acmerobotics.com>", '"', ",", "é", "\t", "("])
HEADER_VALUES = st.lists(st.one_of(_ENCODED_WORDS, _HEADER_WORDS), max_size=8).map("".join)


@BOUNDED
@given(subject=HEADER_VALUES, sender=HEADER_VALUES, copied=HEADER_VALUES)
def test_any_mix_of_encoded_words_in_headers_is_decoded_without_error(
    subject: str, sender: str, copied: str
) -> None:
    raw = f"From: {sender}\r\nCc: {copied}\r\nSubject: {subject}\r\n\r\n".encode() + CONFIRMATION
    facts = read(raw)
    assert all(isinstance(person.name or "", str) for person in Mail(raw).addresses("Cc"))
    assert facts.error is None


# --- Size and structure ---


def test_a_10_mb_attachment_does_not_stop_the_message_being_read() -> None:
    attachment = (
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=brief.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(bytes(10_000_000))
    )
    raw = message(multipart(TEXT_PART, attachment), content_type='multipart/mixed; boundary="b1"')
    facts = read(raw)
    assert facts.kind is Kind.INTERVIEW_CONFIRMATION
    assert facts.interview is not None
    assert facts.interview.start == CONFIRMED_START
    assert Mail(raw).attachment_names == ["brief.pdf"]


def nested(depth: int, inner: bytes) -> bytes:
    """`inner` wrapped in `depth` multipart/mixed entities."""
    for level in range(depth):
        inner = f'Content-Type: multipart/mixed; boundary="n{level}"\r\n\r\n'.encode() + multipart(
            inner, boundary=f"n{level}"
        )
    return inner


def test_multipart_nested_50_deep_is_read_to_its_innermost_text() -> None:
    raw = HEAD + nested(50, TEXT_PART)
    facts = read(raw)
    assert "confirmed for Tuesday, March 3" in Mail(raw).text
    assert facts.kind is Kind.INTERVIEW_CONFIRMATION


def test_multipart_nested_beyond_any_sane_depth_does_not_exhaust_the_stack() -> None:
    assert_readable(read(HEAD + nested(1500, TEXT_PART)))


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ('multipart/mixed; boundary="b1"', multipart(TEXT_PART, closed=False)),  # no closing line
        ("multipart/mixed", multipart(TEXT_PART)),  # no boundary parameter
        ('multipart/mixed; boundary="elsewhere"', multipart(TEXT_PART)),  # boundary never used
        ('multipart/mixed; boundary=""', multipart(TEXT_PART, boundary="")),
        ('multipart/alternative; boundary="b1"', TEXT_PART),  # no boundary line at all
    ],
    ids=["unclosed", "no-boundary-parameter", "unused-boundary", "empty-boundary", "no-delimiters"],
)
def test_broken_multipart_structure_is_still_read(content_type: str, body: bytes) -> None:
    assert_readable(read(message(body, content_type=content_type)))


def test_an_unclosed_multipart_is_read_like_a_closed_one() -> None:
    raw = message(multipart(TEXT_PART, closed=False), content_type='multipart/mixed; boundary="b1"')
    facts = read(raw)
    assert facts.kind is Kind.INTERVIEW_CONFIRMATION
    assert facts.interview is not None
    assert facts.interview.start == CONFIRMED_START


def test_header_lines_without_a_colon_do_not_lose_the_other_headers() -> None:
    raw = message(CONFIRMATION).replace(b"MIME-Version", b"this line has no colon\r\nMIME-Version")
    assert_readable(read(raw))
    mail = Mail(raw)
    assert (mail.subject, mail.sender.email) == ("Interview confirmed", "jane.doe@acmerobotics.com")


def test_nul_bytes_in_headers_and_body_are_read_around() -> None:
    raw = message(CONFIRMATION.replace(b"Hi Alex", b"Hi\x00 Alex\x00")).replace(
        b"Subject: Interview", b"Subject: Inter\x00view"
    )
    facts = read(raw)
    assert facts.kind is Kind.INTERVIEW_CONFIRMATION
    assert "Tuesday, March 3" in Mail(raw).text


def test_lone_cr_line_endings_are_read_as_line_endings() -> None:
    raw = message(CONFIRMATION).replace(b"\r\n", b"\r")
    assert_readable(read(raw))
    mail = Mail(raw)
    assert mail.subject == "Interview confirmed"
    assert "Tuesday, March 3" in mail.text


def test_a_date_header_with_an_absurd_year_is_ignored() -> None:
    raw = message(CONFIRMATION).replace(b"2026 10:00:00", b"99999999999999999999 10:00:00")
    facts = read(raw)
    assert_readable(facts)
    assert facts.sent_at is None


def test_a_1_mb_single_line_html_body_is_read_to_its_text_and_links() -> None:
    filler = b"<p>Notes from the team, kept on one line. </p>" * 22_000
    html = (
        b"<html><body>"
        + filler
        + b'<a href="https://calendly.com/acme/30min">Book</a></body></html>'
    )
    raw = message(html, content_type="text/html; charset=utf-8")
    assert_readable(read(raw))
    mail = Mail(raw)
    assert mail.text.startswith("Notes from the team")
    assert "https://calendly.com/acme/30min" in mail.links


# A hang guard, not a speed test: a healthy run takes a second or two; the bound is
# ten times that, and the parse runs in a child process so a hang is killed, not waited for.
HANG_GUARD_SECONDS = 20
_PARSE_STDIN = (
    "import sys; from afterview.parsers.parse import Context, parse_message; "
    "print(parse_message(sys.stdin.buffer.read(), Context()).kind)"
)


def kind_in_a_child(raw: bytes) -> str:
    """The kind parse_message gives `raw`, in a child process killed after the hang guard."""
    done = subprocess.run(
        [sys.executable, "-c", _PARSE_STDIN],
        input=raw,
        capture_output=True,
        timeout=HANG_GUARD_SECONDS,
        check=True,
    )
    return done.stdout.decode().strip()


def test_a_1_mb_html_body_of_nested_blocks_is_read_without_hanging() -> None:
    raw = message(b"<div>" * 200_000 + b"Interview confirmed", content_type="text/html")
    assert kind_in_a_child(raw) in set(Kind) - {Kind.UNREADABLE}


def test_a_1_mb_single_line_text_full_of_times_is_read_without_hanging() -> None:
    raw = message(b"Monday 2pm, Tuesday 3pm, Wednesday 4pm, " * 25_000)
    assert kind_in_a_child(raw) in set(Kind) - {Kind.UNREADABLE}


# --- Calendars ---


def invitation(*event: str) -> bytes:
    ics = "\r\n".join(["BEGIN:VCALENDAR", "METHOD:REQUEST", "BEGIN:VEVENT", "UID:1", *event])
    ics += "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    calendar = b"Content-Type: text/calendar; method=REQUEST\r\n\r\n" + ics.encode()
    return message(multipart(TEXT_PART, calendar), content_type='multipart/mixed; boundary="b1"')


def test_an_invitation_with_a_bogus_tzid_keeps_its_wall_clock_time() -> None:
    raw = invitation(
        "DTSTART;TZID=Mars/Olympus_Mons:20260303T140000", "DTEND;TZID=../../etc:20260303T150000"
    )
    (event,) = read_calendars(Mail(raw).calendars, user_tz=TORONTO)
    assert event.start.utcoffset() is not None
    assert (event.start.hour, event.start.minute) == (14, 0)
    facts = read(raw)
    assert facts.interview is not None
    assert facts.interview.start == CONFIRMED_START


def test_an_invitation_without_dtstart_falls_back_to_the_time_in_the_text() -> None:
    raw = invitation("SUMMARY:Interview", "DTEND:20260303T200000Z")
    assert read_calendars(Mail(raw).calendars, user_tz=TORONTO) == []
    facts = read(raw)
    assert facts.kind is Kind.INTERVIEW_CONFIRMATION
    assert facts.interview is not None
    assert facts.interview.start == CONFIRMED_START


_ICS_LINES = st.sampled_from(
    [
        *(f"{edge}:{name}" for edge in ("BEGIN", "END") for name in ("VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT")),
        "METHOD:CANCEL", "STATUS:CANCELLED", "UID:1", "SEQUENCE:99999999999999999999",
        "TZID:Custom", "TZOFFSETFROM:-0500", "TZOFFSETTO:+2400", "TZOFFSETTO:-0400",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "RRULE:FREQ=YEARLY;BYMONTH=13;BYDAY=9XX",
        "X-WR-TIMEZONE:America/Toronto", "X-WR-TIMEZONE:Nowhere/Else",
        "DTSTART:16010101T020000", "DTSTART:20260303T140000Z", "DTSTART;TZID=Custom:20260303T140000",
        "DTSTART;TZID=Mars/Olympus:20260303T140000", "DTSTART;VALUE=DATE:20260303",
        "DTSTART:99991231T235959Z", "DTSTART;TZID=Pacific/Kiritimati:00010101T000000", "DTSTART:2026",
        "DTEND:20260303T130000Z", "DTEND;TZID=Etc/GMT+12:99991231T235959", "DURATION:PT1H",
        "DURATION:-P99999999W", "DURATION:P", "ORGANIZER;CN=Jane Doe:mailto:jane@acme.example",
        "ATTENDEE;CN=Priya Rao;CUTYPE=ROOM:mailto:priya@acme.example", "ATTENDEE:mailto:",
        'ATTENDEE;CN="unterminated:mailto:x@y', "DESCRIPTION:Interview with Priya and me\\n--------",
        "LOCATION:https://zoom.us/j/123", " folded continuation", "\t", ":", ";;=:",
    ]
)  # fmt: skip
CALENDAR_TEXTS = st.lists(st.one_of(_ICS_LINES, st.text(max_size=12)), max_size=30).map("\r\n".join)


@BOUNDED
@given(texts=st.lists(CALENDAR_TEXTS, min_size=1, max_size=3))
def test_read_calendars_never_raises_and_every_event_has_an_aware_start(texts: list[str]) -> None:
    for event in read_calendars(texts, user_tz=TORONTO):
        assert event.start.utcoffset() is not None
        assert event.end is None or event.end >= event.start
        interviewers(event, me={ME})


# --- Timelines and interview times: any text, any sending time, never an exception ---

_TIME_WORDS = st.sampled_from(
    [
        "we'll get back to you ", "you will hear from us ", "nous vous reviendrons ", "by ", "within ",
        "d'ici ", "before ", "two ", "99999999 ", "weeks", "business days", "jours ouvrables", "Friday",
        "vendredi", "next ", "early ", "late ", "the ", "31st", "May ", "février ", "2/30", "13/45",
        " at ", "2:00 PM", "25:61", "14 h 30", "de 10 h à 11 h", "EST", "PDT", "Europe/Moon", "tomorrow",
        "demain", "Christmas", "end of day", " - ", " to ", ".", "\n\n", "> ", "On Mon, Jane wrote:\n",
    ]
)  # fmt: skip
TIMELINE_TEXTS = st.lists(st.one_of(_TIME_WORDS, st.text(max_size=4)), max_size=25).map("".join)
ZONES: list[tzinfo] = [
    UTC,
    TORONTO,
    ZoneInfo("Pacific/Kiritimati"),
    ZoneInfo("Australia/Lord_Howe"),
    timezone(timedelta(hours=23, minutes=59)),
    timezone(-timedelta(hours=23, minutes=59)),
]
# Any year from 1 to 9999, in any zone or none: the ends of time are where date arithmetic breaks.
SENT_AT = st.datetimes(timezones=st.none() | st.sampled_from(ZONES))
LANGUAGES = st.sampled_from([None, "en", "fr", "xx"])


@BOUNDED
@given(text=TIMELINE_TEXTS, sent_at=SENT_AT, user_tz=st.sampled_from(ZONES), language=LANGUAGES)
def test_decision_by_and_interview_time_never_raise(
    text: str, sent_at: datetime, user_tz: tzinfo, language: str | None
) -> None:
    decided = timeline.decision_by(text, sent_at, user_tz=user_tz, language=language)
    assert decided is None or decided >= sent_at.date() - timedelta(days=2)
    found = when.interview_time(text, sent_at, user_tz=user_tz, language=language)
    assert found is None or found[0].utcoffset() is not None


# --- Mutated corpus mail ---

SEEDS = [path.read_bytes() for path in sorted(TUNE.rglob("*.eml"))]
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_FIELD = re.compile(rb"\r?\n(?![ \t])")


@st.composite
def mutated_mail(draw: st.DrawFn) -> bytes:
    """A corpus message with shuffled headers, byte flips, insertions, deletions, a truncation."""
    raw = draw(st.sampled_from(SEEDS))
    if draw(st.booleans()) and (end := _HEAD_END.search(raw)):
        fields = draw(st.permutations(_FIELD.split(raw[: end.start()])))
        raw = b"\n".join(fields) + raw[end.start() :]
    data = bytearray(raw)
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["flip", "insert", "delete"]))
        if edit == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data[: draw(st.integers(0, len(data)))]) if draw(st.booleans()) else bytes(data)


@BOUNDED
@given(raw=mutated_mail())
def test_mutated_corpus_mail_never_raises_nor_hides_an_internal_error(raw: bytes) -> None:
    facts = read(raw)
    note(f"error: {facts.error}")
    assert isinstance(facts.kind, Kind)
    assert facts.error is None
