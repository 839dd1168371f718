"""Message templates: every built-in renders in English and French, and user overrides fail loudly."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from afterview.policies.letters import (
    Correspondent,
    InterviewNote,
    Letter,
    Notes,
    PipelineRow,
)
from afterview.policies.notes import read_notes
from afterview.policies.templates import TemplateError, Templates
from afterview.policies.wording import reply_subject

SAM = Correspondent("sam@example.org", "Sam Rivera")
JANE = Correspondent("jane@acme.example", "Dr. Jane Doe", "Engineering Manager")
BOB = Correspondent("bob@acme.example", "Li, Bob")
REFERENCE = Correspondent("pat@initech.example", "Pat Morgan")
# 19:00 UTC on Tuesday 3 March 2026 is 14:00 in Toronto.
START = datetime(2026, 3, 3, 19, 0, tzinfo=UTC)
END = datetime(2026, 3, 3, 20, 0, tzinfo=UTC)
NOTES = Notes(
    text="- the Kafka migration\n- how the team reviews code",
    points=("the Kafka migration", "how the team reviews code"),
)
ROWS = (
    PipelineRow(
        "Acme Robotics",
        "Data Engineer",
        "awaiting_decision",
        "follow_up",
        date(2026, 3, 16),
        stale=False,
    ),
    PipelineRow("Initech", None, "applied", None, None, stale=True),
)
TO_USER = {"notes_prompt", "digest"}
NAMES = [
    "thank_you",
    "follow_up",
    "feedback_request",
    "reference_heads_up",
    "notes_prompt",
    "digest",
]


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates.builtin()


def interview(*people: Correspondent, round_: int = 1) -> InterviewNote:
    return InterviewNote(start=START, end=END, round=round_, interviewers=people)


def letter(name: str, language: str = "en", **changes: object) -> Letter:
    to = {"notes_prompt": (SAM,), "digest": (SAM,), "reference_heads_up": (REFERENCE,)}
    base = Letter(
        template=name,
        language=language,
        sender=SAM,
        to=to.get(name, (JANE,)),
        company="Acme Robotics",
        role="Data Engineer",
        signature="Sam Rivera\n514-555-0100",
        interview=interview(JANE, BOB),
        notes=NOTES,
        decision_by=date(2026, 3, 13),
        relation="my manager at Initech",
        pipeline=ROWS,
        zone="America/Toronto",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


SCENARIOS: dict[str, dict[str, object]] = {
    "notes, two interviewers": {},
    "no notes": {"notes": None},
    "empty notes": {"notes": Notes(text="")},
    "no interview": {"interview": None, "notes": None},
    "one interviewer": {"interview": interview(JANE)},
    "no role, no signature": {"role": None, "signature": ""},
    "second round": {"interview": interview(JANE, BOB, round_=2)},
    "in a thread": {
        "thread_subject": "RE: Interview confirmation",
        "in_reply_to": "<a@acme.example>",
    },
}


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("name", NAMES)
def test_every_builtin_template_renders_a_complete_letter(
    templates: Templates, name: str, language: str, scenario: str
) -> None:
    rendered = templates.render(letter(name, language, **SCENARIOS[scenario]))

    assert rendered.subject
    assert "\n" not in rendered.subject
    assert rendered.body.endswith("\n")
    assert "\n\n\n" not in rendered.body
    for leftover in ("None", "{{", "{%", "  "):
        assert leftover not in rendered.subject + rendered.body
    greeting = rendered.body.splitlines()[0]
    assert greeting.startswith(("Dear ", "Hi ", "Bonjour "))


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("name", ["thank_you", "follow_up", "feedback_request"])
def test_letters_to_the_employer_greet_by_first_name_and_name_role_company_and_signature(
    templates: Templates, name: str, language: str
) -> None:
    body = templates.render(letter(name, language)).body

    assert body.splitlines()[0] in ("Dear Jane,", "Bonjour Jane,")
    assert "Data Engineer" in body
    assert "Acme Robotics" in body
    assert body.endswith("Sam Rivera\n514-555-0100\n")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_thank_you_recalls_the_points_from_the_notes(templates: Templates, language: str) -> None:
    body = templates.render(letter("thank_you", language)).body

    assert "- the Kafka migration\n- how the team reviews code\n" in body


@pytest.mark.parametrize("language", ["en", "fr"])
def test_thank_you_without_notes_has_no_empty_list_of_points(
    templates: Templates, language: str
) -> None:
    with_notes = templates.render(letter("thank_you", language)).body
    without = templates.render(letter("thank_you", language, notes=None)).body

    assert "\n- " not in without
    assert len(without.splitlines()) < len(with_notes.splitlines())


@pytest.mark.parametrize(("language", "day"), [("en", "Tuesday, March 3"), ("fr", "mardi 3 mars")])
def test_thank_you_names_the_day_in_the_letters_zone_and_the_other_interviewer(
    templates: Templates, language: str, day: str
) -> None:
    body = templates.render(letter("thank_you", language)).body

    assert day in body
    assert "Bob" in body
    assert "Jane" not in body.split("\n", 1)[1]


def test_thank_you_after_a_later_round_says_again(templates: Templates) -> None:
    body = templates.render(letter("thank_you", interview=interview(JANE, round_=2))).body

    assert "meet with me again" in body


def test_thank_you_with_a_name_without_first_name_greets_the_name_as_written(
    templates: Templates,
) -> None:
    body = templates.render(
        letter("thank_you", to=(Correspondent("d@acme.example", "Dr. Doe"),))
    ).body

    assert body.startswith("Dear Dr. Doe,\n")


def test_thank_you_to_an_address_without_name_says_hello(templates: Templates) -> None:
    body = templates.render(letter("thank_you", to=(Correspondent("hr@acme.example"),))).body

    assert body.startswith("Hello,\n")


@pytest.mark.parametrize(
    ("language", "anchor"),
    [
        ("en", "you hoped to reach a decision by Friday, March 13"),
        ("fr", "prendre une décision d'ici le vendredi 13 mars"),
    ],
)
def test_follow_up_is_anchored_on_the_stated_decision_date(
    templates: Templates, language: str, anchor: str
) -> None:
    assert anchor in templates.render(letter("follow_up", language)).body


def test_follow_up_without_a_date_asks_about_the_timeline(templates: Templates) -> None:
    body = templates.render(letter("follow_up", decision_by=None)).body

    assert "update on the timeline" in body


def test_a_second_follow_up_says_so(templates: Templates) -> None:
    first = templates.render(letter("follow_up")).body
    second = templates.render(letter("follow_up", attempt=2)).body

    assert "once more" in second
    assert "once more" not in first


@pytest.mark.parametrize("language", ["en", "fr"])
def test_feedback_request_thanks_asks_for_feedback_and_offers_to_stay_in_touch(
    templates: Templates, language: str
) -> None:
    body = templates.render(letter("feedback_request", language)).body.lower()

    words = {
        "en": ("thank you", "feedback", "stay in touch"),
        "fr": ("merci", "commentaires", "rester en contact"),
    }
    for word in words[language]:
        assert word in body


@pytest.mark.parametrize("language", ["en", "fr"])
def test_reference_heads_up_names_company_role_day_callers_and_relation(
    templates: Templates, language: str
) -> None:
    body = templates.render(letter("reference_heads_up", language)).body

    assert body.splitlines()[0] in ("Hi Pat,", "Bonjour Pat,")
    for fact in ("Acme Robotics", "Data Engineer", "Jane Doe (Engineering Manager)", "Bob Li"):
        assert fact in body
    assert "my manager at Initech" in body
    assert ("Tuesday, March 3" if language == "en" else "mardi 3 mars") in body


@pytest.mark.parametrize(("language", "ended"), [("en", "3:00 PM"), ("fr", "15 h")])
def test_notes_prompt_asks_how_it_went_and_explains_the_reply_lines(
    templates: Templates, language: str, ended: str
) -> None:
    rendered = templates.render(letter("notes_prompt", language))

    assert "Acme Robotics" in rendered.subject
    assert ended in rendered.body
    assert "Jane Doe (Engineering Manager)" in rendered.body
    assert ("interviewers:" if language == "en" else "intervieweurs:") in rendered.body
    assert ("timeline:" if language == "en" else "délai:") in rendered.body


@pytest.mark.parametrize("language", ["en", "fr"])
def test_notes_prompt_gives_the_interviews_video_link_when_known(
    templates: Templates, language: str
) -> None:
    link = "https://meet.example.com/abc-defg-hij"
    with_link = replace(interview(JANE, BOB), url=link)

    assert link in templates.render(letter("notes_prompt", language, interview=with_link)).body
    without = templates.render(letter("notes_prompt", language)).body
    assert "https://" not in without
    assert ("video link" if language == "en" else "lien vidéo") not in without.lower()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_prompts_own_examples_are_never_read_as_the_users_notes(
    templates: Templates, language: str
) -> None:
    prompt = templates.render(letter("notes_prompt", language)).body
    quoted = "\n".join(f"> {line}" for line in prompt.splitlines())

    for reply in (prompt, f"It went well.\n\nOn Tue, Sam wrote:\n{quoted}\n"):
        notes = read_notes(reply)
        assert notes.interviewers == ()
        assert notes.timeline is None


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "en",
            [
                "- Acme Robotics, Data Engineer: awaiting a decision; next: follow-up on Monday, March 16",
                "- [stale] Initech: applied",
            ],
        ),
        (
            "fr",
            [
                "- Acme Robotics, Data Engineer : en attente de décision; prochaine étape : relance, le lundi 16 mars",
                "- [inactive] Initech : candidature envoyée",
            ],
        ),
    ],
)
def test_digest_has_one_line_per_application_and_flags_stale_ones(
    templates: Templates, language: str, lines: list[str]
) -> None:
    rendered = templates.render(letter("digest", language))

    assert "2" in rendered.subject
    body = rendered.body.splitlines()
    for line in lines:
        assert line in body
    assert sum(line.startswith("- ") for line in body) == 2


def test_digest_of_an_empty_pipeline_says_so(templates: Templates) -> None:
    body = templates.render(letter("digest", pipeline=())).body

    assert "No applications in progress" in body


@pytest.mark.parametrize(
    ("subject", "reply"),
    [
        ("Interview confirmation", "Re: Interview confirmation"),
        ("Re: Interview confirmation", "Re: Interview confirmation"),
        ("RE: Re: re: Interview", "Re: Interview"),
        ("Réf : Entrevue", "Re: Entrevue"),
        ("RE : TR: Entrevue", "Re: TR: Entrevue"),
        ("Re[2]: Interview", "Re: Interview"),
        ("AW: Interview", "Re: Interview"),
        ("Fwd: Interview", "Re: Fwd: Interview"),
        ("Interview  \r\n  next steps", "Re: Interview next steps"),
        ("Regarding: the role", "Re: Regarding: the role"),
    ],
)
def test_reply_subjects_say_re_once(subject: str, reply: str) -> None:
    assert reply_subject(subject) == reply


def test_a_reply_in_a_thread_takes_the_threads_subject(templates: Templates) -> None:
    thread = {"thread_subject": "RE: Réf : Entrevue", "in_reply_to": "<a@acme.example>"}

    assert templates.render(letter("follow_up", "fr", **thread)).subject == "Re: Entrevue"


def test_an_undefined_name_in_an_override_is_refused_at_load_with_template_and_line(
    templates: Templates,
) -> None:
    source = "Subject: Thanks\n\nDear {{ recipient.first_name }},\n\n{{ interviewr }}\n"

    with pytest.raises(TemplateError) as caught:
        templates.with_overrides({"en/thank_you": source})

    assert str(caught.value) == "template en/thank_you.txt, line 5: 'interviewr' is undefined"
    assert (caught.value.template, caught.value.line) == ("en/thank_you.txt", 5)


def test_an_undefined_attribute_fails_at_render_with_template_and_line(
    templates: Templates,
) -> None:
    source = "Subject: Thanks\n\nDear {{ recipient.first_name }},\n{{ recipient.frist_name }}\n"
    custom = templates.with_overrides({"en/thank_you": source})

    with pytest.raises(TemplateError, match=r"^template en/thank_you.txt, line 4: .*frist_name"):
        custom.render(letter("thank_you"))


def test_an_attribute_of_a_missing_value_fails_at_render_with_the_line(
    templates: Templates,
) -> None:
    source = "Subject: Thanks\n\nHello\n\non {{ interview.start | day }}\n"
    custom = templates.with_overrides({"en/thank_you": source})

    with pytest.raises(TemplateError, match=r"^template en/thank_you.txt, line 5: "):
        custom.render(letter("thank_you", interview=None))


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("Subject: Thanks\n\nDear {{ recipient.first_name }\n", 3),
        ("Subject: Thanks\n\nHello\n{% if notes %}\nno end\n", 5),
        ("Subject: {{ company | nosuchfilter }}\n\nHello\n", 1),
        ("Subject: Thanks {%\n\nHello\n", 1),
        ("No subject line\n\nHello\n", 1),
        ("Subject: no blank line after it\n", 1),
    ],
)
def test_a_broken_override_is_refused_at_load_with_template_and_line(
    templates: Templates, source: str, line: int
) -> None:
    with pytest.raises(TemplateError) as caught:
        templates.with_overrides({"fr/follow_up": source})

    assert caught.value.template == "fr/follow_up.txt"
    assert caught.value.line == line
    assert str(caught.value).startswith(f"template fr/follow_up.txt, line {line}: ")


@pytest.mark.parametrize(
    "expression",
    [
        "letter.__class__.__mro__",
        "company.__class__",
        "recipient.__init__.__globals__",
        "''.__class__.__mro__[1].__subclasses__()",
        "letter.to.__len__()",
        "notes.points.index.__self__",
    ],
)
def test_the_sandbox_refuses_internals_as_a_template_error(
    templates: Templates, expression: str
) -> None:
    custom = templates.with_overrides({"en/thank_you": f"Subject: x\n\n{{{{ {expression} }}}}\n"})

    with pytest.raises(TemplateError, match="unsafe") as caught:
        custom.render(letter("thank_you"))

    assert "<class" not in str(caught.value)
    assert caught.value.line == 3


def test_the_sandbox_refuses_changing_the_letter(templates: Templates) -> None:
    source = "Subject: x\n\n{{ notes.points.append('x') }}\n"
    custom = templates.with_overrides({"en/thank_you": source})

    with pytest.raises(TemplateError):
        custom.render(letter("thank_you", notes=Notes(text="", points=["a"])))  # type: ignore[arg-type]


def test_an_override_replaces_only_its_own_language_and_name(templates: Templates) -> None:
    custom = templates.with_overrides(
        {"en/thank_you.txt": "Subject: Mine\n\nMine, {{ company }}\n"}
    )

    assert custom.render(letter("thank_you")).body == "Mine, Acme Robotics\n"
    assert custom.render(letter("thank_you", "fr")).body.startswith("Bonjour Jane,")
    assert templates.render(letter("thank_you")).subject != "Mine"


def test_a_new_template_can_be_added_by_override(templates: Templates) -> None:
    custom = templates.with_overrides(
        {"en/offer_ack": "Subject: Thanks\n\nHi {{ recipient.first_name }}\n"}
    )

    assert custom.render(letter("offer_ack", "fr")).body == "Hi Jane\n"


def test_a_missing_translation_falls_back_to_english(templates: Templates) -> None:
    rendered = templates.render(letter("thank_you", "de"))

    assert rendered.body.startswith("Dear Jane,")
    assert "Tuesday, March 3" in rendered.body


def test_a_regional_language_uses_its_base_language(templates: Templates) -> None:
    rendered = templates.render(letter("thank_you", "fr-CA"))

    assert rendered.body.startswith("Bonjour Jane,")
    assert "mardi 3 mars" in rendered.body


def test_a_missing_template_is_an_error_naming_it(templates: Templates) -> None:
    with pytest.raises(TemplateError, match=r"^template fr/offer_ack.txt: no such template$"):
        templates.render(letter("offer_ack", "fr"))


@pytest.mark.parametrize("key", ["thank_you", "en/../thank_you", "EN/thank_you", "en/thank you"])
def test_an_override_key_must_be_language_slash_name(templates: Templates, key: str) -> None:
    with pytest.raises(TemplateError, match="<language>/<name>"):
        templates.with_overrides({key: "Subject: x\n\nx\n"})


@pytest.mark.parametrize(
    ("expression", "en", "fr"),
    [
        ("interview.start | day", "Tuesday, March 3", "mardi 3 mars"),
        ("interview.start | date", "March 3, 2026", "3 mars 2026"),
        ("interview.start | time", "2:00 PM", "14 h"),
        ("interview.end | time", "3:00 PM", "15 h"),
        ("decision_by | day", "Friday, May 1", "vendredi 1er mai"),
        (
            "interview.interviewers | names",
            "Jane Doe (Engineering Manager) and Bob Li",
            "Jane Doe (Engineering Manager) et Bob Li",
        ),
        ("['a', None, 'b', 'c'] | conjoin", "a, b and c", "a, b et c"),
        ("'awaiting_decision' | label", "awaiting a decision", "en attente de décision"),
        ("'something_else' | label", "something else", "something else"),
        ("none_value", "", ""),
    ],
)
def test_filters_speak_the_letters_language_in_its_zone(
    templates: Templates, expression: str, en: str, fr: str
) -> None:
    source = f"Subject: x\n\n{{% set none_value = None %}}{{{{ {expression} }}}}\n"
    custom = templates.with_overrides({"en/probe": source})
    changes = {"decision_by": date(2026, 5, 1)}

    assert custom.render(letter("probe", "en", **changes)).body.strip() == en
    assert custom.render(letter("probe", "fr", **changes)).body.strip() == fr


def test_times_show_in_the_letters_zone_across_a_daylight_saving_change(
    templates: Templates,
) -> None:
    custom = templates.with_overrides({"en/probe": "Subject: x\n\n{{ interview.start | time }}\n"})
    summer = interview(JANE)
    summer = replace(summer, start=datetime(2026, 3, 9, 18, 30, tzinfo=UTC))

    assert custom.render(letter("probe", interview=summer)).body == "2:30 PM\n"
    assert custom.render(letter("probe", interview=summer, zone="UTC")).body == "6:30 PM\n"


def test_values_with_line_breaks_keep_the_subject_on_one_line(templates: Templates) -> None:
    rendered = templates.render(letter("follow_up", thread_subject="Hi\r\n\r\nBcc: x@evil.example"))

    assert rendered.subject == "Re: Hi Bcc: x@evil.example"
    assert rendered.body.startswith("Dear Jane,")
