"""Matching a message to its application: thread, contact, domain, company; never an ATS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from afterview.parsers.facts import Person
from afterview.policies.applications import Application
from afterview.policies.events import AppEvent, EventKind, EventSource, MessageInfo
from afterview.policies.machine import rebuild
from afterview.policies.matcher import match, same_company, same_role

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ME = frozenset({"alex.morgan@example.net"})


def _msg(sender: str, n: int = 1, **facts: object) -> MessageInfo:
    base: dict[str, object] = {
        "message_id": f"<n{n}@mail.example>",
        "sent_at": T0 + timedelta(days=n),
        "sender": Person(None, sender),
    }
    return MessageInfo(**(base | facts))  # type: ignore[arg-type]


def _apps(*opening: tuple[str, MessageInfo]) -> dict[str, Application]:
    events = [
        AppEvent(
            app, EventKind.RECEIVED, m.sent_at, EventSource.MESSAGE, m.message_id or "", m, id=i
        )
        for i, (app, m) in enumerate(opening)
    ]
    return rebuild(events)


APPS = _apps(
    (
        "acme-data",
        _msg("jordan@acmerobotics.example", 1, company="Acme Robotics", role="Data Engineer"),
    ),
    ("meta-ml", _msg("no-reply@greenhouse.io", 2, company="Meta", role="ML Engineer", by_ats=True)),
)


def test_a_reply_in_a_known_thread_matches_by_thread() -> None:
    reply = _msg("someone@elsewhere.example", 5, in_reply_to="<n1@mail.example>")
    found = match(reply, EventKind.EMPLOYER_REPLIED, APPS, ME)
    assert (found.application, found.how) == ("acme-data", "thread")


def test_a_known_contact_matches_outside_the_thread() -> None:
    found = match(_msg("jordan@acmerobotics.example", 6), EventKind.EMPLOYER_REPLIED, APPS, ME)
    assert (found.application, found.how) == ("acme-data", "contact")


def test_a_colleague_at_the_employer_domain_matches_by_domain() -> None:
    found = match(_msg("priya@acmerobotics.example", 6), EventKind.SCHEDULED, APPS, ME)
    assert (found.application, found.how) == ("acme-data", "domain")


def test_an_ats_domain_never_identifies_a_company() -> None:
    other = _msg("no-reply@greenhouse.io", 7, company="Brightwater Bio", by_ats=True)
    found = match(other, EventKind.RECEIVED, APPS, ME)
    assert found.application is None
    assert found.opens


def test_the_company_an_ats_names_matches_as_a_whole_name() -> None:
    found = match(
        _msg("no-reply@myworkday.com", 8, company="Meta", by_ats=True), EventKind.REJECTED, APPS, ME
    )
    assert found.application == "meta-ml"
    metaverse = _msg("no-reply@myworkday.com", 9, company="Metaverse Labs", by_ats=True)
    assert match(metaverse, EventKind.RECEIVED, APPS, ME).opens


def test_a_second_role_at_the_same_company_is_a_second_application() -> None:
    other_role = _msg(
        "jordan@acmerobotics.example", 10, company="Acme Robotics", role="Platform Engineer"
    )
    assert match(other_role, EventKind.RECEIVED, APPS, ME).opens


def test_the_user_s_sent_mail_matches_by_its_recipients() -> None:
    mine = _msg(
        "alex.morgan@example.net", 11, recipients=(Person(None, "Jordan@AcmeRobotics.example"),)
    )
    assert match(mine, EventKind.USER_SENT, APPS, ME).application == "acme-data"


def test_an_ambiguous_match_is_reported_with_its_candidates() -> None:
    apps = _apps(
        (
            "acme-data",
            _msg("jordan@acmerobotics.example", 1, company="Acme Robotics", role="Data Engineer"),
        ),
        (
            "acme-platform",
            _msg(
                "jordan@acmerobotics.example", 2, company="Acme Robotics", role="Platform Engineer"
            ),
        ),
    )
    found = match(_msg("jordan@acmerobotics.example", 3), EventKind.EMPLOYER_REPLIED, apps, ME)
    assert found.application is None
    assert set(found.candidates) == {"acme-data", "acme-platform"}


def test_a_reply_that_matches_nothing_opens_nothing() -> None:
    found = match(_msg("stranger@unknown.example", 12), EventKind.EMPLOYER_REPLIED, APPS, ME)
    assert (found.application, found.opens) == (None, False)


@pytest.mark.parametrize(
    ("known", "named", "same"),
    [
        ("Acme Robotics", "Acme Robotics Inc.", True),
        ("Acme Robotics", "acme robotics", True),
        ("Acme Robotics", "Acme", True),
        ("Meta", "Metaverse", False),
        ("Meta", "Meta Platforms", True),
        ("Société Générale", "Societe Generale", True),
        ("Initech", "Initrode", False),
        ("Bramble & Co", "Bramble and Co", True),
        ("Acme", "", False),
    ],
)
def test_company_names_compare_as_whole_words(known: str, named: str, same: bool) -> None:
    assert same_company(known, named) is same


def test_roles_compare_by_their_words() -> None:
    assert same_role("Data Engineer", "Senior Data Engineer")
    assert not same_role("Data Engineer", "Platform Engineer")


KIM = "kim.ng@talentbridge.example"  # a recruiting agency placing candidates with several clients
AGENCY_APPS = _apps(
    ("acme-data", _msg(KIM, 1, company="Acme Robotics", role="Data Engineer")),
    ("globex-data", _msg(KIM, 2, company="Globex", role="Data Engineer")),
)


def test_an_agency_recruiters_mail_goes_to_the_client_it_names() -> None:
    update = _msg(KIM, 6, company="Globex")
    found = match(update, EventKind.EMPLOYER_REPLIED, AGENCY_APPS, ME)
    assert (found.application, found.how) == ("globex-data", "contact")


def test_an_agency_recruiters_invitation_for_a_new_client_opens_an_application() -> None:
    apps = {"acme-data": AGENCY_APPS["acme-data"]}
    invitation = _msg(KIM, 6, company="Initech", role="Data Engineer")
    assert match(invitation, EventKind.INVITED, apps, ME).opens


def test_an_agency_domain_never_identifies_an_employer() -> None:
    assert "talentbridge.example" not in AGENCY_APPS["acme-data"].domains
    colleague = _msg("lee.wong@talentbridge.example", 6, company="Acme Robotics")
    found = match(colleague, EventKind.EMPLOYER_REPLIED, AGENCY_APPS, ME)
    assert (found.application, found.how) == ("acme-data", "company")
