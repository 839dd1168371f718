"""Who the employer is and which role: from phrases, the sender's domain, and an ATS's display name.

The employer is never the ATS or a relay: "Acme via Workable" is Acme, and a
Greenhouse address names nobody. A domain or an ATS account slug (the
`acme` of `acme@myworkday.com`) is matched to the name the text spells out,
so "Acme Robotics" comes back as written, not as "Acmerobotics".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from afterview.parsers.facts import Person, SenderKind
from afterview.parsers.languages import Language
from afterview.parsers.senders import domain_of, is_freemail, is_relay

_VIA = re.compile(r"^(?P<company>.+?)\s+(?:via|par|through)\s+\S+", re.I)
_TEAM_SUFFIX = re.compile(
    r"\s*[-|,]?\s*\b(?:recruiting|recruitment|careers?|talent(?: acquisition| team)?|"
    r"hiring(?: team)?|people(?: team| ops)?|hr|jobs|recrutement|carrières|équipe.*|team)\s*$",
    re.I,
)
_ATS_NAMES = re.compile(
    r"^(?:greenhouse|lever|workday|icims|smartrecruiters|ashby|taleo|bamboohr|workable|teamtailor|jobvite|"
    r"calendly|goodtime|zoom|google calendar|microsoft teams|outlook|no-?reply|notifications?)\b",
    re.I,
)
_PHRASE = re.compile(r"\b[A-Z][\w&'.-]*(?:\s+(?:&\s+)?[A-Z][\w&'.-]*){0,4}")
_SQUASH = re.compile(r"[^a-z0-9]")
_TRIM = " \t-\u2013|:;,.!()[]\"'"
_REQ_SUFFIX = re.compile(
    r"\s*[(\[]?\b(?:req(?:uisition)?\.?|job id|id|ref\.?|no\.?|#)"
    r"\s*[:#]?\s*[\w-]*\d[\w-]*[)\]]?\s*$",
    re.I,
)


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.M) for p in patterns)


def _squash(text: str) -> str:
    return _SQUASH.sub("", text.lower())


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(_TRIM)


def _first_match(patterns: tuple[str, ...], texts: Iterable[str], group: str) -> str | None:
    for text in texts:
        for pattern in _compiled(patterns):
            if (match := pattern.search(text)) and (value := _clean(match.group(group))):
                return value
    return None


def name_for_slug(slug: str, texts: Iterable[str]) -> str | None:
    """The capitalised phrase in `texts` that a domain label or account slug abbreviates."""
    key = _squash(slug)
    if len(key) < 3:
        return None
    for text in texts:
        for phrase in _PHRASE.findall(text):
            squashed = _squash(phrase)
            if squashed == key or (len(key) >= 5 and squashed.startswith(key)):
                return _clean(phrase)
    return None


def _display_name(sender: Person) -> str | None:
    name = (sender.name or "").strip()
    if not name or _ATS_NAMES.match(name):
        return None
    if match := _VIA.match(name):
        return _clean(match.group("company"))
    stripped = _TEAM_SUFFIX.sub("", name)
    return _clean(stripped) if stripped != name else None


def _slug(sender: Person, kind: SenderKind) -> str | None:
    local, _, domain = (sender.email or "").lower().rpartition("@")
    if kind is SenderKind.ATS:
        # acme@myworkday.com, stbrendan@talent.icims.com: the account names the employer.
        return (
            local if not re.match(r"^(?:no-?reply|notifications?|jobs|careers)$", local) else None
        )
    if is_relay(domain) or is_freemail(domain):
        return None
    labels = domain.split(".")
    return labels[-2] if len(labels) >= 2 else None


def company(
    sender: Person, kind: SenderKind, subject: str, text: str, language: Language
) -> str | None:
    """The employer's name, or None when the message does not say."""
    texts = (subject, text)
    via = _display_name(sender)
    if via and _VIA.match(sender.name or ""):
        return via
    if found := _first_match(language.company_patterns, texts, "company"):
        return found
    slug = _slug(sender, kind)
    if slug and (named := name_for_slug(slug, (subject, text, sender.name or ""))):
        return named
    return via


def role(subject: str, text: str, language: Language) -> str | None:
    """The position applied for, or None."""
    found = _first_match(language.role_patterns, (subject, text), "role")
    return _REQ_SUFFIX.sub("", found).strip(_TRIM) or None if found else None


def employer_domain(sender: Person) -> str | None:
    """The sender's domain when it can be the employer's (not free-mail, not a relay)."""
    domain = domain_of(sender.email)
    return domain if domain and not is_freemail(domain) and not is_relay(domain) else None
