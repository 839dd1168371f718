"""Messages afterview puts in the user's inbox: review messages and notices.

Pure: values in, bytes out; the outbox does the I/O, and `answers` reads the replies.

A review message shows a planned email (approve and queue modes) between two
marker lines, so that an edited version can be found again whatever the mail
client did to the quote. Its Message-ID carries an unguessable token which only
the user's own mailbox has seen: a reply answers a review only by naming it.
"""

from __future__ import annotations

import email.policy
import enum
import functools
import hashlib
import re
import secrets
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.parser import BytesParser

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

from afterview.daemon.records import Mode, OutboxItem, OutboxStatus
from afterview.policies.compose import check_address, compose
from afterview.policies.letters import Correspondent, Letter
from afterview.policies.templates import Rendered
from afterview.policies.wording import FILTERS

# --- Identifiers ------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_REVIEW_ID = re.compile(r"<afterview\.review\.([A-Za-z0-9_-]{16,64})@[^<>\s]+>")


class NoticeKind(enum.StrEnum):
    """What a message to the user is; written in its `X-Afterview` header."""

    REVIEW = "review"
    NOTES_PROMPT = "notes-prompt"
    DIGEST = "digest"
    WARNING = "warning"
    CANCELLED = "cancelled"


def new_token() -> str:
    """An unguessable token (144 random bits) for a message's Message-ID."""
    return secrets.token_urlsafe(18)


def notice_id(kind: NoticeKind, token: str, me: str) -> str:
    """The Message-ID of one of afterview's messages to the user, on the user's domain."""
    if not _TOKEN.fullmatch(token):
        raise ValueError("a token is 16 to 64 characters from A-Z, a-z, 0-9, _ and -")
    return f"<afterview.{kind.value}.{token}@{_domain(me)}>"


def thread_id(application_id: str, me: str) -> str:
    """The stable Message-ID that every message about one application refers to."""
    digest = hashlib.sha256(f"{me.casefold()}\0{application_id}".encode()).hexdigest()[:32]
    return f"<afterview.thread.{digest}@{_domain(me)}>"


def _domain(me: str) -> str:
    return check_address(me).rpartition("@")[2]


# --- Writing ----------------------------------------------------------------------------------

#: What the subject of every message from afterview to the user starts with.
PREFIX = "[afterview]"
_BEGIN = {"en": "afterview: the email begins", "fr": "afterview : début du courriel"}
_END = {"en": "afterview: the email ends", "fr": "afterview : fin du courriel"}
_RULE = "-" * 12
_REVIEW_SUBJECT = {"en": "Review: {}", "fr": "À valider : {}"}
_REVIEW_TEXT = {
    "en": """\
{% if queued %}
Sends {{ due|day }} at {{ due|time }} unless you say no.
{% else %}
Sends only when you say yes.
{% endif %}

To: {{ to }}
{% if cc %}
Cc: {{ cc }}
{% endif %}
Subject: {{ subject }}

To answer:
- flag this message to send the email now;
- delete it, or move it out of the inbox, to cancel;
- or reply with one word: send, cancel, or snooze 3d (also snooze 2h, snooze 1w, \
snooze until {{ example }});
- to change the email, reply with your version: edit it between the two afterview lines \
below, or write it at the top of your reply. It is sent as you wrote it.

{{ begin }}
{{ body }}
{{ end }}
""",
    "fr": """\
{% if queued %}
Envoi le {{ due|day }} à {{ due|time }}, sauf si vous dites non.
{% else %}
Envoi seulement quand vous dites oui.
{% endif %}

À : {{ to }}
{% if cc %}
Cc : {{ cc }}
{% endif %}
Objet : {{ subject }}

Pour répondre :
- signalez ce message (drapeau) pour envoyer le courriel maintenant ;
- supprimez-le, ou sortez-le de la boîte de réception, pour annuler ;
- ou répondez d'un mot : envoyer, annuler, ou reporter 3j (aussi reporter 2h, reporter 1sem, \
reporter au {{ example }}) ;
- pour changer le courriel, répondez avec votre version : modifiez-la entre les deux lignes \
afterview ci-dessous, ou écrivez-la en haut de votre réponse. Elle est envoyée telle quelle.

{{ begin }}
{{ body }}
{{ end }}
""",
}


def review_message(
    item: OutboxItem, *, token: str, me: str, language: str, zone: str, now: datetime
) -> bytes:
    """The review message for a planned email: its text, recipients, subject and time."""
    if item.message is None or item.mode not in {Mode.APPROVE, Mode.QUEUE}:
        raise ValueError(f"{item.key}: only a composed email in approve or queue mode is reviewed")
    planned = _planned(item.message)
    lang = _language(language)
    body = _wording(lang).render(
        language=lang,
        zone=zone,
        queued=item.mode is Mode.QUEUE,
        due=item.due_at,
        to=planned["To"] or "",
        cc=planned["Cc"] or "",
        subject=planned["Subject"] or "",
        example=(now + timedelta(days=7)).date().isoformat(),
        begin=_marker(_BEGIN[lang]),
        body=_text_of(planned).rstrip("\n"),
        end=_marker(_END[lang]),
    )
    subject = _REVIEW_SUBJECT[lang].format(planned["Subject"] or "")
    return notice_message(
        subject,
        body,
        kind=NoticeKind.REVIEW,
        token=token,
        me=me,
        language=lang,
        now=now,
        thread_of=item.application_id,
    )


def notice_message(
    subject: str,
    body: str,
    *,
    kind: NoticeKind,
    token: str,
    me: str,
    language: str,
    now: datetime,
    thread_of: str | None = None,
) -> bytes:
    """A message from afterview to the user, marked as automatic and threaded per application."""
    thread = thread_id(thread_of, me) if thread_of else None
    letter = Letter(
        template=kind.value,
        language=_language(language),
        sender=Correspondent(email=me, name="afterview"),
        to=(Correspondent(email=me),),
        company="",
        in_reply_to=thread,
    )
    shown = subject if subject.startswith(PREFIX) else f"{PREFIX} {subject}"
    message = compose(
        letter, Rendered(shown, body), date=now, message_id=notice_id(kind, token, me)
    )
    # Constants only: nothing from incoming mail reaches these two headers.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Afterview"] = kind.value
    return message.as_bytes()


_NOT_SENT = {"en": "Not sent: {}", "fr": "Non envoyé : {}"}
_SETTLED_TEXT = {
    "en": "{what}\nTo: {to}\nWhy: {why}\n",
    "fr": "{what}\nÀ : {to}\nPourquoi : {why}\n",
}
_SETTLED_WHAT = {
    "en": {
        "cancelled": "afterview will not send this email.",
        "skipped": "afterview did not write this email.",
        "notified": "afterview did not write this email in time; it is yours to decide.",
        "failed": "afterview could not send this email.",
        "uncertain": "afterview cannot tell whether this email left: check your Sent folder "
        "before sending it again yourself.",
    },
    "fr": {
        "cancelled": "afterview n'enverra pas ce courriel.",
        "skipped": "afterview n'a pas écrit ce courriel.",
        "notified": "afterview n'a pas écrit ce courriel à temps ; à vous de décider.",
        "failed": "afterview n'a pas pu envoyer ce courriel.",
        "uncertain": "afterview ne sait pas si ce courriel est parti : vérifiez vos éléments "
        "envoyés avant de le renvoyer vous-même.",
    },
}


def settled_notice(item: OutboxItem, *, token: str, me: str, language: str, now: datetime) -> bytes:
    """The notice telling the user that a planned email was withdrawn, failed or is in doubt."""
    lang = _language(language)
    about = item.subject or f"{item.rule} ({item.application_id or '-'})"
    what = _SETTLED_WHAT[lang].get(item.status.value, _SETTLED_WHAT[lang]["cancelled"])
    body = _SETTLED_TEXT[lang].format(what=what, to=item.recipient or "-", why=item.reason or "-")
    cancelled = item.status is OutboxStatus.CANCELLED
    kind = NoticeKind.CANCELLED if cancelled else NoticeKind.WARNING
    return notice_message(
        _NOT_SENT[lang].format(about),
        body,
        kind=kind,
        token=token,
        me=me,
        language=lang,
        now=now,
        thread_of=item.application_id,
    )


_STOPPED_SUBJECT = {
    "en": "Sending is stopped: the mail server refused afterview",
    "fr": "Envoi arrêté : le serveur de courriel a refusé afterview",
}
_STOPPED_TEXT = {
    "en": "afterview sends nothing until this is fixed:\n{detail}\n\nCheck the smtp section "
    "of your config and the password source, then run: systemctl --user reload afterview\n",
    "fr": "afterview n'envoie plus rien tant que ceci n'est pas réglé :\n{detail}\n\nVérifiez "
    "la section smtp de votre configuration et la source du mot de passe, puis lancez : "
    "systemctl --user reload afterview\n",
}


def sending_stopped_notice(
    detail: str, *, token: str, me: str, language: str, now: datetime
) -> bytes:
    """The warning that the SMTP server refused the login or its identity: nothing is sent."""
    lang = _language(language)
    body = _STOPPED_TEXT[lang].format(detail=detail)
    return notice_message(
        _STOPPED_SUBJECT[lang], body, kind=NoticeKind.WARNING, token=token, me=me,
        language=lang, now=now,
    )  # fmt: skip


def with_text(planned: bytes, text: str) -> bytes:
    """The planned email with the user's edited text as its body; every header kept."""
    message = BytesParser(EmailMessage, policy=_KEEP_HEADERS).parsebytes(planned)
    language = message["Content-Language"]
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    # As compose writes bodies: quoted-printable keeps non-ASCII safe without 8BITMIME.
    message.set_content(body, charset="utf-8", cte=None if body.isascii() else "quoted-printable")
    if language:
        message["Content-Language"] = str(language)
    return message.as_bytes()


# Headers read from a stored message are written back as they were, never refolded.
_KEEP_HEADERS = email.policy.SMTP.clone(refold_source="none")


def _planned(message: bytes) -> EmailMessage:
    return BytesParser(EmailMessage, policy=email.policy.default).parsebytes(message)


def planned_text(message: bytes) -> str:
    """The plain text of a stored planned email, as composed."""
    return _text_of(_planned(message))


def review_tokens(header: str) -> list[str]:
    """The tokens of the review messages a header's Message-IDs name, in order."""
    return [str(token) for token in _REVIEW_ID.findall(header)]


def _text_of(message: EmailMessage) -> str:
    """The plain text of a planned email, as composed."""
    part = message.get_body(preferencelist=("plain",))
    text = part.get_content() if isinstance(part, EmailMessage) else ""
    return str(text).replace("\r\n", "\n")


def _language(language: str) -> str:
    base = language.lower().partition("-")[0]
    return base if base in _BEGIN else "en"


def _marker(label: str) -> str:
    return f"{_RULE} {label} {_RULE}"


@functools.cache
def _wording(language: str) -> Template:
    """The review text in a language, compiled once, with the letters' day and time words."""
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True
    )
    env.filters.update(FILTERS)
    return env.from_string(_REVIEW_TEXT[language])
