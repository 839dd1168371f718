"""One message being read: what every stage of the parser shares, each value computed once."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import cached_property

from mailparser_reply import EmailReplyParser

from afterview.parsers import calendar, mime, signals, timeline, when
from afterview.parsers.facts import SenderKind
from afterview.parsers.languages import Language
from afterview.parsers.mime import Mail, flowing
from afterview.parsers.senders import sender_kind

# Thread parsing is per-language data inside the library; one instance serves every message.
_REPLIES = EmailReplyParser(languages=["en", "fr"])
# Marks of quoted mail in any language the reply parser knows; without one, all text is new.
# Read in lower case: case-insensitive matching is slow in `re`. The phrases are found with
# `in`; the engine tries the lines' patterns at every position.
_QUOTE_PHRASES = ("wrote:", "a écrit")
_QUOTE_LINE = re.compile(r"^[ \t]*(?:>|(?:from|de|von|envoyé|sent)[ \t]*:)", re.M)
_QUOTE_RULE = re.compile(r"-----\s*(?:original|message)")
_LEFTOVER_RULE = re.compile(r"\n[ \t]*-{3,}[ \t]*[^\n-]{3,40}?[ \t]*-{3,}[ \t]*\Z")
# Who wrote the quoted mail: "On ... Alex Morgan <alex@...> wrote:" (the line may wrap before
# "wrote"), "From: Alex Morgan <alex@...>".
_ATTRIBUTION = re.compile(
    r"^(?:>[ \t]*)*(?:(?:on|le)\b(?:[^\n]|\n(?![ \t]*\n)){0,200}?\b(?:wrote|a écrit)"
    r"|(?:from|de)[ \t]*:?[^\n]{0,120})",
    re.I | re.M,
)
_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Context:
    """What the parser needs to know about the mailbox's owner."""

    me: frozenset[str] = frozenset()
    user_tz: tzinfo = UTC
    holidays: Container[date] = field(default_factory=frozenset)


def new_text(text: str) -> str:
    """The text the sender wrote in this message, without the quoted earlier ones."""
    if not _quotes(text.lower()):
        return text
    try:
        reply = _REPLIES.parse_reply(text=text)
    except Exception:  # noqa: BLE001 -- the library is heuristic; the whole text is a fine fallback
        return text
    if not isinstance(reply, str) or not reply.strip():
        return text
    # The library keeps the ruled line that heads what it cut ("-----Original Appointment-----").
    return _LEFTOVER_RULE.sub("", reply)


def _quotes(lowered: str) -> bool:
    """Whether a lower-cased text holds a mark of quoted mail."""
    return (
        any(phrase in lowered for phrase in _QUOTE_PHRASES)
        or ("-----" in lowered and _QUOTE_RULE.search(lowered) is not None)
        or _QUOTE_LINE.search(lowered) is not None
    )


def parse_date(value: str | None) -> datetime | None:
    """A Date header as an aware datetime (UTC when it names no offset), or None."""
    try:
        parsed = email.utils.parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed is None or parsed.tzinfo else parsed.replace(tzinfo=UTC)


class Reading:
    """A message and its owner's context, with the derived values the stages share."""

    def __init__(self, mail: Mail, context: Context) -> None:
        self.mail = mail
        self.context = context

    @cached_property
    def sender_kind(self) -> SenderKind:
        """Who sent it: a person, an ATS, a robot, a mailer daemon."""
        return sender_kind(self.mail.sender)

    @cached_property
    def text(self) -> str:
        """The sender's own new text, quotes stripped."""
        return new_text(self.mail.text)

    @cached_property
    def people_text(self) -> str:
        """The new text with the addresses its HTML links names to written beside them.

        The text/plain part writes "Priya Nair" where the HTML links the name to
        priya@acme.com: as the HTML shows it, the name comes with its address.
        """
        text = self.text
        # Most mail links no names: the HTML is decoded only when its source holds a mailto
        # (one in a base64-encoded part goes unseen).
        html = [part.body for part in self.mail.parts if part.content_type == "text/html"]
        if self.mail.text_is_html or not any(b"mailto:" in body.lower() for body in html):
            return text
        for name, address in mime.mailto_names(self.mail.html):
            if address not in text and (at := text.find(name)) != -1:
                end = at + len(name)
                text = f"{text[:end]} <{address}>{text[end:]}"
        return text

    @cached_property
    def flowing_text(self) -> str:
        """The new text with hard-wrapped lines joined, so phrases run across the breaks."""
        return flowing(self.text)

    @cached_property
    def subject_and_text(self) -> str:
        """Subject and new text together, for the tests that look at both."""
        return f"{self.mail.subject}\n{self.text}"

    @cached_property
    def words(self) -> list[str]:
        """The lower-cased words of its subject and the start of its new text."""
        return signals.words(self.mail.subject, self.flowing_text)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The set of its `words`."""
        return frozenset(self.words)

    @cached_property
    def all_words(self) -> frozenset[str] | None:
        """Its `vocabulary` when that holds every word of its subject and new text, else None.

        The words come from the start of the text only: a long text has more.
        """
        return self.vocabulary if len(self.flowing_text) <= signals.CUE_TEXT_LIMIT else None

    @cached_property
    def language(self) -> Language:
        """The language it is written in."""
        return signals.detect_language(self.words)

    @cached_property
    def sent_at(self) -> datetime | None:
        """Its Date header."""
        return parse_date(self.mail.headers.get("Date"))

    @cached_property
    def events(self) -> list[calendar.CalendarEvent]:
        """The appointments of its calendar invitations (all-day blocks left out)."""
        events = calendar.read_calendars(self.mail.calendars, user_tz=self.context.user_tz)
        return [event for event in events if not event.all_day]

    @cached_property
    def stated_time(self) -> when.StatedTime | None:
        """The one appointment time its text states, fixed or asked, if it states one."""
        if self.sent_at is None:
            return None
        zone, code = self.context.user_tz, self.language.code
        return when.stated_time(self.text, self.sent_at, user_tz=zone, language=code)

    @cached_property
    def prose_time(self) -> tuple[datetime, datetime | None] | None:
        """The start and end of the one appointment time its text states, if it states one."""
        stated = self.stated_time
        return (stated.start, stated.end) if stated else None

    @cached_property
    def quoted_authors(self) -> frozenset[str]:
        """The addresses of the authors of the mail it quotes."""
        found = _ATTRIBUTION.finditer(self.mail.text)
        return frozenset(a.lower() for line in found for a in _ADDRESS.findall(line.group()))

    @cached_property
    def decision_by(self) -> date | None:
        """When the writer says they will decide or get back, if they say."""
        if self.sent_at is None:
            return None
        context = self.context
        return timeline.decision_by(
            self.text,
            self.sent_at,
            user_tz=context.user_tz,
            holidays=context.holidays,
            language=self.language.code,
        )

    @cached_property
    def about_a_job(self) -> bool:
        """Whether its subject or text speaks of applications, interviews, offers at all.

        A short answer ("Thanks, I'll let you know by Friday") is about the job the
        candidate's own mail, which it quotes, speaks of.
        """
        if signals.about_a_job(self.subject_and_text, self.language):
            return True
        return self.quotes_me and signals.about_a_job(self.mail.text, self.language)

    @cached_property
    def about_my_application(self) -> bool:
        """Whether its new text speaks to the candidate of their own application."""
        return signals.about_my_application(self.text, self.all_words)

    @cached_property
    def quotes_me(self) -> bool:
        """Whether it quotes a message the candidate wrote."""
        return bool(self.quoted_authors & self.context.me)

    @cached_property
    def mentions_meeting(self) -> bool:
        """Whether its subject or text speaks of an interview, or of a meeting about a job."""
        text, language = self.subject_and_text, self.language
        if signals.mentions_interview(text, language):
            return True
        return self.about_a_job and signals.names_a_meeting(text, language)
