"""The starter configuration `afterview init` writes: the essentials, commented."""

from __future__ import annotations

import json
from dataclasses import dataclass

import tzlocal


@dataclass(frozen=True)
class Answers:
    """What `afterview init` asks the user: who they are and where their mail lives."""

    email: str
    name: str
    imap_host: str
    smtp_host: str
    timezone: str | None


def mail_domain(email: str) -> str:
    """`alex@example.net` -> `example.net`."""
    return email.rpartition("@")[2]


def system_timezone() -> str | None:
    """The machine's IANA zone name, if it has one."""
    try:
        return tzlocal.get_localzone_name()
    except Exception:  # noqa: BLE001 -- tzlocal raises many kinds; no zone is a fine answer
        return None


def _q(value: str) -> str:
    # JSON strings are valid YAML scalars, and quote anything a user may type.
    return json.dumps(value, ensure_ascii=False)


def render(answers: Answers, password_file: str) -> str:
    """The YAML text of a starter config; every other key keeps its documented default."""
    zone = _q(answers.timezone) if answers.timezone else "null   # null: the system's zone"
    return f"""\
# afterview configuration, written by `afterview init`.
# Every key is documented in config.example.yaml; check with `afterview check-config`.

account:
  email: {_q(answers.email)}
  name: {_q(answers.name)}
  signature: |
    {answers.name}

imap:
  host: {_q(answers.imap_host)}
  port: 993
  tls: implicit            # implicit (port 993) or starttls (port 143)
  username: {_q(answers.email)}
  password:
    # Never the password itself. Put it alone in this file (chmod 600), or use
    # command: [pass, show, mail/imap], credential: NAME (systemd) or env: VAR.
    file: {_q(password_file)}

smtp:
  host: {_q(answers.smtp_host)}
  port: 465
  tls: implicit            # implicit (port 465) or starttls (port 587)
  username: {_q(answers.email)}
  # password: the IMAP one unless given here.

timezone: {zone}
"""
