"""Derive the grid plugin's factor tables from ../shared/data.

A developer's tool, run by hand (needs pycountry for ISO 3166 codes);
nothing reads ../shared at install, run or test time. Writes one factors CSV
per source into plugins/ghgcore-grid/src/ghgcore_grid/data/.

Every row has a ``boundary``: ``combustion`` (direct emissions where the
electricity is generated: NVE, AIB, Green-e, IFI) or ``lifecycle`` (upstream
too: Electricity Maps, Ember), as its source states it; see the plugin README.

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
    "boundary",
    "source",
    "licence",
]
EM_LICENCE = "ODbL 1.0: attribute Electricity Maps; share-alike (via Green Web Foundation CO2.js)"
EMBER_LICENCE = "CC BY-SA 4.0: Ember (via Green Web Foundation CO2.js)"
OEFDB_LICENCE = "CC BY-SA 4.0 (Open Emission Factors Database 2022-05-12)"
GREENE_LICENCE = (
    "CC BY-SA 4.0 (Open Emission Factors Database 2022-05-12); figures by Green-e Energy, "
    "as republished in the GHG Protocol calculation tool (material provided by third parties)"
)
NVE_LICENCE = "NVE publication (cited)"


def write(name, rows, comment):
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        f.write("".join(f"# {line}\n" for line in comment.strip().splitlines()))
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(sorted(rows, key=lambda r: (r[5], r[6], r[8])))


def row(gas, grams, region, year, method, boundary, source, licence):
    assert boundary in ("combustion", "lifecycle", ""), boundary
    key = ["electricity", "kWh", gas, f"{grams:g}", "g", region, str(year), "2", method]
    return [*key, boundary, source, licence]


def electricity_maps(shared):
    rows = []
    for path in sorted((shared / "electricity-maps").glob("yearly_*.json")):
        year = int(path.stem.split("_")[1])
        for zone, item in json.loads(path.read_text(encoding="utf-8")).items():
            value = item["carbonIntensity"]["value"]
            if value is None:
                continue
            name = item["zone"].get("zoneName", zone)
            rows.append(row("CO2e", value, zone, year, "location", "lifecycle",
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
                "CO2e", item["emissions_intensity_gco2_per_kwh"], region, item["year"], "location", "lifecycle",
                f"Ember, yearly electricity data (snapshot {snapshot}), {item['country_or_region']} {item['year']}; "
                "lifecycle CO2e of the production mix, gCO2/kWh", EMBER_LICENCE,
            )  # fmt: skip
    write(
        "ember.csv",
        list(by_key.values()),
        "Ember yearly average grid intensity by country (lifecycle CO2e of the production mix,\n"
        "gCO2/kWh), two snapshots republished in CO2.js. CC BY-SA 4.0: Ember.",
    )


RESIDUAL = "electricity-energy_source_grid_mix_residual_mix_market_based"


def aib(shared):
    """AIB production mixes 2020 and European Residual Mixes 2018; Green-e's rows go to greene.csv."""
    rows, greene = [], []
    with open(shared / "oefdb" / "OpenEmissionFactorsDB-2022-05-12.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["source"] == "AIB" and r["activity_id"] == "electricity-energy_source_grid_mix":
                rows.append(row("CO2", float(r["kgCO2e-AR4"]) * 1000, r["region"], 2020, "location", "combustion",
                                "AIB European Residual Mixes 2020 (2020 data), production fuel mix; direct CO2 only",
                                OEFDB_LICENCE))  # fmt: skip
            if r["source"] == "GHG Protocol" and r["activity_id"] == RESIDUAL:
                # The GHG Protocol tool takes European residual mixes from the AIB and the US and
                # Canadian ones from Green-e; the OEFDB row's description names the primary source.
                if "Association of Issuing Bodies" in r["description"]:
                    rows.append(row("CO2", float(r["kgCO2"]) * 1000, r["region"], 2018, "market", "combustion",
                                    "AIB European Residual Mixes 2018 v1.2 (July 2019), Table 2, direct gCO2/kWh, "
                                    "as republished in the GHG Protocol calculation tool", OEFDB_LICENCE))  # fmt: skip
                elif "Green-e Energy Residual Mix Emissions Rates (2018)" in r["description"]:
                    area = r["description"].split(" for the ", 1)[-1].split(" of ", 1)[-1].split(".")[0]
                    greene.append(row("CO2", float(r["kgCO2"]) * 1000, r["region"], 2018, "market", "combustion",
                                      f"Green-e Energy Residual Mix Emissions Rates (2018), {area} ({r['region']}); "
                                      "CO2, gCO2/kWh, as republished in the GHG Protocol calculation tool "
                                      "(ghgprotocol.org/ghg-emissions-calculation-tool)", GREENE_LICENCE))  # fmt: skip
                else:
                    raise ValueError(
                        f"{r['region']}: residual mix of an unknown primary source: {r['description']}"
                    )
    write(
        "aib.csv",
        rows,
        "AIB: 2020 production mixes (location-based) and European Residual Mixes 2018 v1.2\n"
        "(market-based), direct CO2, via the Open Emission Factors Database 2022-05-12 (CC BY-SA 4.0).",
    )
    write(
        "greene.csv",
        greene,
        "Green-e Energy Residual Mix Emissions Rates (2018): residual mixes (market-based) for the US,\n"
        "its eGRID subregions and Canadian provinces, CO2, as republished in the GHG Protocol\n"
        "calculation tool, via the Open Emission Factors Database 2022-05-12 (CC BY-SA 4.0).",
    )


NVE_KINDS = {
    # kind in nve-declarations.csv: (method, gas, what)
    "physical_delivery": ("location", "CO2e", "klimadeklarasjon (physically delivered electricity)"),
    "residual_mix": (
        "market",
        "CO2",
        "varedeklarasjon (residual mix for customers without guarantees of origin)",
    ),
}
#: Boundary per NVE row, from what its sources say (plugin README, "Boundaries of the NVE rows").
NVE_BOUNDARY = {
    ("physical_delivery", 2023): (
        "combustion",
        "per-source factors from the 2006 IPCC guidelines, AR5 GWP100",
    ),
    ("residual_mix", 2015): ("lifecycle", "NVE: AIB's residual-mix factors are life-cycle (LCA) factors"),
    ("residual_mix", 2016): ("", "boundary not stated in the stored sources"),
    ("residual_mix", 2020): ("combustion", "from AIB's residual mix, direct emissions only"),
}
#: Figures found on stored public pages after the shared table was made: year, kind, g/kWh, where.
NVE_PAGES = [
    (2021, "physical_delivery", 11,
     "Energiaktuelt, 'Klimagassutslipp fra strøm i 2021 var 11 gram CO2-ekvivalenter per kWh' (title as in its "
     "address), reporting NVE's klimadeklarasjon for 2021 (11 g CO2e/kWh, up from 8 in 2020) "
     "(https://www.energiaktuelt.no/klimagassutslipp-fra-stroem-i-2021-var-11-gram-co2-ekvivalenter-per-kwh"
     ".6533247-575505.html); also Europower, 'Kraftimport øker klimagassutslippene fra norsk strømforbruk' (title as in its address) "
     "(https://www.europower.no/nyheter/kraftimport-oker-klimagassutslippene-fra-norsk-stromforbruk/2-1-1225346)"),
]  # fmt: skip


def nve(shared):
    """NVE's declarations: the shared table, plus the figures of NVE_PAGES; each row for its year only."""
    with open(shared / "nve" / "nve-declarations.csv", encoding="utf-8") as f:
        found = [
            (int(r["year"]), r["kind"], float(r["g_per_kwh"]), f"{r['source']} ({r['url']})")
            for r in csv.DictReader(f)
        ]
    rows = []
    for year, kind, grams, where in found + NVE_PAGES:
        method, gas, what = NVE_KINDS[kind]
        boundary, note = NVE_BOUNDARY.get((kind, year), ("combustion", ""))
        source = f"NVE {what} {year}, Norway, {grams:g} g {gas}/kWh" + (f"; {note}" if note else "")
        rows.append(
            row(gas, grams, "NO", year, method, boundary, f"{source}; read from {where}", NVE_LICENCE)
        )
    write(
        "nve.csv",
        rows,
        "NVE (Norwegian Water Resources and Energy Directorate): klimadeklarasjon (location-based)\n"
        "and varedeklarasjon (residual mix), each figure for its own year, as published; the source\n"
        "of each row names the page it was read from. Years not found are listed in the plugin README.",
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
            rows.append(row("CO2", float(r[4]), country.alpha_2, 2021, "location", "combustion",
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
    nve(shared)
    ifi(shared)


if __name__ == "__main__":
    main(*sys.argv[1:])
