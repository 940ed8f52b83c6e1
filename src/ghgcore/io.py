"""Deprecated: moved to :mod:`ghgcore.output` (``ghgcore.io`` read like the standard library's ``io``).

``ghgcore.io.atomic_writer`` and ``dumps_summary`` still work and warn.
"""

from __future__ import annotations

import warnings
from typing import Any

from ghgcore import output

_MOVED = ("atomic_writer", "dumps_summary")


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        warnings.warn(f"ghgcore.io.{name} moved to ghgcore.output.{name}", DeprecationWarning, stacklevel=2)
        return getattr(output, name)
    raise AttributeError(f"module 'ghgcore.io' has no attribute {name!r}")
