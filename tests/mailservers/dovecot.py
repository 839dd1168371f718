"""The package's local Dovecot, and the type of the fixture that starts them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from afterview.daemon.localmail import dovecot as _dovecot
from afterview.daemon.localmail.dovecot import (
    DEFAULT_USERS,
    HOST,
    INSTALL_COMMAND,
    SPECIAL_USE,
    DovecotError,
    DovecotServer,
    dovecot_missing,
    live_group_members,
)

__all__ = [
    "DEFAULT_USERS",
    "HOST",
    "INSTALL_COMMAND",
    "SPECIAL_USE",
    "DovecotError",
    "DovecotFactory",
    "DovecotServer",
    "dovecot_missing",
    "live_group_members",
]

#: The module whose DOVECOT path a test may point elsewhere.
module = _dovecot


class DovecotFactory(Protocol):
    """The dovecot_factory fixture: start one more server for the current test."""

    def __call__(
        self, users: Mapping[str, str] | None = None, *, tls: bool = False
    ) -> DovecotServer: ...
