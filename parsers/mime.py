"""Raw message bytes to the parts a classifier reads: decoded headers, text, links, calendars.

Fast and forgiving. Headers come from the compat32 parser (an order of magnitude
faster than policy.default) and are decoded by hand; bodies are decoded only
when asked for, so mail settled by its headers alone costs little. Broken
charsets, encodings and MIME structure degrade to replacement characters,
never to an exception.
"""

from __future__ import annotations

import email.errors
import email.header
import email.utils
import re
from email.message import Message
from functools import cached_property
from html import unescape

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from afterview.parsers.facts import Person, written_name
from afterview.parsers.parts import Part, leaf_parts, parse_headers, split_head

_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.I)
_BLANK_RUNS = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")
# Runs of blanks other than one plain space: a lone space, the common case, is left as is.
_SPACE_RUNS = re.compile(r"(?: [ \t\u00a0]|[\t\u00a0])[ \t\u00a0]*")
# A line break inside a sentence: after a long line (mail is hard-wrapped near 72-78
# characters), before a word. Phrases run across such breaks.
_SOFT_WRAP = re.compile(r"\n(?<=[^\n]{40}\n)(?=[^\W_])")


# An id of a Message-ID, In-Reply-To or References field, angle brackets included.
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def message_ids(value: object) -> list[str]:
    """The ids a Message-ID, In-Reply-To or References field holds, in order, as written."""
    return _MESSAGE_ID.findall(str(value or ""))


def first_message_id(value: object) -> str | None:
    """The first id of such a field (a Message-ID with comments or junk around it)."""
    found = _MESSAGE_ID.search(str(value or ""))
    return found.group(0) if found else None


def decode_header(value: str | None) -> str:
    """An RFC 2047 header value as text; undecodable pieces become replacement characters."""
    if not value:
        return ""
    try:
        pieces = email.header.decode_header(value)
    except (ValueError, LookupError, AssertionError, email.errors.HeaderParseError):
        return value
    out: list[str] = []
    encoded = False
    for chunk, charset in pieces:
        text = chunk if isinstance(chunk, str) else decode_bytes(chunk, charset)
        # The library drops the space between an encoded word and plain text after it
        # ("=?utf-8?q?donn=C3=A9es,?= Quarry Labs"); between two encoded words none belongs.
        if (
            out
            and encoded != (charset is not None)
            and not (out[-1][-1:].isspace() or text[:1].isspace())
        ):
            text = " " + text
        out.append(text)
        encoded = charset is not None
    return re.sub(r"\s+", " ", "".join(out)).strip()


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes in a declared charset, falling back to UTF-8 then Windows-1252."""
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (LookupError, ValueError):  # unknown name, undecodable bytes, a NUL in the name
            continue
    return data.decode("cp1252", errors="replace")


# HTML5 tree building is quadratic in nesting depth (40,000 nested blocks take seconds).
# No real mail comes near this many tags; past it, a linear tag strip reads the text.
_MAX_TAGS = 20_000
_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)""", re.I)


def _too_many_tags(html: str) -> bool:
    return html.count("<") > _MAX_TAGS


# Elements on lines of their own; a <br> breaks a line, and a second one in a row, or a
# block with nothing in it ("<p>&nbsp;</p>", "<div><br></div>"), leaves a blank line.
# Table cells sit side by side on their row's line, as a reader sees them.
_BLOCKS = (
    "p,div,tr,li,ul,ol,dl,dt,dd,table,h1,h2,h3,h4,h5,h6,blockquote,pre,hr,"
    "section,article,header,footer,address,center"
)
_MARKED = f"{_BLOCKS},br,td,th,a[href]"
# Placeholders no mail holds (private use), read back once the text is out: source line
# breaks inside a paragraph are only spaces.
_LINE, _BREAK, _CELL = "\ue000", "\ue001", "\ue002"
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
# Runs of placeholders, once each run of spaces between them is one space.
_LAYOUT = re.compile(r" ?[\ue000-\ue002][ \ue000-\ue002]*")


def html_to_text(html: str) -> str:
    """Visible text of an HTML body: blocks on lines of their own, blank lines kept.

    Inline elements (links, bold, spans) stay inside their sentence; a mailto link
    keeps its address beside its words ("Jane Doe <jane@acme.com>").
    """
    if _too_many_tags(html):
        return _tidy(_TAG.sub("\n", html))
    tree = HTMLParser(html)
    tree.strip_tags(["script", "style", "head", "title", "noscript"])
    root = tree.body or tree.root
    if root is None:
        return ""
    # One walk over the marked elements, in document order: a block's text is read before
    # anything is inserted inside it.
    for node in root.css(_MARKED):
        tag = node.tag
        if tag == "br":
            node.insert_after(_BREAK)
        elif tag in ("td", "th"):
            node.insert_after(_CELL)
        elif tag == "a":
            href = node.attributes.get("href") or ""
            if href[:7].lower() == "mailto:" and "@" not in node.text():
                node.insert_after(f" <{href[7:].partition('?')[0].strip()}>")
        elif node.text(deep=True).strip():
            node.insert_before(_LINE)
            node.insert_after(_LINE)
        elif tag != "hr":
            node.insert_after(_BREAK)
    # Spaces first, in C: the callback then runs once per block, not once per word.
    spaced = _SPACES.sub(" ", root.text(separator="", strip=False))
    return _tidy(_LAYOUT.sub(_layout, spaced))


def _layout(run: re.Match[str]) -> str:
    """What a run of spaces and placeholders shows as: a space, a cell gap, a line, a blank line."""
    marks = [c for c in run.group() if c in (_LINE, _BREAK)]
    if not marks:
        return " | " if _CELL in run.group() else " "
    # A break after another mark is an empty line: "<br><br>", "<p>&nbsp;</p>".
    return "\n\n" if _BREAK in marks[1:] else "\n"


def _tidy(text: str) -> str:
    text = _SPACE_RUNS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def flowing(text: str) -> str:
    """The text with hard-wrapped lines joined: "we'd like / to invite you" is one phrase."""
    return _SOFT_WRAP.sub(" ", text)


# A mailto link and the words it is written on: <a href="mailto:jane@acme.com">Jane Doe</a>.
_MAILTO = re.compile(r"<a\b[^>]*?href=[\"']mailto:([^\"'?>]+)[^>]*>([^<]{2,60})</a>", re.I)


def mailto_names(html: str) -> list[tuple[str, str]]:
    """The (words, address) of each mailto link whose words are no address themselves."""
    if "mailto:" not in html and "MAILTO:" not in html:
        return []
    found = [
        (unescape(words).strip(), address.strip().lower())
        for address, words in _MAILTO.findall(html)
    ]
    return [(words, address) for words, address in found if words and "@" not in words]


# An image's alt attribute, quoted either way (a regex: no tree is built for it).
_ALT = re.compile(r"""<img\b[^>]*?\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def html_links(html: str) -> list[str]:
    """The href of every link, in order: scheduling and video links often hide there.

    Read by a regex, entities undone: what a parsed tree gives on mail (the same on every
    HTML part of the corpus), without building one, which cost ~40x as much.
    """
    return [unescape(href) for href in _HREF.findall(html)]


# `Name <address>` or a bare address, the way nearly every header writes them; anything
# else (quoted commas, comments, groups) goes to the standard library's full parser.
_PLAIN_ADDRESS = re.compile(
    r'\s*(?:"?([^"<>,;()\\]*?)"?\s*<([^<>@\s,;()"]+@[^<>@\s,;()"]+)>|([^<>@\s,;()"]+@[^<>@\s,;()"]+))\s*'
)


def parse_addresses(value: str) -> list[tuple[str, str]]:
    """The (name, address) pairs of an address header, as `email.utils.getaddresses` reads them."""
    pairs = []
    for piece in value.split(","):
        match = _PLAIN_ADDRESS.fullmatch(piece)
        if match is None:
            return email.utils.getaddresses([value])
        pairs.append((match[1] or "", match[2] or match[3]))
    return pairs


# One name and one address, the name unquoted: "Tremblay, Geneviève <g.tremblay@acme.ca>".
_ONE_NAMED_ADDRESS = re.compile(r'\s*"?([^"<>@]*?)"?\s*<([^<>@\s]+@[^<>\s]+)>\s*')


def _person(value: str) -> Person:
    pairs = parse_addresses(value) if value.count("@") == 1 else []
    if len(pairs) > 1 and (one := _ONE_NAMED_ADDRESS.fullmatch(value)):
        # The comma of a directory's "Last, First" written without quotes: one person still.
        pairs = [(one[1], one[2])]
    name, address = pairs[0] if len(pairs) == 1 else email.utils.parseaddr(value)
    return Person(name=written_name(decode_header(name)), email=address.lower() or None)


class Mail:
    """One message, read lazily: headers at once, bodies on first use."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.headers: Message = parse_headers(split_head(raw)[0])
        # Each address header is parsed once, however many stages ask for it.
        self._people: dict[str, tuple[Person, ...]] = {}

    def header(self, name: str) -> str:
        """A header's decoded value, or empty."""
        return decode_header(self.headers.get(name))

    def has(self, name: str) -> bool:
        """Whether a header is present."""
        return name in self.headers

    @cached_property
    def subject(self) -> str:
        """The decoded Subject."""
        return self.header("Subject")

    @cached_property
    def sender(self) -> Person:
        """From, as name and address."""
        return _person(self.headers.get("From", ""))

    def addresses(self, *names: str) -> list[Person]:
        """The people in address headers such as To and Cc."""
        return [person for name in names for person in self._addressed(name)]

    def _addressed(self, name: str) -> tuple[Person, ...]:
        if name not in self._people:
            values = [str(v) for v in self.headers.get_all(name, [])]
            pairs = [pair for value in values for pair in parse_addresses(value)]
            found = (
                Person(written_name(decode_header(n)), a.lower()) for n, a in pairs if "@" in a
            )
            self._people[name] = tuple(found)
        return self._people[name]

    @cached_property
    def parts(self) -> list[Part]:
        """The leaf MIME parts, bodies still encoded; a message/* part is a leaf."""
        return leaf_parts(self.raw, self.headers)

    def _bodies(self, subtype: str) -> list[str]:
        return [
            _text_of(part)
            for part in self.parts
            if part.content_type == f"text/{subtype}" and not part.is_attachment
        ]

    @cached_property
    def html(self) -> str:
        """The first HTML body, raw."""
        return next(iter(self._bodies("html")), "")

    @cached_property
    def text(self) -> str:
        """The message text: text/plain if it says anything, else the HTML's visible text."""
        plain = _tidy("\n\n".join(self._bodies("plain")))
        if len(plain) >= 40 or not self.html:
            return plain
        self.text_is_html = True
        return html_to_text(self.html)

    # Whether `text` was read from the HTML part (set when `text` is first read).
    text_is_html = False

    @cached_property
    def links(self) -> list[str]:
        """Every URL in the text and behind HTML links, in order, without duplicates."""
        found = _URL.findall(self.text) + (html_links(self.html) if self.html else [])
        return list(dict.fromkeys(url.rstrip(".,;:!?") for url in found))

    @cached_property
    def image_names(self) -> list[str]:
        """The HTML's image alt texts: a logo's often names its owner ("Marlowe & Finch")."""
        found = (unescape(double or single).strip() for double, single in _ALT.findall(self.html))
        return list(dict.fromkeys(alt for alt in found if alt))

    @cached_property
    def shown_links(self) -> list[str]:
        """The links a reader of `text` has: its URLs, and the HTML's when the text is the HTML's.

        Cheaper than `links`: a text/plain alternative already writes its HTML's links out.
        """
        text = self.text
        return self.links if self.text_is_html else _URL.findall(text)

    @cached_property
    def calendars(self) -> list[str]:
        """iCalendar texts: text/calendar parts and .ics attachments."""
        return [_text_of(part) for part in self.parts if _is_calendar(part)]

    @cached_property
    def enclosed(self) -> list[Mail]:
        """Messages carried inside this one (a bounce's returned mail, a forwarded message)."""
        return [
            Mail(part.decoded()) for part in self.parts if part.content_type == "message/rfc822"
        ]

    @cached_property
    def attachment_names(self) -> list[str]:
        """File names of attachments."""
        return [decode_header(name) for part in self.parts if (name := part.filename)]


def _is_calendar(part: Part) -> bool:
    if part.content_type in {"text/calendar", "application/ics"}:
        return True
    # Parsing parameters for a file name is costly: only when ".ics" appears at all.
    raw = f"{part.headers.get('Content-Type', '')} {part.headers.get('Content-Disposition', '')}"
    return ".ics" in raw.lower() and (part.filename or "").lower().endswith(".ics")


def _text_of(part: Part) -> str:
    return decode_bytes(part.decoded(), part.headers.get_content_charset())
