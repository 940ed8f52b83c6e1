"""General-ledger readers: SAF-T Financial XML and ledger CSV."""

from __future__ import annotations

from ghgcore.ledger import Ledger
from ghgcore.readers._base import Reader, ReadOptions, csv_header

__all__ = ["LedgerCsvReader", "SaftReader"]

_LEDGER_COLUMNS = {"account", "amount", "date"}


class SaftReader(Reader):
    """Norwegian SAF-T Financial, versions 1.10 to 1.30 (streaming; DTDs and entities refused)."""

    name = "saft"
    description = "SAF-T Financial XML (Norway)"

    def guess_can_open(self, path: str, head: bytes) -> bool:
        """A ``.xml`` file, or one whose content starts with ``<``."""
        return path.lower().endswith(".xml") or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")

    def read(self, path: str, options: ReadOptions) -> Ledger:
        """Read with :meth:`Ledger.from_saft`."""
        return Ledger.from_saft(path)


class LedgerCsvReader(Reader):
    """A general ledger as CSV: ``account``, ``amount``, ``date`` and optional columns."""

    name = "ledger"
    description = "ledger CSV (account, amount, date, ...)"

    def guess_can_open(self, path: str, head: bytes) -> bool:
        """A CSV whose header has ``account``, ``amount`` and ``date``."""
        header = csv_header(head)
        return header is not None and _LEDGER_COLUMNS <= header

    def read(self, path: str, options: ReadOptions) -> Ledger:
        """Read with :meth:`Ledger.from_csv` in the options' currency."""
        return Ledger.from_csv(path, currency=options.currency)
