"""The user's settings together: a config, the policy file and the template folder it names."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from afterview.daemon.cli import main
from afterview.daemon.userfiles import drafter_for, load_settings
from afterview.parsers.facts import Person
from afterview.policies.applications import Application, State
from afterview.policies.planner import Action, Situation
from afterview.policies.policy import default_policy_text
from afterview.policies.timing import Calendar, SendWindow
from afterview.policies.yamldoc import DocumentError

CONFIG = textwrap.dedent(
    """\
    account:
      email: alex@example.net
      name: Alex Morgan
      signature: "Alex Morgan\\n+1 514 555 0142"
    imap:
      host: imap.example.net
      password:
        env: AFTERVIEW_TEST_PASSWORD
    smtp:
      host: smtp.example.net
    references:
      - name: Dana Whitfield
        email: Dana@example.org
        relation: my manager at Initech
    """
)
THANKS = "Subject: Thanks, {{ recipient.greeting_name }}\n\nMerci! {{ company }}\n{{ signature }}\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AFTERVIEW_TEST_PASSWORD", "unused")
    (tmp_path / "templates" / "en").mkdir(parents=True)
    return tmp_path


def settings_with(folder: Path, extra: str) -> Path:
    path = folder / "config.yaml"
    path.write_text(CONFIG + extra, encoding="utf-8")
    return path


def situation() -> Situation:
    zone = ZoneInfo("America/Toronto")
    window = SendWindow.from_names(("mon",), time(9), time(17))
    me = Person("Alex Morgan", "alex@example.net")
    return Situation({}, me, (), Calendar(zone), window, datetime(2026, 3, 2, tzinfo=zone))


ACME = {"acme": Application("acme", "Acme Robotics", "Data Engineer")}
DANA = Person("Dana Whitfield", "dana@example.org")


def action(rule: str, to: Person) -> Action:
    due = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("UTC"))
    return Action(f"acme/{rule}", rule, "acme", 0, 1, to, "approve", due, template=rule)


def test_a_template_in_the_users_folder_replaces_the_builtin_one(folder: Path) -> None:
    (folder / "templates" / "en" / "thank_you.txt").write_text(THANKS, encoding="utf-8")
    settings = load_settings(settings_with(folder, "templates: templates\n"))
    drafter = drafter_for(settings, situation())
    mine = drafter.render(action("thank_you", DANA), ACME)
    assert (mine.subject, mine.body) == (
        "Thanks, Dana",
        "Merci! Acme Robotics\nAlex Morgan\n+1 514 555 0142\n",
    )
    builtin = drafter.render(action("follow_up", DANA), ACME)  # the others are still built in
    assert "Data Engineer" in builtin.body


def test_a_broken_template_is_named_by_its_file_and_line(folder: Path) -> None:
    broken = folder / "templates" / "en" / "thank_you.txt"
    broken.write_text("Subject: Thanks\n\nHello\n{{ nobody_defines_this }}\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_settings(settings_with(folder, "templates: templates\n"))
    assert str(caught.value).startswith(f"{broken}:4: ")
    assert "nobody_defines_this" in str(caught.value)


def test_a_missing_template_folder_is_a_config_error(folder: Path) -> None:
    with pytest.raises(DocumentError, match=r"config.yaml:\d+: templates: no such folder"):
        load_settings(settings_with(folder, "templates: elsewhere\n"))


def test_check_config_refuses_a_broken_policy_with_its_line(folder: Path) -> None:
    policy = folder / "policy.yaml"
    policy.write_text(default_policy_text().replace("max: 2", "max: twice"), encoding="utf-8")
    config = settings_with(folder, "policy: policy.yaml\n")
    result = CliRunner().invoke(main, ["check-config", str(config)])
    assert result.exit_code == 78
    line = default_policy_text().splitlines().index("    max: 2") + 1
    assert f"{policy}:{line}: rules.follow_up.max" in result.output


def test_letters_carry_the_signature_and_the_references_relation(folder: Path) -> None:
    settings = load_settings(settings_with(folder, ""))
    drafter = drafter_for(settings, situation())
    body = drafter.render(action("reference_heads_up", DANA), ACME).body
    assert "I listed you as my manager at Initech." in body
    assert body.endswith("Best,\nAlex Morgan\n+1 514 555 0142\n")


def test_a_rule_without_a_template_is_refused_at_load(folder: Path) -> None:
    policy = folder / "policy.yaml"
    extra = "\n  check_in:\n    when: {on: scheduled}\n    to: me\n"
    policy.write_text(default_policy_text() + extra, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_settings(settings_with(folder, "policy: policy.yaml\n"))
    line = (default_policy_text() + extra).splitlines().index("  check_in:") + 1
    assert str(caught.value) == (
        f"{policy}:{line}: rules.check_in: no template 'check_in': "
        "add en/check_in.txt to your templates folder"
    )


def test_an_actions_language_chooses_its_template(folder: Path) -> None:
    drafter = drafter_for(load_settings(settings_with(folder, "")), situation())
    french = replace(action("reference_heads_up", DANA), language="fr")
    rendered = drafter.render(french, ACME)
    assert rendered.subject == "Acme Robotics pourrait communiquer avec vous à titre de référence"
    assert rendered.body.startswith("Bonjour Dana,")


def test_simulate_names_a_template_that_fails_to_render(folder: Path) -> None:
    broken = "Subject: Thanks\n\nWe hear by {{ decision_by | day }}.\n"
    (folder / "templates" / "en" / "thank_you.txt").write_text(broken, encoding="utf-8")
    config = settings_with(folder, "templates: templates\n")
    story = Path(__file__).parents[1] / "policies" / "stories" / "thank_two_interviewers"
    args = ["simulate", str(story), "--config", str(config), "--until", "2026-03-12"]
    result = CliRunner().invoke(main, [*args, "--tz", "America/Toronto"])
    assert result.exit_code == 78
    user_file = folder / "templates" / "en" / "thank_you.txt"
    assert f"thank_you: template {user_file}, line 3: AttributeError" in result.stderr


def test_the_digest_lists_only_applications_in_progress(folder: Path) -> None:
    drafter = drafter_for(load_settings(settings_with(folder, "")), situation())
    apps = {
        "acme": Application("acme", "Acme Robotics", "Data Engineer"),
        "globex": Application("globex", "Globex", "Analyst", state=State.REJECTED),
    }
    me = Person("Alex Morgan", "alex@example.net")
    due = datetime(2026, 3, 2, 8, tzinfo=ZoneInfo("UTC"))
    digest = Action("digest/2026-03-02", "digest", None, 0, 1, me, None, due, template="digest")
    rendered = drafter.render(digest, apps)
    assert rendered.subject == "Your job search this week: 1 application in progress"
    assert "Acme Robotics" in rendered.body
    assert "Globex" not in rendered.body
