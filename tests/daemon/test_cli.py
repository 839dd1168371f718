"""The command line: version, paths, init and check-config as a user runs them."""

from __future__ import annotations

import json
import stat
from importlib.metadata import version
from pathlib import Path

import click
import pytest
import structlog
from click.testing import CliRunner

from afterview.daemon.cli import main
from afterview.daemon.commandline import EX_CANTCREAT

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("AFTERVIEW_CONFIG", raising=False)
    return tmp_path


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.output


def test_version_is_the_installed_distribution_version() -> None:
    code, output = run("--version")
    assert code == 0
    assert output.strip() == f"afterview, version {version('afterview')}"


def test_paths_follow_xdg(home: Path) -> None:
    code, output = run("paths", "--json")
    assert code == 0
    assert json.loads(output) == {
        "config": str(home / "config" / "afterview" / "config.yaml"),
        "state": str(home / "state" / "afterview"),
        "database": str(home / "state" / "afterview" / "afterview.sqlite3"),
    }


def test_paths_show_the_state_dir_the_config_sets(home: Path) -> None:
    config = home / "custom.yaml"
    config.write_text(
        (REPO / "config.example.yaml").read_text().replace("state_dir: null", "state_dir: here")
    )
    code, output = run("paths", "--json", "--config", str(config))
    assert code == 0
    assert json.loads(output)["state"] == str(home / "here")


def test_init_writes_a_private_config_that_checks_once_the_password_file_exists(home: Path) -> None:
    code, output = run("init", stdin="alex@example.net\nAlex Morgan\n\n\n")
    assert code == 0, output
    config = home / "config" / "afterview" / "config.yaml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    text = config.read_text()
    assert 'host: "imap.example.net"' in text
    assert 'host: "smtp.example.net"' in text
    assert "password" not in text.split("password:", 1)[1].split("\n", 1)[0]  # no value inline
    code, output = run("check-config")
    assert code == 78
    assert "imap.password.file: no such file" in output
    password = config.with_name("imap.password")
    password.write_text("s3cret\n")
    password.chmod(0o600)
    code, output = run("check-config")
    assert code == 0, output
    assert "Alex Morgan <alex@example.net>" in output


def test_init_never_overwrites_without_force(home: Path) -> None:
    args = (
        "init",
        "--email",
        "a@example.net",
        "--name",
        "A",
        "--imap-host",
        "i",
        "--smtp-host",
        "s",
    )
    assert run(*args)[0] == 0
    code, output = run(*args)
    assert code == EX_CANTCREAT
    assert "exists already" in output
    assert run(*args, "--force")[0] == 0


def test_check_config_json_lists_problems_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("account:\n  email: nope\n  name: A\n")
    code, output = run("check-config", "--json", str(path))
    assert code == 78
    report = json.loads(output)
    assert report["ok"] is False
    lines = {p["key"]: p["line"] for p in report["problems"]}
    assert lines == {"account.email": 2, "imap": 1, "smtp": 1}


def test_check_config_reads_the_config_option_and_env(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(REPO / "config.example.yaml"))
    code, output = run("check-config")
    assert code == 0
    assert output.startswith(f"{REPO / 'config.example.yaml'}: OK")


def test_a_command_s_log_lines_go_to_stderr_never_stdout() -> None:
    @main.command("log-something")
    def log_something() -> None:
        structlog.get_logger("test").warning("something.logged")
        click.echo('{"json": "only"}')

    try:
        result = CliRunner().invoke(main, ["log-something"])
    finally:
        main.commands.pop("log-something")
    assert result.stdout == '{"json": "only"}\n'
    assert "something.logged" in result.stderr
