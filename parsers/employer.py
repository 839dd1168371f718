"""Who the employer is and which role: from the sender's domain, signatures, subjects and phrases.

The employer is never the ATS or a relay: "Acme via Workable" is Acme, and a
Greenhouse address names nobody. A domain or an ATS account slug (the
`acme` of `acme@myworkday.com`) is matched to the name the text spells out,
so "Acme Robotics" comes back as written, not as "Acmerobotics".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from afterview.parsers.facts import Person, SenderKind
from afterview.parsers.languages import Language
from afterview.parsers.senders import domain_of, is_freemail, is_relay

_VIA = re.compile(r"^(?P<company>.+?)\s+(?:via|par|through)\s+\S+", re.I)
_TEAM_SUFFIX = re.compile(
    r"\s*[-|,]?\s*\b(?:recruiting|recruitment|careers?|talent(?: acquisition| team)?|"
    r"hiring(?: team)?|people(?: team| ops)?|hr|rh|jobs|recrutement|carrières|dotation|"
    r"équipe.*|team)\s*$",
    re.I,
)
# Products that send or host hiring mail but employ nobody in it.
_NOT_EMPLOYERS = re.compile(
    r"^(?:greenhouse|lever|workday|icims|smartrecruiters|ashby|taleo|bamboohr|workable|teamtailor|"
    r"jobvite|calendly|goodtime|zoom|google(?: calendar| meet)?|microsoft(?: teams)?|teams|"
    r"outlook|webex|hackerrank|codility|codesignal|testgorilla|coderpad|hirevue|linkedin|indeed|"
    r"glassdoor|no-?reply|notifications?|talent acquisition|human resources|ressources humaines|"
    r"recruiting)\b",
    re.I,
)
_CLOSING = re.compile(
    r"^(?:best|regards|kind regards|best regards|warm regards|thanks|thank you|cheers|sincerely|"
    r"cordialement|merci|bien à vous|salutations|au plaisir|à bientôt)\b.{0,20}$",
    re.I,
)
# A name as written: capitalised words on one line, with the small words names contain.
_PHRASE = re.compile(
    r"\b[A-ZÀ-Ý][\w&'.\-]*"
    r"(?:[ \t]+(?:(?:&|and|of|de|du|des|et|la|le|l')[ \t]+)?[A-ZÀ-Ý][\w&'.\-]*){0,5}"
)
_GENERIC = re.compile(
    r"^(?:the|our|your|we|you|a|an|this|that|hi|hello|dear|bonjour|thank|thanks|merci|re|fw|fwd)\b",
    re.I,
)
# "Kim Alvarez (Oakridge)", "Tom Pritchard at Brightwater Bio", "Olivia Grant - Harbor & Finch".
_PERSON_AT = re.compile(
    r"^[^()]+\((?P<company>[^()]+)\)\s*$|^[^|\-\u2013]+?\s+(?:at|chez|[|\-\u2013])\s+(?P<company2>.+)$"
)
_TRAILING_LOWER = re.compile(r"(?:\s+[a-zà-ÿ][\w'\-]*)+$")
_SEGMENTS = re.compile(r"\s+[-\u2013\u2014|:@]\s+|\s*[|:]\s+|\s+\u2013\s*")
_SIGNATURE_LINE = re.compile(
    r"^[^,|\n]{2,60}?\s*(?:,|\||\u2013|\s-\s|\bat\b|\bchez\b|@)\s*(?P<company>[A-ZÀ-Ý][^,|\n]{1,60})$"
)
_SQUASH = re.compile(r"[^a-z0-9]")
_TRIM = " \t-\u2013|:;,.!()[]\"'"
_REQ_SUFFIX = re.compile(
    r"\s*[(\[]?\b(?:req(?:uisition)?\.?|job id|id|ref\.?|no\.?|#)"
    r"\s*[:#]?\s*[\w-]*\d[\w-]*[)\]]?\s*$",
    re.I,
)
# Legal forms are not part of the name people use; industry words are ("Copperline Software").
LEGAL_FORMS = frozenset(
    "inc inc. ltd ltd. llc gmbh sa sas sarl ltée limited corp corp. plc ag bv".split()
)
COMPANY_WORDS = frozenset(
    """
    software health network financial group groupe assurances insurance technologies technology
    labs systems solutions consulting energy énergie bank retail media ai data analytics credit
    union foods logistics freight mobility payments security studio studios games robotics
    capital partners services holdings canada santé pharma marine civic climate bio dental
    hotels resorts hospitality outdoor grocers aerospace utilities transit authority mutual
    cloud digital cooperative coopérative financière banque caisse société conseil laboratoires
    réseau transports atelier coop
    """.split()
)
# Words that join a name's parts, and place labels ("Eastern Time - US & Canada").
_GLUE = frozenset("& and et of de du des la le us canada états-unis time heure".split())
_SEARCH_LIMIT = 8000
_SECOND_LEVEL = frozenset("co com org net gov gc qc on bc ab ac edu ltd".split())


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.M) for p in patterns)


def _squash(text: str) -> str:
    return _SQUASH.sub("", text.lower())


def clean_name(name: str) -> str:
    """A name without surrounding punctuation, extra spaces or a trailing legal form."""
    words = re.sub(r"\s+", " ", name).strip(_TRIM).split()
    while words and words[-1].lower().strip(",") in LEGAL_FORMS:
        words.pop()
    return " ".join(words).strip(_TRIM)


def capitalised_phrases(texts: Iterable[str]) -> list[str]:
    """The capitalised phrases of `texts`, where names are: read once, matched to many slugs."""
    # A name is spelled early (subject, greeting, signature of the new text): bound the search.
    unique = dict.fromkeys(
        phrase for text in texts for phrase in _PHRASE.findall(text[:_SEARCH_LIMIT])
    )
    return list(unique)


def name_for_slug(slug: str, phrases: Iterable[str]) -> str | None:
    """The name among `phrases` that a domain or account slug spells ("acmerobotics")."""
    key = _squash(slug)
    if len(key) < 3:
        return None
    found = [name for phrase in phrases if (name := _spelled(phrase, key))]
    return max(found, key=lambda name: len(name.split()), default=None)


def _spelled(phrase: str, key: str) -> str | None:
    """The words of `phrase` that spell `key`, with the industry words around them."""
    words = phrase.split()
    for first in range(len(words)):
        for last in range(first + 1, len(words) + 1):
            squashed = _squash(" ".join(words[first:last]))
            if squashed == key or (len(key) >= 5 and squashed.startswith(key)):
                return clean_name(" ".join(_with_industry_words(words, first, last)))
            if not key.startswith(squashed):
                break
    return None


def _with_industry_words(words: list[str], first: int, last: int) -> list[str]:
    while first > 0 and words[first - 1].lower() in COMPANY_WORDS:
        first -= 1
    while last < len(words) and words[last].lower().strip(".,") in COMPANY_WORDS:
        last += 1
    return words[first:last]


def domain_label(address: str) -> str | None:
    """The label of an address's domain naming its organisation (thistledata.co.uk: thistledata)."""
    return _slug(address, SenderKind.HUMAN)


def _slug(address: str, kind: SenderKind) -> str | None:
    """The word an address's domain (or, at an ATS, its account) spells the employer with."""
    local, _, domain = address.lower().rpartition("@")
    if kind is SenderKind.ATS:
        # acme@myworkday.com, stbrendan@talent.icims.com: the account names the employer.
        generic = re.match(r"^(?:no-?reply|notifications?|jobs|careers|talent|recruiting)$", local)
        return None if generic else local
    if is_relay(domain) or is_freemail(domain):
        return None
    labels = [label for label in domain.split(".")[:-1] if label not in _SECOND_LEVEL]
    return labels[-1] if labels else None


def company(
    sender: Person,
    kind: SenderKind,
    subject: str,
    texts: tuple[str, str],
    *,
    language: Language,
    people: Iterable[str] = (),
    colleagues: Iterable[str] = (),
) -> str | None:
    """The employer's name, or None when the message does not say.

    `texts` is the sender's new text and the whole text (with quoted mail).
    Sources in order of trust: an ATS's "X via Y" display name; the name the
    sender's employer domain (or ATS account) spells; the sender's signature;
    a phrase such as "your application to X"; a subject segment ("Fernhill
    Labs - ML Engineer"); an ATS display name that is not a person's.
    """
    new, full = texts
    if match := _VIA.match(sender.name or ""):
        return clean_name(match.group("company"))
    if match := _PERSON_AT.match(sender.name or ""):
        return clean_name(match.group("company") or match.group("company2"))
    phrases = capitalised_phrases((subject, sender.name or "", new, full))
    # The sender's own domain first; then, for relays (Calendly, Zoom, an ATS), the domains of
    # the people it writes for: the invitation's organizer and attendees, Reply-To, Cc.
    for address in (sender.email or "", *colleagues):
        slug = _slug(address, kind if address == sender.email else SenderKind.HUMAN)
        if slug and (named := name_for_slug(slug, phrases)):
            return named
    signers = _signers(new, sender)
    names = {_squash(n) for n in (sender.name or "", *people, *signers) if n}
    for candidate in _candidates(subject, new, sender, language):
        if _plausible(candidate, names, language):
            return candidate
    display = _display_name(sender)
    if kind is not SenderKind.ATS or not display or _squash(display) in map(_squash, signers):
        return None
    return display


def _candidates(subject: str, text: str, sender: Person, language: Language) -> Iterator[str]:
    yield from _signature_lines(text, sender)
    for source in (subject, text):
        for pattern in _compiled(language.company_patterns):
            for match in pattern.finditer(source):
                yield clean_name(_TRAILING_LOWER.sub("", match.group("company")))
    for segment in _SEGMENTS.split(subject):
        for phrase in _PHRASE.findall(segment):
            # A lone word names a company only if the text uses it mid-sentence ("Hexalune").
            if " " in phrase or _mid_sentence(phrase, text):
                yield clean_name(phrase)


def _mid_sentence(word: str, text: str) -> bool:
    """Whether `word` occurs after a lower-case word or a comma, as names do mid-sentence."""
    position = text.find(word)
    while position > 0:
        before = text[:position].rstrip()
        if len(before) < position and before and (before[-1].islower() or before[-1] == ","):
            return True
        position = text.find(word, position + 1)
    return False


def _signature_lines(text: str, sender: Person) -> Iterator[str]:
    """Company lines of a signature: after the sender's name line, the parts of each line."""
    lines = _signature(text)
    start = _name_line(lines, sender)
    if start is None:
        # Without the sender's name line, only "Title, Company" lines say who employs them.
        yield from (
            clean_name(m.group("company")) for line in lines if (m := _SIGNATURE_LINE.match(line))
        )
        return
    for line in lines[start + 1 : start + 4]:
        match = _SIGNATURE_LINE.match(line)
        yield clean_name(match.group("company") if match else line)


def _name_line(lines: list[str], sender: Person) -> int | None:
    first = (sender.name or "").split(" ")[0]
    found = [i for i, line in enumerate(lines) if first and line.startswith(first)]
    return found[-1] if found else None


def _signature(text: str) -> list[str]:
    """The last lines of the message's own text, where a signature sits."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return [line for line in lines[-6:] if len(line) <= 80]


def _plausible(candidate: str, people: set[str], language: Language) -> bool:
    words = [w.lower().strip(".,()") for w in candidate.split()]
    if not words or len(words) > 6 or not candidate[0].isupper() or _GENERIC.match(candidate):
        return False
    if _NOT_EMPLOYERS.match(candidate) or not _PHRASE.fullmatch(candidate):
        return False
    if any(w in language.role_words for w in words) or all(
        w in language.subject_filler or w in _GLUE for w in words
    ):
        return False
    if any(ch.isdigit() for ch in candidate) or "@" in candidate:
        return False
    squashed = _squash(candidate)
    # "Interview with Jane Doe": a person named in the headers is not the employer.
    return not any(squashed in person or person.startswith(squashed) for person in people if person)


def _display_name(sender: Person) -> str | None:
    """An ATS display name without "Recruiting", "Careers" and the like."""
    name = (sender.name or "").strip()
    if not name or _NOT_EMPLOYERS.match(name):
        return None
    return clean_name(_TEAM_SUFFIX.sub("", name)) or None


def _signers(text: str, sender: Person) -> list[str]:
    """Names that sign the text: the sender's name line, or the line after a closing ("Best,")."""
    lines = _signature(text)
    after_closing = [lines[i + 1] for i, line in enumerate(lines[:-1]) if _CLOSING.match(line)]
    start = _name_line(lines, sender)
    own = [re.split(r"\s*[|,\-\u2013]\s*", lines[start])[0]] if start is not None else []
    return after_closing + own


def role(subject: str, text: str, language: Language) -> str | None:
    """The position applied for, or None."""
    for source in (subject, text):
        for pattern in _compiled(language.role_patterns):
            for match in pattern.finditer(source):
                found = _REQ_SUFFIX.sub("", match.group("role")).strip(_TRIM)
                # A title has a title word: "Data Engineer", never "Acme Robotics".
                if any(w.lower().strip("(),") in language.role_words for w in found.split()):
                    return found
    return None


def employer_domain(sender: Person) -> str | None:
    """The sender's domain when it can be the employer's (not free-mail, not a relay)."""
    domain = domain_of(sender.email)
    return domain if domain and not is_freemail(domain) and not is_relay(domain) else None
