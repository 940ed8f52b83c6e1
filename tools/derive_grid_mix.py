"""Derive the grid plugin's electricity mix tables (energy contents) from ../shared/data and cited pages.

Writes mix-electricitymaps.csv and mix-nve.csv into plugins/ghgcore-grid/src/ghgcore_grid/data/.
A developer's tool, run by hand when the sources change; ghgcore never runs it.
Usage: python tools/derive_grid_mix.py ../shared/data
"""

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "plugins/ghgcore-grid/src/ghgcore_grid/data"
HEADER = ["activity", "unit", "region", "year", "renewable", "nuclear", "fossil", "unspecified", "source"]
EM_LICENCE = "ODbL 1.0: attribute Electricity Maps; share-alike (via Green Web Foundation CO2.js)"
NVE_LICENCE = "NVE publication (cited)"


def write(name, rows, comment):
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        f.write("".join(f"# {line}\n" for line in comment.strip().splitlines()))
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(sorted(rows, key=lambda r: (r[2], r[3])))


def share(x):
    return f"{x:.4g}"


def electricity_maps(shared):
    rows, skipped = [], []
    for path in sorted((shared / "electricity-maps").glob("yearly_*.json")):
        year = int(path.stem.split("_")[1])
        for zone, item in json.loads(path.read_text(encoding="utf-8")).items():
            re_ = (item.get("renewableEnergy") or {}).get("value")
            cf = (item.get("carbonFreeEnergy") or {}).get("value")
            if re_ is None or cf is None or not (0 <= re_ <= cf <= 100):
                skipped.append((zone, year, re_, cf))
                continue
            name = item["zone"].get("zoneName", zone)
            source = (
                f"Electricity Maps, yearly averages {year}, {name} ({zone}), consumption-based: renewable "
                f"{re_:g} %, carbon-free {cf:g} %; nuclear = carbon-free - renewable, fossil = 100 - carbon-free"
            )
            rows.append(
                [
                    "electricity",
                    "kWh",
                    zone,
                    str(year),
                    share(re_ / 100),
                    share((cf - re_) / 100),
                    share((100 - cf) / 100),
                    "0",
                    source,
                ]
            )
    write(
        "mix-electricitymaps.csv",
        rows,
        "Electricity supply mix by zone and year (energy contents of electricity: shares only),\n"
        "from Electricity Maps' yearly zone averages (consumption-based, imports included),\n"
        "republished by the Green Web Foundation in CO2.js: renewable = 'renewableEnergy' %,\n"
        "nuclear = 'carbonFreeEnergy' % less 'renewableEnergy' %, fossil = 100 less 'carbonFreeEnergy' %\n"
        "(the rest; it holds any production Electricity Maps could not attribute). Published as whole\n"
        "percents. Open Database License (ODbL 1.0): attribute Electricity Maps, share alike.",
    )
    return skipped


NVE = [
    (
        2019,
        0.94,
        "hydro, wind and other renewable power 94 % of consumption ('Vannkraft, vindkraft og annen "
        "fornybar kraft stod for til sammen 94 prosent av strømforbruket')",
        "Energiaktuelt, 'Beregnet CO2-faktor for bruk av strøm er 17 gram CO2e/kWh' ('Dette melder NVE'; date not "
        "shown in the stored copy) (https://www.energiaktuelt.no/beregnet-co2-faktor-for-bruk-av-stroem-er-17-gram-"
        "co2ekwh.6524683-575505.html)",
    ),
    (
        2020,
        0.977,
        "renewable 97.7 % of consumption, the sum of its renewable shares for 2020: hydro 90.3 %, "
        "wind 7 %, other renewable 0.4 % (Fornybarandelene for 2020: Vannkraft 90,3 prosent, Vindkraft 7 prosent, "
        "Annen fornybar 0,4 prosent)",
        "Europower Energi, 'Andelen fornybar strøm i Norge økte, klimaavtrykket ble halvert', reporting NVE's "
        "klimadeklarasjon for fysisk levert strøm 2020 (date not shown in the stored copy) (https://www.europower-"
        "energi.no/elektrifisering/andelen-fornybar-strom-i-norge-okte-klimaavtrykket-ble-halvert/2-1-1034709)",
    ),
    (
        2022,
        0.95,
        "renewable 95 % of consumption: 81 % hydro, 12 % wind, 2 % solar and biofuel ('Totalt ble 95 "
        "prosent av det norske strømforbruket dekket av fornybar strøm i 2022')",
        "Europower, 'Norsk strøm blir skitnere og skitnere', on NVE's klimadeklarasjon for fysisk levert strøm 2022 "
        "and its press release (https://www.europower.no/produksjon/norsk-strom-blir-skitnere-og-skitnere/2-1-1456647); "
        "also Finnås Kraftlag, 'Klimadeklarasjon': 95 % renewable in 2022 by NVE's calculation "
        "(https://www.finnas-kraftlag.no/klimadeklarasjon/category2062.html)",
    ),
    (
        2023,
        0.95,
        "renewable 95 % of consumption: 83 % hydro, 11 % wind, 1 % solar ('Totalt ble 95 prosent av det "
        "norske strømforbruket dekket av strøm produsert fra fornybare kilder i 2023')",
        "NVE, news 'Lavt klimagassutslipp knyttet til norsk strømforbruk i 2023', published 11.06.2024 "
        "(https://www.nve.no/nytt-fra-nve/nyheter-energi/lavt-klimagassutslipp-knyttet-til-norsk-stroemforbruk-i-2023/)",
    ),
]


def nve():
    rows = []
    for year, renewable, what, where in NVE:
        rest = round(1 - renewable, 6)
        source = (
            f"NVE klimadeklarasjon (physically delivered electricity) {year}, Norway: {what}; the other "
            f"{rest * 100:.3g} % is not split into fossil and nuclear there: unspecified; "
            f"read from {where}"
        )
        rows.append(["electricity", "kWh", "NO", str(year), share(renewable), "0", "0", share(rest), source])
    write(
        "mix-nve.csv",
        rows,
        "Electricity supply mix in Norway (energy contents of electricity: shares only), from NVE's\n"
        "klimadeklarasjon for fysisk levert strøm (the mix of the electricity consumed in Norway,\n"
        "imports included), each year as published; the source of each row names the page it was\n"
        "read from. NVE's renewable share only: the rest is unspecified. Years not found (2021, 2024)\n"
        "are listed in the plugin README. Facts published by NVE; cite NVE and the year.",
    )


if __name__ == "__main__":
    skipped = electricity_maps(Path(sys.argv[1]))
    print("skipped", len(skipped), skipped[:10])
    nve()
