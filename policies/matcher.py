"""Which application a message belongs to.

Tried in order, first hit wins: the thread (a Message-ID we know), a known
contact's address, the employer's own domain, then the company an ATS message
names. An ATS or relay domain never identifies a company, nor does a recruiting
agency's: an agency recruiter's address finds only the applications at the
company their message names. Company names match as whole words ("Meta" is not
"Metaverse"); two roles at one company are two applications.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from afterview.parsers.senders import domain_of, is_freemail, is_relay
from afterview.policies.applications import Application
from afterview.policies.events import EventKind, MessageInfo
from afterview.policies.people import at_agency

# Kinds that open an application when nothing matches: the employer is talking about one.
OPENING_KINDS = frozenset(
    {
        EventKind.RECEIVED,
        EventKind.INVITED,
        EventKind.SCHEDULED,
        EventKind.ASSESSMENT,
        EventKind.REJECTED,
        EventKind.OFFERED,
    }
)
_LEGAL_SUFFIX = re.compile(
    r"\b(?:inc|incorporated|ltd|ltée|ltee|llc|llp|corp|corporation|co|gmbh|sa|sas|plc|limited)\b\.?$"
)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Match:
    """Where a message goes: an application, a new one, or nowhere (with the candidates)."""

    application: str | None
    how: str
    candidates: tuple[str, ...] = ()

    @property
    def opens(self) -> bool:
        """Whether the message opens a new application."""
        return self.how == "new"


def match(
    message: MessageInfo, kind: EventKind, apps: Mapping[str, Application], me: frozenset[str]
) -> Match:
    """The application this message is about, found by the rules in the module docstring."""
    open_apps = list(apps.values())
    addresses = _counterparts(message, kind, me)
    # A recruiting agency writes for several employers: its recruiter's address finds the
    # applications it handles, the company its mail names says which one.
    client = (
        message.company if kind is not EventKind.USER_SENT and at_agency(message.sender) else None
    )
    steps: list[tuple[str, Callable[[Application], bool]]] = [
        ("thread", lambda a: bool(set(message.thread) & a.message_ids)),
        ("contact", lambda a: bool(addresses & a.addresses)),
        ("domain", lambda a: bool(_own_domains(addresses) & a.domains)),
        ("company", lambda a: same_company(a.company, message.company or "")),
    ]
    for how, test in steps:
        found = [a for a in open_apps if test(a)]
        if client and how == "contact":
            found = [a for a in found if same_company(a.company, client)]
        if not found:
            continue
        narrowed = _by_role(found, message.role)
        if len(narrowed) == 1:
            return Match(narrowed[0].id, how)
        if narrowed:
            return Match(None, f"ambiguous {how}", tuple(a.id for a in narrowed))
        break  # same employer, another role: a second application
    if kind in OPENING_KINDS and message.company:
        return Match(None, "new")
    return Match(None, "none")


def _counterparts(message: MessageInfo, kind: EventKind, me: frozenset[str]) -> frozenset[str]:
    """The employer-side addresses of a message: its sender, or the user's recipients."""
    people = message.recipients if kind is EventKind.USER_SENT else (message.sender,)
    found = {(p.email or "").lower() for p in people}
    return frozenset(found - {""} - me)


def _own_domains(addresses: Iterable[str]) -> set[str]:
    domains = {domain_of(a) for a in addresses}
    return {d for d in domains if d and not is_relay(d) and not is_freemail(d)}


def _by_role(apps: list[Application], role: str | None) -> list[Application]:
    if role is None:
        return apps
    return [a for a in apps if a.role is None or same_role(a.role, role)]


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = _LEGAL_SUFFIX.sub("", text.strip().rstrip("."))
    # "Bramble & Co" from a display name, "Bramble and Co" from brambleandco.io.
    return _WORD.findall(text.replace("&", " and "))


def same_company(known: str, named: str) -> bool:
    """Whole-name equality: "Acme Robotics Inc." is "Acme Robotics" and "Acme", not "Acmeco"."""
    a, b = _words(known), _words(named)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return long_[: len(short)] == short


def same_role(known: str, named: str) -> bool:
    """Roles match when one's words all appear in the other ("Data Engineer", "Senior ...")."""
    a, b = set(_words(known)), set(_words(named))
    return bool(a and b) and (a <= b or b <= a)
