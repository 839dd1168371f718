"""Fixtures starting real mail servers on 127.0.0.1: Dovecot (IMAP) and aiosmtpd (SMTP)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from mailservers import (
    DovecotFactory,
    DovecotServer,
    LocalCA,
    SmtpServer,
    dovecot_missing,
    make_local_ca,
)


@pytest.fixture(scope="session")
def local_ca(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    """A throwaway CA and a certificate for 127.0.0.1/localhost, shared by the session."""
    return make_local_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def dovecot_factory(tmp_path: Path, local_ca: LocalCA) -> Iterator[DovecotFactory]:
    """Start Dovecot servers for this test on demand; stop every one of them afterwards."""
    missing = dovecot_missing()
    if missing is not None:
        # A missing server must fail loudly: a skip would hide that nothing was tested.
        pytest.fail(missing, pytrace=False)
    servers: list[DovecotServer] = []

    def start(users: Mapping[str, str] | None = None, *, tls: bool = False) -> DovecotServer:
        server = DovecotServer(
            tmp_path / f"dovecot{len(servers)}", users, tls=local_ca if tls else None
        )
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.close()
        # Shown only when the test failed, with the rest of its captured output.
        print(f"--- {server.log_path} ---\n{server.log_text()}")


@pytest.fixture
def dovecot(dovecot_factory: DovecotFactory) -> DovecotServer:
    """A started Dovecot with users alex, sam and robin (passwords in DEFAULT_USERS)."""
    return dovecot_factory()


@pytest.fixture
def smtp_server(local_ca: LocalCA) -> Iterator[SmtpServer]:
    """A started aiosmtpd server: STARTTLS port and implicit-TLS port, AUTH required."""
    server = SmtpServer(local_ca)
    try:
        server.start()
        yield server
    finally:
        server.stop()


#: Users of the session's shared Dovecot: each test that asks takes one nobody has used.
SHARED_USERS = {f"user{n}": f"user{n}-pw" for n in range(300)}
_unused_users = iter(SHARED_USERS)


@pytest.fixture(scope="session")
def shared_dovecot(
    tmp_path_factory: pytest.TempPathFactory, local_ca: LocalCA
) -> Iterator[DovecotServer]:
    """One Dovecot (plaintext and TLS ports) for every test that leaves it running."""
    missing = dovecot_missing()
    if missing is not None:
        pytest.fail(missing, pytrace=False)
    server = DovecotServer(tmp_path_factory.mktemp("shared-dovecot"), SHARED_USERS, tls=local_ca)
    server.start()
    yield server
    server.close()


@pytest.fixture
def fresh_user(shared_dovecot: DovecotServer) -> str:
    """A user of the shared Dovecot whose mailbox no other test of this run has touched."""
    user = next(_unused_users, None)
    if user is None:
        pytest.fail("the shared Dovecot ran out of fresh users: raise SHARED_USERS", pytrace=False)
    return user
