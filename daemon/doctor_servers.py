"""The checks of `afterview doctor` that talk to the IMAP and SMTP servers.

They only look. The IMAP visit EXAMINEs folders (read-only: no flag changes, not even
\\Recent) and the SMTP visit QUITs after AUTH, so no mail is sent. Every step has a
bounded timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import imaplib
import ssl
import time
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any

import aiosmtplib
from imapclient import IMAPClient

from afterview.daemon.config import Config
from afterview.daemon.doctor_findings import (
    IMAP_CHECKS,
    SMTP_CHECKS,
    Finding,
    Password,
    chain,
    ok,
    problem,
    skipped,
    warning,
)
from afterview.daemon.doctor_network import (
    plaintext,
    port_fix,
    reach,
    tls_failure,
    unusable_ca,
    verified,
    wrong_password_fix,
)
from afterview.daemon.imap import AuthenticationFailed, ImapError, ImapSession, ImapSettings
from afterview.daemon.smtp import SmtpSettings, tls_context


class ImapVisit:
    """One read-only look at the IMAP server: reach, TLS, login, capabilities, folders."""

    def __init__(self, config: Config, password: Password | None, timeout: float) -> None:
        self.config, self.imap, self.password = config, config.imap, password
        self.timeout = timeout
        self.session: ImapSession | None = None

    def findings(self) -> list[Finding]:
        """A finding per step of IMAP_CHECKS; the session is logged out afterwards."""
        steps = (self._reach, self._tls, self._login, self._capabilities)
        try:
            return chain(
                list(zip(IMAP_CHECKS, (*steps, self._folders, self._watched), strict=True))
            )
        finally:
            if self.session is not None:
                self.session.logout()

    def _reach(self) -> Finding:
        return reach("imap", self.imap, self.timeout)

    def _tls(self) -> Finding:
        """A TLS handshake of its own: ImapSession shows neither version nor certificate."""
        imap = self.imap
        if imap.tls == "none":
            return plaintext("imap", imap)
        if unusable := unusable_ca("imap", imap):
            return unusable
        context = ssl.create_default_context(cafile=imap.ca_file)  # as ImapSession's
        implicit = imap.tls == "implicit"
        try:
            client = IMAPClient(
                imap.host, imap.port, ssl=implicit, ssl_context=context, timeout=self.timeout
            )
        except (OSError, imaplib.IMAP4.error) as error:
            return tls_failure("imap", imap, error)
        try:
            if not implicit:
                if b"STARTTLS" not in client.capabilities():
                    fix = (
                        "use implicit TLS if the server has it: imap.tls: implicit, imap.port: 993"
                    )
                    return problem("imap.tls", f"{imap.host} does not offer STARTTLS", fix)
                client.starttls(context)
            return verified("imap.tls", client.socket().version(), client.socket().getpeercert())
        except (OSError, imaplib.IMAP4.error) as error:
            return tls_failure("imap", imap, error)
        finally:
            try:
                client.logout()  # allowed before login too
            except (OSError, imaplib.IMAP4.error):
                with contextlib.suppress(OSError):
                    client.shutdown()

    def _login(self) -> Finding:
        if self.password is None:
            why = "the IMAP password is not readable here (see password.imap)"
            return skipped("imap.login", why)
        settings = ImapSettings.from_config(self.imap, self.password.value)
        session = ImapSession(replace(settings, timeout=self.timeout), readonly=True)
        try:
            session.connect()
        except ImapError as error:
            session.logout()
            if not isinstance(error, AuthenticationFailed):
                raise
            fix = wrong_password_fix("imap", settings.username, self.password)
            return problem("imap.login", str(error), fix)
        self.session = session
        return ok("imap.login", f"logged in as {settings.username!r}")

    def _capabilities(self) -> Finding:
        offered = self._session().capabilities
        named = [c for c in ("IDLE", "CONDSTORE", "QRESYNC", "SPECIAL-USE") if c in offered]
        detail = f"the server offers {', '.join(named) or 'none of IDLE, CONDSTORE, SPECIAL-USE'}"
        gaps = []
        if "IDLE" not in offered:
            gaps.append("without IDLE, new mail is noticed by polling, up to a minute late")
        if "CONDSTORE" not in offered:
            gaps.append("without CONDSTORE, flagging a review message (send it now) goes unseen")
        if not gaps:
            return ok("imap.capabilities", detail)
        fix = "nothing to set: afterview works without them, only slower"
        return warning("imap.capabilities", "; ".join([detail, *gaps]), fix)

    def _folders(self) -> Finding:
        overrides = {"drafts": self.config.folders.drafts, "sent": self.config.folders.sent}
        found = self._session().special_folders(overrides)
        for role, name in ((role, found.get(role)) for role in overrides):
            if name is None:
                detail = f"no {role} folder: none is marked \\{role.title()} or has a usual name"
                fix = f"set folders.{role}: to its name, as your mail program shows it"
                return problem("imap.folders", detail, fix)
            try:
                self._session().open(name)
            except ImapError as error:
                which = f"folders.{role} names" if overrides[role] else f"the {role} folder is"
                fix = f"set folders.{role}: to the folder's exact name"
                return problem("imap.folders", f"{which} {name!r}: {error}", fix)
        return ok("imap.folders", f"Drafts is {found['drafts']!r}, Sent is {found['sent']!r}")

    def _watched(self) -> Finding:
        opened = []
        for name in self.config.folders.watch:
            try:
                status = self._session().open(name)
            except ImapError as error:
                fix = "correct its name in folders.watch (case matters but for INBOX), or remove it"
                return problem("imap.watch", f"cannot open {name!r}: {error}", fix)
            opened.append(f"{name} (next UID {status.uidnext})")
        return ok("imap.watch", f"examined read-only: {', '.join(opened)}")

    def _session(self) -> ImapSession:
        if self.session is None:
            raise RuntimeError("the IMAP checks need a logged-in session")
        return self.session


# Said in EHLO, as afterview's sending does: the machine's name is nobody's business.
_EHLO_NAME = "[127.0.0.1]"


class SmtpVisit:
    """One look at the SMTP server over one connection: TLS, EHLO, AUTH, then QUIT."""

    def __init__(self, config: Config, password: Password | None, timeout: float) -> None:
        self.smtp, self.password, self.timeout = config.smtp, password, timeout
        self.client: aiosmtplib.SMTP | None = None

    def findings(self) -> list[Finding]:
        """A finding per step of SMTP_CHECKS; nothing is ever sent."""
        # One event loop for the whole visit: every step goes on over the same connection.
        with asyncio.Runner() as runner:

            def run(step: Callable[[], Coroutine[Any, Any, Finding]]) -> Callable[[], Finding]:
                return lambda: runner.run(step())

            steps = (self._reach, run(self._tls), run(self._auth), run(self._login))
            try:
                return chain(list(zip(SMTP_CHECKS, steps, strict=True)))
            finally:
                if self.client is not None:
                    runner.run(_hang_up(self.client, self.timeout))

    def _reach(self) -> Finding:
        return reach("smtp", self.smtp, self.timeout)

    async def _tls(self) -> Finding:
        smtp = self.smtp
        if unusable := unusable_ca("smtp", smtp):
            return unusable
        settings = SmtpSettings(smtp.host, smtp.port, smtp.tls, ca_file=smtp.ca_file)
        # As daemon/smtp.py connects: STARTTLS is ours to send, so that it is never skipped.
        self.client = client = aiosmtplib.SMTP(
            hostname=smtp.host,
            port=smtp.port,
            use_tls=smtp.tls == "implicit",
            start_tls=False,
            tls_context=None if smtp.tls == "none" else tls_context(settings),
            local_hostname=_EHLO_NAME,
            timeout=self.timeout,
        )
        try:
            await client.connect()
            if smtp.tls == "starttls":
                await client.ehlo()
                if not client.supports_extension("starttls"):
                    fix = (
                        "use implicit TLS if the server has it: smtp.tls: implicit, smtp.port: 465"
                    )
                    return problem("smtp.tls", f"{smtp.host} does not offer STARTTLS", fix)
                await client.starttls()
        except (aiosmtplib.SMTPException, OSError) as error:
            return tls_failure("smtp", smtp, error)
        if smtp.tls == "none":
            return plaintext("smtp", smtp)
        session = client.get_transport_info("ssl_object")
        return verified("smtp.tls", session.version(), session.getpeercert())

    async def _auth(self) -> Finding:
        client = self._client()
        await client.ehlo()  # again: what a server offers changes once TLS is on
        offered = " ".join(method.upper() for method in client.server_auth_methods) or "none"
        usable = [method.upper() for method in client.supported_auth_methods]
        if self.smtp.username is None:
            fix = "set smtp.username, unless this server relays this machine's mail without login"
            return warning("smtp.auth", f"no smtp.username: no AUTH ({offered} offered)", fix)
        if not client.server_auth_methods:
            return problem("smtp.auth", "the server offers no AUTH here", port_fix("smtp"))
        if not usable:
            detail = f"AUTH {offered} only; afterview logs in with PLAIN, LOGIN or CRAM-MD5"
            fix = "create an app password with your provider, or use a server that takes one"
            return problem("smtp.auth", detail, fix)
        return ok(
            "smtp.auth", f"EHLO accepted; AUTH offered: {offered}; afterview uses {usable[0]}"
        )

    async def _login(self) -> Finding:
        username = self.smtp.username
        if username is None:
            return skipped("smtp.login", "smtp.username is not set: no login to test")
        if self.password is None:
            why = "the SMTP password is not readable here (see password.smtp)"
            return skipped("smtp.login", why)
        try:
            await self._client().login(username, self.password.value)
        except aiosmtplib.SMTPAuthenticationError as error:
            detail = (
                f"{self.smtp.host} refused the login of {username!r}: {error.code} {error.message}"
            )
            return problem(
                "smtp.login", detail, wrong_password_fix("smtp", username, self.password)
            )
        return ok("smtp.login", f"logged in as {username!r}, then QUIT: no mail was sent")

    def _client(self) -> aiosmtplib.SMTP:
        if self.client is None:
            raise RuntimeError("the SMTP checks need a connection")
        return self.client


async def _hang_up(client: aiosmtplib.SMTP, patience: float) -> None:
    """QUIT if connected, then wait (bounded) until asyncio has really closed the socket."""
    sock = client.get_transport_info("socket") if client.is_connected else None
    if client.is_connected:
        with contextlib.suppress(aiosmtplib.SMTPException, OSError):
            await client.quit(timeout=min(patience, 5.0))
    client.close()
    deadline = time.monotonic() + min(patience, 5.0)
    # Polled, as in daemon/smtp.py: asyncio closes a TLS socket a few loop turns late.
    while sock is not None and sock.fileno() != -1 and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.005)


def server_findings(
    config: Config, imap_password: Password | None, smtp_password: Password | None, timeout: float
) -> list[Finding]:
    """The IMAP checks, then the SMTP checks."""
    imap = ImapVisit(config, imap_password, timeout).findings()
    return imap + SmtpVisit(config, smtp_password, timeout).findings()
