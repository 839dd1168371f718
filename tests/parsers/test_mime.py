"""Reading raw mail: headers, charsets, HTML, links, calendars, and broken input that must not raise."""

from __future__ import annotations

import email.utils

import pytest

from afterview.parsers.facts import Person
from afterview.parsers.mime import (
    Mail,
    decode_bytes,
    decode_header,
    first_message_id,
    html_links,
    html_to_text,
    message_ids,
    parse_addresses,
)


def mail(headers: str, body: bytes = b"Hello") -> Mail:
    return Mail(headers.replace("\n", "\r\n").encode() + b"\r\n" + body)


def test_encoded_word_headers_are_decoded() -> None:
    m = mail("Subject: =?utf-8?q?Entrevue_pour_le_poste_d=E2=80=99analyste?=\nFrom: x@y.example\n")
    assert m.subject == "Entrevue pour le poste d\u2019analyste"


def test_the_space_after_an_encoded_word_is_kept() -> None:
    m = mail("Subject: Analyste de =?utf-8?q?donn=C3=A9es,?=\n Quarry Labs\nFrom: x@y.example\n")
    assert m.subject == "Analyste de données, Quarry Labs"


def test_unknown_charset_in_a_header_falls_back_instead_of_raising() -> None:
    assert decode_header("=?x-unknown?q?caf=E9?=") == "café"


@pytest.mark.parametrize(
    ("data", "charset", "text"),
    [
        ("café".encode(), "utf-8", "café"),
        ("café".encode("latin-1"), "utf-8", "café"),  # mislabelled: falls back to cp1252
        ("été".encode("latin-1"), "iso-8859-1", "été"),
        ("naïve".encode(), "no-such-charset", "naïve"),
        (b"\x81\xff", None, "\ufffdÿ"),
    ],
)
def test_bytes_decode_with_fallbacks(data: bytes, charset: str | None, text: str) -> None:
    assert decode_bytes(data, charset) == text


def test_sender_and_recipients_are_parsed_and_lowercased() -> None:
    m = mail(
        'From: "Acme via Workable" <NoReply@WorkableMail.com>\nTo: Alex <alex@example.net>, b@c.example\n'
    )
    assert m.sender == Person("Acme via Workable", "noreply@workablemail.com")
    assert [p.email for p in m.addresses("To", "Cc")] == ["alex@example.net", "b@c.example"]


def test_plain_text_is_preferred_over_html() -> None:
    body = (
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain version of the message, long enough.\r\n"
        b"--b\r\nContent-Type: text/html\r\n\r\n<p>HTML version</p>\r\n--b--\r\n"
    )
    m = mail('Content-Type: multipart/alternative; boundary="b"\n', body)
    assert m.text == "Plain version of the message, long enough."


def test_html_only_mail_is_converted_to_visible_text_and_links() -> None:
    html = (
        b"<html><head><style>p{color:red}</style></head><body><p>Hi Alex,</p>"
        b'<p>Please <a href="https://calendly.com/acme/30min">pick a time</a>.</p>'
        b"<script>track()</script></body></html>"
    )
    m = mail("Content-Type: text/html; charset=utf-8\n", html)
    assert m.text == "Hi Alex,\nPlease pick a time."
    assert m.links == ["https://calendly.com/acme/30min"]


def test_html_to_text_drops_head_and_reads_source_line_breaks_as_spaces() -> None:
    assert html_to_text("<title>T</title><div>a</div>\n\n\n<div>b&nbsp;\n c</div>") == "a\nb c"


def test_html_blank_lines_are_empty_blocks_and_double_breaks() -> None:
    html = (
        "<p>Hi Alex,</p><p>&nbsp;</p><p>One<br>two<br><br>three</p><div><br></div><div>Jess</div>"
    )
    assert html_to_text(html) == "Hi Alex,\n\nOne\ntwo\n\nthree\n\nJess"


def test_html_inline_elements_stay_in_their_sentence_and_mailto_keeps_its_address() -> None:
    html = (
        '<p>You will <b>meet</b> <a href="mailto:jane.doe@acme.example?subject=Hi">Jane Doe</a>'
        ' and <a href="mailto:sam@acme.example">sam@acme.example</a>.</p>'
    )
    assert html_to_text(html) == (
        "You will meet Jane Doe <jane.doe@acme.example> and sam@acme.example."
    )


def test_html_table_cells_share_their_row_line() -> None:
    html = (
        "<table><tr><td>Jane Doe</td><td>Staff Engineer</td></tr><tr><td>Sam Lee</td></tr></table>"
    )
    assert html_to_text(html) == "Jane Doe | Staff Engineer\nSam Lee"


def test_calendar_parts_and_ics_attachments_are_found() -> None:
    body = (
        b"--b\r\nContent-Type: text/plain\r\n\r\nInvitation\r\n"
        b"--b\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
        b"--b\r\nContent-Type: application/octet-stream; name=invite.ics\r\n"
        b"Content-Disposition: attachment; filename=invite.ics\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"QkVHSU46VkNBTEVOREFSDQpFTkQ6VkNBTEVOREFSDQo=\r\n--b--\r\n"
    )
    m = mail('Content-Type: multipart/mixed; boundary="b"\n', body)
    assert len(m.calendars) == 2
    assert all(c.startswith("BEGIN:VCALENDAR") for c in m.calendars)
    assert m.attachment_names == ["invite.ics"]
    assert m.text == "Invitation"


def test_links_in_plain_text_lose_trailing_punctuation() -> None:
    m = mail(
        "Content-Type: text/plain\n",
        b"Join at https://acme.zoom.us/j/812345678. Or https://meet.google.com/abc-defg-hij, ok",
    )
    assert m.links == ["https://acme.zoom.us/j/812345678", "https://meet.google.com/abc-defg-hij"]


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff\xfe garbage",
        b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\ncut off",
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64",
        b"Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n=",
        b"Subject: =?utf-8?b?broken?=\r\nFrom: <<<>>>\r\n\r\nbody",
    ],
)
def test_broken_mail_degrades_without_raising(raw: bytes) -> None:
    m = Mail(raw)
    assert isinstance(m.subject + m.text + "".join(m.links) + "".join(m.calendars), str)
    assert isinstance(m.sender, Person)


def test_deep_multipart_nesting_is_read_without_recursion_errors() -> None:
    depth = 50
    opening = b"".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'.encode()
        for i in range(depth)
    )
    closing = b"".join(f"\r\n--b{i}--\r\n".encode() for i in reversed(range(depth)))
    m = Mail(opening + b"Content-Type: text/plain\r\n\r\nDeep inside" + closing)
    assert "Deep inside" in m.text


@pytest.mark.parametrize(
    "value",
    [
        "Jane Doe <jane@acme.com>",
        "jane@acme.com",
        '"Doe, Jane" <jane@acme.com>, sam@acme.com',
        "=?utf-8?q?Val=C3=A9rie_Dion?= <valerie@hydro.ca>",
        "jane@acme.com (Jane Doe)",
        "Alex <a@example.net>, Sam Lee <sam@acme.com>",
        "undisclosed-recipients:;",
        "Team: a@acme.com, b@acme.com;",
        "",
    ],
)
def test_address_headers_read_as_the_standard_library_reads_them(value: str) -> None:
    assert parse_addresses(value) == email.utils.getaddresses([value])


def test_a_directory_name_with_an_unquoted_comma_is_still_one_sender() -> None:
    raw = b"From: Tremblay, =?utf-8?q?Genevi=C3=A8ve?= <G.Tremblay@acme.ca>\r\n\r\nBonjour"
    assert Mail(raw).sender == Person("Geneviève Tremblay", "g.tremblay@acme.ca")


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ("<a.1@acme.example>", ["<a.1@acme.example>"]),
        # References folded over lines; In-Reply-To with a comment, as old clients write it.
        ("<a@acme.example>\r\n <b@acme.example>", ["<a@acme.example>", "<b@acme.example>"]),
        ("<a@acme.example> (Jane Doe's message of Tue)", ["<a@acme.example>"]),
        ("no id at all", []),
        (None, []),
    ],
)
def test_message_ids_are_read_as_written_in_order(value: str | None, ids: list[str]) -> None:
    assert message_ids(value) == ids
    assert first_message_id(value) == (ids[0] if ids else None)


def test_image_alt_texts_are_read_unescaped_in_order_once_each() -> None:
    html = (
        '<p><img src="logo.png" alt="Marlowe &amp; Finch"> <IMG ALT=\'Marlowe &amp; Finch\'>'
        '<img src="x.gif" alt=""> <img alt="Facebook" src="f.png"></p>'
    )
    m = mail(
        "From: a@b.example\nContent-Type: text/html; charset=utf-8\n",
        html.encode(),
    )
    assert m.image_names == ["Marlowe & Finch", "Facebook"]
    assert mail("From: a@b.example\n").image_names == []


def test_html_links_come_in_order_with_entities_undone() -> None:
    html = (
        '<p><a class="btn" href="https://acme.zoom.us/j/123?pwd=a&amp;b=1">Join</a>'
        "<a href='https://calendly.com/jane/30min'>Book</a> <a name=\"top\">x</a>"
        '<A HREF="mailto:jane@acme.example">Jane</A></p>'
    )
    assert html_links(html) == [
        "https://acme.zoom.us/j/123?pwd=a&b=1",
        "https://calendly.com/jane/30min",
        "mailto:jane@acme.example",
    ]
