"""Progress of a backfill: a bar on a terminal, and a line in the log every tenth of the way."""

from __future__ import annotations

import structlog
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from afterview.daemon.watcher import Progress as Scan

log = structlog.get_logger(__name__)


class BackfillProgress:
    """Follows one folder's scan from an empty cursor (first start, new UIDVALIDITY)."""

    def __init__(self, *, show_bar: bool) -> None:
        self.show_bar = show_bar
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._logged_tenth = -1

    def update(self, scan: Scan) -> None:
        """Show how far `scan` has got."""
        tenth = scan.done * 10 // scan.total if scan.total else 10
        if tenth > self._logged_tenth:
            self._logged_tenth = tenth
            log.info("backfill.progress", folder=scan.folder, done=scan.done, total=scan.total)
        if self.show_bar:
            self._draw(scan)

    def _draw(self, scan: Scan) -> None:
        if self._bar is None:
            self._bar = Progress(
                TextColumn(f"reading {scan.folder}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(scan.folder, total=scan.total)
        if self._task is not None:
            self._bar.update(self._task, completed=scan.done, total=scan.total)
        if scan.done >= scan.total:
            self.close()

    def close(self) -> None:
        """Leave the bar where it ended."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
            self._task = None
