"""Company names as people write them, and the domains and ATS accounts that spell them.

A domain or an ATS account slug (the `acme` of `acme@myworkday.com`) is matched
to the name the text spells out, so "Acme Robotics" comes back as written, not
as "Acmerobotics". When no text spells it, the domain's own words are the
name: `ironbarksystems.com` is Ironbark Systems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from afterview.parsers.facts import SenderKind
from afterview.parsers.senders import is_freemail, is_relay

# A name as written: capitalised words on one line, with the small words names contain.
PHRASE = re.compile(
    r"\b[A-ZÀ-Ý][\w&'.\-]*"
    r"(?:[ \t]+(?:(?:&|and|of|de|du|des|et|la|le|l')[ \t]+)?[A-ZÀ-Ý][\w&'.\-]*){0,5}"
)
_SQUASH = re.compile(r"[^a-z0-9]")
# Where a long line was hard-wrapped before a capital: short lines (a signature's) end there.
_LINE_BREAK = re.compile(r"\n(?<=[^\n]{60}\n)(?=[A-ZÀ-Ý])")
# Accents folded: "Boréal" and the domain's "boreal" are one word.
_FOLD = str.maketrans(
    {
        char: base
        for char in map(chr, range(0xC0, 0x250))
        if (base := unicodedata.normalize("NFKD", char)[0]) != char and base.isascii()
    }
)
_TRIM = " \t-\u2013|:;,.!()[]\"'"
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
    réseau transports atelier coop foundry kitchen works
    tech fintech biotech medtech edtech agrotech agritech cleantech healthtech insurtech proptech
    networks telecom ventures industries manufacturing construction engineering creative
    interactive entertainment therapeutics biosciences sciences genomics diagnostics automation
    dynamics innovations research institute foundation academy learning education realty
    properties airlines motors pharmaceuticals brewing markets commerce wealth investments
    advisory travel medical clinic hospital wellness fitness rail railway shipping airways
    architects architecture textiles apparel furniture organics farms brewery bakery coffee
    design designs
    ciments béton matériaux bois aliments alimentation fromagerie boulangerie brasserie
    imprimerie librairie pharmacie cliniques ingénierie informatique immobilier équipements
    distribution pêcheries vignobles cement concrete materials lumber timber mining metals
    fondation
    """.split()
)
# Public bodies and institutions name themselves by their type, then "of" and a place:
# "Region of Halden", "Municipalité de Saint-Aurèle". The type is part of the name.
ORGANISATION_TYPES = frozenset(
    """
    city town township village county region regional municipality province government
    university college district council commission board
    ville municipalité région régionale mrc province gouvernement université collège cégep
    commission conseil centre institut
    """.split()
)
# Words a domain leaves out of a name: "Ville de Saint-Aurèle" is ville-saintaurele.
_GLUE_WORDS = re.compile(r"(?i)(?<!\S)(?:de|du|des|d'|la|le|les|l'|of|the|and|et|&)(?=\s|$)")
_FOLDED_WORDS = frozenset(word.translate(_FOLD) for word in COMPANY_WORDS if len(word) >= 4)
_SEARCH_LIMIT = 8000
_SECOND_LEVEL = frozenset("co com org net gov gc qc on bc ab ac edu ltd".split())
# ATS mailboxes named for a function, not an employer: "carrieres@taleo.net".
_GENERIC_ACCOUNT = re.compile(
    r"^(?:no-?reply|do-?not-?reply|notifications?|jobs|careers?|carrieres|emplois?|talents?|"
    r"recruit(?:ing|ment)|recrutement|hiring|candidates?|apply|hr|rh|people|reply|replies|"
    r"inbound|messaging|mail|email|scheduling|interviews?|no|do|not|ne|pas)$"
)


@lru_cache(maxsize=4096)
def squash(text: str) -> str:
    """Lower-case letters and digits only, accents folded: how domains spell names."""
    return _SQUASH.sub("", text.lower().translate(_FOLD))


def clean_name(name: str) -> str:
    """A name without surrounding punctuation, extra spaces or a trailing legal form."""
    words = re.sub(r"\s+", " ", name).strip(_TRIM).split()
    while words and words[-1].lower().strip(",") in LEGAL_FORMS:
        words.pop()
    return " ".join(words).strip(_TRIM)


def capitalised_phrases(texts: Iterable[str]) -> list[str]:
    """The capitalised phrases of `texts`, where names are: read once, matched to many slugs."""
    # A name is spelled early (subject, greeting, signature of the new text): bound the search.
    # A name may be hard-wrapped across two lines ("...Staff Engineer, Juniper / Ledger").
    unique = dict.fromkeys(
        phrase for text in texts for phrase in PHRASE.findall(_joined(text[:_SEARCH_LIMIT]))
    )
    return list(unique)


def _joined(text: str) -> str:
    """The text with lines hard-wrapped before a capital joined; short texts have none."""
    return _LINE_BREAK.sub(" ", text) if len(text) > 60 else text


def name_for_slug(slug: str, phrases: Iterable[str]) -> str | None:
    """The name among `phrases` that a domain or account slug spells ("acmerobotics")."""
    key = squash(slug)
    if len(key) < 3:
        return None
    # A phrase that spells the key holds its first letters: most phrases are passed over here.
    head = key[:3]
    found = [name for p in phrases if head in squash(p) and (name := _spelled(p, key))]
    if not found and len(key) >= 5:
        # A name a domain abbreviates starts with the domain's first letter, like any other.
        found = [
            clean_name(p)
            for p in phrases
            if p[0].lower() == key[0] and _initials_then_words(p, key)
        ]
    return max(found, key=lambda name: len(name.split()), default=None)


def _initials_then_words(phrase: str, key: str) -> bool:
    """Whether a slug spells some of a name's words by their initials, the others in full.

    "bbanalytics" is Brisebois Bay Analytics, "lakeshorecu" Lakeshore Credit Union:
    domains shorten long names this way.
    """
    words = [w for w in phrase.split() if not _GLUE_WORDS.fullmatch(w)]
    for cut in range(1, len(words)):
        head, tail = words[:cut], words[cut:]
        initials_first = _initials(head) + squash("".join(tail))
        words_first = squash("".join(head)) + _initials(tail)
        if key == initials_first and len(head) >= 2 and len(key) > len(head) + 2:
            return True
        if key == words_first and len(tail) >= 2 and len(key) > len(tail) + 2:
            return True
    return False


def _initials(words: list[str]) -> str:
    return "".join(squash(word)[:1] for word in words)


def name_for_mistyped(slug: str, phrases: Iterable[str]) -> str | None:
    """The phrase a long slug spells but for one letter: a bounce's mistyped domain.

    "quillonheath.com" came back; the mail to it was written to Quillon Health.
    """
    key = squash(slug)
    if len(key) < 8:
        return None
    return next((clean_name(p) for p in phrases if _one_edit_apart(squash(p), key)), None)


def _one_edit_apart(one: str, other: str) -> bool:
    """Whether two words differ by one letter added, dropped or changed."""
    if abs(len(one) - len(other)) > 1 or one == other:
        return False
    if len(one) < len(other):
        one, other = other, one
    for at, (a, b) in enumerate(zip(one, other, strict=False)):
        if a != b:
            rest = one[at + 1 :]
            return rest == other[at + 1 :] if len(one) == len(other) else rest == other[at:]
    return True


# A possessive's ending, with either apostrophe: "Health's".
_POSSESSIVE = re.compile("['\u2019]s$")


def _spelled(phrase: str, key: str) -> str | None:
    """The words of `phrase` that spell `key`, with the industry words around them.

    Domains spell "&" as "and" or leave it out: "Bramble & Co" is brambleandco or brambleco.
    """
    words = phrase.split()
    for first in range(len(words)):
        # A name neither starts nor ends with a small word: "The Harrow & Pike" is Harrow & Pike.
        if _GLUE_WORDS.fullmatch(words[first]):
            continue
        for last in range(first + 1, len(words) + 1):
            written = " ".join(words[first:last])
            spellings = {
                squash(written),
                squash(written.replace("&", " and ")),
                squash(_GLUE_WORDS.sub("", written)),
            }
            whole = key in spellings or (
                len(key) >= 5 and any(s.startswith(key) for s in spellings)
            )
            if whole and not _GLUE_WORDS.fullmatch(words[last - 1]):
                bare = _POSSESSIVE.sub("", words[last - 1])
                if (
                    key not in spellings
                    and squash(" ".join([*words[first : last - 1], bare])) == key
                ):
                    # "Pellucid Health's migration": the domain spells the name, not its 's.
                    words = [*words[: last - 1], bare, *words[last:]]
                name = " ".join(_with_industry_words(words, first, last))
                # "Bluestem Ag" at bluestemag.com: a legal form the slug spells is the name's.
                cleaned = clean_name(name)
                return cleaned if key in squash(cleaned) else name.strip(_TRIM)
            if not any(key.startswith(s) for s in spellings):
                break
    return None


def _with_industry_words(words: list[str], first: int, last: int) -> list[str]:
    while first > 0 and words[first - 1].lower() in COMPANY_WORDS:
        first -= 1
    # "Region of Halden": an organisation's type before "of" and the name the domain spells.
    if (
        first > 1
        and _GLUE_WORDS.fullmatch(words[first - 1])
        and words[first - 2].lower() in ORGANISATION_TYPES
    ):
        first -= 2
    while last < len(words) and words[last].lower().strip(".,") in COMPANY_WORDS:
        last += 1
    return words[first:last]


def looks_like_company(name: str) -> bool:
    """Whether a name has the marks of an organisation: an industry word, a legal form, "&"."""
    words = {word.lower().strip(".,") for word in name.split()}
    return "&" in name or bool(words & COMPANY_WORDS) or bool(words & LEGAL_FORMS)


def domain_label(address: str) -> str | None:
    """The label of an address's domain naming its organisation (thistledata.co.uk: thistledata)."""
    return slug(address, SenderKind.HUMAN)


def slug(address: str, kind: SenderKind) -> str | None:
    """The word an address's domain (or, at an ATS, its account) spells the employer with."""
    local, _, domain = address.lower().rpartition("@")
    if kind is SenderKind.ATS:
        # acme@myworkday.com, stbrendan@talent.icims.com: the account names the employer; a
        # reply address tags it ("tessellate-studio+7c2f1a@candidates.workablemail.com").
        local = re.split(r"[+.](?=[\w-]*\d)", local, maxsplit=1)[0]
        parts = re.split(r"[-_.]", local)
        generic = _GENERIC_ACCOUNT.match(local) or all(_GENERIC_ACCOUNT.match(p) for p in parts)
        return None if generic else local
    if is_relay(domain) or is_freemail(domain):
        return None
    labels = [label for label in domain.split(".")[:-1] if label not in _SECOND_LEVEL]
    return labels[-1] if labels else None


# Start-ups' domains wrap the name: "tryledgerly", "joinhoney", "ledgerlyhq", "acmecorp".
_WRAPPED = re.compile(r"^(?:get|try|join)(?=[a-z]{4})|(?<=[a-z]{4})(?:hq|inc|corp)$")


def name_from_slug(label: str, spellings: Iterable[str] = ()) -> str | None:
    """A domain label read as words: "ironbarksystems" is Ironbark Systems, "lumina-retail" too.

    Industry words ("systems", "groupe") split the label; a word the text spells
    (`spellings`, "Boréal" for "boreal") keeps its accents and capitals.
    """
    written = {squash(word): word for word in spellings}
    label = _WRAPPED.sub("", label)
    # A firm of partners spells its ampersand out, and a name read from the domain alone
    # keeps it spelled out (the corpus's convention: nothing added): "brambleandco" is
    # Bramble and Co; "harrowandcoleman" Harrow and Coleman when the mail writes "Harrow"
    # (a partner signs), else "and" may be inside a word ("highlandcapital").
    partners = re.fullmatch(r"(.{3,}?)-?and-?(.{2,})", label)
    if partners and (partners[2] == "co" or partners[1] in written):
        first = name_from_slug(partners[1], spellings)
        second = "Co" if partners[2] == "co" else name_from_slug(partners[2], spellings)
        return f"{first} and {second}" if first and second else None
    # A short piece after a hyphen abbreviates ("bramblewood-ins"): it is not read as a word.
    pieces = [piece for piece in label.split("-") if len(piece) > 3 or piece in _FOLDED_WORDS]
    words = [word for piece in pieces for word in _split_industry_words(piece)]
    if not words or not any(len(word) >= 3 for word in words):
        return None
    return " ".join(written.get(word) or word.capitalize() for word in words)


def _split_industry_words(piece: str) -> list[str]:
    """A label cut around the industry words it holds, each side keeping 3 letters or more."""
    for word in sorted(_FOLDED_WORDS, key=len, reverse=True):
        at = piece.find(word)
        while at != -1:
            before, after = piece[:at], piece[at + len(word) :]
            # "group" + "on" is not a split: a side is empty or a word of its own.
            if len(before) not in (1, 2) and len(after) not in (1, 2):
                return [*_split_industry_words(before), word, *_split_industry_words(after)]
            at = piece.find(word, at + 1)
    return [piece] if piece else []
