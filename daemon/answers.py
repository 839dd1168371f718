"""The user's answers to review messages: send, cancel, snooze, or an edited email.

Pure: the bytes of a reply in, an answer out; the service acts on it.

A reply counts only when its From is the account's own address, it is addressed to
the account, and it answers an open review message by Message-ID (whose token only
the user's mailbox has seen). Its own text, found above or inside the quote whatever
the mail client did to it (`> ` prefixes, top-posting, format=flowed, HTML only), is
a command or a new version of the email. Everything else is `Ignored`, with a reason.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from afterview.daemon.records import OutboxItem
from afterview.daemon.reviews import planned_text, review_tokens
from afterview.parsers.mime import Mail
from afterview.parsers.reading import new_text, parse_date
from afterview.parsers.replytext import reply_text
from afterview.parsers.timeline import stated_date


@dataclass(frozen=True)
class Send:
    """Send the planned email now, as it is."""

    key: str


@dataclass(frozen=True)
class Cancel:
    """Never send it."""

    key: str


@dataclass(frozen=True)
class Snooze:
    """Send it later: after `delta`, or on the day `until` (the outbox picks the hour)."""

    key: str
    delta: timedelta | None = None
    until: date | None = None


@dataclass(frozen=True)
class Edit:
    """Send this text instead of the planned one; `with_text` makes the email of it."""

    key: str
    text: str


@dataclass(frozen=True)
class Ignored:
    """Not an answer afterview may act on; the reason is for the log."""

    reason: str


Answer = Send | Cancel | Snooze | Edit


def read_answer(
    raw_reply: bytes, *, me: str, tokens: Mapping[str, OutboxItem], user_tz: tzinfo = UTC
) -> Answer | Ignored:
    """The user's answer in a reply to a review message; `tokens` maps open reviews' tokens."""
    mail = Mail(raw_reply)
    refusal = _refusal(mail, me)
    if refusal is not None:
        return Ignored(refusal)
    token = _answered_token(mail, tokens)
    if token is None:
        return Ignored("it answers no open review message (unknown or missing token)")
    item = tokens[token]
    original = planned_text(item.message) if item.message else ""
    said_at = parse_date(mail.headers.get("Date"))
    return _understood(reply_text(mail), original, item.key, said_at, user_tz)


def _refusal(mail: Mail, me: str) -> str | None:
    """Why a message cannot be the user's own answer, or None when it can."""
    if mail.has("X-Afterview"):
        return "it is one of afterview's own messages"
    if mail.header("Auto-Submitted").lower() not in {"", "no"}:
        return "it was sent automatically (Auto-Submitted)"
    senders = mail.addresses("From")
    if len(senders) != 1 or (senders[0].email or "").casefold() != me.strip().casefold():
        shown = ", ".join(p.email or "?" for p in senders) or "nobody"
        return f"it is not from the account's own address (From: {shown})"
    if me.strip().casefold() not in {
        (p.email or "").casefold() for p in mail.addresses("To", "Cc")
    }:
        return "it is not addressed to the account (a forward, or mail to someone else)"
    return None


def _answered_token(mail: Mail, tokens: Mapping[str, OutboxItem]) -> str | None:
    """The token of the open review it answers: In-Reply-To first, then the latest reference."""
    values = [*mail.headers.get_all("In-Reply-To", [])]
    values += reversed([*mail.headers.get_all("References", [])])
    for value in values:
        for token in reversed(review_tokens(str(value))):
            if token in tokens:
                return token
    return None


# An answer's own text is an edit only when it shares this much with the email (difflib's
# ratio over words): "can you make it shorter?" must never be sent to an employer.
_EDIT_LIKENESS = 0.25
_MARKER = re.compile(
    r"^(?P<quote>(?:[ \t]*>)*)[ \t]*-{3,}[ \t]*afterview[ \t]*:[ \t]*(?P<label>[^-\n]+?)"
    r"[ \t]*-{3,}[ \t]*$",
    re.I,
)
_OPENS = ("begin", "début", "debut")
_QUOTE_LEVEL = re.compile(r"^ ?> ?")
# "On <date>, <sender> wrote:", which Gmail may wrap onto a second line.
_ATTRIBUTION = re.compile(
    r"^(?:(?:on|le)\s[^\n]*\n)?[^\n]*(?:wrote|a écrit|a ecrit)\s*:[ \t]*$", re.I | re.M
)
_CLIENT_SIGNATURE = re.compile(
    r"^(?:--\s*|sent from my .*|envoyé de mon .*|envoyé à partir de .*|get outlook for .*)$",
    re.I,
)


def _understood(
    text: str, original: str, key: str, said_at: datetime | None, user_tz: tzinfo
) -> Answer | Ignored:
    """The answer a reply's text gives: a command, an edited email, or nothing clear."""
    blocks, outside = _blocks(text)
    edited = next((block for block in blocks if block.split() != original.split()), None)
    own = _own_text(outside, original)
    first, _, rest = own.partition("\n")
    command = _command(first, key, said_at, user_tz)
    if isinstance(command, Cancel):
        return command
    if edited is not None:
        return Edit(key, edited) if edited else Ignored("the edited email is empty")
    if command is not None and not _substantive(rest):
        return command
    return _as_edit(_tidy(rest) if command is not None else own, original, key)


def _as_edit(candidate: str, original: str, key: str) -> Edit | Ignored:
    """The user's own text as the new email, if it reads as a version of the planned one."""
    if not candidate:
        return Ignored("the reply holds no command and no edited text")
    if candidate.split() == original.split():
        return Ignored("the reply repeats the email unchanged")
    if _likeness(candidate, original) < _EDIT_LIKENESS:
        return Ignored("the reply is not a command, and too unlike the email to be a new version")
    return Edit(key, candidate)


def _blocks(text: str) -> tuple[list[str], str]:
    """The texts between complete pairs of marker lines, unquoted, and the text around them."""
    blocks: list[str] = []
    outside: list[str] = []
    lines = text.split("\n")
    start: tuple[int, int] | None = None
    for index, line in enumerate(lines):
        found = _MARKER.match(line)
        if found is None:
            if start is None:
                outside.append(line)
            continue
        if any(word in found["label"].casefold() for word in _OPENS):
            if start is not None:  # an opening without its end: its lines were not a block
                outside.extend(lines[start[0] : index])
            start = (index, found["quote"].count(">"))
        elif start is not None:
            first, depth = start
            blocks.append(_tidy("\n".join(_unquoted(s, depth) for s in lines[first + 1 : index])))
            outside.append("")
            start = None
    if start is not None:
        outside.extend(lines[start[0] :])
    return blocks, "\n".join(outside)


def _unquoted(line: str, depth: int) -> str:
    """A line without `depth` levels of `> ` quoting; lines the user typed unquoted stay."""
    for _ in range(depth):
        stripped = _QUOTE_LEVEL.sub("", line, count=1)
        if stripped == line:
            break
        line = stripped
    return line


def _own_text(text: str, original: str) -> str:
    """What the user wrote outside the quote, without their mail client's signature."""
    # Quoted lines go first: the reply parser misreads a quote followed by the answer.
    kept = [line for line in text.split("\n") if not line.lstrip().startswith(">")]
    lines = _above_quote(_ATTRIBUTION.sub("", "\n".join(kept)).split("\n"))
    flat_original = " ".join(original.split())
    for index, line in enumerate(lines):
        # The email's own signature may also start with "-- ": there it is the user's text.
        if _CLIENT_SIGNATURE.match(line.strip()) and _flat(lines[index:]) not in flat_original:
            return _tidy("\n".join(lines[:index]))
    return _tidy("\n".join(lines))


def _above_quote(lines: list[str]) -> list[str]:
    """The lines above a quote not marked with `>` (Outlook's header block), as written.

    The reply parser finds where such a quote starts, but gives its text back with every
    line stripped; the user's lines are kept as they were, up to the last one it kept.
    """
    text = "\n".join(lines)
    reply = new_text(text)
    wanted = sum(1 for line in reply.split("\n") if line.strip())
    seen = 0
    for index, line in enumerate(lines):
        seen += bool(line.strip())
        if seen == wanted and reply != text:
            return lines[: index + 1]
    return lines


def _flat(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def _tidy(text: str) -> str:
    """Text with plain line ends, no trailing blanks (but `-- `), no blank edges or runs."""
    lines = [line if line == "-- " else line.rstrip() for line in text.split("\n")]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return f"{tidy}\n" if tidy else ""


def _substantive(text: str) -> bool:
    """Whether text after a command says more than a sign-off and a name would."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return len(lines) > 3 or any(len(line) > 40 or line[-1] in ".?:;" for line in lines)


def _likeness(text: str, original: str) -> float:
    return difflib.SequenceMatcher(None, text.split(), original.split(), autojunk=False).ratio()


_POLITE = re.compile(
    r"[\s,.!]*(?:please|thanks|thank you|merci|svp|s'il vous plaît|s'il te plaît)?[\s,.!]*$",
    re.I,
)
# One answer each, in English then French, "|" between the ways to say it.
_SEND_WORDS = frozenset(
    {
        *"send|send it|send now|send it now|yes|yes send it|ok|okay|ok send it|approve".split("|"),
        *"envoyer|envoie|envoyez|envoie-le|envoyez-le|envoie-la|envoyez-la|oui|vas-y".split("|"),
        *"oui envoie|oui envoyer|oui envoie-le|oui envoyez-le".split("|"),
    }
)
_CANCEL_WORDS = frozenset(
    {
        *"cancel|cancel it|no|no cancel|don't send|no don't send|do not send|stop".split("|"),
        *"annuler|annule|annulez|non|non annule|ne pas envoyer|n'envoie pas".split("|"),
        *"n'envoyez pas|arrête".split("|"),
    }
)
_SNOOZE = r"(?:snooze|postpone|delay|later|reporter|repousser|remettre|plus tard)"
_SNOOZE_FOR = re.compile(
    _SNOOZE + r"(?:\s+(?:by|for|de|pour)?\s*(?P<count>\d{1,4})\s*(?P<unit>[a-zé]+))?", re.I
)
_SNOOZE_UNTIL = re.compile(
    _SNOOZE + r"\s+(?:until|till|to|on|au|le|à|jusqu'au|jusqu'à|jusqu'a)\s+(?P<when>.+)", re.I
)
_UNITS = {
    timedelta(hours=1): "h hr hrs hour hours heure heures",
    timedelta(days=1): "d day days j jour jours",
    timedelta(weeks=1): "w wk week weeks sem semaine semaines",
}
_LONGEST_SNOOZE = timedelta(days=366)


def _command(
    line: str, key: str, said_at: datetime | None, user_tz: tzinfo
) -> Answer | Ignored | None:
    """The command a line gives (send, cancel, snooze...), or None when it gives none."""
    # Case is kept for the date reader ("March 20"); the words are compared without it.
    words = _POLITE.sub("", " ".join(line.replace("\u2019", "'").replace(",", " ").split()))
    if words.casefold() in _SEND_WORDS:
        return Send(key)
    if words.casefold() in _CANCEL_WORDS:
        return Cancel(key)
    if found := _SNOOZE_UNTIL.fullmatch(words):
        return _snooze_until(found["when"], key, said_at, user_tz)
    if found := _SNOOZE_FOR.fullmatch(words):
        return _snooze_for(found["count"], (found["unit"] or "").casefold(), key)
    return None


def _snooze_for(count: str | None, unit: str, key: str) -> Snooze | Ignored:
    """`snooze 3d`, `reporter de 2 heures`; a bare `snooze` waits one day."""
    if count is None:
        return Snooze(key, delta=timedelta(days=1))
    step = next((step for step, names in _UNITS.items() if unit in names.split()), None)
    if step is None:
        return Ignored(f"unknown unit in snooze: {unit!r} (use h, d or w)")
    delta = int(count) * step
    if not timedelta(0) < delta <= _LONGEST_SNOOZE:
        return Ignored(f"a snooze is between one hour and a year, not {count}{unit}")
    return Snooze(key, delta=delta)


def _snooze_until(
    when: str, key: str, said_at: datetime | None, user_tz: tzinfo
) -> Snooze | Ignored:
    """`snooze until 2026-03-20`, `reporter au 20 mars`: a day, read as the parser reads dates."""
    try:
        day: date | None = date.fromisoformat(when.strip())
    except ValueError:
        day = stated_date(when, said_at, user_tz=user_tz) if said_at else None
    if day is None:
        return Ignored(f"cannot read the date in the snooze: {when!r}")
    today = said_at.astimezone(user_tz).date() if said_at else None
    if today is not None and not today < day <= today + _LONGEST_SNOOZE:
        return Ignored(f"a snooze date must be after the reply's day and within a year: {day}")
    return Snooze(key, until=day)
