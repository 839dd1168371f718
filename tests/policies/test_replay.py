"""The planner under a virtual clock: parsed facts in, the default policy's actions out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from afterview.parsers.facts import Facts, Interview, Kind, Person, SenderKind
from afterview.policies.applications import Application
from afterview.policies.drafting import Drafter
from afterview.policies.events import AppEvent, EventKind, EventSource, MessageInfo
from afterview.policies.machine import apply
from afterview.policies.notes import notes_event
from afterview.policies.planner import Situation, Verdict, action_key, plan
from afterview.policies.policy import Policy, default_policy, default_policy_text, load_policy
from afterview.policies.replay import Line, Replay
from afterview.policies.timing import Calendar, SendWindow
from afterview.policies.tracker import Tracker

TORONTO = ZoneInfo("America/Toronto")
ME = Person("Alex Morgan", "alex.morgan@example.net")
JORDAN = Person("Jordan Lee", "jordan.lee@acme.example")
JANE = Person("Jane Doe", "jane.doe@acme.example")
BOB = Person("Bob Li", "bob.li@acme.example")
WINDOW = SendWindow.from_names(("mon", "tue", "wed", "thu", "fri"), time(9), time(17))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TORONTO)


def mail(n: int, when: str, kind: Kind, sender: Person = JORDAN, **facts: object) -> Facts:
    base: dict[str, object] = {
        "kind": kind,
        "confidence": 1.0,
        "message_id": f"<m{n}@acme.example>",
        "sent_at": at(when),
        "sender": sender,
        "sender_kind": SenderKind.HUMAN,
        "company": "Acme Robotics",
        "role": "Data Engineer",
        "recipients": (ME,),
        "subject": "Your interview",
    }
    return Facts(**(base | facts))  # type: ignore[arg-type]


def interview(start: str, *people: Person) -> Interview:
    begin = at(start)
    return Interview(begin, begin + timedelta(hours=1), "America/Toronto", interviewers=people)


def replay(*messages: Facts, until: str = "2026-04-30 00:00") -> list[Line]:
    since = min(m.sent_at for m in messages if m.sent_at)
    situation = Situation({}, ME, (), Calendar(TORONTO), WINDOW, since)
    run = Replay(Tracker(default_policy(), situation, frozenset({ME.email or ""})))
    run.run(messages, since, at(until))
    return [line for line in run.lines if line.rule not in {"digest", "notes_prompt"}]


def shown(lines: list[Line], rule: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(line.at.isoformat(), line.status, line.to) for line in lines if line.rule == rule]


CONFIRMED = mail(1, "2026-03-02 10:00", Kind.INTERVIEW_CONFIRMATION,
                 interview=interview("2026-03-04 14:00", JANE, BOB))  # fmt: skip


def test_each_interviewer_gets_a_thank_you_draft_two_hours_after_the_end() -> None:
    lines = replay(CONFIRMED)
    assert sorted(shown(lines, "thank_you")) == [
        ("2026-03-04T17:00:00-05:00", "drafted", ("bob.li@acme.example",)),
        ("2026-03-04T17:00:00-05:00", "drafted", ("jane.doe@acme.example",)),
    ]


def test_no_thank_you_to_an_interviewer_the_user_already_thanked() -> None:
    thanked = mail(2, "2026-03-04 16:00", Kind.UNRELATED, sender=ME, recipients=(JANE,))
    statuses = {(s, to) for _, s, to in shown(replay(CONFIRMED, thanked), "thank_you")}
    # Planned when the interview was confirmed, then called off: "cancelled".
    assert statuses == {
        ("cancelled", ("jane.doe@acme.example",)),
        ("drafted", ("bob.li@acme.example",)),
    }


def test_follow_up_waits_for_the_stated_decision_date() -> None:
    timeline = mail(3, "2026-03-05 11:00", Kind.EMPLOYER_REPLY, decision_by=date(2026, 3, 19))
    sent = [x for x in shown(replay(CONFIRMED, timeline), "follow_up") if x[1] == "sent"]
    assert sent[0] == ("2026-03-20T09:00:00-04:00", "sent", ("jordan.lee@acme.example",))


def test_at_most_two_follow_ups_a_week_apart() -> None:
    sent = [x for x in shown(replay(CONFIRMED), "follow_up") if x[1] == "sent"]
    assert [when for when, _, _ in sent] == [
        "2026-03-11T15:00:00-04:00",
        "2026-03-18T15:00:00-04:00",
    ]


def test_no_follow_up_once_the_employer_has_written() -> None:
    update = mail(4, "2026-03-09 10:00", Kind.EMPLOYER_REPLY)
    lines = shown(replay(CONFIRMED, update), "follow_up")
    assert [s for _, s, _ in lines] == ["cancelled"]


def test_a_rejection_gets_only_a_feedback_request() -> None:
    rejection = mail(5, "2026-03-06 10:00", Kind.REJECTION)
    lines = replay(CONFIRMED, rejection)
    assert shown(lines, "feedback_request") == [
        ("2026-03-09T10:00:00-04:00", "drafted", ("jordan.lee@acme.example",))
    ]
    assert not [x for x in shown(lines, "follow_up") if x[1] == "sent"]


def test_an_offer_stops_everything() -> None:
    offer = mail(6, "2026-03-04 15:30", Kind.OFFER)
    lines = replay(CONFIRMED, offer)
    assert [line for line in lines if line.status in {"sent", "drafted"}] == []
    assert shown(replay(CONFIRMED), "thank_you")  # without the offer, there would be some


def test_a_reschedule_moves_the_dependent_actions() -> None:
    moved = mail(7, "2026-03-03 09:00", Kind.INTERVIEW_CONFIRMATION,
                 interview=interview("2026-03-06 10:00", JANE))  # fmt: skip
    lines = replay(CONFIRMED, moved)
    assert shown(lines, "thank_you") == [
        ("2026-03-06T13:00:00-05:00", "drafted", ("jane.doe@acme.example",))
    ]


def test_planning_twice_gives_the_same_keys() -> None:
    assert action_key("acme", "follow_up", 1, 2, "Jordan@Acme.example") == action_key(
        "acme", "follow_up", 1, 2, "jordan@acme.example"
    )


def replayed(*messages: Facts, until: str) -> Replay:
    since = min(m.sent_at for m in messages if m.sent_at)
    situation = Situation({}, ME, (), Calendar(TORONTO), WINDOW, since)
    run = Replay(Tracker(default_policy(), situation, frozenset({ME.email or ""})))
    run.run(messages, since, at(until))
    return run


def edited(old: str, new: str) -> Policy:
    """The default policy's YAML with one edit, as a user would make it."""
    text = default_policy_text()
    assert text.count(old) == 1
    return load_policy(text.replace(old, new), "policy.yaml")


def pending(policy: Policy, run: Replay, now: str) -> dict[str, datetime]:
    situation = replace(run.tracker.situation, applications=run.apps, done=run.tracker.done)
    return {
        a.key: a.due
        for a in plan(policy, situation, at(now))
        if a.verdict is Verdict.PLANNED and a.rule != "digest"
    }


def test_planning_twice_gives_the_same_actions() -> None:
    run = replayed(CONFIRMED, until="2026-03-03 00:00")
    situation = replace(run.tracker.situation, applications=run.apps, done=run.tracker.done)
    first = plan(default_policy(), situation, at("2026-03-03 00:00"))
    assert first  # thank-yous and a follow-up are ahead
    assert plan(default_policy(), situation, at("2026-03-03 00:00")) == first


def test_a_policy_change_moves_pending_actions_under_the_same_keys() -> None:
    run = replayed(CONFIRMED, until="2026-03-03 00:00")
    before = pending(default_policy(), run, "2026-03-03 00:00")
    slower = edited(
        "when: {after: interview_end, wait: 2h}", "when: {after: interview_end, wait: 3h}"
    )
    after = pending(slower, run, "2026-03-03 00:00")
    thanks = [key for key in before if "/thank_you/" in key]
    assert len(thanks) == 2
    for key in thanks:  # same key, so the outbox moves its row rather than adding one
        assert after[key] == before[key] + timedelta(hours=1)
    assert after.keys() == before.keys()


def test_disabling_a_rule_withdraws_its_pending_actions() -> None:
    run = replayed(CONFIRMED, until="2026-03-03 00:00")
    quiet = edited("    mode: queue\n", "    mode: queue\n    enabled: false\n")
    before = pending(default_policy(), run, "2026-03-03 00:00")
    after = pending(quiet, run, "2026-03-03 00:00")
    assert {k for k in before if "/follow_up/" in k}
    assert after.keys() == {k for k in before if "/follow_up/" not in k}


def test_with_nobody_to_write_to_the_action_is_skipped_with_no_recipient() -> None:
    robot = Person(None, "no-reply@acme.example")
    rejection = mail(8, "2026-03-02 10:00", Kind.REJECTION, sender=robot,
                     sender_kind=SenderKind.NO_REPLY)  # fmt: skip
    lines = replay(rejection)
    [line] = [x for x in lines if x.rule == "feedback_request"]
    assert (line.status, line.to) == ("skipped", ())
    assert line.reason.startswith("nobody to write to")


def reply(text: str, when: str) -> MessageInfo:
    return MessageInfo(
        message_id="<notes1@example.net>",
        sent_at=at(when),
        sender=ME,
        subject="Re: How did it go?",
        recipients=(ME,),
    )


def test_notes_name_the_interviewers_the_invitation_did_not() -> None:
    unnamed = mail(9, "2026-03-02 10:00", Kind.INTERVIEW_CONFIRMATION,
                   interview=interview("2026-03-04 14:00"))  # fmt: skip
    mentions = mail(10, "2026-03-03 09:00", Kind.EMPLOYER_REPLY, sender=JANE)
    run = replayed(unnamed, mentions, until="2026-03-04 15:30")
    [app] = run.apps.values()
    text = (
        "interviewers: Jane, Bob Li <bob.li@acme.example>, Sam\ntimeline: two weeks\n\nGreat chat."
    )
    event = notes_event(app, text, reply(text, "2026-03-04 15:30"), user_tz=TORONTO)
    app = apply(app, event)
    people = {(p.name, p.email) for p in app.rounds[-1].interviewers}
    # "Jane" is the one known person of that name; nobody known is called Sam.
    assert people == {("Jane Doe", JANE.email), ("Bob Li", BOB.email), ("Sam", None)}
    assert (app.decision_by, app.decision_told) == (date(2026, 3, 18), True)
    assert app.rounds[-1].notes == "Great chat."
    situation = replace(run.tracker.situation, applications={app.id: app}, done=run.tracker.done)
    thanks = {a.recipient.email for a in plan(default_policy(), situation, at("2026-03-04 15:30"))
              if a.rule == "thank_you"}  # fmt: skip
    assert thanks == {JANE.email, BOB.email}


def test_notes_from_the_user_neither_stop_the_follow_up_nor_change_its_recipient() -> None:
    confirmed = mail(12, "2026-03-02 10:00", Kind.INTERVIEW_CONFIRMATION, sender=JANE,
                     interview=interview("2026-03-04 14:00", BOB))  # fmt: skip
    run = replayed(confirmed, until="2026-03-04 15:30")
    [app] = run.apps.values()

    def follow_ups(app: Application) -> set[tuple[str | None, str]]:
        situation = replace(run.tracker.situation, applications={app.id: app})
        actions = plan(default_policy(), situation, at("2026-03-04 15:30"))
        return {(a.recipient.email, a.verdict.value) for a in actions if a.rule == "follow_up"}

    before = follow_ups(app)
    text = "interviewers: Bob Li\ntimeline: two weeks\n\nIt went well."
    noted = apply(app, notes_event(app, text, reply(text, "2026-03-04 15:30"), user_tz=TORONTO))
    assert before == {(JANE.email, "planned")}
    assert follow_ups(noted) == before
    assert noted.employer_messages == app.employer_messages


def test_a_name_two_people_share_gets_no_address() -> None:
    jane_roe = Person("Jane Roe", "jane.roe@acme.example")
    both = mail(11, "2026-03-02 10:00", Kind.INTERVIEW_CONFIRMATION,
                interview=interview("2026-03-04 14:00", JANE, jane_roe))  # fmt: skip
    run = replayed(both, until="2026-03-04 15:30")
    [app] = run.apps.values()
    event = notes_event(app, "interviewers: Jane", reply("", "2026-03-04 15:30"), user_tz=TORONTO)
    assert event.data["interviewers"] == [{"name": "Jane", "email": None, "title": None}]


def test_a_rules_language_reaches_its_actions() -> None:
    french = edited("    mode: queue\n", "    mode: queue\n    language: fr\n")
    run = replayed(CONFIRMED, until="2026-03-03 00:00")
    actions = plan(french, replace(run.tracker.situation, applications=run.apps), at("2026-03-03"))
    languages = {a.rule: a.language for a in actions}
    assert (languages["follow_up"], languages["thank_you"]) == ("fr", None)


def test_a_reason_shows_the_stopping_message_time_in_the_users_zone() -> None:
    # Written at 14:00 UTC, 10:00 in Toronto: the reason says 10:00, as the user's clock does.
    update = mail(12, "2026-03-09 10:00", Kind.EMPLOYER_REPLY)
    update = replace(update, sent_at=datetime(2026, 3, 9, 14, tzinfo=ZoneInfo("UTC")))
    [line] = [x for x in replay(CONFIRMED, update) if x.rule == "follow_up"]
    assert line.reason == "the employer wrote on 2026-03-09 10:00"


def test_an_interviewer_named_in_notes_is_thanked_once_their_address_is_known() -> None:
    unnamed = mail(13, "2026-03-02 10:00", Kind.INTERVIEW_CONFIRMATION,
                   interview=interview("2026-03-04 14:00", JANE))  # fmt: skip
    run = replayed(unnamed, until="2026-03-04 15:10")
    [app] = run.apps.values()
    text = "interviewers: Jane, Sam\n\nGreat chat."
    run.tracker.record(notes_event(app, text, reply(text, "2026-03-04 15:10"), user_tz=TORONTO))
    sam = Person("Sam Patel", "sam.patel@acme.example")
    # Sam writes after the notes: the one known Sam, so the notes' "Sam" is him.
    run.tracker.receive(
        mail(14, "2026-03-04 15:20", Kind.EMPLOYER_REPLY, sender=sam), at("2026-03-04 15:20")
    )
    thanks = {a.recipient.email for a in run.tracker.plan(at("2026-03-04 15:30"))
              if a.rule == "thank_you"}  # fmt: skip
    assert thanks == {JANE.email, sam.email}


def test_a_replayed_digest_tells_the_next_action_planned_at_its_time() -> None:
    run = replayed(CONFIRMED, until="2026-03-20 00:00")
    [monday] = [
        line for line in run.lines if line.rule == "digest" and line.at == at("2026-03-09 08:00")
    ]
    body = Drafter(run.tracker.situation).render(monday.action, monday.apps, monday.pending).body
    # On Monday the 9th the thank-yous are done; the follow-up is due Wednesday the 11th.
    assert (
        "- Acme Robotics, Data Engineer: interviewed; next: follow-up on Wednesday, March 11"
        in body
    )


def test_a_replayed_reply_answers_the_last_message_before_it_not_a_later_one() -> None:
    later = mail(15, "2026-03-12 10:00", Kind.EMPLOYER_REPLY)  # after the first follow-up
    run = replayed(CONFIRMED, later, until="2026-03-20 00:00")
    [first] = [line for line in run.lines if line.rule == "follow_up" and line.status == "sent"]
    assert Drafter(run.tracker.situation).describe(first)["in_reply_to"] == "<m1@acme.example>"


def test_the_follow_up_counts_from_the_date_the_user_told_over_one_stated_before() -> None:
    stated = mail(16, "2026-03-05 11:00", Kind.EMPLOYER_REPLY, decision_by=date(2026, 3, 19))
    run = replayed(CONFIRMED, stated, until="2026-03-06 10:00")
    told = {"decision_by": "2026-03-25"}
    run.tracker.record(AppEvent(next(iter(run.apps)), EventKind.TIMELINE_SET, at("2026-03-06 10:00"),
                                EventSource.USER, "set timeline", data=told))  # fmt: skip
    # A message written before the user spoke, read only now, does not undo what they said.
    late = mail(17, "2026-03-05 12:00", Kind.EMPLOYER_REPLY, decision_by=date(2026, 3, 13))
    run.tracker.receive(late, at("2026-03-06 10:05"))
    [follow_up] = [a for a in run.tracker.plan(at("2026-03-06 10:05")) if a.rule == "follow_up"]
    assert follow_up.due == at("2026-03-26 09:00")
    assert follow_up.reason == "1 business day after the decision date you gave (2026-03-25)"


def test_a_known_recruiters_word_stops_the_follow_up_of_the_application_it_is_about() -> None:
    # Kim, at a recruiting agency, arranges interviews for the same role at two clients.
    kim = Person("Kim Ng", "kim.ng@talentbridge.example")
    bob = Person("Bob Li", "bob.li@globex.example")
    acme = mail(20, "2026-03-02 10:00", Kind.INTERVIEW_CONFIRMATION, sender=kim,
                interview=interview("2026-03-04 14:00", JANE))  # fmt: skip
    globex = mail(21, "2026-03-02 11:00", Kind.INTERVIEW_CONFIRMATION, sender=kim,
                  company="Globex", interview=interview("2026-03-05 14:00", bob))  # fmt: skip
    update = mail(22, "2026-03-09 10:00", Kind.EMPLOYER_REPLY, sender=kim, company="Globex",
                  role=None, subject="Globex: an update")  # fmt: skip
    lines = replay(acme, globex, update, until="2026-03-14 00:00")
    follow_ups = {(line.application, line.status) for line in lines if line.rule == "follow_up"}
    assert follow_ups == {
        ("acme-robotics-data-engineer", "sent"),
        ("globex-data-engineer", "cancelled"),
    }
