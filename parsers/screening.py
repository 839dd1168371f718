"""Which messages are worth fetching whole: a decision from the headers alone.

A first start may read a hundred thousand messages, most of them newsletters and
job alerts. Their headers already settle them: the parser (`parse._parse`) files
bulk mail as unrelated without decoding a body, unless it may be an employer's
own careers mailer writing to the candidate, which only the body can tell. This
asks the same questions of the header block, so that a body is fetched exactly
when the parser would read it.
"""

from __future__ import annotations

from afterview.parsers import signals
from afterview.parsers.facts import Kind
from afterview.parsers.mime import Mail
from afterview.parsers.senders import employer_domain, is_job_board, sender_kind


def needs_body(header_block: bytes, me: frozenset[str]) -> bool:
    """False only for mail its headers file as unrelated whatever its body says."""
    mail = Mail(header_block)
    if (mail.sender.email or "") in me:
        return True  # the user's own mail: a thank-you written by hand counts
    evidence = list(signals.header_signals(mail, sender_kind(mail.sender)))
    if any(s.kind in {Kind.AUTO_REPLY, Kind.BOUNCE} for s in evidence):
        return True  # machine replies are read on, bulk headers or not
    if not any(s.name == "bulk_mail_headers" for s in evidence):
        return True
    return _may_be_an_employer_mailer(mail, me)


def _may_be_an_employer_mailer(mail: Mail, me: frozenset[str]) -> bool:
    """Bulk mail the body could still show to be about the user's application: from an
    employer's own domain (not a job board), addressed to the user."""
    domain = employer_domain(mail.sender)
    if domain is None or is_job_board(domain):
        return False
    return not me or any(p.email in me for p in mail.addresses("To"))
