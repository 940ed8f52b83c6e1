"""The activities CSV reader."""

from __future__ import annotations

from ghgcore.activities import ActivityTable
from ghgcore.readers._base import Reader, ReadOptions, csv_header

__all__ = ["ActivitiesReader"]


class ActivitiesReader(Reader):
    """The activities CSV format: ``activity``, ``amount``, ``unit`` and optional columns."""

    name = "activities"
    description = "activities CSV (activity, amount, unit, region, year, ...)"

    def guess_can_open(self, path: str, head: bytes) -> bool:
        """A CSV whose header has an ``activity`` column."""
        header = csv_header(head)
        return header is not None and "activity" in header

    def read(self, path: str, options: ReadOptions) -> ActivityTable:
        """Read with :meth:`ActivityTable.from_csv`."""
        return ActivityTable.from_csv(path, encoding=options.encoding)
