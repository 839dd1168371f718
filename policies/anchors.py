"""What the planner reads off an application: anchor moments, recipients, who wrote when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from afterview.parsers.facts import Person
from afterview.policies.applications import Application, ContactRole, Round, State
from afterview.policies.events import EventKind
from afterview.policies.ingest import DEFAULT_LENGTH
from afterview.policies.people import interviewers
from afterview.policies.policy import Anchor, Entered, Recipients, Trigger
from afterview.policies.timing import Calendar, wall_clock


@dataclass(frozen=True)
class Anchored:
    """A trigger resolved: the moment it counts from, the due time, and why."""

    moment: datetime
    due: datetime
    reason: str


def find(trigger: Trigger, app: Application, number: int, cal: Calendar) -> Anchored | None:
    """The trigger's moment and due time for one round (0: the application), or None."""
    moment, what = _moment(trigger, app, number, cal)
    if moment is None:
        return find(trigger.otherwise, app, number, cal) if trigger.otherwise else None
    if trigger.before is not None:
        return Anchored(moment, trigger.wait.before(moment, cal), f"{trigger.wait} before {what}")
    return Anchored(moment, trigger.wait.after(moment, cal), f"{trigger.wait} after {what}")


def _moment(
    trigger: Trigger, app: Application, number: int, cal: Calendar
) -> tuple[datetime | None, str]:
    if trigger.on is not None:
        return app.entered(_STATES[trigger.on], number), f"entering {trigger.on.value}"
    round_ = _round(app, number)
    if trigger.before is not None or trigger.after is Anchor.INTERVIEW_START:
        return (round_.start if round_ else None), "the interview's start"
    if trigger.after is Anchor.INTERVIEW_END:
        start = round_.start if round_ else None
        end = round_.end if round_ and round_.end else None
        return (end or (start + DEFAULT_LENGTH if start else None)), "the interview's end"
    if trigger.after is Anchor.DECISION_BY:
        day = app.decision_by
        moment = wall_clock(day, time(0, 0), cal.zone) if day else None
        return moment, f"the decision date {'you gave ' if app.decision_told else ''}({day})"
    times = [e.message.sent_at for e in app.history if e.message]
    return (max(times) if times else None), "the last contact"


_STATES = {
    Entered.APPLIED: State.APPLIED,
    Entered.INVITED: State.INVITED,
    Entered.SCHEDULED: State.SCHEDULED,
    Entered.INTERVIEWED: State.INTERVIEWED,
    Entered.AWAITING_DECISION: State.AWAITING_DECISION,
    Entered.REJECTED: State.REJECTED,
}


def _round(app: Application, number: int) -> Round | None:
    for round_ in app.rounds:
        if round_.number == number:
            return round_
    return app.current_round if number == 0 else None


def people(
    group: Recipients, app: Application, number: int, references: tuple[Person, ...], me: Person
) -> tuple[Person, ...]:
    """The people a recipient group names for this application and round."""
    if group is Recipients.ME:
        return (me,)
    if group is Recipients.REFERENCES:
        return references
    if group is Recipients.INTERVIEWERS:
        round_ = _round(app, number)
        return interviewers(app, round_) if round_ else ()
    humans = [m.sender for m in reversed(app.employer_messages) if not m.by_ats]
    if group is Recipients.LAST_SENDER:
        return tuple(humans[:1])
    known = app.contacts_in(ContactRole.STATUS_CONTACT)
    status = {c.email for c in known}
    written = tuple(p for p in humans if (p.email or "").lower() in status)[:1]
    # Nobody has written yet: the contact the user named (`afterview add --contact`).
    return written or tuple(Person(name=c.name, email=c.email) for c in known)[:1]


def employer_wrote_after(app: Application, since: datetime, now: datetime) -> datetime | None:
    """When the employer (a person or their ATS) first wrote after `since`, if they did.

    Every message filed to the application counts, whatever its thread or domain: that
    covers a known recruiter (`ContactRole.RECRUITER`), even one at an agency, whose mail
    the matcher files by their address and the company it names (`matcher.match`).
    """
    times = (m.sent_at for m in app.employer_messages)
    return next((t for t in times if since < t <= now), None)


def user_wrote_after(
    app: Application, person: Person, since: datetime, now: datetime, *, per_person: bool
) -> datetime | None:
    """When the user wrote by hand after `since`: to `person`, or to anyone at the employer."""
    email = (person.email or "").lower()
    for event in app.history:
        message = event.message
        if event.kind is not EventKind.USER_SENT or message is None or event.data.get("outbox"):
            continue  # afterview's own sending is not the user writing by hand
        to = {(p.email or "").lower() for p in message.recipients}
        if since < message.sent_at <= now and (email in to or not per_person):
            return message.sent_at
    return None


def away_until(app: Application, person: Person, due: datetime) -> date | None:
    """The return date of an out-of-office reply from `person` covering `due`, if any."""
    email = (person.email or "").lower()
    dates = [
        e.message.ooo_until
        for e in app.history
        if e.kind is EventKind.OUT_OF_OFFICE
        and e.message
        and e.message.ooo_until
        and (e.message.sender.email or "").lower() == email
    ]
    back = max(dates, default=None)
    return back if back is not None and back >= due.date() else None
