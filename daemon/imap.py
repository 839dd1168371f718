"""One IMAP connection: a blocking imapclient session, owned by a thread of its own.

imapclient blocks and is not thread-safe, so each connection lives on one thread
(`MailboxThread`) and the event loop hands it work with `await thread.call(...)`.
Reading never changes the user's mail: every fetch PEEKs, so \\Seen stays as it was.
Failures come out as the kind they are: `AuthenticationFailed` (stop: a retry would
hammer the server with a wrong password) or another `ImapError` (retry later, on a new
connection: the network, TLS, a server that hung up or refused a command).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import imaplib
import queue
import re
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.parser import BytesHeaderParser
from email.policy import compat32
from importlib.metadata import version
from pathlib import Path
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import LoginError

from afterview.daemon.config import Imap, is_loopback
from afterview.parsers.mime import first_message_id

P = ParamSpec("P")
T = TypeVar("T")

# imapclient's parser holds the GIL ~70 ms per 500 messages: no single call parses more.
BATCH = 500
# RFC 6154 roles and, for servers without SPECIAL-USE, the names clients commonly give them.
SPECIAL_USE = {"drafts": "\\Drafts", "sent": "\\Sent", "all": "\\All", "trash": "\\Trash"}
COMMON_NAMES = {
    "drafts": ("Drafts", "Draft", "[Gmail]/Drafts"),
    "sent": ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "[Gmail]/Sent Mail"),
    "all": ("[Gmail]/All Mail", "All Mail"),
    "trash": ("Trash", "Deleted Items", "Deleted Messages", "[Gmail]/Trash", "[Gmail]/Bin"),
}
# What an IDLE response must be to say the folder changed; "* OK Still here" is not.
_CHANGES = frozenset({b"EXISTS", b"EXPUNGE", b"FETCH", b"VANISHED"})
# RFC 5530 codes of a login refused for now, not for its credentials.
_TRANSIENT_LOGIN = re.compile(r"\[(UNAVAILABLE|SERVERBUG|INUSE|LIMIT)\]", re.IGNORECASE)
_APPENDUID = re.compile(rb"\[APPENDUID \d+ (\d+)\]", re.IGNORECASE)


class ImapError(Exception):
    """An IMAP exchange failed; a new connection, later, may succeed."""


class ConnectionLost(ImapError):
    """The network, the TLS layer or a timeout failed, or the server hung up."""


class UntrustedServer(ImapError):
    """The server's certificate failed verification, or it offers no STARTTLS: no login sent."""


class CommandRefused(ImapError):
    """The server answered NO or BAD (a folder that does not exist, a broken message...)."""


class AuthenticationFailed(ImapError):
    """The server refused the username or password: retrying would only hammer it."""


@dataclass(frozen=True)
class ImapSettings:
    """Where and how to connect: the `imap` section of the config with its password read."""

    host: str
    port: int
    tls: Literal["implicit", "starttls", "none"]
    username: str
    password: str = field(repr=False)
    ca_file: Path | None = None
    #: Seconds allowed for the connection and for each answer of the server.
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.tls == "none" and not is_loopback(self.host):
            raise ValueError(f"tls: none is allowed only for a loopback host, not {self.host!r}")

    @classmethod
    def from_config(cls, imap: Imap, password: str) -> ImapSettings:
        """The settings of a validated `imap` config section and the password its source gave."""
        if not imap.username:
            raise ValueError("the imap section names no username")
        return cls(imap.host, imap.port, imap.tls, imap.username, password, imap.ca_file)


@dataclass(frozen=True)
class FolderStatus:
    """What opening a folder said: its UIDVALIDITY, UIDNEXT and, with CONDSTORE, HIGHESTMODSEQ."""

    uidvalidity: int
    uidnext: int
    highest_modseq: int | None


@dataclass(frozen=True)
class Header:
    """A message's header block and what the server knows of it, fetched without its body."""

    uid: int
    message_id: str | None
    flags: frozenset[str]
    internal_date: datetime | None
    raw: bytes


@dataclass(frozen=True)
class FlagChanges:
    """The current flags of the messages whose flags changed, and the MODSEQ they reach."""

    flags: Mapping[int, frozenset[str]]
    highest_modseq: int


class ImapSession:
    """A logged-in IMAP connection; use it from one thread only (see MailboxThread)."""

    def __init__(self, settings: ImapSettings, *, readonly: bool) -> None:
        self.settings = settings
        self.readonly = readonly
        self._client: IMAPClient | None = None
        #: What the server offers once logged in, upper case (IDLE, CONDSTORE, UIDPLUS...);
        #: a frozen copy, so that any thread may read it.
        self.capabilities: frozenset[str] = frozenset()
        # wake() writes here to cut a wait in IDLE short, from any thread.
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_writer.settimeout(0)  # non-blocking: wake() must never wait

    def connect(self) -> None:
        """Connect with TLS as configured, log in, send ID and enable CONDSTORE where offered."""
        s = self.settings
        context = None if s.tls == "none" else ssl.create_default_context(cafile=s.ca_file)
        with self._errors("connect"):
            self._client = client = IMAPClient(
                s.host, s.port, ssl=s.tls == "implicit", ssl_context=context, timeout=s.timeout
            )
            if s.tls == "starttls":
                self._start_tls(context)
            self._log_in()
            client.normalise_times = False
            self.capabilities = frozenset(c.decode().upper() for c in client.capabilities())
            if "ID" in self.capabilities:
                client.id_({"name": "afterview", "version": version("afterview")})
            if {"CONDSTORE", "ENABLE"} <= self.capabilities:
                client.enable("CONDSTORE")

    def special_folders(self, overrides: Mapping[str, str | None] | None = None) -> dict[str, str]:
        """Folder names by role (drafts, sent, all, trash): overrides, SPECIAL-USE, common names.

        One LIST serves every role, where imapclient's find_special_folder lists once per
        role and knows neither \\All nor Gmail's names.
        """
        with self._errors("LIST"):
            listing = self._connected().list_folders()
        flags = {name: {f.decode().lower() for f in marks} for marks, _sep, name in listing}
        plain = {_without_inbox_prefix(name, sep).lower(): name for _f, sep, name in listing}
        found: dict[str, str] = {}
        for role, flag in SPECIAL_USE.items():
            by_flag = [name for name, marks in flags.items() if flag.lower() in marks]
            by_name = [plain[n.lower()] for n in COMMON_NAMES[role] if n.lower() in plain]
            if chosen := (overrides or {}).get(role) or next(iter(by_flag + by_name), None):
                found[role] = chosen
        return found

    def open(self, folder: str) -> FolderStatus:
        """EXAMINE (read-only session) or SELECT a folder: a read-write watcher leaks in Dovecot."""
        with self._errors(f"open {folder}"):
            status = self._connected().select_folder(folder, readonly=self.readonly)
        _told_already(self._connected())  # what SELECT told is the folder as opened, no change
        return FolderStatus(
            status[b"UIDVALIDITY"], status.get(b"UIDNEXT", 1), status.get(b"HIGHESTMODSEQ")
        )

    def uids_after(self, last_uid: int, since: date | None = None) -> list[int]:
        """UIDs above `last_uid` in the open folder, received on or after `since` if given."""
        criteria: list[Any] = ["UID", f"{last_uid + 1}:*"]
        if since is not None:
            criteria += ["SINCE", since]
        found = self._search(criteria)
        # `n:*` matches the highest UID even when it is below n.
        return sorted(uid for uid in found if uid > last_uid)

    def fetch_headers(self, uids: Sequence[int]) -> list[Header]:
        """Headers, flags and dates of messages, by UID order; expunged ones are left out."""
        fetched = self._fetch(uids, ["FLAGS", "INTERNALDATE", "BODY.PEEK[HEADER]"])
        return [_header(uid, fetched[uid]) for uid in sorted(fetched)]

    def fetch_bodies(self, uids: Sequence[int]) -> dict[int, bytes]:
        """Whole messages by UID, PEEKed so \\Seen is never set; expunged ones are left out."""
        fetched = self._fetch(uids, ["BODY.PEEK[]"])
        return {uid: data[b"BODY[]"] for uid, data in fetched.items() if b"BODY[]" in data}

    def flags(self, uids: Sequence[int]) -> dict[int, frozenset[str]]:
        """Current flags by UID; a UID missing from the answer was expunged."""
        return {uid: _flags(data) for uid, data in self._fetch(uids, ["FLAGS"]).items()}

    def changed_since(self, modseq: int) -> FlagChanges:
        """Messages whose flags changed after `modseq` (CONDSTORE), with their flags now."""
        found = self._search(["MODSEQ", modseq + 1])
        if not found:
            return FlagChanges({}, modseq)
        # imapclient 4 cannot FETCH a range (`1:*`), hence SEARCH MODSEQ, then FETCH by UID.
        fetched = self._fetch(found, ["FLAGS", "MODSEQ"])
        top = max([modseq, *(data[b"MODSEQ"][0] for data in fetched.values())])
        return FlagChanges({uid: _flags(data) for uid, data in fetched.items()}, top)

    def search_message_id(self, message_id: str, folder: str | None = None) -> list[int]:
        """UIDs of messages with this Message-ID, in `folder` (opened first) or the open one."""
        if folder is not None:
            self.open(folder)
        return sorted(self._search(["HEADER", "Message-ID", message_id]))

    def append(
        self, folder: str, raw: bytes, flags: Sequence[str] = (), when: datetime | None = None
    ) -> int | None:
        """APPEND a message; its UID where the server says it (UIDPLUS), else None."""
        with self._errors(f"APPEND to {folder}"):
            answer = self._connected().append(folder, raw, flags=flags, msg_time=when)
        match = _APPENDUID.search(answer)
        return int(match[1]) if match else None

    def add_flags(self, uids: Sequence[int], flags: Sequence[str]) -> None:
        """Add flags to messages of the open folder; read-write sessions only."""
        if self.readonly:
            # Dovecot answers OK to a STORE after EXAMINE, and changes nothing.
            raise RuntimeError("a read-only session cannot change flags; use a read-write one")
        for batch in batched(uids):
            with self._errors("STORE"):
                self._connected().add_flags(batch, flags, silent=True)

    def idle(self, timeout: float) -> bool:
        """IDLE until the folder changes, `timeout` seconds pass or wake() is called.

        True when the server reported a change. Only a hint: the caller searches anyway.
        """
        client = self._connected()
        if _told_already(client):
            return True
        with self._errors("IDLE"):
            client.idle()
            # A change made since the last command comes in the same packet as "+ idling",
            # which imaplib has read whole: no wait on the socket would ever see it. DONE
            # reads it out at once.
            heard = [] if _read_ahead(client) else self._wait_in_idle(client, timeout)
            _text, more = client.idle_done()
        return any(_is_change(response) for response in [*heard, *more])

    def wake(self) -> None:
        """Cut a wait in IDLE short (or the next one, if none is under way); any thread."""
        # Full (a wake-up is pending already) or closed (logged out): nothing more to do.
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"!")

    def noop(self) -> None:
        """NOOP: keep an otherwise quiet connection alive."""
        with self._errors("NOOP"):
            self._connected().noop()

    def abort(self) -> None:
        """Shut the socket down under a blocked call, which then fails; any thread."""
        if self._client is not None:
            with contextlib.suppress(OSError):
                self._client.socket().shutdown(socket.SHUT_RDWR)

    def logout(self) -> None:
        """LOGOUT and close, or just close when the server is gone; never raises."""
        client, self._client = self._client, None
        if client is not None:
            try:
                client.logout()
            except (OSError, imaplib.IMAP4.error):
                with contextlib.suppress(OSError, imaplib.IMAP4.error):
                    client.shutdown()
        self._wake_reader.close()
        self._wake_writer.close()

    def _start_tls(self, context: ssl.SSLContext | None) -> None:
        client = self._connected()
        if b"STARTTLS" not in client.capabilities():
            raise UntrustedServer(f"{self._where} does not offer STARTTLS; no login was sent")
        client.starttls(context)

    def _log_in(self) -> None:
        try:
            self._connected().login(self.settings.username, self.settings.password)
        except LoginError as error:
            # imapclient turns every failure during LOGIN into LoginError, a dropped line
            # (IMAP4.abort, kept as the context) and a busy server included.
            transient = _TRANSIENT_LOGIN.search(str(error))
            if transient or isinstance(error.__context__, imaplib.IMAP4.abort):
                raise ConnectionLost(f"{self._where}: login interrupted: {error}") from None
            raise AuthenticationFailed(
                f"{self._where} refused the login of {self.settings.username!r}: {error}; "
                "check the username and the password source in the config"
            ) from None

    def _wait_in_idle(self, client: IMAPClient, timeout: float) -> list[tuple[Any, ...]]:
        """The server's responses until one is a change, `timeout` passes or wake() is called."""
        heard: list[tuple[Any, ...]] = []
        with selectors.DefaultSelector() as selector:
            selector.register(client.socket(), selectors.EVENT_READ, "server")
            selector.register(self._wake_reader, selectors.EVENT_READ, "wake")
            deadline = time.monotonic() + timeout
            while (left := deadline - time.monotonic()) > 0:
                ready = {key.data for key, _events in selector.select(left)}
                if "wake" in ready:
                    self._wake_reader.recv(4096)
                    break
                if "server" in ready:
                    responses = client.idle_check(timeout=0)
                    heard += responses
                    # Readable yet nothing to read: the server hung up (DONE will fail).
                    if not responses or any(_is_change(r) for r in responses):
                        break
        return heard

    def _search(self, criteria: list[Any]) -> list[int]:
        """SEARCH the open folder as it is now: Dovecot searches its view as of the last sync
        (SELECT, NOOP, IDLE), which misses what other sessions did since."""
        with self._errors("SEARCH"):
            client = self._connected()
            client.noop()
            found: list[int] = client.search(criteria)
        return found

    def _fetch(self, uids: Sequence[int], items: list[str]) -> dict[int, dict[bytes, Any]]:
        fetched: dict[int, dict[bytes, Any]] = {}
        for batch in batched(uids):
            with self._errors("FETCH"):
                fetched |= self._connected().fetch(batch, items)
        return fetched

    def _connected(self) -> IMAPClient:
        if self._client is None:
            raise ConnectionLost(f"{self._where}: not connected")
        return self._client

    @property
    def _where(self) -> str:
        return f"IMAP server {self.settings.host}:{self.settings.port}"

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """imapclient's, imaplib's and the network's errors, as the ImapError they are."""
        try:
            yield
        except ImapError:
            raise
        except ssl.SSLCertVerificationError as error:
            raise UntrustedServer(f"{self._where}: certificate refused: {error}") from error
        except (OSError, imaplib.IMAP4.abort) as error:
            raise ConnectionLost(f"{self._where}: {doing} failed: {error}") from error
        except imaplib.IMAP4.error as error:
            raise CommandRefused(f"{self._where}: {doing} refused: {error}") from error


# A call for a MailboxThread: the future to settle, and the work.
_Job = tuple[concurrent.futures.Future[Any], Callable[[], Any]]


class MailboxThread:
    """One ImapSession on a thread of its own, driven from asyncio.

    A daemon thread, not a ThreadPoolExecutor: those are joined at interpreter exit,
    so a call stuck on a dead network (a connect, a DNS lookup) would hold the daemon's
    exit past systemd's stop timeout.
    """

    def __init__(self, session: ImapSession, name: str) -> None:
        self.session = session
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name=f"imap {name}", daemon=True).start()

    @classmethod
    async def connect(cls, settings: ImapSettings, *, readonly: bool, name: str) -> MailboxThread:
        """A new thread with a connected, logged-in session; closed again if that fails."""
        thread = cls(ImapSession(settings, readonly=readonly), name)
        try:
            await thread.call(ImapSession.connect)
        except BaseException:
            await thread.close(grace=0)
            raise
        return thread

    async def call(
        self, method: Callable[Concatenate[ImapSession, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run `method(session, *args)` on the session's thread and wait for its result."""
        return await self._submit(method, *args, **kwargs)

    def wake(self) -> None:
        """Cut the session's wait in IDLE short."""
        self.session.wake()

    async def close(self, grace: float = 3.0) -> None:
        """Log out and end the thread; past `grace` seconds, cut the line instead of waiting."""
        self.session.wake()
        # Queued at once, behind the call under way: it runs even if this task is cancelled.
        logout = self._submit(ImapSession.logout)
        self._jobs.put(None)
        _done, pending = await asyncio.wait({logout}, timeout=grace)
        if pending:
            # The call under way fails at once; the logout follows, without a server.
            self.session.abort()

    def _submit(
        self, method: Callable[Concatenate[ImapSession, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> asyncio.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._jobs.put((future, functools.partial(method, self.session, *args, **kwargs)))
        return asyncio.wrap_future(future)

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, work = job
            # False: the caller gave up while the job waited its turn.
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(work())
                except BaseException as error:  # noqa: BLE001 -- the caller's, as in concurrent.futures
                    future.set_exception(error)


def _header(uid: int, data: Mapping[bytes, Any]) -> Header:
    raw: bytes = data.get(b"BODY[HEADER]") or b""
    # The first <id>, as the parser reads Message-IDs: the watcher's claim and the event
    # log must agree.
    value = BytesHeaderParser(policy=compat32).parsebytes(raw).get("Message-ID")
    return Header(uid, first_message_id(value), _flags(data), data.get(b"INTERNALDATE"), raw)


def _flags(data: Mapping[bytes, Any]) -> frozenset[str]:
    # \Recent marks a message new to this session, not anything the user did.
    return frozenset(flag.decode() for flag in data.get(b"FLAGS", ()) if flag != b"\\Recent")


def _read_ahead(client: IMAPClient) -> bool:
    """Whether imaplib holds bytes of the server's it has not handed out yet."""
    sock = client.socket()
    timeout = sock.gettimeout()
    sock.settimeout(0)  # peek() reads the socket when its buffer is empty: never wait
    try:
        # imaplib's buffered reader of the socket: no public API tells what it holds.
        return bool(client._imap.file.peek(1))
    except OSError:  # nothing buffered, nothing on the socket (SSLWantReadError too)
        return False
    finally:
        sock.settimeout(timeout)


def _told_already(client: IMAPClient) -> bool:
    """Whether the server told of a change while answering an earlier command, and forgets it.

    A message that arrives while a SEARCH runs is told ("* 5 EXISTS") in that command's
    answer, never again in the IDLE that follows: imaplib keeps such untagged answers,
    by type, until asked (no public API of imapclient's reads them).
    """
    kept = client._imap.untagged_responses
    told = [kept.pop(kind, None) for kind in ("EXISTS", "EXPUNGE", "FETCH", "VANISHED")]
    return any(told)


def _is_change(response: tuple[Any, ...]) -> bool:
    return len(response) > 1 and response[1] in _CHANGES


def _without_inbox_prefix(name: str, separator: bytes | None) -> str:
    """`INBOX.Sent` -> `Sent`: servers such as Courier put every folder under INBOX."""
    prefix = f"INBOX{separator.decode()}" if separator else None
    return name[len(prefix) :] if prefix and name.upper().startswith(prefix.upper()) else name


def batched(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    """`items` in slices of at most `size` (itertools.batched arrives with Python 3.12)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
