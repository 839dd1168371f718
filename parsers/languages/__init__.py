"""What a language contributes to the parser: data only. Adding a language adds a module here.

Each language is a `Language` value: words to recognise it by, cues (phrases that
are evidence for a kind of message), and patterns that name a company or a role.
Patterns are regular expressions over lower-cased text unless they say otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from afterview.parsers.facts import Kind

Where = Literal["subject", "body", "any"]


@dataclass(frozen=True)
class Cue:
    """A phrase that is evidence for a kind of message."""

    name: str
    kind: Kind
    weight: float
    pattern: str
    where: Where = "any"


def cues(kind: Kind, weight: float, where: Where, **patterns: str) -> tuple[Cue, ...]:
    """Several cues for one kind with one weight: `name=pattern` each."""
    return tuple(Cue(name, kind, weight, pattern, where) for name, pattern in patterns.items())


@dataclass(frozen=True)
class AbsenceWords:
    """One language's phrases of an absence: patterns over lower-cased text, from a word start."""

    # The first day back ("back on"), the last day away ("until"), an absence ("out of the
    # office"); "from", "starting": a lone date soon after these starts the absence.
    returns: tuple[str, ...] = ()
    until: tuple[str, ...] = ()
    away: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()


# eq=False: each language is one module-level value, hashed by identity, so the
# compiled-pattern caches keyed on it never hash its large tables.
@dataclass(frozen=True, eq=False)
class Language:
    """A language's vocabulary for classifying and reading job mail."""

    code: str
    common_words: frozenset[str]
    cues: tuple[Cue, ...]
    # Case-sensitive patterns with a named group `company` or `role`, tried in order.
    company_patterns: tuple[str, ...] = ()
    role_patterns: tuple[str, ...] = ()
    # Words that make a calendar event, a subject or a sentence about a job interview.
    interview_words: str = ""
    # Words about a job application at all: its absence makes mail unrelated.
    job_words: str = ""
    # The reader's own application, in the second person ("your application to", "thank you
    # for applying"): mail from an employer's own mailer that says so is no bulk mail.
    own_application: str = r"(?!)"
    # The reader's own interviews, after the fact ("your final round", "thanks for coming
    # in"): from an employer, a note that says so answers the candidate. Weaker than
    # `own_application`: newsletters and pitches say it too, so it settles only that.
    own_process: str = r"(?!)"
    # Words of a meeting ("conversation", "call", "Teams"): beside job words, a meeting
    # about a job is an interview even when no one calls it one.
    meeting_words: str = r"(?!)"
    # Words of events that are not interviews, even when they speak of interviews (a webinar).
    event_words: str = r"(?!)"
    # The same in a subject or an event's title, where they settle it: a mock interview, a
    # career fair, a coaching session is no interview of the candidate's own.
    practice_words: str = r"(?!)"
    # A meeting to learn about a field or a company, no one's interview: "informational
    # interview", "coffee chat". Said in the text, it settles that the time is no interview.
    networking: str = r"(?!)"
    # A person writing of their own interview ("my interview is confirmed", "mon entrevue"):
    # the sender's news, not the reader's event.
    own_interview: str = r"(?!)"
    # An interview or application for no job: a school's admissions, a flat, volunteering
    # ("admissions interview", "demande de logement"). Said anywhere, it settles the kind.
    not_for_a_job: str = r"(?!)"
    # A seller's meeting ("demo", "pricing"): in mail that speaks of no job, it settles that
    # a confirmed time is no interview.
    sales_meeting: str = r"(?!)"
    # Phrases of a pitch about a role the reader never applied to ("caught my eye", "would
    # you be open to", "we're growing"): two of them make a call request no interview's.
    pitch: tuple[str, ...] = ()
    # Words of a subscription's footer ("unsubscribe", "you're receiving this because"):
    # mail sent to a list, whatever its headers say.
    subscription: str = r"(?!)"
    # A specialty after a title and a comma ("Product Analyst, Risk"), matched from the comma.
    role_specialty: str = r"(?!)"
    # Words of job titles: a phrase holding one names a role, not an employer.
    role_words: frozenset[str] = frozenset()
    # Words of subjects that are neither the employer nor the role ("interview", "update").
    subject_filler: frozenset[str] = frozenset()
    # Teams inside an employer ("the Planning team"): a name made of these names no employer.
    departments: frozenset[str] = frozenset()
    # Who takes part in an interview, case-insensitive unless marked (?-i:...): the words
    # before the names of the people a candidate meets ("with", "Interviewers:"), the
    # writer saying they take part too ("and me"), and the words that make someone an
    # arranger, not an interviewer ("my coordinator Priya").
    meets: str = r"(?!)"
    writer_too: str = r"(?!)"
    # The writer's own line in an agenda, case-insensitive, multi-line ("1:00 Me - roadmap").
    writer_on_agenda: str = r"(?!)"
    arranger: str = r"(?!)"
    # Words right after a person's name or address saying they no longer take part ("Pierre
    # Roy (pierre@acme.com) can no longer join"), case-insensitive.
    withdrawn: str = r"(?!)"
    # Words right before a person's name or address saying someone takes their place ("Sam
    # replaces Priya", "remplacera Nathalie"), case-insensitive.
    replaces: str = r"(?!)"
    # Words right after a person's name or address saying they take part ("will lead the
    # interview", "mènera l'entrevue"), case-insensitive.
    leads: str = r"(?!)"
    # The writer speaking of meeting the candidate ("see you Tuesday"): when the text names
    # no one else, the writer is the one the candidate meets.
    writer_meets: str = r"(?!)"
    # Job titles of people who arrange interviews and do not sit in them (recruiters,
    # coordinators, HR); any other title (`role_words`) is someone who may interview.
    arranger_titles: str = r"(?!)"
    # Of those, the titles of people who only schedule (coordinators, assistants): unlike a
    # recruiter, who may hold a screen alone, they never interview.
    coordinator_titles: str = r"(?!)"
    # Out-of-office replies: the phrases that say when the writer is back or away.
    absence: AbsenceWords = AbsenceWords()
