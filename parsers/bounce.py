"""Delivery-status notifications (bounces): who could not be reached, and which mail came back.

flufl.bounce reads the failed recipients: it knows RFC 3464 reports and the
formats of Exim, Exchange, Postfix, qmail and many others. The returned mail
(a message/rfc822 or text/rfc822-headers part, or a copy pasted into a
plain-text notice) is read here for its Subject, Message-ID and To/Cc, so the
daemon can find what it sent. The header block decides first whether a
message is a delivery notice at all: the full parse and flufl's heuristics
cost several hundred microseconds, far too much to spend on every message.
"""

from __future__ import annotations

import email
import email.utils
import re
from dataclasses import dataclass
from email.message import Message

from flufl.bounce import Recipients, all_failures

from afterview.parsers.facts import SenderKind
from afterview.parsers.mime import Mail, decode_header, first_message_id, message_ids
from afterview.parsers.parts import parse_headers, split_head
from afterview.parsers.senders import MAILER_NAMES, sender_kind

# One of these occurs in the header block of every message _is_delivery_notice accepts:
# the mailer names senders.sender_kind knows, Exim's header, the report media type.
_NOTICE_WORDS = (
    *(name.encode() for name in MAILER_NAMES),
    b"x-failed-recipients",
    b"multipart/report",
)
# RFC 6522 reports; read receipts (disposition-notification) are not bounces.
_DELIVERY_REPORT = re.compile(
    r"multipart/report.*report-type\s*=\s*\"?(?:global-)?delivery-status", re.I | re.S
)
_STATUS_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
# Where a notice encloses the mail it returns: whole (RFC 3462, RFC 6533) or headers only.
_RETURNED_TYPES = frozenset(
    {
        "message/rfc822",
        "message/global",
        "message/rfc822-headers",
        "message/global-headers",
        "text/rfc822-headers",
    }
)
# RFC 3464 actions that report a problem; "error" is OpenSMTPD's non-standard spelling.
_PROBLEM_ACTION = re.compile(r"^(?:fail|delay|error)", re.I)
# A copy pasted into a plain-text notice starts with the trace fields the MTA added on receipt.
_COPY_START = re.compile(rb"^(?:return-path|received):", re.I | re.M)
# Blank lines between the field blocks of a delivery-status body.
_BLOCK_BREAK = re.compile(rb"\n[ \t]*\n")
# Every format puts the notice before the returned mail, so a cut past this size only
# shortens the returned mail's body (a resume, say): its headers come first.
_READ_LIMIT = 256 * 1024


@dataclass(frozen=True)
class Bounce:
    """What a delivery-status notification says about a message the candidate sent."""

    # Lower-case addresses that failed for good.
    failed: tuple[str, ...]
    # Lower-case addresses whose delivery is late and still being retried.
    delayed: tuple[str, ...]
    # The returned message's Subject, when the notice encloses it.
    original_subject: str | None
    # Its Message-ID (angle brackets kept, as in Facts), so the daemon can find what it sent.
    original_message_id: str | None
    # Its To and Cc addresses, lower-case.
    original_to: tuple[str, ...]


def read_bounce(raw: bytes) -> Bounce | None:
    """The failures a delivery-status notification reports; None when it is not one."""
    if not _is_delivery_notice(raw):
        return None
    notice = Mail(raw[:_READ_LIMIT])
    blocks = _status_blocks(notice)
    delayed, failed = _reported(blocks)
    if not (failed or delayed):
        # No RFC 3464 report names anyone: flufl's heuristics read the notice's prose.
        delayed, failed = _failures(email.message_from_bytes(raw[:_READ_LIMIT]))
    original = _returned_headers(notice)
    only_success = bool(blocks) and not any(_PROBLEM_ACTION.match(_action(b)) for b in blocks)
    if not (failed or delayed) and (original is None or only_success):
        # A delivery receipt, or a mailer's notice that returns nothing and names no one.
        return None
    return Bounce(
        failed=failed,
        delayed=delayed,
        original_subject=_subject(original),
        original_message_id=_original_id(notice.headers, original),
        original_to=_recipients(original),
    )


def _is_delivery_notice(raw: bytes) -> bool:
    """Whether the headers show a mailer's notice: sender, DSN media type, or Exim's header."""
    head = split_head(raw)[0].lower()
    if not any(word in head for word in _NOTICE_WORDS):
        return False  # settled without parsing a header: most messages stop here
    mail = Mail(raw)
    return (
        sender_kind(mail.sender) is SenderKind.MAILER
        or mail.has("X-Failed-Recipients")
        or bool(_DELIVERY_REPORT.search(str(mail.headers.get("Content-Type", ""))))
    )


def _status_blocks(notice: Mail) -> list[Message]:
    """The per-recipient field blocks of the notice's delivery-status parts (RFC 3464)."""
    blocks: list[Message] = []
    for part in notice.parts:
        if part.content_type in _STATUS_TYPES:
            text = part.decoded().replace(b"\r\n", b"\n")
            # The first block is about the message; each one after it about a recipient.
            blocks += [parse_headers(block) for block in _BLOCK_BREAK.split(text)[1:]]
    return blocks


def _action(block: Message) -> str:
    return str(block.get("Action", "")).strip().lower()


def _reported(blocks: list[Message]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(delayed, failed) recipients the report blocks name, as flufl's DSN reader finds them."""
    delayed: list[str] = []
    failed: list[str] = []
    for block in blocks:
        action = _action(block)
        found = delayed if action.startswith("delayed") else failed
        if not action.startswith(("delayed", "fail", "error")):
            continue
        # Final-Recipient is required; some MTAs write a bare <address> without its type.
        for name in ("Original-Recipient", "Final-Recipient"):
            kind, _, address = str(block.get(name, "")).partition(";")
            if address.strip() and kind.strip().lower() == "rfc822":
                found.append(address.strip())
                break
            if kind.strip().startswith("<") and kind.strip().endswith(">"):
                found.append(kind.strip()[1:-1])
    failed_set = _clean(failed)
    return tuple(a for a in _clean(delayed) if a not in failed_set), failed_set


def _clean(addresses: list[str]) -> tuple[str, ...]:
    """Sorted, lower-case addresses, each once; anything without an @ or not ASCII dropped."""
    found = {email.utils.parseaddr(a)[1].strip("<>").lower() for a in addresses if a.isascii()}
    return tuple(sorted(address for address in found if "@" in address))


def _failures(notice: Message) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(delayed, failed) recipients as flufl.bounce reads them."""
    try:
        temporary, permanent = all_failures(notice)
    except Exception:  # noqa: BLE001 - flufl re-raises whatever a heuristic detector trips on
        return (), ()
    failed = _addresses(permanent)
    return tuple(a for a in _addresses(temporary) if a not in failed), failed


def _addresses(found: Recipients) -> tuple[str, ...]:
    """flufl's byte strings as sorted, lower-case addresses; anything without an @ dropped."""
    cleaned = {item.decode("ascii", "replace").strip().strip("<>").lower() for item in found}
    return tuple(sorted(address for address in cleaned if "@" in address))


def _returned_headers(notice: Mail) -> Message | None:
    """The header fields of the mail a notice returns, enclosed or pasted into its text."""
    for part in notice.parts:
        if part.content_type in _RETURNED_TYPES:
            return parse_headers(split_head(part.decoded())[0])
    for part in notice.parts:
        if part.content_type == "text/plain":
            text = part.decoded()
            if start := _COPY_START.search(text):
                return parse_headers(split_head(text[start.start() :])[0])
    return None


def _original_id(notice: Message, original: Message | None) -> str | None:
    """The returned mail's Message-ID, else the one the notice replies to.

    Exchange and Gmail set In-Reply-To on their notices; Exim sets References,
    whose last entry is the returned mail itself.
    """
    # A Message with no fields is falsy: test for None, not truth.
    if original is not None and (found := first_message_id(original.get("Message-ID"))):
        return found
    if found := first_message_id(notice.get("In-Reply-To")):
        return found
    references = message_ids(notice.get("References"))
    return references[-1] if references else None


def _subject(original: Message | None) -> str | None:
    """The returned mail's decoded Subject, if it has one."""
    return (decode_header(original.get("Subject")) or None) if original is not None else None


def _recipients(original: Message | None) -> tuple[str, ...]:
    """The returned mail's To and Cc addresses, lower-case, in order, each once."""
    if original is None:
        return ()
    values = [str(v) for name in ("To", "Cc") for v in original.get_all(name, [])]
    found = (address.lower() for _, address in email.utils.getaddresses(values))
    return tuple(dict.fromkeys(address for address in found if "@" in address))
