"""Derive the grid plugin's factor tables from ../shared/data.

A developer's tool, run by hand (needs pycountry for ISO 3166 codes);
nothing reads ../shared at install, run or test time. Writes one factors CSV
per source into plugins/ghgcore-grid/src/ghgcore_grid/data/.

Usage: python tools/derive_grid.py ../shared/data
"""

import csv
import json
import sys
from pathlib import Path

import pycountry

OUT = Path("plugins/ghgcore-grid/src/ghgcore_grid/data")
HEADER = [
    "activity",
    "unit",
    "gas",
    "value",
    "value_unit",
    "region",
    "year",
    "scope",
    "method",
    "source",
    "licence",
]
EM_LICENCE = "ODbL 1.0: attribute Electricity Maps; share-alike (via Green Web Foundation CO2.js)"
EMBER_LICENCE = "CC BY-SA 4.0: Ember (via Green Web Foundation CO2.js)"
OEFDB_LICENCE = "CC BY-SA 4.0 (Open Emission Factors Database 2022-05-12)"


def write(name, rows, comment):
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        f.write("".join(f"# {line}\n" for line in comment.strip().splitlines()))
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(sorted(rows, key=lambda r: (r[5], r[6], r[8])))


def row(gas, grams, region, year, method, source, licence):
    return ["electricity", "kWh", gas, f"{grams:g}", "g", region, str(year), "2", method, source, licence]


def electricity_maps(shared):
    rows = []
    for path in sorted((shared / "electricity-maps").glob("yearly_*.json")):
        year = int(path.stem.split("_")[1])
        for zone, item in json.loads(path.read_text(encoding="utf-8")).items():
            value = item["carbonIntensity"]["value"]
            if value is None:
                continue
            name = item["zone"].get("zoneName", zone)
            rows.append(row("CO2e", value, zone, year, "location",
                            f"Electricity Maps, yearly average carbon intensity {year}, {name} ({zone}); lifecycle, "
                            "gCO2eq/kWh, consumption-based", EM_LICENCE))  # fmt: skip
    write(
        "electricitymaps.csv",
        rows,
        "Electricity Maps yearly zone averages (lifecycle, gCO2eq/kWh), republished by the\n"
        "Green Web Foundation in CO2.js. Open Database License (ODbL 1.0): attribute Electricity Maps.",
    )


AGGREGATES = {"World": "WORLD", "EU": "EU27"}


def ember(shared):
    by_key = {}
    for snapshot in ("2024-01", "2025-08"):  # later snapshots replace earlier values for the same year
        data = json.loads(
            (shared / "ember" / f"average-intensities-snapshot-{snapshot}.json").read_text("utf-8")
        )
        for item in data.values():
            code = item["country_code"]
            if code:
                country = pycountry.countries.get(alpha_3=code)
                if country is None:
                    continue
                region = country.alpha_2
            elif item["country_or_region"] in AGGREGATES:
                region = AGGREGATES[item["country_or_region"]]
            else:
                continue
            by_key[(region, item["year"])] = row(
                "CO2e", item["emissions_intensity_gco2_per_kwh"], region, item["year"], "location",
                f"Ember, yearly electricity data (snapshot {snapshot}), {item['country_or_region']} {item['year']}; "
                "lifecycle CO2e of the production mix, gCO2/kWh", EMBER_LICENCE,
            )  # fmt: skip
    write(
        "ember.csv",
        list(by_key.values()),
        "Ember yearly average grid intensity by country (lifecycle CO2e of the production mix,\n"
        "gCO2/kWh), two snapshots republished in CO2.js. CC BY-SA 4.0: Ember.",
    )


def aib(shared):
    rows = []
    with open(shared / "oefdb" / "OpenEmissionFactorsDB-2022-05-12.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["source"] == "AIB" and r["activity_id"] == "electricity-energy_source_grid_mix":
                rows.append(row("CO2", float(r["kgCO2e-AR4"]) * 1000, r["region"], 2020, "location",
                                "AIB European Residual Mixes 2020 (2020 data), production fuel mix; direct CO2 only",
                                OEFDB_LICENCE))  # fmt: skip
            if (
                r["source"] == "GHG Protocol"
                and r["activity_id"] == "electricity-energy_source_grid_mix_residual_mix_market_based"
            ):
                rows.append(row("CO2", float(r["kgCO2"]) * 1000, r["region"], 2018, "market",
                                "AIB European Residual Mixes 2018 v1.2 (July 2019), Table 2, direct gCO2/kWh, "
                                "as republished in the GHG Protocol calculation tool", OEFDB_LICENCE))  # fmt: skip
    write(
        "aib.csv",
        rows,
        "AIB: 2020 production mixes (location-based) and European Residual Mixes 2018 v1.2\n"
        "(market-based), direct CO2, via the Open Emission Factors Database 2022-05-12 (CC BY-SA 4.0).",
    )


def nve():
    loc = {2019: 17, 2020: 8, 2022: 19, 2023: 15}
    market = {2016: 530, 2020: 402}
    rows = [row("CO2e", v, "NO", y, "location", f"NVE klimadeklarasjon {y}, physically delivered electricity, Norway"
                + ("; from 2023 IPCC 2006 factors and AR5 GWP" if y >= 2023 else ""), "NVE publication (cited)")
            for y, v in loc.items()]  # fmt: skip
    rows += [row("CO2e", v, "NO", y, "market", f"NVE varedeklarasjon {y}, residual mix, Norway", "NVE publication (cited)")
             for y, v in market.items()]  # fmt: skip
    write(
        "nve.csv",
        rows,
        "NVE (Norwegian Water Resources and Energy Directorate): klimadeklarasjon (location-based)\n"
        "and varedeklarasjon (residual mix); figures as published (NVE news of 11 June 2024).",
    )


def ifi(shared):
    rows = []
    with open(shared / "unfccc" / "IFI_Default_Grid_Factors_2021_v3.1_unfccc.csv", encoding="utf-8") as f:
        for r in list(csv.reader(f))[4:]:
            name = r[0].split("(")[0].strip()
            if not name or not r[4].strip():
                continue
            try:
                country = pycountry.countries.lookup(name)
            except LookupError:
                try:
                    country = pycountry.countries.search_fuzzy(name)[0]
                except LookupError:
                    continue
            rows.append(row("CO2", float(r[4]), country.alpha_2, 2021, "location",
                            f"IFI Harmonised Default Grid Emission Factors 2021 v3.1 (UNFCCC), {r[0]}, "
                            "combined margin for electricity consumption, gCO2/kWh", "public (UNFCCC)"))  # fmt: skip
    unique = {(r[5],): r for r in rows}
    write(
        "ifi.csv",
        list(unique.values()),
        "IFI Harmonised Default Grid Emission Factors 2021 v3.1 (UNFCCC / IFI TWG): combined\n"
        "margin for electricity consumption, gCO2/kWh. A marginal factor for projects, not a grid\n"
        "average: a last resort for countries without another source.",
    )


def main(shared):
    shared = Path(shared)
    OUT.mkdir(parents=True, exist_ok=True)
    electricity_maps(shared)
    ember(shared)
    aib(shared)
    nve()
    ifi(shared)


if __name__ == "__main__":
    main(*sys.argv[1:])
