"""How a letter words things in its language: days, times, lists of names, states, replies.

Small tables per language instead of the locale module: the process locale is
global state, and Canadian French wants its own forms ("14 h 30", "1er mai").
Filters read the letter's `language` and `zone` from the template's context.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

import jinja2

from afterview.policies.letters import Correspondent
from afterview.policies.timing import Unit, Wait

DEFAULT_LANGUAGE = "en"
_REPLY_PREFIX = re.compile(
    r"^(?:\s*(?:re|ré|réf|ref|aw|sv|antw)\s*(?:\[\d+\])?\s*\.?\s*:\s*)+", re.I
)
_DAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche".split(),
}
_MONTHS = {
    "en": "January February March April May June July August September October November "
    "December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre".split(),
}
_AND = {"en": "and", "fr": "et"}
# States and rule names in the user's words: every state, and the built-in rules. A rule of
# the user's own shows with spaces for underscores. Each English label needs a French one
# (a test walks them), or a French digest would show an English word.
LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "applied": "applied",
        "invited": "invited to interview",
        "scheduled": "interview scheduled",
        "interviewed": "interviewed",
        "awaiting_decision": "awaiting a decision",
        "offer": "offer received",
        "rejected": "rejected",
        "withdrawn": "withdrawn",
        "closed": "closed",
        "thank_you": "thank-you note",
        "notes_prompt": "interview notes",
        "reference_heads_up": "heads-up to references",
        "follow_up": "follow-up",
        "feedback_request": "feedback request",
        "digest": "weekly summary",
    },
    "fr": {
        "applied": "candidature envoyée",
        "invited": "invitation à une entrevue",
        "scheduled": "entrevue prévue",
        "interviewed": "entrevue passée",
        "awaiting_decision": "en attente de décision",
        "offer": "offre reçue",
        "rejected": "refusée",
        "withdrawn": "retirée",
        "closed": "fermée",
        "thank_you": "remerciement",
        "notes_prompt": "notes d'entrevue",
        "reference_heads_up": "avis aux références",
        "follow_up": "relance",
        "feedback_request": "demande de rétroaction",
        "digest": "résumé hebdomadaire",
    },
}


# Units of a wait, singular and plural. French uses the singular for 0 and 1, English for 1.
_UNITS: Mapping[str, Mapping[Unit, tuple[str, str]]] = {
    "fr": {
        Unit.MINUTES: ("minute", "minutes"),
        Unit.HOURS: ("heure", "heures"),
        Unit.DAYS: ("jour", "jours"),
        Unit.BUSINESS_DAYS: ("jour ouvrable", "jours ouvrables"),
    },
}


def duration(wait: Wait, language: str = DEFAULT_LANGUAGE) -> str:
    """A wait in words: "1 business day", "5 business days", "1 jour ouvrable", "0 heure"."""
    units = _UNITS.get(language.lower().partition("-")[0])
    if units is None:
        return str(wait)
    singular, plural = units[wait.unit]
    return f"{wait.amount} {singular if wait.amount < 2 else plural}"


def reply_subject(subject: str) -> str:
    """The subject of a reply: `Re: ` once, before the subject without its reply prefixes."""
    core = _REPLY_PREFIX.sub("", " ".join(subject.split()))
    return f"Re: {core}" if core else "Re:"


def _language(context: jinja2.runtime.Context) -> str:
    """The letter's language if we have its words, else English."""
    language = str(context.get("language", DEFAULT_LANGUAGE)).lower().partition("-")[0]
    return language if language in _DAYS else DEFAULT_LANGUAGE


def _local(context: jinja2.runtime.Context, value: date) -> date:
    """A datetime in the letter's zone; a plain date as it is."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(ZoneInfo(str(context.get("zone", "UTC"))))
    return value


@jinja2.pass_context
def _day(context: jinja2.runtime.Context, value: date) -> str:
    """A day as "Tuesday, March 3" or "mardi 3 mars"."""
    day, language = _local(context, value), _language(context)
    weekday, month = _DAYS[language][day.weekday()], _MONTHS[language][day.month - 1]
    if language == "fr":
        return f"{weekday} {'1er' if day.day == 1 else day.day} {month}"
    return f"{weekday}, {month} {day.day}"


@jinja2.pass_context
def _date(context: jinja2.runtime.Context, value: date) -> str:
    """A date as "March 3, 2026" or "3 mars 2026"."""
    day, language = _local(context, value), _language(context)
    month = _MONTHS[language][day.month - 1]
    if language == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


@jinja2.pass_context
def _time(context: jinja2.runtime.Context, value: datetime) -> str:
    """A time as "2:30 PM" or "14 h 30"."""
    moment = _local(context, value)
    if not isinstance(moment, datetime):
        raise TypeError("the time filter needs a date and time, not a date")
    if _language(context) == "fr":
        return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


@jinja2.pass_context
def _conjoin(context: jinja2.runtime.Context, items: Iterable[object]) -> str:
    """Items as "A, B and C" or "A, B et C"; empty ones left out."""
    words = [str(item) for item in items if item]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {_AND[_language(context)]} {words[-1]}"


@jinja2.pass_context
def _names(context: jinja2.runtime.Context, people: Iterable[Correspondent]) -> str:
    """People by full name and title, "Jane Doe (Engineering Manager) and Bob Li"."""
    shown = [
        f"{person.full_name or person.name or person.email}"
        + (f" ({person.title})" if person.title else "")
        for person in people
    ]
    return str(_conjoin(context, shown))


def label(value: object, language: str = DEFAULT_LANGUAGE) -> str:
    """A state or rule name in words, in a language we have words for (else English)."""
    text = str(value)
    words = LABELS.get(language.lower().partition("-")[0], LABELS[DEFAULT_LANGUAGE])
    return words.get(text, text.replace("_", " "))


@jinja2.pass_context
def _label(context: jinja2.runtime.Context, value: object) -> str:
    """A state or rule name in the letter's language."""
    return label(value, _language(context))


FILTERS: Mapping[str, Callable[..., str]] = {
    "day": _day,
    "date": _date,
    "time": _time,
    "re": reply_subject,
    "conjoin": _conjoin,
    "names": _names,
    "label": _label,
}
