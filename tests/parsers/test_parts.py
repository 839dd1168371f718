"""MIME parts found by boundary lines, checked against the standard library; header blocks."""

from __future__ import annotations

import email
from email.message import Message
from pathlib import Path

import pytest

from afterview.parsers.parts import leaf_parts, parse_headers, split_head

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def stdlib_leaves(raw: bytes) -> list[Message]:
    """Leaves as the splitter defines them: message/* parts (a bounce's returned mail) are leaves."""

    def walk(part: Message) -> list[Message]:
        if part.get_content_maintype() != "multipart" or not part.is_multipart():
            return [part]
        return [leaf for child in part.get_payload() for leaf in walk(child)]

    return walk(email.message_from_bytes(raw))


@pytest.mark.parametrize(
    "path", sorted(CORPUS.glob("tune/*/*.eml")), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_corpus_parts_and_payloads_agree_with_the_standard_library(path: Path) -> None:
    raw = path.read_bytes()
    ours, theirs = leaf_parts(raw), stdlib_leaves(raw)
    assert [p.content_type for p in ours] == [p.get_content_type() for p in theirs]
    for mine, reference in zip(ours, theirs, strict=True):
        if reference.get_content_maintype() == "message":
            continue
        expected = reference.get_payload(decode=True)
        assert mine.decoded().rstrip(b"\r\n") == (expected or b"").rstrip(b"\r\n")


def test_a_part_without_headers_keeps_its_body() -> None:
    raw = b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n\r\nBody text\r\n--b--\r\n'
    (part,) = leaf_parts(raw)
    assert (part.content_type, part.decoded()) == ("text/plain", b"Body text")


def test_a_missing_closing_delimiter_runs_the_last_part_to_the_end() -> None:
    raw = b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>cut'
    (part,) = leaf_parts(raw)
    assert (part.content_type, part.decoded()) == ("text/html", b"<p>cut")


def test_a_boundary_inside_a_line_is_not_a_delimiter() -> None:
    raw = b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n\r\nsee --b here\r\n--b--\r\n'
    assert leaf_parts(raw)[0].decoded() == b"see --b here"


def test_base64_missing_its_padding_or_with_stray_characters_still_decodes() -> None:
    raw = b"Content-Transfer-Encoding: base64\r\n\r\nSGVsbG8g*d29y\r\nbGQ"
    assert leaf_parts(raw)[0].decoded() == b"Hello world"


def test_headers_unfold_and_keep_parameters() -> None:
    headers = parse_headers(
        b'Content-Type: multipart/alternative;\r\n\tboundary="x y"\r\nno colon here\r\nSubject: a'
    )
    assert headers.get_boundary() == "x y"
    assert headers["Subject"] == "a"
    assert len(headers) == 2


def test_a_message_without_a_blank_line_is_all_header() -> None:
    assert split_head(b"Subject: x\r\nFrom: y") == (b"Subject: x\r\nFrom: y", b"")


def test_a_header_block_finds_fields_by_any_case_and_keeps_repeats() -> None:
    headers = parse_headers(b"Received: a\r\nreceived: b\r\nContent-Type: text/plain")
    assert headers.get("RECEIVED") == "a"
    assert headers.get_all("Received") == ["a", "b"]
    assert "content-type" in headers
    assert "X-Missing" not in headers
    assert headers.get("X-Missing", "none") == "none"
    assert headers.get_all("X-Missing") is None
    assert headers.get_content_type() == "text/plain"


def test_the_header_end_is_the_first_blank_line_whatever_the_line_endings() -> None:
    assert split_head(b"A: 1\r\nB: 2\r\n\r\nbody\n\nmore") == (b"A: 1\r\nB: 2", b"body\n\nmore")
    assert split_head(b"A: 1\r\n\nbody") == (b"A: 1", b"body")
    assert split_head(b"A: 1\n\r\nbody") == (b"A: 1", b"body")
    assert split_head(b"A: 1\rB: 2\r\rbody") == (b"A: 1\rB: 2", b"body")


@pytest.mark.parametrize(
    "value",
    [
        'multipart/alternative; boundary="_000_b7e0f7bc80388c3e"',
        'text/plain; charset="UTF-8"; format=flowed; delsp=yes',
        'multipart/mixed;\r\n boundary=abc ;charset = "a b"',
        "text/plain; charset*=utf-8''x%20y",  # RFC 2231: the standard reader decodes it
        'text/plain; charset="a\\"b"; name=(comment) x',
        "text/html",
    ],
)
def test_header_parameters_read_as_the_standard_message_reads_them(value: str) -> None:
    block = parse_headers(f"Content-Type: {value}".encode())
    standard = Message()
    standard["Content-Type"] = block["Content-Type"]
    for name in ("boundary", "charset", "format", "name", "missing"):
        assert block.get_param(name) == standard.get_param(name)
    assert block.get_boundary() == standard.get_boundary()
    assert block.get_content_charset() == standard.get_content_charset()
