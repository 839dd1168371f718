"""The timing policy: its YAML schema, the loader, and the built-in default.

Validated at load; every problem names the file, line and key (see yamldoc).
docs/policy.md is the user's reference for every field below.
"""

from __future__ import annotations

import enum
from datetime import time
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from afterview.policies import yamldoc
from afterview.policies.timing import SendWindow, Unit, Wait

RULE_NAMES = (
    "thank_you",
    "notes_prompt",
    "reference_heads_up",
    "follow_up",
    "feedback_request",
    "digest",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _wait(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value == 0:
        return Wait(0, Unit.HOURS)
    return Wait.parse(value) if isinstance(value, str) else value


def _clock(value: Any) -> Any:
    if isinstance(value, str) and value.count(":") == 1:
        hours, minutes = value.strip().split(":")
        if hours.isdigit() and minutes.isdigit():
            try:
                return time(int(hours), int(minutes))
            except ValueError:
                pass
        raise ValueError(f"expected a time such as '09:00', got {value!r}")
    return value


WaitField = Annotated[Wait, BeforeValidator(_wait)]
ClockField = Annotated[time, BeforeValidator(_clock)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Anchor(enum.StrEnum):
    """A moment a rule's timing can count from."""

    INTERVIEW_START = "interview_start"
    INTERVIEW_END = "interview_end"
    DECISION_BY = "decision_by"
    LAST_CONTACT = "last_contact"


class Entered(enum.StrEnum):
    """A state whose entry can trigger a rule."""

    APPLIED = "applied"
    INVITED = "invited"
    SCHEDULED = "scheduled"
    INTERVIEWED = "interviewed"
    AWAITING_DECISION = "awaiting_decision"
    REJECTED = "rejected"


class Recipients(enum.StrEnum):
    """Who a rule writes to. Each person gets a message of their own."""

    INTERVIEWERS = "interviewers"
    STATUS_CONTACT = "status_contact"
    REFERENCES = "references"
    LAST_SENDER = "last_sender"
    ME = "me"


class Stop(enum.StrEnum):
    """What cancels a rule's pending message."""

    EMPLOYER_MESSAGE = "employer_message"
    OFFER = "offer"
    REJECTION = "rejection"
    WITHDRAWN = "withdrawn"
    USER_SENT = "user_sent"


class Pause(enum.StrEnum):
    """What holds a rule's message back for a while."""

    OUT_OF_OFFICE = "out_of_office"


class Trigger(_Model):
    """When a rule fires: on entering a state, or a wait after (or before) an anchor."""

    on: Entered | None = None
    after: Anchor | None = None
    before: Literal["interview_start"] | None = None
    wait: WaitField = Wait(0, Unit.HOURS)
    otherwise: Trigger | None = Field(
        default=None, description="used when the anchor is unknown (no stated decision date)"
    )

    @model_validator(mode="after")
    def _one_anchor(self) -> Trigger:
        given = [k for k in ("on", "after", "before") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                f"give exactly one of on, after or before (got {', '.join(given) or 'none'})"
            )
        return self


class Weekly(_Model):
    """A weekly moment in the user's zone, for the digest."""

    day: Weekday = "mon"
    at: ClockField = time(8, 0)


class Window(_Model):
    """A send window of the rule's own, replacing the config's."""

    days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    start: ClockField = time(9, 0)
    end: ClockField = time(17, 0)

    @model_validator(mode="after")
    def _sane(self) -> Window:
        if self.start >= self.end:
            raise ValueError(f"start ({self.start:%H:%M}) must be before end ({self.end:%H:%M})")
        if not self.days:
            raise ValueError("days must name at least one weekday")
        return self

    def as_send_window(self) -> SendWindow:
        """The timing value this describes."""
        return SendWindow.from_names(self.days, self.start, self.end)


def _recipients(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


class Rule(_Model):
    """One timing rule; docs/policy.md describes every field."""

    when: Trigger | None = None
    every: Weekly | None = None
    to: Annotated[tuple[Recipients, ...], BeforeValidator(_recipients)] = Field(min_length=1)
    mode: Literal["draft", "approve", "queue", "auto"] | None = None
    template: str | None = None
    deadline: WaitField | None = None
    window: Literal["default", "none"] | Window = "default"
    each: Literal["round", "application"] = "application"
    max: int = Field(default=1, ge=1, le=10)
    spacing: WaitField | None = None
    stop_on: tuple[Stop, ...] = ()
    pause_on: tuple[Pause, ...] = ()
    language: Literal["en", "fr"] | None = None
    enabled: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if (self.when is None) == (self.every is None):
            raise ValueError("give exactly one of when (a trigger) or every (a weekly time)")
        to_me = Recipients.ME in self.to
        if to_me and (self.mode is not None or len(self.to) > 1):
            raise ValueError(
                "a rule to: me goes to your inbox: give no mode and no other recipient"
            )
        if not to_me and self.mode is None:
            raise ValueError("mode is required: draft, approve, queue or auto")
        if self.max > 1 and self.spacing is None:
            raise ValueError("spacing is required when max is above 1 (for example spacing: 7d)")
        return self

    def send_window(self, default: SendWindow) -> SendWindow | None:
        """The window this rule's messages wait for, or None when it has none."""
        if self.window == "none":
            return None
        return default if self.window == "default" else self.window.as_send_window()


class Policy(_Model):
    """A whole policy file: named rules."""

    rules: dict[str, Rule]

    def enabled(self) -> dict[str, Rule]:
        """The rules that are switched on."""
        return {name: rule for name, rule in self.rules.items() if rule.enabled}


def load_policy(text: str, filename: str) -> Policy:
    """Parse and validate policy YAML; DocumentError lists every problem with its line."""
    doc = yamldoc.parse(text, filename)
    if not isinstance(doc.data, dict):
        problem = yamldoc.Problem("", "expected a mapping with a `rules:` key", 1)
        raise yamldoc.DocumentError(filename, [problem])
    return yamldoc.validate(Policy, doc)


def default_policy_text() -> str:
    """The built-in policy's YAML, as shipped."""
    return (resources.files("afterview.policies") / "default.yaml").read_text(encoding="utf-8")


def default_policy() -> Policy:
    """The built-in policy (policies/default.yaml)."""
    return load_policy(default_policy_text(), "default.yaml (built in)")
