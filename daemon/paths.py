"""Where afterview keeps its files: XDG base directories, overridable by the config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP = "afterview"


@dataclass(frozen=True)
class Paths:
    """The files afterview reads and writes."""

    config_file: Path
    state_dir: Path

    @property
    def database(self) -> Path:
        """The SQLite store: applications, events, outbox."""
        return self.state_dir / "afterview.sqlite3"


def default_config_file() -> Path:
    """`$XDG_CONFIG_HOME/afterview/config.yaml` (`~/.config/afterview/config.yaml`)."""
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.yaml"


def default_state_dir() -> Path:
    """`$XDG_STATE_HOME/afterview` (`~/.local/state/afterview`)."""
    return Path(platformdirs.user_state_dir(APP, appauthor=False))


def resolve(config_file: Path | None = None, state_dir: Path | None = None) -> Paths:
    """The effective paths: what the config sets, else the XDG defaults."""
    return Paths(config_file or default_config_file(), state_dir or default_state_dir())
