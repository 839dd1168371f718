"""Logging: journal-ready JSON off a TTY, secrets redacted, no locals, quiet protocol loggers."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from afterview.daemon.logs import REDACTED, configure_logging


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    structlog.reset_defaults()
    root.handlers, root.level = handlers, level


def capture(level: str = "info") -> io.StringIO:
    stream = io.StringIO()
    configure_logging(level, stream, pretty=False)
    return stream


def lines(stream: io.StringIO) -> list[tuple[str, dict[str, object]]]:
    out = []
    for line in stream.getvalue().splitlines():
        prefix, _, body = line.partition(">")
        out.append((prefix + ">", json.loads(body)))
    return out


def fail_holding_mail_text() -> None:
    message_body = " ".join(["Dear Alex,", "we are", "pleased", "to", "offer"])
    raise RuntimeError("boom " + str(len(message_body)))


def test_json_lines_carry_the_journal_priority() -> None:
    stream = capture()
    log = structlog.get_logger("afterview.test")
    log.info("watching", folder="INBOX")
    log.warning("slow server")
    log.error("login refused")
    assert [(prefix, body["event"]) for prefix, body in lines(stream)] == [
        ("<6>", "watching"),
        ("<4>", "slow server"),
        ("<3>", "login refused"),
    ]
    assert lines(stream)[0][1]["folder"] == "INBOX"


def test_secrets_are_redacted_at_any_depth() -> None:
    stream = capture()
    structlog.get_logger().info(
        "login",
        user="alex",
        password="hunter2",
        smtp={"host": "x", "auth_token": "t0k"},
        Authorization="Bearer z",
    )
    output = stream.getvalue()
    assert "hunter2" not in output
    assert "t0k" not in output
    assert "Bearer z" not in output
    body = lines(stream)[0][1]
    assert body["password"] == REDACTED
    assert body["user"] == "alex"


def test_tracebacks_never_show_local_variables() -> None:
    stream = capture()
    try:
        fail_holding_mail_text()
    except RuntimeError:
        structlog.get_logger().exception("handler failed")
    output = stream.getvalue()
    assert "RuntimeError: boom" in output
    assert "pleased to offer" not in output


def test_pretty_console_traceback_has_no_locals() -> None:
    stream = io.StringIO()
    configure_logging("info", stream, pretty=True)
    try:
        fail_holding_mail_text()
    except RuntimeError:
        structlog.get_logger().exception("handler failed")
    assert "boom" in stream.getvalue()
    # Source lines may show; the value the local held at run time must not.
    assert "pleased to offer" not in stream.getvalue()


def test_imapclient_protocol_logging_stays_quiet_at_debug() -> None:
    stream = capture("debug")
    logging.getLogger("imapclient.imaplib").debug("> b'A001 LOGIN alex hunter2'")
    logging.getLogger("imapclient.imapclient").debug("< b'* 1 FETCH (BODY[] {3}'")
    logging.getLogger("afterview.daemon").debug("our own debug line")
    assert [body["event"] for _, body in lines(stream)] == ["our own debug line"]


def test_standard_library_records_are_rendered_like_ours() -> None:
    stream = capture()
    logging.getLogger("tenacity").warning("retrying in %d s", 4)
    prefix, body = lines(stream)[0]
    assert (prefix, body["event"], body["logger"]) == ("<4>", "retrying in 4 s", "tenacity")
