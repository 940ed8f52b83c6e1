"""Parse a synthetic SAF-T Financial file of 500,000 lines: speed and peak memory.

    python benchmarks/saft.py [--lines 500000]

Target (spend-based issue): at least 50,000 lines per second, in bounded
memory: the peak (tracemalloc) grows with the columns kept, not with the
file, which is streamed and dropped element by element. The file is written
to a temporary folder and removed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from ghgcore.ledger import Ledger

ACCOUNTS = ("4000", "6300", "6551", "6720", "6800", "6900", "7000", "7140", "1920", "2400", "2710")


def write_saft(path: Path, lines: int) -> None:
    """A valid SAF-T file: transactions of two balanced lines each, cost account against bank."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO">'
        )
        f.write(
            "<Header><AuditFileVersion>1.30</AuditFileVersion><Company><Name>Benchmark AS</Name></Company>"
        )
        f.write("<DefaultCurrencyCode>NOK</DefaultCurrencyCode></Header><GeneralLedgerEntries>")
        f.write(f"<NumberOfEntries>{lines // 2}</NumberOfEntries><Journal><JournalID>GL</JournalID>")
        for t in range(lines // 2):
            account = ACCOUNTS[t % 8]
            amount = f"{(t % 997) * 10.25:.2f}"
            f.write(
                f"<Transaction><TransactionID>{t}</TransactionID><TransactionDate>2024-{t % 12 + 1:02d}-15</TransactionDate>"
                f"<Line><RecordID>{2 * t}</RecordID><AccountID>{account}</AccountID><Description>Faktura {t}</Description>"
                f"<DebitAmount><Amount>{amount}</Amount></DebitAmount><TaxInformation><TaxCode>1</TaxCode></TaxInformation></Line>"
                f"<Line><RecordID>{2 * t + 1}</RecordID><AccountID>1920</AccountID><Description>Betaling {t}</Description>"
                f"<CreditAmount><Amount>{amount}</Amount></CreditAmount></Line></Transaction>\n"
            )
        f.write("</Journal></GeneralLedgerEntries></AuditFile>\n")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=500_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "saft.xml"
        write_saft(path, args.lines)
        size = path.stat().st_size
        start = time.perf_counter()
        ledger = Ledger.from_saft(path)
        seconds = time.perf_counter() - start
        tracemalloc.start()
        Ledger.from_saft(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    rec = ledger.reconciliation()
    rate = len(ledger) / seconds
    print(f"SAF-T: {len(ledger):,} lines, {size / 2**20:.0f} MiB file, balanced {rec['balanced']}")
    print(
        f"  {seconds:.2f} s, {rate:,.0f} lines per second (target >= 50,000): {'ok' if rate >= 50_000 else 'MISS'}"
    )
    print(f"  peak memory (tracemalloc) {peak / 2**20:.0f} MiB, {peak / max(size, 1):.2f} x the file size")
    return 0 if rate >= 50_000 and rec["balanced"] else 1


if __name__ == "__main__":
    sys.exit(main())
