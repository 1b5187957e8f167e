"""Progress bars for long CLI work, fed from anywhere below the command.

The CLI opens a bar around the work; flows and tasks call `advance()` as they go, without knowing
whether anybody is watching (it does nothing outside a bar). The bar goes to stderr and only when
stderr is a terminal, so pipes, logs and tests see plain output.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


@dataclass
class _Bar:
    progress: Progress
    task: TaskID


_current: ContextVar[_Bar | None] = ContextVar("mediamon_progress", default=None)


@contextmanager
def progress_bar(description: str, total: int | None = None, *, enabled: bool | None = None) -> Iterator[None]:
    """Show a bar while the block runs; `total` None shows a count without an end.

    `enabled` defaults to whether stderr is a terminal.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        disable=not enabled,
    )
    token = _current.set(_Bar(progress, progress.add_task(description, total=total)))
    try:
        with progress:
            yield
    finally:
        _current.reset(token)


def advance(steps: int = 1) -> None:
    """Move the open bar on by `steps`; nothing happens when no bar is open."""
    bar = _current.get()
    if bar is not None:
        bar.progress.advance(bar.task, steps)

