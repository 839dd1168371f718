"""What a sender's display name says of the employer: "Acme via Workable", "Acme Careers".

An ATS writes under the employer's name, often with its team's words around it
("The Harbourline Hiring Team", "Recrutement Groupe Solstice"), or beside a
person's ("Kim Alvarez (Oakridge)", "Tom Pritchard at Brightwater Bio"). A
product that relays mail (Greenhouse, Calendly) is never the employer.
"""

from __future__ import annotations

import re

from afterview.parsers.company_names import clean_name
from afterview.parsers.facts import Person

# "Acme via Workable", "Acme (via Greenhouse)".
_VIA = re.compile(r"^(?P<company>.+?)\s+\(?(?:via|par|through)\s+\S+", re.I)
_TEAM_SUFFIX = re.compile(
    r"\s*[-|,]?\s*\b(?:recruiting|recruitment|careers?|talent(?: acquisition| team)?|"
    r"hiring(?: team)?|people(?: team| ops)?|(?:people|talent) (?:&|and) culture|"
    r"human resources|ressources humaines|acquisition de talents|hr|rh|jobs|recrutement|"
    r"carrières|dotation|équipe.*|team)\s*$",
    re.I,
)
# The same words before the name: "Recrutement Groupe Solstice", "The Harbourline Hiring Team".
_TEAM_PREFIX = re.compile(
    r"^\s*(?:(?:l'|l\u2019)?équipe (?:de |du |des )?(?:recrutement|talents?|rh)"
    r"(?: de| du| d'| chez)?|recrutement|carrières|careers|recruiting|talent(?: acquisition)?|"
    r"hiring(?: team)?|emplois)(?:\s+(?:at|chez|@)|\s*[|:\-\u2013])?\s+(?=[A-ZÀ-Ý])",
    re.I,
)
_TEAM_FIRST = re.compile(r"^\s*(?:l['\u2019])?équipe\b", re.I)
# Products that send or host hiring mail but employ nobody in it.
NOT_EMPLOYERS = re.compile(
    r"^(?:greenhouse|lever|workday|icims|smartrecruiters|ashby|taleo|bamboohr|workable|teamtailor|"
    r"jobvite|calendly|goodtime|modernloop|zoom|google(?: calendar| meet)?|microsoft(?: teams)?|"
    r"teams|outlook|webex|hackerrank|codility|codesignal|testgorilla|coderpad|hirevue|linkedin|indeed|"
    r"glassdoor|oracle|sap|successfactors|ceridian|dayforce|ukg|adp|breezy|recruitee|jazzhr|personio|"
    r"rippling|no-?reply|notifications?|talent acquisition|human resources|ressources humaines|"
    r"recruiting)\b",
    re.I,
)
# Outlook's and some ATSs' "Sender on behalf of Owner": the owner is whose mailbox it is.
_ON_BEHALF = re.compile(r"^.+?\s+(?:on behalf of|au nom de|de la part de)\s+(?=\S)", re.I)
# A person beside their employer: "Kim Alvarez (Oakridge)", "Tom Pritchard at Brightwater Bio",
# "Olivia Grant - Harbor & Finch", "Jane from Acme".
_CONNECTOR = r"at|chez|from|[|\-\u2013]"
_PERSON_AT = re.compile(
    rf"^[^()]+\((?P<company>[^()]+)\)\s*$|^[^|\-\u2013]+?\s+(?:{_CONNECTOR})\s+(?P<company2>.+)$"
)
# French "de" too, which many employers' own names hold ("Caisse Desjardins de Lévis"): what
# stands before it is a person's only when the mail names that person.
_BEFORE_CONNECTOR = re.compile(rf"\s+(?:de|d'|{_CONNECTOR})\s*", re.IGNORECASE)


def named_in_display(sender: Person) -> str | None:
    """The name beside a person's or a service's in a display name: "Acme via Workable".

    "Kim Alvarez (Acme)" and "Tom Pritchard at Acme" too; never a service ("Zoom Calendar").
    """
    name = without_team_words(sender.name or "")
    match = _VIA.match(name) or _PERSON_AT.match(name)
    if not match:
        return None
    # "Acme Talent Acquisition (via Ashby)": the team's words are no part of the name.
    named = clean_name(without_team_words(match.group("company") or match["company2"] or ""))
    return None if not named or NOT_EMPLOYERS.match(named) else named


def before_connector(name: str) -> str | None:
    """What stands before "de", "from", "at" or a dash in a display name, if any of them.

    "Élodie Gagnon de Nordhaven" gives "Élodie Gagnon": the caller decides whether the mail
    names that person.
    """
    head = _BEFORE_CONNECTOR.split(name, maxsplit=1)[0]
    return head if head != name else None


def display_name(sender: Person) -> str | None:
    """An ATS display name without "Recruiting", "Careers" and the like."""
    core = without_team_words(_ON_BEHALF.sub("", (sender.name or "").strip()))
    # "Recruiting at Acme" is Acme's; "Recruiting" and "Greenhouse Recruiting" name no one.
    if not core or NOT_EMPLOYERS.match(core):
        return None
    return clean_name(core) or None


def is_team_name(name: str) -> bool:
    """Whether a display name is a team's ("Talent Acquisition", "Acme Careers")."""
    return without_team_words(name) != name or NOT_EMPLOYERS.match(name) is not None


def without_team_words(name: str) -> str:
    """A display name less its team's words: "The Harbourline Hiring Team" is Harbourline."""
    # "Équipe Recrutement Acme" ends in no "équipe ..." suffix: its team's words go first.
    core = _TEAM_PREFIX.sub("", name) if _TEAM_FIRST.match(name) else name
    core = _without_suffixes(core)
    if core != name:
        # "The" belongs to the team's name here, not to the company's ("The Home Depot"),
        # and so does an elided article left at the end ("L'équipe de recrutement").
        core = _ELIDED_END.sub("", re.sub(r"^\s*the\s+", "", core, flags=re.I))
    return _TEAM_PREFIX.sub("", core)


# An elided article or preposition ("l'", "d'") that its word no longer follows.
_ELIDED_END = re.compile(r"(?<![^\W\d_])[LlDd]['\u2019]\s*$")


def _without_suffixes(name: str) -> str:
    # "Larchfield Careers Team": one team word after another.
    while (shorter := _TEAM_SUFFIX.sub("", name)) != name:
        name = shorter
    return name
