"""Secret sources: the order they are tried in, and the files and commands refused."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from afterview.daemon.credentials import SecretError, SecretSource, read_secret

PYTHON = sys.executable


def private_file(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


def test_systemd_credential_wins_over_later_sources(tmp_path: Path) -> None:
    private_file(tmp_path / "afterview-imap", "from-systemd\n", 0o400)
    source = SecretSource(credential="afterview-imap", env="AFTERVIEW_PW")
    environ = {"CREDENTIALS_DIRECTORY": str(tmp_path), "AFTERVIEW_PW": "from-env"}
    assert read_secret(source, environ) == "from-systemd"


def test_credential_outside_systemd_falls_through_to_the_next_source() -> None:
    source = SecretSource(credential="afterview-imap", env="AFTERVIEW_PW")
    assert read_secret(source, {"AFTERVIEW_PW": "from-env"}) == "from-env"


def test_command_gives_its_first_line_without_a_shell() -> None:
    argv = (PYTHON, "-c", "print('pa ss$HOME'); print('second line')")
    assert read_secret(SecretSource(command=argv), {}) == "pa ss$HOME"


def test_failing_command_is_reported_with_its_status() -> None:
    argv = (PYTHON, "-c", "import sys; sys.stderr.write('gpg: decryption failed'); sys.exit(2)")
    with pytest.raises(
        SecretError, match=r"command: .* exited with status 2: gpg: decryption failed"
    ):
        read_secret(SecretSource(command=argv), {})


def test_slow_command_times_out() -> None:
    argv = (PYTHON, "-c", "import time; time.sleep(30)")
    with pytest.raises(SecretError, match=r"did not finish within 0\.2 s"):
        read_secret(SecretSource(command=argv, command_timeout=0.2), {})


def test_missing_command_is_named() -> None:
    with pytest.raises(SecretError, match="command not found: no-such-password-manager"):
        read_secret(SecretSource(command=("no-such-password-manager",)), {})


def test_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    secret = private_file(tmp_path / "pw", "s3cret\n", 0o640)
    with pytest.raises(SecretError, match=r"readable by group or others \(mode 640\)"):
        read_secret(SecretSource(file=secret), {})


def test_private_file_gives_its_first_line(tmp_path: Path) -> None:
    secret = private_file(tmp_path / "pw", "s3cret\r\nignored\n")
    assert read_secret(SecretSource(file=secret), {}) == "s3cret"


def test_refused_file_falls_through_to_a_working_source(tmp_path: Path) -> None:
    secret = private_file(tmp_path / "pw", "s3cret\n", 0o644)
    assert read_secret(SecretSource(file=secret, env="PW"), {"PW": "from-env"}) == "from-env"


def test_no_source_yields_an_error_listing_each_attempt(tmp_path: Path) -> None:
    source = SecretSource(credential="afterview-imap", env="AFTERVIEW_PW")
    with pytest.raises(SecretError) as raised:
        read_secret(source, {})
    assert "credential: not available here" in str(raised.value)
    assert "env: not available here" in str(raised.value)


def test_keyring_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # makes `import keyring` fail
    source = SecretSource.model_validate({"keyring": {"service": "afterview", "username": "alex"}})
    with pytest.raises(SecretError, match=r"pip install 'afterview\[keyring\]'"):
        read_secret(source, {})
