"""The user's commands as values: the events `add` and `undo` make, and where a snooze lands."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from afterview.parsers.facts import Person
from afterview.policies import commands
from afterview.policies.applications import Application, ContactRole, State
from afterview.policies.commands import CommandRefused
from afterview.policies.events import AppEvent, EventKind, EventSource, MessageInfo
from afterview.policies.machine import apply, new_application, rebuild
from afterview.policies.planner import Situation, plan
from afterview.policies.policy import default_policy
from afterview.policies.timing import Calendar, SendWindow

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 3, 9, 12, 0, tzinfo=TORONTO)  # a Monday
JANE = Person("Jane Doe", "jane@acme.example")
CALENDAR = Calendar(TORONTO)
WINDOW = SendWindow.from_names(("mon", "tue", "wed", "thu", "fri"), time(9), time(17))


def stored(events: list[AppEvent]) -> list[AppEvent]:
    """The events as the store numbers them."""
    return [event.with_id(n) for n, event in enumerate(events, start=1)]


def fold(events: list[AppEvent]) -> Application:
    app = new_application(events[0])
    for event in events:
        app = apply(app, event)
    return app


def opened(company: str = "Acme Robotics", role: str | None = "Data Engineer") -> AppEvent:
    return commands.added(company, role, at=NOW, apps={})


# People ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Doe <Jane@Acme.example>", Person("Jane Doe", "jane@acme.example")),
        ('"Doe, Jane" <jane@acme.example>', Person("Doe, Jane", "jane@acme.example")),
        ("jane@acme.example", Person(None, "jane@acme.example")),
        ("Jane Doe", Person("Jane Doe", None)),
    ],
)
def test_a_person_is_read_as_a_mail_client_writes_one(text: str, expected: Person) -> None:
    assert commands.person(text) == expected


@pytest.mark.parametrize("text", ["", "Jane <jane>", "a@b@c", "<>"])
def test_a_person_without_a_usable_address_is_refused(text: str) -> None:
    with pytest.raises(CommandRefused, match=re.escape("Jane Doe <jane@acme.com>")):
        commands.person(text)


# Adding an application -------------------------------------------------------------------


def test_an_added_application_is_a_user_event_that_opens_it_with_its_names() -> None:
    event = commands.added("Acme Robotics", "Data Engineer", at=NOW, apps={}, contact=JANE)
    assert (event.kind, event.source, event.at) == (EventKind.ADDED, EventSource.USER, NOW)
    assert event.application == "acme-robotics-data-engineer"
    assert event.evidence == (
        "afterview add --company 'Acme Robotics' --role 'Data Engineer'"
        " --contact 'Jane Doe <jane@acme.example>'"
    )
    assert event.data["status_contact"] == {
        "name": "Jane Doe",
        "email": "jane@acme.example",
        "title": None,
    }
    app = fold([event])
    assert (app.company, app.role, app.state) == ("Acme Robotics", "Data Engineer", State.APPLIED)


def test_an_added_application_takes_an_id_nobody_holds() -> None:
    event = commands.added(
        "Acme Robotics", "Data Engineer", at=NOW, apps={}, taken={"acme-robotics-data-engineer"}
    )
    assert event.application == "acme-robotics-data-engineer-2"


def test_an_application_tracked_already_is_not_added_twice() -> None:
    app = fold([opened("Acme Robotics Inc.", "Senior Data Engineer")])
    with pytest.raises(CommandRefused, match=f"tracked already as {app.id}"):
        commands.added("Acme Robotics", "Data Engineer", at=NOW, apps={app.id: app})
    other_role = commands.added("Acme Robotics", "Designer", at=NOW, apps={app.id: app})
    assert other_role.application == "acme-robotics-designer"


def test_an_application_needs_a_company() -> None:
    with pytest.raises(CommandRefused, match="--company"):
        commands.added("  ", None, at=NOW, apps={})


# Interviews ------------------------------------------------------------------------------


def test_an_interview_told_opens_a_round_and_keeps_its_details_in_the_event() -> None:
    app = fold([opened()])
    start = datetime(2026, 3, 12, 10, 0, tzinfo=TORONTO)
    event = commands.scheduled(
        app, start, at=NOW, minutes=45, interviewers=[JANE], url="https://meet.example/x"
    )
    assert (event.kind, event.source) == (EventKind.SCHEDULED, EventSource.USER)
    interview = event.data["interview"]
    assert interview["start"] == "2026-03-12T10:00:00-04:00"
    assert interview["end"] == "2026-03-12T10:45:00-04:00"
    assert interview["timezone"] == "America/Toronto"
    assert interview["url"] == "https://meet.example/x"
    assert interview["interviewers"] == [
        {"name": "Jane Doe", "email": "jane@acme.example", "title": None}
    ]
    assert "--interviewer 'Jane Doe <jane@acme.example>'" in event.evidence
    after = apply(app, event)
    assert (after.state, after.round) == (State.SCHEDULED, 1)


def test_an_interview_told_gives_the_round_its_time_and_interviewers() -> None:
    app = fold([opened()])
    start = datetime(2026, 3, 12, 10, 0, tzinfo=TORONTO)
    after = apply(app, commands.scheduled(app, start, at=NOW, interviewers=[JANE]))
    assert after.rounds[0].start == start
    assert after.rounds[0].interviewers == (JANE,)
    assert [c.role for c in after.contacts] == [ContactRole.INTERVIEWER]


def test_an_added_status_contact_is_known_to_the_application() -> None:
    app = fold([commands.added("Acme", None, at=NOW, apps={}, contact=JANE)])
    assert [(c.email, c.role) for c in app.contacts] == [
        ("jane@acme.example", ContactRole.STATUS_CONTACT)
    ]


def test_an_interview_cannot_be_added_to_a_settled_application() -> None:
    first = opened()
    rejected = AppEvent(first.application, EventKind.REJECTED, NOW, EventSource.MESSAGE, "<r@x>")
    app = fold([first, rejected])
    with pytest.raises(CommandRefused, match="is rejected: an interview cannot be added"):
        commands.scheduled(app, NOW + timedelta(days=2), at=NOW)


# Timelines -------------------------------------------------------------------------------


def test_a_timeline_heard_is_counted_from_when_it_was_said() -> None:
    said = datetime(2026, 3, 12, 11, 0, tzinfo=TORONTO)
    assert commands.decision_date("two weeks", said, user_tz=TORONTO) == date(2026, 3, 26)
    assert commands.decision_date("2026-04-01", said, user_tz=TORONTO) == date(2026, 4, 1)
    with pytest.raises(CommandRefused, match="cannot read a date"):
        commands.decision_date("soonish", said, user_tz=TORONTO)


def test_a_timeline_told_after_the_interview_awaits_the_decision_on_that_date() -> None:
    first = opened()
    app = fold([first])
    interview = commands.scheduled(app, NOW - timedelta(days=2), at=NOW - timedelta(days=3))
    done = AppEvent(
        app.id, EventKind.INTERVIEW_DONE, NOW - timedelta(days=1), EventSource.CLOCK, "c"
    )
    app = fold([first, interview, done])
    event = commands.timeline_set(app, date(2026, 3, 20), at=NOW, heard="end of next week")
    assert event.evidence == (
        "afterview add acme-robotics-data-engineer --timeline 'end of next week'"
    )
    after = apply(app, event)
    assert after.state is State.AWAITING_DECISION
    assert (after.decision_by, after.decision_told) == (date(2026, 3, 20), True)


# Undo ------------------------------------------------------------------------------------


def test_undo_takes_back_the_last_transition_not_a_later_event_that_changed_nothing() -> None:
    first = opened()
    news = MessageInfo("<n@acme.example>", NOW, JANE)
    events = stored(
        [
            first,
            AppEvent(first.application, EventKind.REJECTED, NOW, EventSource.MESSAGE, "<r@x>"),
            AppEvent(
                first.application, EventKind.EMPLOYER_REPLIED, NOW + timedelta(hours=1),
                EventSource.MESSAGE, "<n@acme.example>", message=news,
            ),
        ]
    )  # fmt: skip
    app = rebuild(events)[first.application]
    undo = commands.undo(app, at=NOW + timedelta(days=1))
    assert (undo.kind, undo.source, undo.data) == (
        EventKind.UNDONE,
        EventSource.USER,
        {"event": 2, "kind": "rejected"},
    )
    assert undo.evidence == "afterview undo acme-robotics-data-engineer"
    assert rebuild([*events, undo.with_id(4)])[app.id].state is State.APPLIED


def test_undo_twice_takes_back_the_transition_before() -> None:
    first = opened()
    app = fold([first])
    interview = commands.scheduled(app, NOW + timedelta(days=3), at=NOW)
    rejected = AppEvent(
        first.application, EventKind.REJECTED, NOW + timedelta(hours=1), EventSource.MESSAGE, "<r>"
    )
    events = stored([first, interview, rejected])
    once = commands.undo(rebuild(events)[app.id], at=NOW + timedelta(days=1)).with_id(4)
    twice = commands.undo(rebuild([*events, once])[app.id], at=NOW + timedelta(days=1))
    assert twice.data["event"] == 2
    assert rebuild([*events, once, twice.with_id(5)])[app.id].state is State.APPLIED


def test_nothing_to_undo_is_refused_with_the_state() -> None:
    app = rebuild(stored([opened()]))["acme-robotics-data-engineer"]
    with pytest.raises(CommandRefused, match=r"nothing to undo: .* \(applied\)"):
        commands.undo(app, at=NOW)


# Snoozing --------------------------------------------------------------------------------


def snooze(text: str, due: datetime, window: SendWindow | None = WINDOW) -> datetime:
    return commands.snoozed_until(text, due=due, now=NOW, calendar=CALENDAR, window=window)


def test_a_snooze_waits_after_the_due_time_then_for_the_send_window() -> None:
    due = datetime(2026, 3, 10, 15, 0, tzinfo=TORONTO)  # a Tuesday
    assert snooze("3d", due) == datetime(2026, 3, 13, 15, 0, tzinfo=TORONTO)
    assert snooze("1w", due) == datetime(2026, 3, 17, 15, 0, tzinfo=TORONTO)
    # 17:00 is when the window closes: the next opening is Wednesday at nine.
    assert snooze("2h", due) == datetime(2026, 3, 11, 9, 0, tzinfo=TORONTO)
    assert snooze("2h", due, window=None) == datetime(2026, 3, 10, 17, 0, tzinfo=TORONTO)
    assert snooze("2 business days", datetime(2026, 3, 13, 10, 0, tzinfo=TORONTO)) == datetime(
        2026, 3, 17, 10, 0, tzinfo=TORONTO
    )


def test_an_overdue_action_is_snoozed_from_now() -> None:
    due = NOW - timedelta(days=2)
    assert snooze("1d", due) == NOW + timedelta(days=1)


def test_a_snooze_to_a_day_goes_at_its_first_opening() -> None:
    due = datetime(2026, 3, 10, 15, 0, tzinfo=TORONTO)
    assert snooze("2026-03-14", due) == datetime(2026, 3, 16, 9, 0, tzinfo=TORONTO)  # a Saturday
    assert snooze("2026-03-12 14:30", due) == datetime(2026, 3, 12, 14, 30, tzinfo=TORONTO)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-03-01", "is not later than 2026-03-10 15:00"),
        ("0d", "puts an action off by some time"),
        ("2y", "cannot read '2y'"),
        ("soon", "give a wait"),
        ("60w", "at most a year"),
    ],
)
def test_a_snooze_that_is_not_later_or_not_clear_is_refused(text: str, message: str) -> None:
    with pytest.raises(CommandRefused, match=message):
        snooze(text, datetime(2026, 3, 10, 15, 0, tzinfo=TORONTO))


def test_the_status_contact_named_by_hand_gets_the_follow_up_before_writing() -> None:
    bob = Person("Bob Li", "bob@acme.example")
    app = fold([commands.added("Acme", None, at=NOW, apps={}, contact=JANE)])
    start = datetime(2026, 3, 10, 10, 0, tzinfo=TORONTO)
    app = apply(app, commands.scheduled(app, start, at=NOW, interviewers=[bob]))
    situation = Situation(
        {app.id: app}, Person("Alex", "alex@example.net"), (), CALENDAR, WINDOW, NOW
    )
    later = start + timedelta(days=30)
    follow_ups = {
        a.recipient.email for a in plan(default_policy(), situation, later) if a.rule == "follow_up"
    }
    assert follow_ups == {JANE.email}
