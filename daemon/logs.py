"""Logging set-up: the one process-wide piece of state, configured once at start.

On a terminal, readable lines; under systemd, JSON lines prefixed with the
journal priority (`<6>{...}`) so `journalctl -p warning` works. Secrets are
redacted and tracebacks never carry local variables (they may hold mail text).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

REDACTED = "[redacted]"
_SECRET_KEY = re.compile(
    r"pass(word|wd)?|secret|token|authori[sz]ation|credential|api[_-]?key|cookie", re.I
)

# sd-daemon(3) priority prefixes, which journald reads off each line of stdout.
_PRIORITY = {"debug": 7, "info": 6, "warning": 4, "error": 3, "exception": 3, "critical": 2}

# Loggers of libraries that can write message bodies or login commands at DEBUG.
_QUIET_LOGGERS = ("imapclient", "imapclient.imaplib", "aiosmtplib")


def redact_secrets(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Replace the value of every key that names a secret, at any depth."""
    _redact(event_dict)
    return event_dict


def _redact(mapping: MutableMapping[str, Any]) -> None:
    for key, value in mapping.items():
        if _SECRET_KEY.search(str(key)):
            mapping[key] = REDACTED
        elif isinstance(value, MutableMapping):
            # A copy: the caller's own dict (say, a config section) stays intact.
            mapping[key] = copy = dict(value)
            _redact(copy)


class JournalRenderer:
    """Render as JSON and prefix the line with its journal priority."""

    def __init__(self) -> None:
        self._json = structlog.processors.JSONRenderer(sort_keys=False)

    def __call__(self, logger: WrappedLogger, method: str, event_dict: EventDict) -> str:
        priority = _PRIORITY.get(str(event_dict.get("level", method)), 6)
        rendered = self._json(logger, method, event_dict)
        text = rendered.decode() if isinstance(rendered, bytes) else rendered
        return f"<{priority}>{text}"


def configure_logging(
    level: str = "info", stream: TextIO | None = None, *, pretty: bool | None = None
) -> None:
    """Route structlog and stdlib logging to `stream` (stderr), pretty on a TTY, JSON otherwise."""
    out = stream or sys.stderr
    pretty = out.isatty() if pretty is None else pretty
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact_secrets,
    ]
    renderer: Processor
    if pretty:
        formatter = structlog.dev.RichTracebackFormatter(show_locals=False)
        renderer = structlog.dev.ConsoleRenderer(exception_formatter=formatter)
    else:
        shared.append(structlog.processors.format_exc_info)
        renderer = JournalRenderer()
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
