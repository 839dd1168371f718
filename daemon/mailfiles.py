"""Messages from files: single .eml files, folders of them, Maildirs and mboxes."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MessageFile:
    """One message's raw bytes and where it came from (`box.mbox:3` for the third in an mbox)."""

    label: str
    raw: bytes | None
    error: str | None = None


def read_messages(path: Path) -> Iterator[MessageFile]:
    """Every message under `path`; one that cannot be read carries its error instead of bytes."""
    if path.is_dir():
        yield from _maildir(path) if _is_maildir(path) else _folder(path)
    elif _is_mbox(path):
        yield from _mbox(path)
    else:
        yield _file(path)


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _is_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def _file(path: Path) -> MessageFile:
    try:
        return MessageFile(str(path), path.read_bytes())
    except OSError as exc:
        return MessageFile(str(path), None, f"cannot read: {exc.strerror}")


def _folder(path: Path) -> Iterator[MessageFile]:
    for child in sorted(path.rglob("*.eml")):
        yield _file(child)


def _maildir(path: Path) -> Iterator[MessageFile]:
    for sub in ("new", "cur"):
        for child in sorted((path / sub).iterdir()):
            if child.is_file() and not child.name.startswith("."):
                yield _file(child)


def _mbox(path: Path) -> Iterator[MessageFile]:
    box = mailbox.mbox(path, create=False)
    try:
        for index, key in enumerate(box.keys(), start=1):
            label = f"{path}:{index}"
            try:
                yield MessageFile(label, box.get_bytes(key))
            except (OSError, KeyError, ValueError) as exc:
                yield MessageFile(label, None, f"cannot read: {exc}")
    finally:
        box.close()
