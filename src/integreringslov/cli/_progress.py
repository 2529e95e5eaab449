"""Progress on stderr for the commands' longer steps (rich), only where someone watches.

Shown when stderr is a terminal, or when forced with ``--progress`` (``--no-progress``
hides it). Each step is a line with a spinner, its name, a count of rows where known and
the time it took, so a long run is never silent.
"""

from __future__ import annotations

import argparse
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from integreringslov._text.i18n import tr
from integreringslov._text.privacy import printable

if TYPE_CHECKING:  # pragma: no cover
    from rich.progress import Progress, TaskID

__all__ = ["Steps", "add_progress_option"]


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    """Give a command with long steps the ``--progress/--no-progress`` option."""
    parser.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help=tr("show progress on stderr (default: only when stderr is a terminal)"),
    )  # fmt: skip


class Steps:
    """The steps of one command, shown as progress lines on stderr (or not at all)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.enabled = sys.stderr.isatty() if args.progress is None else bool(args.progress)
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Steps:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True, width=None if sys.stderr.isatty() else 120),
            )  # fmt: skip
            self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            if error is None:
                self._finish()
            self._progress.stop()

    def _finish(self) -> None:
        if self._progress is not None and self._task is not None:
            task = self._progress.tasks[-1]
            self._progress.update(self._task, total=task.total or 1, completed=task.total or 1)

    def step(self, what: str, total: int | None = None) -> None:
        """Finish the step under way and start the step ``what`` (of ``total`` rows)."""
        if self._progress is None:
            return
        self._finish()
        self._task = self._progress.add_task(printable(what), total=total)

    def done(self, count: int) -> None:
        """The step under way has handled ``count`` rows."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, total=count, completed=count)
