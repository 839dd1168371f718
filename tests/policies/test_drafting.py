"""From an action to its letter: what the Drafter takes from the application and the plan."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from afterview.parsers.facts import Person
from afterview.policies.applications import Application, Round, State
from afterview.policies.drafting import Drafter
from afterview.policies.planner import Action, Situation
from afterview.policies.timing import Calendar, SendWindow

TORONTO = ZoneInfo("America/Toronto")
ME = Person("Alex Morgan", "alex.morgan@example.net")
JANE = Person("Jane Doe", "jane.doe@acme.example")
START = datetime(2026, 3, 4, 14, tzinfo=TORONTO)
WINDOW = SendWindow.from_names(("mon", "tue", "wed", "thu", "fri"), time(9), time(17))
LINK = "https://meet.example.com/abc-defg-hij"


def drafter() -> Drafter:
    return Drafter(Situation({}, ME, (), Calendar(TORONTO), WINDOW, START))


def acme(*rounds: Round, state: State = State.SCHEDULED) -> Application:
    return Application("acme", "Acme Robotics", "Data Engineer", state, len(rounds), rounds)


def action(rule: str, to: Person, app: str | None = "acme", due: datetime = START) -> Action:
    return Action(f"{app}/{rule}", rule, app, 1 if app else 0, 1, to, None, due, template=rule)


def test_the_interviews_video_link_reaches_the_letter() -> None:
    round_ = Round(1, START, START + timedelta(hours=1), url=LINK, interviewers=(JANE,))
    letter = drafter().letter(action("notes_prompt", ME), {"acme": acme(round_)})

    assert letter.interview is not None
    assert letter.interview.url == LINK
