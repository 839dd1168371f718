"""Review messages and the user's answers: written, then replied to as real mail clients do."""

from __future__ import annotations

import email
import email.policy
import re
import textwrap
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.daemon.answers import Cancel, Edit, Ignored, Send, Snooze, read_answer
from afterview.daemon.records import Mode, OutboxItem
from afterview.daemon.reviews import (
    NoticeKind,
    new_token,
    notice_id,
    notice_message,
    review_message,
    thread_id,
    with_text,
)
from afterview.policies.compose import compose, message_id_for
from afterview.policies.letters import Correspondent, Letter
from afterview.policies.templates import Rendered

ME = "alex@example.test"
TORONTO = "America/Toronto"
NOW = datetime(2026, 3, 18, 21, 0, tzinfo=UTC)  # Wednesday 17:00 in Toronto
DUE = datetime(2026, 3, 19, 13, 0, tzinfo=UTC)  # Thursday 9:00 in Toronto
EMAIL_TEXT = """\
Dear Jane,

Thank you for taking the time to meet with me today. I enjoyed our conversation about the data \
platform and the team's plans for the migration, and I would love to help with it.

Best regards,
Alex
"""
EDITED_TEXT = """\
Dear Jane,

Thank you for taking the time to meet with me today. I especially enjoyed hearing about the \
migration to the new data platform, and I would love to help with it.

Best regards,
Alex
"""
THANK_YOU = "Thank you for today\u2019s interview"


def planned_email(subject: str = THANK_YOU, text: str = EMAIL_TEXT) -> bytes:
    """The email as the outbox stores it: composed once, with its Message-ID."""
    letter = Letter(
        "thank_you",
        "en",
        Correspondent(ME, "Alex Martin"),
        (Correspondent("jane@acme.example", "Jane Doe"),),
        "Acme",
    )
    message = compose(letter, Rendered(subject, text), date=NOW, message_id=message_id_for("k", ME))
    return message.as_bytes()


def planned_item(mode: Mode = Mode.QUEUE, *, message: bytes | None = None) -> OutboxItem:
    return OutboxItem(
        key="app-1/thank_you/1/1/jane@acme.example",
        application_id="app-1",
        rule="thank_you",
        mode=mode,
        recipient="jane@acme.example",
        due_at=DUE,
        message=planned_email() if message is None else message,
    )


ITEM = planned_item()
KEY = ITEM.key


def review(language: str = "en", item: OutboxItem = ITEM) -> tuple[bytes, str]:
    token = new_token()
    raw = review_message(item, token=token, me=ME, language=language, zone=TORONTO, now=NOW)
    return raw, token


def parsed(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def text_of(raw: bytes) -> str:
    """The text a mail client shows."""
    return str(parsed(raw).get_content()).replace("\r\n", "\n")


# --- Mail clients' replies --------------------------------------------------------------------


def reply(
    review_raw: bytes,
    body: str,
    *,
    content_type: str = 'text/plain; charset="utf-8"',
    sender: str = f"Alex Martin <{ME}>",
    to: str = f"afterview <{ME}>",
    headers: str | None = None,
) -> bytes:
    """A reply to a review message, with the threading headers every client writes."""
    original = parsed(review_raw)
    review_id, thread = original["Message-ID"], original["References"]
    threading = (
        headers
        if headers is not None
        else (f"In-Reply-To: {review_id}\r\nReferences: {thread} {review_id}\r\n")
    )
    head = (
        f"From: {sender}\r\nTo: {to}\r\nSubject: Re: review\r\n"
        f"Date: Wed, 18 Mar 2026 19:30:00 -0400\r\nMessage-ID: <reply.{new_token()}@example.test>\r\n"
        f"{threading}MIME-Version: 1.0\r\n"
    )
    if content_type.startswith("multipart/"):
        return (head + f"Content-Type: {content_type}\r\n\r\n" + body).encode()
    return (
        head + f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
    ).encode()


def quoted(text: str, *, width: int | None = None) -> str:
    """Text quoted with `> `; Gmail's plain part also wraps long lines."""
    lines = text.rstrip("\n").split("\n")
    if width is not None:
        lines = [piece for line in lines for piece in (textwrap.wrap(line, width) or [""])]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def flowed(text: str, *, quote: str = "", delsp: bool = False) -> str:
    """Text as format=flowed (RFC 3676) writes it: long lines cut after a space that stays at
    the end of the cut line (with DelSp, one more space is added), quoted behind `quote`."""
    soft = "  " if delsp else " "
    lines: list[str] = []
    for line in text.rstrip("\n").split("\n"):
        pieces = textwrap.wrap(line, 66, break_long_words=False, break_on_hyphens=False) or [""]
        lines += [piece + soft for piece in pieces[:-1]] + [pieces[-1]]
    if not quote:
        return "\n".join(lines)
    return "\n".join(f"{quote} {line}" if line else quote for line in lines)


def html_lines(text: str) -> str:
    """Lines as a rich-text editor writes them: one <div> per line, <div><br></div> when blank."""
    escaped = text.rstrip("\n").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(
        f"<div>{line}</div>" if line else "<div><br></div>" for line in escaped.split("\n")
    )


def gmail(review_raw: bytes, top: str, *, quote: str | None = None) -> bytes:
    """Gmail: top-posted, a plain part whose quote is wrapped at 76, and an HTML part."""
    shown = text_of(review_raw) if quote is None else quote
    attribution = f"On Wed, Mar 18, 2026 at 5:00\u202fPM afterview <{ME}> wrote:"
    plain = f"{top}\n\n{attribution}\n\n{quoted(shown, width=74)}\n"
    html = (
        f'<div dir="ltr">{html_lines(top)}</div><br><div class="gmail_quote"><div dir="ltr" '
        f'class="gmail_attr">{attribution.replace("<", "&lt;").replace(">", "&gt;")}<br></div>'
        f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">'
        f"{html_lines(shown)}</blockquote></div>\n"
    )
    body = (
        '--b1\r\nContent-Type: text/plain; charset="UTF-8"\r\nContent-Transfer-Encoding: 8bit\r\n'
        f'\r\n{plain}\r\n--b1\r\nContent-Type: text/html; charset="UTF-8"\r\n'
        f"Content-Transfer-Encoding: 8bit\r\n\r\n{html}\r\n--b1--\r\n"
    )
    return reply(review_raw, body, content_type='multipart/alternative; boundary="b1"')


def outlook(review_raw: bytes, top: str) -> bytes:
    """Outlook: top-posted above a header block, the quote not marked at all."""
    header_block = (
        "________________________________\n"
        f"From: afterview <{ME}>\nSent: Wednesday, March 18, 2026 5:00 PM\n"
        f"To: {ME} <{ME}>\nSubject: [afterview] Review: {THANK_YOU}\n"
    )
    return reply(review_raw, f"{top}\n\n{header_block}\n{text_of(review_raw)}")


def apple_mail(review_raw: bytes, top: str, *, quote: str | None = None) -> bytes:
    """Apple Mail on an iPhone: flowed with DelSp, its signature, then the quote."""
    shown = text_of(review_raw) if quote is None else quote
    body = (
        f"{flowed(top, delsp=True)}\n\nSent from my iPhone\n\n"
        f"> On 18 Mar 2026, at 17:00, afterview <{ME}> wrote:\n>\n"
        f"{flowed(shown, quote='>', delsp=True)}\n"
    )
    return reply(
        review_raw, body, content_type="text/plain; charset=utf-8; format=flowed; delsp=yes"
    )


def thunderbird(review_raw: bytes, below: str, *, quote: str | None = None) -> bytes:
    """Thunderbird: flowed, the quote first, the answer below it, then a `-- ` signature."""
    shown = flowed(text_of(review_raw), quote=">") if quote is None else quote
    body = (
        f"On 2026-03-18 17:00, afterview wrote:\n{shown}\n\n{flowed(below)}\n\n"
        "-- \nAlex Martin\n+1 416 555 0199\n"
    )
    return reply(review_raw, body, content_type="text/plain; charset=UTF-8; format=flowed")


def webmail_html(review_raw: bytes, top: str, *, quote: str | None = None) -> bytes:
    """A webmail sending HTML only: paragraphs in <p>, the quote in a blockquote."""
    shown = text_of(review_raw) if quote is None else quote
    body = (
        f"<html><head><style>p {{ margin: 0 }}</style></head><body>{html_lines(top)}"
        f"<p>Le 18 mars 2026 à 17:00, afterview a écrit&nbsp;:</p>"
        f'<blockquote type="cite">{html_lines(shown)}</blockquote></body></html>\n'
    )
    return reply(review_raw, body, content_type='text/html; charset="utf-8"')


Client = Callable[[bytes, str], bytes]
CLIENTS: dict[str, Client] = {
    "gmail": gmail,
    "outlook": outlook,
    "apple-mail": apple_mail,
    "thunderbird": thunderbird,
    "webmail-html": webmail_html,
}


def answer(raw: bytes, token: str, item: OutboxItem = ITEM) -> object:
    return read_answer(raw, me=ME, tokens={token: item}, user_tz=timezone(timedelta(hours=-4)))


# --- The review message -----------------------------------------------------------------------


def test_review_message_is_from_and_to_the_user_marked_and_threaded() -> None:
    raw, token = review()
    message = parsed(raw)
    assert message["From"].addresses[0].addr_spec == ME
    assert message["From"].addresses[0].display_name == "afterview"
    assert str(message["To"]) == ME
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Afterview"] == "review"
    assert message["Message-ID"] == notice_id(NoticeKind.REVIEW, token, ME)
    assert token in message["Message-ID"]
    assert message["In-Reply-To"] == thread_id("app-1", ME)
    assert message["References"] == thread_id("app-1", ME)
    assert message["Subject"] == f"[afterview] Review: {THANK_YOU}"
    assert raw.count(b"\r\n") == raw.count(b"\n")


def test_review_shows_recipients_subject_time_and_the_email_between_markers() -> None:
    text = text_of(review()[0])
    assert "Sends Thursday, March 19 at 9:00 AM unless you say no." in text
    assert "To: Jane Doe <jane@acme.example>\n" in text
    assert f"Subject: {THANK_YOU}\n" in text
    assert "snooze 3d" in text
    assert "snooze until 2026-03-25" in text
    begin, end = "afterview: the email begins", "afterview: the email ends"
    between = text.split(begin, 1)[1].split(end, 1)[0]
    assert between.split("\n", 1)[1].rsplit("\n", 1)[0] == EMAIL_TEXT.rstrip("\n")


def test_review_in_french_with_approve_mode() -> None:
    raw, _ = review("fr", planned_item(Mode.APPROVE))
    text = text_of(raw)
    assert parsed(raw)["Subject"] == f"[afterview] À valider : {THANK_YOU}"
    assert parsed(raw)["Content-Language"] == "fr"
    assert "Envoi seulement quand vous dites oui." in text
    assert "envoyer, annuler, ou reporter 3j" in text
    assert "afterview : début du courriel" in text


def test_queued_review_in_french_words_its_time_the_french_way() -> None:
    assert "Envoi le jeudi 19 mars à 9 h, sauf si vous dites non." in text_of(review("fr")[0])


def test_approve_mode_says_it_waits_for_a_yes() -> None:
    assert "Sends only when you say yes." in text_of(review(item=planned_item(Mode.APPROVE))[0])


@pytest.mark.parametrize("mode", [Mode.AUTO, Mode.DRAFT])
def test_only_approve_and_queue_modes_are_reviewed(mode: Mode) -> None:
    with pytest.raises(ValueError, match="approve or queue"):
        review(item=planned_item(mode))


def test_reviews_of_one_application_share_a_thread_and_others_do_not() -> None:
    first, second = parsed(review()[0]), parsed(review()[0])
    assert first["References"] == second["References"]
    assert first["Message-ID"] != second["Message-ID"]
    assert thread_id("app-1", ME) != thread_id("app-2", ME)


def test_tokens_are_unguessable_and_checked() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{24}", token) for token in tokens)
    with pytest.raises(ValueError, match="token"):
        notice_id(NoticeKind.REVIEW, "short", ME)
    with pytest.raises(ValueError, match="token"):
        notice_id(NoticeKind.REVIEW, "x" * 20 + ">\r\nBcc: a@b.c", ME)


INJECTED = "Thanks\r\nBcc: attacker@evil.example\r\nX-Injected: yes"


def test_a_subject_with_line_breaks_adds_no_header_to_the_review() -> None:
    raw, _ = review(item=planned_item(message=planned_email(subject=INJECTED)))
    message = parsed(raw)
    assert "Bcc" not in message
    assert "X-Injected" not in message
    assert message["Subject"] == (
        "[afterview] Review: Thanks Bcc: attacker@evil.example X-Injected: yes"
    )
    expected = ["From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References"]
    assert list(message)[: len(expected)] == expected


def test_a_notice_subject_with_line_breaks_adds_no_header() -> None:
    raw = notice_message(
        INJECTED,
        "body\n",
        kind=NoticeKind.WARNING,
        token=new_token(),
        me=ME,
        language="en",
        now=NOW,
    )
    message = parsed(raw)
    assert {"Bcc", "X-Injected"}.isdisjoint(message.keys())
    assert message["Subject"].startswith("[afterview] Thanks Bcc:")


def test_notice_message_is_marked_with_its_kind_and_threaded_per_application() -> None:
    token = new_token()
    raw = notice_message(
        "How did your interview at Acme go?",
        "Reply with a few notes.\n",
        kind=NoticeKind.NOTES_PROMPT,
        token=token,
        me=ME,
        language="en",
        now=NOW,
        thread_of="app-1",
    )
    message = parsed(raw)
    assert message["X-Afterview"] == "notes-prompt"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Subject"] == "[afterview] How did your interview at Acme go?"
    assert message["Message-ID"] == f"<afterview.notes-prompt.{token}@example.test>"
    assert message["References"] == thread_id("app-1", ME)
    assert text_of(raw) == "Reply with a few notes.\n"


def test_a_notice_about_no_application_stands_alone() -> None:
    raw = notice_message(
        "Weekly digest",
        "Nothing new.\n",
        kind=NoticeKind.DIGEST,
        token=new_token(),
        me=ME,
        language="fr",
        now=NOW,
    )
    message = parsed(raw)
    assert "In-Reply-To" not in message
    assert "References" not in message
    assert message["X-Afterview"] == "digest"


# --- Commands, round trip ---------------------------------------------------------------------

ENGLISH = [
    ("send", Send(KEY)),
    ("Send!", Send(KEY)),
    ("yes please", Send(KEY)),
    ("Yes, send it.", Send(KEY)),
    ("cancel", Cancel(KEY)),
    ("No thanks.", Cancel(KEY)),
    ("Don\u2019t send", Cancel(KEY)),
    ("snooze 3d", Snooze(KEY, delta=timedelta(days=3))),
    ("snooze 2h", Snooze(KEY, delta=timedelta(hours=2))),
    ("Snooze 1 week", Snooze(KEY, delta=timedelta(weeks=1))),
    ("snooze until 2026-03-20", Snooze(KEY, until=date(2026, 3, 20))),
    ("snooze until Friday", Snooze(KEY, until=date(2026, 3, 20))),
    ("snooze until March 23", Snooze(KEY, until=date(2026, 3, 23))),
]
FRENCH = [
    ("envoyer", Send(KEY)),
    ("Oui", Send(KEY)),
    ("annuler", Cancel(KEY)),
    ("Non merci", Cancel(KEY)),
    ("Non, annule", Cancel(KEY)),
    ("reporter 3j", Snooze(KEY, delta=timedelta(days=3))),
    ("reporter de 2 heures", Snooze(KEY, delta=timedelta(hours=2))),
    ("reporter 1sem", Snooze(KEY, delta=timedelta(weeks=1))),
    ("reporter au 20 mars", Snooze(KEY, until=date(2026, 3, 20))),
    ("reporter jusqu\u2019au 2026-03-20", Snooze(KEY, until=date(2026, 3, 20))),
]


@pytest.mark.parametrize("client", sorted(CLIENTS))
@pytest.mark.parametrize(("command", "expected"), ENGLISH)
def test_english_commands_from_every_client(client: str, command: str, expected: object) -> None:
    raw, token = review("en")
    assert answer(CLIENTS[client](raw, command), token) == expected


@pytest.mark.parametrize("client", sorted(CLIENTS))
@pytest.mark.parametrize(("command", "expected"), FRENCH)
def test_french_commands_from_every_client(client: str, command: str, expected: object) -> None:
    raw, token = review("fr")
    assert answer(CLIENTS[client](raw, command), token) == expected


def test_a_command_above_an_attribution_wrapped_on_two_lines() -> None:
    raw, token = review()
    body = (
        "send\n\nOn Wed, Mar 18, 2026 at 5:00\u202fPM afterview via Example Mail <\n"
        f"{ME}> wrote:\n\n{quoted(text_of(raw))}\n"
    )
    assert answer(reply(raw, body), token) == Send(KEY)


def test_a_command_with_a_sign_off_and_name_is_still_the_command() -> None:
    raw, token = review()
    assert answer(gmail(raw, "Send\n\nThanks,\nAlex"), token) == Send(KEY)


@pytest.mark.parametrize(
    "command", ["snooze 0d", "snooze 900d", "snooze 3 fortnights", "snooze until 2020-01-01"]
)
def test_a_snooze_out_of_bounds_or_unreadable_is_ignored(command: str) -> None:
    raw, token = review()
    result = answer(gmail(raw, command), token)
    assert isinstance(result, Ignored)
    assert "snooze" in result.reason


def test_a_bare_snooze_waits_one_day() -> None:
    raw, token = review()
    assert answer(gmail(raw, "snooze"), token) == Snooze(KEY, delta=timedelta(days=1))


# --- Edits ------------------------------------------------------------------------------------


def edited_quote(review_raw: bytes) -> str:
    """The review's text with the email between the markers replaced by the edited one."""
    return text_of(review_raw).replace(EMAIL_TEXT.rstrip("\n"), EDITED_TEXT.rstrip("\n"))


def test_thunderbird_edit_inside_the_quote_is_recovered_exactly() -> None:
    raw, token = review()
    # The user retyped the middle paragraph: their new lines carry no quote mark.
    lines = flowed(text_of(raw), quote=">").split("\n")
    start = next(i for i, line in enumerate(lines) if "Thank you for taking" in line)
    end = next(i for i, line in enumerate(lines) if "would love to help" in line)
    retyped = EDITED_TEXT.split("\n\n")[1]
    quote = "\n".join([*lines[:start], flowed(retyped), *lines[end + 1 :]])
    assert answer(thunderbird(raw, "", quote=quote), token) == Edit(KEY, EDITED_TEXT)


@pytest.mark.parametrize("client", ["apple-mail", "webmail-html"])
def test_an_edit_inside_the_quote_is_recovered_exactly(client: str) -> None:
    raw, token = review()
    send_edit = {"apple-mail": apple_mail, "webmail-html": webmail_html}[client]
    assert answer(send_edit(raw, "", quote=edited_quote(raw)), token) == Edit(KEY, EDITED_TEXT)


def test_gmail_edit_inside_the_quote_keeps_the_words_as_wrapped() -> None:
    raw, token = review()
    result = answer(gmail(raw, "", quote=edited_quote(raw)), token)
    assert isinstance(result, Edit)
    assert result.text.split() == EDITED_TEXT.split()


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_a_new_version_above_the_quote_is_an_edit_without_signature(client: str) -> None:
    raw, token = review()
    top = EDITED_TEXT if client != "gmail" else EDITED_TEXT + "\n-- \nAlex Martin\n+1 416 555 0199"
    assert answer(CLIENTS[client](raw, top), token) == Edit(KEY, EDITED_TEXT)


@pytest.mark.parametrize("client", ["gmail", "outlook"])
def test_an_email_signed_with_dashes_keeps_its_signature_when_edited(client: str) -> None:
    signed = EMAIL_TEXT + "-- \nAlex Martin\n"
    item = planned_item(message=planned_email(text=signed))
    raw, token = review(item=item)
    new = EDITED_TEXT + "-- \nAlex Martin\n"
    assert answer(CLIENTS[client](raw, new), token, item) == Edit(KEY, new)


def test_send_above_a_new_version_sends_the_new_version() -> None:
    raw, token = review()
    assert answer(outlook(raw, f"Send\n\n{EDITED_TEXT}"), token) == Edit(KEY, EDITED_TEXT)


def test_cancel_wins_over_an_edit() -> None:
    raw, token = review()
    assert answer(apple_mail(raw, "cancel", quote=edited_quote(raw)), token) == Cancel(KEY)


def test_a_snooze_with_the_quote_wrapped_by_gmail_is_not_mistaken_for_an_edit() -> None:
    raw, token = review()
    assert answer(gmail(raw, "snooze 3d"), token) == Snooze(KEY, delta=timedelta(days=3))


@pytest.mark.parametrize(
    ("top", "reason"),
    [
        ("Can you make it shorter, and mention the migration?", "too unlike"),
        ("", "no command and no edited text"),
        (EMAIL_TEXT, "unchanged"),
        ("sned", "too unlike"),
    ],
)
def test_text_that_is_neither_a_command_nor_a_version_of_the_email_is_ignored(
    top: str, reason: str
) -> None:
    raw, token = review()
    result = answer(gmail(raw, top), token)
    assert isinstance(result, Ignored)
    assert reason in result.reason


def test_an_emptied_edit_block_is_not_an_empty_email() -> None:
    raw, token = review()
    emptied = text_of(raw).replace(EMAIL_TEXT.rstrip("\n"), "")
    result = answer(thunderbird(raw, "", quote=quoted(emptied)), token)
    assert result == Ignored("the edited email is empty")


def test_an_edit_block_without_its_end_line_is_not_an_edit() -> None:
    raw, token = review()
    cut = edited_quote(raw).split("afterview: the email ends")[0].rsplit("\n", 1)[0]
    assert isinstance(answer(apple_mail(raw, "", quote=cut), token), Ignored)


# --- Who may answer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sender",
    [
        "Alex Martin <alex@attacker.example>",
        f'"{ME}" <alex@attacker.example>',
        f"{ME} <alex@attacker.example>",
        f"Alex Martin <{ME}>, Mallory <mallory@attacker.example>",
        "",
    ],
)
def test_a_reply_not_from_the_account_is_ignored(sender: str) -> None:
    raw, token = review()
    spoofed = reply(raw, "send\n", sender=sender)
    result = answer(spoofed, token)
    assert isinstance(result, Ignored)
    assert "not from the account" in result.reason


def test_a_forward_of_the_review_to_someone_else_is_ignored() -> None:
    raw, token = review()
    forward = reply(raw, "send\n", to="Sam <sam@example.net>")
    result = answer(forward, token)
    assert isinstance(result, Ignored)
    assert "not addressed to the account" in result.reason


def test_the_account_address_counts_whatever_its_case() -> None:
    raw, token = review()
    assert answer(reply(raw, "send\n", sender="Alex <Alex@Example.TEST>"), token) == Send(KEY)


def test_a_reply_naming_the_review_only_in_references_counts() -> None:
    raw, token = review()
    review_id = parsed(raw)["Message-ID"]
    assert answer(reply(raw, "send\n", headers=f"References: {review_id}\r\n"), token) == Send(KEY)


@pytest.mark.parametrize(
    "headers",
    [
        "",
        "In-Reply-To: <afterview.review.AAAAAAAAAAAAAAAAAAAAAAAA@example.test>\r\n",
        f"In-Reply-To: {thread_id('app-1', ME)}\r\n",
    ],
    ids=["no-thread-headers", "unknown-token", "thread-only"],
)
def test_a_reply_without_a_known_token_is_ignored(headers: str) -> None:
    raw, token = review()
    result = answer(reply(raw, f"send\n\n{token}\n", headers=headers), token)
    assert isinstance(result, Ignored)
    assert "no open review" in result.reason


def test_a_token_of_another_review_does_not_answer_this_one() -> None:
    raw, _token = review()
    _other_raw, other_token = review()
    assert isinstance(answer(gmail(raw, "send"), other_token), Ignored)


def test_an_automatic_reply_is_ignored() -> None:
    raw, token = review()
    auto = reply(raw, "I am away.\n").replace(
        b"MIME-Version", b"Auto-Submitted: auto-replied\r\nMIME-Version"
    )
    result = answer(auto, token)
    assert isinstance(result, Ignored)
    assert "automatically" in result.reason


def test_afterviews_own_review_is_not_an_answer_to_itself() -> None:
    raw, token = review()
    doctored = raw.replace(
        b"In-Reply-To: ", b"In-Reply-To: " + parsed(raw)["Message-ID"].encode() + b" "
    )
    result = answer(doctored, token)
    assert isinstance(result, Ignored)


# --- The edited email -------------------------------------------------------------------------


def test_with_text_replaces_the_body_and_keeps_every_header() -> None:
    planned = planned_email()
    edited = with_text(planned, "Chère Jane,\n\nMerci !\n")
    before, after = parsed(planned), parsed(edited)
    for name in ("From", "To", "Subject", "Date", "Message-ID", "Content-Language"):
        assert after[name] == before[name]
    assert text_of(edited) == "Chère Jane,\n\nMerci !\n"
    assert after["Content-Transfer-Encoding"] == "quoted-printable"
    assert edited.split(b"\r\n\r\n", 1)[0].startswith(planned.split(b"\r\n\r\n", 1)[0][:200])


# --- Robustness -------------------------------------------------------------------------------

REVIEW_RAW, REVIEW_TOKEN = review()


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_are_ignored_never_an_error(raw: bytes) -> None:
    assert isinstance(answer(raw, REVIEW_TOKEN), Ignored)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=1500))
def test_any_reply_text_reads_without_error(text: str) -> None:
    result = answer(reply(REVIEW_RAW, text.replace("\r", "")), REVIEW_TOKEN)
    assert isinstance(result, Send | Cancel | Snooze | Edit | Ignored)
    if isinstance(result, Edit):
        assert result.text.strip()


def test_a_deeply_nested_html_reply_is_read_without_recursion() -> None:
    raw, token = review()
    body = "<div>" * 5000 + "send" + "</div>" * 5000
    assert answer(reply(raw, body, content_type="text/html"), token) == Send(KEY)
