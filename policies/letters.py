"""The values a message template sees: who writes to whom, about which application.

A `Letter` holds everything one message needs; templates read its fields by name
(`company`, `interview.start`, `notes.points`...). Values here come partly from
incoming mail, so nothing in this module trusts them: `afterview.policies.compose`
cleans every one that reaches a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

# Honorifics before a name, in English and Canadian French, compared without dots and case.
_TITLES = frozenset(
    "dr mr mrs ms mx miss prof professor sir dame pr".split()
    + "m mme mlle me monsieur madame mademoiselle".split()
)
# Letters after a name: "Jane Doe, PhD" is not "PhD Jane Doe".
_SUFFIXES = frozenset(
    "phd md mba cpa cfa pmp jr sr ii iii iv esq peng eng ing msc bsc ma ba ca crha".split()
)
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[\w'\u2019.-]+")


def _bare(word: str) -> str:
    """A word folded for comparison with the honorific and suffix tables."""
    return word.replace(".", "").casefold()


@dataclass(frozen=True)
class Correspondent:
    """A person in the exchange: an interviewer, a recruiter, a reference, or the user."""

    #: Their address; empty only when the user named someone without one in their notes.
    email: str
    #: Their name as written ("Dr. Jane Doe", "Doe, Jane"), or None when unknown.
    name: str | None = None
    #: Their job title ("Engineering Manager"), or None when unknown.
    title: str | None = None

    @property
    def first_name(self) -> str | None:
        """The given name to greet them by, or None when the name does not show one."""
        words = _name_words(self.name)
        if words is None or len(words[1]) == 0:
            return None
        titled, rest = words
        # "Dr. Doe" shows a surname only: greeting "Doe" would be wrong.
        if titled and len(rest) == 1:
            return None
        return rest[0]

    @property
    def greeting_name(self) -> str | None:
        """How to address them: the first name, else the name as written, else None."""
        if self.first_name is not None:
            return self.first_name
        name = (self.name or "").strip()
        return name if name and "@" not in name else None

    @property
    def full_name(self) -> str | None:
        """The name in reading order ("Doe, Jane" becomes "Jane Doe"), or None."""
        words = _name_words(self.name)
        return " ".join(words[1]) if words is not None and words[1] else None


def _name_words(name: str | None) -> tuple[bool, list[str]] | None:
    """Whether an honorific led the name, and its words in reading order without extras."""
    if not name or "@" in name:
        return None
    text = _PARENTHESES.sub(" ", name).strip().strip("\"'")
    parts = [part.strip() for part in text.split(",")]
    parts = [part for part in parts if part and _bare(part) not in _SUFFIXES]
    if len(parts) >= 2:
        # "Doe, Jane": surname first.
        parts = [parts[1], parts[0]]
    words = _WORD.findall(" ".join(parts))
    titled = False
    while words and _bare(words[0]) in _TITLES:
        words, titled = words[1:], True
    words = [word for word in words if _bare(word) not in _SUFFIXES]
    return titled, words


@dataclass(frozen=True)
class InterviewNote:
    """One interview as a template shows it."""

    #: When it starts; aware datetimes are shown in the letter's `zone`.
    start: datetime
    #: When it ends, if known.
    end: datetime | None
    #: Which round: 1 for the first interview, 2 for the second...
    round: int
    #: Everyone who interviewed the user, as far as known.
    interviewers: tuple[Correspondent, ...] = ()
    #: Where: an address or a room, if known.
    location: str | None = None
    #: The video call's link (Zoom, Meet, Teams...), if the invitation gave one.
    url: str | None = None


@dataclass(frozen=True)
class Notes:
    """What the user wrote back about an interview, read by `afterview.policies.notes`."""

    #: Their reply's own text, quotes and signature removed.
    text: str
    #: The points to recall: their bullet lines, else the sentences of their text.
    points: tuple[str, ...] = ()
    #: The interviewers they named on an `interviewers:` line.
    interviewers: tuple[Correspondent, ...] = ()
    #: The employer's timeline as they wrote it ("two weeks"), unresolved.
    timeline: str | None = None


@dataclass(frozen=True)
class PipelineRow:
    """One application in the weekly digest."""

    company: str
    role: str | None
    #: Its state's value ("interviewed", "awaiting_decision"...); the `label` filter words it.
    state: str
    #: The rule planned next for it ("follow_up"...), or None when nothing is planned.
    next_action: str | None
    #: The day the next action is due, in the user's zone.
    next_date: date | None
    #: Whether nothing has happened on it for too long.
    stale: bool


@dataclass(frozen=True)
class Letter:
    """Everything one message needs: the template's variables, and the thread it belongs to."""

    #: Template name without language or extension: "thank_you", "follow_up"...
    template: str
    #: Language code of the message: "en" or "fr"; a missing translation falls back to English.
    language: str
    #: The user, who signs and sends it.
    sender: Correspondent
    #: The recipients: one interviewer for a thank-you, the user for a prompt or a digest.
    to: tuple[Correspondent, ...]
    #: The employer's name.
    company: str
    #: The user's closing lines (name, phone, profile link); empty to sign with `sender.name`.
    signature: str = ""
    #: The position applied for, if known.
    role: str | None = None
    #: The interview the message is about, if any.
    interview: InterviewNote | None = None
    #: The user's notes on that interview, if they sent any.
    notes: Notes | None = None
    #: The date by which the employer said they would decide, if they said one.
    decision_by: date | None = None
    #: For a reference: how they know the user, as a phrase ("my manager at Initech").
    relation: str | None = None
    #: The applications in progress, for the digest.
    pipeline: tuple[PipelineRow, ...] = ()
    #: Message-ID of the employer's last message in the thread replied to, if replying.
    in_reply_to: str | None = None
    #: That message's own References, in order (ours appends `in_reply_to`).
    references: tuple[str, ...] = ()
    #: Subject of that message, when replying in a thread: ours becomes "Re: " plus it.
    thread_subject: str | None = None
    #: IANA zone the message shows times in (the recipient's where known, else the user's).
    zone: str = "UTC"
    #: Which follow-up this is: 1 for the first, 2 for the second...
    attempt: int = 1

    @property
    def recipient(self) -> Correspondent | None:
        """The first recipient: the person a one-to-one message greets."""
        return self.to[0] if self.to else None

    @property
    def other_interviewers(self) -> tuple[Correspondent, ...]:
        """The interview's interviewers who are not recipients of this message."""
        if self.interview is None:
            return ()
        mine = {person.email.casefold() for person in self.to}
        return tuple(p for p in self.interview.interviewers if p.email.casefold() not in mine)
