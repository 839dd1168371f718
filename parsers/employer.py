"""Who the employer is: from the sender's domain, ATS links, signatures, subjects and phrases.

The employer is never the ATS, a relay or a recruiting agency: "Acme via
Workable" is Acme, a Greenhouse address names nobody, and an agency's
recruiter names their client. How domains spell names is `company_names`; what a
signature says, and who the people a text names are, is `signatures`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from afterview.parsers.anchored import PrefixedSearch
from afterview.parsers.calendar import VIDEO_SERVICES
from afterview.parsers.company_names import (
    PHRASE,
    capitalised_phrases,
    clean_name,
    looks_like_company,
    name_for_slug,
    name_from_slug,
    slug,
    squash,
)
from afterview.parsers.display_names import (
    NOT_EMPLOYERS,
    before_connector,
    display_name,
    is_team_name,
    named_in_display,
    without_team_words,
)
from afterview.parsers.facts import Person, SenderKind
from afterview.parsers.languages import Language
from afterview.parsers.mime import flowing
from afterview.parsers.position import SUBJECT_SEGMENTS
from afterview.parsers.senders import AGENCY, domain_of, is_ats
from afterview.parsers.signatures import last_lines, people_in_text, signature_lines, signers_of

# Greetings and pronouns start sentences, not names.
_GENERIC = re.compile(
    r"^(?:the|our|your|we|you|a|an|this|that|hi|hello|dear|bonjour|thank|thanks|merci|re|fw|fwd)\b",
    re.I,
)
# The words of meeting services' names ("Join Zoom Meeting"); not the companies behind them.
_SERVICE_WORDS = frozenset(w.lower() for name in VIDEO_SERVICES for w in name.split()) - {
    "google",
    "microsoft",
    "amazon",
}
_TRAILING_LOWER = re.compile(r"(?:\s+[a-zà-ÿ][\w'\-]*)+$")
_ROLE_AT = re.compile(r"\s(?:at|chez|with|avec|@)\s")
# "Interview for Data Analyst (Quarry Labs)": an employer in brackets after the title.
_ROLE_THEN_NAME = re.compile(r"\(([^()]{3,50})\)\s*$")
# Words that join a name's parts, and place labels ("Eastern Time - US & Canada").
_GLUE = frozenset("& and et of de du des la le us canada états-unis time heure".split())


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[PrefixedSearch, ...]:
    return tuple(PrefixedSearch(p, re.M) for p in patterns)


def company(
    sender: Person,
    kind: SenderKind,
    subject: str,
    texts: tuple[str, str],
    *,
    language: Language,
    people: Iterable[str] = (),
    colleagues: Iterable[str] = (),
    accounts: Iterable[str] = (),
    spellings: Iterable[str] = (),
) -> str | None:
    """The employer's name, or None when the message does not say.

    `texts` is the sender's new text and the whole text (with quoted mail);
    `people` the names of the people in its headers and invitations, the
    candidate's among them; `accounts` the employer accounts of its ATS links
    ("jobs.lever.co/greyhawkoutdoor"); `spellings` names the mail writes outside
    its text (a logo's alt text), which may spell a domain or an account's name
    as written ("Marlowe & Finch" for marlowe-finch). Sources in order of trust: an ATS's "X via Y"
    display name; the name the sender's employer domain (or ATS account)
    spells; the sender's signature; a phrase such as "your application to X";
    a subject segment ("Fernhill Labs - ML Engineer"); an ATS display name that
    is not a person's; last, the words of the domain itself.
    """
    new, full = texts
    via = named_in_display(sender)
    signers: set[str] = set()
    if via:
        signers = _signers(new, sender)
        if squash(via) in _persons(people) | _text_people(new, language):
            via = None  # a host's name: "Owen Castellanos via Zoom Scheduler"
        elif squash(via) not in signers:
            return _in_full(via, sender, (subject, new, *spellings))
    # Without quoted mail the whole text is the new text: it is read once.
    phrases = capitalised_phrases(
        (subject, sender.name or "", new, full if full != new else "", *spellings)
    )
    agency = AGENCY.search(slug(sender.email or "", SenderKind.HUMAN) or "") is not None
    # An agency's own domain names the agency; the domains of the people it writes for remain.
    own = [] if agency else _accounts_of_employers([sender.email or ""])
    display = via or (display_name(sender) if kind is SenderKind.ATS else None)
    others = _accounts_of_employers(colleagues) + list(accounts)
    if named := _spelled_by_domain(own, kind, others, phrases):
        # The employer's own display name is the name in full: "Réseau de santé Val-des-Cèdres".
        if not display or not _overlap(squash(display), squash(named)):
            return named
        people = _signers(new, sender) | _text_people(new, language)
        # "Élodie Gagnon de Nordhaven", whom Élodie Gagnon signs: her name is no part of it.
        head = before_connector(display)
        return named if head and squash(head) in people else display
    # Most mail is settled above: who signs, and who the people are, are read only now.
    signers = signers or _signers(new, sender)
    persons = _persons(people) | signers | {squash(sender.name or "")}
    # An agency recruiter's signature names the agency, never the employer.
    candidates = _candidates(subject, new, None if agency else sender, language)
    if found := _in_words(
        candidates, new, language, display=display, persons=persons, agency=agency
    ):
        return found
    # A person signs with their (first) name; an organisation may too ("Pelican Hotels"), and
    # a display name with a team's words ("Hydro-Valmont Carrières") is always one.
    signed = any(squash(display or "").startswith(signer) for signer in signers if signer)
    team = is_team_name(sender.name or "")
    if display and (not signed or team or looks_like_company(display)):
        return display
    # Last, a lone word that is a subject segment of its own ("Zephyra | Application
    # received"): often an ordinary word, it is weaker evidence than the sender's domain.
    return _named_by_domain([*own, *others], phrases) or _in_words(
        _lone_segments(subject), new, language, display=None, persons=persons, agency=agency
    )


def _signers(text: str, sender: Person) -> set[str]:
    # An organisation or a team may sign too ("Best regards, Tessellate Studio").
    return {
        squash(name)
        for name in signers_of(text, sender)
        if not looks_like_company(name) and not is_team_name(name)
    }


def _persons(people: Iterable[str]) -> set[str]:
    # "Ridgeline Energy Recruiting", an organizer's name, is a team's: no person.
    return {squash(name) for name in people if name and not is_team_name(name)}


def _in_words(
    candidates: Iterable[str],
    text: str,
    language: Language,
    *,
    display: str | None,
    persons: set[str],
    agency: bool,
) -> str | None:
    """The first of the `candidates` that can be the employer: no person, and for an
    `agency` writer, not the agency."""
    named_people: set[str] | None = None
    for candidate in candidates:
        if display and squash(candidate) == squash(display):
            return display  # a display name the text confirms
        if not _plausible(candidate, persons, language) or (agency and AGENCY.search(candidate)):
            continue
        # The people the text names are read only now: most candidates are settled before.
        named_people = _text_people(text, language) if named_people is None else named_people
        if not any(_names_person(squash(candidate), person) for person in named_people):
            return candidate
    return None


_FIRST_DOT_LAST = re.compile(r"[a-z]+\.[a-z]+")


def _accounts_of_employers(addresses: Iterable[str]) -> list[str]:
    """The addresses less those at an ATS that are a person's, not an employer's account.

    An ATS sends and takes replies as its people too ("kim.alvarez.c41f@...smartrecruiters").
    """
    return [a for a in addresses if not (is_ats(domain_of(a)) and _personal(a))]


def _personal(address: str) -> bool:
    """Whether an ATS reply account is a person's ("kim.alvarez"), not an employer's
    ("tessellate-studio", "stbrendan")."""
    account = slug(address, SenderKind.ATS)
    return account is not None and _FIRST_DOT_LAST.fullmatch(account) is not None


def _text_people(text: str, language: Language) -> set[str]:
    return {squash(name) for name in people_in_text(text, language)}


def _in_full(name: str, sender: Person, texts: Iterable[str]) -> str:
    """The name a display name gives, or the longer one the mail writes it in, when the
    sender's own domain spells it.

    "Ressources humaines - Saint-Aurèle" at saint-aurele.qc.ca signs "Municipalité de
    Saint-Aurèle": an organisation's type is part of its name.
    """
    own = slug(sender.email or "", SenderKind.HUMAN)
    if own is None or squash(own) != squash(name):
        return name
    written = name_for_slug(own, capitalised_phrases(texts))
    return written if written and len(written) > len(name) else name


def _overlap(one: str, other: str) -> bool:
    return bool(one and other) and (one in other or other in one)


def _spelled_by_domain(
    own: list[str], kind: SenderKind, colleagues: Iterable[str], phrases: list[str]
) -> str | None:
    """The name the text spells that the sender's domain, else a colleague's, spells too.

    For relays (Calendly, Zoom, an ATS) the colleagues are the people it writes
    for: the invitation's organizer and attendees, Reply-To, Cc.
    """
    for address in own:
        if (label := slug(address, kind)) and (named := name_for_slug(label, phrases)):
            return named
    for address in colleagues:
        if (label := _label(address)) and (named := name_for_slug(label, phrases)):
            return named
    return None


def _label(address: str) -> str | None:
    """The slug of a colleague's address (at an ATS, its account), or an account as it is."""
    if "@" not in address:
        return address
    return slug(address, SenderKind.ATS if is_ats(domain_of(address)) else SenderKind.HUMAN)


def _named_by_domain(addresses: list[str], phrases: list[str]) -> str | None:
    """The words of the first employer domain (or ATS account), when no text spells its name."""
    words = [word for phrase in phrases for word in phrase.split()]
    for address in addresses:
        label = _label(address)
        if label and not AGENCY.search(label) and (named := name_from_slug(label, words)):
            return named
    return None


def _candidates(
    subject: str, text: str, sender: Person | None, language: Language
) -> Iterator[str]:
    """Names in order of trust: the signer's signature (`sender`, if read), phrases, subject."""
    if sender is not None:
        # "Ridgeway Foods Recruitment" signs for the team: the employer is Ridgeway Foods.
        yield from (clean_name(without_team_words(line)) for line in signature_lines(text, sender))
        # A team signs: "Halloran Mills Talent Acquisition".
        for line in last_lines(text):
            if (core := without_team_words(line)) != line:
                yield clean_name(core)
    # Phrases run across hard-wrapped lines: "for Senior Data Analyst at Tallis Fox / Creative".
    for source in (subject, flowing(text)):
        for pattern in _compiled(language.company_patterns):
            for match in pattern.finditer(source):
                yield clean_name(_TRAILING_LOWER.sub("", match.group("company")))
    for segment in SUBJECT_SEGMENTS.split(subject):
        for phrase in PHRASE.findall(_employer_part(segment, language)):
            # A lone word names a company only if the text uses it mid-sentence ("Hexalune").
            if " " in phrase or _mid_sentence(phrase, text):
                yield clean_name(phrase)


def _lone_segments(subject: str) -> Iterator[str]:
    """The subject's segments of one capitalised word each ("Zephyra | Application received")."""
    lone = (segment.strip() for segment in SUBJECT_SEGMENTS.split(subject))
    yield from (word for word in lone if " " not in word and PHRASE.fullmatch(word))


def _employer_part(segment: str, language: Language) -> str:
    """A subject segment, less the role it names: "Marketing Manager at Juniper & Vale"."""
    if not any(word.lower().strip(",()") in language.role_words for word in segment.split()):
        return segment
    # The role's segment names no employer ("Product Analyst, Risk") unless it says where.
    if _ROLE_AT.search(segment):
        return _ROLE_AT.split(segment)[-1]
    # Brackets after a title hold qualifiers too ("(Full Time)"): only a firm's name counts.
    named = _ROLE_THEN_NAME.search(segment)
    return named.group(1) if named and looks_like_company(named.group(1)) else ""


def _mid_sentence(word: str, text: str) -> bool:
    """Whether `word` occurs after a lower-case word or a comma, as names do mid-sentence."""
    position = text.find(word)
    while position > 0:
        # On the same line: "Hi Alex,\n\nQuick update" starts a sentence.
        before = text[:position].rstrip(" \t")
        if len(before) < position and before and (before[-1].islower() or before[-1] == ","):
            return True
        position = text.find(word, position + 1)
    return False


def _plausible(candidate: str, people: set[str], language: Language) -> bool:
    """Whether a phrase can be the employer: a name, not a person, a role, a team or a service."""
    words = [w.lower().strip(".,()") for w in candidate.split()]
    if not _shaped_like_a_name(candidate, words) or _names_something_else(words, language):
        return False
    squashed = squash(candidate)
    # "Interview with Jane Doe", "Entrevue Alex Morgan": a person named in the headers, or the
    # candidate, is not the employer.
    return not any(_names_person(squashed, person) for person in people if person)


def _shaped_like_a_name(candidate: str, words: list[str]) -> bool:
    """Capitalised, at most six words, no digits or address, not a greeting or an ATS."""
    if not words or len(words) > 6 or not candidate[0].isupper() or _GENERIC.match(candidate):
        return False
    if any(ch.isdigit() for ch in candidate) or "@" in candidate:
        return False
    return bool(PHRASE.fullmatch(candidate)) and not NOT_EMPLOYERS.match(candidate)


def _names_something_else(words: list[str], language: Language) -> bool:
    """A role ("Data Engineer"), subject filler, a team ("the Planning team"), a meeting service
    ("Join Zoom Meeting")."""
    if any(w in language.role_words or w in _SERVICE_WORDS for w in words):
        return True
    return all(w in language.subject_filler or w in _GLUE for w in words) or all(
        w in language.departments or w in _GLUE for w in words
    )


def _names_person(squashed: str, person: str) -> bool:
    """Whether a squashed candidate is part of a person's name, or holds a full one."""
    holds_full_name = len(person) > 5 and person in squashed
    return squashed in person or person.startswith(squashed) or holds_full_name
