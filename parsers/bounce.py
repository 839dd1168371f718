"""Delivery-status notifications (bounces): who could not be reached, and which mail came back.

flufl.bounce reads the failed recipients: it knows RFC 3464 reports and the
formats of Exim, Exchange, Postfix, qmail and many others. The returned mail
(a message/rfc822 or text/rfc822-headers part, or a copy pasted into a
plain-text notice) is read here for its Subject, Message-ID and To/Cc, so the
daemon can find what it sent. The headers decide first whether a message is a
delivery notice at all: a full parse with flufl's heuristics costs about a
millisecond, far too much to spend on every message.
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass

from flufl.bounce import Recipients, all_failures

from afterview.parsers.facts import SenderKind
from afterview.parsers.mime import Mail
from afterview.parsers.parts import Part, leaf_parts, split_head
from afterview.parsers.senders import sender_kind

# RFC 6522 reports; read receipts (disposition-notification) are not bounces.
_DELIVERY_REPORT = re.compile(
    r"multipart/report.*report-type\s*=\s*\"?(?:global-)?delivery-status", re.I | re.S
)
_STATUS_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
# Where a notice encloses the mail it returns: whole (RFC 3462/6533) or headers only.
_RETURNED_TYPES = frozenset(
    {
        "message/rfc822",
        "message/global",
        "text/rfc822-headers",
        "message/rfc822-headers",
        "message/global-headers",
    }
)
# RFC 3464 actions that report a problem; "error" is OpenSMTPD's non-standard spelling.
_PROBLEM_ACTION = re.compile(rb"^action:[ \t]*(?:fail|delay|error)", re.I | re.M)
# A copy pasted into a plain-text notice starts with the trace fields the MTA added on receipt.
_COPY_START = re.compile(rb"^(?:return-path|received):", re.I | re.M)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


@dataclass(frozen=True)
class Bounce:
    """What a delivery-status notification says about a message the candidate sent."""

    # Lower-case addresses that failed for good.
    failed: tuple[str, ...]
    # Lower-case addresses whose delivery is late and still being retried.
    delayed: tuple[str, ...]
    # The returned message's Subject, when the notice encloses it.
    original_subject: str | None
    # Its Message-ID (angle brackets kept), so the daemon can find what it sent.
    original_message_id: str | None
    # Its To and Cc addresses, lower-case.
    original_to: tuple[str, ...]


def read_bounce(raw: bytes) -> Bounce | None:
    """The failures a delivery-status notification reports; None when it is not one."""
    notice = Mail(raw)
    if not _is_delivery_notice(notice):
        return None
    parts = leaf_parts(raw)
    enclosed = _returned_part(parts)
    delayed, failed = _failures(_without_returned_body(raw, enclosed))
    original = Mail(enclosed.decoded()) if enclosed else _pasted_copy(parts)
    if not (failed or delayed) and (original is None or _reports_only_success(parts)):
        # A delivery receipt, or a mailer's notice that returns nothing and names no one.
        return None
    return Bounce(
        failed=failed,
        delayed=delayed,
        original_subject=(original.subject or None) if original else None,
        original_message_id=_original_id(notice, original),
        original_to=_recipients(original) if original else (),
    )


def _is_delivery_notice(mail: Mail) -> bool:
    """Whether the headers show a mailer's notice: sender, DSN media type, or Exim's header."""
    return (
        sender_kind(mail.sender) is SenderKind.MAILER
        or mail.has("X-Failed-Recipients")
        or bool(_DELIVERY_REPORT.search(str(mail.headers.get("Content-Type", ""))))
    )


def _returned_part(parts: list[Part]) -> Part | None:
    return next((part for part in parts if part.content_type in _RETURNED_TYPES), None)


def _pasted_copy(parts: list[Part]) -> Mail | None:
    """The returned mail's headers where a plain-text notice pastes the mail into its text."""
    for part in parts:
        if part.content_type == "text/plain":
            text = part.decoded()
            if start := _COPY_START.search(text):
                return Mail(text[start.start() :])
    return None


def _without_returned_body(raw: bytes, enclosed: Part | None) -> bytes:
    """The notice with the returned mail cut to its headers.

    The detectors need only the notice, and the returned body (a resume attached
    to an application, say) is most of the parsing time; a heuristic detector
    could also mistake an address in it for a failed recipient.
    """
    if enclosed is None or len(enclosed.body) < 64:  # too short to locate unambiguously
        return raw
    head, body = split_head(enclosed.body)
    start = raw.find(enclosed.body)
    if not body or start == -1:
        return raw
    return raw[:start] + head + b"\n\n" + raw[start + len(enclosed.body) :]


def _failures(raw: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(delayed, failed) recipients as flufl.bounce reads them."""
    try:
        temporary, permanent = all_failures(email.message_from_bytes(raw))
    except Exception:  # noqa: BLE001 - flufl re-raises whatever a heuristic detector trips on
        return (), ()
    failed = _addresses(permanent)
    return tuple(a for a in _addresses(temporary) if a not in failed), failed


def _addresses(found: Recipients) -> tuple[str, ...]:
    """flufl's byte strings as sorted, lower-case addresses; anything without an @ dropped."""
    cleaned = {item.decode("ascii", "replace").strip().strip("<>").lower() for item in found}
    return tuple(sorted(address for address in cleaned if "@" in address))


def _reports_only_success(parts: list[Part]) -> bool:
    """Whether a machine-readable report is present and names no failed or delayed recipient."""
    reports = [part for part in parts if part.content_type in _STATUS_TYPES]
    return bool(reports) and not any(_PROBLEM_ACTION.search(part.decoded()) for part in reports)


def _original_id(notice: Mail, original: Mail | None) -> str | None:
    """The returned mail's Message-ID, else the one the notice replies to.

    Exchange and Gmail set In-Reply-To on their notices; Exim sets References,
    whose last entry is the returned mail itself.
    """
    if original and (found := _MESSAGE_ID.search(str(original.headers.get("Message-ID", "")))):
        return found.group(0)
    if found := _MESSAGE_ID.search(str(notice.headers.get("In-Reply-To", ""))):
        return found.group(0)
    references = _MESSAGE_ID.findall(str(notice.headers.get("References", "")))
    return references[-1] if references else None


def _recipients(original: Mail) -> tuple[str, ...]:
    """The returned mail's To and Cc addresses, in order, each once."""
    return tuple(dict.fromkeys(p.email for p in original.addresses("To", "Cc") if p.email))
