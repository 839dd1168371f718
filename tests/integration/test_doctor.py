"""`afterview doctor` against a real Dovecot and aiosmtpd on 127.0.0.1, TLS by the local CA."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from click.testing import CliRunner
from mailservers import (
    DovecotFactory,
    DovecotServer,
    SmtpServer,
    append_messages,
    imap_login,
)

from afterview.daemon.doctor import CHECKS, Finding, Machine, Status, doctor, examine

Tls = Literal["implicit", "starttls"]


class Setup:
    """A config for one user of the shared Dovecot and the SMTP fixture, written on demand."""

    def __init__(self, root: Path, dovecot: DovecotServer, user: str, smtp: SmtpServer) -> None:
        self.root, self.dovecot, self.user, self.smtp = root, dovecot, user, smtp

    def write(
        self,
        *,
        tls: Tls = "implicit",
        imap_password: str | None = None,
        smtp_password: str | None = None,
        ca: bool = True,
        **changes: Any,
    ) -> Path:
        """The config file, its password files (mode 600) beside it; `changes` per section."""
        for name, secret in (
            ("imap.password", imap_password or self.dovecot.password(self.user)),
            ("smtp.password", smtp_password or self.smtp.password),
        ):
            (self.root / name).write_text(secret + "\n")
            (self.root / name).chmod(0o600)
        implicit = tls == "implicit"
        ca_file = str(self.smtp.ca.ca_pem) if ca else None
        imap_port = self.dovecot.tls_port if implicit else self.dovecot.port
        smtp_port = self.smtp.tls_port if implicit else self.smtp.starttls_port
        document: dict[str, Any] = {
            "account": {"email": "alex@example.test", "name": "Alex Martin"},
            "imap": {"host": "127.0.0.1", "port": imap_port, "tls": tls, "username": self.user}
            | {"password": {"file": "imap.password"}, "ca_file": ca_file},
            "smtp": {"host": "127.0.0.1", "port": smtp_port, "tls": tls}
            | {"username": self.smtp.username, "password": {"file": "smtp.password"}}
            | {"ca_file": ca_file},
            "timezone": "America/Toronto",
            "state_dir": "state",
        }
        for section, values in changes.items():
            document[section] = document.get(section, {}) | values
        path = self.root / "config.yaml"
        path.write_text(yaml.safe_dump(document))
        path.chmod(0o600)
        return path


@pytest.fixture
def setup(
    tmp_path: Path, shared_dovecot: DovecotServer, fresh_user: str, smtp_server: SmtpServer
) -> Setup:
    return Setup(tmp_path, shared_dovecot, fresh_user, smtp_server)


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    """A machine where systemd runs, the unit is installed and lingering is on."""
    unit, linger = tmp_path / "units" / "afterview.service", tmp_path / "linger" / "alex"
    for path in (unit, linger):
        path.parent.mkdir()
        path.touch()
    return Machine(
        environ={},
        user="alex",
        home=tmp_path,
        afterview=None,
        unit_files=(unit,),
        unit_source=None,
        linger_file=linger,
        systemd=True,
        timezone="America/Toronto",
        ntp_synchronized=True,
    )


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of the test's own, where the command looks for a unit (and finds none)."""
    home = tmp_path / "home"
    for name, path in (("HOME", home), ("XDG_CONFIG_HOME", home / ".config")):
        monkeypatch.setenv(name, str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    return home


def findings(config: Path, machine: Machine) -> dict[str, Finding]:
    found = list(examine(config, machine, timeout=10))
    assert [f.check for f in found] == list(CHECKS)
    return {f.check: f for f in found}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("tls", ["implicit", "starttls"])
def test_a_healthy_setup_is_all_ok(setup: Setup, machine: Machine, tls: Tls) -> None:
    found = findings(setup.write(tls=tls), machine)
    assert {check: f.status for check, f in found.items()} == dict.fromkeys(CHECKS, Status.OK)
    assert "from afterview tests verified" in found["imap.tls"].detail
    assert "IDLE, CONDSTORE" in found["imap.capabilities"].detail
    assert found["imap.folders"].detail.startswith("Drafts is 'Drafts', Sent is 'Sent'")
    assert "AUTH offered: " in found["smtp.auth"].detail


@pytest.mark.usefixtures("home")
def test_the_command_exits_0_and_prints_json_when_nothing_blocks(setup: Setup) -> None:
    result = CliRunner().invoke(doctor, ["--config", str(setup.write()), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [item["check"] for item in report] == list(CHECKS)
    assert all(item["status"] != "problem" for item in report)


def test_the_doctor_reads_the_mailbox_without_changing_a_flag_or_sending_mail(
    setup: Setup, machine: Machine
) -> None:
    message = b"From: jane@acme.example\r\nSubject: Interview\r\nMessage-ID: <a@acme>\r\n\r\nHi\r\n"
    [uid] = append_messages(setup.dovecot, setup.user, "INBOX", [message])
    findings(setup.write(), machine)
    with imap_login(setup.dovecot, setup.user) as client:
        client.select_folder("INBOX", readonly=True)
        assert set(client.get_flags([uid])[uid]) <= {b"\\Recent"}
    assert setup.smtp.messages == []


@pytest.mark.usefixtures("home")
def test_a_wrong_imap_password_is_a_problem_naming_the_password_file(
    setup: Setup, machine: Machine
) -> None:
    config = setup.write(imap_password="not-the-password")
    found = findings(config, machine)
    login = found["imap.login"]
    assert login.status is Status.PROBLEM
    assert f"imap.password.file: {setup.root / 'imap.password'}" in (login.fix or "")
    assert "not-the-password" not in repr(list(found.values()))
    for check in ("imap.capabilities", "imap.folders", "imap.watch"):
        assert found[check].detail == "the IMAP login failed"
    assert found["smtp.login"].status is Status.OK
    assert CliRunner().invoke(doctor, ["--config", str(config)]).exit_code == 1


@pytest.mark.parametrize("tls", ["implicit", "starttls"])
def test_an_untrusted_certificate_is_a_problem_that_names_ca_file(
    setup: Setup, machine: Machine, tls: Tls
) -> None:
    found = findings(setup.write(tls=tls, ca=False), machine)
    for section in ("imap", "smtp"):
        refused = found[f"{section}.tls"]
        assert refused.status is Status.PROBLEM
        assert "certificate refused" in refused.detail
        assert f"{section}.ca_file" in (refused.fix or "")
        assert found[f"{section}.login"].detail == f"the {section.upper()} TLS handshake failed"


@pytest.mark.usefixtures("home")
def test_a_closed_port_is_a_problem_and_skips_what_needs_the_connection(
    setup: Setup, machine: Machine
) -> None:
    port = closed_port()
    config = setup.write(imap={"port": port}, smtp={"port": port})
    found = findings(config, machine)
    for section in ("imap", "smtp"):
        refused = found[f"{section}.connect"]
        assert refused.status is Status.PROBLEM
        assert refused.detail == f"nothing accepts connections at 127.0.0.1:{port}"
        assert f"{section}.port" in (refused.fix or "")
        assert found[f"{section}.tls"].status is Status.SKIPPED
    result = CliRunner().invoke(doctor, ["--config", str(config)])
    assert result.exit_code == 1
    assert "afterview cannot run until the problems are fixed (2 problems" in result.output


def test_a_refused_smtp_login_is_a_problem_naming_the_smtp_password_source(
    setup: Setup, machine: Machine
) -> None:
    found = findings(setup.write(smtp_password="wrong"), machine)
    login = found["smtp.login"]
    assert login.status is Status.PROBLEM
    assert "535" in login.detail
    assert f"smtp.password.file: {setup.root / 'smtp.password'}" in (login.fix or "")
    assert found["imap.login"].status is Status.OK


def test_a_drafts_folder_the_server_lacks_is_a_problem_naming_the_key(
    setup: Setup, machine: Machine
) -> None:
    found = findings(setup.write(folders={"drafts": "Brouillons"}), machine)
    assert found["imap.folders"].status is Status.PROBLEM
    assert "folders.drafts names 'Brouillons'" in found["imap.folders"].detail


def test_starttls_not_offered_is_a_problem(
    dovecot_factory: DovecotFactory, tmp_path: Path, smtp_server: SmtpServer, machine: Machine
) -> None:
    plain = dovecot_factory()  # no TLS at all
    config = Setup(tmp_path, plain, "alex", smtp_server).write(tls="starttls")
    found = findings(config, machine)
    assert found["imap.tls"].status is Status.PROBLEM
    assert "does not offer STARTTLS" in found["imap.tls"].detail


def test_implicit_tls_on_a_plaintext_port_is_a_problem_naming_the_usual_ports(
    setup: Setup, machine: Machine
) -> None:
    plaintext = {"port": setup.dovecot.port, "tls": "implicit"}
    smtp_plaintext = {"port": setup.smtp.starttls_port, "tls": "implicit"}
    found = findings(setup.write(imap=plaintext, smtp=smtp_plaintext), machine)
    for section, usual in (("imap", "993"), ("smtp", "465")):
        mixed_up = found[f"{section}.tls"]
        assert mixed_up.status is Status.PROBLEM
        assert "is it a plaintext port?" in mixed_up.detail
        assert f"the usual ports are {usual} with {section}.tls: implicit" in (mixed_up.fix or "")


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel does) and never says a word."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield int(sock.getsockname()[1])


@pytest.mark.parametrize("tls", ["implicit", "starttls"])
def test_a_server_that_never_answers_is_a_problem_not_a_hang(
    setup: Setup, machine: Machine, silent_port: int, tls: Tls
) -> None:
    config = setup.write(
        imap={"port": silent_port, "tls": tls}, smtp={"port": silent_port, "tls": tls}
    )
    found = {f.check: f for f in examine(config, machine, timeout=0.5)}
    for section in ("imap", "smtp"):
        assert found[f"{section}.connect"].status is Status.OK
        assert found[f"{section}.tls"].status is Status.PROBLEM
        assert found[f"{section}.login"].status is Status.SKIPPED
    if tls == "starttls":
        assert "does it expect TLS from the first byte?" in found["imap.tls"].detail


def test_an_smtp_login_refusing_the_shared_imap_password_says_it_is_shared(
    setup: Setup, machine: Machine
) -> None:
    found = findings(setup.write(smtp={"password": None}), machine)
    assert found["password.smtp"].status is Status.OK
    login = found["smtp.login"]
    assert login.status is Status.PROBLEM
    assert "imap.password.file: " in (login.fix or "")
    assert "(no smtp.password of its own)" in (login.fix or "")
