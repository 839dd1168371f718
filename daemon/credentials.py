"""Where passwords come from: never the config file itself.

Sources are tried in a fixed order, and the first that yields a secret wins:
systemd credentials, a private file, a command, the keyring, an environment
variable. A source that does not apply here (no $CREDENTIALS_DIRECTORY outside
systemd, say) is passed over; if none yields, the error says why each failed.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


class SecretError(Exception):
    """No configured source could provide a secret; the message says what each tried."""


class KeyringEntry(BaseModel):
    """A secret stored in the desktop keyring (needs the `keyring` extra)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    service: str = Field(min_length=1)
    username: str = Field(min_length=1)


class SecretSource(BaseModel):
    """One or more places a secret may be read from, tried in a fixed order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    credential: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.@-]+$")
    file: Annotated[
        Path | None, BeforeValidator(lambda v: Path(v).expanduser() if isinstance(v, str) else v)
    ] = None
    command: tuple[str, ...] | None = Field(default=None, min_length=1)
    command_timeout: float = Field(default=10.0, gt=0, le=300)
    keyring: KeyringEntry | None = None
    env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")

    @model_validator(mode="after")
    def _at_least_one(self) -> SecretSource:
        if not any((self.credential, self.file, self.command, self.keyring, self.env)):
            raise ValueError("give at least one source: credential, file, command, keyring or env")
        return self


def private_file_problem(path: Path) -> str | None:
    """Why a secret file must not be used (missing, not a file, readable by others), or None."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return f"no such file: {path}"
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return f"{path} is not a regular file"
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        mode = info.st_mode & 0o777
        return f"{path} is readable by group or others (mode {mode:o}); run: chmod 600 {path}"
    return None


def read_secret(source: SecretSource, environ: Mapping[str, str] | None = None) -> str:
    """The secret from the first source that yields one; SecretError if none does."""
    env = os.environ if environ is None else environ
    attempts: list[tuple[str, Callable[[], str | None]]] = []
    if source.credential:
        attempts.append(("credential", lambda: _from_credentials(source.credential or "", env)))
    if source.file:
        attempts.append(("file", lambda: _from_file(source.file)))
    if source.command:
        attempts.append(
            ("command", lambda: _from_command(source.command or (), source.command_timeout))
        )
    if source.keyring:
        attempts.append(("keyring", lambda: _from_keyring(source.keyring)))
    if source.env:
        attempts.append(("env", lambda: env.get(source.env or "") or None))
    failures = []
    for name, attempt in attempts:
        try:
            secret = attempt()
        except SecretError as exc:
            failures.append(f"{name}: {exc}")
            continue
        if secret:
            return secret
        failures.append(f"{name}: not available here")
    raise SecretError("no password source yielded a secret (" + "; ".join(failures) + ")")


def _from_credentials(name: str, env: Mapping[str, str]) -> str | None:
    directory = env.get("CREDENTIALS_DIRECTORY")
    if not directory or not (Path(directory) / name).exists():
        return None
    return _from_file(Path(directory) / name)


def _from_file(path: Path | None) -> str | None:
    if path is None:
        return None
    if problem := private_file_problem(path):
        raise SecretError(problem)
    return _first_line(path.read_text(encoding="utf-8"))


def _from_command(argv: tuple[str, ...], timeout: float) -> str | None:
    # An argv list, never a shell: nothing in the config is ever interpreted.
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise SecretError(f"command not found: {argv[0]}") from None
    except subprocess.TimeoutExpired:
        raise SecretError(f"{argv[0]} did not finish within {timeout:g} s") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [""])[-1][:200]
        raise SecretError(f"{argv[0]} exited with status {done.returncode}: {last}")
    return _first_line(done.stdout)


def _from_keyring(entry: KeyringEntry | None) -> str | None:
    if entry is None:
        return None
    try:
        import keyring  # noqa: PLC0415 -- an optional extra, imported only when configured
    except ImportError:
        raise SecretError("the keyring source needs: pip install 'afterview[keyring]'") from None
    secret: Any = keyring.get_password(entry.service, entry.username)
    return str(secret) if secret else None


def _first_line(text: str) -> str | None:
    line = text.split("\n", 1)[0].rstrip("\r")
    return line or None
