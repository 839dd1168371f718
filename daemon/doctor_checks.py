"""The findings of `afterview doctor`, and its checks of the IMAP and SMTP servers.

A check returns a `Finding` and never raises: a failure is a finding that says what
is wrong and how to fix it. The server checks only look. The IMAP visit EXAMINEs
folders (read-only: no flag changes, not even \\Recent) and the SMTP visit QUITs
after AUTH, so no mail is sent. Every step has a bounded timeout, and the steps
after one that failed are `skipped`, saying why.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import imaplib
import queue
import socket
import ssl
import threading
import time
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

import aiosmtplib
from imapclient import IMAPClient

from afterview.daemon.config import Config, Imap, Smtp
from afterview.daemon.imap import AuthenticationFailed, ImapError, ImapSession, ImapSettings
from afterview.daemon.smtp import SmtpSettings, tls_context

Section = Literal["imap", "smtp"]
E = TypeVar("E", bound=BaseException)
IMAP_CHECKS = (
    "imap.connect",
    "imap.tls",
    "imap.login",
    "imap.capabilities",
    "imap.folders",
    "imap.watch",
)
SMTP_CHECKS = ("smtp.connect", "smtp.tls", "smtp.auth", "smtp.login")


class Status(enum.StrEnum):
    """How a check came out; only PROBLEM keeps afterview from running."""

    OK = "ok"
    WARNING = "warning"
    PROBLEM = "problem"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Finding:
    """What one check found and, unless all is well, the exact fix."""

    check: str
    status: Status
    detail: str
    fix: str | None = None


def ok(check: str, detail: str) -> Finding:
    """All is well."""
    return Finding(check, Status.OK, detail)


def warning(check: str, detail: str, fix: str) -> Finding:
    """afterview runs, but worse than it could."""
    return Finding(check, Status.WARNING, detail, fix)


def problem(check: str, detail: str, fix: str) -> Finding:
    """afterview cannot run until this is fixed."""
    return Finding(check, Status.PROBLEM, detail, fix)


def skipped(check: str, why: str) -> Finding:
    """Not checked, because something it needs is missing or failed: `why` says which."""
    return Finding(check, Status.SKIPPED, why)


@dataclass(frozen=True)
class Password:
    """A password read for the login checks, and where it came from: named, never shown."""

    value: str = field(repr=False)
    origin: str


# What a failed step is called in the findings of the steps skipped after it.
_STEP_NAMES = {
    "imap.connect": "connecting to the IMAP server",
    "imap.tls": "the IMAP TLS handshake",
    "imap.login": "the IMAP login",
    "smtp.connect": "connecting to the SMTP server",
    "smtp.tls": "the SMTP TLS handshake",
    "smtp.auth": "the SMTP AUTH check",
}
_BLOCKING = frozenset({Status.PROBLEM, Status.SKIPPED})
_NETWORK_ERRORS = (ImapError, aiosmtplib.SMTPException, imaplib.IMAP4.error, OSError)
_AGAIN = "run afterview doctor again later; if this stays, ask your mail provider"


def skip_after(blocker: Finding, checks: Iterable[str]) -> list[Finding]:
    """The checks that needed what `blocker` reports, skipped with its reason."""
    why = blocker.detail
    if blocker.status is not Status.SKIPPED:
        why = f"{_STEP_NAMES.get(blocker.check, blocker.check)} failed"
    return [skipped(check, why) for check in checks]


def chain(steps: Sequence[tuple[str, Callable[[], Finding]]]) -> list[Finding]:
    """Run the steps in order until one blocks; the rest are skipped, saying why."""
    findings: list[Finding] = []
    for index, (check, step) in enumerate(steps):
        try:
            findings.append(step())
        except _NETWORK_ERRORS as error:
            findings.append(problem(check, str(error), _AGAIN))
        except Exception as error:  # noqa: BLE001 -- a doctor that crashes diagnoses nothing
            fix = "this is a bug in afterview: report it with this output"
            findings.append(problem(check, f"unexpected error: {error!r}", fix))
        if findings[-1].status in _BLOCKING:
            return findings + skip_after(findings[-1], [name for name, _ in steps[index + 1 :]])
    return findings


def reach(section: Section, server: Imap | Smtp, timeout: float) -> Finding:
    """Resolve the host and open (then close) a TCP connection to the configured port."""
    check, where = f"{section}.connect", f"{server.host}:{server.port}"
    try:
        addresses = _resolve(server.host, server.port, timeout)
    except OSError as error:
        fix = f"check the spelling of {section}.host: your provider's documented server name"
        return problem(check, f"cannot find {server.host} in DNS: {error.strerror or error}", fix)
    try:
        connected = _connect(addresses, timeout)
    except ConnectionRefusedError:
        return problem(check, f"nothing accepts connections at {where}", _port_fix(section))
    except TimeoutError:
        fix = f"a firewall may block port {server.port}; or {_port_fix(section)}"
        return problem(check, f"no answer from {where} within {timeout:g} s", fix)
    except OSError as error:
        detail = f"cannot connect to {where}: {error.strerror or error}"
        return problem(check, detail, "check this machine's network connection")
    return ok(check, f"{where} accepts connections ({connected})")


def _port_fix(section: Section) -> str:
    implicit, starttls = (993, 143) if section == "imap" else (465, 587)
    return (
        f"check {section}.host and {section}.port: the usual ports are {implicit} "
        f"with {section}.tls: implicit and {starttls} with {section}.tls: starttls"
    )


def _resolve(host: str, port: int, timeout: float) -> list[Any]:
    """getaddrinfo, bounded: it takes no timeout, so it runs on a thread of its own."""
    answer: queue.SimpleQueue[list[Any] | OSError] = queue.SimpleQueue()

    def lookup() -> None:
        try:
            answer.put(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as error:
            answer.put(error)

    # A daemon thread: a lookup stuck past the timeout must not hold the process's exit.
    threading.Thread(target=lookup, name="doctor dns", daemon=True).start()
    try:
        result = answer.get(timeout=timeout)
    except queue.Empty:
        raise OSError(f"no answer within {timeout:g} s") from None
    if isinstance(result, OSError):
        raise result
    return result


def _connect(addresses: list[Any], timeout: float) -> str:
    """The first address that accepts a connection; the last error if none does."""
    error = OSError("no address")
    for family, kind, proto, _name, address in addresses:
        try:
            with socket.socket(family, kind, proto) as sock:
                sock.settimeout(timeout)
                sock.connect(address)
                return str(address[0])
        except OSError as failed:
            error = failed
    raise error


def _unusable_ca(section: Section, server: Imap | Smtp) -> Finding | None:
    """A ca_file that holds no certificate Python can load, as a finding."""
    if server.ca_file is None:
        return None
    try:
        ssl.create_default_context(cafile=server.ca_file)
    except OSError as error:  # ssl.SSLError included
        fix = f"point {section}.ca_file at the authority's certificate, in PEM format"
        return problem(f"{section}.tls", f"cannot load {server.ca_file}: {error}", fix)
    return None


def verified(check: str, version: str | None, cert: dict[str, Any] | None) -> Finding:
    """A TLS session whose certificate passed verification, described."""
    cert = cert or {}
    names = ", ".join(value for _kind, value in cert.get("subjectAltName", ())) or "?"
    issuer = dict(pair for rdn in cert.get("issuer", ()) for pair in rdn)
    by = issuer.get("organizationName") or issuer.get("commonName") or "?"
    days = int((ssl.cert_time_to_seconds(cert["notAfter"]) - time.time()) // 86400)
    detail = f"{version}; certificate for {names} from {by} verified, valid {days} more days"
    if days < 14:
        fix = "ask the server's administrator (your mail provider) to renew its certificate"
        return warning(check, detail, fix)
    return ok(check, detail)


def tls_failure(section: Section, server: Imap | Smtp, error: BaseException) -> Finding:
    """What a failed TLS set-up means, and the setting that fixes it."""
    check, where = f"{section}.tls", f"{server.host}:{server.port}"
    if refused := _cause(error, ssl.SSLCertVerificationError):
        return _untrusted(section, server, refused)
    # The usual mix-ups: implicit TLS on a plaintext port, which answers the TLS hello with
    # its greeting, or STARTTLS on a TLS port, which waits for a hello that never comes.
    if server.tls == "implicit" and _cause(error, ssl.SSLError):
        detail = f"TLS handshake with {where} failed ({error}): is it a plaintext port?"
        return problem(check, detail, _port_fix(section))
    if _cause(error, TimeoutError):
        if server.tls == "starttls":
            detail = f"{where} sent no greeting: does it expect TLS from the first byte?"
            return problem(check, detail, _port_fix(section))
        return problem(check, f"{where} did not answer in time", _AGAIN)
    return problem(check, f"{where}: {error}", _AGAIN)


def _cause(error: BaseException | None, kind: type[E]) -> E | None:
    """The error, or the first of its causes, that is a `kind`."""
    for _depth in range(10):
        if error is None or isinstance(error, kind):
            return error
        error = error.__cause__ or error.__context__
    return None


# OpenSSL's verify codes (X509_V_ERR_*) that ca_file cannot fix.
_EXPIRED, _HOSTNAME_MISMATCH = 10, 62


def _untrusted(
    section: Section, server: Imap | Smtp, error: ssl.SSLCertVerificationError
) -> Finding:
    key, reason = f"{section}.ca_file", error.verify_message or str(error)
    detail = f"{server.host}:{server.port}: certificate refused ({reason}); no password was sent"
    if error.verify_code == _HOSTNAME_MISMATCH:
        fix = f"set {section}.host to a name the certificate covers (your provider's server name)"
    elif error.verify_code == _EXPIRED:
        fix = "the certificate has expired: its administrator must renew it"
    elif server.ca_file is not None:
        fix = f"{key} ({server.ca_file}) lacks the authority that signed it: correct {key}"
    else:
        fix = (
            "no authority this system trusts signed it. If the server has an authority of its "
            f"own (self-hosted), save that authority's certificate as a PEM file and set {key}: "
            f"/path/to/ca.pem; if not, check {section}.host"
        )
    return problem(f"{section}.tls", detail, fix)


def _plaintext(section: Section, server: Imap | Smtp) -> Finding:
    detail = f"no TLS ({section}.tls: none): allowed because {server.host} is this machine"
    return ok(f"{section}.tls", detail)


def wrong_password_fix(section: Section, username: str, password: Password) -> str:
    """How to fix a refused login: the source the password came from, and app passwords."""
    return (
        f"put the right password in {password.origin}, and check {section}.username "
        f"({username!r}). Gmail, iCloud, Yahoo and Fastmail refuse your usual password to "
        "mail programs: create an app password and store that instead"
    )


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
            return _plaintext("imap", imap)
        if unusable := _unusable_ca("imap", imap):
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
        if unusable := _unusable_ca("smtp", smtp):
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
            return _plaintext("smtp", smtp)
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
            return problem("smtp.auth", "the server offers no AUTH here", _port_fix("smtp"))
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
