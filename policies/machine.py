"""The application state machine: one declared table, and a fold of events into applications.

An event with no cell in the table changes no state; it is still kept in the
history and still teaches us facts (a contact, a decision date, a thread). The
state is never stored as truth: `rebuild` recomputes every application from the
event log, honouring the user's undo, merge and split commands.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime

from afterview.parsers.facts import Interview, Person
from afterview.parsers.senders import domain_of, is_freemail, is_relay
from afterview.policies.applications import Application, Contact, ContactRole, Round, State
from afterview.policies.events import AppEvent, EventKind, EventSource, interview_from_json
from afterview.policies.people import at_agency, is_recruiter


class Step(enum.Enum):
    """What a transition does to the interview round."""

    SAME = "same"
    NEXT = "next"


_OPEN: tuple[State, ...] = (State.APPLIED, State.INVITED, State.SCHEDULED, State.INTERVIEWED)
_OPEN += (State.AWAITING_DECISION,)
_BETWEEN_ROUNDS = (State.APPLIED, State.INTERVIEWED, State.AWAITING_DECISION)

E, S = EventKind, State
TRANSITIONS: Mapping[tuple[EventKind, State], tuple[State, Step]] = {
    **{(E.INVITED, s): (S.INVITED, Step.NEXT) for s in _BETWEEN_ROUNDS},
    **{(E.SCHEDULED, s): (S.SCHEDULED, Step.NEXT) for s in _BETWEEN_ROUNDS},
    (E.SCHEDULED, S.INVITED): (S.SCHEDULED, Step.SAME),
    # A new time for the interview already scheduled: a reschedule, same round.
    (E.SCHEDULED, S.SCHEDULED): (S.SCHEDULED, Step.SAME),
    (E.CANCELLED, S.SCHEDULED): (S.INVITED, Step.SAME),
    (E.INTERVIEW_DONE, S.SCHEDULED): (S.INTERVIEWED, Step.SAME),
    (E.EMPLOYER_REPLIED, S.INTERVIEWED): (S.AWAITING_DECISION, Step.SAME),
    (E.TIMELINE_SET, S.INTERVIEWED): (S.AWAITING_DECISION, Step.SAME),
    **{(E.REJECTED, s): (S.REJECTED, Step.SAME) for s in _OPEN},
    **{(E.OFFERED, s): (S.OFFER, Step.SAME) for s in _OPEN},
    **{(E.WITHDRAWN, s): (S.WITHDRAWN, Step.SAME) for s in (*_OPEN, S.OFFER)},
    **{(E.CLOSED, s): (S.CLOSED, Step.SAME) for s in State if s is not S.CLOSED},
}
del E, S


def transition(kind: EventKind, state: State) -> tuple[State, Step] | None:
    """The table's cell for an event in a state; None when the event changes no state."""
    return TRANSITIONS.get((kind, state))


def new_application(event: AppEvent) -> Application:
    """The application an event opens: named by the event's company and role."""
    message = event.message
    company = event.data.get("company") or (message.company if message else None) or "unknown"
    role = event.data.get("role") or (message.role if message else None)
    return Application(id=event.application, company=company, role=role)


def apply(app: Application, event: AppEvent) -> Application:
    """The application after one event: state from the table, then what the event teaches."""
    app = replace(app, history=(*app.history, event))
    cell = transition(event.kind, app.state)
    if cell is not None:
        state, step = cell
        if step is Step.NEXT:
            number = app.round + 1
            app = replace(app, round=number, rounds=(*app.rounds, Round(number=number)))
        if state is not app.state:
            app = replace(app, entries=(*app.entries, (state, app.round, event.at)))
        app = replace(app, state=state)
    return _learn(app, event)


def _learn(app: Application, event: AppEvent) -> Application:
    app = _learn_from_message(app, event)
    if event.kind is EventKind.SCHEDULED and app.state is State.SCHEDULED:
        app = _schedule(app, event)
    elif event.kind is EventKind.CANCELLED and app.state is State.INVITED:
        app = _replace_round(app, start=None, end=None)
    elif event.kind is EventKind.INTERVIEW_DONE and app.rounds:
        app = _replace_round(app, done=True)
    elif event.kind is EventKind.TIMELINE_SET:
        app = _decide(app, date.fromisoformat(event.data["decision_by"]), event.at, told=True)
    elif event.kind is EventKind.NOTES_GIVEN:
        app = _take_notes(app, event)
    elif event.kind is EventKind.ADDED:
        app = _told_contact(app, event)
    return app


def _told_contact(app: Application, event: AppEvent) -> Application:
    """The status contact the user named adding the application (`afterview add --contact`):
    known, and their domain the employer's, so the employer's mail finds the application."""
    told = event.data.get("status_contact")
    if not told:
        return app
    person = Person(**told)
    domain = domain_of(person.email)
    if domain and not (is_freemail(domain) or is_relay(domain) or at_agency(person)):
        app = replace(app, domains=app.domains | {domain})
    return _add_contacts(app, (person,), ContactRole.STATUS_CONTACT)


def _take_notes(app: Application, event: AppEvent) -> Application:
    """The user's notes on a round: its text, who interviewed, and a timeline heard there."""
    people = tuple(Person(**p) for p in event.data.get("interviewers", ()))
    number = event.data.get("round") or app.round

    def noted(round_: Round) -> Round:
        known = {(p.email or p.name or "").casefold() for p in round_.interviewers}
        added = tuple(p for p in people if (p.email or p.name or "").casefold() not in known)
        notes = event.data.get("text") or None
        return replace(round_, notes=notes, interviewers=round_.interviewers + added)

    rounds = tuple(noted(r) if r.number == number else r for r in app.rounds)
    app = _add_contacts(replace(app, rounds=rounds), people, ContactRole.INTERVIEWER)
    if stated := event.data.get("decision_by"):
        app = _decide(app, date.fromisoformat(stated), event.at, told=True)
    return app


def _decide(app: Application, day: date, said: datetime, *, told: bool) -> Application:
    """The decision date once another is given: the newest word wins, the user's on a tie.

    So a date the user told (to correct a misread, or heard on the phone) beats every
    date stated in mail written before it, in whatever order the events are applied
    (mail can arrive late, a backfill reads old mail); mail written after it is news
    and moves the date again.
    """
    current = app.decision_said
    if current is not None and (said < current or (said == current and app.decision_told)):
        return app
    return replace(app, decision_by=day, decision_told=told, decision_said=said)


def _learn_from_message(app: Application, event: AppEvent) -> Application:
    message = event.message
    if message is None:
        return app
    app = replace(app, message_ids=app.message_ids | set(message.thread))
    if event.kind in {EventKind.USER_SENT, EventKind.BOUNCED} or event.source is EventSource.USER:
        return app  # the user's own mail (a notes reply too), or a server's: no employer in it
    domain = domain_of(message.sender.email)
    if message.by_ats or is_relay(domain):
        app = replace(app, relays=app.relays | {domain})
    elif domain and not is_freemail(domain) and not at_agency(message.sender):
        app = replace(app, domains=app.domains | {domain})
    if not message.by_ats and event.kind is not EventKind.OUT_OF_OFFICE:
        app = _add_contacts(app, (message.sender,), ContactRole.STATUS_CONTACT)
        if is_recruiter(app, event.kind, message):
            app = _add_contacts(app, (message.sender,), ContactRole.RECRUITER)
    if message.decision_by and event.kind is not EventKind.OUT_OF_OFFICE:
        app = _decide(app, message.decision_by, message.sent_at, told=False)
    return app


def _schedule(app: Application, event: AppEvent) -> Application:
    interview = _interview_of(event)
    if interview is None:
        return _replace_round(app, scheduled_at=event.at)
    app = _replace_round(
        app,
        start=interview.start,
        end=interview.end,
        zone=interview.timezone,
        location=interview.location,
        url=interview.url,
        interviewers=interview.interviewers or _current(app).interviewers,
        scheduled_at=event.at,
        done=False,
    )
    return _add_contacts(app, interview.interviewers, ContactRole.INTERVIEWER)


def _interview_of(event: AppEvent) -> Interview | None:
    """The interview a confirmation states, or the one the user told (`afterview add --at`)."""
    if event.message is not None:
        return event.message.interview
    told = event.data.get("interview")
    return interview_from_json(told) if told else None


def _current(app: Application) -> Round:
    return app.rounds[-1] if app.rounds else Round(number=max(app.round, 1))


def _replace_round(app: Application, **changes: object) -> Application:
    updated = replace(_current(app), **changes)  # type: ignore[arg-type]
    return replace(app, rounds=(*app.rounds[:-1], updated) if app.rounds else (updated,))


def _add_contacts(app: Application, people: Iterable[Person], role: ContactRole) -> Application:
    contacts = list(app.contacts)
    for person in people:
        email = (person.email or "").lower()
        if not email or any(c.email == email and c.role is role for c in contacts):
            continue
        if role is ContactRole.STATUS_CONTACT and any(c.email == email for c in contacts):
            continue  # an interviewer who writes stays an interviewer
        contacts.append(Contact(email=email, role=role, name=person.name, title=person.title))
    return replace(app, contacts=tuple(contacts))


def rebuild(events: Iterable[AppEvent]) -> dict[str, Application]:
    """Every application, recomputed from the event log in time order."""
    log = sorted(events, key=lambda e: (e.at, e.id or 0))
    undone = {e.data.get("event") for e in log if e.kind is EventKind.UNDONE}
    owners = _Owners(log)
    apps: dict[str, Application] = {}
    for event in log:
        if event.id in undone or event.kind in {EventKind.UNDONE, EventKind.MERGED}:
            continue
        if event.kind is EventKind.SPLIT:
            continue
        owner = owners.of(event)
        owned = replace(event, application=owner) if owner != event.application else event
        app = apps.get(owner) or new_application(owners.opening(owned))
        apps[owner] = apply(app, owned)
    return apps


class _Owners:
    """Which application each event belongs to once merges and splits are applied."""

    def __init__(self, log: list[AppEvent]) -> None:
        self._merged = {e.data["from"]: e.application for e in log if e.kind is EventKind.MERGED}
        self._splits = [e for e in log if e.kind is EventKind.SPLIT]

    def of(self, event: AppEvent) -> str:
        owner = event.application
        for split in self._splits:
            if split.application == owner and event.evidence in split.data.get("messages", ()):
                owner = split.data["into"]
        seen = {owner}
        while owner in self._merged:
            owner = self._merged[owner]
            if owner in seen:
                break  # a merge cycle: stop where it closes rather than loop
            seen.add(owner)
        return owner

    def opening(self, event: AppEvent) -> AppEvent:
        """The event that opens an application, with the names a split gave it."""
        for split in self._splits:
            if split.data["into"] == event.application:
                names = {k: split.data[k] for k in ("company", "role") if split.data.get(k)}
                return replace(event, data={**event.data, **names})
        return event
