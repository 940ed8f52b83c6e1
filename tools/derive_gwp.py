"""Derive src/ghgcore/data/gwp.csv from the shared source data.

A developer's tool, run by hand when the source changes; ghgcore never reads
../shared at install, run or test time.

Source: ../shared/data/gwp/globalwarmingpotentials.csv (openclimatedata,
CC0 1.0), columns AR4GWP100, AR5GWP100 (without climate-carbon feedbacks, as
in the GHG Protocol tables) and AR6GWP100. Methane by origin, which that file
does not split, comes from the GHG Protocol "IPCC Global Warming Potential
Values" v2.0 (August 2024): AR5 fossil 30 / non-fossil 28, AR6 fossil 29.8 /
non-fossil 27.0. AR4 gives one value for methane (25), used for both.

Usage: python tools/derive_gwp.py ../shared/data/gwp/globalwarmingpotentials.csv
"""

import csv
import re
import sys
from pathlib import Path

SETS = {"AR4": "AR4GWP100", "AR5": "AR5GWP100", "AR6": "AR6GWP100"}
GHGP = "GHG Protocol, IPCC Global Warming Potential Values v2.0 (2024)"
OCD = "openclimatedata/globalwarmingpotentials (CC0), {col}"
METHANE_BY_ORIGIN = {
    "CH4_fossil": {"AR4": "25", "AR5": "30", "AR6": "29.8"},
    "CH4_non_fossil": {"AR4": "25", "AR5": "28", "AR6": "27.0"},
}


def canonical(species: str) -> str:
    """HFC134a -> HFC-134a, as the GHG Protocol writes F-gases."""
    m = re.fullmatch(r"(HFC|HCFC|CFC|HFE|HCFE)(\d.*)", species)
    return f"{m[1]}-{m[2]}" if m else species


def main(source: str, target: str = "src/ghgcore/data/gwp.csv") -> None:
    lines = Path(source).read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    out = [
        ("CO2", "1", "1", "1", "definition"),
    ]
    for row in rows:
        values = [row[SETS[s]].strip() for s in SETS]
        if not any(values):
            continue
        out.append((canonical(row["Species"]), *values, OCD.format(col="/".join(SETS.values()))))
        if row["Species"] == "CH4":
            for gas, by_set in METHANE_BY_ORIGIN.items():
                out.append((gas, *(by_set[s] for s in SETS), GHGP))
    with open(target, "w", encoding="utf-8", newline="") as f:
        f.write(
            "# GWP-100 values (kg CO2e per kg of gas). Derived by tools/derive_gwp.py\n"
            "# from openclimatedata/globalwarmingpotentials (CC0 1.0), which compiles\n"
            "# the IPCC AR4/AR5 values of the GHG Protocol GWP tables and IPCC AR6 WG1\n"
            "# Table 7.SM.7; methane by origin from the GHG Protocol GWP values v2.0\n"
            "# (August 2024). An empty cell: no value in that assessment report.\n"
        )
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["gas", *SETS, "source"])
        w.writerows(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
