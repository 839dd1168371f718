"""The position applied for: phrases, labels, specialties, titles alone, earlier mail."""

from __future__ import annotations

import pytest

from afterview.parsers.languages.en import ENGLISH
from afterview.parsers.languages.fr import FRENCH
from afterview.parsers.parse import Context, parse_message
from afterview.parsers.position import role


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanks for your interest in the Senior Data Engineer role!", "Senior Data Engineer"),
        ("We received your application for Product Analyst, Risk.", "Product Analyst, Risk"),
        (
            "We're excited to host you for your virtual onsite for Senior Software Engineer, "
            "Risk Platform on Wednesday.",
            "Senior Software Engineer, Risk Platform",
        ),
        (
            "Your interview has been scheduled.\n\nPosition: Guest Data Analyst\nDate: Monday",
            "Guest Data Analyst",
        ),
        (
            "Questions:\nWhich role are you applying for?\nSenior Backend Engineer (Go)\n",
            "Senior Backend Engineer (Go)",
        ),
        (
            "Thank you for applying for Business Intelligence Analyst and we will review it.",
            "Business Intelligence Analyst",
        ),
    ],
)
def test_english_phrases_and_labels_name_the_role(text: str, expected: str) -> None:
    assert role("Update", text, ENGLISH) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Merci de votre candidature pour le poste de Spécialiste, qualité des données.",
            "Spécialiste, qualité des données",
        ),
        (
            "Votre candidature pour le poste de Planificateur(trice) logistique a bien été transmise.",
            "Planificateur(trice) logistique",
        ),
        (
            "le poste de gestionnaire de produit, données est toujours ouvert.",
            "gestionnaire de produit, données",
        ),
        (
            "pour le poste suivant : Analyste principal(e), risque de crédit (R0029817) \u2013 Montréal",
            "Analyste principal(e), risque de crédit",
        ),
    ],
)
def test_french_phrases_keep_gender_endings_and_specialties(text: str, expected: str) -> None:
    assert role("Candidature", text, FRENCH) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Final round: Alex Morgan x Meridian Freight (Staff Data Engineer)",
            "Staff Data Engineer",
        ),
        ("Interview: Alex Morgan / Analytics Engineer (Round 2)", "Analytics Engineer"),
        (
            "Veloria - Interview Senior Backend Engineer (Toronto hub) - Alex Morgan",
            "Senior Backend Engineer",
        ),
        ("Cedarline Health: ML Engineer interview w/ Hollis", "ML Engineer"),
        ("Re: Tamarack Outdoor - Data Analytics Lead", "Data Analytics Lead"),
        ("Lead Data Engineer (VP conversation)", "Lead Data Engineer"),
        (
            "Invitation: Entrevue \u2013 Ingénieur(e) de données principal(e) \u2013 Alex Morgan",
            "Ingénieur(e) de données principal(e)",
        ),
        (
            "Annie vous a envoyé « Lettre d'offre \u2013 Coordonnateur(trice) marketing » à signer",
            "Coordonnateur(trice) marketing",
        ),
        (
            "Réponse automatique : Relance - candidature Ingénieur plateforme de données",
            "Ingénieur plateforme de données",
        ),
        ("Confirmation d'entrevue : Analyste de données, Quarry Labs", "Analyste de données"),
        ("Your application: Product Analyst, Payments", "Product Analyst, Payments"),
    ],
)
def test_a_title_alone_names_the_role_less_stages_places_and_people(
    title: str, expected: str
) -> None:
    assert role(title, "Hi Alex,\n\nSee you then.\n", ENGLISH) == expected


def test_heading_lines_and_meeting_topics_name_the_role() -> None:
    text = (
        "Hi Alex,\n\nYour interview has been rescheduled.\n\n"
        "Technical Interview - Senior Frontend Engineer\nNEW TIME: Wednesday, March 19\n\n"
        "Thanks,\nLeah\n\nOrbital Kitchen\nLeah Kim | Senior Recruiter\n"
    )
    assert role("Updated: Technical Interview", text, ENGLISH) == "Senior Frontend Engineer"


def test_a_recruiters_signature_is_no_heading() -> None:
    text = "Hi Alex,\n\nI'll call you Tuesday.\n\nKim Fraser | Technical Recruiter | Tidemark\n"
    assert role("Quick call", text, ENGLISH) is None


def test_the_earlier_mail_names_the_role_when_the_reply_does_not() -> None:
    earlier = "> I wanted to check in on the Data Analyst position I interviewed for."
    assert role("Re: Checking in", "Nothing yet!", ENGLISH, earlier=earlier) == "Data Analyst"


def test_a_bounce_names_the_role_of_the_mail_it_returns() -> None:
    raw = (
        b"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\r\n"
        b"To: alex.morgan@example.net\r\nSubject: Delivery Status Notification (Failure)\r\n"
        b"Date: Tue, 03 Mar 2026 10:15:00 -0500\r\nMessage-ID: <b1@mail.example>\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nAddress not found: jane@acme.example\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.google.com\r\n"
        b"\r\nFinal-Recipient: rfc822; jane@acme.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        b"--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: alex.morgan@example.net\r\n"
        b"To: jane@acme.example\r\nSubject: Thank you - Staff Data Engineer interview\r\n\r\n"
        b"Hi Jane, thank you for today.\r\n--b--\r\n"
    )
    facts = parse_message(raw, Context(me=frozenset({"alex.morgan@example.net"})))
    assert facts.role == "Staff Data Engineer"
