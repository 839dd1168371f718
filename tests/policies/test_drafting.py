"""From an action to its letter: what the Drafter takes from the application and the plan."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from afterview.parsers.facts import Person
from afterview.policies.applications import Application, Contact, ContactRole, Round, State
from afterview.policies.drafting import Drafter
from afterview.policies.planner import Action, Situation, Verdict
from afterview.policies.timing import Calendar, SendWindow

TORONTO = ZoneInfo("America/Toronto")
ME = Person("Alex Morgan", "alex.morgan@example.net")
JANE = Person("Jane Doe", "jane.doe@acme.example")
START = datetime(2026, 3, 4, 14, tzinfo=TORONTO)
WINDOW = SendWindow.from_names(("mon", "tue", "wed", "thu", "fri"), time(9), time(17))
LINK = "https://meet.example.com/abc-defg-hij"


def drafter() -> Drafter:
    return Drafter(Situation({}, ME, (), Calendar(TORONTO), WINDOW, START))


def acme(
    *rounds: Round, state: State = State.SCHEDULED, contacts: tuple[Contact, ...] = ()
) -> Application:
    return Application(
        "acme", "Acme Robotics", "Data Engineer", state, len(rounds), rounds, contacts
    )


def action(rule: str, to: Person, app: str | None = "acme", due: datetime = START) -> Action:
    return Action(f"{app}/{rule}", rule, app, 1 if app else 0, 1, to, None, due, template=rule)


def test_the_interviews_video_link_reaches_the_letter() -> None:
    round_ = Round(1, START, START + timedelta(hours=1), url=LINK, interviewers=(JANE,))
    letter = drafter().letter(action("notes_prompt", ME), {"acme": acme(round_)})

    assert letter.interview is not None
    assert letter.interview.url == LINK


SAM = Person("Sam Patel", "sam.patel@acme.example")


def noted_round() -> Round:
    """The invitation named Jane; the user's notes added "Sam", whose address nobody knew."""
    return Round(1, START, START + timedelta(hours=1), interviewers=(JANE, Person("Sam")))


def test_a_name_only_interviewer_takes_the_address_known_since_the_notes() -> None:
    # Sam wrote after the notes: his address is known now, and he is the one Sam.
    app = acme(
        noted_round(), contacts=(Contact(SAM.email or "", ContactRole.STATUS_CONTACT, SAM.name),)
    )
    letter = drafter().letter(action("thank_you", SAM), {"acme": app})

    assert letter.interview is not None
    emails = [p.email for p in letter.interview.interviewers]
    assert emails == [JANE.email, SAM.email]
    # Writing to Sam, the letter names Jane as the other interviewer, never Sam himself.
    assert [p.email for p in letter.other_interviewers] == [JANE.email]


def test_a_name_two_known_people_fit_stays_without_an_address() -> None:
    sam_roe = Contact("sam.roe@acme.example", ContactRole.STATUS_CONTACT, "Sam Roe")
    sam_patel = Contact(SAM.email or "", ContactRole.STATUS_CONTACT, SAM.name)
    app = acme(noted_round(), contacts=(sam_patel, sam_roe))
    letter = drafter().letter(action("thank_you", JANE), {"acme": app})

    assert letter.interview is not None
    assert [(p.name, p.email) for p in letter.interview.interviewers] == [
        (JANE.name, JANE.email),
        ("Sam", ""),
    ]


def planned(
    rule: str, due: datetime, app: str = "acme", verdict: Verdict = Verdict.PLANNED
) -> Action:
    return Action(f"{app}/{rule}/{due:%H}", rule, app, 1, 1, JANE, "queue", due, verdict)


def test_the_digest_tells_each_applications_next_action_and_its_day_in_the_users_zone() -> None:
    apps = {
        "acme": acme(Round(1, START), state=State.INTERVIEWED),
        "initech": Application("initech", "Initech", "Analyst"),
    }
    utc = ZoneInfo("UTC")
    pending = (
        # 03:00 UTC on the 20th is still the 19th in Toronto.
        planned("follow_up", datetime(2026, 3, 20, 3, tzinfo=utc)),
        planned("thank_you", datetime(2026, 3, 21, 3, tzinfo=utc)),
        # Skipped: it will not happen, so it is not what comes next.
        planned("feedback_request", datetime(2026, 3, 5, tzinfo=utc), verdict=Verdict.SKIPPED),
    )
    digest = action("digest", ME, app=None, due=datetime(2026, 3, 16, 8, tzinfo=TORONTO))
    rows = {row.company: row for row in drafter().letter(digest, apps, pending).pipeline}

    assert (rows["Acme Robotics"].next_action, rows["Acme Robotics"].next_date) == (
        "follow_up",
        date(2026, 3, 19),
    )
    assert (rows["Initech"].next_action, rows["Initech"].next_date) == (None, None)
    body = drafter().render(digest, apps, pending).body
    assert (
        "Acme Robotics, Data Engineer: interviewed; next: follow-up on Thursday, March 19" in body
    )
