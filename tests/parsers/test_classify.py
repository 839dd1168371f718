"""Classification: how signals add up, and what real-looking mail is judged to be."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from afterview.parsers.classify import decide
from afterview.parsers.facts import Kind, Person, SenderKind, Signal
from afterview.parsers.languages.known import LANGUAGES
from afterview.parsers.parse import Context, new_text, parse_message
from afterview.parsers.senders import is_relay, sender_kind

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ME = Context(me=frozenset({"alex.morgan@example.net"}))


def message(
    subject: str, body: str, sender: str = "Jane Doe <jane.doe@acmerobotics.com>", extra: str = ""
) -> bytes:
    head = f"From: {sender}\r\nTo: Alex Morgan <alex.morgan@example.net>\r\nSubject: {subject}\r\n"
    head += "Date: Tue, 03 Mar 2026 10:15:00 -0500\r\nMessage-ID: <m1@acmerobotics.com>\r\n"
    head += "Content-Type: text/plain; charset=utf-8\r\n" + extra
    return (head + "\r\n" + body).encode()


def test_decisive_machine_evidence_beats_word_cues() -> None:
    signals = [Signal("report", Kind.BOUNCE, 6.0), Signal("words", Kind.REJECTION, 8.0)]
    assert decide(signals, fallback=Kind.UNRELATED).kind is Kind.BOUNCE


def test_weak_evidence_gives_the_fallback() -> None:
    verdict = decide([Signal("weak", Kind.OFFER, 1.0)], fallback=Kind.EMPLOYER_REPLY)
    assert (verdict.kind, verdict.confidence) == (Kind.EMPLOYER_REPLY, 0.5)


def test_a_tie_goes_to_the_kind_that_changes_the_application_most() -> None:
    signals = [Signal("ack", Kind.APPLICATION_RECEIVED, 4.0), Signal("no", Kind.REJECTION, 4.0)]
    assert decide(signals, fallback=Kind.UNRELATED).kind is Kind.REJECTION


def test_confidence_grows_with_the_margin() -> None:
    close = decide(
        [Signal("a", Kind.OFFER, 4.0), Signal("b", Kind.REJECTION, 3.0)], fallback=Kind.UNRELATED
    )
    clear = decide([Signal("a", Kind.OFFER, 4.0)], fallback=Kind.UNRELATED)
    assert 0 < close.confidence < clear.confidence < 1


@pytest.mark.parametrize(
    ("subject", "body", "kind"),
    [
        (
            "Your application",
            "Unfortunately, we have decided to move forward with other candidates.",
            Kind.REJECTION,
        ),
        ("Offer", "We are thrilled to extend you an offer for the Data Engineer role.", Kind.OFFER),
        (
            "Next steps",
            "We would like to invite you to an interview. Please pick a time here.",
            Kind.INTERVIEW_INVITATION,
        ),
        (
            "Thanks for applying to Acme Robotics",
            "We have received your application and will review it.",
            Kind.APPLICATION_RECEIVED,
        ),
        (
            "Votre candidature",
            "Malheureusement, nous ne pourrons pas donner suite à votre candidature.",
            Kind.REJECTION,
        ),
        (
            "Entrevue",
            "Votre entrevue est confirmée pour mardi à 14 h. Au plaisir de vous rencontrer.",
            Kind.INTERVIEW_CONFIRMATION,
        ),
        (
            "Re: status",
            "Thanks for following up! We are still reviewing candidates and will get back to you.",
            Kind.EMPLOYER_REPLY,
        ),
    ],
)
def test_employer_mail_is_classified_by_its_words(subject: str, body: str, kind: Kind) -> None:
    assert parse_message(message(subject, body), ME).kind is kind


def test_a_friends_interview_news_is_unrelated() -> None:
    raw = message(
        "my interview went well!!",
        "Hey! The interview went great, they said they'd call.",
        "Jess <jess88@gmail.com>",
    )
    assert parse_message(raw, ME).kind is Kind.UNRELATED


def test_bulk_mail_is_settled_by_its_headers() -> None:
    raw = message(
        "Interview tips",
        "We regret to inform you... how to handle rejection",
        "Jobs <jobs-noreply@linkedin.com>",
        "List-Unsubscribe: <https://www.linkedin.com/unsub>\r\n",
    )
    facts = parse_message(raw, ME)
    assert facts.kind is Kind.UNRELATED
    assert [s.name for s in facts.signals] == ["bulk_mail_headers"]


def test_a_reply_is_judged_by_its_new_text_not_the_quote() -> None:
    body = (
        "Thanks Alex, we are still reviewing candidates and will get back to you next week.\r\n\r\n"
        "On Mon, Mar 2, 2026 at 9:00 AM Alex Morgan <alex.morgan@example.net> wrote:\r\n"
        "> Unfortunately I could not find the offer letter you mentioned.\r\n"
    )
    assert parse_message(message("Re: Data Engineer", body), ME).kind is Kind.EMPLOYER_REPLY


@pytest.mark.parametrize(
    "quote",
    [
        "On Mon, Apr 20, 2026 at 10:12 AM Alex Morgan <alex.morgan@example.net> wrote:\r\n"
        "> I wanted to check in on the Data Analyst position I interviewed for.\r\n",
        "On Mon, Apr 20, 2026 at 10:12 AM Alex Morgan <\r\nalex.morgan@example.net> wrote:\r\n"
        "> I wanted to check in on the Data Analyst position I interviewed for.\r\n",
        "From: Alex Morgan <alex.morgan@example.net>\r\nSent: Monday, April 20, 2026 10:12 AM\r\n"
        "Subject: Checking in\r\n\r\nThank you again for the interview on Thursday.\r\n",
    ],
)
def test_a_short_answer_to_the_candidates_own_mail_about_a_job_is_an_employer_reply(
    quote: str,
) -> None:
    body = "Thanks for checking in! Nothing yet; I'll let you know by Friday.\r\n\r\n" + quote
    facts = parse_message(message("Re: Checking in", body, extra="In-Reply-To: <a@b>\r\n"), ME)
    assert facts.kind is Kind.EMPLOYER_REPLY
    assert facts.decision_by is not None


def test_an_employer_stating_its_timeline_is_an_employer_reply() -> None:
    body = (
        "Hi Alex,\r\n\r\nWe should have feedback on your interview early next week.\r\n\r\nDana\r\n"
    )
    facts = parse_message(message("Next steps", body), ME)
    assert facts.kind is Kind.EMPLOYER_REPLY
    assert "states_a_timeline" in [s.name for s in facts.signals]


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Prochaine étape",
            "Bonjour Alex,\r\n\r\nNous avons le plaisir de vous inviter à la prochaine étape : "
            "une entrevue technique. Pour choisir le moment qui vous convient, cliquez sur le "
            "lien.\r\n\r\nPlanifier mon entrevue\r\n",
        ),
        (
            "Next steps",
            "Hi Alex,\r\n\r\nWe're pleased to invite you to the next step of our process.\r\n",
        ),
    ],
)
def test_an_invitation_to_the_next_step_is_an_interview_invitation(subject: str, body: str) -> None:
    assert parse_message(message(subject, body), ME).kind is Kind.INTERVIEW_INVITATION


def test_a_booking_button_of_html_only_mail_asks_to_schedule() -> None:
    html = (
        "<p>Hi Alex,</p><p>Please use the button below.</p>"
        '<p><a href="https://app.goodtime.io/candidate/schedule/7c1e">Book</a></p>'
    )
    raw = message("Interview", html).replace(b"text/plain", b"text/html")
    facts = parse_message(raw, ME)
    assert "scheduling_link" in [s.name for s in facts.signals]


def test_a_friends_answer_to_the_candidates_mail_about_a_job_stays_unrelated() -> None:
    body = (
        "Fingers crossed! Let me know how it goes.\r\n\r\n"
        "On Mon, Apr 20, 2026 at 10:12 AM Alex Morgan <alex.morgan@example.net> wrote:\r\n"
        "> My second interview for the analyst position is on Thursday!\r\n"
    )
    raw = message("Re: news", body, "Jess <jess88@gmail.com>", "In-Reply-To: <a@b>\r\n")
    assert parse_message(raw, ME).kind is Kind.UNRELATED


def test_quoted_text_is_stripped_in_french() -> None:
    text = "Merci Alex, à mardi.\n\nLe lun. 2 mars 2026 à 09 h 00, Jane <jane@acme.example> a écrit :\n> Bonjour"
    assert new_text(text).strip() == "Merci Alex, à mardi."


# Each holds one mark only: the attribution, the header block or the ruled line.
@pytest.mark.parametrize(
    "quote",
    [
        "On Mon, Mar 2, 2026 at 9:00 AM Jane <jane@acme.example> wrote:\nCould we meet Tuesday?",
        "Le lun. 2 mars 2026, Jane <jane@acme.example> a écrit :\nPouvons-nous mardi?",
        "From: Jane Doe <jane@acme.example>\nSent: Monday, March 2, 2026 9:00 AM\nSubject: Tuesday",
        "  De : Jane Doe <jane@acme.example>\nEnvoyé : lundi 2 mars 2026 09:00\nObjet : mardi",
        "-----Original Message-----\nCould we meet Tuesday?",
    ],
)
def test_every_mark_of_quoted_mail_is_cut_from_the_new_text(quote: str) -> None:
    assert new_text(f"Thanks, Tuesday works.\n\n{quote}\n").strip() == "Thanks, Tuesday works."


def test_a_text_without_quoted_mail_is_all_new() -> None:
    text = "Thanks, Tuesday works.\nFrom the team: see you then -- the date is set.\n"
    assert new_text(text) == text


def test_thread_ids_and_sender_kind_are_reported() -> None:
    raw = message(
        "Re: x",
        "Sounds good, talk soon about the role.",
        extra="In-Reply-To: <a@b.example>\r\nReferences: <z@b.example> <a@b.example>\r\n",
    )
    facts = parse_message(raw, ME)
    assert (facts.message_id, facts.in_reply_to, facts.references) == (
        "<m1@acmerobotics.com>",
        "<a@b.example>",
        ("<z@b.example>", "<a@b.example>"),
    )
    assert facts.sender_kind is SenderKind.HUMAN


def test_an_ats_relay_is_never_the_company() -> None:
    raw = message(
        "Thanks for applying",
        "Thank you for applying. We received your application.",
        "Pixel Fauve via Workable <noreply@workablemail.com>",
    )
    assert parse_message(raw, ME).company == "Pixel Fauve"
    assert sender_kind(Person(None, "noreply@workablemail.com")) is SenderKind.ATS
    assert is_relay("us.greenhouse-mail.io")


def test_the_corpus_is_large_enough_and_a_quarter_of_it_is_held_out() -> None:
    # Only the held-out folder's file names are counted: its messages are never read here.
    tune = list(CORPUS.glob("tune/*/*.eml"))
    held_out = list(CORPUS.glob("heldout/*/*.eml"))
    assert len(tune) + len(held_out) >= 250
    assert len(held_out) >= 0.25 * (len(tune) + len(held_out))


def test_every_tune_message_parses_to_a_known_kind() -> None:
    paths = sorted(CORPUS.glob("tune/*/*.eml"))
    kinds = {parse_message(path.read_bytes(), ME).kind for path in paths}
    assert Kind.UNREADABLE not in kinds


def interviewer_emails(raw: bytes) -> set[str]:
    facts = parse_message(raw, ME)
    assert facts.interview is not None
    return {p.email or "" for p in facts.interview.interviewers}


def test_a_writer_who_joins_the_interview_is_an_interviewer() -> None:
    body = (
        "Let's meet on Monday, March 9 at 10:00 AM for the interview. "
        "My colleague Ines (ines.moreau@acmerobotics.com) will join me.\r\n\r\nJane"
    )
    assert interviewer_emails(message("Interview on Monday", body)) == {
        "ines.moreau@acmerobotics.com",
        "jane.doe@acmerobotics.com",
    }


def test_a_writer_who_only_arranges_the_interview_is_not_an_interviewer() -> None:
    body = "Your interview is confirmed for Monday, March 9 at 10:00 AM with Ines (ines.moreau@acmerobotics.com)."
    assert interviewer_emails(message("Interview confirmed", body)) == {
        "ines.moreau@acmerobotics.com"
    }


def test_an_ats_confirmation_names_interviewers_at_the_employer_not_role_mailboxes() -> None:
    body = (
        "Your interview is confirmed for Monday, March 9 at 10:00 AM. You will meet "
        "Sam Ortiz (sam.ortiz@acmerobotics.com). Questions? Write to careers@acmerobotics.com."
    )
    sender = "Acme Robotics <acme@myworkday.com>"
    assert interviewer_emails(message("Interview confirmed", body, sender)) == {
        "sam.ortiz@acmerobotics.com"
    }


@pytest.mark.parametrize(
    "body",
    [
        "After careful consideration, we have decided not to offer you the position.",
        "We are unable to offer you a role on the team at this time.",
        "I'm sorry to say your application was unsuccessful on this occasion.",
        "We won't be inviting you to the next round, but thank you for your time.",
        "We have now filled the role, so we will be closing your application.",
        "Nous avons décidé de ne pas aller de l'avant avec votre candidature.",
        "We've chosen to go in another direction for this position.",
        "We're not able to move you to the next stage of the process.",
        "Your background isn't quite what we're looking for at this time.",
        "We will not be scheduling further interviews for this role.",
        "We have decided to hire an internal candidate for this position.",
        "We have offered the position to another applicant.",
        "The team has decided to move forward with someone else.",
        "We made the difficult decision not to progress your application.",
        "Merci de votre intérêt. Nous ne donnerons pas suite à votre candidature.",
        "Nous avons choisi de poursuivre avec une personne dont le profil correspond davantage.",
        "Nous ne serons pas en mesure de poursuivre le processus avec vous.",
        "Nous avons décidé de ne pas retenir votre candidature pour cette fois.",
        "Thank you for applying. We have decided not to move your application forward.",
        "We've decided to pursue other candidates whose experience more closely matches.",
        "We have decided to move forward with applicants whose experience aligns more closely.",
        "Thank you for applying. This position is no longer available.",
        "We have decided to close the Analytics Engineer role this year.",
        "That means we are unable to continue with your candidacy.",
        "Nous avons retenu une candidature dont le profil correspond davantage à nos besoins.",
        "Nous avons choisi de poursuivre le processus avec des candidats dont l'expérience...",
        "Merci de votre intérêt. Le poste a maintenant été pourvu.",
        "Nous ne pourrons donc pas aller plus loin avec votre candidature.",
    ],
)
def test_rejections_in_their_many_phrasings(body: str) -> None:
    assert parse_message(message("Your application", body), ME).kind is Kind.REJECTION


@pytest.mark.parametrize(
    "body",
    [
        "I'm reaching out about next steps for your application. Are you free Thursday?",
        "Je vous écris au sujet des prochaines étapes pour votre candidature.",
    ],
)
def test_an_employer_writing_of_the_readers_application_replies_about_it(body: str) -> None:
    assert parse_message(message("Next steps", body), ME).kind is Kind.EMPLOYER_REPLY


@pytest.mark.parametrize(
    "body",
    [
        "Great news: we'd like to move you to the next stage, a chat with the team.",
        "Thanks for applying. We are reviewing applications and will be in touch.",
        "Nous avons bien reçu votre candidature et nous vous recontacterons.",
        "Thanks for applying. We will move forward with candidates whose profile matches.",
        "We hope to close the search by the end of next week and will be in touch.",
    ],
)
def test_good_news_with_the_same_words_is_not_a_rejection(body: str) -> None:
    assert parse_message(message("Your application", body), ME).kind is not Kind.REJECTION


def test_a_person_away_who_cancels_an_interview_is_cancelling_not_auto_replying() -> None:
    body = (
        "Hi Alex, I'm out of the office tomorrow on a family matter, so I need to cancel "
        "our interview. I'll send new times when I'm back."
    )
    assert parse_message(message("Tomorrow", body), ME).kind is Kind.INTERVIEW_CANCELLED


def test_an_out_of_office_reply_without_headers_is_still_an_auto_reply() -> None:
    body = "I am out of the office until March 9 with limited access to email."
    assert parse_message(message("Out of office", body), ME).kind is Kind.AUTO_REPLY


def test_a_friends_interview_time_is_not_a_confirmation() -> None:
    body = "My final interview is Thursday, March 5 at 3:00 PM! Wish me luck."
    raw = message("guess what", body, sender="Sam Lee <sam.lee1990@gmail.com>")
    assert parse_message(raw, ME).kind is Kind.UNRELATED


@pytest.mark.parametrize(
    "summary",
    ["Alex Morgan <> Fernway | Technical deep dive", "Alex / Fernway - chat with Priya"],
)
def test_an_employers_invitation_about_a_role_confirms_without_saying_interview(
    summary: str,
) -> None:
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:f1\r\n"
        "DTSTART:20260319T170000Z\r\nDTEND:20260319T180000Z\r\n"
        f"SUMMARY:{summary}\r\nDESCRIPTION:For the Senior Data Engineer role.\r\n"
        "ORGANIZER;CN=Priya Shah:mailto:priya@fernway.io\r\n"
        "ATTENDEE;CN=Alex Morgan:mailto:alex.morgan@example.net\r\nEND:VEVENT\r\nEND:VCALENDAR"
    )
    raw = message(
        f"Invitation: {summary}",
        "",
        sender="Priya Shah <priya@fernway.io>",
        extra='MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n',
    ).replace(b"Content-Type: text/plain; charset=utf-8\r\n", b"", 1)
    raw += (
        b"--b\r\nContent-Type: text/plain\r\n\r\nInvitation from Google Calendar\r\n"
        b"--b\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n"
        + calendar.encode()
        + b"\r\n--b--\r\n"
    )
    facts = parse_message(raw, ME)
    assert facts.kind is Kind.INTERVIEW_CONFIRMATION
    assert facts.interview is not None
    assert facts.interview.start.hour == 17


def test_a_time_asked_in_a_question_is_an_invitation_not_a_confirmation() -> None:
    body = (
        "Hi Alex,\n\nThanks for applying. Would you be available for a call with our hiring "
        "manager on Thursday, March 12 at 2:00 p.m.?\n\nJane"
    )
    assert parse_message(message("Data Engineer - next steps", body), ME).kind is (
        Kind.INTERVIEW_INVITATION
    )


def test_the_same_time_stated_is_a_confirmation() -> None:
    body = (
        "Hi Alex,\n\nThanks for applying. Your call with our hiring manager is on Thursday, "
        "March 12 at 2:00 p.m. Talk then.\n\nJane"
    )
    assert parse_message(message("Data Engineer - next steps", body), ME).kind is (
        Kind.INTERVIEW_CONFIRMATION
    )


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        (
            "UofT Career Exploration <careers@utoronto.example>",
            "Appointment confirmed: Mock interview with a career educator",
            "Hi Alex,\n\nYour mock interview appointment is confirmed for Tuesday, March 10 at "
            "3:00 PM. Please bring the job posting you are preparing for.",
        ),
        (
            "Northwind Campus Recruiting <campus@northwind.example>",
            "You're registered: Data Engineering info session",
            "Hi Alex,\n\nThanks for registering for our virtual info session on Tuesday, March 10 "
            "at 6:00 PM ET. Meet our engineers and learn about our roles and interview process.",
        ),
        (
            "Carrefour Emploi <info@carrefouremploi.example>",
            "Rappel : Salon de l'emploi techno demain à 10 h",
            "Bonjour Alex,\n\nLe salon de l'emploi a lieu demain, mardi 10 mars, de 10 h à 16 h. "
            "Plus de 60 employeurs y recrutent, avec des entrevues sur place.",
        ),
    ],
)
def test_rehearsals_and_recruiting_events_are_not_the_candidates_interview(
    sender: str, subject: str, body: str
) -> None:
    assert parse_message(message(subject, body, sender=sender), ME).kind is Kind.UNRELATED


@pytest.mark.parametrize(
    "body",
    [
        "Hi Alex,\n\nI'm working on a Staff Data Engineer search for a Series C fintech and your "
        "background looks like a strong fit. Would you be free for a quick call on Thursday, "
        "March 12 at 2:00 PM ET?\n\nBrett",
        "Hi Alex,\n\nI have a contract Data Engineer position with a bank downtown. Are you "
        "available for a 15 minute call Thursday at 2pm to discuss?\n\nHailey",
    ],
)
def test_a_cold_pitch_proposing_a_call_is_unrelated(body: str) -> None:
    raw = message("Quick chat?", body, sender="Brett Holloway <brett@talentbridge.example>")
    assert parse_message(raw, ME).kind is Kind.UNRELATED


def test_thanks_for_a_handed_in_case_study_is_no_new_assessment() -> None:
    body = (
        "Hi Alex,\n\nThank you for submitting your case study on time. We plan to make a final "
        "decision within two weeks.\n\nPriyanka"
    )
    assert parse_message(message("Next steps", body), ME).kind is Kind.EMPLOYER_REPLY


def test_an_application_confirmation_subject_is_no_interview_confirmation() -> None:
    body = (
        "Bonjour Alex,\n\nNous confirmons la réception de votre candidature pour le poste "
        "d'analyste principal. Si votre profil correspond, nous communiquerons avec vous."
    )
    raw = message("Confirmation de candidature - R0029817", body)
    assert parse_message(raw, ME).kind is Kind.APPLICATION_RECEIVED


@pytest.mark.parametrize(
    "field",
    [
        "job_words",
        "interview_words",
        "meeting_words",
        "practice_words",
        "own_application",
        "own_process",
        "networking",
        "own_interview",
        "event_words",
    ],
)
def test_word_lists_read_against_lower_cased_text_are_lower_case(field: str) -> None:
    for language in LANGUAGES:
        pattern = re.sub(r"\\[A-Za-z]", "", getattr(language, field))
        assert pattern == pattern.lower(), f"{language.code}.{field}"


def test_a_visit_at_a_fixed_time_about_a_job_is_a_confirmation_without_the_word_interview() -> None:
    body = (
        "Hi Alex,\r\n\r\nReally glad you're coming in! To confirm: Thursday, April 16 from "
        "1-4 PM at our office (ask for me at reception).\r\n\r\n1:45 Tariq Aziz, Staff Data "
        "Engineer - design exercise\r\n\r\nFiona\r\n"
    )
    facts = parse_message(message("Thursday", body), ME)
    assert facts.kind is Kind.INTERVIEW_CONFIRMATION


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            "Nous sommes au regret de vous informer que nous devons annuler l'entretien prévu "
            "le jeudi 23 octobre à 10 h. Nous communiquerons avec vous d'ici peu.",
            Kind.INTERVIEW_CANCELLED,
        ),
        (
            "We regret to inform you that we have to cancel tomorrow's interview at 2 PM.",
            Kind.INTERVIEW_CANCELLED,
        ),
        (
            "Sorry for the late notice: tomorrow's 2 pm interview for the Data Engineer contract "
            "is cancelled.",
            Kind.INTERVIEW_CANCELLED,
        ),
        (
            "Nous accusons réception de votre candidature pour le poste d'analyste.",
            Kind.APPLICATION_RECEIVED,
        ),
        (
            "Thank you for your interest. Your application has been received and is under review.",
            Kind.APPLICATION_RECEIVED,
        ),
    ],
)
def test_without_a_telling_subject_the_body_says_what_the_mail_is(body: str, kind: Kind) -> None:
    assert parse_message(message("Update", body), ME).kind is kind


def test_bien_recu_acknowledges_an_application_and_is_no_purchase_receipt() -> None:
    body = (
        "Bonjour Alex,\n\nNous avons bien reçu votre candidature au poste de Conseillère aux "
        "ventes. Nous l'examinerons dans les prochains jours.\n"
    )
    assert parse_message(message("Votre candidature", body), ME).kind is Kind.APPLICATION_RECEIVED


@pytest.mark.parametrize(
    ("body", "sender"),
    [
        (
            "I'm a Talent Partner here and your background caught my eye. We're growing the "
            "team. Would you be open to a quick call? Grab any time: https://calendly.com/x/intro",
            "Priya Raman <priya.raman@acmerobotics.com>",
        ),
        # Thanks for a talk at a meetup is no word about the reader's own interviews.
        (
            "Thanks for chatting at the meetup! I'm a Talent Partner here and your background "
            "caught my eye. Would you be open to a quick call? https://calendly.com/x/intro",
            "Priya Raman <priya.raman@acmerobotics.com>",
        ),
        (
            "Je me permets de vous écrire : j'ai vu votre parcours sur LinkedIn et nous ouvrons "
            "un poste. Choisissez un moment ici : https://calendly.com/x/30min",
            "Émilie Gagnon <emilie.gagnon@acmerobotics.com>",
        ),
    ],
)
def test_a_pitch_asking_for_a_call_about_a_new_role_is_unrelated(body: str, sender: str) -> None:
    assert parse_message(message("A role at Acme", body, sender), ME).kind is Kind.UNRELATED


def test_a_call_request_about_the_readers_own_application_stays_an_invitation() -> None:
    body = (
        "Thanks for applying! Your background caught my eye and we're growing the team. "
        "Please pick a time for a first call: https://calendly.com/x/intro"
    )
    assert parse_message(message("Next steps", body), ME).kind is Kind.INTERVIEW_INVITATION


@pytest.mark.parametrize(
    "footer",
    [
        "You're getting this because you signed up at example.co. Unsubscribe here.",
        "Vous recevez ce courriel parce que vous êtes abonné. Se désabonner.",
    ],
)
def test_a_subscriptions_footer_settles_mail_as_unrelated_like_bulk_headers(footer: str) -> None:
    body = f"Five things to say when the offer letter arrives.\n\n{footer}"
    mail = message("The Offer Letter, issue 12", body, "Maya <maya@theofferletter.co>")
    assert parse_message(mail, ME).kind is Kind.UNRELATED


def test_an_events_sign_up_is_unrelated_whatever_time_it_states() -> None:
    body = (
        "Acing the technical interview: Thursday, March 12 at 12:00 PM ET.\n"
        "Reserve your seat: https://example.live/events/1"
    )
    mail = message("You're invited", body, "Events <events@example.live>")
    assert parse_message(mail, ME).kind is Kind.UNRELATED


@pytest.mark.parametrize(
    ("subject", "body", "sender"),
    [
        # A friend's own interview, in both languages.
        ("big news", "My final interview at Acme is confirmed for Thursday at 10!", "Sam <sam.oduya@gmail.com>"),
        ("mon entrevue!!", "Mon entrevue chez Acme est confirmée pour jeudi 10 h!", "Max <max.b@videotron.ca>"),
        # A friend forwarding an employer's mail they received.
        ("Fwd: Your application to Acme", "ugh, 3 rounds and a take-home for this. how would you reply?", "Sam <sam.oduya@gmail.com>"),
        # A networking meeting, even with a time and "see you".
        ("Re: Intro", "Looking forward to our informational interview - Wednesday, March 4 at 8:30. See you then!", "Ethan <ethan@gmail.com>"),
    ],
)  # fmt: skip
def test_a_persons_own_news_or_a_networking_meeting_is_unrelated(
    subject: str, body: str, sender: str
) -> None:
    assert parse_message(message(subject, body, sender), ME).kind is Kind.UNRELATED


def test_an_employer_writing_of_the_candidates_interview_is_no_friends_news() -> None:
    body = "Your interview is confirmed for Thursday, March 5 at 2 PM. See you then!"
    assert parse_message(message("Interview", body), ME).kind is Kind.INTERVIEW_CONFIRMATION


@pytest.mark.parametrize(
    ("subject", "body", "sender"),
    [
        (
            "Admissions interview confirmed",
            "Your admissions interview for the Full-Time MBA is confirmed for Friday, "
            "March 6 at 1:30 PM with Professor Rao.",
            "MBA Admissions <mba@lakeshore-business.ca>",
        ),
        (
            "Your volunteer interview",
            "Thank you for applying to volunteer with us! Your interview is confirmed for "
            "Saturday, March 7 at 10:00 AM at 1499 Queen St W.",
            "Rosa Baptiste <volunteer@parkdalefoodbank.org>",
        ),
        (
            "Entrevue de sélection",
            "Le comité a bien reçu votre demande de logement. Votre entrevue est confirmée "
            "pour le mardi 10 mars à 19 h.",
            "Comité de sélection <selection@tournesols.coop>",
        ),
        (
            "Confirmed: Ledgerline demo with Brennan",
            "Your meeting is confirmed! Tuesday, March 10, 11:00 AM - 11:30 AM. Brennan will "
            "walk you through the platform and pricing.\nJoin: https://ledgerline.zoom.us/j/9228",
            "Brennan Kowalski <brennan@ledgerline.com>",
        ),
        (
            "guess who got an interview",
            "I got the interview at Shopify!!! Thursday at 10, with the hiring manager.",
            "Sam Okafor <sam@okafor.ca>",
        ),
    ],
)
def test_a_confirmed_time_for_no_job_of_the_readers_is_unrelated(
    subject: str, body: str, sender: str
) -> None:
    assert parse_message(message(subject, body, sender), ME).kind is Kind.UNRELATED


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # A job at a food bank: its title names volunteers, its interview is the reader's.
        (
            "Interview: Volunteer Coordinator",
            "Your interview for the Volunteer Coordinator position is confirmed for "
            "Thursday, March 5 at 2 PM.",
        ),
        # A demo the candidate gives in their own interview.
        (
            "Final round",
            "Your final interview is confirmed for Thursday, March 5 at 2 PM: a 20-minute "
            "product demo of your take-home, then questions from the panel.",
        ),
    ],
)
def test_an_interview_for_a_job_that_speaks_of_volunteers_or_demos_is_confirmed(
    subject: str, body: str
) -> None:
    assert parse_message(message(subject, body), ME).kind is Kind.INTERVIEW_CONFIRMATION


_FORWARDED_OFFER = (
    "can you look at the comp section? they want an answer by friday\n\n"
    "---------- Forwarded message ---------\n"
    "From: Fennimore People <people@fennimore.co>\nDate: Mon, Mar 2, 2026 at 3:12 PM\n"
    "Subject: Offer of Employment - {subject}\nTo: {to}\n\n"
    "Dear {greeting},\n\nWe are delighted to offer you the position of Product Designer."
)


def test_a_person_forwarding_their_own_offer_is_unrelated() -> None:
    body = _FORWARDED_OFFER.format(
        subject="Jordan Lee", to="Jordan Lee <jordan@leedesign.ca>", greeting="Jordan"
    )
    raw = message("Fwd: Offer of Employment - Jordan Lee", body, "Jordan Lee <jordan@leedesign.ca>")
    assert parse_message(raw, ME).kind is Kind.UNRELATED


def test_a_recruiter_forwarding_the_candidates_offer_is_an_offer() -> None:
    # The forwarded mail went to the recruiter, yet it is about the reader.
    body = _FORWARDED_OFFER.format(
        subject="Alex Morgan", to="Dana Fox <dana@northbridgetalent.ca>", greeting="Alex"
    )
    raw = message(
        "Fwd: Offer of Employment - Alex Morgan", body, "Dana Fox <dana@northbridgetalent.ca>"
    )
    assert parse_message(raw, ME).kind is Kind.OFFER


def test_a_visit_to_a_named_office_at_a_fixed_time_confirms_an_interview() -> None:
    body = (
        "Let's do this Friday at 3 at our\nWaterloo office (560 King St N). I'll be there.\n\n"
        "Owen\nEngineering Manager"
    )
    mail = message("Re: Embedded Firmware Developer", body, "Owen G <owen@sparrowhawk.io>")
    assert parse_message(mail, ME).kind is Kind.INTERVIEW_CONFIRMATION


def test_a_french_role_play_due_at_a_deadline_is_an_assessment() -> None:
    body = (
        "Comme prochaine étape, nous vous proposons une mise en situation : concevoir un plan "
        "de contenu. Nous vous demandons de nous la retourner au plus tard le lundi 9 mars à midi."
    )
    mail = message("Prochaine étape", body, "Élodie Martel <elodie@agencepivot.com>")
    facts = parse_message(mail, ME)
    assert facts.kind is Kind.ASSESSMENT
    assert facts.interview is None


def test_a_booking_link_in_mail_about_no_job_is_no_invitation() -> None:
    body = "Your cleaning is booked for Tuesday, March 10 at 2 PM.\nManage: https://calendly.com/harbord/cleaning"
    mail = message("Booking confirmed", body, "Harbord Dental <book@harborddental.ca>")
    assert parse_message(mail, ME).kind is Kind.UNRELATED


@pytest.mark.parametrize(
    "body",
    [
        "Thanks for wrapping up the final round on Friday! We should know more in 7-10 days.",
        "Just closing the loop after your final round: we're aiming to have offers out by the 20th.",
        "Thanks for meeting the team today! We hope to wrap things up later this week.\n\n"
        "Nadia Haddad | Recruiting Lead | Copperline Media",
    ],
)
def test_a_note_about_the_candidates_own_rounds_is_an_employer_reply(body: str) -> None:
    mail = message("Next steps", body, "Tomasz Nowak <tomasz@brickyardlabs.io>")
    assert parse_message(mail, ME).kind is Kind.EMPLOYER_REPLY


def test_an_employer_picking_a_time_the_candidate_offered_confirms_a_meeting() -> None:
    body = (
        "Thanks for the note. Next Monday at 11 Eastern works for me - I'll send a Teams invite.\n\n"
        "Sunita\n\n-----Original Message-----\nFrom: Alex Morgan <alex.morgan@example.net>\n"
        "Sent: Tuesday, March 3, 2026 9:47 AM\nSubject: Follow-up conversation\n\n"
        "Monday or Tuesday both work for me, any time before 2 pm Eastern."
    )
    mail = message("RE: Follow-up conversation", body, "Sunita Rao <sunita.rao@ferncastle.ca>")
    assert parse_message(mail, ME).kind is Kind.INTERVIEW_CONFIRMATION


def test_a_meeting_picked_in_a_thread_the_candidate_did_not_write_is_not_one() -> None:
    body = "Next Monday at 11 works for me - I'll send a Teams invite."
    mail = message("Roadmap sync", body, "Sunita Rao <sunita.rao@ferncastle.ca>")
    assert parse_message(mail, ME).kind is Kind.UNRELATED
