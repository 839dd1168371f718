"""One message's raw bytes in, its Facts out: the parser's single entry point. Never raises."""

from __future__ import annotations

import re

from afterview.parsers import classify, signals
from afterview.parsers.calendar import VIDEO_LINK
from afterview.parsers.details import SCHEDULING_LINK, with_details
from afterview.parsers.facts import Facts, Kind, SenderKind, Signal
from afterview.parsers.mime import Mail, first_message_id, message_ids
from afterview.parsers.reading import Context, Reading, new_text
from afterview.parsers.senders import domain_of, employer_domain, is_freemail, is_job_board

__all__ = ["Context", "new_text", "parse_message"]


def parse_message(raw: bytes, context: Context) -> Facts:
    """Classify one message and extract what it says; an unreadable one says why."""
    try:
        return _parse(Reading(Mail(raw), context))
    except Exception as exc:  # noqa: BLE001 -- one bad message must never stop the daemon
        return Facts(kind=Kind.UNREADABLE, confidence=0.0, error=f"{type(exc).__name__}: {exc}")


def _parse(reading: Reading) -> Facts:
    evidence = list(signals.header_signals(reading.mail, reading.sender_kind))
    if _from_me(reading):
        return _facts(reading, classify.decide(evidence, fallback=Kind.UNRELATED))
    if _settled_by_headers(evidence):
        if not _employer_mailer(reading):
            # Bulk mail is settled by its headers: no body is decoded.
            return _facts(reading, classify.decide(evidence, fallback=Kind.UNRELATED))
        # An employer's own careers mailer adds bulk headers to candidate mail too.
        evidence = [s for s in evidence if s.name != "bulk_mail_headers"]
        evidence.append(Signal("employer_mailer_about_my_application", Kind.UNRELATED, 0.0))
    evidence += signals.calendar_signals(reading.events, reading.mail, reading.language)
    evidence += signals.cue_signals(
        reading.mail.subject, reading.flowing_text, reading.language, reading.vocabulary
    )
    evidence += _context_signals(reading)
    # Without an application event's evidence the fallback reads a list's mail as unrelated.
    if any(s.kind in _EVENTS for s in evidence) and (footer := _subscription_footer(reading)):
        evidence.append(Signal("subscription_footer", Kind.UNRELATED, 6.0, footer))
    evidence += _pitch_signal(reading, evidence)
    evidence += _not_the_readers_event(reading, evidence)
    if not classify.decisive(evidence):
        evidence += _timeline_signal(reading)
    verdict = classify.decide(evidence, fallback=_fallback(reading, evidence))
    return with_details(_facts(reading, verdict), reading)


_EVENTS = frozenset(Kind) - {Kind.UNRELATED, Kind.BOUNCE, Kind.AUTO_REPLY, Kind.UNREADABLE}


def _settled_by_headers(evidence: list[Signal]) -> bool:
    # Zimbra and others mark vacation replies "Precedence: bulk": machine replies are read on.
    machine = any(s.kind in {Kind.AUTO_REPLY, Kind.BOUNCE} for s in evidence)
    return not machine and any(s.name == "bulk_mail_headers" for s in evidence)


def _employer_mailer(reading: Reading) -> bool:
    """Bulk mail from the employer's own domain, to the candidate, about their application.

    Careers sites on the employer's domain send candidate mail through bulk mailers
    (List-Unsubscribe); job boards and newsletters speak of jobs but never of "your
    application to" in the employer's own name.
    """
    mail, me = reading.mail, reading.context.me
    domain = employer_domain(mail.sender)
    if domain is None or is_job_board(domain):
        return False
    if me and not any(p.email in me for p in mail.addresses("To")):
        return False
    # Said early, in any language: read before the quote parser or language detection run.
    return signals.about_my_application(f"{mail.subject}\n{mail.text[:3000]}")


def _from_me(reading: Reading) -> bool:
    return (reading.mail.sender.email or "") in reading.context.me


def _context_signals(reading: Reading) -> list[Signal]:
    """Evidence from who wrote, what about, and what the text fixes."""
    out = []
    if not reading.about_a_job:
        out.append(Signal("no_job_words", Kind.UNRELATED, 2.0))
    if reading.sender_kind is SenderKind.HUMAN:
        out += _personal_news(reading)
    # A booking link in mail that speaks of no job books a dentist, not an interview.
    if reading.about_a_job and (link := _scheduling_link(reading)):
        out.append(Signal("scheduling_link", Kind.INTERVIEW_INVITATION, 2.0, link[:60]))
    if words := signals.said(
        "networking", reading.flowing_text, reading.language, reading.vocabulary
    ):
        out.append(Signal("networking_meeting", Kind.UNRELATED, 4.0, words))
    out += _time_in_text(reading)
    if signals.names_practice(_titles(reading), reading.language):
        # A mock interview, a career fair, a coaching session: its title settles that it is
        # not the candidate's interview, whatever its confirmation says.
        out.append(Signal("practice_or_recruiting_event", Kind.UNRELATED, 6.0))
    return out


def _personal_news(reading: Reading) -> list[Signal]:
    """A person's own news about jobs: no event of the reader's.

    A friend forwards mail they received to a personal mailbox ("Fwd: Your application
    to..."), or writes of their own interview ("my interview is confirmed for Thursday")
    from any address, when nothing in the text speaks of the reader's own application.
    """
    out = []
    sender = reading.mail.sender.email or ""
    if is_freemail(domain_of(sender)):
        out.append(Signal("personal_mailbox", Kind.UNRELATED, 1.5, sender))
        if signals.forwarded(reading.mail.subject):
            subject = reading.mail.subject[:60]
            out.append(Signal("forwarded_by_a_person", Kind.UNRELATED, 4.0, subject))
    text, language = reading.flowing_text, reading.language
    words = signals.said("own_interview", text, language, reading.vocabulary)
    if words and not reading.about_my_application:
        out.append(Signal("writers_own_interview", Kind.UNRELATED, 3.0, words))
    return out


def _subscription_footer(reading: Reading) -> str | None:
    """A list's footer ("unsubscribe", "you're getting this because you signed up").

    It says what bulk headers say, and weighs as much as a practice event's title. An
    ATS, an invitation (calendars write "you are receiving this email because you are
    an attendee") and an employer's mailer writing of the reader's own application are
    no lists.
    """
    if reading.sender_kind is SenderKind.ATS or reading.events:
        return None
    footer = signals.subscription_footer(reading.text, reading.language)
    if footer is None or reading.about_my_application:
        return None
    return footer


def _pitch_signal(reading: Reading, evidence: list[Signal]) -> list[Signal]:
    """A pitch's request for a call ("would you be open to a quick call? grab a time") is
    no interview invitation: cold outreach about a new role is unrelated (DOMAIN.md).

    A pitch says two of its phrases ("caught my eye", "we're growing") and never speaks
    of the reader's own application, nor answers a thread the candidate wrote in.
    """
    asks = sum(s.weight for s in evidence if s.kind is Kind.INTERVIEW_INVITATION)
    if not asks:
        return []
    phrases = signals.pitch_phrases(reading.flowing_text, reading.language)
    if len(phrases) < 2 or reading.about_my_application or _answers_me(reading):
        return []
    return [Signal("pitch_for_a_new_role", Kind.UNRELATED, asks + 1.0, "; ".join(phrases)[:60])]


def _not_the_readers_event(reading: Reading, evidence: list[Signal]) -> list[Signal]:
    """What settles that mail holds no event of the reader's job search, whatever its cues.

    An interview or application for no job ("admissions interview", "demande de
    logement"), a seller's demo in mail that speaks of no job, or a person forwarding
    mail they received about their own application: DOMAIN.md reads each as unrelated.
    The signal outweighs the strongest event's evidence.
    """
    events = max((w for k, w in classify.scores(evidence).items() if k in _EVENTS), default=0.0)
    if not events:
        return []
    language, subject = reading.language, reading.mail.subject
    if words := signals.said("not_for_a_job", subject, language) or signals.said(
        "not_for_a_job", reading.flowing_text, language, reading.vocabulary
    ):
        return [Signal("not_for_a_job", Kind.UNRELATED, events + 1.0, words)]
    if not reading.about_a_job and (
        words := signals.said("sales_meeting", subject, language)
        or signals.said("sales_meeting", reading.flowing_text, language, reading.vocabulary)
    ):
        return [Signal("sales_meeting", Kind.UNRELATED, events + 1.0, words)]
    if reading.sender_kind is SenderKind.HUMAN and (recipient := _forwards_own_mail(reading)):
        return [Signal("forwards_own_mail", Kind.UNRELATED, events + 1.0, recipient[:60])]
    return []


# The header block of a forwarded message: its sender, then its recipients a few lines down.
_FORWARDED_HEADERS = re.compile(
    r"(?im)^[ \t>*]*(?:from|de)[ \t]*:.*\n(?:.*\n){0,4}?[ \t>*]*(?:to|à)[ \t]*:[ \t*]*(?P<to>.+)$"
)


def _forwards_own_mail(reading: Reading) -> str | None:
    """The recipients of forwarded mail, when the forwarder received it and it is not the reader's.

    A friend forwards their own offer for advice: the forwarded mail went to them, and
    neither names the reader. A recruiter forwarding a manager's invitation names the
    candidate ("Interview: Alex Morgan"); one forwarding their own mail about the
    candidate does too.
    """
    mail = reading.mail
    if not signals.forwarded(mail.subject):
        return None
    found = _FORWARDED_HEADERS.search(mail.text)
    if found is None:
        return None
    recipients, forwarder = found.group("to").lower(), mail.sender
    if not any(part and part.lower() in recipients for part in (forwarder.email, forwarder.name)):
        return None
    forwarded = mail.text[found.start() :].lower()
    me = reading.context.me
    if any(address in forwarded for address in me):
        return None
    if any(re.search(rf"\b{re.escape(name)}\b", forwarded) for name in _readers_names(reading)):
        return None
    return recipients


def _readers_names(reading: Reading) -> set[str]:
    """The reader's given names, lower-cased: from To and Cc, else from their address."""
    me = reading.context.me
    named = [p.name for p in reading.mail.addresses("To", "Cc") if p.email in me and p.name]
    if named:
        return {name.split()[0].lower() for name in named}
    # "alex.morgan@example.net": the first part of the address is a given name.
    locals_ = (address.partition("@")[0] for address in me)
    return {first for local in locals_ if len(first := re.split(r"[._-]", local)[0]) > 2}


def _scheduling_link(reading: Reading) -> str | None:
    """A booking link in the new text, or behind a button of HTML-only mail."""
    found = SCHEDULING_LINK.search(reading.text)
    if found is None and reading.mail.text_is_html:
        # The HTML source holds its buttons' addresses: searched as is, it need not be parsed.
        found = SCHEDULING_LINK.search(reading.mail.html)
    return found.group(0) if found else None


def _timeline_signal(reading: Reading) -> list[Signal]:
    """An employer's stated timeline ("feedback early next week"), read when cues are weak."""
    if not reading.about_a_job or employer_domain(reading.mail.sender) is None:
        return []
    day = reading.decision_by
    return [Signal("states_a_timeline", Kind.EMPLOYER_REPLY, 1.5, str(day))] if day else []


def _time_in_text(reading: Reading) -> list[Signal]:
    """A time the text fixes (a confirmation) or asks about (an invitation), in mail about a job.

    DOMAIN.md: a confirmation is an interview at a fixed time, by text or invitation; a
    pasted meeting invitation ("Mateo is inviting you to a scheduled Zoom meeting") in
    mail about a job is one too. "Would Thursday at 2 PM work?" proposes a time.
    """
    sender = reading.mail.sender.email or ""
    meeting = (
        reading.mentions_meeting
        or VIDEO_LINK.search(reading.text) is not None
        or _meeting_with_me(reading)
    )
    # A friend's "my final interview is Thursday at 3" is no employer fixing a time.
    if not meeting or is_freemail(domain_of(sender)) or reading.mail.calendars:
        return []
    stated = reading.stated_time
    if stated is None:
        return []
    if stated.asked:
        return [
            Signal("time_asked_in_text", Kind.INTERVIEW_INVITATION, 2.5, stated.start.isoformat())
        ]
    return [
        Signal("fixed_time_in_text", Kind.INTERVIEW_CONFIRMATION, 2.5, stated.start.isoformat())
    ]


def _meeting_with_me(reading: Reading) -> bool:
    """A meeting ("I'll send a Teams invite") in a reply to the candidate's own message.

    The candidate offered times and the employer picked one: the thread is the job's even
    when neither message names it.
    """
    return reading.quotes_me and signals.names_a_meeting(reading.text, reading.language)


def _titles(reading: Reading) -> str:
    """The subject and the titles of its invitation's events."""
    return "\n".join([reading.mail.subject, *(event.summary for event in reading.events)])


def _fallback(reading: Reading, evidence: list[Signal]) -> Kind:
    """With no strong cue: an employer answering the candidate about a job is an employer reply.

    Answering means an ATS message, an employer's words about the candidate's own
    process ("we'll get back to you by Friday"), application ("next steps for your
    application") or interviews ("thanks for coming in"), or a reply in a thread whose
    quoted mail (if any) the candidate wrote: a recruiter's follow-up to their
    own cold email is not.
    """
    ats = reading.sender_kind is SenderKind.ATS
    at_employer = ats or employer_domain(reading.mail.sender) is not None
    if not at_employer or not reading.about_a_job:
        return Kind.UNRELATED
    if ats or any(s.kind is Kind.EMPLOYER_REPLY for s in evidence):
        return Kind.EMPLOYER_REPLY
    # "Next steps for your application", "after your final round": no cold message speaks of
    # the reader's own application or interviews.
    text = reading.text
    about_me = reading.about_my_application or signals.about_my_process(
        text, reading.language, reading.all_words
    )
    return Kind.EMPLOYER_REPLY if about_me or _answers_me(reading) else Kind.UNRELATED


def _answers_me(reading: Reading) -> bool:
    """Whether the message replies in a thread the candidate wrote in."""
    mail = reading.mail
    threaded = mail.has("In-Reply-To") or mail.subject.lower().startswith(("re:", "ré:", "re :"))
    if not threaded:
        return False
    quoted, me = reading.quoted_authors, reading.context.me
    authors = quoted - {(mail.sender.email or "").lower()}
    return not quoted or bool(authors & me) or not me


def _facts(reading: Reading, verdict: classify.Verdict) -> Facts:
    headers = reading.mail.headers
    return Facts(
        kind=verdict.kind,
        confidence=verdict.confidence,
        message_id=first_message_id(headers.get("Message-ID")),
        in_reply_to=first_message_id(headers.get("In-Reply-To")),
        references=tuple(message_ids(headers.get("References"))),
        sent_at=reading.sent_at,
        sender=reading.mail.sender,
        recipients=tuple(reading.mail.addresses("To", "Cc")),
        subject=reading.mail.subject,
        sender_kind=reading.sender_kind,
        signals=verdict.signals,
    )
