"""The factors CSV reader: your own factors, given among the inputs."""

from __future__ import annotations

from ghgcore.factors import FactorSet
from ghgcore.readers._base import Reader, ReadOptions, csv_header

__all__ = ["FactorsReader"]

#: The columns that tell a factors CSV from an activities CSV (which has ``amount``).
_SIGNATURE = frozenset({"activity", "unit", "gas", "value", "value_unit"})


class FactorsReader(Reader):
    """The factors CSV format: your own factors (a supplier's figure, say), searched first."""

    name = "factors"
    description = "factors CSV (activity, unit, gas, value, value_unit, source, ...): your own factors"

    def guess_can_open(self, path: str, head: bytes) -> bool:
        """A CSV whose header has the factors format's columns and no ``amount``."""
        header = csv_header(head, comments=True)
        return header is not None and _SIGNATURE <= header and "amount" not in header

    def read(self, path: str, options: ReadOptions) -> FactorSet:
        """Read with :meth:`FactorSet.from_csv` (invalid rows raise, naming line and field)."""
        return FactorSet.from_csv(path)
