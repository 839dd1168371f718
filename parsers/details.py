"""What a classified message says: employer, role, interview, decision date, scheduling link."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from afterview.parsers import (
    absence,
    bounce,
    calendar,
    company_names,
    employer,
    participants,
    position,
    signals,
)
from afterview.parsers.facts import Facts, Interview, Kind, Person, SenderKind
from afterview.parsers.mime import flowing
from afterview.parsers.reading import Reading
from afterview.parsers.senders import ats_accounts, domain_of, is_relay

SCHEDULING_LINK = re.compile(
    r"https?://(?:[\w-]+\.)*(?:calendly\.com|goodtime\.io|cal\.com|youcanbook\.me|zcal\.co|"
    r"calendar\.app\.google|meetings\.hubspot\.com|outlook\.office(?:365)?\.com/(?:owa/calendar|book)|"
    r"[\w.-]*greenhouse\.io/\S*schedul|[\w.-]*lever\.co/\S*(?:schedul|interview)|"
    r"[\w.-]*ashbyhq\.com/\S*schedul|"
    r"[\w.-]*(?:workable|teamtailor|jobvite|smartrecruiters|icims)\S*?/\S*(?:schedul|book|slot|interview))\S*",
    re.I,
)
_TIMED = frozenset({Kind.INTERVIEW_CONFIRMATION, Kind.INTERVIEW_CANCELLED})
_UNDATED = frozenset({Kind.OFFER, Kind.REJECTION, Kind.AUTO_REPLY})


def with_details(facts: Facts, reading: Reading) -> Facts:
    """The facts with everything the message says about its application filled in."""
    language = reading.language.code
    if facts.kind is Kind.BOUNCE:
        return _bounce_details(replace(facts, language=language), reading)
    if facts.kind is Kind.UNRELATED:
        return replace(facts, language=language)
    mail = reading.mail
    return replace(
        facts,
        language=language,
        company=employer.company(
            mail.sender,
            facts.sender_kind,
            mail.subject,
            (reading.text, mail.text),
            language=reading.language,
            people=_people(reading),
            colleagues=_colleagues(reading),
            accounts=ats_accounts(mail.shown_links),
            spellings=mail.image_names,
        ),
        role=position.role(
            mail.subject,
            reading.flowing_text,
            reading.language,
            titles=[event.summary for event in reading.events],
            lines=reading.text,
            earlier=mail.text if mail.text != reading.text else "",
        ),
        scheduling_url=_scheduling_url(reading)
        if facts.kind is Kind.INTERVIEW_INVITATION
        else None,
        interview=_interview(facts.kind, reading) if facts.kind in _TIMED else None,
        decision_by=None if facts.kind in _UNDATED else reading.decision_by,
        ooo_until=_back_on(reading) if facts.kind is Kind.AUTO_REPLY else None,
    )


def _back_on(reading: Reading) -> date | None:
    """The day an out-of-office reply says its writer is back (or away until)."""
    if reading.sent_at is None:
        return None
    zone, code = reading.context.user_tz, reading.language.code
    return absence.return_date(reading.text, reading.sent_at, user_tz=zone, language=code)


def _bounce_details(facts: Facts, reading: Reading) -> Facts:
    """Who could not be reached, and their employer as the returned message spells it."""
    notice = bounce.read_bounce(reading.mail.raw)
    if notice is None:
        return facts
    returned = [m.text for m in reading.mail.enclosed]
    phrases = company_names.capitalised_phrases(
        (notice.original_subject or "", *returned, reading.mail.text)
    )
    labels = [label for a in notice.failed if (label := company_names.domain_label(a))]
    named = [company_names.name_for_slug(label, phrases) for label in labels]
    # A mistyped domain is often why the mail came back; the text spells the right name.
    named += [company_names.name_for_mistyped(label, phrases) for label in labels]
    # Unspelled in the text, the failed recipient's domain still names the employer.
    words = [word for phrase in phrases for word in phrase.split()]
    named += [company_names.name_from_slug(label, words) for label in labels]
    # The returned message names the role it was about ("Thank you - Data Engineer interview").
    text = "\n\n".join(returned)
    subject, body = notice.original_subject or "", flowing(text)
    role = position.role(subject, body, signals.detect_language(signals.words(subject, body)))
    company = next(filter(None, named), None)
    return replace(facts, bounced_recipients=notice.failed, company=company, role=role)


def _scheduling_url(reading: Reading) -> str | None:
    return next((url for url in reading.mail.links if SCHEDULING_LINK.match(url)), None)


def _interview(kind: Kind, reading: Reading) -> Interview | None:
    """The interview a confirmation fixes or a cancellation calls off: invitation, else text."""
    if not reading.events:
        if reading.prose_time is None:
            return None
        start, end = reading.prose_time
        return Interview(start, end, None, None, _video(reading), _people_in_text(reading))
    sessions = _sent_for(
        reading, _sessions(reading.events, cancelled=kind is Kind.INTERVIEW_CANCELLED)
    )
    first, me = sessions[0], reading.context.me
    people = participants.sessions(
        sessions, me=me, text=reading.people_text, sender=reading.mail.sender
    )
    # An itinerary runs from its first session's start to its last session's end.
    ends = [e.end for e in sessions if e.end is not None]
    end = max(ends) if len(sessions) > 1 and ends else first.end
    return Interview(
        first.start,
        end,
        first.timezone,
        first.location,
        first.url or _video(reading),
        people,
    )


def _video(reading: Reading) -> str | None:
    """A video link in the text or behind the HTML's links (read only when needed)."""
    return next((u for u in reading.mail.links if calendar.VIDEO_LINK.match(u)), None)


def _sessions(
    events: list[calendar.CalendarEvent], *, cancelled: bool
) -> list[calendar.CalendarEvent]:
    """The sessions an invitation fixes or cancels: the latest revision of each, in time order."""
    # A cancellation is read from its cancelled events; failing those, from any.
    chosen = [e for e in events if e.cancelled == cancelled] or events
    latest: dict[str | None, calendar.CalendarEvent] = {}
    for event in chosen:
        held = latest.get(event.uid)
        if held is None or event.sequence > held.sequence:
            latest[event.uid] = event
    return sorted(latest.values(), key=lambda e: e.start)


def _sent_for(
    reading: Reading, events: list[calendar.CalendarEvent]
) -> list[calendar.CalendarEvent]:
    """Invitations a colleague sent from the organizer's own calendar, as SENT-BY says.

    Outlook writes the organizer in From and the delegate (an assistant) in Sender; a
    calendar service in Sender (Google Calendar's notifications) is no colleague.
    """
    owner = reading.mail.sender.email
    delegate = next((p.email for p in reading.mail.addresses("Sender") if p.email), None)
    if not owner or not delegate or delegate == owner:
        return events
    if company_names.domain_label(delegate) != company_names.domain_label(owner):
        return events
    return [
        replace(event, sent_by=delegate)
        if event.organizer and event.organizer.email == owner and not event.sent_by
        else event
        for event in events
    ]


def _people_in_text(reading: Reading) -> tuple[Person, ...]:
    """Interviewers a text confirmation names: by address or name, or the writer."""
    mail = reading.mail
    me = reading.context.me
    writer = _writer(reading)
    others = [p for p in mail.addresses("To", "Reply-To") if p.email not in me]
    headers = participants.HeaderPeople(
        copied=mail.addresses("Cc"), others=[p for p in others if p.email != writer.email]
    )
    return participants.named_in_text(reading.people_text, writer, headers, me=me)


def _writer(reading: Reading) -> Person:
    """Who wrote: the sender, or for mail an ATS relays, the person replies go to.

    "Leah Kim <no-reply@us.greenhouse-mail.io>", Reply-To "Leah Kim <leah@fernhilllabs.com>".
    """
    sender = reading.mail.sender
    if reading.sender_kind is SenderKind.HUMAN:
        return sender
    replies = [p for p in reading.mail.addresses("Reply-To") if p.email]
    same = [p for p in replies if p.name and sender.name and p.name == sender.name]
    return same[0] if same else sender


def _people(reading: Reading) -> list[str]:
    """Names of people in the headers and invitations, and the candidate's: never the employer."""
    # A name on an ATS's reply alias is the employer's ("Acme <reply+8f2@ats-mail.com>").
    addressed = reading.mail.addresses("To", "Cc", "Reply-To")
    named = [p.name for p in addressed if p.name and not is_relay(domain_of(p.email))]
    # The candidate's own name, as their address spells it: "alex.morgan" is Alex Morgan.
    named += [re.sub(r"[._-]+", " ", address.partition("@")[0]) for address in reading.context.me]
    return named + [p.name for p in _invited(reading) if p.name]


def _colleagues(reading: Reading) -> list[str]:
    """Addresses of the people a message is sent for or with: never the candidate."""
    found = [p.email or "" for p in _invited(reading)]
    found += [p.email or "" for p in reading.mail.addresses("Reply-To", "Cc")]
    return [a for a in dict.fromkeys(found) if a and a not in reading.context.me]


def _invited(reading: Reading) -> list[Person]:
    """Organizers and attendees of the message's invitations."""
    return [p for e in reading.events for p in (e.organizer, *e.attendees) if p is not None]
