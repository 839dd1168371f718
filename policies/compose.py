"""A rendered letter as a complete message, safe whatever the incoming mail put in its values.

Names, subjects, companies and Message-IDs come from mail anyone can send. None
of them may ever add a header: every value is decoded (RFC 2047 encoded-words
included), stripped of control and line-break characters and flattened to one
line; addresses must each be one plain addr-spec. As a last guard the message is
parsed back and must hold exactly the headers written.
"""

from __future__ import annotations

import base64
import email
import email.errors
import email.policy
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from afterview.policies.letters import Correspondent, Letter
from afterview.policies.templates import Rendered

# dot-atom local part (RFC 5322 atext) and a host name; no quoted strings, no IP literals.
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_MESSAGE_ID = re.compile(r"<[!-;=?-~]+@[!-;=?-~]+>")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
# Line breaks, controls and invisible format characters (bidi overrides among them).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_MAX_LENGTH = 250
# A display name that needs no quoting: atoms and single spaces.
_ATOMS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?: [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
# UTF-8 bytes per encoded word: base64 of 45 bytes keeps each word within RFC 2047's 75 characters.
_WORD_BYTES = 45
_FOLD = "\r\n "
# Headers we write ourselves are never refolded: the standard folder of Python 3.11 can fold a
# comma into an encoded word and lose a recipient.
_POLICY = email.policy.SMTP.clone(refold_source="none")
# Clients keep the first reference and the latest ones when a thread grows long (RFC 5322 3.6.4).
_MAX_REFERENCES = 20
_HEADERS = ["From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References"]


class ComposeError(Exception):
    """A message cannot be composed safely: an address or an identifier is not valid."""


def compose(letter: Letter, rendered: Rendered, *, date: datetime, message_id: str) -> EmailMessage:
    """The complete message for a rendered letter, ready to draft or send."""
    if date.tzinfo is None:
        raise ComposeError("the Date of a message needs a time zone")
    if not letter.to:
        raise ComposeError("a message needs at least one recipient")
    message = EmailMessage(policy=_POLICY)
    sender, recipients = _mailbox(letter.sender), [_mailbox(person) for person in letter.to]
    subject = _required(clean_header_text(rendered.subject), "Subject")
    # set_raw stores our own encoding verbatim; every piece of it was checked or encoded above.
    message.set_raw("From", sender[0])
    message.set_raw("To", ("," + _FOLD).join(written for written, _, _ in recipients))
    message.set_raw("Subject", _text(subject))
    message["Date"] = format_datetime(date)
    message["Message-ID"] = _message_id(message_id)
    if letter.in_reply_to is not None:
        parent = _message_id(letter.in_reply_to)
        message["In-Reply-To"] = parent
        message["References"] = " ".join(_references(letter.references, parent))
    body = rendered.body.replace("\r\n", "\n").replace("\r", "\n")
    # Quoted-printable keeps non-ASCII text safe through servers without 8BITMIME.
    message.set_content(body, charset="utf-8", cte=None if body.isascii() else "quoted-printable")
    # After set_content, which clears every Content-* header.
    message["Content-Language"] = _language(letter.language)
    _check(message, [sender[1:]], [r[1:] for r in recipients], subject)
    return message


def message_id_for(key: str, sender_email: str) -> str:
    """A stable Message-ID on the sender's domain for an outbox key: the same key, the same id."""
    address = check_address(sender_email)
    digest = hashlib.sha256(f"{address.casefold()}\0{key}".encode()).hexdigest()[:32]
    return f"<afterview.{digest}@{address.rpartition('@')[2]}>"


def clean_header_text(value: str | None) -> str:
    """A value made safe for one header line: decoded, without controls, whitespace collapsed."""
    text = _flat(value or "")
    for _ in range(4):
        # Encoded words may hide line breaks, or further encoded words: decode until none is left.
        decoded = _flat(_decode_words(text))
        if decoded == text:
            break
        text = decoded
    # What still looks like an encoded word could be decoded by the next reader: break it.
    text = text.replace("=?", "= ?")
    return text[:_MAX_LENGTH].strip()


def check_address(value: str) -> str:
    """One plain addr-spec (local@domain), the domain in ASCII; ComposeError otherwise."""
    local, at, domain = value.strip().rpartition("@")
    if not at or not _LOCAL.fullmatch(local) or len(local) > 64:
        raise ComposeError(f"not a single valid email address: {value!r}")
    try:
        host = domain.encode("idna").decode("ascii").lower() if not domain.isascii() else domain
    except UnicodeError:
        raise ComposeError(f"not a valid email domain: {value!r}") from None
    labels = host.rstrip(".").split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ComposeError(f"not a valid email domain: {value!r}")
    return f"{local}@{host.rstrip('.')}"


def _mailbox(person: Correspondent) -> tuple[str, str, str]:
    """A person as written in an address header, with the display name and address written."""
    address = check_address(person.email)
    name = clean_header_text(person.name)
    if name.replace(" ", "").casefold() == person.email.strip().casefold():
        name = ""
    return (f"{_phrase(name)} <{address}>" if name else address), name, address


def _phrase(name: str) -> str:
    """A display name: bare atoms, a quoted string, or encoded words when not ASCII."""
    if not name.isascii():
        return _text(name)
    if _ATOMS.fullmatch(name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(text: str) -> str:
    """Header text: ASCII as it is, anything else as folded RFC 2047 encoded words."""
    return text if text.isascii() else _FOLD.join(_encoded_words(text))


def _encoded_words(text: str) -> Iterator[str]:
    """Base64 encoded words, each whole characters of at most `_WORD_BYTES` bytes."""
    chunk = ""
    for char in text:
        if chunk and len((chunk + char).encode()) > _WORD_BYTES:
            yield _encoded_word(chunk)
            chunk = ""
        chunk += char
    if chunk:
        yield _encoded_word(chunk)


def _encoded_word(text: str) -> str:
    return f"=?utf-8?b?{base64.b64encode(text.encode()).decode('ascii')}?="


def _flat(text: str) -> str:
    """The text on one line: unsafe characters turned to spaces, runs of spaces collapsed."""
    kept = "".join(
        " " if unicodedata.category(char) in _UNSAFE_CATEGORIES else char for char in text
    )
    return " ".join(kept.split())


def _decode_words(text: str) -> str:
    """The text with its RFC 2047 encoded words decoded, as a mail reader would."""
    if "=?" not in text:
        return text
    try:
        # The email package's own reader: what it decodes is what a later writer would emit.
        return str(email.policy.default.header_factory("X-Value", text))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        return text


def _message_id(value: str) -> str:
    """A Message-ID as `<left@right>`, printable ASCII without spaces; ComposeError otherwise."""
    text = value.strip()
    if not text.startswith("<"):
        text = f"<{text}>"
    if not _MESSAGE_ID.fullmatch(text):
        raise ComposeError(f"not a valid Message-ID: {value!r}")
    return text


def _references(earlier: Iterable[str], parent: str) -> list[str]:
    """The thread's Message-IDs in order, each once, the parent last; unreadable ones dropped."""
    seen: list[str] = []
    for value in earlier:
        try:
            found = _message_id(value)
        except ComposeError:
            continue
        if found not in seen and found != parent:
            seen.append(found)
    if len(seen) >= _MAX_REFERENCES:
        seen = [seen[0], *seen[-(_MAX_REFERENCES - 2) :]]
    return [*seen, parent]


def _language(value: str) -> str:
    """A language tag for Content-Language."""
    if not _LANGUAGE.fullmatch(value):
        raise ComposeError(f"not a language tag: {value!r}")
    return value


def _required(value: str, header: str) -> str:
    if not value:
        raise ComposeError(f"the {header} of a message cannot be empty")
    return value


def _check(
    message: EmailMessage,
    sender: Sequence[tuple[str, str]],
    recipients: Sequence[tuple[str, str]],
    subject: str,
) -> None:
    """Parse the message back: exactly the headers and values written, or no message at all."""
    written = [name.lower() for name in message]
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    found = [name.lower() for name in parsed]
    expected = {h.lower() for h in _HEADERS} | {"content-type", "content-transfer-encoding"}
    if found != written or set(found) - expected - {"mime-version", "content-language"}:
        raise ComposeError(f"refusing a message whose headers changed in writing: {found}")
    if (
        _people(parsed, "From") != _spaceless(sender)
        or _people(parsed, "To") != _spaceless(recipients)
        or str(parsed["Subject"]) != subject
    ):
        raise ComposeError("refusing a message whose addresses or subject changed in writing")


def _people(parsed: email.message.Message, header: str) -> list[tuple[str, str]]:
    """The display names and addresses a reader finds in an address header."""
    value = parsed[header]
    return _spaceless([(a.display_name, a.addr_spec) for a in getattr(value, "addresses", ())])


def _spaceless(people: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Names without their spaces: Python 3.11 reads a space between two encoded words."""
    return [("".join(name.split()), address) for name, address in people]
