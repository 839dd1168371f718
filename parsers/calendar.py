"""Calendar invitations (RFC 5545/5546) to events: when, who takes part, and how to join.

The format itself (content lines, times, zones) is read by `calendar_zones`; this
module turns components into events and decides who takes part. A broken text or
event yields fewer events, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from afterview.parsers.calendar_zones import (
    MAX_TEXT,
    CalendarZones,
    Component,
    Property,
    parse_duration,
    read_components,
    unescape,
)
from afterview.parsers.facts import Person

# Video-meeting services, by the host and path of a link that joins a meeting.
VIDEO_SERVICES: Mapping[str, str] = {
    "Zoom": r"(?:[\w-]+\.)*zoom(?:gov)?\.(?:us|com)/(?:j|w|s|my|wc/join)/",
    "Google Meet": r"meet\.google\.com/(?:[a-z]{3,4}-[a-z]{4}-[a-z]{3,4}|lookup/)",
    "Microsoft Teams": r"teams\.(?:microsoft|live)\.com/(?:l/meetup-join/|meet/)",
    "Webex": r"[\w-]+\.webex\.com/(?:[\w.-]+/)?(?:j\.php|meet/|join/|wbxmjs/)",
    "GoTo Meeting": r"(?:global\.gotomeeting\.com/join|meet\.goto\.com|app\.goto\.com/meeting)/",
    "BlueJeans": r"(?:[\w-]+\.)?bluejeans\.com/\d",
    "Whereby": r"whereby\.com/[\w-]",
    "Amazon Chime": r"chime\.aws/\d",
    "Jitsi Meet": r"meet\.jit\.si/[\w-]",
    "Skype": r"join\.skype\.com/",
}
# A link runs to whitespace or a delimiter, and never ends on sentence punctuation.
_LINK_TAIL = r"""(?:[^\s<>"'()\[\]\\]*[^\s<>"'()\[\]\\.,;:!?])?"""
VIDEO_LINK = re.compile(
    rf"https?://(?:{'|'.join(f'(?:{host})' for host in VIDEO_SERVICES.values())}){_LINK_TAIL}",
    re.IGNORECASE,
)
# Where a join link is looked for, most specific first.
_LINK_PROPERTIES = (
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
    "CONFERENCE",
    "LOCATION",
    "URL",
    "DESCRIPTION",
)
_KEPT = frozenset(
    (
        *_LINK_PROPERTIES,
        *("METHOD", "X-WR-TIMEZONE", "TZID", "TZOFFSETTO", "TZOFFSETFROM", "RRULE"),
        *("UID", "SEQUENCE", "STATUS", "SUMMARY", "DTSTART", "DTEND", "DURATION"),
        *("ORGANIZER", "ATTENDEE"),
    )
)
_SEQUENCE = re.compile(r"\s*(\d{1,9})\s*")
_NOT_PEOPLE = frozenset(("ROOM", "RESOURCE"))


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT of an invitation, with its times made timezone-aware."""

    method: str | None
    cancelled: bool
    uid: str | None
    sequence: int
    summary: str
    start: datetime
    end: datetime | None
    timezone: str | None
    location: str | None
    url: str | None
    organizer: Person | None
    attendees: tuple[Person, ...]
    description: str = ""
    # A DATE value: a day blocked, not an appointment; start is midnight in the user's zone.
    all_day: bool = False


def read_calendars(texts: Sequence[str], *, user_tz: tzinfo) -> list[CalendarEvent]:
    """Every VEVENT of every text, once each; broken texts and events are skipped."""
    events: dict[tuple[object, ...], CalendarEvent] = {}
    for text in texts:
        root = read_components(text, _KEPT)
        # A stray VEVENT outside any VCALENDAR is still an event.
        calendars = list(root.walk("VCALENDAR")) or [root]
        for calendar in calendars:
            for event in _calendar_events(calendar, user_tz):
                # The same invitation often comes twice: inline and as an .ics attachment.
                key = (event.uid, event.sequence, event.start, event.summary)
                events.setdefault(key, event)
    return list(events.values())


def _calendar_events(calendar: Component, user_tz: tzinfo) -> Iterator[CalendarEvent]:
    method = (calendar.text("METHOD") or "").upper() or None
    zones = CalendarZones.of(calendar, user_tz)
    for component in calendar.walk("VEVENT"):
        try:
            event = _event(component, method, zones)
        except (ValueError, OverflowError):  # date arithmetic at the ends of time
            continue
        if event is not None:
            yield event


def _event(component: Component, method: str | None, zones: CalendarZones) -> CalendarEvent | None:
    start = zones.place(component.first("DTSTART"))
    if start is None:
        return None
    status = (component.text("STATUS") or "").upper()
    organizer = component.first("ORGANIZER")
    attendees = component.properties.get("ATTENDEE", [])
    return CalendarEvent(
        method=method,
        cancelled=method == "CANCEL" or status == "CANCELLED",
        uid=component.text("UID"),
        sequence=_sequence(component.first("SEQUENCE")),
        summary=component.text("SUMMARY") or "",
        start=start.when,
        end=_end(component, start.when, zones),
        timezone=start.zone,
        location=component.text("LOCATION"),
        url=_video_link(component),
        organizer=_person(organizer) if organizer else None,
        attendees=tuple(
            _person(a) for a in attendees if a.params.get("CUTYPE", "").upper() not in _NOT_PEOPLE
        ),
        description=component.text("DESCRIPTION") or "",
        all_day=start.all_day,
    )


def _end(component: Component, start: datetime, zones: CalendarZones) -> datetime | None:
    """DTEND, else DTSTART + DURATION; None when neither gives a time after the start."""
    end = zones.place(component.first("DTEND"))
    if end is not None:
        return end.when if end.when >= start else None
    duration = component.first("DURATION")
    length = parse_duration(duration.value) if duration else None
    return start + length if length is not None and length >= timedelta(0) else None


def _sequence(prop: Property | None) -> int:
    match = _SEQUENCE.fullmatch(prop.value) if prop else None
    return int(match[1]) if match else 0


def _person(prop: Property) -> Person:
    address = prop.value.strip()
    if address[:7].lower() == "mailto:":
        address = address[7:].strip()
    name = prop.params.get("CN", "").strip()
    return Person(
        name=name if name and "@" not in name else None,
        email=address.lower() if "@" in address and " " not in address else None,
    )


def _video_link(component: Component) -> str | None:
    for name in _LINK_PROPERTIES:
        for prop in component.properties.get(name, ()):
            if match := VIDEO_LINK.search(unescape(prop.value[:MAX_TEXT])):
                return match.group()
    return None


@dataclass(frozen=True)
class Participation:
    """How a language introduces the people a candidate meets, and the writer among them."""

    meets: str  # words before their names: "with", "Interviewers:"
    writer_too: str  # the writer saying they take part as well: "and me"


# Patterns are case-insensitive unless marked (?-i:...).
PARTICIPATION: Mapping[str, Participation] = {
    "en": Participation(
        meets=r"\bwith\b|\bw/|\b(?:interviewers?|hosts?|panel(?:ists)?|staff)\s*:",
        writer_too=r"\b(?:and|&) (?:me|myself)\b|(?-i:\b[A-Z][\w'\u2019-]* (?:and|&) I\b)"
        r"|\bI(?:'ll|\u2019ll| will) (?:also )?(?:join|be joining|attend|sit in|be there)\b"
        r"|\b(?:will|to|would) join (?:me|us)\b|\bjoining (?:me|us)\b",
    ),
    "fr": Participation(
        meets=r"\bavec\b|\brencontrer(?:ez)?\b|\bcompos[ée]e? de\b"
        r"|\b(?:intervieweu(?:r|rs|se|ses)|hôtes?|personnel)\s*:",
        writer_too=r"\bet moi(?:-même)?\b|\bje serai (?:aussi |également )?(?:présente?|là)\b"
        r"|\bje (?:me joindrai|participerai)\b|\bse joindra à (?:moi|nous)\b",
    ),
}
_MEETS = re.compile("|".join(f"(?:{p.meets})" for p in PARTICIPATION.values()), re.IGNORECASE)
_WRITER_TOO = re.compile(
    "|".join(f"(?:{p.writer_too})" for p in PARTICIPATION.values()), re.IGNORECASE
)


def writer_takes_part(text: str) -> bool:
    """Whether the writer says they take part too ("Inès will join me", "et moi-même")."""
    return bool(_WRITER_TOO.search(text))


# Meeting services paste their joining instructions below a ruled line.
_BOILERPLATE = re.compile(r"^[ \t]*(?:[-_=~:*.][ \t]*){8,}$", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")
_FULL_NAME = re.compile(r"(?-i:\b[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'\u2019-]+ [A-ZÀ-ÖØ-Þ][\w'\u2019-]+)")
_SERVICE_WORDS = frozenset(w.lower() for name in VIDEO_SERVICES for w in name.split())


def interviewers(event: CalendarEvent, *, me: str) -> tuple[Person, ...]:
    """The people who take part besides the candidate `me`, once per address.

    Attendees take part. The organizer does when their own words say so, and when
    no one else is invited: one who only arranged the meeting (a recruiter, a
    scheduling mailbox) is left out even when listed as an attendee.
    """
    me = me.strip().lower()
    organizer = event.organizer if event.organizer and event.organizer.email else None
    skip = {me, organizer.email if organizer else None}
    people = [p for p in event.attendees if p.email and p.email not in skip]
    if organizer and organizer.email != me and _organizer_takes_part(event, people, me):
        people.insert(0, organizer)
    unique: dict[str | None, Person] = {}
    for person in people:
        unique.setdefault(person.email, person)
    return tuple(unique.values())


def _organizer_takes_part(event: CalendarEvent, others: list[Person], me: str) -> bool:
    """Whether the organizer meets the candidate, or only arranged the meeting.

    The text the organizer wrote decides: "with Priya and me" includes them, "with
    Priya" alone leaves them out. Silent, they take part when no one else does.
    """
    written = _written_part(f"{event.summary}\n{event.description}")
    if _WRITER_TOO.search(written):
        return True
    organizer = event.organizer or Person()
    own = [p for p in event.attendees if p.email == me]
    named = _NamedPeople(organizer, others, own)
    lists = [part for part in _lists_of_people(written) if named.anyone_in(part)]
    if lists:
        return any(named.organizer_in(part) for part in lists)
    return not others


def _written_part(text: str) -> str:
    """What a person wrote: above any service boilerplate, without the lines holding links."""
    text = _BOILERPLATE.split(text, maxsplit=1)[0]
    return "\n".join(line for line in text.split("\n") if "://" not in line)


def _lists_of_people(text: str) -> Iterator[str]:
    """The words after each "with ...": the rest of the sentence, or the lines below a heading."""
    for cue in _MEETS.finditer(text):
        line, _, below = text[cue.end() :].partition("\n")
        line = line.strip(" \t:")
        yield _SENTENCE_END.split(line, maxsplit=1)[0] if line else below.split("\n\n")[0]


class _NamedPeople:
    """Who a list of names may mention: the organizer, the other attendees, or a stranger."""

    def __init__(self, organizer: Person, others: list[Person], own: list[Person]) -> None:
        self.organizer = _name_pattern([organizer])
        self.others = _name_pattern(others)
        self.candidate = _name_pattern(own)
        self.domains = " ".join(p.email.partition("@")[2] for p in [organizer, *others] if p.email)

    def organizer_in(self, text: str) -> bool:
        return bool(self.organizer and self.organizer.search(text))

    def anyone_in(self, text: str) -> bool:
        if self.organizer_in(text) or (self.others and self.others.search(text)):
            return True
        if self.candidate:
            text = self.candidate.sub("", text)
        return any(self._stranger(m.group()) for m in _FULL_NAME.finditer(text))

    def _stranger(self, name: str) -> bool:
        """A capitalised pair that is neither a meeting service nor the employer's domain."""
        words = name.lower().split()
        return not (set(words) & _SERVICE_WORDS or all(w in self.domains for w in words))


def _name_pattern(people: list[Person]) -> re.Pattern[str] | None:
    """Full names and first names of people, as whole words."""
    forms = {
        form for p in people if p.name for form in (p.name, p.name.split()[0]) if len(form) > 1
    }
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
