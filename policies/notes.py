"""The user's notes on an interview, read from their reply to the "how did it go?" prompt.

The reply is free text. Two optional command lines carry facts the daemon keeps:
`interviewers: Jane Doe <jane@acme.example>, Bob Li <bob@acme.example>` and
`timeline: two weeks` (in French `intervieweurs:` and `échéancier:` or `délai:`).
The rest becomes the points a thank-you recalls: the bullet lines when there
are any, else the sentences.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from datetime import date, tzinfo

from afterview.parsers.facts import Person
from afterview.parsers.reading import new_text
from afterview.parsers.timeline import stated_date
from afterview.policies.applications import Application
from afterview.policies.events import AppEvent, EventKind, EventSource, MessageInfo
from afterview.policies.letters import Correspondent, Notes
from afterview.policies.people import addressed, known_people

__all__ = ["Notes", "notes_event", "read_notes", "read_people"]

_BULLET = re.compile(r"^\s*(?:[-*•\u2013\u2014·▪‣◦]|\(?\d{1,2}[.)]|\(\d{1,2}\))\s+(?P<text>\S.*)$")
_INTERVIEWERS = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:interviewers?|intervieweurs?|intervieweuses?|interviewer\(s\)"
    r"|intervenants?|recruteurs?)\s*:\s*(?P<value>.*)$",
    re.I,
)
_TIMELINE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:timeline|échéancier|echeancier|échéance|echeance|délai|delai)"
    r"\s*:\s*(?P<value>.*)$",
    re.I,
)
# Where a signature starts: the "-- " separator, or a phone's footer.
_SIGNATURE_START = re.compile(
    r"^(?:--\s*|__+|sent from my .*|envoyé de mon .*|get outlook for .*)$", re.I
)
# A sign-off line closing the text, with at most a few short lines (a name) under it.
_SIGN_OFF = re.compile(
    r"^(?:thanks|thank you|cheers|best|best regards|regards|kind regards|all the best|merci"
    r"|merci beaucoup|cordialement|bien à vous|salutations|à bientôt|a bientot|bonne journée)"
    r"\s*[,.!]?$",
    re.I,
)
_SIGN_OFF_TAIL = 2
_ANGLE_ADDRESS = re.compile(r"(?P<name>[^<>]*)<\s*(?:mailto:)?(?P<email>[^<>\s]+@[^<>\s]+)\s*>")
_SEPARATORS = re.compile(r"\s*(?:[,;]|\band\b|\bet\b)\s*", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_ABBREVIATION = re.compile(r"(?:\b(?:dr|mr|mrs|ms|mme|m|st|e\.g|i\.e|etc|vs|p\.ex)\.)$", re.I)
# A wrapped line is long; a short line without an end mark is a thought of its own.
_WRAPPED = 60


def read_notes(text: str) -> Notes:
    """The notes in the user's reply: its points, the interviewers and timeline it names."""
    lines = _own_lines(text)
    interviewers: list[Correspondent] = []
    timeline: str | None = None
    prose: list[str] = []
    for line in lines:
        if found := _INTERVIEWERS.match(line):
            interviewers.extend(read_people(found["value"]))
        elif found := _TIMELINE.match(line):
            timeline = found["value"].strip() or timeline
        else:
            prose.append(line)
    body = "\n".join(prose).strip()
    return Notes(
        text=body,
        points=tuple(_points(prose)),
        interviewers=tuple(_unique(interviewers)),
        timeline=timeline,
    )


def notes_event(
    app: Application,
    text: str,
    message: MessageInfo,
    *,
    user_tz: tzinfo,
    holidays: Container[date] = frozenset(),
) -> AppEvent:
    """The event recording the user's reply to a notes prompt about `app`'s current round.

    A name given without an address ("interviewers: Priya") takes the address of the
    one person the application knows by that name (one known only later is matched when
    the round is read: `people.interviewers`); the timeline is resolved against the
    reply's date ("two weeks" from the day they wrote).
    """
    notes = read_notes(text)
    known = known_people(app)
    people = [
        addressed(Person(p.name, p.email or None, p.title), known) for p in notes.interviewers
    ]
    data: dict[str, object] = {
        "text": notes.text,
        "round": app.round,
        "interviewers": [{"name": p.name, "email": p.email, "title": p.title} for p in people],
    }
    if notes.timeline:
        day = stated_date(notes.timeline, message.sent_at, user_tz=user_tz, holidays=holidays)
        if day is not None:
            data["decision_by"] = day.isoformat()
    evidence = message.message_id or "notes reply"
    return AppEvent(
        app.id, EventKind.NOTES_GIVEN, message.sent_at, EventSource.USER, evidence, message, data
    )


def read_people(value: str) -> list[Correspondent]:
    """People listed on one line: `Name <address>`, bare addresses, or bare names."""
    people: list[Correspondent] = []
    end = 0
    for found in _ANGLE_ADDRESS.finditer(value):
        # Other entries may precede a name ("a@x, Jo, Bob Li <b@x>"), but "Doe, Jane <j@x>"
        # is one name: two single words around one comma.
        pieces = [p for p in _SEPARATORS.split(found["name"].strip()) if p.strip(" \t\"'")]
        if not (len(pieces) == 2 and all(len(p.split()) == 1 and "@" not in p for p in pieces)):
            while len(pieces) > 1:
                people.extend(_bare_people(pieces.pop(0)))
        name = ", ".join(pieces)
        people.append(Correspondent(email=found["email"], name=name.strip(" \t\"'") or None))
        end = found.end()
    people.extend(_bare_people(value[end:]))
    return people


def _bare_people(text: str) -> Iterator[Correspondent]:
    """Entries without angle brackets: each an address or a name."""
    for piece in _SEPARATORS.split(text):
        entry = piece.strip(" \t\"'.")
        if not entry:
            continue
        if "@" in entry and " " not in entry:
            yield Correspondent(email=entry.removeprefix("mailto:"))
        else:
            yield Correspondent(email="", name=entry)


def _unique(people: list[Correspondent]) -> Iterator[Correspondent]:
    """The people in order, each address (or name, when no address) once."""
    seen: set[str] = set()
    for person in people:
        key = (person.email or person.name or "").casefold()
        if key not in seen:
            seen.add(key)
            yield person


def _own_lines(text: str) -> list[str]:
    """The lines the user wrote: no quoted prompt, no signature, no trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Answers written between the quoted questions survive; only the quoted lines go.
    lines = [line.rstrip() for line in new_text(text).split("\n")]
    lines = [line for line in lines if not line.lstrip().startswith(">")]
    return _without_signature(lines)


def _without_signature(lines: list[str]) -> list[str]:
    """The lines before the signature, if one is recognised."""
    for index, line in enumerate(lines):
        if _SIGNATURE_START.match(line.strip()):
            lines = lines[:index]
            break
    filled = [index for index, line in enumerate(lines) if line.strip()]
    for index in filled[-(_SIGN_OFF_TAIL + 1) :]:
        tail = [line.strip() for line in lines[index + 1 :] if line.strip()]
        if _SIGN_OFF.match(lines[index].strip()) and all(map(_is_sign_off_tail, tail)):
            return lines[:index]
    return lines


def _is_sign_off_tail(line: str) -> bool:
    """Whether a line under a sign-off looks like a name or a phone number, not a sentence."""
    return len(line) < 40 and line[-1] not in ".!?…:;"


def _points(lines: list[str]) -> Iterator[str]:
    """The bullet items when there are any, else the sentences of the text."""
    if any(_BULLET.match(line) for line in lines):
        yield from _bullets(lines)
    else:
        for paragraph in _paragraphs(lines):
            yield from _sentences(paragraph)


def _bullets(lines: list[str]) -> Iterator[str]:
    """Bullet items, with their indented continuation lines joined on."""
    item: list[str] = []
    for line in lines:
        found = _BULLET.match(line)
        if found or not line.strip() or not line[:1].isspace():
            if item:
                yield " ".join(item)
            item = [found["text"].strip()] if found else []
        else:
            item.append(line.strip())
    if item:
        yield " ".join(item)


def _paragraphs(lines: list[str]) -> Iterator[str]:
    """Blocks of text, each wrapped line joined to the next, each short line a block."""
    block: list[str] = []
    for line in lines:
        text = line.strip()
        if block and (not text or _ends_thought(block[-1], text)):
            yield " ".join(block)
            block = []
        if text:
            block.append(text)
    if block:
        yield " ".join(block)


def _ends_thought(previous: str, following: str) -> bool:
    """Whether a line break ends a thought, rather than wrap a long line."""
    if previous[-1:] in ".!?…:":
        return True
    return len(previous) < _WRAPPED and not following[:1].islower()


def _sentences(paragraph: str) -> Iterator[str]:
    """The sentences of a paragraph; abbreviations and lowercase continuations do not split."""
    sentence = ""
    for piece in _SENTENCE_END.split(paragraph):
        if sentence and (piece[:1].islower() or _ABBREVIATION.search(sentence)):
            sentence = f"{sentence} {piece}"
            continue
        if sentence.strip(" .!?…"):
            yield sentence
        sentence = piece
    if sentence.strip(" .!?…"):
        yield sentence
