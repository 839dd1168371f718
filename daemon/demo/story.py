"""The demo's story: three weeks of a job search, told by the real daemon in seconds.

The sample mailbox is delivered to a local Dovecot message by message, at the time
each was written; between deliveries the clock jumps to whatever the daemon has
planned next. After each step the daemon is left to settle (every message filed,
the ticker idle), then what changed is told: applications found, interviews
scheduled, drafts written, reviews waiting, mail sent or cancelled. The demo also
plays the user: it flags one review message, deletes another, answers a third
with "send", and replies to a notes prompt, as a person would from their mail app.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from email.utils import format_datetime, getaddresses, make_msgid, parsedate_to_datetime
from importlib.resources import files
from zoneinfo import ZoneInfo

from imapclient import IMAPClient

from afterview.daemon import reviews
from afterview.daemon.records import OutboxItem, OutboxStatus
from afterview.daemon.service import Service
from afterview.daemon.store import Store
from afterview.policies.applications import Application
from afterview.policies.wording import label

ME = "alex.morgan@example.net"
ZONE = ZoneInfo("America/Toronto")
START = datetime(2026, 3, 3, 9, 0, tzinfo=ZONE)
END = datetime(2026, 3, 26, 12, 0, tzinfo=ZONE)
#: How long one step may take to settle before the demo says the daemon is stuck.
PATIENCE = 20.0
NOTES = """Went well, I think. What stayed with me:
- the streaming design for the order-tracking pipeline
- how I test data pipelines end to end
interviewers: Priya Shah, Marco Rossi
timeline: two weeks
"""


@dataclass(frozen=True)
class Letter:
    """One message of the sample mailbox."""

    name: str
    raw: bytes
    date: datetime
    folder: str


def sample_mailbox() -> list[Letter]:
    """The sample messages, oldest first; the user's own go to Sent."""
    letters = []
    for entry in files("afterview.daemon.demo").joinpath("mailbox").iterdir():
        if not entry.name.endswith(".eml"):
            continue
        raw = entry.read_bytes()
        headers = BytesParser(policy=default).parsebytes(raw, headersonly=True)
        sender = getaddresses([str(headers["From"])])[0][1]
        folder = "Sent" if sender == ME else "INBOX"
        letters.append(Letter(entry.name, raw, parsedate_to_datetime(headers["Date"]), folder))
    return sorted(letters, key=lambda letter: letter.date)


@dataclass
class UserMailbox:
    """The user's side of the mailbox: what their mail app does, over IMAP."""

    host: str
    port: int
    user: str
    password: str

    def _client(self) -> IMAPClient:
        client = IMAPClient(self.host, self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def deliver(self, raw: bytes, folder: str, when: datetime) -> int:
        """APPEND a message as the mail server would file it; its UID."""
        client = self._client()
        try:
            answer = client.append(folder, raw, msg_time=when)
            return int(answer.split(b"APPENDUID")[1].split()[1].rstrip(b"]"))
        finally:
            client.logout()

    def flag(self, uid: int) -> None:
        """Flag a message in the INBOX (a star, in some apps)."""
        client = self._client()
        try:
            client.select_folder("INBOX")
            client.add_flags([uid], [b"\\Flagged"])
        finally:
            client.logout()

    def delete(self, uid: int) -> None:
        """Delete a message from the INBOX as mail apps do: one MOVE to Trash.

        A \\Deleted flag then an EXPUNGE would let the daemon, watching at the same time,
        read the message half deleted, and tell the story two ways.
        """
        client = self._client()
        try:
            if not client.folder_exists("Trash"):
                client.create_folder("Trash")
            client.select_folder("INBOX")
            client.move([uid], "Trash")
        finally:
            client.logout()

    def count(self, folder: str) -> int:
        """How many messages a folder holds."""
        client = self._client()
        try:
            return int(client.select_folder(folder, readonly=True)[b"EXISTS"])
        finally:
            client.logout()


def _reply(to_message_id: str, subject: str, text: str, when: datetime) -> bytes:
    """The user's reply to one of afterview's messages, as their mail app sends it."""
    reply = EmailMessage()
    reply["From"] = f"Alex Morgan <{ME}>"
    reply["To"] = ME
    reply["Subject"] = f"Re: {subject}"
    reply["Date"] = format_datetime(when)
    reply["Message-ID"] = make_msgid(domain="example.net")
    reply["In-Reply-To"] = to_message_id
    reply["References"] = to_message_id
    reply.set_content(text)
    return reply.as_bytes()


@dataclass
class Story:
    """Drives the daemon through the sample mailbox and tells what it does."""

    service: Service
    store: Store
    clock_set: Callable[[datetime], None]
    mailbox: UserMailbox
    say: Callable[[str], None]
    _told: dict[str, OutboxStatus] = field(default_factory=dict)
    _states: dict[str, str] = field(default_factory=dict)
    _answered: set[str] = field(default_factory=set)
    #: The highest UID delivered to each folder: filed once the folder's cursor is past it.
    _delivered: dict[str, int] = field(default_factory=dict)
    _now: datetime = START

    async def tell(self) -> None:
        """The whole story, from START to END."""
        pending = sample_mailbox()
        while True:
            while pending and pending[0].date <= self._now:
                letter = pending.pop(0)
                await asyncio.to_thread(self._deliver, letter.raw, letter.folder, letter.date)
            await self._settle()
            self._narrate()
            if await self._play_the_user():
                await self._settle()
                self._narrate()
            if self._now >= END:
                return
            self._advance(pending)

    def _advance(self, pending: list[Letter]) -> None:
        """On to the next thing that happens: a message written, or an action due."""
        outbox = self.service.outbox
        planned = outbox.next_wake() if outbox else None
        times = [t for t in (pending[0].date if pending else None, planned) if t]
        self._now = min([t for t in times if t > self._now] + [END])
        self.clock_set(self._now)

    async def _settle(self) -> None:
        """Wait until the watchers filed every message and the ticker has run and idles."""
        deadline = time.monotonic() + PATIENCE
        runs = self.service.runs
        await asyncio.sleep(0.05)  # IDLE tells the watchers of new mail within milliseconds
        while not (self.service.runs > runs and self.service.idle.is_set() and self._filed()):
            if time.monotonic() > deadline:
                raise TimeoutError("the daemon did not settle; see the log")
            await asyncio.sleep(0.02)

    def _filed(self) -> bool:
        for folder, uid in self._delivered.items():
            cursor = self.store.cursor(folder)
            if cursor is None or cursor.last_uid < uid:
                return False
        return not self.service.changed.is_set()

    def _deliver(self, raw: bytes, folder: str, when: datetime) -> None:
        uid = self.mailbox.deliver(raw, folder, when)
        self._delivered[folder] = max(uid, self._delivered.get(folder, 0))

    def _narrate(self) -> None:
        apps = self._apps()
        for app in apps.values():
            if self._states.get(app.id) != app.state.value:
                self._states[app.id] = app.state.value
                self._line(app.company, self._state_words(app))
        for row in self.store.outbox():
            if self._told.get(row.key) != row.status:
                self._told[row.key] = row.status
                words = _row_words(row)
                if words:
                    self._line(
                        apps[row.application_id].company if row.application_id in apps else "you",
                        words,
                    )

    def _state_words(self, app: Application) -> str:
        text = label(app.state.value)
        round_ = app.current_round
        if app.state.value == "scheduled" and round_ and round_.start:
            names = ", ".join(p.name or p.email or "?" for p in round_.interviewers)
            text += f": {_when(round_.start)}" + (f" with {names}" if names else "")
        return text if app.state.value != "applied" else f"new application ({app.role or '?'})"

    def _line(self, who: str, what: str, *, stamped: bool = True) -> None:
        when = _when(self._now) if stamped else ""
        self.say(f"{when:<16}  {who:<18} {what}")

    async def _play_the_user(self) -> bool:
        """What Alex does from their mail app; whether they did anything."""
        acted = False
        for row in self.store.outbox(OutboxStatus.REVIEW, OutboxStatus.NOTIFIED):
            if row.key in self._answered or row.application_id is None:
                continue
            action = _answer_for(row)
            if action is None:
                continue
            self._answered.add(row.key)
            acted = True
            await asyncio.to_thread(self._do, action, row)
        return acted

    def _do(self, action: str, row: OutboxItem) -> None:
        if action == "flag" and row.review_uid:
            self._line("you", "flag the review message: send it now", stamped=False)
            self.mailbox.flag(row.review_uid)
        elif action == "delete" and row.review_uid:
            self._line("you", "delete the review message: don't send it", stamped=False)
            self.mailbox.delete(row.review_uid)
        elif action == "send" and row.review_token:
            self._line("you", 'reply "send" to the review message', stamped=False)
            review_id = reviews.notice_id(reviews.NoticeKind.REVIEW, row.review_token, ME)
            self._deliver(
                _reply(review_id, row.subject or "", "send", self._now), "INBOX", self._now
            )
        elif action == "notes" and row.message_id:
            self._line("you", "reply with notes on the interview", stamped=False)
            self._deliver(
                _reply(row.message_id, row.subject or "", NOTES, self._now), "INBOX", self._now
            )

    def _apps(self) -> dict[str, Application]:
        outbox = self.service.outbox
        return dict(outbox.engine.apps) if outbox else {}


def _answer_for(row: OutboxItem) -> str | None:
    """The user's part: one answer of each kind, so the demo shows every way."""
    company = row.application_id or ""
    if row.rule == "reference_heads_up" and row.status is OutboxStatus.REVIEW:
        return {"acme": "flag", "greyhawk": "delete", "northwind": "send"}.get(
            company.split("-")[0]
        )
    if row.rule == "notes_prompt" and company.startswith("acme"):
        return "notes"
    return None


_WORDS = {
    OutboxStatus.DRAFTED: "drafted, in Drafts for you to send",
    OutboxStatus.NOTIFIED: "in your INBOX",
    OutboxStatus.REVIEW: "waits for your yes (a review message in your INBOX)",
    OutboxStatus.SENT: "sent (the local SMTP server has it)",
}


def _row_words(row: OutboxItem) -> str | None:
    """What became of a planned message, in a few words; None for what is not worth telling."""
    what = f"{label(row.rule)} ({row.recipient})" if row.application_id else label(row.rule)
    if row.rule == "notes_prompt" and row.status is OutboxStatus.NOTIFIED:
        return "asks you how the interview went (a message in your INBOX)"
    if row.status is OutboxStatus.REVIEW and row.mode.value == "queue":
        return f"{what}: goes {_when(row.due_at)} unless you say no (review in your INBOX)"
    if row.status in _WORDS:
        return f"{what}: {_WORDS[row.status]}"
    if row.status in {OutboxStatus.CANCELLED, OutboxStatus.FAILED, OutboxStatus.UNCERTAIN}:
        return f"{what}: {row.status.value}, {row.reason}"
    return None


def _when(moment: datetime) -> str:
    return moment.astimezone(ZONE).strftime("%a %b %d %H:%M")
