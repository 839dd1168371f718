"""The state machine: the transition table cell by cell, the fold, and rebuilding from events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from afterview.parsers.facts import Interview, Person
from afterview.policies.applications import Application, ContactRole, State, slug_for
from afterview.policies.events import (
    AppEvent,
    EventKind,
    EventSource,
    MessageInfo,
    from_record,
    to_record,
)
from afterview.policies.machine import Step, apply, new_application, rebuild, transition

# Rows: events; columns: states. "." is no transition; "+" moves to the next round.
GRID = """
event             applied     invited     scheduled   interviewed awaiting    offer       rejected    withdrawn   closed
received          .           .           .           .           .           .           .           .           .
invited           invited+    .           .           invited+    invited+    .           .           .           .
scheduled         scheduled+  scheduled   scheduled   scheduled+  scheduled+  .           .           .           .
cancelled         .           .           invited     .           .           .           .           .           .
assessment        .           .           .           .           .           .           .           .           .
rejected          rejected    rejected    rejected    rejected    rejected    .           .           .           .
offered           offer       offer       offer       offer       offer       .           .           .           .
employer_replied  .           .           .           awaiting    .           .           .           .           .
out_of_office     .           .           .           .           .           .           .           .           .
bounced           .           .           .           .           .           .           .           .           .
user_sent         .           .           .           .           .           .           .           .           .
interview_done    .           .           interviewed .           .           .           .           .           .
added             .           .           .           .           .           .           .           .           .
withdrawn         withdrawn   withdrawn   withdrawn   withdrawn   withdrawn   withdrawn   .           .           .
timeline_set      .           .           .           awaiting    .           .           .           .           .
notes_given       .           .           .           .           .           .           .           .           .
closed            closed      closed      closed      closed      closed      closed      closed      closed      .
merged            .           .           .           .           .           .           .           .           .
split             .           .           .           .           .           .           .           .           .
undone            .           .           .           .           .           .           .           .           .
"""
_NAMES = {"awaiting": State.AWAITING_DECISION}


def _cells() -> list[tuple[EventKind, State, tuple[State, Step] | None]]:
    rows = [line.split() for line in GRID.strip().splitlines()]
    states = [_NAMES.get(name) or State(name) for name in rows[0][1:]]
    cells = []
    for row in rows[1:]:
        for state, cell in zip(states, row[1:], strict=True):
            if cell == ".":
                expected = None
            else:
                name = cell.rstrip("+")
                step = Step.NEXT if cell.endswith("+") else Step.SAME
                expected = (_NAMES.get(name) or State(name), step)
            cells.append((EventKind(row[0]), state, expected))
    return cells


def test_the_grid_covers_every_event_and_state() -> None:
    assert {(k, s) for k, s, _ in _cells()} == {(k, s) for k in EventKind for s in State}


@pytest.mark.parametrize(("kind", "state", "expected"), _cells())
def test_transition_cell(
    kind: EventKind, state: State, expected: tuple[State, Step] | None
) -> None:
    assert transition(kind, state) == expected


T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RECRUITER = Person("Jordan Lee", "jordan.lee@acme.example")
JANE = Person("Jane Doe", "jane.doe@acme.example", "Engineering Manager")


def _message(n: int, **facts: object) -> MessageInfo:
    base: dict[str, object] = {
        "message_id": f"<m{n}@acme.example>",
        "sent_at": T0 + timedelta(days=n),
        "sender": RECRUITER,
        "company": "Acme Robotics",
        "role": "Data Engineer",
    }
    return MessageInfo(**(base | facts))  # type: ignore[arg-type]


def _event(n: int, kind: EventKind, app: str = "acme", **facts: object) -> AppEvent:
    message = _message(n, **facts)
    return AppEvent(
        app, kind, message.sent_at, EventSource.MESSAGE, message.message_id or "", message, id=n
    )


def _interview(day: int, people: tuple[Person, ...] = (JANE,)) -> Interview:
    start = T0 + timedelta(days=day, hours=5)
    return Interview(
        start=start, end=start + timedelta(hours=1), interviewers=people, timezone="America/Toronto"
    )


def _story() -> list[AppEvent]:
    return [
        _event(1, EventKind.RECEIVED),
        _event(2, EventKind.INVITED),
        _event(3, EventKind.SCHEDULED, interview=_interview(5)),
        AppEvent(
            "acme",
            EventKind.INTERVIEW_DONE,
            T0 + timedelta(days=5, hours=6),
            EventSource.CLOCK,
            "clock",
            id=4,
        ),
        _event(7, EventKind.EMPLOYER_REPLIED, decision_by=(T0 + timedelta(days=14)).date()),
    ]


def test_rebuild_folds_a_story_into_its_state_round_and_facts() -> None:
    app = rebuild(_story())["acme"]
    assert (app.state, app.round) == (State.AWAITING_DECISION, 1)
    assert app.company == "Acme Robotics"
    assert app.role == "Data Engineer"
    assert app.decision_by == (T0 + timedelta(days=14)).date()
    assert app.rounds[0].done
    assert [c.email for c in app.contacts_in(ContactRole.INTERVIEWER)] == ["jane.doe@acme.example"]
    assert [c.email for c in app.contacts_in(ContactRole.STATUS_CONTACT)] == [
        "jordan.lee@acme.example"
    ]
    assert "acme.example" in app.domains
    assert "<m3@acme.example>" in app.message_ids


def test_rebuild_does_not_depend_on_the_order_events_are_stored_in() -> None:
    story = _story()
    assert rebuild(reversed(story))["acme"].state is rebuild(story)["acme"].state


def test_an_event_without_a_transition_is_kept_in_the_history() -> None:
    story = [*_story(), _event(9, EventKind.ASSESSMENT)]
    app = rebuild(story)["acme"]
    assert app.state is State.AWAITING_DECISION
    assert app.history[-1].kind is EventKind.ASSESSMENT


def test_a_reschedule_keeps_the_round_and_takes_the_new_time() -> None:
    story = [*_story()[:3], _event(4, EventKind.SCHEDULED, interview=_interview(8))]
    app = rebuild(story)["acme"]
    assert (app.state, app.round) == (State.SCHEDULED, 1)
    assert app.rounds[0].start == _interview(8).start


def test_a_later_round_starts_a_new_round_with_its_interviewers() -> None:
    bob = Person("Bob Li", "bob.li@acme.example")
    story = [*_story(), _event(10, EventKind.SCHEDULED, interview=_interview(12, (bob,)))]
    app = rebuild(story)["acme"]
    assert (app.state, app.round) == (State.SCHEDULED, 2)
    assert app.rounds[1].interviewers == (bob,)


def test_undo_removes_a_wrong_transition() -> None:
    story = [*_story(), _event(10, EventKind.REJECTED)]
    undo = AppEvent(
        "acme",
        EventKind.UNDONE,
        T0 + timedelta(days=11),
        EventSource.USER,
        "afterview undo",
        data={"event": 10},
        id=11,
    )
    assert rebuild(story)["acme"].state is State.REJECTED
    assert rebuild([*story, undo])["acme"].state is State.AWAITING_DECISION


def test_merge_moves_every_event_of_one_application_into_another() -> None:
    other = [_event(20, EventKind.REJECTED, app="acme-2")]
    merge = AppEvent(
        "acme",
        EventKind.MERGED,
        T0 + timedelta(days=30),
        EventSource.USER,
        "afterview merge",
        data={"from": "acme-2"},
        id=30,
    )
    apps = rebuild([*_story(), *other, merge])
    assert set(apps) == {"acme"}
    assert apps["acme"].state is State.REJECTED


def test_split_moves_named_messages_into_a_new_application() -> None:
    story = [*_story(), _event(10, EventKind.INVITED, role="Platform Engineer")]
    split = AppEvent(
        "acme",
        EventKind.SPLIT,
        T0 + timedelta(days=11),
        EventSource.USER,
        "afterview split",
        data={
            "into": "acme-platform",
            "messages": ["<m10@acme.example>"],
            "role": "Platform Engineer",
        },
        id=31,
    )
    apps = rebuild([*story, split])
    assert apps["acme"].state is State.AWAITING_DECISION
    assert (apps["acme-platform"].state, apps["acme-platform"].role) == (
        State.INVITED,
        "Platform Engineer",
    )


def test_events_survive_the_store_round_trip() -> None:
    for event in _story():
        back = from_record(
            application=event.application,
            kind=event.kind.value,
            at=event.at,
            source=event.source.value,
            evidence=event.evidence,
            data=to_record(event),
            event_id=event.id,
        )
        assert back == event


@pytest.mark.parametrize(
    ("company", "role", "taken", "expected"),
    [
        ("Acme Robotics", "Senior Data Engineer", (), "acme-robotics-senior-data-engineer"),
        ("Société Générale", None, (), "societe-generale"),
        ("Acme", "Data Engineer", ("acme-data-engineer",), "acme-data-engineer-2"),
        ("???", None, (), "application"),
    ],
)
def test_slug_is_short_readable_and_unique(
    company: str, role: str | None, taken: tuple[str, ...], expected: str
) -> None:
    assert slug_for(company, role, taken) == expected


def _told(n: int, day: date, hours: int = 0) -> AppEvent:
    """`afterview set timeline`: the user tells the decision date on day n."""
    at = T0 + timedelta(days=n, hours=hours)
    data = {"decision_by": day.isoformat()}
    return AppEvent("acme", EventKind.TIMELINE_SET, at, EventSource.USER, "set timeline", data=data)


STATED, TOLD, LATER = date(2026, 3, 13), date(2026, 3, 20), date(2026, 3, 27)


def _fold(events: list[AppEvent]) -> Application:
    app = new_application(events[0])
    for event in events:
        app = apply(app, event)
    return app


def test_a_told_decision_date_beats_one_stated_in_mail_written_before_it() -> None:
    stated = _event(6, EventKind.EMPLOYER_REPLIED, decision_by=STATED)
    told = _told(7, TOLD)
    # Whichever arrives first: mail can come in late, a backfill reads old mail.
    for events in ([*_story()[:4], stated, told], [*_story()[:4], told, stated]):
        app = _fold(events)
        assert (app.decision_by, app.decision_told) == (TOLD, True)
    assert rebuild([*_story()[:4], told, stated])["acme"].decision_by == TOLD


def test_mail_written_after_the_told_date_moves_it_again() -> None:
    later = _event(9, EventKind.EMPLOYER_REPLIED, decision_by=LATER)
    for events in ([*_story()[:4], _told(7, TOLD), later], [*_story()[:4], later, _told(7, TOLD)]):
        app = _fold(events)
        assert (app.decision_by, app.decision_told) == (LATER, False)


def test_on_the_same_instant_the_users_word_wins() -> None:
    stated = _event(7, EventKind.EMPLOYER_REPLIED, decision_by=STATED)
    told = _told(7, TOLD)
    assert _fold([*_story()[:4], stated, told]).decision_by == TOLD
    assert _fold([*_story()[:4], told, stated]).decision_by == TOLD


def _roles(app: Application, email: str) -> set[ContactRole]:
    return {c.role for c in app.contacts if c.email == email}


def test_the_human_who_arranges_an_interview_without_taking_part_is_a_recruiter() -> None:
    app = rebuild(_story())["acme"]
    # Jordan sent the invitation and the confirmation; Jane interviews.
    assert _roles(app, "jordan.lee@acme.example") == {
        ContactRole.RECRUITER,
        ContactRole.STATUS_CONTACT,
    }
    assert _roles(app, "jane.doe@acme.example") == {ContactRole.INTERVIEWER}


def test_an_interviewer_who_sends_the_invitation_is_not_a_recruiter() -> None:
    own = _event(3, EventKind.SCHEDULED, sender=JANE, interview=_interview(5))
    app = rebuild([_event(1, EventKind.RECEIVED, sender=JANE), own])["acme"]
    assert ContactRole.RECRUITER not in _roles(app, "jane.doe@acme.example")


def test_an_ats_no_reply_is_never_a_contact() -> None:
    robot = Person(None, "no-reply@acme.example")
    app = rebuild([_event(2, EventKind.INVITED, sender=robot, by_ats=True)])["acme"]
    assert app.contacts == ()


@pytest.mark.parametrize(
    ("title", "recruits"),
    [
        ("Talent Acquisition Partner", True),
        ("Technical Sourcer", True),
        ("Recruteuse", True),
        ("Conseillère en acquisition de talents", True),
        ("Engineering Manager", False),
        ("Human Resources Generalist", False),
        (None, False),
    ],
)
def test_a_writer_titled_as_a_recruiter_is_one(title: str | None, recruits: bool) -> None:
    writer = Person("Sam Roe", "sam.roe@acme.example", title)
    app = rebuild([_event(2, EventKind.EMPLOYER_REPLIED, sender=writer)])["acme"]
    assert (ContactRole.RECRUITER in _roles(app, "sam.roe@acme.example")) is recruits
    assert ContactRole.STATUS_CONTACT in _roles(app, "sam.roe@acme.example")


def test_a_writer_at_a_recruiting_agency_is_a_recruiter_and_its_domain_not_the_employers() -> None:
    kim = Person("Kim Ng", "kim.ng@talentbridge.example")
    app = rebuild([_event(2, EventKind.EMPLOYER_REPLIED, sender=kim)])["acme"]
    assert ContactRole.RECRUITER in _roles(app, "kim.ng@talentbridge.example")
    assert "talentbridge.example" not in app.domains
