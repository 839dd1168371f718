"""The user's settings: the config file, and the policy and templates it names.

All three are loaded and checked together, so `check-config`, `simulate` and a
reload (SIGHUP) accept or refuse the same things, and a mistake in any file is
reported with its file and line before anything runs on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from afterview.daemon.config import Config, load_config
from afterview.daemon.config import SendWindow as WindowSettings
from afterview.parsers.facts import Person
from afterview.parsers.reading import Context
from afterview.policies import yamldoc
from afterview.policies.drafting import Drafter
from afterview.policies.planner import Situation
from afterview.policies.policy import Policy, default_policy, load_policy
from afterview.policies.templates import TemplateError, Templates
from afterview.policies.timing import Calendar, SendWindow
from afterview.policies.yamldoc import DocumentError, Problem


@dataclass(frozen=True)
class Settings:
    """A validated config with its policy and templates."""

    config: Config
    policy: Policy
    templates: Templates


def load_settings(path: Path) -> Settings:
    """The config at `path` with its policy and templates.

    Raises DocumentError naming the file and line of the first file found at fault.
    """
    config = load_config(path)
    settings = Settings(config, policy_of(config), templates_of(config))
    _check_templates_exist(settings)
    return settings


def situation_for(
    config: Config | None, context: Context, me_address: str | None, since: datetime
) -> Situation:
    """What the planner reads about the user: address, references, calendar, send window."""
    zone = context.user_tz if isinstance(context.user_tz, ZoneInfo) else ZoneInfo("UTC")
    email = me_address or (config.account.email if config else "")
    me = Person(name=config.account.name if config else None, email=email)
    references = tuple(
        Person(name=r.name, email=r.email) for r in (config.references if config else ())
    )
    window = config.send_window if config else WindowSettings()
    send_window = SendWindow.from_names(window.days, window.start, window.end)
    return Situation({}, me, references, Calendar(zone, context.holidays), send_window, since)


def drafter_for(settings: Settings, situation: Situation) -> Drafter:
    """A drafter writing in the user's language and templates, signed with their signature."""
    account = settings.config.account
    return Drafter(
        situation,
        language=account.language,
        templates=settings.templates,
        signature=account.signature,
        relations={r.email.lower(): r.relation for r in settings.config.references if r.relation},
    )


def _check_templates_exist(settings: Settings) -> None:
    """Every enabled rule has a template to write with: found now, not when a message is due."""
    missing = [
        (name, rule.template or name)
        for name, rule in settings.policy.enabled().items()
        if not settings.templates.can_render(rule.template or name, rule.language)
    ]
    if not missing:
        return
    policy_file = settings.config.policy
    doc = (
        yamldoc.parse(policy_file.read_text(encoding="utf-8"), str(policy_file))
        if policy_file
        else None
    )
    problems = [
        Problem(
            f"rules.{name}",
            f"no template {template!r}: add en/{template}.txt to your templates folder",
            doc.line_of(("rules", name)) if doc else None,
        )
        for name, template in missing
    ]
    raise DocumentError(str(policy_file or settings.config.templates), problems)


def policy_of(config: Config) -> Policy:
    """The config's policy file, validated; the built-in policy when it names none."""
    if config.policy is None:
        return default_policy()
    try:
        text = config.policy.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(str(config.policy), [Problem("", f"cannot read it: {exc}")]) from None
    return load_policy(text, str(config.policy))


def templates_of(config: Config) -> Templates:
    """The built-in templates, with the config's template folder laid over them.

    The folder holds `<language>/<name>.txt` files; each replaces the built-in one of
    that name or adds one. Every template is compiled here, so a mistake is reported
    when the settings are loaded, not when a message falls due.
    """
    builtin = Templates.builtin()
    if config.templates is None:
        return builtin
    try:
        return builtin.with_overrides(_sources(config.templates), str(config.templates))
    except TemplateError as exc:
        raise DocumentError(exc.template, [Problem("", exc.reason, exc.line)]) from None


def _sources(folder: Path) -> dict[str, str]:
    sources = {}
    for path in sorted(folder.glob("*/*.txt")):
        try:
            sources[f"{path.parent.name}/{path.stem}"] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(str(path), f"cannot read it: {exc}") from None
    return sources
