"""Evidence about what a message is, as named, weighted signals: headers first, then words.

Header signals are cheap and settle bulk mail, bounces and most auto-replies
before any body is decoded. Word signals come from the language tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from functools import cache
from typing import Literal

from afterview.parsers.anchored import PrefixedSearch
from afterview.parsers.calendar import CalendarEvent
from afterview.parsers.facts import Kind, SenderKind, Signal
from afterview.parsers.languages import Cue, Language
from afterview.parsers.languages.known import LANGUAGES
from afterview.parsers.mime import Mail
from afterview.parsers.prefilter import WORDS, PatternIndex, first_words, literal_prefixes
from afterview.parsers.senders import domain_of, is_freemail, is_relay

_AUTO_REPLIED = re.compile(r"auto-replied", re.I)
_AUTO_PRECEDENCE = re.compile(r"auto[_-]?reply", re.I)
_BULK_PRECEDENCE = re.compile(r"bulk|list|junk", re.I)
_DELIVERY_REPORT = re.compile(
    r"multipart/report.*report-type\s*=\s*\"?delivery-status", re.I | re.S
)
# The prefixes mail clients put before a reply's subject, in the languages they speak.
_REPLY_SUBJECT = re.compile(r"\s*(?:re|ré|aw|sv|antw)\s*:")


@dataclass(frozen=True)
class Gated:
    """A pattern on lower-cased text, tried only where a literal prefix of it occurs whose
    first word the text holds: the text's set of words rules out most places at once."""

    regex: re.Pattern[str]
    # Literal strings one of which begins every match, each with the whole word it starts
    # with (None if it does not start one); None when the pattern has no such prefix.
    triggers: dict[str, str | None] | None

    @classmethod
    def compile(cls, pattern: str, flags: int = 0) -> Gated:
        """The pattern, with its triggers if every match starts with one."""
        triggers = first_words(pattern) if literal_prefixes(pattern) is not None else None
        return cls(re.compile(pattern, flags), triggers)

    def search(self, lowered: str, words: Set[str] | None) -> re.Match[str] | None:
        """The first match in `lowered`, as `regex.search` finds it.

        `words` holds every word of `lowered`, or is None when not known: then the
        pattern is searched the ordinary way.
        """
        if self.triggers is None or words is None:
            return self.regex.search(lowered)
        first = None
        for trigger, word in self.triggers.items():
            if word is not None and word not in words:
                continue
            position = lowered.find(trigger)
            # A later match than one already found is of no use.
            while position != -1 and (first is None or position < first.start()):
                # match() at a position still sees the character before it, so \b holds.
                if found := self.regex.match(lowered, position):
                    first = found
                    break
                position = lowered.find(trigger, position + 1)
        return first


# Cues are looked for in this much of the new text: what decides a message is said early.
CUE_TEXT_LIMIT = 6000


@cache
def _compiled(language: Language) -> tuple[tuple[Cue, Gated], ...]:
    # Cue patterns are lower case and run on lower-cased text: re.IGNORECASE costs ~30%.
    return tuple((cue, Gated.compile(cue.pattern, re.M)) for cue in language.cues)


@cache
def _cue_index(language: Language) -> PatternIndex:
    return PatternIndex([cue.pattern for cue in language.cues])


# The word lists below are lower case and read lower-cased text: re.IGNORECASE is several
# times slower, and these run on every message.
@cache
def _interview_words(language: Language) -> re.Pattern[str]:
    return re.compile(language.interview_words)


@cache
def _event(language: Language) -> re.Pattern[str]:
    return re.compile(language.event_words)


@cache
def _job_words(language: Language) -> re.Pattern[str]:
    return re.compile(language.job_words)


def words(subject: str, body: str) -> list[str]:
    """The lower-cased words of a subject and the start of a body, where cues are looked for.

    Read once per message: the language guess counts them and the cues are looked up in them.
    """
    return WORDS.findall(f"{subject}\n{body[:CUE_TEXT_LIMIT]}".lower())


def detect_language(words: Sequence[str]) -> Language:
    """The known language whose common words are most frequent among `words` (lower case)."""
    # Every occurrence of a common word counts; map and sum run the loop in C.
    return max(LANGUAGES, key=lambda lang: sum(map(lang.common_words.__contains__, words)))


def header_signals(mail: Mail, sender: SenderKind) -> Iterator[Signal]:
    """Signals from headers alone: bounces, auto-replies, bulk mail."""
    if _DELIVERY_REPORT.search(mail.headers.get("Content-Type", "")):
        yield Signal(
            "delivery_status_report", Kind.BOUNCE, 6.0, "multipart/report; delivery-status"
        )
    if sender is SenderKind.MAILER:
        yield Signal("mailer_daemon_sender", Kind.BOUNCE, 3.0, mail.sender.email or "")
    if _AUTO_REPLIED.search(mail.header("Auto-Submitted")):
        yield Signal(
            "auto_submitted_auto_replied", Kind.AUTO_REPLY, 3.0, "Auto-Submitted: auto-replied"
        )
    if mail.has("X-Autoreply") or mail.has("X-Autorespond"):
        yield Signal("x_autoreply_header", Kind.AUTO_REPLY, 3.0, "X-Autoreply")
    precedence = mail.header("Precedence")
    if _AUTO_PRECEDENCE.search(precedence):
        yield Signal("precedence_auto_reply", Kind.AUTO_REPLY, 3.0, f"Precedence: {precedence}")
    if is_bulk(mail) and not is_relay(domain_of(mail.sender.email)):
        yield Signal(
            "bulk_mail_headers", Kind.UNRELATED, 4.0, "List-Unsubscribe/List-Id/Precedence"
        )


def is_bulk(mail: Mail) -> bool:
    """Whether mailing-list or bulk headers are present."""
    precedence = mail.header("Precedence")
    return (
        mail.has("List-Unsubscribe")
        or mail.has("List-Id")
        or bool(_BULK_PRECEDENCE.search(precedence))
    )


def calendar_signals(
    events: Sequence[CalendarEvent], mail: Mail, language: Language
) -> Iterator[Signal]:
    """Signals from the invitation's events: an interview invitation or its cancellation."""
    interview, job = _interview_words(language), _job_words(language)
    subject = mail.subject.lower()
    for event in events:
        # "Alex Morgan <> Fernway | Technical deep dive" names no interview; its
        # description ("for the Data Engineer role") says it is about a job.
        summary = event.summary.lower()
        about_interview = interview.search(summary) or interview.search(subject)
        about_job = job.search(f"{summary}\n{subject}\n{event.description[:600].lower()}")
        if not (about_interview or about_job):
            continue
        if _event(language).search(f"{summary} {subject}"):
            continue
        organizer = event.organizer.email if event.organizer else None
        if is_freemail(domain_of(organizer or mail.sender.email)):
            # A friend's "mock interview" invitation: employers do not invite from gmail.com.
            continue
        if event.cancelled:
            yield Signal("calendar_cancel", Kind.INTERVIEW_CANCELLED, 5.0, event.summary[:60])
        elif event.method in {"REQUEST", "PUBLISH", None}:
            summary = event.summary[:60]
            yield Signal("calendar_interview_request", Kind.INTERVIEW_CONFIRMATION, 4.0, summary)
        return


def cue_signals(
    subject: str, body: str, language: Language, vocabulary: Set[str]
) -> Iterator[Signal]:
    """Signals from the language's cues found in the subject and the new text.

    `vocabulary` is the set of their `words`.
    """
    # What decides a message is said early; signatures and footers past this decide nothing.
    subject, body = subject.lower(), body[:CUE_TEXT_LIMIT].lower()
    # A reply's subject repeats the message it answers ("Re: Interview confirmed"): its
    # words describe the thread, and count half beside the reply's own.
    echo = 0.5 if _REPLY_SUBJECT.match(subject) else 1.0
    # The words of the text rule out most cues, and most of their prefixes, before any search.
    possible = _cue_index(language).candidates(f"{subject}\n{body}", vocabulary)
    for index, (cue, compiled) in enumerate(_compiled(language)):
        if index not in possible:
            continue
        in_subject = cue.where != "body" and compiled.search(subject, vocabulary)
        found = in_subject or (cue.where != "subject" and compiled.search(body, vocabulary))
        if found:
            weight = cue.weight * echo if in_subject else cue.weight
            yield Signal(f"{language.code}:{cue.name}", cue.kind, weight, found.group(0)[:60])


def about_a_job(text: str, language: Language) -> bool:
    """Whether the text speaks of applications, interviews, offers at all."""
    return bool(_job_words(language).search(text.lower()))


@cache
def _meeting_words(language: Language) -> re.Pattern[str]:
    return re.compile(language.meeting_words)


@cache
def _own_application() -> Gated:
    return Gated.compile("|".join(f"(?:{lang.own_application})" for lang in LANGUAGES))


def about_my_application(text: str, words: Set[str] | None = None) -> bool:
    """Whether the text speaks to its reader of their own application, in a known language.

    `words`, if known, hold every lower-cased word of the text.
    """
    return bool(_own_application().search(text.lower(), words))


@cache
def _own_process(language: Language) -> Gated:
    return Gated.compile(language.own_process)


def about_my_process(text: str, language: Language, words: Set[str] | None = None) -> bool:
    """Whether the text speaks to its reader of their own interviews ("your final round").

    `words`, if known, hold every lower-cased word of the text.
    """
    return bool(_own_process(language).search(text.lower(), words))


def mentions_meeting(text: str, language: Language) -> bool:
    """Whether the text names a meeting about a job: an interview, or a call about a role."""
    if mentions_interview(text, language):
        return True
    return names_a_meeting(text, language) and about_a_job(text, language)


@cache
def _practice_words(language: Language) -> re.Pattern[str]:
    return re.compile(language.practice_words)


def names_practice(text: str, language: Language) -> bool:
    """Whether the text names a rehearsal or a recruiting event: a mock interview, a job fair."""
    return bool(_practice_words(language).search(text.lower()))


def names_a_meeting(text: str, language: Language) -> bool:
    """Whether the text names a meeting of any kind: a call, a chat, Teams."""
    return bool(_meeting_words(language).search(text.lower()))


def mentions_interview(text: str, language: Language) -> bool:
    """Whether the text names a job interview."""
    return bool(_interview_words(language).search(text.lower()))


@cache
def _pitch(language: Language) -> tuple[PrefixedSearch, ...]:
    # Tried only where their first words occur: most texts hold none of them.
    return tuple(PrefixedSearch(phrase) for phrase in language.pitch)


def pitch_phrases(text: str, language: Language) -> list[str]:
    """The phrases of a pitch about a new role the text holds, one per kind of phrase."""
    lowered = text[:CUE_TEXT_LIMIT].lower()
    return [
        found.group(0)
        for pattern in _pitch(language)
        if (found := next(pattern.finditer(lowered), None))
    ]


# The language's phrase tables read against the start of the new text, by field name:
# a networking meeting ("informational interview", "coffee chat"), a writer's own interview
# ("my interview", "mon entrevue"), an interview or application for no job ("admissions
# interview"), a seller's meeting ("demo", "pricing").
PhraseTable = Literal["networking", "own_interview", "not_for_a_job", "sales_meeting"]


@cache
def _phrases(language: Language, table: PhraseTable) -> Gated:
    pattern: str = getattr(language, table)
    return Gated.compile(pattern)


def said(
    table: PhraseTable, text: str, language: Language, words: Set[str] | None = None
) -> str | None:
    """The first words of the start of a text, lower-cased, that one of the language's
    phrase tables matches, if any.

    `words`, if known, hold every lower-cased word of the start of the text.
    """
    found = _phrases(language, table).search(text[:CUE_TEXT_LIMIT].lower(), words)
    return found.group(0) if found else None


# The prefixes mail clients put before a forwarded message's subject.
_FORWARD_SUBJECT = re.compile(r"\s*(?:fwd?|tr|wg|enc)\s*:", re.IGNORECASE)


def forwarded(subject: str) -> bool:
    """Whether the subject says the message forwards another ("Fwd:", "TR :")."""
    return _FORWARD_SUBJECT.match(subject) is not None


@cache
def _subscription(language: Language) -> re.Pattern[str]:
    return re.compile(language.subscription)


# A footer is at the end: its last lines are read, not the whole text.
_FOOTER = 800


def subscription_footer(text: str, language: Language) -> str | None:
    """The words of a subscription's footer at the end of the text ("unsubscribe"), if any."""
    found = _subscription(language).search(text[-_FOOTER:].lower())
    return found.group(0) if found else None
