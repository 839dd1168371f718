"""Delivery-status notifications: failed and delayed recipients, the returned mail, and non-bounces."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.parsers import bounce
from afterview.parsers.bounce import read_bounce

TUNE = Path(__file__).resolve().parents[1] / "corpus" / "tune"
# Bounded and reproducible: the same examples on every machine, no database in the repo.
BOUNDED = settings(max_examples=200, deadline=None, derandomize=True, database=None)
ME = "alex.morgan@example.net"


def kind_of(eml: Path) -> str:
    found = re.search(r"^kind: (\w+)", eml.with_suffix(".yaml").read_text(encoding="utf-8"), re.M)
    return found.group(1) if found else ""


TUNE_MAIL = sorted(TUNE.glob("*/*.eml"))
TUNE_BOUNCES = [eml for eml in TUNE_MAIL if kind_of(eml) == "bounce"]
TUNE_OTHERS = [eml for eml in TUNE_MAIL if kind_of(eml) != "bounce"]


def corpus_id(eml: Path) -> str:
    return f"{eml.parent.name}/{eml.stem}"


def expected_failure(eml: Path) -> str:
    """The sidecar note's "failed: <address>"."""
    note = eml.with_suffix(".yaml").read_text(encoding="utf-8")
    found = re.search(r"failed: (\S+@\S+?)\.?\s", note)
    assert found, f"{eml}: the sidecar names no failed recipient"
    return found.group(1).lower()


# The candidate's thank-you note, as a notice returns it.
RETURNED = (
    "Message-ID: <thanks-1@example.net>\r\n"
    f"From: Alex Morgan <{ME}>\r\n"
    "To: Jane Doe <Jane.Doe@Acme.example>\r\n"
    "Cc: sam@acme.example\r\n"
    "Subject: =?utf-8?q?Merci_pour_l=E2=80=99entrevue?=\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Hi Jane, thank you for your time today.\r\n"
)


def recipient_block(address: str, action: str, status: str) -> str:
    return (
        f"Final-Recipient: rfc822; {address}\r\n"
        f"Action: {action}\r\n"
        f"Status: {status}\r\n"
        f"Diagnostic-Code: smtp; 550 {status} mailbox unavailable\r\n"
    )


def dsn(
    *blocks: str,
    returned: str | None = RETURNED,
    returned_type: str = "message/rfc822",
    sender: str = "MAILER-DAEMON@mx.example.net",
    outer_type: str = "multipart/report; report-type=delivery-status",
    extra_headers: str = "",
) -> bytes:
    """An RFC 3464 notice: text, a delivery-status part with `blocks`, and the returned mail."""
    parts = [
        "Content-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n",
        "Content-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.net\r\n\r\n" + "\r\n".join(blocks),
    ]
    if returned is not None:
        parts.append(f"Content-Type: {returned_type}\r\n\r\n{returned}")
    body = "".join(f"--B\r\n{part}\r\n" for part in parts) + "--B--\r\n"
    head = (
        f"From: Mail Delivery System <{sender}>\r\n"
        f"To: {ME}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"{extra_headers}"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: {outer_type}; boundary="B"\r\n'
        "\r\n"
    )
    return (head + body).encode()


# Exim's plain-text bounce: no report part; the failure is in a header and the mail is pasted in.
EXIM_PLAIN = (
    "From: Mail Delivery System <Mailer-Daemon@mail.example.org>\r\n"
    f"To: {ME}\r\n"
    "Subject: Mail delivery failed: returning message to sender\r\n"
    "X-Failed-Recipients: Wes@TidewaterFoods.example\r\n"
    "Auto-Submitted: auto-replied\r\n"
    "\r\n"
    "This message was created automatically by mail delivery software.\r\n"
    "\r\n"
    "A message that you sent could not be delivered to one or more of its\r\n"
    "recipients. This is a permanent error. The following address(es) failed:\r\n"
    "\r\n"
    "  wes@tidewaterfoods.example\r\n"
    "    Unrouteable address\r\n"
    "\r\n"
    "------ This is a copy of the message, including all the headers. ------\r\n"
    "\r\n"
    f"Return-path: <{ME}>\r\n"
    "Message-ID: <panel-2@example.net>\r\n"
    "To: wes@tidewaterfoods.example, lina@tidewaterfoods.example\r\n"
    "Subject: Thanks from Alex\r\n"
    "\r\n"
    "Thank you both for the panel.\r\n"
).encode()


@pytest.mark.parametrize("eml", TUNE_BOUNCES, ids=corpus_id)
def test_every_tune_bounce_names_its_failed_recipient(eml: Path) -> None:
    found = read_bounce(eml.read_bytes())
    assert found is not None
    assert expected_failure(eml) in found.failed


@pytest.mark.parametrize("eml", TUNE_BOUNCES, ids=corpus_id)
def test_every_tune_bounce_identifies_the_returned_mail(eml: Path) -> None:
    found = read_bounce(eml.read_bytes())
    assert found is not None
    assert found.original_subject
    assert found.original_message_id
    assert re.fullmatch(r"<[^<>\s]+@[^<>\s]+>", found.original_message_id)
    assert found.original_to


@pytest.mark.parametrize("eml", TUNE_OTHERS, ids=corpus_id)
def test_tune_mail_that_is_not_a_bounce_gives_none(eml: Path) -> None:
    assert read_bounce(eml.read_bytes()) is None


def test_the_corpus_has_bounces_and_other_mail_to_test_against() -> None:
    assert len(TUNE_BOUNCES) >= 10
    assert len(TUNE_OTHERS) >= 100


def test_a_dsn_gives_the_failed_recipient_and_the_returned_mail() -> None:
    found = read_bounce(dsn(recipient_block("jane.doe@acme.example", "failed", "5.1.1")))
    assert found is not None
    assert found.failed == ("jane.doe@acme.example",)
    assert found.delayed == ()
    assert found.original_subject == "Merci pour l\u2019entrevue"
    assert found.original_message_id == "<thanks-1@example.net>"
    assert found.original_to == ("jane.doe@acme.example", "sam@acme.example")


def test_failed_addresses_are_lower_case_sorted_and_listed_once() -> None:
    found = read_bounce(
        dsn(
            recipient_block("Sam@Acme.example", "failed", "5.1.1"),
            recipient_block("Jane.Doe@ACME.example", "failed", "5.2.2"),
            recipient_block("sam@acme.example", "failed", "5.1.1"),
        )
    )
    assert found is not None
    assert found.failed == ("jane.doe@acme.example", "sam@acme.example")


def test_a_delayed_only_dsn_lists_the_recipient_as_delayed_not_failed() -> None:
    found = read_bounce(dsn(recipient_block("jane.doe@acme.example", "delayed", "4.4.7")))
    assert found is not None
    assert (found.failed, found.delayed) == ((), ("jane.doe@acme.example",))
    assert found.original_message_id == "<thanks-1@example.net>"


def test_one_recipient_failed_and_another_delayed_are_told_apart() -> None:
    found = read_bounce(
        dsn(
            recipient_block("jane.doe@acme.example", "failed", "5.1.1"),
            recipient_block("sam@acme.example", "delayed", "4.4.1"),
        )
    )
    assert found is not None
    assert (found.failed, found.delayed) == (("jane.doe@acme.example",), ("sam@acme.example",))


def test_a_dsn_without_the_returned_mail_takes_the_id_it_replies_to() -> None:
    raw = dsn(
        recipient_block("jane.doe@acme.example", "failed", "5.1.1"),
        returned=None,
        extra_headers="In-Reply-To: <thanks-1@example.net>\r\n",
    )
    found = read_bounce(raw)
    assert found is not None
    assert found.failed == ("jane.doe@acme.example",)
    assert (found.original_subject, found.original_to) == (None, ())
    assert found.original_message_id == "<thanks-1@example.net>"


def test_without_in_reply_to_the_last_reference_is_the_returned_mail() -> None:
    raw = dsn(
        recipient_block("jane.doe@acme.example", "failed", "5.1.1"),
        returned=None,
        extra_headers="References: <earlier@acme.example> <thanks-1@example.net>\r\n",
    )
    found = read_bounce(raw)
    assert found is not None
    assert found.original_message_id == "<thanks-1@example.net>"


def test_a_dsn_returning_nothing_and_replying_to_nothing_has_no_original() -> None:
    found = read_bounce(
        dsn(recipient_block("jane.doe@acme.example", "failed", "5.1.1"), returned=None)
    )
    assert found is not None
    assert (found.original_subject, found.original_message_id, found.original_to) == (
        None,
        None,
        (),
    )


def test_a_headers_only_return_gives_the_subject_id_and_recipients() -> None:
    headers = RETURNED.split("\r\n\r\n", 1)[0] + "\r\n"
    raw = dsn(
        recipient_block("jane.doe@acme.example", "failed", "5.1.1"),
        returned=headers,
        returned_type="text/rfc822-headers",
    )
    found = read_bounce(raw)
    assert found is not None
    assert found.original_subject == "Merci pour l\u2019entrevue"
    assert found.original_message_id == "<thanks-1@example.net>"
    assert found.original_to == ("jane.doe@acme.example", "sam@acme.example")


def test_a_plain_text_exim_bounce_gives_the_failed_recipient_and_the_pasted_mail() -> None:
    found = read_bounce(EXIM_PLAIN)
    assert found is not None
    assert found.failed == ("wes@tidewaterfoods.example",)
    assert found.original_subject == "Thanks from Alex"
    assert found.original_message_id == "<panel-2@example.net>"
    assert found.original_to == ("wes@tidewaterfoods.example", "lina@tidewaterfoods.example")


@pytest.mark.parametrize(
    "sender",
    [
        "MAILER-DAEMON@mx.example.net",
        "postmaster@acme.example",
        "MicrosoftExchange329e71ec@acme.example",
    ],
)
def test_a_mailer_sender_is_read_even_without_the_report_media_type(sender: str) -> None:
    raw = dsn(
        recipient_block("jane.doe@acme.example", "failed", "5.1.1"),
        sender=sender,
        outer_type="multipart/mixed",
    )
    found = read_bounce(raw)
    assert found is not None
    assert found.failed == ("jane.doe@acme.example",)


def test_a_delivery_receipt_is_not_a_bounce() -> None:
    assert read_bounce(dsn(recipient_block("jane.doe@acme.example", "delivered", "2.0.0"))) is None


def test_a_read_receipt_from_a_person_is_not_a_bounce() -> None:
    raw = (
        "From: Jane Doe <jane.doe@acme.example>\r\n"
        f"To: {ME}\r\n"
        "Subject: Read: Thank you\r\n"
        'Content-Type: multipart/report; report-type=disposition-notification; boundary="B"\r\n'
        "\r\n--B\r\nContent-Type: text/plain\r\n\r\nYour message was read.\r\n"
        "--B\r\nContent-Type: message/disposition-notification\r\n\r\n"
        "Final-Recipient: rfc822; jane.doe@acme.example\r\n"
        "Disposition: manual-action/MDN-sent-manually; displayed\r\n--B--\r\n"
    ).encode()
    assert read_bounce(raw) is None


def test_a_person_writing_about_a_failed_delivery_is_not_a_bounce() -> None:
    raw = (
        "From: Sam Lee <sam@acme.example>\r\n"
        f"To: {ME}\r\n"
        "Subject: Fwd: Mail delivery failed\r\n"
        "\r\n"
        "Your note to Jane bounced: the following address failed:\r\n"
        "  jane@acme.example\r\n"
    ).encode()
    assert read_bounce(raw) is None


def test_a_mailer_notice_that_returns_nothing_and_names_no_one_is_not_a_bounce() -> None:
    raw = (
        "From: postmaster@acme.example\r\n"
        f"To: {ME}\r\n"
        "Subject: Your mailbox is almost full\r\n"
        "\r\n"
        "You have used 95% of your quota.\r\n"
    ).encode()
    assert read_bounce(raw) is None


def test_a_large_returned_attachment_neither_hides_the_failure_nor_the_subject() -> None:
    resume = base64.encodebytes(bytes(range(256)) * 2048).decode()  # 512 KiB, encoded
    returned = (
        "Message-ID: <application-9@example.net>\r\n"
        "To: jobs@acme.example\r\n"
        "Subject: Application - Data Engineer\r\n"
        'Content-Type: multipart/mixed; boundary="R"\r\n\r\n'
        "--R\r\nContent-Type: text/plain\r\n\r\nPlease find my resume attached.\r\n"
        "--R\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{resume}--R--\r\n"
    )
    found = read_bounce(
        dsn(recipient_block("jobs@acme.example", "failed", "5.2.2"), returned=returned)
    )
    assert found is not None
    assert found.failed == ("jobs@acme.example",)
    assert found.original_subject == "Application - Data Engineer"
    assert found.original_message_id == "<application-9@example.net>"


def test_a_detector_that_raises_degrades_to_no_recipients(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_: object) -> None:
        raise IndexError("a heuristic detector tripped")

    monkeypatch.setattr(bounce, "all_failures", broken)
    # A plain-text notice: no RFC 3464 report names the recipient, the heuristics must.
    found = read_bounce(EXIM_PLAIN)
    assert found is not None
    assert (found.failed, found.delayed) == ((), ())
    assert found.original_message_id == "<panel-2@example.net>"


def test_a_dsn_report_is_read_without_the_heuristic_detectors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unused(_: object) -> None:
        raise AssertionError("the report names the recipient: no heuristics needed")

    monkeypatch.setattr(bounce, "all_failures", unused)
    found = read_bounce(dsn(recipient_block("Jane.Doe@acme.example", "failed", "5.1.1")))
    assert found is not None
    assert found.failed == ("jane.doe@acme.example",)


WELL_FORMED = dsn(recipient_block("jane.doe@acme.example", "failed", "5.1.1"))


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\r\n\r\n",
        b"\x00\xff" * 500,
        b"From: MAILER-DAEMON@mx.example.net\r\n",
        b"From: MAILER-DAEMON@mx.example.net\r\nContent-Type: multipart/report\r\n\r\n--",
        WELL_FORMED[: len(WELL_FORMED) // 2],
        WELL_FORMED.replace(b'boundary="B"', b'boundary="'),
        WELL_FORMED.replace(b"Final-Recipient: rfc822; ", b"Final-Recipient: \xff\xfe; <"),
        WELL_FORMED.replace(b"message/rfc822", b"message/rfc822; charset=\xff"),
    ],
    ids=[
        "empty",
        "blank-lines",
        "binary",
        "headers-only",
        "cut-after-boundary",
        "cut-in-half",
        "unterminated-boundary",
        "binary-recipient",
        "binary-parameter",
    ],
)
def test_garbage_never_raises(raw: bytes) -> None:
    found = read_bounce(raw)
    assert found is None or all(isinstance(a, str) for a in (*found.failed, *found.delayed))


@BOUNDED
@given(st.integers(min_value=0, max_value=len(WELL_FORMED)), st.binary(max_size=64))
def test_bytes_spliced_into_a_dsn_never_raise(position: int, noise: bytes) -> None:
    read_bounce(WELL_FORMED[:position] + noise + WELL_FORMED[position:])
