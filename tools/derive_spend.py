"""Derive the spend plugin's EXIOBASE table from the OEFDB snapshot in ../shared/data/oefdb.

A developer's tool, run by hand; nothing reads ../shared at install, run or
test time. Writes plugins/ghgcore-spend/src/ghgcore_spend/data/exiobase.csv:
every EXIOBASE 3 product factor of the snapshot (kg CO2e per EUR, basic
prices, 2019 data, multiregional: the supply chain abroad included) for
Norway, Germany, the United Kingdom, the United States and Brazil, as
republished by climatiq in the Open Emission Factors Database 2022-05-12
(CC BY-SA 4.0), with the AR5 and AR4 CO2e the source gives. Product names
are the source's, with runs of spaces collapsed.

It then checks that every product the categories (categories.csv) name
exists for all five regions, so that a category's documented weights are the
weights used everywhere.

Usage: python tools/derive_spend.py ../shared/data/oefdb/OpenEmissionFactorsDB-2022-05-12.csv
"""

import csv
import re
import sys

DATA = "plugins/ghgcore-spend/src/ghgcore_spend/data/"
REGIONS = ("NO", "DE", "GB", "US", "BR")
HEADER = """\
# EXIOBASE 3 product factors, kg CO2e per EUR at basic prices, 2019 data (multiregional).
# Derived by tools/derive_spend.py from the Open Emission Factors Database snapshot
# 2022-05-12 (climatiq; data: EXIOBASE 3, Stadler et al., https://zenodo.org/record/5589597),
# rows with source EXIOBASE for NO, DE, GB, US and BR, unchanged except that runs of
# spaces in product names are collapsed. Licence: CC BY-SA 4.0
# (https://creativecommons.org/licenses/by-sa/4.0/); this table is shared under the same licence.
"""


def main(path: str) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["source"] == "EXIOBASE" and r["region"] in REGIONS]
    out = []
    for r in rows:
        if r["activity_unit"] != "EUR" or not r["years_calculated_from"].startswith("2019"):
            sys.exit(f"unexpected EXIOBASE row (not EUR of 2019): {r}")
        name = re.sub(r"\s+", " ", r["name"]).strip()
        out.append((name, r["region"], float(r["kgCO2e-AR5"]), float(r["kgCO2e-AR4"]), r["activity_id"]))
    out.sort(key=lambda t: (t[0], REGIONS.index(t[1])))
    with open(DATA + "exiobase.csv", "w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["product", "region", "kg_co2e_ar5", "kg_co2e_ar4", "oefdb_activity_id"])
        for name, region, ar5, ar4, activity_id in out:
            w.writerow([name, region, repr(ar5), repr(ar4), activity_id])
    have = {(name, region) for name, region, *_ in out}
    with open(DATA + "categories.csv", encoding="utf-8", newline="") as f:
        cats = list(csv.DictReader(line for line in f if not line.startswith("#")))
    problems = []
    for cat in cats:
        parts = [p.rsplit("*", 1) for p in cat["products"].split(" | ")]
        total = sum(float(w) for _, w in parts)
        if abs(total - 1) > 1e-9:
            problems.append(f"{cat['key']}: weights sum to {total}")
        for product, _ in parts:
            missing = [r for r in REGIONS if (product.strip(), r) not in have]
            if missing:
                problems.append(f"{cat['key']}: {product!r} missing for {', '.join(missing)}")
    print(f"{len(out)} product factors, {len(cats)} categories")
    if problems:
        sys.exit("\n".join(problems))


if __name__ == "__main__":
    main(sys.argv[1])
