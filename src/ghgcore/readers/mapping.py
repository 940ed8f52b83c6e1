"""The account mapping CSV reader: your mapping of ledger accounts, given among the inputs."""

from __future__ import annotations

from ghgcore.readers._base import Reader, ReadOptions, csv_header
from ghgcore.spend import AccountMapping

__all__ = ["MappingReader"]


class MappingReader(Reader):
    """The account mapping CSV format: ``account`` and ``category`` or ``exclude`` (no amounts)."""

    name = "mapping"
    description = (
        "account mapping CSV (account, category, exclude, side): your accounts, before the database's"
    )

    def guess_can_open(self, path: str, head: bytes) -> bool:
        """A CSV whose header has ``account`` and ``category`` or ``exclude``, and no ``amount``."""
        header = csv_header(head, comments=True)
        return (
            header is not None
            and "account" in header
            and bool({"category", "exclude"} & header)
            and not {"amount", "debit", "credit"} & header
        )

    def read(self, path: str, options: ReadOptions) -> AccountMapping:
        """Read with :meth:`AccountMapping.from_csv` (invalid rows raise, naming line and field)."""
        return AccountMapping.from_csv(path)
