"""Composing messages: complete headers that round-trip, threads, and no header injection."""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.policies.compose import (
    ComposeError,
    check_address,
    clean_header_text,
    compose,
    message_id_for,
)
from afterview.policies.letters import Correspondent, Letter
from afterview.policies.templates import Rendered, Templates

SAM = Correspondent("sam@example.org", "Sam Rivera")
JANE = Correspondent("jane@acme.example", "Jane Doe")
BOB = Correspondent("bob@acme.example", "Bob Li")
WHEN = datetime(2026, 3, 3, 15, 30, tzinfo=timezone(timedelta(hours=-5)))
MESSAGE_ID = "<afterview.0123@example.org>"
THREAD_HEADERS = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Content-Type",
    "Content-Transfer-Encoding",
    "MIME-Version",
    "Content-Language",
]
TEMPLATES = Templates.builtin()
NEW_HEADERS = [name for name in THREAD_HEADERS if name not in ("In-Reply-To", "References")]


def letter(**changes: object) -> Letter:
    base = Letter(
        template="thank_you",
        language="en",
        sender=SAM,
        to=(JANE,),
        company="Acme Robotics",
        role="Data Engineer",
        in_reply_to="<confirm-1@acme.example>",
        references=("<invite-1@acme.example>",),
        thread_subject="Interview confirmation",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def rendered(subject: str = "Re: Interview confirmation", body: str = "Dear Jane,\n") -> Rendered:
    return Rendered(subject=subject, body=body)


def parse(message: EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def text_of(parsed: EmailMessage) -> str:
    """The body as written: SMTP line ends read back as plain ones."""
    content = parsed.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def build(the_letter: Letter, the_rendered: Rendered | None = None) -> EmailMessage:
    return compose(the_letter, the_rendered or rendered(), date=WHEN, message_id=MESSAGE_ID)


def test_composed_message_round_trips_every_header() -> None:
    parsed = parse(build(letter(to=(JANE, BOB))))

    assert list(parsed.keys()) == THREAD_HEADERS
    assert parsed["From"].addresses[0].display_name == "Sam Rivera"
    assert parsed["From"].addresses[0].addr_spec == "sam@example.org"
    assert [(a.display_name, a.addr_spec) for a in parsed["To"].addresses] == [
        ("Jane Doe", "jane@acme.example"),
        ("Bob Li", "bob@acme.example"),
    ]
    assert parsed["Subject"] == "Re: Interview confirmation"
    assert parsed["Date"].datetime == WHEN
    assert parsed["Message-ID"] == MESSAGE_ID
    assert parsed["In-Reply-To"] == "<confirm-1@acme.example>"
    assert parsed["Content-Language"] == "en"
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    assert text_of(parsed) == "Dear Jane,\n"


def test_references_are_the_thread_then_the_parent_each_once_in_order() -> None:
    thread = ("<a@acme.example>", "<b@acme.example>", "<a@acme.example>", "<c@acme.example>")
    parsed = parse(build(letter(references=(*thread, "<confirm-1@acme.example>"))))

    assert parsed["References"].split() == [
        "<a@acme.example>",
        "<b@acme.example>",
        "<c@acme.example>",
        "<confirm-1@acme.example>",
    ]


def test_unreadable_references_are_dropped_but_the_thread_is_kept() -> None:
    parsed = parse(build(letter(references=("not an id", "<ok@acme.example>", "<x\r\ny@z>"))))

    assert parsed["References"].split() == ["<ok@acme.example>", "<confirm-1@acme.example>"]


def test_a_message_outside_any_thread_has_no_reply_headers() -> None:
    parsed = parse(build(letter(in_reply_to=None, references=(), thread_subject=None)))

    assert list(parsed.keys()) == NEW_HEADERS


def test_non_ascii_names_subject_and_body_are_encoded_and_read_back() -> None:
    french = letter(
        language="fr",
        sender=Correspondent("sam@example.org", "Samuël Côté"),
        to=(Correspondent("marie@acme.example", "Marie-Ève Tremblay, ing."),),
    )
    message = build(french, rendered("Merci — entrevue à Montréal", "Bonjour Marie-Ève,\n"))
    raw = message.as_bytes()
    parsed = parse(message)

    assert raw.isascii()
    assert parsed["From"].addresses[0].display_name == "Samuël Côté"
    assert parsed["To"].addresses[0].display_name == "Marie-Ève Tremblay, ing."
    assert parsed["Subject"] == "Merci — entrevue à Montréal"
    assert parsed["Content-Language"] == "fr"
    assert text_of(parsed) == "Bonjour Marie-Ève,\n"


def test_the_same_outbox_key_always_gets_the_same_message_id_on_the_users_domain() -> None:
    first = message_id_for("acme-data-engineer/thank_you/1/1/jane@acme.example", "sam@example.org")
    again = message_id_for("acme-data-engineer/thank_you/1/1/jane@acme.example", "sam@example.org")
    other = message_id_for("acme-data-engineer/thank_you/1/1/bob@acme.example", "sam@example.org")

    assert first == again
    assert first != other
    assert first.startswith("<")
    assert first.endswith("@example.org>")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Jane\r\nBcc: evil@attacker.example"),
        ("name", "Jane\nTo: evil@attacker.example"),
        ("name", "=?utf-8?q?x=0D=0ABcc:_evil@attacker.example?="),
        ("name", "=?utf-8?b?SmFuZQ0KQmNjOiBldmlsQGF0dGFja2VyLmV4YW1wbGU=?="),
        ("name", '"Jane"\r\n\r\nBody injected'),
        ("name", "Jane\u2028Bcc: evil@attacker.example"),
        ("name", "Jane\x85Bcc: evil@attacker.example"),
        ("subject", "Hello\r\nBcc: evil@attacker.example"),
        ("subject", "=?utf-8?q?x=0D=0ABcc:_evil@attacker.example?="),
        ("subject", "=?utf-8?q?=3D=3Futf-8=3Fq=3Fx=3D0D=3D0ABcc:_evil@a.example=3F=3D?="),
        ("subject", "Hi\rBcc: evil@attacker.example"),
    ],
)
def test_injection_attempts_add_no_header(field: str, value: str) -> None:
    if field == "name":
        message = build(letter(to=(Correspondent("jane@acme.example", value),)))
    else:
        message = build(letter(), rendered(subject=value))
    parsed = parse(message)

    assert list(parsed.keys()) == THREAD_HEADERS
    assert "Bcc" not in parsed
    assert [a.addr_spec for a in parsed["To"].addresses] == ["jane@acme.example"]
    assert "\n" not in str(parsed["Subject"])
    assert "\n" not in parsed["To"].addresses[0].display_name
    assert text_of(parsed) == "Dear Jane,\n"


def test_a_company_with_line_breaks_stays_inside_the_body() -> None:
    parsed = parse(build(letter(), rendered(body="About Acme\r\nBcc: evil@x.example\n")))

    assert list(parsed.keys()) == THREAD_HEADERS
    assert "Bcc: evil@x.example" in text_of(parsed)


@pytest.mark.parametrize(
    "address",
    [
        "jane@acme.example, evil@attacker.example",
        "Jane <jane@acme.example>",
        "jane@acme.example\r\nBcc: evil@attacker.example",
        "jane",
        "@acme.example",
        "jane@",
        "jane@localhost",
        "jane doe@acme.example",
        '"jane"@acme.example',
        "jane@acme..example",
        "jane@-acme.example",
    ],
)
def test_anything_but_one_plain_address_is_refused(address: str) -> None:
    with pytest.raises(ComposeError):
        build(letter(to=(Correspondent(address, "Jane"),)))


def test_an_international_domain_is_written_in_ascii() -> None:
    assert check_address("marie@café.example") == "marie@xn--caf-dma.example"


@pytest.mark.parametrize("parent", ["<a b@x>", "<a@b>\r\nBcc: e@x", "", "<>"])
def test_an_invalid_in_reply_to_is_refused(parent: str) -> None:
    with pytest.raises(ComposeError):
        build(letter(in_reply_to=parent))


def test_a_naive_date_is_refused() -> None:
    with pytest.raises(ComposeError):
        compose(letter(), rendered(), date=datetime(2026, 3, 3), message_id=MESSAGE_ID)  # noqa: DTZ001


def test_a_message_needs_a_recipient_and_a_subject() -> None:
    with pytest.raises(ComposeError):
        build(letter(to=()))
    with pytest.raises(ComposeError):
        build(letter(), rendered(subject="\r\n"))


def test_a_name_that_is_the_address_is_not_repeated_as_display_name() -> None:
    parsed = parse(build(letter(to=(Correspondent("jane@acme.example", "jane@acme.example"),))))

    assert str(parsed["To"]) == "jane@acme.example"


def test_cleaned_header_text_is_decoded_and_on_one_line() -> None:
    assert clean_header_text("=?utf-8?q?Caf=C3=A9?=\r\n  ouvert") == "Café ouvert"
    assert clean_header_text("a\u202eb\u200bc") == "a b c"
    assert clean_header_text("Ω =?iso-8859-1?q?caf=E9?= 日本") == "Ω café 日本"
    assert clean_header_text(None) == ""


# Text of any kind, weighted towards what breaks headers: line ends, encoded words, specials.
_PIECES = [
    "\r",
    "\n",
    "\r\n",
    "=?",
    "?=",
    "=?utf-8?q?",
    "=0D=0A",
    '"',
    "\\",
    ",",
    ":",
    "<",
    "@",
    " ",
]
_HOSTILE = st.lists(
    st.one_of(st.text(st.characters(codec="utf-8"), max_size=8), st.sampled_from(_PIECES)),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(name=_HOSTILE, subject=_HOSTILE, company=_HOSTILE)
def test_arbitrary_text_never_changes_the_header_set(name: str, subject: str, company: str) -> None:
    the_letter = letter(
        template="follow_up",
        to=(Correspondent("jane@acme.example", name), BOB),
        company=company,
        thread_subject=subject,
    )
    direct = rendered(subject=f"Re: {subject} {company}", body=f"{company}\n")
    for the_rendered in (direct, TEMPLATES.render(the_letter)):
        parsed = parse(build(the_letter, the_rendered))

        assert list(parsed.keys()) == THREAD_HEADERS
        assert [a.addr_spec for a in parsed["To"].addresses] == [
            "jane@acme.example",
            "bob@acme.example",
        ]
        # Python 3.11 reads a space between two encoded words of a name; RFC 2047 readers do not.
        written = parsed["To"].addresses[0].display_name
        assert "".join(written.split()) == "".join(clean_header_text(name).split())
        assert str(parsed["Subject"]) == clean_header_text(the_rendered.subject)


def test_parsed_dates_keep_their_offset() -> None:
    utc = compose(letter(), rendered(), date=WHEN.astimezone(UTC), message_id=MESSAGE_ID)

    assert parse(utc)["Date"].datetime == WHEN
