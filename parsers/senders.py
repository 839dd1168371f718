"""Who sent a message: applicant-tracking systems, schedulers, mailers, free-mail, or an employer.

Data tables first; the few functions below only look things up. A relay domain
(an ATS, a scheduler, a calendar service) never identifies the employer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from afterview.parsers.facts import Person, SenderKind

# Applicant-tracking systems and their mail relays (any subdomain counts).
ATS_DOMAINS = frozenset(
    """
    greenhouse.io greenhouse-mail.io lever.co myworkday.com workday.com icims.com
    smartrecruiters.com ashbyhq.com taleo.net bamboohr.com workablemail.com workable.com
    teamtailor-mail.com teamtailor.com jobvite.com successfactors.com successfactors.eu
    breezy.hr recruitee.com jazzhr.com applytojob.com personio.de personio.com pinpointhq.com
    rippling.com gem.com dover.com paylocity.com ultipro.com ukg.com oraclecloud.com adp.com
    avature.net phenom.com hirebridge.com recruiterbox.com dayforcehcm.com dayforce.com
    ceridian.com jazz.co
    """.split()
)

# Scheduling, video and calendar services that send on an employer's behalf.
SCHEDULER_DOMAINS = frozenset(
    """
    calendly.com goodtime.io zoom.us zoom.com calendar.google.com google.com microsoft.com
    office365.com outlook.com teams.microsoft.com webex.com cal.com youcanbook.me hubspot.com
    modernhire.com hirevue.com modernloop.io paradox.ai yello.co
    """.split()
)

# Job boards and career media: they write about other employers' jobs, never as the employer.
JOB_BOARD_DOMAINS = frozenset(
    """
    linkedin.com indeed.com glassdoor.com ziprecruiter.com monster.com monster.ca workopolis.com
    jobbank.gc.ca guichetemplois.gc.ca jobillico.com jobboom.com themuse.com wellfound.com
    dice.com simplyhired.com talent.com eluta.ca hired.com otta.com welcometothejungle.com
    builtin.com careerbuilder.com jooble.org
    """.split()
)

# Personal mailbox providers: a sender here is a person, not an employer's domain.
FREEMAIL_DOMAINS = frozenset(
    """
    gmail.com googlemail.com yahoo.com yahoo.ca yahoo.fr hotmail.com hotmail.fr outlook.com
    live.com live.ca msn.com icloud.com me.com mac.com aol.com proton.me protonmail.com gmx.com
    gmx.de fastmail.com videotron.ca sympatico.ca bell.net rogers.com shaw.ca telus.net
    orange.fr free.fr laposte.net sfr.fr yandex.com zoho.com
    """.split()
)

# Where an ATS puts the employer's account in the links it sends: job boards and
# careers sites ("jobs.lever.co/greyhawkoutdoor/...", "tidewater.wd3.myworkdayjobs.com").
# Each shape has one group, the account.
ATS_ACCOUNT_LINKS = (
    r"jobs\.(?:eu\.)?lever\.co/([\w.-]+)",
    r"(?:job-)?boards(?:\.eu)?\.greenhouse\.io/(?!embed\b)([\w.-]+)",
    r"greenhouse\.io/embed/job_app\?for=([\w.-]+)",
    r"([\w-]+)\.wd\d+\.myworkdayjobs\.com",
    r"wd\d+\.myworkday(?:site)?\.com/(?:[a-z]{2}-[A-Z]{2}/)?(?:recruiting/)?([\w-]+)",
    r"jobs\.ashbyhq\.com/([\w.-]+)",
    r"(?:apply|jobs)\.workable\.com/([\w.-]+)",
    r"(?:jobs|careers)\.smartrecruiters\.com/([\w.-]+)",
    r"jobs\.jobvite\.com/([\w.-]+)",
    r"(?:careers|jobs)-([\w-]+)\.icims\.com",
    r"([\w-]+)\.(?:teamtailor\.com|bamboohr\.com|taleo\.net|breezy\.hr|recruitee\.com|applytojob\.com|pinpointhq\.com)",
)
_ATS_ACCOUNT = re.compile(
    r"https?://(?:[\w-]+\.)*?(?:" + "|".join(ATS_ACCOUNT_LINKS) + ")", re.IGNORECASE
)
# Subdomains and pages an ATS serves itself, never an employer's account.
_NOT_ACCOUNTS = frozenset(
    """
    www jobs apply careers boards job-boards app api hire mail email embed static assets j
    privacy terms legal help support login signin sign-in signup unsubscribe optout opt-out
    candidate candidates portal about security cookies en fr
    """.split()
)

# Recruiting agencies name themselves with these words; their mail names a client employer.
AGENCY = re.compile(
    r"(?<!re)search|talent|staffing|recruit|personnel|placement|headhunt|recrutement", re.I
)

_NO_REPLY = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre|notifications?|alerts?)",
    re.I,
)
# Local parts of the mailers that send delivery notices (Exchange adds a hex suffix).
MAILER_NAMES = ("mailer-daemon", "postmaster", "microsoftexchange")
_MAILER = re.compile(rf"^(?:{'|'.join(MAILER_NAMES)})[0-9a-f]*$", re.I)


def domain_of(address: str | None) -> str:
    """The domain of an address, lower-case; empty if none."""
    return (address or "").rpartition("@")[2].lower()


@lru_cache(maxsize=4096)
def _within(domain: str, table: frozenset[str]) -> bool:
    # Asked of the same few domains many times a message (each address, each link).
    parts = domain.split(".")
    return any(".".join(parts[i:]) in table for i in range(len(parts) - 1))


def is_ats(domain: str) -> bool:
    """Whether a domain belongs to an applicant-tracking system."""
    return _within(domain, ATS_DOMAINS)


def is_relay(domain: str) -> bool:
    """Whether a domain sends for others (ATS, scheduler): it never names the employer."""
    return _within(domain, ATS_DOMAINS) or _within(domain, SCHEDULER_DOMAINS)


def is_job_board(domain: str) -> bool:
    """Whether a domain is a job board's or a career site's."""
    return _within(domain, JOB_BOARD_DOMAINS)


def is_freemail(domain: str) -> bool:
    """Whether a domain is a personal mailbox provider."""
    return _within(domain, FREEMAIL_DOMAINS)


def sender_kind(sender: Person) -> SenderKind:
    """Classify the From address: mailer daemon, ATS, no-reply robot, or a person."""
    local, _, domain = (sender.email or "").lower().rpartition("@")
    if _MAILER.match(local):
        return SenderKind.MAILER
    if is_ats(domain):
        return SenderKind.ATS
    if _NO_REPLY.match(local):
        return SenderKind.NO_REPLY
    return SenderKind.HUMAN


def ats_accounts(links: Iterable[str]) -> list[str]:
    """The employer accounts named by ATS links, in order, once each ("greyhawkoutdoor")."""
    found = []
    for link in links:
        match = _ATS_ACCOUNT.match(link)
        account = next((g for g in match.groups() if g), None) if match else None
        if account and account.lower() not in _NOT_ACCOUNTS:
            found.append(account.lower())
    return list(dict.fromkeys(found))


def employer_domain(sender: Person) -> str | None:
    """The sender's domain when it can be the employer's (not free-mail, not a relay)."""
    domain = domain_of(sender.email)
    return domain if domain and not is_freemail(domain) and not is_relay(domain) else None
