"""Derive src/ghgcore/data/gwp.csv from the shared source data.

A developer's tool, run by hand when the source changes; ghgcore never reads
../shared at install, run or test time.

Source: ../shared/data/gwp/globalwarmingpotentials.csv (openclimatedata,
CC0 1.0), columns AR4GWP100, AR5GWP100 (without climate-carbon feedbacks, as
in the GHG Protocol tables) and AR6GWP100. Methane by origin, which that file
does not split, comes from the GHG Protocol "IPCC Global Warming Potential
Values" v2.0 (August 2024): AR5 fossil 30 / non-fossil 28, AR6 fossil 29.8 /
non-fossil 27.0. AR4 gives one value for methane (25), used for both.

Eight HFCs (HFC-41, -134, -143, -152, -161, -236cb, -236ea, -245ca) have no AR4
value in that file; ../shared/data/gwp/ar4-supplement.csv gives them from IPCC
AR4 WG1 Table 2.14 as published in US EPA 40 CFR Part 98 Subpart A, Table A-1
(public domain), and the row's source says so.

Usage: python tools/derive_gwp.py ../shared/data/gwp/globalwarmingpotentials.csv \
           ../shared/data/gwp/ar4-supplement.csv
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


EPA_AR4 = "AR4: IPCC AR4 WG1 Table 2.14 via US EPA 40 CFR 98 Table A-1 (public domain)"


def read(path: str) -> list[dict[str, str]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def main(source: str, supplement: str, target: str = "src/ghgcore/data/gwp.csv") -> None:
    rows = read(source)
    ar4 = {row["species"]: row["AR4GWP100"].strip() for row in read(supplement)}
    names = {row["Species"] for row in rows}
    missing = sorted(set(ar4) - names)
    if missing:
        raise SystemExit(f"the AR4 supplement names species the main file lacks: {missing}")
    out = [
        ("CO2", "1", "1", "1", "definition"),
    ]
    for row in rows:
        values = [row[SETS[s]].strip() for s in SETS]
        if not any(values):
            continue
        source_text = OCD.format(col="/".join(SETS.values()))
        if row["Species"] in ar4:
            if values[0]:
                raise SystemExit(f"{row['Species']}: an AR4 value in both files")
            values[0] = ar4[row["Species"]]
            source_text = f"{OCD.format(col='AR5GWP100/AR6GWP100')}; {EPA_AR4}"
        out.append((canonical(row["Species"]), *values, source_text))
        if row["Species"] == "CH4":
            for gas, by_set in METHANE_BY_ORIGIN.items():
                out.append((gas, *(by_set[s] for s in SETS), GHGP))
    with open(target, "w", encoding="utf-8", newline="") as f:
        f.write(
            "# GWP-100 values (kg CO2e per kg of gas). Derived by tools/derive_gwp.py\n"
            "# from openclimatedata/globalwarmingpotentials (CC0 1.0), which compiles\n"
            "# the IPCC AR4/AR5 values of the GHG Protocol GWP tables and IPCC AR6 WG1\n"
            "# Table 7.SM.7; methane by origin from the GHG Protocol GWP values v2.0\n"
            "# (August 2024); AR4 values of eight HFCs that file lacks from IPCC AR4 WG1\n"
            "# Table 2.14 as published in US EPA 40 CFR 98 Table A-1 (public domain).\n"
            "# An empty cell: no value in that assessment report.\n"
        )
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["gas", *SETS, "source"])
        w.writerows(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
