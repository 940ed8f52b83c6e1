"""Derive plugins/ghgcore-spend/src/ghgcore_spend/data/kpi.csv from the shared source data.

A developer's tool, run by hand when the source changes; ghgcore never reads
../shared at install, run or test time.

Source: ../shared/data/ssb-kpi/kpi-annual.csv, Statistics Norway's consumer
price index (KPI), all items, annual average, 2015 = 100 (StatBank table
03014), with the annual changes SSB states and where each was checked. The
levels are shipped: the index between two years is the ratio of their levels,
as SSB's own price calculator and table 03014 give it; the published one-decimal
changes are checked against the levels here.

Usage: python tools/derive_kpi.py ../shared/data/ssb-kpi/kpi-annual.csv
"""

import csv
import sys
from pathlib import Path

TARGET = "plugins/ghgcore-spend/src/ghgcore_spend/data/kpi.csv"


def main(source: str, target: str = TARGET) -> None:
    lines = Path(source).read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    levels = {int(r["year"]): float(r["index"]) for r in rows}
    for r in rows:
        year, stated = int(r["year"]), r["change_percent"].strip()
        if stated and year - 1 in levels:
            computed = 100 * (levels[year] / levels[year - 1] - 1)
            if abs(computed - float(stated)) > 0.05 + 1e-9:
                raise SystemExit(f"{year}: levels give {computed:.2f} %, SSB states {stated} %")
    with open(target, "w", encoding="utf-8", newline="") as f:
        f.write(
            "# Consumer price index for Norway (KPI), all items, annual average, 2015 = 100.\n"
            "# Statistics Norway (SSB), StatBank table 03014 'Konsumprisindeks (2015=100)',\n"
            "# reference time 'average for the year'. Derived by tools/derive_kpi.py from\n"
            "# ../shared/data/ssb-kpi/kpi-annual.csv, where each year's annual change is checked\n"
            "# against SSB's or Norges Bank's stated figure; the levels reproduce every stated\n"
            "# change to its published decimal. A year after 2024 has no figure: a NOK line of\n"
            "# that year is unresolved unless you give a fuller index (--price-index) or ask for\n"
            "# extrapolation (--extrapolate-prices), which is recorded on each line.\n"
        )
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "index"])
        for year in sorted(levels):
            w.writerow([year, f"{levels[year]:.1f}"])


if __name__ == "__main__":
    main(*sys.argv[1:])
