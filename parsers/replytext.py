"""A reply's own text as its writer saw it, quotes written as `> ` lines.

Mail clients quote in different ways: `> ` lines in text/plain, format=flowed soft
breaks (RFC 3676), or HTML blockquotes with no text part at all. This turns each
into the same plain lines, so that one reader finds what the writer added.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from afterview.parsers.mime import Mail, decode_bytes, html_to_text
from afterview.parsers.parts import Part, leaf_parts

_FLOWED_QUOTE = re.compile(r"^>+")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd div dl dt figure footer form h1 h2 h3 h4 h5 h6"
    " header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
_HIDDEN_TAGS = frozenset({"head", "script", "style", "title", "template", "noscript"})
# Beyond this many tags, walking the tree costs too much: the parser's flat text will do.
_MAX_TAGS = 20_000


def reply_text(mail: Mail) -> str:
    """The reply's text: its text/plain part (format=flowed undone), else its HTML as text
    with quoted blocks written as `> ` lines, so that one reader serves both."""
    parts = [part for part in leaf_parts(mail.raw, mail.headers) if not part.is_attachment]
    for part in parts:
        if part.content_type == "text/plain" and (text := _decoded(part)).strip():
            return _unflowed(text, part) if _param(part, "format") == "flowed" else text
    for part in parts:
        if part.content_type == "text/html" and (html := _decoded(part)).strip():
            return _html_text(html)
    return ""


def _decoded(part: Part) -> str:
    text = decode_bytes(part.decoded(), part.headers.get_content_charset())
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _param(part: Part, name: str) -> str:
    return str(part.headers.get_param(name, "", header="content-type")).strip().lower()


def _unflowed(text: str, part: Part) -> str:
    """format=flowed (RFC 3676) as the lines the user saw: soft breaks joined, quotes kept."""
    delete_space = _param(part, "delsp") == "yes"
    joined: list[tuple[str, str, bool]] = []  # (quote, text, ends with a soft break)
    for line in text.split("\n"):
        quote = found[0] if (found := _FLOWED_QUOTE.match(line)) else ""
        content = line[len(quote) :]
        content = content[1:] if content.startswith(" ") else content  # space-stuffing
        soft = content.endswith(" ") and content != "-- "
        if soft and delete_space:
            content = content[:-1]
        if joined and joined[-1][2] and joined[-1][0] == quote:
            content = joined.pop()[1] + content
        joined.append((quote, content, soft))
    return "\n".join(f"{quote} {content}" if quote else content for quote, content, _ in joined)


def _html_text(html: str) -> str:
    """An HTML body as lines of text, each block on its own line, blockquotes as `> ` lines."""
    if html.count("<") > _MAX_TAGS:
        return html_to_text(html)
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    layout = _Layout()
    pending: list[tuple[LexborNode, bool]] = [(root, True)]
    while pending:
        node, entering = pending.pop()
        tag = node.tag or ""
        if not entering:
            layout.close(tag)
        elif tag == "-text":
            layout.write(node.text_content or "")
        elif tag == "br":
            layout.end_line()
        elif tag not in _HIDDEN_TAGS and not tag.startswith(("-", "_", "!")):
            layout.open(tag)
            pending.append((node, False))
            pending.extend((child, True) for child in reversed(list(node.iter(include_text=True))))
    layout.close("")
    return "\n".join(layout.lines)


class _Layout:
    """Text laid out line by line as a browser shows it, with the blockquote depth of each."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._line = ""
        self._depth = 0

    def write(self, text: str) -> None:
        # Runs of HTML white space show as one space; a non-breaking space is text.
        self._line += re.sub(r"[ \t\r\n\f]+", " ", text)

    def end_line(self) -> None:
        text = self._line.replace("\u00a0", " ").strip()
        self.lines.append(f"{'> ' * self._depth}{text}".rstrip())
        self._line = ""

    def open(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._end_block()
        self._depth += tag == "blockquote"

    def close(self, tag: str) -> None:
        if tag in _BLOCK_TAGS or not tag:
            self._end_block()
        self._depth -= tag == "blockquote"

    def _end_block(self) -> None:
        """A block ends the line it is on, unless nothing was written there."""
        if self._line.strip(" "):
            self.end_line()
