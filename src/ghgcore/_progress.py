"""Progress bars for long work (a SAF-T file of several GB, a network of hundreds of members, Monte Carlo).

A bar is drawn by rich on standard error when, and only when, standard error
is a terminal: a notebook, a pipe, a log file or CI get nothing. Setting the
environment variable ``GHGCORE_PROGRESS=0`` turns bars off on a terminal too.
The bar is transient: it is gone when the work is done, so a report printed
after it stays clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

__all__ = ["callback", "progress", "shown"]

#: The environment variable that turns bars off (``0``, ``no``, ``off``, ``false``).
ENVIRONMENT = "GHGCORE_PROGRESS"


def shown() -> bool:
    """Whether a bar would be drawn now: standard error is a terminal and bars are not turned off."""
    if os.environ.get(ENVIRONMENT, "").strip().lower() in {"0", "no", "off", "false"}:
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    stream = sys.stderr
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def _nothing(_: float = 1) -> None:
    return None


@contextmanager
def progress(
    description: str, total: float | None, *, bytes_: bool = False
) -> Iterator[Callable[[float], None]]:
    """A bar for work of `total` steps; yields ``advance(steps=1)``.

    Parameters
    ----------
    description : str
        What is being done (``Reading ledger.xml``); empty: no bar.
    total : float or None
        The steps in all (None: unknown, a pulsing bar).
    bytes_ : bool
        The steps are bytes: the bar shows sizes and a transfer speed.

    Examples
    --------
    >>> with progress("Counting", 3) as advance:  # not a terminal here: nothing is drawn
    ...     for _ in range(3):
    ...         advance()
    """
    if not description or not shown():
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    counts = (DownloadColumn(), TransferSpeedColumn()) if bytes_ else (MofNCompleteColumn(),)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        *counts,
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )
    with bar:
        task = bar.add_task(description, total=total)

        def advance(steps: float = 1) -> None:
            bar.advance(task, steps)

        yield advance


@contextmanager
def callback(description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback for :mod:`ghgcore.uncertainty` drawing a bar, or None.

    None (nothing to call) without a description or off a terminal; the bar
    starts at the first call, when the total is known.
    """
    if not description or not shown():
        yield None
        return
    with ExitStack() as stack:
        advance: Callable[[float], None] | None = None
        drawn = 0

        def report(done: int, total: int) -> None:
            nonlocal advance, drawn
            if advance is None:
                advance = stack.enter_context(progress(description, total))
            advance(done - drawn)
            drawn = done

        yield report
