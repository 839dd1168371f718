"""What a classified message says: employer, role, interview, decision date, scheduling link."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from afterview.parsers import absence, bounce, calendar, company_names, employer, timeline
from afterview.parsers.facts import Facts, Interview, Kind, Person
from afterview.parsers.reading import Reading
from afterview.parsers.senders import domain_of, is_relay

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
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


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
        ),
        role=employer.role(mail.subject, reading.text, reading.language),
        scheduling_url=_scheduling_url(reading)
        if facts.kind is Kind.INTERVIEW_INVITATION
        else None,
        interview=_interview(facts.kind, reading) if facts.kind in _TIMED else None,
        decision_by=None if facts.kind in _UNDATED else _decision_by(reading),
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
    # Unspelled in the text, the failed recipient's domain still names the employer.
    words = [word for phrase in phrases for word in phrase.split()]
    named += [company_names.name_from_slug(label, words) for label in labels]
    return replace(facts, bounced_recipients=notice.failed, company=next(filter(None, named), None))


def _scheduling_url(reading: Reading) -> str | None:
    return next((url for url in reading.mail.links if SCHEDULING_LINK.match(url)), None)


def _decision_by(reading: Reading) -> date | None:
    """When the employer says they will decide or get back, if they say."""
    if reading.sent_at is None:
        return None
    context = reading.context
    return timeline.decision_by(
        reading.text,
        reading.sent_at,
        user_tz=context.user_tz,
        holidays=context.holidays,
        language=reading.language.code,
    )


def _interview(kind: Kind, reading: Reading) -> Interview | None:
    """The interview a confirmation fixes or a cancellation calls off: invitation, else text."""
    video = next((u for u in reading.mail.links if calendar.VIDEO_LINK.match(u)), None)
    if not reading.events:
        if reading.prose_time is None:
            return None
        start, end = reading.prose_time
        return Interview(start, end, None, None, video, _people_in_text(reading))
    cancelling = kind is Kind.INTERVIEW_CANCELLED
    # The latest revision of the invitation is the one that holds.
    event = max(reading.events, key=lambda e: (e.cancelled == cancelling, e.sequence))
    me = reading.context.me
    people = tuple(
        p for p in calendar.interviewers(event, me=next(iter(me), "")) if p.email not in me
    )
    return Interview(
        event.start, event.end, event.timezone, event.location, event.url or video, people
    )


def _people_in_text(reading: Reading) -> tuple[Person, ...]:
    """Interviewers a text confirmation names: by address in its text or Cc, or the writer."""
    mail = reading.mail
    sender = (mail.sender.email or "").lower()
    own_domain = employer.employer_domain(mail.sender)
    found = [a.lower() for a in _ADDRESS.findall(reading.text)]
    found += [p.email or "" for p in mail.addresses("Cc")]
    if own_domain and calendar.writer_takes_part(reading.text):
        found.append(sender)
    # Colleagues at the employer's domain (any employer domain when a relay or an ATS
    # writes), never the candidate, never a role mailbox such as careers@.
    people = [a for a in dict.fromkeys(found) if a and a not in reading.context.me]
    return tuple(Person(email=a) for a in people if _colleague(a, own_domain))


_ROLE_MAILBOX = re.compile(
    r"^(?:careers?|jobs|recruit\w*|talent|hr|rh|hiring|people|info|no-?reply|emplois?)@"
)


def _colleague(address: str, own_domain: str | None) -> bool:
    if _ROLE_MAILBOX.match(address):
        return False
    if own_domain:
        return address.endswith("@" + own_domain)
    return employer.employer_domain(Person(email=address)) is not None


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
