"""Calendar invitations (RFC 5545/5546) to events: when, who is invited, and how to join.

The format itself is read by `calendar_format`, its zones by `calendar_zones`; this
module turns components into events; `participants` decides who takes part. A
broken text or event yields fewer events, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from afterview.parsers.calendar_format import (
    MAX_TEXT,
    Component,
    Property,
    parse_duration,
    read_components,
    unescape,
)
from afterview.parsers.calendar_zones import CalendarZones
from afterview.parsers.facts import Person, written_name

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
# Calendar users that are no one a candidate meets: rooms, equipment, mailing lists.
_NOT_PEOPLE = frozenset(("ROOM", "RESOURCE", "GROUP"))
# A place invited like a person, without CUTYPE: Google's resource calendars, and rooms
# named as rooms ("TOR-5-Boardroom (12)", "Salle Laurier", "Conf Room 5B").
_PLACE_DOMAIN = re.compile(r"@(?:resource|group)\.calendar\.google\.com$", re.I)
_PLACE_NAME = re.compile(
    r"\b(?:room|boardroom|conference|conf|salle|huddle|auditorium|lobby)\b|\(\d{1,3}\)\s*$", re.I
)


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
    # ORGANIZER;SENT-BY=: who sent it for the organizer (an assistant, a coordinator).
    sent_by: str | None = None
    # ROLE=OPT-PARTICIPANT: invited if they can make it (often a recruiter kept in the loop).
    optional: frozenset[str] = frozenset()


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
        attendees=tuple(_person(a) for a in attendees if not _place_or_observer(a)),
        description=component.text("DESCRIPTION") or "",
        all_day=start.all_day,
        sent_by=_address(organizer.params.get("SENT-BY", "")) if organizer else None,
        optional=frozenset(
            address
            for a in attendees
            if a.params.get("ROLE", "").upper() == "OPT-PARTICIPANT"
            and (address := _address(a.value))
        ),
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


def _place_or_observer(attendee: Property) -> bool:
    """Whether an attendee is a room, a resource or a list, or only copied for information."""
    params = attendee.params
    if params.get("CUTYPE", "").upper() in _NOT_PEOPLE:
        return True
    # RFC 5545: NON-PARTICIPANT is "copied for information purposes only"; one who declined
    # (an updated invitation after a panelist dropped out) takes no part either.
    if params.get("ROLE", "").upper() == "NON-PARTICIPANT":
        return True
    if params.get("PARTSTAT", "").upper() == "DECLINED":
        return True
    # Without a CN, a room's mailbox says what it is: "room.lakeview@", "salle-laurier@".
    address = attendee.value.strip()
    local = address.rpartition("@")[0].rpartition(":")[2]
    name = params.get("CN", "") or local.replace(".", " ").replace("-", " ").replace("_", " ")
    return bool(_PLACE_DOMAIN.search(address) or _PLACE_NAME.search(name))


def _person(prop: Property) -> Person:
    name = prop.params.get("CN", "").strip()
    # Exchange directories write "Osei, Daniel": the text writes Daniel Osei.
    person_name = written_name(name) if name and "@" not in name else None
    return Person(name=person_name, email=_address(prop.value))


def _address(value: str) -> str | None:
    """A calendar address ("mailto:Jane.Doe@acme.com") as a lower-case email address, if one."""
    address = value.strip()
    if address[:7].lower() == "mailto:":
        address = address[7:].strip()
    return address.lower() if "@" in address and " " not in address else None


def _video_link(component: Component) -> str | None:
    for name in _LINK_PROPERTIES:
        for prop in component.properties.get(name, ()):
            if match := VIDEO_LINK.search(unescape(prop.value[:MAX_TEXT])):
                return match.group()
    return None
