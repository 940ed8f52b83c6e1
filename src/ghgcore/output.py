"""Writing results: JSON summaries and per-line CSV, whole or not at all."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["atomic_writer", "dumps_summary"]


def dumps_summary(data: dict[str, Any]) -> str:
    """Serialise a summary to JSON: sorted keys, two-space indent, UTF-8 text.

    The same summary always gives the same bytes.

    Raises
    ------
    ValueError
        If the summary holds a NaN or infinity (never valid JSON).
    """
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, newline: str | None = None) -> Iterator[IO[str]]:
    """Open a text file for writing that appears whole, or not at all.

    The content goes to a temporary file beside `path`, which replaces
    `path` only when the block ends without an exception.
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".ghgcore-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
