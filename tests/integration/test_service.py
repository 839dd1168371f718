"""The daemon end to end: Dovecot and aiosmtpd on 127.0.0.1, a stepped clock, one story each.

Each test starts a real Service on a fresh mailbox, delivers mail with its own IMAP
client, moves the clock, and looks at what the servers hold: drafts, review messages,
notices, and what the SMTP server received.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import itertools
import re
import textwrap
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import structlog
from mailservers import DovecotServer, LocalCA, SmtpServer, append_messages, imap_login

from afterview.daemon.clocks import SteppedClock
from afterview.daemon.outbox import RETRY_AFTER
from afterview.daemon.parse_command import parser_context
from afterview.daemon.records import OutboxStatus
from afterview.daemon.reviews import planned_text
from afterview.daemon.run_command import servers_of
from afterview.daemon.service import Service
from afterview.daemon.smtp import SmtpSender, SmtpSettings
from afterview.daemon.store import Store
from afterview.daemon.userfiles import load_settings

PATIENCE = 15.0
ME = "alex.morgan@example.net"
STORIES = Path(__file__).resolve().parents[1] / "policies" / "stories"
INVITATION = STORIES / "employer_replied" / "01-google-calendar-invitation.eml"
UPDATE = STORIES / "employer_replied" / "02-recruiter-update-no-date.eml"
RECRUITER = "nina.patel@greyhawkmedia.example"
REFERENCE = "riley.chen@example.org"
#: The invitation came Fri 2026-03-06; the interview is Thu 03-12, 10:00-11:00 in Toronto.
START = datetime.fromisoformat("2026-03-07T09:00:00-05:00")
INTERVIEW_END = datetime.fromisoformat("2026-03-12T11:00:00-04:00")


class Quiet:
    """No service manager: the notifications go nowhere."""

    def ready(self, status: str | None = None) -> None: ...
    def status(self, text: str) -> None: ...
    def watchdog(self) -> None: ...
    def reloading(self) -> None: ...
    def stopping(self) -> None: ...
    def watchdog_interval(self) -> float | None:
        return None


@dataclass
class Mailbox:
    """The user's mailbox on the shared Dovecot, seen with the test's own client."""

    server: DovecotServer
    user: str

    def deliver(self, path: Path | bytes, folder: str = "INBOX", **headers: str) -> None:
        raw = path.read_bytes() if isinstance(path, Path) else path
        message = email.message_from_bytes(raw, policy=email.policy.SMTP)
        for name, value in headers.items():
            del message[name.replace("_", "-")]
            message[name.replace("_", "-")] = value
        append_messages(self.server, self.user, folder, [message.as_bytes()])

    def messages(self, folder: str) -> dict[int, EmailMessage]:
        with imap_login(self.server, self.user) as client:
            client.select_folder(folder, readonly=True)
            uids = client.search(["ALL"])
            fetched = client.fetch(uids, ["BODY.PEEK[]"]) if uids else {}
        return {
            uid: email.message_from_bytes(data[b"BODY[]"], policy=email.policy.default)  # type: ignore[misc]
            for uid, data in fetched.items()
        }

    def flag(self, uid: int, flag: bytes = b"\\Flagged", folder: str = "INBOX") -> None:
        with imap_login(self.server, self.user) as client:
            client.select_folder(folder)
            client.add_flags([uid], [flag])

    def delete(self, uid: int, folder: str = "INBOX") -> None:
        with imap_login(self.server, self.user) as client:
            client.select_folder(folder)
            client.delete_messages([uid])
            client.expunge()


async def eventually(probe: Callable[[], Any], what: str, patience: float = PATIENCE) -> Any:
    """The probe's first truthy answer; fails naming `what` if none comes in time."""
    deadline = time.monotonic() + patience
    while not (found := await asyncio.to_thread(probe)):
        assert time.monotonic() < deadline, f"never happened: {what}"
        await asyncio.sleep(0.05)
    return found


def subjects(box: Mailbox, folder: str) -> list[str]:
    return [str(m["Subject"]) for m in box.messages(folder).values()]


def reviews_in(box: Mailbox) -> dict[int, EmailMessage]:
    return {uid: m for uid, m in box.messages("INBOX").items() if m["X-Afterview"] == "review"}


@dataclass
class Daemon:
    """A running Service and what it runs on."""

    service: Service
    store: Store
    clock: SteppedClock
    task: asyncio.Task[int]
    box: Mailbox
    smtp: SmtpServer
    sent: list[Any] = field(default_factory=list)

    def rows(self, rule: str) -> list[Any]:
        return [row for row in self.store.outbox() if row.rule == rule]

    async def row_status(self, rule: str, status: OutboxStatus) -> Any:
        def probe() -> Any:
            return next((r for r in self.rows(rule) if r.status is status), None)

        return await eventually(probe, f"{rule} becomes {status.value}")

    async def stop(self) -> int:
        self.service.stop()
        return await asyncio.wait_for(self.task, PATIENCE)


_configs = itertools.count()


def write_config(
    tmp_path: Path, dovecot: DovecotServer, user: str, smtp: SmtpServer, policy: str
) -> Path:
    folder = tmp_path / f"config{next(_configs)}"
    folder.mkdir()
    (folder / "imap-password").write_text(dovecot.password(user))
    (folder / "smtp-password").write_text(smtp.password)
    for secret in ("imap-password", "smtp-password"):
        (folder / secret).chmod(0o600)
    (folder / "policy.yaml").write_text(policy)
    config = folder / "config.yaml"
    config.write_text(
        textwrap.dedent(
            f"""\
            account: {{email: {ME}, name: Alex Morgan}}
            imap:
              host: 127.0.0.1
              port: {dovecot.port}
              tls: none
              username: {user}
              password: {{file: imap-password}}
            smtp:
              host: 127.0.0.1
              port: {smtp.starttls_port}
              tls: starttls
              username: {smtp.username}
              password: {{file: smtp-password}}
              ca_file: {smtp.ca.ca_pem}
            timezone: America/Toronto
            holidays: {{country: CA, subdivision: ON}}
            references:
              - {{name: Riley Chen, email: {REFERENCE}, relation: my manager at Initech}}
            policy: policy.yaml
            state_dir: state
            """
        )
    )
    return config


DEFAULTS = Path(__file__).resolve().parents[2] / "policies" / "default.yaml"


def only(*rules: str) -> str:
    """The default policy with every other rule disabled, its text otherwise as shipped."""
    lines = []
    for line in DEFAULTS.read_text().splitlines():
        lines.append(line)
        rule = re.fullmatch(r"  ([a-z_]+):", line)
        if rule and rule[1] not in rules:
            lines.append("    enabled: false")
    return "\n".join(lines) + "\n"


@pytest.fixture
def smtp(local_ca: LocalCA) -> Iterator[SmtpServer]:
    server = SmtpServer(local_ca)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def box(shared_dovecot: DovecotServer, fresh_user: str) -> Mailbox:
    return Mailbox(shared_dovecot, fresh_user)


def one_try(settings: SmtpSettings) -> SmtpSender:
    """The sender without its own retries: the outbox's retry is what a test watches."""
    return SmtpSender(settings, attempts=1)


@asynccontextmanager
async def running(
    config: Path, box: Mailbox, smtp: SmtpServer, clock: SteppedClock, *, replan_gap: float = 0
) -> AsyncIterator[Daemon]:
    settings = load_settings(config)
    state = config.parent / "state"
    state.mkdir(exist_ok=True)
    with Store.open(state / "afterview.sqlite3") as store:
        service = Service(
            settings,
            store,
            parser_context(settings.config, None, ()),
            servers_of,
            Quiet(),
            config_path=config,
            clock=clock,
            sender=one_try,
            tick=0.5,  # the test's own client answers unseen by the daemon's IDLE: look often
            # The clock steps: every change is worth a run at once, unless a test says.
            replan_gap=replan_gap,
        )
        task = asyncio.create_task(service.run())
        daemon = Daemon(service, store, clock, task, box, smtp)
        try:
            yield daemon
        finally:
            if not task.done():
                await daemon.stop()


def test_a_story_drafts_thanks_prompts_for_notes_and_an_employer_reply_cancels_the_follow_up(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer
) -> None:
    config = write_config(
        tmp_path, box.server, box.user, smtp, only("thank_you", "notes_prompt", "follow_up")
    )
    box.deliver(INVITATION)
    clock = SteppedClock(START)

    async def scenario() -> None:
        async with running(config, box, smtp, clock) as daemon:
            await daemon.row_status("follow_up", OutboxStatus.PLANNED)
            clock.set(INTERVIEW_END + timedelta(minutes=5))
            prompt = await eventually(
                lambda: [m for m in box.messages("INBOX").values() if m["X-Afterview"]],
                "the notes prompt in the INBOX",
            )
            assert prompt[0]["Auto-Submitted"] == "auto-generated"
            # Marked as afterview's, and in the application's thread with its reviews.
            assert str(prompt[0]["Subject"]).startswith("[afterview] How did your")
            assert str(prompt[0]["In-Reply-To"]).startswith("<afterview.thread.")
            clock.set(INTERVIEW_END + timedelta(hours=4))
            drafts = await eventually(lambda: box.messages("Drafts"), "a thank-you draft")
            [draft] = drafts.values()
            assert draft["To"].addresses[0].addr_spec == "tom.becker@greyhawkmedia.example"
            assert str(draft["Subject"]).startswith("Thank you")
            # A day before the follow-up is due, its review comes; then the recruiter writes.
            follow_up = daemon.rows("follow_up")[0]
            clock.set(follow_up.due_at - timedelta(hours=23))
            await daemon.row_status("follow_up", OutboxStatus.REVIEW)
            assert len(reviews_in(box)) == 1
            box.deliver(UPDATE, Date="Wed, 18 Mar 2026 11:41:09 -0400")
            cancelled = await daemon.row_status("follow_up", OutboxStatus.CANCELLED)
            assert cancelled.reason == "the employer wrote on 2026-03-18 11:41"
            await eventually(
                lambda: [s for s in subjects(box, "INBOX") if s.startswith("[afterview] Not sent")],
                "a notice that the follow-up will not go",
            )
            clock.set(follow_up.due_at + timedelta(hours=1))
            await asyncio.sleep(0.5)
            assert smtp.messages == []
            assert await daemon.stop() == 0

    asyncio.run(scenario())


def test_a_stop_while_the_ticker_waits_its_turn_ends_it_without_another_run(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer
) -> None:
    config = write_config(tmp_path, box.server, box.user, smtp, only("thank_you"))

    async def scenario() -> None:
        async with running(config, box, smtp, SteppedClock(START), replan_gap=3600) as daemon:
            service = daemon.service
            await eventually(lambda: service.runs == 1, "the ticker's first run")
            # Past its wait of `tick` seconds, the ticker waits out the re-plan gap.
            await eventually(lambda: not service.idle.is_set(), "the ticker's next turn")
            with structlog.testing.capture_logs() as logs:
                assert await daemon.stop() == 0
            assert service.runs == 1  # nothing planned, posted or sent after the stop
            [stopped] = [entry for entry in logs if entry["event"] == "service.stopped"]
            assert stopped["cut_short"] == 0

    asyncio.run(scenario())


# --- Approval from the inbox ---------------------------------------------------------------------


async def review_waiting(daemon: Daemon) -> tuple[int, EmailMessage]:
    await daemon.row_status("reference_heads_up", OutboxStatus.REVIEW)
    found = await eventually(lambda: reviews_in(daemon.box), "the review message in the INBOX")
    [(uid, review)] = found.items()
    return uid, review


@asynccontextmanager
async def heads_up_under_review(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer, clock: SteppedClock | None = None
) -> AsyncIterator[tuple[Daemon, int, EmailMessage]]:
    """A daemon with one rule, the references' heads-up (approve mode, due as soon as the
    interview is known), once the invitation came: its review is in the INBOX (UID, message)."""
    config = write_config(tmp_path, box.server, box.user, smtp, only("reference_heads_up"))
    box.deliver(INVITATION)
    async with running(config, box, smtp, clock or SteppedClock(START)) as daemon:
        uid, review = await review_waiting(daemon)
        yield daemon, uid, review


def reply_to(review: EmailMessage, text: str, *, sender: str = ME) -> bytes:
    """The user's reply to a review message, as a mail client writes it."""
    reply = EmailMessage()
    reply["From"] = f"Alex Morgan <{sender}>"
    reply["To"] = ME
    reply["Subject"] = f"Re: {review['Subject']}"
    reply["Date"] = email.utils.format_datetime(START + timedelta(minutes=30))
    reply["Message-ID"] = email.utils.make_msgid(domain="example.net")
    reply["In-Reply-To"] = review["Message-ID"]
    reply["References"] = review["Message-ID"]
    quoted = "\n".join(f"> {line}" for line in review.get_content().splitlines())
    reply.set_content(f"{text}\n\nOn Sat, Alex wrote:\n{quoted}\n")
    return reply.as_bytes()


def test_flagging_a_review_sends_the_email_once_with_a_copy_in_sent(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer
) -> None:
    async def scenario() -> None:
        async with heads_up_under_review(tmp_path, box, smtp) as (daemon, uid, review):
            assert review["Auto-Submitted"] == "auto-generated"
            assert REFERENCE in review.get_content()
            assert smtp.messages == []  # approve mode: nothing without a yes
            box.flag(uid)
            sent = await daemon.row_status("reference_heads_up", OutboxStatus.SENT)
            [received] = await asyncio.to_thread(smtp.wait_for_messages, 1)
            assert list(received.rcpt_tos) == [REFERENCE]
            assert received.data == sent.message
            copies = await eventually(lambda: box.messages("Sent"), "a copy in Sent")
            assert [str(m["Message-ID"]) for m in copies.values()] == [sent.message_id]
            # A second flag, a restart of the tick: nothing goes twice.
            box.flag(uid, b"\\Seen")
            daemon.service.changed.set()
            await asyncio.sleep(0.5)
        assert len(smtp.messages) == 1

    asyncio.run(scenario())


def test_deleting_a_review_cancels_the_email(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer
) -> None:
    async def scenario() -> None:
        async with heads_up_under_review(tmp_path, box, smtp) as (daemon, uid, _review):
            box.delete(uid)
            row = await daemon.row_status("reference_heads_up", OutboxStatus.CANCELLED)
            assert row.reason == "you moved its review message away"
        assert smtp.messages == []

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("answer", "status"),
    [("send", OutboxStatus.SENT), ("cancel", OutboxStatus.CANCELLED)],
)
def test_a_one_word_reply_sends_or_cancels(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer, answer: str, status: OutboxStatus
) -> None:
    async def scenario() -> None:
        async with heads_up_under_review(tmp_path, box, smtp) as (daemon, _uid, review):
            box.deliver(reply_to(review, answer))
            await daemon.row_status("reference_heads_up", status)
        assert len(smtp.messages) == (status is OutboxStatus.SENT)

    asyncio.run(scenario())


def test_an_edited_reply_is_sent_as_edited(tmp_path: Path, box: Mailbox, smtp: SmtpServer) -> None:
    mine = ""

    async def scenario() -> None:
        nonlocal mine
        async with heads_up_under_review(tmp_path, box, smtp) as (daemon, _uid, review):
            planned = daemon.rows("reference_heads_up")[0].message
            mine = planned_text(planned).strip() + "\n\nP.S. They may call on Thursday."
            box.deliver(reply_to(review, mine))
            await daemon.row_status("reference_heads_up", OutboxStatus.SENT)
        [received] = smtp.messages
        sent = email.message_from_bytes(received.data, policy=email.policy.default)
        text = sent.get_content().replace("\r\n", "\n")  # type: ignore[attr-defined]
        assert text.strip() == mine
        assert list(received.rcpt_tos) == [REFERENCE]

    asyncio.run(scenario())


def test_a_reply_from_another_address_is_ignored(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer
) -> None:
    async def scenario() -> None:
        async with heads_up_under_review(tmp_path, box, smtp) as (daemon, _uid, review):
            box.deliver(reply_to(review, "send", sender="mallory@example.com"))
            box.deliver(reply_to(review, "cancel"))  # the user's own answer comes after
            row = await daemon.row_status("reference_heads_up", OutboxStatus.CANCELLED)
            assert row.reason == "you cancelled it"
        assert smtp.messages == []

    asyncio.run(scenario())


# --- Sending: failures and restarts ---------------------------------------------------------------


def test_a_temporary_refusal_is_tried_again_later_and_sent_once(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer
) -> None:
    clock = SteppedClock(START)

    async def scenario() -> None:
        async with heads_up_under_review(tmp_path, box, smtp, clock) as (daemon, uid, _review):
            smtp.fail_next(1, "451 4.3.0 Try again later")
            box.flag(uid)
            row = await daemon.row_status("reference_heads_up", OutboxStatus.APPROVED)
            await eventually(
                lambda: "will try again" in (daemon.rows("reference_heads_up")[0].reason or ""),
                "the retry noted",
            )
            assert smtp.messages == []
            clock.set(START + RETRY_AFTER + timedelta(minutes=1))
            await daemon.row_status("reference_heads_up", OutboxStatus.SENT)
            assert row.key == daemon.rows("reference_heads_up")[0].key
        assert len(smtp.messages) == 1

    asyncio.run(scenario())


def test_a_permanent_refusal_fails_the_email_and_tells_the_user(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer
) -> None:
    async def scenario() -> None:
        async with heads_up_under_review(tmp_path, box, smtp) as (daemon, uid, _review):
            smtp.fail_next(1, "550 5.1.1 No such user")
            box.flag(uid)
            row = await daemon.row_status("reference_heads_up", OutboxStatus.FAILED)
            assert "550" in (row.reason or "")
            await eventually(
                lambda: [s for s in subjects(box, "INBOX") if s.startswith("[afterview] Not sent")],
                "a notice that the email failed",
            )
        assert smtp.messages == []

    asyncio.run(scenario())


def test_a_restart_mid_story_writes_nothing_twice(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer
) -> None:
    config = write_config(
        tmp_path,
        box.server,
        box.user,
        smtp,
        only("thank_you", "notes_prompt", "reference_heads_up"),
    )
    box.deliver(INVITATION)
    after = INTERVIEW_END + timedelta(hours=4)

    async def scenario() -> None:
        async with running(config, box, smtp, SteppedClock(START)) as daemon:
            await review_waiting(daemon)
        async with running(config, box, smtp, SteppedClock(after)) as daemon:
            await daemon.row_status("thank_you", OutboxStatus.DRAFTED)
            await daemon.row_status("notes_prompt", OutboxStatus.NOTIFIED)
        async with running(config, box, smtp, SteppedClock(after + timedelta(hours=1))) as daemon:
            box.deliver(UPDATE, Date="Tue, 17 Mar 2026 15:41:09 -0400")
            await eventually(
                lambda: daemon.store.has_evidence(
                    "<CAH8q2Ld0fWx3nR5pK7mT1vYb9sZcQ4eUu6Gg@mail.greyhawkmedia.example>"
                ),
                "the update filed",
            )
        assert len(box.messages("Drafts")) == 1
        assert len(reviews_in(box)) == 1
        notes = [m for m in box.messages("INBOX").values() if m["X-Afterview"] == "notes_prompt"]
        assert len(notes) == 1

    asyncio.run(scenario())


def test_a_reply_without_the_review_token_is_ignored(
    tmp_path: Path, box: Mailbox, smtp: SmtpServer
) -> None:
    async def scenario() -> None:
        async with heads_up_under_review(tmp_path, box, smtp) as (daemon, _uid, review):
            forged = email.message_from_bytes(reply_to(review, "send"), policy=email.policy.SMTP)
            del forged["In-Reply-To"], forged["References"]
            forged["In-Reply-To"] = "<afterview.review.0123456789abcdefghij@example.net>"
            box.deliver(forged.as_bytes())
            box.deliver(reply_to(review, "cancel"))
            row = await daemon.row_status("reference_heads_up", OutboxStatus.CANCELLED)
            assert row.reason == "you cancelled it"
        assert smtp.messages == []

    asyncio.run(scenario())


# --- The server's side: restarts and renumbering --------------------------------------------------


def test_a_dovecot_restart_mid_idle_loses_no_mail(
    tmp_path: Path, dovecot: DovecotServer, smtp: SmtpServer
) -> None:
    box = Mailbox(dovecot, "alex")
    config = write_config(tmp_path, dovecot, "alex", smtp, only("follow_up"))
    box.deliver(INVITATION)

    async def scenario() -> None:
        async with running(config, box, smtp, SteppedClock(START)) as daemon:
            await daemon.row_status("follow_up", OutboxStatus.PLANNED)
            await asyncio.to_thread(dovecot.restart)
            daemon.clock.set(INTERVIEW_END + timedelta(days=6))
            box.deliver(UPDATE)  # the recruiter writes while the watcher reconnects
            row = await daemon.row_status("follow_up", OutboxStatus.CANCELLED)
            assert (row.reason or "").startswith("the employer wrote")

    asyncio.run(scenario())


def test_a_new_uidvalidity_rereads_the_folder_without_filing_anything_twice(
    tmp_path: Path, dovecot: DovecotServer, smtp: SmtpServer
) -> None:
    box = Mailbox(dovecot, "alex")
    config = write_config(tmp_path, dovecot, "alex", smtp, only("follow_up"))
    box.deliver(INVITATION)
    invitation_id = str(email.message_from_bytes(INVITATION.read_bytes())["Message-ID"])

    async def scenario() -> None:
        async with running(config, box, smtp, SteppedClock(START)) as daemon:
            await daemon.row_status("follow_up", OutboxStatus.PLANNED)
        dovecot.set_uidvalidity("alex", "INBOX")
        box.deliver(UPDATE, Date="Tue, 17 Mar 2026 15:41:09 -0400")
        later = SteppedClock(INTERVIEW_END + timedelta(days=6))
        async with running(config, box, smtp, later) as daemon:
            await daemon.row_status("follow_up", OutboxStatus.CANCELLED)
            evidence = [e.evidence for e in daemon.store.events()]
            assert evidence.count(invitation_id) == 1

    asyncio.run(scenario())
