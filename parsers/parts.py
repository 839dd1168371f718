"""A message's leaf MIME parts, found without decoding the parts nobody reads.

The standard library's parser walks every line of every part, base64
attachments included, and most of a job-mail message is its attachments.
Here a multipart body is cut at its boundary lines (RFC 2046) with one
bytes regex, each part's headers go through the standard header parser,
and a body is decoded only when asked for. Nesting and part counts are
capped: a message beyond them is hostile or broken, and its extra parts
are ignored.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any

MAX_DEPTH = 60
MAX_PARTS = 200
# The blank line ending a header block, whatever the line endings (CRLF, LF, or a lone CR).
# (A regex stops at the first; separate finds would each scan a CRLF message to its end.)
_HEAD_END = re.compile(rb"\n\r?\n|\r\n\r?\n|\r\r")
# A header line starts a field; a line starting with a blank continues the one before.
# A field: its name at a line start (no blank in it), a colon, and the value with its folded
# continuation lines; a line that is neither is dropped.
_FIELD = re.compile(r"^([^\s:]+)[ \t]*:[ \t]*(.*(?:\n[ \t].*)*)", re.MULTILINE)


def _header_text(block: bytes) -> str:
    """Header bytes as text: UTF-8 (RFC 6532) else Windows-1252, line endings made LF.

    Never surrogate escapes: a compat32 Message returns a Header object, not a
    string, for a value holding them, which breaks every reader downstream.
    """
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        text = block.decode("cp1252", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


class HeaderBlock(Message):
    """A compat32 Message holding only headers, looked up by name through an index.

    The standard Message finds a header by lower-casing and comparing every name
    in turn, and the parser asks for Content-Type and friends many times per part.
    The block is filled once by `parse_headers` and never changed after.
    """

    # Message's own list of (name, value) pairs, set by its __init__; typeshed omits it.
    _headers: list[tuple[str, str]]

    def __init__(self) -> None:
        super().__init__()
        self._index: dict[str, list[str]] = {}

    def add(self, name: str, value: str) -> None:
        """Append one header field (for `parse_headers`, while it fills the block)."""
        # Message keeps (name, value) pairs in _headers; compat32 stores strings as given.
        self._headers.append((name, value))
        self._index.setdefault(name.lower(), []).append(value)

    # Message.get, get_all and `in`, from the index; the values are the strings stored.
    def get(self, name: str, failobj: Any = None) -> Any:
        values = self._index.get(name.lower())
        return values[0] if values else failobj

    def get_all(self, name: str, failobj: Any = None) -> Any:
        return list(self._index.get(name.lower(), ())) or failobj

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._index

    def get_param(
        self, param: str, failobj: Any = None, header: str = "content-type", unquote: bool = True
    ) -> Any:
        """Message.get_param, read directly when the header is plain `type; name=value` text.

        The standard reader splits, unquotes and decodes RFC 2231 continuations for
        every lookup; boundaries and charsets are looked up for every part.
        """
        value = self.get(header)
        if value is None or not unquote or not _PLAIN_PARAMETERS.fullmatch(value):
            return super().get_param(param, failobj, header, unquote)
        wanted = param.lower()
        for name, quoted, bare in _PARAMETER.findall(value):
            if name.lower() == wanted:
                return quoted if quoted or not bare else bare
        return failobj


# `type/subtype; name=value; name="value"` without comments, escapes or RFC 2231 (name*=).
_NAME = r"[A-Za-z0-9!#$%&'^_`|~+.-]+"
_PARAMETER = re.compile(rf';\s*({_NAME})\s*=\s*(?:"([^"\\]*)"|([^\s;"\\]+))')
_PLAIN_PARAMETERS = re.compile(
    rf'[^;"\\()]*(?:;\s*{_NAME}\s*=\s*(?:"[^"\\]*"|[^\s;"\\()]+)\s*)*;?\s*'
)


def parse_headers(block: bytes, *, content_only: bool = False) -> HeaderBlock:
    """A header block as a standard Message (no body), as the compat32 parser would read it;
    with `content_only`, just the Content-* fields.

    The standard parser costs ~100 us a block through its line-by-line feed; this
    finds every field in one C-speed pass. A line without a colon is dropped.
    """
    message = HeaderBlock()
    for name, value in _FIELD.findall(_header_text(block)):
        # A MIME part's other headers (X-Attachment-Id...) decide nothing here.
        if not content_only or name[:8].lower() == "content-":
            message.add(name, value.strip())
    return message


@dataclass(frozen=True)
class Part:
    """One leaf part: its headers, and its body as it sits in the message (still encoded)."""

    headers: Message
    body: bytes
    # The media type, lower case (text/plain when none is given), read once from the headers.
    content_type: str

    @property
    def filename(self) -> str | None:
        """The attachment file name, if any."""
        try:
            return self.headers.get_filename()
        except (ValueError, LookupError, TypeError):
            return None

    @property
    def is_attachment(self) -> bool:
        """Whether the part asks to be shown as an attachment."""
        return (
            str(self.headers.get("Content-Disposition", ""))
            .strip()
            .lower()
            .startswith("attachment")
        )

    def decoded(self) -> bytes:
        """The body with its transfer encoding undone, as far as it can be."""
        encoding = str(self.headers.get("Content-Transfer-Encoding", "")).strip().lower()
        try:
            if encoding == "base64":
                return binascii.a2b_base64(_base64_only(self.body))
            if encoding == "quoted-printable":
                return binascii.a2b_qp(self.body)
        except (binascii.Error, ValueError):
            return b""
        return self.body


_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]")


def _base64_only(body: bytes) -> bytes:
    # Lenient like mail clients: drop stray characters, pad a truncated final group.
    data = _NOT_BASE64.sub(b"", body)
    data = data[: len(data) - len(data) % 4] if len(data) % 4 == 1 else data
    return data + b"=" * (-len(data) % 4)


def split_head(raw: bytes) -> tuple[bytes, bytes]:
    """Header block and body of an entity; all header when there is no blank line."""
    if raw.startswith((b"\r\n", b"\n", b"\r")):  # no headers at all: the body starts at once
        return b"", raw[2 if raw.startswith(b"\r\n") else 1 :]
    match = _HEAD_END.search(raw)
    return (raw[: match.start()], raw[match.end() :]) if match else (raw, b"")


def leaf_parts(raw: bytes, headers: Message | None = None) -> list[Part]:
    """The leaf parts of a message, in order, at most MAX_PARTS of them.

    `headers` are the message's own, if already parsed: they are not parsed again.
    """
    parts: list[Part] = []
    for part in _walk(raw, 0, headers):
        parts.append(part)
        if len(parts) >= MAX_PARTS:
            break
    return parts


def _walk(raw: bytes, depth: int, known: Message | None = None) -> Iterator[Part]:
    head, body = split_head(raw)
    # The top level keeps every header; a nested part only its Content-* fields.
    headers = known if known is not None else parse_headers(head, content_only=depth > 0)
    content_type = headers.get_content_type()
    boundary = headers.get_boundary() if content_type.startswith("multipart/") else None
    if not boundary or depth >= MAX_DEPTH:
        yield Part(headers, body, content_type)
        return
    for chunk in _chunks(body, boundary.encode("utf-8", "replace")):
        yield from _walk(chunk, depth + 1)


def _chunks(body: bytes, boundary: bytes) -> Iterator[bytes]:
    """The entities between a multipart body's delimiter lines (preamble and epilogue dropped)."""
    marker = b"--" + boundary
    start: int | None = None
    position = body.find(marker)
    while position != -1:
        after = position + len(marker)
        closing = body.startswith(b"--", after)
        if _is_delimiter_line(body, position, after + 2 if closing else after):
            if start is not None:
                yield _after_line_end(body[start : _line_start(body, position)])
            if closing:
                return
            start = after
        position = body.find(marker, after)
    if start is not None:  # no closing delimiter: the last part runs to the end
        yield _after_line_end(body[start:])


def _is_delimiter_line(body: bytes, position: int, end: int) -> bool:
    """Whether the marker at `position` starts a line and only blanks follow it on that line."""
    if position and body[position - 1 : position] != b"\n":
        return False
    line_end = body.find(b"\n", end)
    rest = body[end : line_end if line_end != -1 else len(body)]
    return not rest.strip(b" \t\r")


def _line_start(body: bytes, position: int) -> int:
    """The delimiter's line ending belongs to the delimiter: the part ends before it."""
    if body[position - 2 : position] == b"\r\n":
        return position - 2
    return position - 1 if position else position


def _after_line_end(chunk: bytes) -> bytes:
    """The entity after the delimiter line's own line ending."""
    return (
        chunk[2:] if chunk.startswith(b"\r\n") else chunk[1:] if chunk.startswith(b"\n") else chunk
    )
