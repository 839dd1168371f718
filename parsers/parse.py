"""One message's raw bytes in, its Facts out: the parser's single entry point. Never raises."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Container
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo

from mailparser_reply import EmailReplyParser

from afterview.parsers import calendar, classify, employer, signals, timeline, when
from afterview.parsers.facts import Facts, Interview, Kind, Person, SenderKind, Signal
from afterview.parsers.languages import Language
from afterview.parsers.mime import Mail
from afterview.parsers.senders import is_freemail, sender_kind

SCHEDULING_LINK = re.compile(
    r"https?://(?:[\w-]+\.)*(?:calendly\.com|goodtime\.io|cal\.com|youcanbook\.me|zcal\.co|"
    r"calendar\.app\.google|meetings\.hubspot\.com|outlook\.office(?:365)?\.com/(?:owa/calendar|book)|"
    r"[\w.-]*greenhouse\.io/\S*schedul|[\w.-]*lever\.co/\S*(?:schedul|interview)|[\w.-]*ashbyhq\.com/\S*schedul|"
    r"[\w.-]*(?:workable|teamtailor|jobvite|smartrecruiters|icims)\S*?/\S*(?:schedul|book|slot|interview))\S*",
    re.I,
)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
# Thread parsing is per-language data inside the library; one instance serves every message.
_REPLIES = EmailReplyParser(languages=["en", "fr"])


@dataclass(frozen=True)
class Context:
    """What the parser needs to know about the mailbox's owner."""

    me: frozenset[str] = frozenset()
    user_tz: tzinfo = UTC
    holidays: Container[date] = field(default_factory=frozenset)


def parse_message(raw: bytes, context: Context) -> Facts:
    """Classify one message and extract what it says; an unreadable one says why."""
    try:
        return _parse(Mail(raw), context)
    except Exception as exc:  # noqa: BLE001 -- one bad message must never stop the daemon
        return Facts(kind=Kind.UNREADABLE, confidence=0.0, error=f"{type(exc).__name__}: {exc}")


# Marks of quoted mail in any language the reply parser knows; without one, all text is new.
_QUOTE_MARKS = re.compile(
    r"^\s*>|wrote:|a écrit|^\s*(?:from|de|von|envoyé|sent)\s*:|-----\s*(?:original|message)",
    re.I | re.M,
)


def new_text(text: str) -> str:
    """The text the sender wrote in this message, without the quoted earlier ones."""
    if not _QUOTE_MARKS.search(text):
        return text
    try:
        reply = _REPLIES.parse_reply(text=text)
    except Exception:  # noqa: BLE001 -- the library is heuristic; the whole text is a fine fallback
        return text
    return reply if isinstance(reply, str) and reply.strip() else text


def _parse(mail: Mail, context: Context) -> Facts:
    kind_of_sender = sender_kind(mail.sender)
    evidence = list(signals.header_signals(mail, kind_of_sender))
    if _settled_by_headers(evidence) or _from_me(mail, context):
        # Bulk mail is settled by its headers: no body is decoded.
        return _facts(mail, classify.decide(evidence, fallback=Kind.UNRELATED), kind_of_sender)
    text = new_text(mail.text)
    language = signals.detect_language(f"{mail.subject}\n{text}")
    evidence += signals.calendar_signals(mail, language)
    evidence += signals.cue_signals(mail.subject, text, language)
    evidence += _context_signals(mail, kind_of_sender, text, language)
    verdict = classify.decide(
        evidence,
        fallback=_fallback(
            mail,
            sender=kind_of_sender,
            text=text,
            language=language,
            context=context,
            evidence=evidence,
        ),
    )
    facts = _facts(mail, verdict, kind_of_sender)
    return _with_details(facts, mail, text, language, context)


def _settled_by_headers(evidence: list[Signal]) -> bool:
    # Zimbra and others mark vacation replies "Precedence: bulk": machine replies are read on.
    machine = any(s.kind in {Kind.AUTO_REPLY, Kind.BOUNCE} for s in evidence)
    return not machine and any(s.name == "bulk_mail_headers" for s in evidence)


def _from_me(mail: Mail, context: Context) -> bool:
    return (mail.sender.email or "") in context.me


def _context_signals(mail: Mail, sender: SenderKind, text: str, language: Language) -> list[Signal]:
    out = []
    if not signals.about_a_job(f"{mail.subject}\n{text}", language):
        out.append(Signal("no_job_words", Kind.UNRELATED, 2.0))
    if sender is SenderKind.HUMAN and is_freemail((mail.sender.email or "").rpartition("@")[2]):
        out.append(Signal("personal_mailbox", Kind.UNRELATED, 1.5, mail.sender.email or ""))
    if link := SCHEDULING_LINK.search(text):
        out.append(Signal("scheduling_link", Kind.INTERVIEW_INVITATION, 2.0, link.group(0)[:60]))
    return out


def _fallback(
    mail: Mail,
    *,
    sender: SenderKind,
    text: str,
    language: Language,
    context: Context,
    evidence: list[Signal],
) -> Kind:
    """With no strong cue: an employer answering the candidate about a job is an employer reply.

    Answering means an ATS message, or a reply in a thread whose quoted mail (if
    any) the candidate wrote: a recruiter's follow-up to their own cold email is not.
    """
    at_employer = employer.employer_domain(mail.sender) is not None or sender is SenderKind.ATS
    if not at_employer or not signals.about_a_job(f"{mail.subject}\n{text}", language):
        return Kind.UNRELATED
    # An employer's words about the candidate's own process ("we'll get back to you by Friday").
    about_my_process = any(s.kind is Kind.EMPLOYER_REPLY for s in evidence)
    if sender is SenderKind.ATS or about_my_process or _answers_me(mail, context):
        return Kind.EMPLOYER_REPLY
    return Kind.UNRELATED


_QUOTE_AUTHOR = re.compile(
    r"^(?:>\s*)*(?:on\b.{0,120}?\bwrote|le\b.{0,120}?\ba écrit|from|de)"
    r"\s*:?.{0,120}?<?([\w.+-]+@[\w.-]+)>?",
    re.I | re.M,
)


def _answers_me(mail: Mail, context: Context) -> bool:
    """Whether the message replies in a thread the candidate wrote in."""
    threaded = mail.has("In-Reply-To") or mail.subject.lower().startswith(("re:", "ré:", "re :"))
    if not threaded:
        return False
    authors = {a.lower() for a in _QUOTE_AUTHOR.findall(mail.text)} - {
        (mail.sender.email or "").lower()
    }
    quoted_sender = bool(_QUOTE_AUTHOR.search(mail.text))
    return not quoted_sender or bool(authors & context.me) or not context.me


def _facts(mail: Mail, verdict: classify.Verdict, sender: SenderKind) -> Facts:
    return Facts(
        kind=verdict.kind,
        confidence=verdict.confidence,
        message_id=_first_id(mail.headers.get("Message-ID")),
        in_reply_to=_first_id(mail.headers.get("In-Reply-To")),
        references=tuple(_MESSAGE_ID.findall(str(mail.headers.get("References", "")))),
        sent_at=_date(mail.headers.get("Date")),
        sender=mail.sender,
        sender_kind=sender,
        signals=verdict.signals,
    )


def _with_details(
    facts: Facts, mail: Mail, text: str, language: Language, context: Context
) -> Facts:
    if facts.kind in {Kind.UNRELATED, Kind.BOUNCE}:
        return replace(facts, language=language.code)
    inviting = facts.kind is Kind.INTERVIEW_INVITATION
    scheduling = (
        next((u for u in mail.links if SCHEDULING_LINK.match(u)), None) if inviting else None
    )
    return replace(
        facts,
        language=language.code,
        company=employer.company(
            mail.sender,
            facts.sender_kind,
            mail.subject,
            (text, mail.text),
            language=language,
            people=_people(mail),
            colleagues=_colleagues(mail, context),
        ),
        role=employer.role(mail.subject, text, language),
        scheduling_url=scheduling,
        interview=_interview(mail, facts, text, language, context)
        if facts.kind in _TIMED
        else None,
        decision_by=_decision_by(facts, text, language, context),
    )


_TIMED = frozenset({Kind.INTERVIEW_CONFIRMATION, Kind.INTERVIEW_CANCELLED})


def _decision_by(facts: Facts, text: str, language: Language, context: Context) -> date | None:
    """When the employer says they will decide or get back, if they say."""
    if facts.sent_at is None or facts.kind in {Kind.OFFER, Kind.REJECTION, Kind.AUTO_REPLY}:
        return None
    return timeline.decision_by(
        text,
        facts.sent_at,
        user_tz=context.user_tz,
        holidays=context.holidays,
        language=language.code,
    )


def _interview(
    mail: Mail, facts: Facts, text: str, language: Language, context: Context
) -> Interview | None:
    """The interview a confirmation fixes or a cancellation calls off: invitation, else text."""
    events = [
        e for e in calendar.read_calendars(mail.calendars, user_tz=context.user_tz) if not e.all_day
    ]
    if not events:
        return _interview_in_text(mail, facts, text, language, context)
    cancelling = facts.kind is Kind.INTERVIEW_CANCELLED
    # The latest revision of the invitation is the one that holds.
    event = max(events, key=lambda e: (e.cancelled == cancelling, e.sequence))
    me = next(iter(context.me), "")
    people = tuple(p for p in calendar.interviewers(event, me=me) if p.email not in context.me)
    url = event.url or next((u for u in mail.links if calendar.VIDEO_LINK.match(u)), None)
    return Interview(event.start, event.end, event.timezone, event.location, url, people)


def _interview_in_text(
    mail: Mail, facts: Facts, text: str, language: Language, context: Context
) -> Interview | None:
    if facts.sent_at is None:
        return None
    found = when.interview_time(
        text, facts.sent_at, user_tz=context.user_tz, language=language.code
    )
    if found is None:
        return None
    start, end = found
    url = next((u for u in mail.links if calendar.VIDEO_LINK.match(u)), None)
    return Interview(start, end, None, None, url, _people_in_text(mail, text, context))


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _people_in_text(mail: Mail, text: str, context: Context) -> tuple[Person, ...]:
    """Interviewers a text confirmation names by address: in the text, or copied on it."""
    sender = (mail.sender.email or "").lower()
    domain = sender.rpartition("@")[2]
    found = [a.lower() for a in _ADDRESS.findall(text)] + [
        p.email or "" for p in mail.addresses("Cc")
    ]
    # Colleagues at the employer's domain; never the candidate, never the sender.
    colleagues = [a for a in dict.fromkeys(found) if a not in context.me and a != sender]
    return tuple(Person(email=a) for a in colleagues if a.endswith("@" + domain))


_CALENDAR_NAME = re.compile(r"[;:]CN=\"?([^\";:\r\n]+)", re.I)
_DISPLAY_NAME = re.compile(r"(?:^|,)\s*\"?([^\",<>@]+?)\"?\s*<")


def _people(mail: Mail) -> list[str]:
    """Names of people in the address headers and calendar invitations: never the employer."""
    headers = " , ".join(mail.header(name) for name in ("To", "Cc", "Reply-To"))
    named = [name.strip() for name in _DISPLAY_NAME.findall(headers) if name.strip()]
    return named + [
        name for calendar in mail.calendars for name in _CALENDAR_NAME.findall(calendar)
    ]


_CALENDAR_ADDRESS = re.compile(r"^(?:ORGANIZER|ATTENDEE)[^\r\n]*?mailto:([^\s;:>\"]+)", re.I | re.M)


def _colleagues(mail: Mail, context: Context) -> list[str]:
    """Addresses of the people a message is sent for or with: never the candidate."""
    found = [a.lower() for cal in mail.calendars for a in _CALENDAR_ADDRESS.findall(cal)]
    found += [p.email or "" for p in mail.addresses("Reply-To", "Cc")]
    return [a for a in dict.fromkeys(found) if a and a not in context.me]


def _first_id(value: str | None) -> str | None:
    match = _MESSAGE_ID.search(str(value or ""))
    return match.group(0) if match else None


def _date(value: str | None) -> datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed is None or parsed.tzinfo else parsed.replace(tzinfo=UTC)
