"""What every command shares: the `--config` option and the exit codes.

Exit codes follow sysexits(3); scripts and systemd rely on them
(`RestartPreventExitStatus=78` keeps a daemon with a broken config from
restarting in a loop).
"""

from __future__ import annotations

from pathlib import Path

import click

EX_DATAERR = 65  # the command names something that is not there, or cannot be done to it
EX_NOINPUT = 66  # a path, or the store, does not exist
EX_UNAVAILABLE = 69  # a program afterview needs (Dovecot, for the demo) is not installed
EX_CANTCREAT = 73  # a file cannot be written, or the store cannot be opened
EX_CONFIG = 78  # the config, policy or templates are invalid; or the login is refused

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="AFTERVIEW_CONFIG",
    help="Config file [default: ~/.config/afterview/config.yaml; env AFTERVIEW_CONFIG].",
)
