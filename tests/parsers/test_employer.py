"""The employer a message names: display names, domains, signatures, agencies, never a person."""

from __future__ import annotations

import pytest

from afterview.parsers.employer import company as company_of
from afterview.parsers.facts import SenderKind
from afterview.parsers.languages.en import ENGLISH
from afterview.parsers.mime import Mail
from afterview.parsers.parse import Context, parse_message
from afterview.parsers.senders import ats_accounts

ME = Context(me=frozenset({"alex.morgan@example.net"}))


def message(sender: str, subject: str, body: str, extra: str = "") -> bytes:
    head = f"From: {sender}\r\nTo: alex.morgan@example.net\r\nSubject: {subject}\r\n"
    head += "Date: Tue, 03 Mar 2026 10:15:00 -0500\r\nMessage-ID: <m1@mail.example>\r\n"
    head += "Content-Type: text/plain; charset=utf-8\r\n" + extra
    return (head + "\r\n" + body).encode()


def company(raw: bytes) -> str | None:
    return parse_message(raw, ME).company


@pytest.mark.parametrize(
    ("sender", "reply_to", "body", "employer"),
    [
        (
            "Owen Castellanos via Zoom Scheduler <no-reply@zoom.us>",
            "Owen Castellanos <owen@juniperledger.com>",
            "Your appointment is confirmed\n\nWhat: Technical Screen with Owen Castellanos\n"
            "When: Tuesday, February 10, 2026, 3:00 PM - 3:45 PM\n"
            "Host: Owen Castellanos <owen@juniperledger.com>, Staff Engineer, Juniper Ledger\n",
            "Juniper Ledger",
        ),
        (
            "Gwen Abernathy via Zoom Scheduler <no-reply@zoom.us>",
            "Gwen Abernathy <gwen.abernathy@mirabelhealth.com>",
            "Your interview is confirmed.\n\nWhat: Hiring manager interview with Gwen Abernathy\n"
            "When: Monday, March 9, 2026, 11:00 AM - 11:30 AM\n",
            "Mirabel Health",
        ),
        (
            "Noor Al-Sayed (Zoom Calendar) <no-reply@zoom.us>",
            "Noor Al-Sayed <noor@fernbrookdata.io>",
            "Noor Al-Sayed has invited you to a Zoom meeting: Culture interview.\n"
            "Time: Mar 12, 2026 10:00 AM Eastern Time\n",
            "Fernbrook Data",
        ),
    ],
)
def test_a_scheduler_host_is_a_person_and_their_domain_names_the_employer(
    sender: str, reply_to: str, body: str, employer: str
) -> None:
    raw = message(sender, "Confirmed: interview", body, f"Reply-To: {reply_to}\r\n")
    assert company(raw) == employer


@pytest.mark.parametrize(
    ("sender", "subject", "body", "employer"),
    [
        (
            "Orbital Kitchen <no-reply@ashbyhq.com>",
            "Your application to Orbital Kitchen",
            "Hi Alex,\n\nWe got your application for Senior Frontend Engineer at Orbital Kitchen."
            "\n\nOrbital Kitchen\nhttps://orbitalkitchen.com/careers\n",
            "Orbital Kitchen",
        ),
        (
            "Brightline Payments <no-reply@us.greenhouse-mail.io>",
            "We received your application: Product Analyst, Risk",
            "Hello Alex,\n\nWe received your application for Product Analyst, Risk.\n\n"
            "You applied for a position at Brightline Payments.\n",
            "Brightline Payments",
        ),
        (
            "Pelican Hotels & Resorts <noreply@smartrecruiters.com>",
            "We received your application",
            "Dear Alex,\n\nThank you for applying for the position of\nRevenue Analyst.\n\n"
            "With gratitude,\nThe Talent Team\nPelican Hotels & Resorts\n",
            "Pelican Hotels & Resorts",
        ),
        (
            "Groupe Santé Riveraine - Carrières <santeriveraine@talent.icims.com>",
            "Confirmation de candidature",
            "Bonjour Alex,\n\nNous avons bien reçu votre candidature au Groupe Santé Riveraine.\n",
            "Groupe Santé Riveraine",
        ),
    ],
)
def test_an_ats_display_name_the_text_confirms_is_the_employer(
    sender: str, subject: str, body: str, employer: str
) -> None:
    assert company(message(sender, subject, body)) == employer


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Thank you for your application, Alex!", "Hi Alex!\n\nWe received your application.\n"),
        ("Entrevue Alex Morgan", "Bonjour Alex,\n\nVotre candidature a bien été reçue.\n"),
    ],
)
def test_the_candidate_is_never_the_employer(subject: str, body: str) -> None:
    assert company(message("Nordlys Games <no-reply@teamtailor-mail.com>", subject, body)) == (
        "Nordlys Games"
    )


@pytest.mark.parametrize(
    ("sender", "subject", "body", "client"),
    [
        (
            "Kelly Brennan <kbrennan@northstarsearch.ca>",
            "Interview confirmed - Halvorsen Marine - Thursday 11 AM",
            "Hi Alex,\n\nGreat news - they would like to meet you!\n\nKelly Brennan\n"
            "Senior Recruiter | Northstar Technical Search\n",
            "Halvorsen Marine",
        ),
        (
            "Sunil Mathur <sunil.mathur@apextalentgroup.com>",
            "Bluewater Pharma - 2nd interview request",
            "Hi Alex,\n\nThey came back with very positive feedback on your interview.\n\n"
            "Cheers,\nSunil\n\nSunil Mathur\nLife Sciences Practice Lead\nApex Talent Group\n",
            "Bluewater Pharma",
        ),
        (
            "Marc Olivier <m.olivier@placementsrive-nord.ca>",
            "Entrevue avec Tanager Aerospace",
            "Bonjour Alex,\n\nVotre entrevue avec le client est confirmée pour le jeudi 5 mars "
            "à 14 h.\n\n"
            "Marc Olivier\n"
            "Conseiller principal, Placements Rive-Nord\n",
            "Tanager Aerospace",
        ),
    ],
)
def test_an_agency_recruiter_names_the_client_not_the_agency(
    sender: str, subject: str, body: str, client: str
) -> None:
    assert company(message(sender, subject, body)) == client


@pytest.mark.parametrize(
    ("sender", "employer"),
    [
        ("Martin Keller <martin.keller@ironbarksystems.com>", "Ironbark Systems"),
        ("Jen Alvarez <jen@brightlanestudio.com>", "Brightlane Studio"),
        ("Beatrix Okonjo <beatrix.okonjo@tidewaterbank.ca>", "Tidewater Bank"),
    ],
)
def test_an_employer_domain_the_text_never_spells_still_names_the_employer(
    sender: str, employer: str
) -> None:
    body = "Hi Alex,\n\nThanks for the note. We're still interviewing and will get back to you.\n"
    assert company(message(sender, "Re: next steps", body)) == employer


@pytest.mark.parametrize(
    ("subject", "employer"),
    [
        ("Digital Marketing Manager at Juniper & Vale", "Juniper & Vale"),
        ("Analyste de données chez Coop Laurentide", "Coop Laurentide"),
        ("Your application: Product Analyst, Risk", None),
        ("Interview for Data Analyst (Quarry Labs)", "Quarry Labs"),
        ("Interview for Data Analyst (Full Time)", None),
        ("Interview Request from Quarry Labs", "Quarry Labs"),
        ("Interview - Video Producer", None),
    ],
)
def test_a_subject_naming_the_role_names_the_employer_only_after_at(
    subject: str, employer: str | None
) -> None:
    body = "Hi Alex,\n\nUnfortunately we have decided to move forward with other candidates.\n"
    body += "\nDana\n"
    assert company(message("Dana Kowalski <no-reply@bamboohr.com>", subject, body)) == employer


@pytest.mark.parametrize(
    ("link", "employer"),
    [
        ("https://jobs.lever.co/greyhawkoutdoor/8f2c1a7e-1111-2222", "Greyhawk Outdoor"),
        ("https://boards.greenhouse.io/ironbarksystems/jobs/4012345", "Ironbark Systems"),
        ("https://tidewaterlogistics.wd3.myworkdayjobs.com/en-US/Careers", "Tidewater Logistics"),
        ("https://jobs.ashbyhq.com/fernhill-labs/5c1d", "Fernhill Labs"),
        ("https://careers-stbrendan.icims.com/jobs/1234/login", "Stbrendan"),
        ("https://wd3.myworkdaysite.com/recruiting/northwindhealth/External", "Northwind Health"),
    ],
)
def test_an_ats_link_names_the_employer_account_when_the_sender_does_not(
    link: str, employer: str
) -> None:
    body = f"Hi Alex,\n\nThanks for applying. We received your application.\n\n{link}\n"
    assert company(message("no-reply@hire.lever.co", "Thanks for applying", body)) == employer


def test_an_ats_account_is_spelled_as_the_text_writes_it() -> None:
    body = (
        "Hi Alex,\n\nThanks for applying! Everyone here at Brightwater Bio appreciates it.\n\n"
        "https://apply.workable.com/brightwaterbio/j/8C1F2A\nhttps://apply.workable.com/privacy\n"
    )
    assert company(message("noreply@workablemail.com", "Thanks", body)) == "Brightwater Bio"


@pytest.mark.parametrize(
    ("sender", "employer"),
    [
        ("Recrutement Groupe Solstice <noreply@smartrecruiters.com>", "Groupe Solstice"),
        ("The Harbourline Hiring Team <no-reply@ashbyhq.com>", "Harbourline"),
        ("Careers at Ironbark Systems <no-reply@ashbyhq.com>", "Ironbark Systems"),
        ("The Home Depot Canada <no-reply@ashbyhq.com>", "The Home Depot Canada"),
    ],
)
def test_team_words_around_an_ats_display_name_are_not_the_employer(
    sender: str, employer: str
) -> None:
    body = "Hi Alex,\n\nThank you for applying. We received your application.\n"
    assert company(message(sender, "Application received", body)) == employer


def test_a_one_line_signature_names_the_employer() -> None:
    body = (
        "Hey Alex,\n\nThanks for following up! You're still in the running for the E-commerce "
        "Analyst role; you'll hear back from me in the next few days.\n\n"
        "Brandon Li | Recruiter | Greyhawk Outdoor\n"
    )
    raw = message("Brandon Li <no-reply@hire.lever.co>", "Re: checking in", body)
    assert company(raw) == "Greyhawk Outdoor"


def test_chez_names_the_employer_in_french_mail() -> None:
    body = (
        "Bonjour Alex,\n\nMerci de votre intérêt pour le poste d'analyste chez Groupe Solstice. "
        "Nous avons bien reçu votre candidature.\n\nMarie Roy\n"
    )
    raw = message("Marie Roy <mroy@smartrecruiters.com>", "Votre candidature", body)
    assert company(raw) == "Groupe Solstice"


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("Interview for Data Analyst (Req R-20418) has been scheduled", "", "Data Analyst"),
        ("Interview Scheduled: Data Analyst - R-20418", "", "Data Analyst"),
        (
            "Application received",
            "Thank you for applying for Data Analyst (R-20418).",
            "Data Analyst",
        ),
        (
            "Your application",
            "Your application for Data Scientist at Ridgeline Energy.",
            "Data Scientist",
        ),
        (
            "Entrevue pour le poste Analyste de données (R-20418) planifiée",
            "",
            "Analyste de données",
        ),
        ("Update from Thistle Data", "", None),
        ("Hiring Manager Conversation", "", None),
    ],
)
def test_the_role_is_the_title_without_requisition_numbers_or_what_follows(
    subject: str, body: str, expected: str | None
) -> None:
    raw = message("Granite Peak Energy <granitepeak@myworkday.com>", subject, body or "Hello.")
    assert parse_message(raw, ME).role == expected


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Confirmed: Tuesday at 2",
            "Hi Alex,\n\nGreat news - our client, Halvorsen Marine, is looking forward to meeting "
            "you with Erik Halvorsen (CTO) on Tuesday.",
        ),
        (
            "Entrevue confirmée : mardi à 14 h",
            "Bonjour Alex,\n\nBonne nouvelle : notre client, Halvorsen Marine, a confirmé votre "
            "entrevue avec Erik Halvorsen mardi à 14 h.",
        ),
    ],
)
def test_an_agency_names_its_client_before_the_clients_people(subject: str, body: str) -> None:
    sender = "Kelly Brennan <kbrennan@northstarsearch.example>"
    assert company(message(sender, subject, f"{body}\n\nKelly\n")) == "Halvorsen Marine"


@pytest.mark.parametrize(
    ("sender", "employer"),
    [
        (
            "Vellichor Analytics (via Greenhouse) <no-reply@us.greenhouse-mail.io>",
            "Vellichor Analytics",
        ),
        ("Larchfield Careers Team <notification@jobvite.com>", "Larchfield"),
        ("Tamberly Home People & Culture <notifications@app.bamboohr.com>", "Tamberly Home"),
        ("Tallowmere Talent Acquisition Team <tallowmere@myworkday.com>", "Tallowmere"),
        (
            "Brightwater Group on behalf of Brightwater Group <no-reply@smartrecruiters.com>",
            "Brightwater Group",
        ),
        ("Recruiting at Quarry Labs <no-reply@ashbyhq.com>", "Quarry Labs"),
        ('"Hiring @ Quarry Labs" <no-reply@ashbyhq.com>', "Quarry Labs"),
        ("Équipe Recrutement Quarry Labs <no-reply@ashbyhq.com>", "Quarry Labs"),
        ("Quarry Labs Talent Acquisition (via Ashby) <no-reply@ashbyhq.com>", "Quarry Labs"),
        ("Jane from Quarry Labs <no-reply@ashbyhq.com>", "Quarry Labs"),
    ],
)
def test_an_ats_display_name_is_the_employer_less_every_team_word(
    sender: str, employer: str
) -> None:
    body = "Hi Alex,\n\nThank you for applying. We will review your application shortly.\n"
    assert company(message(sender, "Your application", body)) == employer


def test_an_ats_mailbox_named_for_careers_names_no_employer() -> None:
    body = (
        "Bonjour Alex Morgan,\n\nNous accusons réception de votre candidature pour le poste "
        "d'analyste au sein de Métro Richelieu inc.\n\nL'équipe d'acquisition de talents\n"
    )
    raw = message("Carrières <carrieres@taleo.net>", "Accusé de réception", body)
    assert company(raw) == "Métro Richelieu"


@pytest.mark.parametrize(
    ("body", "employer"),
    [
        (
            "Thank you for your interest in careers at Pembroke Rail. We have received your "
            "application.",
            "Pembroke Rail",
        ),
        (
            "I'm pleased to confirm your interview on behalf of Halverson Credit Union for the "
            "BI Developer role.",
            "Halverson Credit Union",
        ),
        ("Merci de votre intérêt pour le poste au sein de Groupe Maréchal.", "Groupe Maréchal"),
        (
            "Thank you for your interest in Corbel Systems Inc. We have your resume.",
            "Corbel Systems",
        ),
        (
            "Thanks for your interest in joining Corbel Systems! We have your application.",
            "Corbel Systems",
        ),
    ],
)
def test_phrases_that_say_where_the_job_is(body: str, employer: str) -> None:
    assert company(message("Recruiting <do-not-reply@icims.com>", "Update", body)) == employer


@pytest.mark.parametrize(
    ("sender", "body", "employer"),
    [
        (
            "Dana Whitfield <dwhitfield@bbanalytics.ca>",
            "Hi Alex,\n\nWe should have feedback on your interview early next week.\n\n"
            "— Dana Whitfield, Talent Partner, Brisebois Bay Analytics\n",
            "Brisebois Bay Analytics",
        ),
        (
            "Leila Nasser <lnasser@trv.ca>",
            "Hi Alex,\n\nThanks for applying! Could you send me your availability for a call?\n\n"
            "Leila Nasser | Talent Acquisition\nTrevanion Logistics | 55 York St, Toronto ON\n",
            "Trevanion Logistics",
        ),
        (
            "Talia Ross <talia.ross@corp.maplewoodtransit.ca>",
            "Hi Alex,\n\nYour interview with the Planning team is confirmed for Tuesday, May 19 at"
            " 10:00 AM.\n\nTalia Ross\n",
            "Maplewood Transit",
        ),
    ],
)
def test_a_signature_names_the_employer_a_short_domain_abbreviates(
    sender: str, body: str, employer: str
) -> None:
    assert company(message(sender, "Next steps", body)) == employer


def test_a_booking_tools_event_length_is_no_employer() -> None:
    body = "Hi Alex,\n\nYour 45 Minute Technical Interview with Marcus Chen is scheduled.\n"
    raw = message(
        "Calendly <notifications@calendly.com>",
        "Confirmed: 45 Minute Technical Interview with Marcus Chen on Tuesday, May 19, 2026",
        body,
        "Reply-To: Marcus Chen <marcus.chen@ledgerly.io>\r\n",
    )
    assert company(raw) == "Ledgerly"


@pytest.mark.parametrize(
    "body",
    [
        "Your interview with Priya Nair (priya.nair@tidemark.com) is confirmed for Thursday at 2 PM.",
        "Your interview with Priya Nair, Head of Data at Tidemark, is confirmed for Thursday at 2.",
    ],
)
def test_a_person_the_text_writes_beside_an_address_or_a_title_is_no_employer(body: str) -> None:
    raw = message(
        "Kim Fraser <kim.fraser@tidemark.com>", "Interview confirmed", f"Hi Alex,\n\n{body}\n"
    )
    assert company(raw) == "Tidemark"


def test_a_meeting_services_words_are_no_employer() -> None:
    body = (
        "Marcus Chen is inviting you to a scheduled Zoom meeting.\n\nTopic: Technical Screen\n"
        "Time: May 13, 2026 10:00 AM Eastern Time (US and Canada)\n\nJoin Zoom Meeting\n"
        "https://ledgerly.zoom.us/j/87766554433\n"
    )
    raw = message("Marcus Chen <marcus.chen@ledgerly.io>", "Technical Screen - Alex Morgan", body)
    assert company(raw) == "Ledgerly"


@pytest.mark.parametrize(
    ("sender", "body", "employer"),
    [
        (
            "Annie Côté via BambooHR <no-reply@bamboohr.com>",
            "Bonjour Alex,\n\nAnnie Côté de Brasserie Mille-Îles vous a envoyé votre lettre "
            "d'offre à signer.\n\nCe courriel a été envoyé par BambooHR au nom de Brasserie "
            "Mille-Îles.\n",
            "Brasserie Mille-Îles",
        ),
        (
            "Calendly <notifications@calendly.com>",
            "Hi Alex,\n\nYour Hiring Manager Call with Hannah Okoye (Engineering Manager) is "
            "scheduled for Tuesday, May 12, 2026 at 10:30am.\n",
            None,
        ),
    ],
)
def test_a_person_named_beside_their_employer_or_title_is_no_employer(
    sender: str, body: str, employer: str | None
) -> None:
    found = company(message(sender, "Interview", body))
    assert found == employer
    assert found not in {"Annie Côté", "Hannah Okoye"}


def test_a_name_wrapped_across_two_lines_is_still_spelled_by_the_domain() -> None:
    body = (
        "Your appointment is confirmed.\n\nWhen: Tuesday, February 10, 2026, 3:00 PM - 3:45 PM\n"
        "Host: Owen Castellanos <owen@juniperledger.com>, Staff Engineer, Juniper\n"
        "Ledger\n\nRole you applied for: Software Engineer, Ledger Infrastructure\n"
    )
    raw = message(
        "Owen Castellanos via Zoom Scheduler <no-reply@zoom.us>",
        "Confirmed",
        body,
        "Reply-To: Owen Castellanos <owen@juniperledger.com>\r\n",
    )
    assert company(raw) == "Juniper Ledger"


def test_an_unsubscribe_link_in_a_footer_is_no_employer() -> None:
    body = (
        "Hello Alex,\n\nWe've received your application for Site Reliability Engineer.\n\n"
        "Castellan Systems Talent Acquisition\n\nThis email was sent to you using Jobvite.\n"
        "[https://jobs.jobvite.com/privacy] | Unsubscribe\n"
    )
    raw = message("Castellan Systems <noreply@jobvite.com>", "Application received", body)
    assert company(raw) == "Castellan Systems"


@pytest.mark.parametrize(
    ("sender", "body", "extra", "employer"),
    [
        (
            "Talent Acquisition <noreply@workablemail.com>",
            "Hi Alex,\n\nThank you for applying to the Senior Product Designer position at "
            "Tessellate Studio.\n\nBest regards,\nTessellate Studio\n",
            "",
            "Tessellate Studio",
        ),
        (
            "Talent Team <noreply@workablemail.com>",
            "Hi Alex,\n\nThanks for your application. We will review it shortly.\n",
            "Reply-To: pixel-fauve+1b9e44c2d7@candidates.workablemail.com\r\n",
            "Pixel Fauve",
        ),
        (
            "Talent Acquisition <do-not-reply@icims.com>",
            "Hi Alex,\n\nThank you for applying. We have received your application.\n\n"
            "Brandon Li | Recruiter | Greyhawk Outdoor\n",
            "",
            "Greyhawk Outdoor",
        ),
        (
            "Talent Acquisition <do-not-reply@icims.com>",
            "Hi Alex,\n\nThank you for applying. We have received your application.\n\n"
            "Ridgeway Foods Recruitment\n",
            "",
            "Ridgeway Foods",
        ),
    ],
)
def test_under_a_teams_display_name_the_text_and_reply_account_name_the_employer(
    sender: str, body: str, extra: str, employer: str
) -> None:
    assert company(message(sender, "Your application", body, extra)) == employer


def test_a_person_reply_account_at_an_ats_names_no_employer() -> None:
    body = "Hi Alex,\n\nThanks for applying! Please pick a time for a phone screen.\n\nKim\n"
    extra = "Reply-To: Kim Alvarez <kim.alvarez.c41f9a@messaging.smartrecruiters.com>\r\n"
    found = company(message("Recruiting <noreply@smartrecruiters.com>", "Next steps", body, extra))
    assert found != "Kim Alvarez"


def test_a_teams_name_on_an_invitation_is_no_person() -> None:
    body = (
        "Hi Alex,\n\nYour interview with Ridgeline Energy has been scheduled for Wednesday, "
        "June 3, 2026 at 1:00 PM.\n"
    )
    extra = "Reply-To: Ridgeline Energy Recruiting <scheduling+ridgeline-7f2c@greenhouse.io>\r\n"
    raw = message("Talent Acquisition <no-reply@greenhouse.io>", "Interview", body, extra)
    assert company(raw) == "Ridgeline Energy"


def test_a_team_that_signs_names_its_employer_under_a_team_display_name() -> None:
    body = (
        "Dear Alex,\n\nWe have decided to move forward with other candidates.\n\nSincerely,\n"
        "Halloran Mills Talent Acquisition\n\nPlease do not reply to this message.\n"
    )
    raw = message("Careers <careers-noreply@talent.icims.com>", "Update", body)
    assert company(raw) == "Halloran Mills"


@pytest.mark.parametrize(
    ("sender", "subject", "body", "employer"),
    [
        # A signature line that ends in a legal form's dot is a name, not a sentence.
        (
            "Recruiting <recruiting@taleo.net>",
            "Maintenance Planner - Application Received",
            "Dear Alex,\n\nThank you for your interest in the Maintenance Planner position.\n\n"
            "Quarry Hill Manufacturing Inc.\nHuman Resources\n",
            "Quarry Hill Manufacturing",
        ),
        # An ATS address that is a person's never spells the employer.
        (
            "Nora Vance <nora.vance.9c1e@smartrecruiters.com>",
            "Your application",
            "Hi Alex,\n\nAfter careful review, the Fenwick Dental recruiting team has decided to "
            "move forward with other candidates.\n\nNora Vance\n",
            "Fenwick Dental",
        ),
        # An industry word after the name a domain spells belongs to the name.
        (
            "Ivy Dunn <ivy.dunn@marshpell.com>",
            "Next steps",
            "Hi Alex,\n\nThank you for your application to Marsh & Pell Architects.\n",
            "Marsh & Pell Architects",
        ),
        (
            "Hiring Team <no-reply@us.greenhouse-mail.io>",
            "Quindle | Application received",
            "Hi Alex,\n\nThanks for applying. Our team will review your application.\n",
            "Quindle",
        ),
        (
            "Hiring Team <no-reply@hire.lever.co>",
            "Thank you for your application",
            "Hi Alex,\n\nWe have received your application.\n\n"
            "\u00a9 2026 Ferrow Analytics Inc. All rights reserved.\n",
            "Ferrow Analytics",
        ),
        (
            "Talent Acquisition <noreply@smartrecruiters.com>",
            "Application update",
            "Dear Alex,\n\nThank you for considering Ashlake Mutual as your next employer.\n",
            "Ashlake Mutual",
        ),
        (
            "Recruiting <no-reply@icims.com>",
            "Your Ferncastle Bank application: next steps",
            "Dear Alex,\n\nPlease complete the online assessment by Friday.\n",
            "Ferncastle Bank",
        ),
        (
            "Équipe de recrutement <noreply@candidates.workablemail.com>",
            "Votre candidature",
            "Bonjour Alex,\n\nNous avons bien reçu votre candidature.\n\n"
            "Au nom de toute l'équipe de Librairie Vaudreuil, merci !\n",
            "Librairie Vaudreuil",
        ),
        # An ATS's footer, either way round; a team signing with an elided article.
        (
            "Hiring Team <noreply@smartrecruiters.com>",
            "We received your application",
            "Hi Alex,\n\nThank you for applying.\n\nBest regards,\nHiring Team\n\n"
            "This email was sent on behalf of Ostara Mills by SmartRecruiters.\n",
            "Ostara Mills",
        ),
        (
            "Équipe de recrutement <noreply@candidates.workablemail.com>",
            "Nous avons bien reçu votre candidature",
            "Bonjour Alex,\n\nMerci pour votre candidature.\n\nCordialement,\n"
            "L'équipe de recrutement\n\n"
            "Ce courriel vous est envoyé au nom de Verrerie Saint-Onge par Workable.\n",
            "Verrerie Saint-Onge",
        ),
    ],
)
def test_the_employer_is_read_wherever_the_one_place_that_names_it_is(
    sender: str, subject: str, body: str, employer: str
) -> None:
    assert company(message(sender, subject, body)) == employer


def test_an_ordinary_word_alone_in_a_subject_segment_yields_to_a_name_of_more_words() -> None:
    raw = message(
        "Kim Lau <kim@northbridgetalent.com>",
        "Feedback - Harlow Bank / Data Engineer",
        "Hi Alex,\n\nGood news: the hiring manager would like to move you to a final round "
        "interview. Are you free on Thursday or Friday?\n\nKim\n",
        extra="In-Reply-To: <a1@example.net>\r\n",
    )
    assert company(raw) == "Harlow Bank"


@pytest.mark.parametrize(
    ("subject", "body", "employer"),
    [
        (
            "Your Panel Interview - Thursday",
            "Hi Alex,\n\nYour interview with Corbel Systems is on Thursday at 2 PM.\n",
            "Corbel Systems",
        ),
        (
            "Thank you for your application",
            "Hi Alex,\n\nWe have received your application.\n\n\u00a9 2026 All rights reserved.\n",
            None,
        ),
    ],
)
def test_an_interviews_type_or_a_bare_copyright_names_no_employer(
    subject: str, body: str, employer: str | None
) -> None:
    assert company(message("Hiring Team <no-reply@hire.lever.co>", subject, body)) == employer


def test_a_logos_alt_text_spells_the_employer_an_ats_link_names() -> None:
    raw = message(
        "Hiring Team <no-reply@ashbyhq.com>",
        "Thanks for applying!",
        "Hi Alex,\n\nThanks for applying to the Product Analyst role.\n\n"
        "https://jobs.ashbyhq.com/marlowe-finch/5b2c\n",
    )
    mail = Mail(raw)
    accounts = ats_accounts(mail.shown_links)
    args = (mail.sender, SenderKind.ATS, mail.subject, (mail.text, mail.text))
    assert company_of(*args, language=ENGLISH, accounts=accounts) == "Marlowe Finch"
    spelled = company_of(*args, language=ENGLISH, accounts=accounts, spellings=["Marlowe & Finch"])
    assert spelled == "Marlowe & Finch"


def test_a_team_display_name_names_the_organisation_its_signature_repeats() -> None:
    raw = message(
        "Hydro-Fernand Carrières <carrieres@successfactors.eu>",
        "Votre candidature - Analyste",
        "Bonjour Alex,\n\nNous avons le regret de vous informer que nous ne donnerons pas "
        "suite à votre candidature.\n\nDirection des ressources humaines\nHydro-Fernand\n",
    )
    assert company(raw) == "Hydro-Fernand"


def test_an_ats_display_name_of_a_person_then_the_employer_names_the_employer() -> None:
    body = (
        "Votre entrevue chez Nordhaven est confirmée pour le vendredi 16 janvier à midi."
        "\n\nÉlodie Gagnon\nNordhaven\nhttps://jobs.lever.co/nordhaven/1234"
    )
    raw = message(
        "Élodie Gagnon de Nordhaven <no-reply@hire.lever.co>", "Votre entrevue avec Nordhaven", body
    )
    assert company(raw) == "Nordhaven"


def test_a_display_names_organisation_is_read_in_full_where_the_mail_writes_it() -> None:
    raw = message(
        "Ressources humaines - Saint-Aurèle <rh@saint-aurele.qc.ca>",
        "Accusé de réception",
        "Bonjour Alex,\n\nNous accusons réception de votre candidature.\n\n"
        "Service des ressources humaines\nMunicipalité de Saint-Aurèle\n",
    )
    assert company(raw) == "Municipalité de Saint-Aurèle"
