"""The checks of `afterview doctor` on this machine: config, passwords, permissions,
the clock and systemd. What they read of the machine is a `Machine` value, so tests
supply their own.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import shutil
import stat
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from afterview.daemon import paths, starter
from afterview.daemon.config import Config
from afterview.daemon.credentials import (
    SecretError,
    SecretSource,
    private_file_problem,
    read_secret,
)
from afterview.daemon.doctor_findings import (
    Finding,
    Password,
    ok,
    problem,
    skipped,
    warning,
)
from afterview.daemon.userfiles import load_settings
from afterview.policies.yamldoc import DocumentError

# The order credentials.read_secret tries a source's places in.
_SOURCE_KINDS = ("credential", "file", "command", "keyring", "env")
_UTC = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Etc/Universal", "Zulu"})


@dataclass(frozen=True)
class Machine:
    """What the checks read of this machine besides the config; tests make their own."""

    environ: Mapping[str, str]
    user: str
    home: Path
    #: The afterview program on $PATH, for a unit that starts one that is not there.
    afterview: Path | None
    #: Where systemd looks for user units, first the one to copy ours to.
    unit_files: tuple[Path, ...]
    #: The unit in afterview's source tree, when running from one.
    unit_source: Path | None
    linger_file: Path
    systemd: bool
    timezone: str | None
    ntp_synchronized: bool | None

    @classmethod
    def this_one(cls) -> Machine:
        """This machine, as it is now."""
        user = pwd.getpwuid(os.getuid()).pw_name
        name = "systemd/user/afterview.service"
        config_home = Path(platformdirs.user_config_dir())
        data_home = Path(platformdirs.user_data_dir())
        source = Path(__file__).resolve().parents[1] / "systemd" / "afterview.service"
        program = shutil.which("afterview")
        return cls(
            environ=os.environ,
            user=user,
            home=Path.home(),
            afterview=Path(program) if program else None,
            unit_files=tuple(
                base / name for base in (config_home, Path("/etc"), data_home, Path("/usr/lib"))
            ),
            unit_source=source if source.is_file() else None,
            linger_file=Path("/var/lib/systemd/linger") / user,
            systemd=Path("/run/systemd/system").is_dir(),
            timezone=starter.system_timezone(),
            ntp_synchronized=_ntp_synchronized(),
        )


def policy_finding(config_file: Path, config: Config) -> Finding:
    """The policy and templates the config names, loaded and checked."""
    try:
        load_settings(config_file)
    except DocumentError as error:
        return problem("policy", str(error), "correct the lines named above")
    policy = config.policy or "the built-in policy"
    return ok("policy", f"{policy} and {config.templates or 'the built-in templates'} loaded")


def password_finding(
    key: str, source: SecretSource, machine: Machine
) -> tuple[Password | None, Finding]:
    """The password from the first of the source's places that yields one, and a finding."""
    check = f"password.{key.partition('.')[0]}"
    failures: list[tuple[str, str]] = []
    for kind in (kind for kind in _SOURCE_KINDS if getattr(source, kind) is not None):
        # One place at a time, to name the one that yields: a fix must say where to look.
        alone = source.model_copy(update={k: None for k in _SOURCE_KINDS if k != kind})
        try:
            password = Password(
                read_secret(alone, machine.environ), f"{key}.{kind}: {_place(source, kind)}"
            )
        except SecretError as error:
            # read_secret wraps one place's reason as "... (kind: reason)".
            failures.append((kind, str(error).partition(f"({kind}: ")[2].removesuffix(")")))
            continue
        return password, ok(check, f"read from {password.origin} (not shown)")
    said = "; ".join(f"{key}.{kind}: {reason}" for kind, reason in failures)
    # A systemd credential reaches the service alone: doctor, run from a shell, cannot see it.
    service_only = {kind for kind, _ in failures} == {"credential"}
    if service_only and "CREDENTIALS_DIRECTORY" not in machine.environ:
        fix = f"to test the login here, add a second place, such as {key}.command or .file"
        return None, warning(check, f"only the service can read it ({said})", fix)
    fixes = [_source_fix(source, kind) for kind, _ in failures]
    return None, problem(check, f"no password: {said}", "make one work: " + "; or ".join(fixes))


def smtp_password_finding(
    config: Config, imap_password: Password | None, machine: Machine
) -> tuple[Password | None, Finding]:
    if config.smtp.username is None:
        return None, ok("password.smtp", "none needed: smtp.username is not set")
    if config.smtp.password is not None:
        return password_finding("smtp.password", config.smtp.password, machine)
    if imap_password is None:
        return None, skipped("password.smtp", "it is the IMAP password, not readable here")
    shared = Password(imap_password.value, f"{imap_password.origin} (no smtp.password of its own)")
    return shared, ok("password.smtp", "the IMAP password: smtp.password is not set")


def _place(source: SecretSource, kind: str) -> str:
    if kind == "command":
        return f"`{shlex.join(source.command or ())}`"
    if kind == "keyring" and source.keyring:
        return f"{source.keyring.service} {source.keyring.username}"
    return f"${source.env}" if kind == "env" else str(getattr(source, kind))


def _source_fix(source: SecretSource, kind: str) -> str:
    place = _place(source, kind)
    return {
        "credential": f"the systemd credential {place} reaches the service only",
        "file": f"(umask 077; read -rsp 'Password: ' pw && printf '%s\\n' \"$pw\" > {place})",
        "command": f"run {place} yourself: it must print the password on its first line",
        "keyring": f"keyring set {place}",
        "env": f"export {place.lstrip('$')} in the environment afterview runs in",
    }[kind]


def permissions_finding(config_file: Path, config: Config) -> Finding:
    """The config file and password files: readable by their owner alone."""
    passwords = [s.file for s in (config.imap.password, config.smtp.password) if s and s.file]
    secret = [(path, why) for path in passwords if (why := private_file_problem(path))]
    if secret:
        fix = " && ".join(f"chmod 600 {shlex.quote(str(path))}" for path, _ in secret)
        return problem("permissions", "; ".join(why for _, why in secret), fix)
    if why := private_file_problem(config_file):
        fix = f"chmod 600 {shlex.quote(str(config_file))}"
        return warning("permissions", f"{why}: it names you and your references", fix)
    return ok("permissions", f"{config_file} and {len(passwords)} password file(s) are private")


def state_finding(state_dir: Path) -> Finding:
    """The state folder: private, and writable by afterview."""
    if not state_dir.exists():
        return ok("state", f"{state_dir} will be created at the first start, mode 700")
    if not state_dir.is_dir() or not os.access(state_dir, os.W_OK | os.X_OK):
        fix = "set state_dir: in the config to a folder of yours"
        return problem("state", f"{state_dir} is not a folder afterview can write in", fix)
    mode = stat.S_IMODE(state_dir.stat().st_mode)
    database = paths.resolve(state_dir=state_dir).database
    if mode & 0o077:
        detail = f"{state_dir} is open to group or others (mode {mode:o}): it holds your mail"
        return warning("state", detail, f"chmod 700 {shlex.quote(str(state_dir))}")
    if database.exists() and (why := private_file_problem(database)):
        return warning("state", why, f"chmod 600 {shlex.quote(str(database))}")
    return ok("state", f"{state_dir} is private (mode {mode:o})")


def timezone_finding(configured: str | None, system: str | None) -> Finding:
    """The zone afterview schedules in, and whether the system's agrees."""
    if configured is None:
        fix = "set timezone: in the config, such as timezone: America/Toronto"
        if system is None or not _known_zone(system):
            return warning("clock.timezone", f"no usable zone ({system or 'none'} here)", fix)
        if system in _UTC:
            detail = f"afterview schedules in the system's zone, {system}: is that yours?"
            return warning("clock.timezone", detail, fix + ", if you do not live in UTC")
        return ok("clock.timezone", f"afterview schedules in the system's zone, {system}")
    if configured not in _UTC and (system is None or system in _UTC):
        detail = (
            f"afterview schedules in {configured}, but this system's zone is {system or 'unset'}"
        )
        fix = f"if the machine is yours: sudo timedatectl set-timezone {configured}"
        return warning("clock.timezone", detail + ": logs show other times", fix)
    return ok("clock.timezone", f"afterview schedules in {configured}; the system is in {system}")


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def ntp_finding(synchronized: bool | None) -> Finding:
    """Whether NTP keeps the system clock right, when timedatectl can say."""
    if synchronized is None:
        return ok("clock.ntp", "NTP synchronization: unknown (timedatectl cannot tell here)")
    if synchronized:
        return ok("clock.ntp", "the system clock is synchronized by NTP")
    detail = "the system clock is not synchronized: follow-ups may leave at the wrong time"
    return warning("clock.ntp", detail, "sudo timedatectl set-ntp true")


def _ntp_synchronized() -> bool | None:
    timedatectl = shutil.which("timedatectl")
    if timedatectl is None:
        return None
    try:
        done = subprocess.run(
            [timedatectl, "show", "-p", "NTPSynchronized", "--value"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return {"yes": True, "no": False}.get(done.stdout.strip()) if done.returncode == 0 else None


def systemd_findings(machine: Machine, state_dir: Path | None) -> list[Finding]:
    """The user unit installed and able to start, and lingering on."""
    if not machine.systemd:
        why = "systemd does not run this machine: start afterview some other way"
        return [skipped("systemd.unit", why), skipped("systemd.linger", why)]
    return [_unit(machine, state_dir), _linger(machine)]


def _unit(machine: Machine, state_dir: Path | None) -> Finding:
    found = next((path for path in machine.unit_files if path.is_file()), None)
    if found is None:
        target = machine.unit_files[0]
        source = machine.unit_source or "systemd/afterview.service"  # in afterview's source
        fix = f"mkdir -p {target.parent} && cp {source} {target} && systemctl --user "
        fix += "daemon-reload && systemctl --user enable --now afterview"
        return warning("systemd.unit", f"no {target}: afterview does not start by itself", fix)
    edit = "systemctl --user edit afterview, and add under [Service]: "
    program = next(iter(_unit_setting(found, "ExecStart", machine.home)[-1:]), None)
    if program is not None and not os.access(program, os.X_OK):
        where = f"{machine.afterview or '/path/to/afterview'} run"
        detail = f"{found} starts {program}, which is not there"
        return problem("systemd.unit", detail, f"{edit}ExecStart= and then ExecStart={where}")
    # ProtectSystem=strict: the daemon writes only where ReadWritePaths= lets it.
    writable = [Path(p) for p in _unit_setting(found, "ReadWritePaths", machine.home)]
    inside = state_dir is None or any(p == state_dir or p in state_dir.parents for p in writable)
    if writable and not inside:
        detail = f"the unit lets afterview write in {', '.join(map(str, writable))} only"
        fix = f"{edit}ReadWritePaths={state_dir}"
        return warning("systemd.unit", f"{detail}, not in its state_dir {state_dir}", fix)
    return ok("systemd.unit", f"{found} is installed" + (f", starts {program}" if program else ""))


def _linger(machine: Machine) -> Finding:
    if machine.linger_file.exists():
        return ok("systemd.linger", f"lingering is on for {machine.user}")
    detail = f"lingering is off for {machine.user}: afterview stops when you log out"
    return warning("systemd.linger", detail, f"loginctl enable-linger {machine.user}")


def _unit_setting(unit: Path, key: str, home: Path) -> list[str]:
    """A setting's words in the unit then its drop-ins; an empty assignment resets the list.

    For ExecStart= the last assignment's program; for ReadWritePaths= every path.
    """
    words: list[str] = []
    for path in [unit, *sorted(unit.with_name(f"{unit.name}.d").glob("*.conf"))]:
        with contextlib.suppress(OSError):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                name, equals, value = line.partition("=")
                if equals and name.strip() == key:
                    # Prefixes: "-" (may be missing), "+", "@", "!" and ":" (how to run it).
                    said = [w.lstrip("-+@!:") for w in value.replace("%h", str(home)).split()]
                    words = (said[:1] if key == "ExecStart" else words + said) if said else []
    return words
