"""`afterview doctor`: every check, in order, a finding each, and the report.

The checks on this machine (config, passwords, permissions, clock, systemd) are in
doctor_local, those of the servers in doctor_servers, the findings in doctor_findings.
Findings are plain values, so the report is rendered, and the exit code chosen, apart
from the checks that make it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

import click

from afterview.daemon import paths
from afterview.daemon.commandline import EX_CONFIG, config_option
from afterview.daemon.config import load_config
from afterview.daemon.doctor_findings import (
    IMAP_CHECKS,
    SMTP_CHECKS,
    Finding,
    Status,
    ok,
    problem,
    skipped,
)
from afterview.daemon.doctor_local import (
    Machine,
    ntp_finding,
    password_finding,
    permissions_finding,
    policy_finding,
    smtp_password_finding,
    state_finding,
    systemd_findings,
    timezone_finding,
)
from afterview.daemon.doctor_servers import server_findings
from afterview.policies.yamldoc import DocumentError

__all__ = [
    "CHECKS",
    "EX_CONFIG",
    "Finding",
    "Machine",
    "Status",
    "doctor",
    "examine",
    "exit_code",
    "ntp_finding",
    "password_finding",
    "permissions_finding",
    "policy_finding",
    "render_finding",
    "state_finding",
    "summary",
    "systemd_findings",
    "timezone_finding",
    "to_json",
]

#: Seconds allowed for each network step (connect, TLS, a command's answer).
TIMEOUT = 10.0
#: Every check, in the order the report lists them.
CHECKS = (
    "config",
    "policy",
    "password.imap",
    "password.smtp",
    "permissions",
    "state",
    *IMAP_CHECKS,
    *SMTP_CHECKS,
    "clock.timezone",
    "clock.ntp",
    "systemd.unit",
    "systemd.linger",
)


def examine(config_file: Path, machine: Machine, timeout: float = TIMEOUT) -> Iterator[Finding]:
    """Every check in CHECKS, in order, as each finishes."""
    try:
        config = load_config(config_file)
    except DocumentError as error:
        fix = "afterview init" if not config_file.exists() else "correct the lines named above"
        yield problem("config", str(error), fix)
        yield from (skipped(check, "the config did not load") for check in CHECKS[1:-3])
        state_dir = None
    else:
        yield ok("config", f"{config_file} loaded")
        yield policy_finding(config_file, config)
        imap_password, found = password_finding("imap.password", config.imap.password, machine)
        yield found
        smtp_password, found = smtp_password_finding(config, imap_password, machine)
        yield found
        yield permissions_finding(config_file, config)
        state_dir = config.state_dir or paths.default_state_dir()
        yield state_finding(state_dir)
        yield from server_findings(config, imap_password, smtp_password, timeout)
        yield timezone_finding(config.timezone, machine.timezone)
    yield ntp_finding(machine.ntp_synchronized)
    yield from systemd_findings(machine, state_dir)


def exit_code(findings: Iterable[Finding]) -> int:
    """78 if the settings cannot be loaded, 1 if anything else blocks running, else 0."""
    blocking = {f.check for f in findings if f.status is Status.PROBLEM}
    if blocking & {"config", "policy"}:  # the settings themselves cannot be loaded
        return EX_CONFIG
    return 1 if blocking else 0


_COLORS = {Status.OK: "green", Status.WARNING: "yellow", Status.PROBLEM: "red"}
_WIDTH = max(map(len, CHECKS))
_INDENT = " " * (8 + 1 + _WIDTH + 2)


def render_finding(finding: Finding, *, color: bool = False) -> str:
    """`status  check  detail`, continuation lines and `fix:` indented below."""
    label = f"{finding.status.value:<8}"
    if color and finding.status in _COLORS:
        label = click.style(label, fg=_COLORS[finding.status], bold=True)
    first, *rest = finding.detail.splitlines() or [""]
    lines = [f"{label} {finding.check:<{_WIDTH}}  {first}", *(_INDENT + line for line in rest)]
    return "\n".join([*lines, f"{_INDENT}fix: {finding.fix}"] if finding.fix else lines)


def summary(findings: Iterable[Finding]) -> str:
    """One closing line: whether afterview can run, and how many problems and warnings."""
    findings = list(findings)
    problems = sum(f.status is Status.PROBLEM for f in findings)
    warnings = sum(f.status is Status.WARNING for f in findings)
    verdict = {
        0: "nothing keeps afterview from running",
        1: "afterview cannot run until the problems are fixed",
        EX_CONFIG: "afterview cannot load its settings: fix them first",
    }[exit_code(findings)]
    counts = f"{_count(problems, 'problem')}, {_count(warnings, 'warning')}"
    return f"{verdict} ({counts})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def to_json(findings: Iterable[Finding]) -> str:
    """A JSON list of {"check", "status", "detail", "fix"} objects."""
    return json.dumps(
        [asdict(f) | {"status": f.status.value} for f in findings], ensure_ascii=False
    )


@click.command("doctor")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def doctor(config_path: Path | None, as_json: bool) -> None:
    """Check config, passwords, servers, clock and service; say how to fix what is wrong.

    Exits 0 when nothing blocks running, 1 when something does, 78 when the config
    cannot be loaded. Reads only: no flag changes, no mail sent.
    """
    config_file = config_path or paths.default_config_file()
    findings: list[Finding] = []
    for finding in examine(config_file, Machine.this_one()):
        findings.append(finding)
        if not as_json:
            click.echo(render_finding(finding, color=True))
    click.echo(to_json(findings) if as_json else summary(findings))
    sys.exit(exit_code(findings))
