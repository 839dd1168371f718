"""The user's configuration: typed models, and a loader whose errors name file, line and key."""

from __future__ import annotations

import ipaddress
import re
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from afterview.daemon.credentials import SecretSource, private_file_problem
from afterview.policies import yamldoc


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")


def _email(value: str) -> str:
    if not _ADDRESS.match(value):
        raise ValueError(f"expected a bare email address such as alex@example.net, got {value!r}")
    return value


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r}; expected an IANA name such as America/Toronto"
        ) from None
    return value


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def _clock_time(value: Any) -> Any:
    # Accept "9:00" as well as "09:00"; pydantic alone wants two-digit hours.
    if isinstance(value, str) and (match := _CLOCK.match(value)):
        try:
            return time(int(match[1]), int(match[2]))
        except ValueError:
            raise ValueError(f"expected a time such as '09:00', got {value!r}") from None
    return value


def _user_path(value: Any) -> Any:
    return Path(value).expanduser() if isinstance(value, str) else value


_DURATION = re.compile(r"^\s*(\d+)\s*(h|d|w|y)\s*$")
_UNIT_DAYS = {"h": 1 / 24, "d": 1, "w": 7, "y": 365}


def parse_duration(value: str) -> timedelta:
    """`90d`, `12w`, `1y`, `36h` -> a timedelta; ValueError names the accepted forms."""
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"expected a duration such as 90d, 12w or 1y, got {value!r}")
    return timedelta(days=int(match[1]) * _UNIT_DAYS[match[2]])


Email = Annotated[str, AfterValidator(_email)]
ZoneName = Annotated[str, AfterValidator(_zone)]
UserPath = Annotated[Path, BeforeValidator(_user_path)]
Duration = Annotated[
    timedelta, BeforeValidator(lambda v: parse_duration(v) if isinstance(v, str) else v)
]
ClockTime = Annotated[time, BeforeValidator(_clock_time)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Account(_Model):
    """Whose mailbox this is, and how their mail is signed."""

    email: Email
    name: str = Field(min_length=1)
    signature: str = ""
    language: Literal["en", "fr"] = "en"


def _no_inline_secret(value: Any) -> Any:
    if isinstance(value, str | int):
        # pydantic reports ValueError (not TypeError) as a validation problem.
        raise ValueError(  # noqa: TRY004
            "inline passwords are not allowed; give a source instead, for example "
            "password: {command: [pass, show, mail/imap]}, or {credential: NAME}, {file: PATH},"
            " {env: VAR}"
        )
    return value


_DEFAULT_PORTS = {("imap", "implicit"): 993, ("imap", "starttls"): 143, ("smtp", "implicit"): 465}
_DEFAULT_PORTS |= {("smtp", "starttls"): 587, ("imap", "none"): 143, ("smtp", "none"): 587}


def is_loopback(host: str) -> bool:
    """Whether a host name is this machine: the only place plaintext IMAP or SMTP is allowed."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Server(_Model):
    host: str = Field(min_length=1)
    port: int = Field(ge=1, le=65535)
    tls: Literal["implicit", "starttls", "none"] = "implicit"
    username: str | None = None
    password: Annotated[SecretSource | None, BeforeValidator(_no_inline_secret)] = None
    ca_file: UserPath | None = None

    @model_validator(mode="before")
    @classmethod
    def _default_port(cls, data: Any) -> Any:
        if isinstance(data, dict) and "port" not in data:
            protocol = "imap" if cls is Imap else "smtp"
            port = _DEFAULT_PORTS.get((protocol, data.get("tls", "implicit")))
            return {**data, "port": port} if port else data
        return data

    @model_validator(mode="after")
    def _plaintext_only_on_loopback(self) -> _Server:
        if self.tls == "none" and not is_loopback(self.host):
            raise ValueError(
                f"tls: none is allowed only for a loopback host (127.0.0.1, ::1, localhost), "
                f"not {self.host!r}; use implicit or starttls"
            )
        return self


class Imap(_Server):
    """The IMAP server the mailbox is read from."""

    password: Annotated[SecretSource, BeforeValidator(_no_inline_secret)]


class Smtp(_Server):
    """The SMTP server mail is sent through; the password defaults to IMAP's."""

    sent_copy: Literal["auto", "append", "never"] = "auto"


class Folders(_Model):
    """Which folders to watch; Drafts and Sent are found by SPECIAL-USE unless named here."""

    watch: tuple[str, ...] = ("INBOX",)
    drafts: str | None = None
    sent: str | None = None


class SendWindow(_Model):
    """When mail may leave: these weekdays, between start and end, in the recipient's zone."""

    days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    start: ClockTime = time(9, 0)
    end: ClockTime = time(17, 0)

    @model_validator(mode="after")
    def _start_before_end(self) -> SendWindow:
        if self.start >= self.end:
            raise ValueError(f"start ({self.start:%H:%M}) must be before end ({self.end:%H:%M})")
        if not self.days:
            raise ValueError("days must name at least one weekday")
        return self


class HolidayRegion(_Model):
    """Where the user lives, so business days skip its public holidays."""

    country: str | None = None
    subdivision: str | None = None

    @field_validator("country")
    @classmethod
    def _known_country(cls, country: str | None) -> str | None:
        if country is not None and country not in holidays.list_supported_countries():
            raise ValueError(f"unknown country {country!r}; expected an ISO 3166 code such as CA")
        return country

    @field_validator("subdivision")
    @classmethod
    def _known_subdivision(cls, subdivision: str | None, info: ValidationInfo) -> str | None:
        known: list[str] = holidays.list_supported_countries().get(
            info.data.get("country") or "", []
        )
        if subdivision is not None and subdivision not in known:
            choices = ", ".join(known) or "none: set a known country first"
            raise ValueError(f"unknown subdivision {subdivision!r} (known: {choices})")
        return subdivision


class Reference(_Model):
    """Someone who vouches for the user, and is told when an employer may call."""

    name: str = Field(min_length=1)
    email: Email
    relation: str = ""


class Config(_Model):
    """The whole configuration file."""

    account: Account
    imap: Imap
    smtp: Smtp
    folders: Folders = Folders()
    timezone: ZoneName | None = None
    send_window: SendWindow = SendWindow()
    holidays: HolidayRegion = HolidayRegion()
    references: tuple[Reference, ...] = ()
    policy: UserPath | None = None
    templates: UserPath | None = None
    state_dir: UserPath | None = None
    backfill: Duration = timedelta(days=90)
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @model_validator(mode="after")
    def _imap_login_defaults_to_the_address(self) -> Config:
        if self.imap.username is None:
            imap = self.imap.model_copy(update={"username": self.account.email})
            object.__setattr__(self, "imap", imap)  # frozen: set once, while validating
        return self

    def smtp_password(self) -> SecretSource:
        """Where the SMTP password comes from: its own source, else the IMAP one."""
        return self.smtp.password or self.imap.password


def load_config(path: Path) -> Config:
    """Read, parse and validate a config file; raise DocumentError listing every problem."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _error(name, "no such file; create one with `afterview init`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(name, f"cannot read the file: {exc}") from None
    doc = yamldoc.parse(text, name)
    if doc.data is None:
        raise _error(name, "the file holds no settings; start from config.example.yaml")
    if not isinstance(doc.data, dict):
        raise _error(name, "expected a mapping of settings; see config.example.yaml", line=1)
    config = _relative_to(yamldoc.validate(Config, doc), path.parent)
    problems = list(_file_problems(config, doc))
    if problems:
        raise yamldoc.DocumentError(name, problems)
    return config


def _error(name: str, message: str, line: int | None = None) -> yamldoc.DocumentError:
    return yamldoc.DocumentError(name, [yamldoc.Problem("", message, line)])


def _relative_to(config: Config, base: Path) -> Config:
    """Relative paths in the file are relative to the file, not the working directory."""

    def fix(value: Path | None) -> Path | None:
        return base / value if value is not None and not value.is_absolute() else value

    def fix_secret(source: SecretSource | None) -> SecretSource | None:
        return source.model_copy(update={"file": fix(source.file)}) if source else None

    return config.model_copy(
        update={
            "policy": fix(config.policy),
            "templates": fix(config.templates),
            "state_dir": fix(config.state_dir),
            "imap": config.imap.model_copy(
                update={
                    "ca_file": fix(config.imap.ca_file),
                    "password": fix_secret(config.imap.password),
                }
            ),
            "smtp": config.smtp.model_copy(
                update={
                    "ca_file": fix(config.smtp.ca_file),
                    "password": fix_secret(config.smtp.password),
                }
            ),
        }
    )


def _file_problems(config: Config, doc: yamldoc.Document) -> list[yamldoc.Problem]:
    """Files the config names that are missing, or secrets that others can read."""
    checks: list[tuple[yamldoc.Path, Path | None, bool]] = [
        (("policy",), config.policy, False),
        (("imap", "ca_file"), config.imap.ca_file, False),
        (("smtp", "ca_file"), config.smtp.ca_file, False),
        (("imap", "password", "file"), config.imap.password.file, True),
        (
            ("smtp", "password", "file"),
            config.smtp.password.file if config.smtp.password else None,
            True,
        ),
    ]
    problems = []
    for key, path, secret in checks:
        if path is None:
            continue
        message = private_file_problem(path) if secret else _missing(path)
        if message:
            problems.append(yamldoc.Problem(yamldoc.dotted_key(key), message, doc.line_of(key)))
    if config.templates is not None and not config.templates.is_dir():
        message = f"no such folder: {config.templates}"
        problems.append(yamldoc.Problem("templates", message, doc.line_of(("templates",))))
    return problems


def _missing(path: Path) -> str | None:
    return None if path.is_file() else f"no such file: {path}"
