"""From a planned action to the letter its template renders: people, thread and notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from afterview.parsers.facts import Person
from afterview.policies.applications import Application
from afterview.policies.compose import compose, message_id_for
from afterview.policies.events import EventKind, MessageInfo
from afterview.policies.letters import Correspondent, InterviewNote, Letter, PipelineRow
from afterview.policies.notes import read_notes
from afterview.policies.people import interviewers
from afterview.policies.planner import Action, Situation, Verdict
from afterview.policies.templates import Rendered, Templates

if TYPE_CHECKING:
    from afterview.policies.replay import Line

# An application with no news for this long is flagged in the digest.
STALE_AFTER = timedelta(days=21)


def correspondent(person: Person) -> Correspondent:
    """A parsed person as a template sees them."""
    return Correspondent(email=person.email or "", name=person.name, title=person.title)


def last_message_from(app: Application, email: str) -> MessageInfo | None:
    """The latest message `email` wrote in this application's threads: what a reply answers."""
    email = email.lower()
    for event in reversed(app.history):
        message = event.message
        sender = (message.sender.email or "").lower() if message else ""
        if message and event.kind is not EventKind.USER_SENT and sender == email:
            return message
    return None


@dataclass
class Drafter:
    """Turns actions into letters and rendered text, with the user's details."""

    situation: Situation
    language: str = "en"
    templates: Templates = field(default_factory=Templates.builtin)
    #: The user's closing lines, under every message they send.
    signature: str = ""
    #: How each reference knows the user, by address: "my manager at Initech".
    relations: Mapping[str, str] = field(default_factory=dict)

    def letter(
        self, action: Action, apps: Mapping[str, Application], pending: Sequence[Action] = ()
    ) -> Letter:
        """The letter for one action, replying in the recipient's thread where there is one.

        `pending` is the plan when the action falls due: the digest tells, for each
        application, the next of these and its date.
        """
        me = correspondent(self.situation.me)
        app = apps.get(action.application or "")
        if app is None:
            zone = self.situation.calendar.zone
            return Letter(
                action.template,
                action.language or self.language,
                me,
                (me,),
                "",
                self.signature,
                pipeline=_rows(apps, pending, zone),
                zone=str(zone),
            )
        replied = last_message_from(app, action.recipient.email or "")
        round_ = next((r for r in app.rounds if r.number == action.round), app.current_round)
        interview = None
        if round_ is not None and round_.start is not None:
            # Names from the user's notes meet the addresses known since, before anyone is
            # greeted or left out: a letter to Sam never thanks him for meeting "Sam".
            people = tuple(correspondent(p) for p in interviewers(app, round_))
            interview = InterviewNote(
                round_.start, round_.end, round_.number, people, round_.location, round_.url
            )
        return Letter(
            template=action.template,
            language=action.language or _language(app) or self.language,
            sender=me,
            to=(correspondent(action.recipient),),
            company=app.company,
            signature=self.signature,
            role=app.role,
            interview=interview,
            notes=read_notes(round_.notes) if round_ and round_.notes else None,
            decision_by=app.decision_by,
            in_reply_to=replied.message_id if replied else None,
            references=replied.references if replied else (),
            thread_subject=replied.subject if replied else None,
            zone=(round_.zone if round_ and round_.zone else str(self.situation.calendar.zone)),
            attempt=action.attempt,
            relation=self.relations.get((action.recipient.email or "").lower()),
        )

    def render(
        self, action: Action, apps: Mapping[str, Application], pending: Sequence[Action] = ()
    ) -> Rendered:
        """The action's subject and body."""
        return self.templates.render(self.letter(action, apps, pending))

    def compose(
        self,
        action: Action,
        apps: Mapping[str, Application],
        *,
        date: datetime,
        pending: Sequence[Action] = (),
    ) -> EmailMessage:
        """The complete message for an action; its Message-ID is fixed by the action's key.
        For the digest, `pending` is the plan now (`Tracker.plan`), to tell what comes next."""
        letter = self.letter(action, apps, pending)
        message_id = message_id_for(action.key, letter.sender.email)
        return compose(letter, self.templates.render(letter), date=date, message_id=message_id)

    def describe(self, line: Line) -> dict[str, Any]:
        """The subject and In-Reply-To `simulate` shows for a line, from the applications and
        the plan as they stood when it was carried out."""
        letter = self.letter(line.action, line.apps, line.pending)
        return {
            "subject": self.templates.render(letter).subject,
            "in_reply_to": letter.in_reply_to,
        }


def _language(app: Application) -> str | None:
    for message in reversed(app.employer_messages):
        if message.language in {"en", "fr"}:
            return message.language
    return None


def _rows(
    apps: Mapping[str, Application], pending: Sequence[Action], zone: ZoneInfo
) -> tuple[PipelineRow, ...]:
    """One row per application in progress, with the next action planned for it."""
    upcoming: dict[str, Action] = {}
    for action in sorted(pending, key=lambda a: (a.due, a.key)):
        # Skipped actions and missed deadlines will not happen: not what comes next.
        if action.verdict is Verdict.PLANNED and action.application is not None:
            upcoming.setdefault(action.application, action)
    rows = []
    newest = max((e.at for a in apps.values() for e in a.history), default=None)
    for app in apps.values():
        if not app.state.is_open:
            continue  # decided, withdrawn or closed: no longer in progress
        last = max((e.at for e in app.history), default=None)
        stale = bool(last and newest and newest - last > STALE_AFTER and app.state.is_open)
        following = upcoming.get(app.id)
        rule = following.rule if following else None
        day = following.due.astimezone(zone).date() if following else None
        rows.append(PipelineRow(app.company, app.role, app.state.value, rule, day, stale))
    return tuple(rows)
