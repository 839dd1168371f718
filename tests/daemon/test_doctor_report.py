"""`afterview doctor` without servers: the report, exit codes, JSON, and the checks of this machine."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from afterview.daemon.config import Config, load_config
from afterview.daemon.credentials import SecretSource
from afterview.daemon.doctor import (
    CHECKS,
    EX_CONFIG,
    Finding,
    Machine,
    Status,
    doctor,
    examine,
    exit_code,
    ntp_finding,
    password_finding,
    permissions_finding,
    render_finding,
    state_finding,
    summary,
    systemd_findings,
    timezone_finding,
    to_json,
)

OK = Finding("imap.login", Status.OK, "logged in as 'alex'")
WARNING = Finding("clock.ntp", Status.WARNING, "not synchronized", "sudo timedatectl set-ntp true")


def machine(tmp_path: Path, **changes: Any) -> Machine:
    """A machine under tmp_path where systemd runs, with no unit installed and no lingering."""
    values: dict[str, Any] = {
        "environ": {},
        "user": "alex",
        "home": tmp_path,
        "afterview": None,
        "unit_files": (tmp_path / "units" / "afterview.service",),
        "unit_source": None,
        "linger_file": tmp_path / "linger" / "alex",
        "systemd": True,
        "timezone": "America/Toronto",
        "ntp_synchronized": True,
    }
    return Machine(**(values | changes))


def write_config(folder: Path, **changes: Any) -> Path:
    """A valid config with a private password file beside it; `changes` replace top-level keys."""
    (folder / "imap.password").write_text("s3cret\n")
    (folder / "imap.password").chmod(0o600)
    document = {
        "account": {"email": "alex@example.test", "name": "Alex Martin"},
        "imap": {"host": "127.0.0.1", "port": 1, "password": {"file": "imap.password"}},
        "smtp": {"host": "127.0.0.1", "port": 1, "username": "alex@example.test"},
    } | changes
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(document))
    path.chmod(0o600)
    return path


def loaded(folder: Path) -> tuple[Path, Config]:
    path = write_config(folder)
    return path, load_config(path)


# --- The report ------------------------------------------------------------------------------


def test_a_finding_is_one_line_of_status_check_and_detail() -> None:
    assert render_finding(OK) == f"ok       {'imap.login':<17}  logged in as 'alex'"


def test_more_detail_lines_and_the_fix_are_indented_under_the_detail() -> None:
    finding = Finding("config", Status.PROBLEM, "c.yaml:3: imap: bad\nc.yaml:9: smtp: bad", "edit")
    indent = " " * 28
    assert render_finding(finding).splitlines() == [
        f"problem  {'config':<17}  c.yaml:3: imap: bad",
        f"{indent}c.yaml:9: smtp: bad",
        f"{indent}fix: edit",
    ]


@pytest.mark.parametrize(
    ("findings", "code"),
    [
        ([], 0),
        ([OK, WARNING, Finding("systemd.unit", Status.SKIPPED, "no systemd")], 0),
        ([OK, Finding("imap.login", Status.PROBLEM, "refused", "fix it")], 1),
        ([Finding("config", Status.PROBLEM, "c.yaml:1: bad", "fix it")], EX_CONFIG),
        ([Finding("policy", Status.PROBLEM, "p.yaml:4: bad", "fix it"), WARNING], EX_CONFIG),
    ],
)
def test_exit_code_is_0_unless_a_problem_blocks_and_78_for_the_settings(
    findings: list[Finding], code: int
) -> None:
    assert exit_code(findings) == code


def test_the_summary_says_whether_afterview_can_run_and_counts() -> None:
    assert summary([OK, WARNING]) == "nothing keeps afterview from running (0 problems, 1 warning)"
    blocked = [Finding("smtp.login", Status.PROBLEM, "refused", "fix"), WARNING, WARNING]
    assert (
        summary(blocked)
        == "afterview cannot run until the problems are fixed (1 problem, 2 warnings)"
    )


def test_json_is_a_list_of_check_status_detail_fix_objects() -> None:
    assert json.loads(to_json([OK, WARNING])) == [
        {"check": "imap.login", "status": "ok", "detail": "logged in as 'alex'", "fix": None},
        {
            "check": "clock.ntp",
            "status": "warning",
            "detail": "not synchronized",
            "fix": "sudo timedatectl set-ntp true",
        },
    ]


# --- A config that does not load -----------------------------------------------------------


def test_a_broken_config_exits_78_naming_file_and_line_and_skips_the_rest(tmp_path: Path) -> None:
    path = write_config(tmp_path, backfill="forever")
    result = CliRunner().invoke(doctor, ["--config", str(path), "--json"])
    assert result.exit_code == EX_CONFIG
    report = json.loads(result.output)
    assert [item["check"] for item in report] == list(CHECKS)
    assert report[0]["status"] == "problem"
    assert f"{path}:" in report[0]["detail"]
    assert "backfill" in report[0]["detail"]
    assert {item["detail"] for item in report[1:-3]} == {"the config did not load"}


def test_a_missing_config_says_to_run_init(tmp_path: Path) -> None:
    [config, *_] = examine(tmp_path / "none.yaml", machine(tmp_path))
    assert config.status is Status.PROBLEM
    assert config.fix == "afterview init"


def test_the_text_report_ends_with_the_verdict(tmp_path: Path) -> None:
    result = CliRunner().invoke(doctor, ["--config", str(tmp_path / "none.yaml")])
    assert result.exit_code == EX_CONFIG
    assert result.output.startswith("problem  config")
    assert result.output.splitlines()[-1].startswith("afterview cannot load its settings")


# --- Passwords -------------------------------------------------------------------------------


def test_a_password_is_read_and_its_place_named_but_never_shown(tmp_path: Path) -> None:
    source = SecretSource(command=(sys.executable, "-c", "print('s3' + 'cret')"))
    password, finding = password_finding("imap.password", source, machine(tmp_path))
    assert password is not None
    assert password.value == "s3cret"
    assert finding.status is Status.OK
    assert finding.detail.startswith("read from imap.password.command: `")
    assert "s3cret" not in finding.detail + repr(password)


def test_the_place_that_yields_is_named_when_an_earlier_one_does_not(tmp_path: Path) -> None:
    source = SecretSource(env="AFTERVIEW_NO_SUCH_VAR", credential="afterview-imap")
    here = machine(tmp_path, environ={"AFTERVIEW_NO_SUCH_VAR": "s3cret"})
    password, finding = password_finding("smtp.password", source, here)
    assert password is not None
    assert password.origin == "smtp.password.env: $AFTERVIEW_NO_SUCH_VAR"
    assert finding.check == "password.smtp"


def test_no_password_is_a_problem_that_says_why_and_how_for_each_place(tmp_path: Path) -> None:
    source = SecretSource(env="AFTERVIEW_NO_SUCH_VAR", command=("false",))
    password, finding = password_finding("imap.password", source, machine(tmp_path))
    assert password is None
    assert finding.status is Status.PROBLEM
    assert "imap.password.command: false exited with status 1" in finding.detail
    assert "imap.password.env: not available here" in finding.detail
    assert "export AFTERVIEW_NO_SUCH_VAR" in (finding.fix or "")


def test_a_systemd_credential_outside_the_service_is_only_a_warning(tmp_path: Path) -> None:
    source = SecretSource(credential="afterview-imap")
    password, finding = password_finding("imap.password", source, machine(tmp_path))
    assert password is None
    assert finding.status is Status.WARNING
    assert "only the service can read it" in finding.detail


# --- Permissions -----------------------------------------------------------------------------


def test_private_config_and_password_files_are_ok(tmp_path: Path) -> None:
    assert permissions_finding(*loaded(tmp_path)).status is Status.OK


def test_a_config_readable_by_others_is_a_warning_with_chmod(tmp_path: Path) -> None:
    path, config = loaded(tmp_path)
    path.chmod(0o644)
    finding = permissions_finding(path, config)
    assert finding.status is Status.WARNING
    assert finding.fix == f"chmod 600 {path}"


def test_a_password_file_readable_by_others_is_a_problem_with_chmod(tmp_path: Path) -> None:
    path, config = loaded(tmp_path)
    (tmp_path / "imap.password").chmod(0o640)
    finding = permissions_finding(path, config)
    assert finding.status is Status.PROBLEM
    assert "mode 640" in finding.detail
    assert finding.fix == f"chmod 600 {tmp_path / 'imap.password'}"


def test_a_state_dir_yet_to_be_made_is_ok(tmp_path: Path) -> None:
    assert state_finding(tmp_path / "state").status is Status.OK


def test_a_state_dir_open_to_others_is_a_warning_with_chmod(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir(mode=0o755)
    state.chmod(0o755)  # mkdir's mode is masked by the umask
    finding = state_finding(state)
    assert finding.status is Status.WARNING
    assert finding.fix == f"chmod 700 {state}"
    state.chmod(0o700)
    assert state_finding(state).status is Status.OK


def test_a_database_readable_by_others_is_a_warning_with_chmod(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    (state / "afterview.sqlite3").touch(mode=0o644)
    (state / "afterview.sqlite3").chmod(0o644)
    finding = state_finding(state)
    assert finding.status is Status.WARNING
    assert finding.fix == f"chmod 600 {state / 'afterview.sqlite3'}"


def test_a_state_dir_that_is_a_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "state").touch()
    assert state_finding(tmp_path / "state").status is Status.PROBLEM


# --- The clock -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("configured", "system", "status"),
    [
        ("America/Toronto", "America/Toronto", Status.OK),
        ("America/Toronto", "Europe/Paris", Status.OK),
        ("UTC", "Etc/UTC", Status.OK),
        ("America/Toronto", "Etc/UTC", Status.WARNING),
        ("America/Toronto", None, Status.WARNING),
        (None, "Europe/Paris", Status.OK),
        (None, "Etc/UTC", Status.WARNING),
        (None, None, Status.WARNING),
        (None, "Mars/Olympus_Mons", Status.WARNING),
    ],
)
def test_the_time_zone_is_checked_against_the_systems(
    configured: str | None, system: str | None, status: Status
) -> None:
    assert timezone_finding(configured, system).status is status


def test_a_utc_system_under_another_configured_zone_says_how_to_align_it() -> None:
    finding = timezone_finding("America/Toronto", "Etc/UTC")
    assert finding.fix == "if the machine is yours: sudo timedatectl set-timezone America/Toronto"


def test_ntp_is_ok_when_synchronized_or_unknown_and_a_warning_when_not() -> None:
    assert ntp_finding(True).status is Status.OK
    assert ntp_finding(None).status is Status.OK
    assert "unknown" in ntp_finding(None).detail
    assert ntp_finding(False).fix == "sudo timedatectl set-ntp true"


# --- systemd ---------------------------------------------------------------------------------


def test_without_systemd_both_checks_are_skipped_saying_why(tmp_path: Path) -> None:
    findings = systemd_findings(machine(tmp_path, systemd=False), None)
    assert [f.status for f in findings] == [Status.SKIPPED, Status.SKIPPED]
    assert "systemd does not run this machine" in findings[0].detail


def test_a_missing_unit_and_linger_are_warnings_with_the_commands(tmp_path: Path) -> None:
    here = machine(tmp_path, unit_source=tmp_path / "src" / "afterview.service")
    unit, linger = systemd_findings(here, None)
    target = tmp_path / "units" / "afterview.service"
    assert unit.status is Status.WARNING
    assert unit.fix is not None
    assert unit.fix.startswith(f"mkdir -p {target.parent} && cp {tmp_path}/src/afterview.service")
    assert unit.fix.endswith("systemctl --user enable --now afterview")
    assert linger.status is Status.WARNING
    assert linger.fix == "loginctl enable-linger alex"


def install_unit(folder: Path, text: str) -> Machine:
    unit = folder / "units" / "afterview.service"
    unit.parent.mkdir(exist_ok=True)
    unit.write_text(f"[Service]\n{text}\n")
    (folder / "linger").mkdir(exist_ok=True)
    (folder / "linger" / "alex").touch()
    return machine(folder, afterview=Path(sys.executable))


def test_an_installed_unit_that_starts_afterview_and_lingering_are_ok(tmp_path: Path) -> None:
    here = install_unit(tmp_path, f"ExecStart={sys.executable} run")
    assert [f.status for f in systemd_findings(here, None)] == [Status.OK, Status.OK]


def test_a_unit_starting_a_program_that_is_not_there_is_a_problem(tmp_path: Path) -> None:
    here = install_unit(tmp_path, "ExecStart=%h/.local/bin/afterview run")
    unit, _linger = systemd_findings(here, None)
    assert unit.status is Status.PROBLEM
    assert f"starts {tmp_path}/.local/bin/afterview, which is not there" in unit.detail
    assert (unit.fix or "").endswith(f"ExecStart= and then ExecStart={sys.executable} run")


def test_a_drop_in_replaces_the_units_exec_start(tmp_path: Path) -> None:
    here = install_unit(tmp_path, "ExecStart=%h/.local/bin/afterview run")
    drop_in = tmp_path / "units" / "afterview.service.d"
    drop_in.mkdir()
    (drop_in / "override.conf").write_text(
        f"[Service]\nExecStart=\nExecStart={sys.executable} run\n"
    )
    assert systemd_findings(here, None)[0].status is Status.OK


def test_a_state_dir_outside_the_units_writable_paths_is_a_warning(tmp_path: Path) -> None:
    here = install_unit(
        tmp_path, f"ExecStart={sys.executable} run\nReadWritePaths=%h/.local/state/afterview"
    )
    assert systemd_findings(here, tmp_path / ".local/state/afterview")[0].status is Status.OK
    unit, _linger = systemd_findings(here, tmp_path / "elsewhere")
    assert unit.status is Status.WARNING
    assert (unit.fix or "").endswith(f"ReadWritePaths={tmp_path / 'elsewhere'}")
