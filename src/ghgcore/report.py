"""Deprecated: the views moved to :mod:`ghgcore.views`.

``ghgcore.report.summary``, ``format_table``, ``to_html`` and ``TOTAL_BASIS``
still work and warn; import them from :mod:`ghgcore.views` instead.
"""

from __future__ import annotations

import warnings
from typing import Any

from ghgcore import views

_MOVED = ("TOTAL_BASIS", "format_table", "summary", "to_html")


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        warnings.warn(
            f"ghgcore.report.{name} moved to ghgcore.views.{name}", DeprecationWarning, stacklevel=2
        )
        return getattr(views, name)
    raise AttributeError(f"module 'ghgcore.report' has no attribute {name!r}")
