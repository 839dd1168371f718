"""The config loader: the example is valid, and each kind of mistake is named with file and line."""

from __future__ import annotations

import textwrap
from datetime import time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from afterview.daemon.cli import main
from afterview.daemon.commandline import EX_CONFIG
from afterview.daemon.config import load_config
from afterview.policies.yamldoc import DocumentError

REPO = Path(__file__).resolve().parents[2]

# Line numbers in the cases below count from this text's first line.
MINIMAL = textwrap.dedent(
    """\
    account:
      email: alex@example.net
      name: Alex Morgan
    imap:
      host: imap.example.net
      password:
        env: AFTERVIEW_TEST_PASSWORD
    smtp:
      host: smtp.example.net
    """
)


def write(tmp_path: Path, text: str, name: str = "config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_is_valid_and_complete() -> None:
    config = load_config(REPO / "config.example.yaml")
    assert config.account.email == "alex.morgan@example.net"
    assert config.imap.port == 993
    assert config.smtp.sent_copy == "auto"
    assert config.holidays.country == "CA"
    assert len(config.references) == 2
    assert config.send_window.start == time(9, 0)


def test_minimal_config_gets_documented_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert (config.imap.port, config.imap.tls) == (993, "implicit")
    assert config.smtp.port == 465
    assert config.smtp_password() == config.imap.password
    assert config.folders.watch == ("INBOX",)
    assert config.backfill == timedelta(days=90)
    assert config.policy is None


def test_starttls_gets_the_submission_port(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "  host: smtp.example.net\n", "  host: smtp.example.net\n  tls: starttls\n"
    )
    assert load_config(write(tmp_path, text)).smtp.port == 587


def test_relative_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "my-policy.yaml").write_text("{}")
    config = load_config(write(tmp_path, MINIMAL + "policy: my-policy.yaml\nstate_dir: state\n"))
    assert config.policy == tmp_path / "my-policy.yaml"
    assert config.state_dir == tmp_path / "state"


def test_yaml_1_1_traps_are_read_as_written(tmp_path: Path) -> None:
    text = MINIMAL + 'holidays: {country: NO}\nsend_window: {start: 9:30, end: "17:00"}\n'
    config = load_config(write(tmp_path, text))
    assert config.holidays.country == "NO"  # Norway, not false
    assert config.send_window.start == time(9, 30)  # not the sexagesimal 570


def test_private_secret_file_is_accepted(tmp_path: Path) -> None:
    secret = tmp_path / "imap.password"
    secret.write_text("s3cret\n")
    secret.chmod(0o600)
    text = MINIMAL.replace("env: AFTERVIEW_TEST_PASSWORD", "file: imap.password")
    assert load_config(write(tmp_path, text)).imap.password.file == secret


def _world_readable_secret(tmp_path: Path) -> str:
    secret = tmp_path / "imap.password"
    secret.write_text("s3cret\n")
    secret.chmod(0o644)
    return MINIMAL.replace("env: AFTERVIEW_TEST_PASSWORD", "file: imap.password")


BROKEN = {
    "bad integer": (
        MINIMAL.replace("  host: imap.example.net\n", "  host: imap.example.net\n  port: nine\n"),
        "config.yaml:6: imap.port: expected an integer, got 'nine'",
    ),
    "unknown key with suggestion": (
        MINIMAL + "  sent_copi: auto\n",
        "config.yaml:10: smtp.sent_copi: unknown key; did you mean 'sent_copy'?",
    ),
    "unknown top-level key": (
        MINIMAL + "timezon: America/Toronto\n",
        "config.yaml:10: timezon: unknown key; did you mean 'timezone'?",
    ),
    "inline password": (
        MINIMAL.replace("    env: AFTERVIEW_TEST_PASSWORD\n", "").replace(
            "  password:\n", "  password: hunter2\n"
        ),
        "config.yaml:6: imap.password: inline passwords are not allowed",
    ),
    "bad timezone": (
        MINIMAL + "timezone: Mars/Olympus\n",
        "config.yaml:10: timezone: unknown time zone 'Mars/Olympus'; expected an IANA name",
    ),
    "bad yaml syntax": (
        MINIMAL + "references: [ {name: Dana\n",
        "config.yaml:11: invalid YAML:",
    ),
    "duplicate key": (
        MINIMAL + "account:\n  name: B\n",
        "config.yaml:10: account: duplicate key (first given on line 1)",
    ),
    "missing required key": (
        MINIMAL.replace("  email: alex@example.net\n", ""),
        "config.yaml:1: account.email: required key is missing",
    ),
    "bad tls choice": (
        MINIMAL + "  tls: ssl\n",
        "config.yaml:10: smtp.tls: expected 'implicit', 'starttls' or 'none', got 'ssl'",
    ),
    "plaintext to a remote host": (
        MINIMAL + "  tls: none\n",
        "config.yaml:8: smtp: tls: none is allowed only for a loopback host",
    ),
    "bad reference email": (
        MINIMAL + "references:\n  - name: Dana\n    email: dana-at-example\n",
        "config.yaml:12: references[0].email: expected a bare email address",
    ),
    "send window backwards": (
        MINIMAL + 'send_window:\n  start: "17:00"\n  end: "09:00"\n',
        "config.yaml:10: send_window: start (17:00) must be before end (09:00)",
    ),
    "unknown holiday subdivision": (
        MINIMAL + "holidays:\n  country: CA\n  subdivision: XX\n",
        "config.yaml:12: holidays.subdivision: unknown subdivision 'XX'",
    ),
    "bad duration": (
        MINIMAL + "backfill: three months\n",
        "config.yaml:10: backfill: expected a duration such as 90d, 12w or 1y, got 'three months'",
    ),
    "secret with no source": (
        MINIMAL.replace("    env: AFTERVIEW_TEST_PASSWORD\n", "    command_timeout: 5\n"),
        "config.yaml:6: imap.password: give at least one source",
    ),
    "missing policy file": (
        MINIMAL + "policy: nowhere.yaml\n",
        "config.yaml:10: policy: no such file:",
    ),
    "not a mapping": ("- account\n- imap\n", "config.yaml:1: expected a mapping of settings"),
    "list where a mapping is expected": (
        MINIMAL + "folders: [INBOX]\n",
        "config.yaml:10: folders: expected a mapping of keys to values, got ['INBOX']",
    ),
}


@pytest.mark.parametrize(("text", "expected"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_config_is_named_by_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DocumentError) as raised:
        load_config(path)
    assert expected.replace("config.yaml", str(path)) in str(raised.value)


def test_world_readable_secret_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, _world_readable_secret(tmp_path))
    with pytest.raises(DocumentError) as raised:
        load_config(path)
    assert f"{path}:7: imap.password.file: " in str(raised.value)
    assert "readable by group or others (mode 644); run: chmod 600" in str(raised.value)


@pytest.mark.parametrize("name", [*BROKEN.keys(), "world-readable secret"])
def test_check_config_exits_78_on_each_broken_config(tmp_path: Path, name: str) -> None:
    text = _world_readable_secret(tmp_path) if name == "world-readable secret" else BROKEN[name][0]
    path = write(tmp_path, text)
    result = CliRunner().invoke(main, ["check-config", str(path)])
    assert result.exit_code == EX_CONFIG
    assert f"{path}:" in result.output


def test_inline_password_is_never_echoed(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN["inline password"][0])
    result = CliRunner().invoke(main, ["check-config", str(path)])
    assert "hunter2" not in result.output


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = MINIMAL + "timezone: Nowhere\nbackfill: soon\nlog_level: loud\n"
    with pytest.raises(DocumentError) as raised:
        load_config(write(tmp_path, text))
    assert [p.key for p in raised.value.problems] == ["timezone", "backfill", "log_level"]
    assert [p.line for p in raised.value.problems] == [10, 11, 12]


def test_missing_and_empty_files_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file; create one with `afterview init`"):
        load_config(tmp_path / "absent.yaml")
    with pytest.raises(
        DocumentError, match=r"the file holds no settings; start from config\.example\.yaml"
    ):
        load_config(write(tmp_path, "# only a comment\n"))


def test_the_imap_login_defaults_to_the_account_address(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert config.imap.username == "alex@example.net"
    named = MINIMAL.replace(
        "  host: imap.example.net\n", "  host: imap.example.net\n  username: alex\n"
    )
    assert load_config(write(tmp_path, named)).imap.username == "alex"
