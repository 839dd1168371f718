"""The shipped user unit, judged by systemd itself: `systemd-analyze verify` and `security`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from afterview.daemon import paths
from afterview.daemon.commandline import EX_CONFIG

REPO = Path(__file__).resolve().parents[1]
UNIT = REPO / "systemd" / "afterview.service"
README = REPO / "systemd" / "README.md"
# systemd-analyze security's scale runs from 0 (locked down) to 10 (unprotected).
MAX_EXPOSURE = 2.0
EXEC_START = "ExecStart=%h/.local/bin/afterview run"
# What must go for the unit to start where no user namespace can be had (README's drop-in).
NEED_A_USER_NAMESPACE = {
    "PrivateUsers",
    "CapabilityBoundingSet",
    "PrivateDevices",
    "ProtectClock",
    "ProtectKernelLogs",
    "ProtectKernelModules",
}
_EXPOSURE = re.compile(r"Overall exposure level for \S+: (\d+(?:\.\d+)?)")
_DROP_IN = re.compile(r"cat > \S+/no-userns\.conf <<'EOF'\n(.*?)\nEOF\n", re.S)

Analyze = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def analyze(tmp_path_factory: pytest.TempPathFactory) -> Analyze:
    """Run systemd-analyze in user mode, blind to the units of whoever runs the tests."""
    program = shutil.which("systemd-analyze")
    if program is None:
        # A missing tool must fail loudly: a skip would hide that the unit went unchecked.
        pytest.fail(
            "systemd-analyze is missing: install the `systemd` package "
            "(apt-get install systemd; .ci/run does)",
            pytrace=False,
        )
    version = _run([program, "--version"], os.environ).stdout.partition("\n")[0]
    home = tmp_path_factory.mktemp("home")
    runtime = tmp_path_factory.mktemp("runtime")
    runtime.chmod(0o700)
    env = {
        **os.environ,
        # --user needs a runtime directory, even offline; an empty home keeps any afterview
        # unit or drop-in installed in ~/.config/systemd/user out of the verdict.
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "SYSTEMD_PAGER": "",
        "SYSTEMD_COLORS": "0",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = _run([program, *args], env)
        # Shown only when the test fails: which systemd judged, and everything it said.
        print(f"$ systemd-analyze {' '.join(args)}  [{version}]\n{done.stdout}{done.stderr}")
        return done

    return run


def _run(argv: list[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.fixture
def installed_unit(tmp_path: Path) -> Path:
    """A copy of the unit whose ExecStart= names a program that exists: verify checks it does."""
    program = tmp_path / "bin" / "afterview"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    text = UNIT.read_text(encoding="utf-8")
    assert EXEC_START in text, f"{UNIT} no longer says {EXEC_START!r}: update this test"
    unit = tmp_path / "units" / "afterview.service"
    unit.parent.mkdir()
    unit.write_text(text.replace(EXEC_START, f"ExecStart={program} run"), encoding="utf-8")
    return unit


def service_section(text: str) -> dict[str, list[str]]:
    """The [Service] settings of a unit file or drop-in: each key with its values, in order."""
    settings: dict[str, list[str]] = {}
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line
        elif section == "[Service]":
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def exposure(output: str) -> float:
    match = _EXPOSURE.search(output)
    assert match, f"no overall exposure level in systemd-analyze's output:\n{output}"
    return float(match.group(1))


def test_systemd_finds_nothing_to_say_about_the_unit(
    analyze: Analyze, installed_unit: Path
) -> None:
    done = analyze("verify", "--user", "--man=no", str(installed_unit))
    assert done.returncode == 0
    # verify only warns, exit status 0, about unknown or misspelt settings: any word is a defect.
    assert done.stdout + done.stderr == ""


def test_the_sandbox_scores_an_exposure_of_at_most_2(
    analyze: Analyze, installed_unit: Path
) -> None:
    done = analyze(
        "security",
        "--user",
        "--offline=true",
        # On the 0-100 scale of --threshold: exit non-zero above an exposure of 2.0.
        f"--threshold={round(MAX_EXPOSURE * 10)}",
        "--no-pager",
        str(installed_unit),
    )
    assert exposure(done.stdout) <= MAX_EXPOSURE
    assert done.returncode == 0


def test_the_readme_drop_in_for_hosts_without_user_namespaces_verifies(
    analyze: Analyze, installed_unit: Path
) -> None:
    found = _DROP_IN.search(README.read_text(encoding="utf-8"))
    assert found, f"{README} no longer writes no-userns.conf with a quoted heredoc"
    drop_in = installed_unit.with_name("afterview.service.d") / "no-userns.conf"
    drop_in.parent.mkdir()
    drop_in.write_text(found.group(1) + "\n", encoding="utf-8")
    # It turns off what needs a user namespace, and nothing more: seccomp stays.
    assert set(service_section(drop_in.read_text())) == NEED_A_USER_NAMESPACE
    done = analyze("verify", "--user", "--man=no", str(installed_unit))
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_a_broken_config_or_refused_login_is_not_restarted_into_a_loop() -> None:
    service = service_section(UNIT.read_text(encoding="utf-8"))
    assert service["Restart"] == ["on-failure"]
    assert str(EX_CONFIG) in service["RestartPreventExitStatus"][0].split()


def test_the_daemon_reports_its_state_to_systemd_itself() -> None:
    service = service_section(UNIT.read_text(encoding="utf-8"))
    assert service["Type"] == ["notify"]
    assert service["NotifyAccess"] == ["main"]
    assert service["WatchdogSec"]
    assert service["ExecReload"] == ["/bin/kill -HUP $MAINPID"]


def test_the_sandbox_leaves_the_default_state_dir_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    service = service_section(UNIT.read_text(encoding="utf-8"))
    home = str(tmp_path)
    writable = [Path(p.replace("%h", home)) for v in service["ReadWritePaths"] for p in v.split()]
    assert paths.default_state_dir() in writable
    # ...and exists before the sandbox is built, or systemd refuses to start the unit.
    made = [v.replace("%h", home) for v in service["ExecStartPre"]]
    assert f"+/bin/mkdir -p -m 0700 {paths.default_state_dir()}" in made
