"""Derive examples/factors.csv from the OEFDB snapshot in ../shared/data/oefdb.

Fuels and refrigerants of the example come from the 'fuels' database
(plugins/ghgcore-fuels); this file has the example's other factors.

A developer's tool, run by hand; ghgcore never reads ../shared at install,
run or test time. The output is CC BY-SA 4.0 like its source (see
examples/LICENSE-factors.md).

BEIS/DESNZ publish CH4 and N2O as kg CO2e, weighted with the IPCC AR4
GWP-100 (CH4 25, N2O 298); ghgcore keeps gases apart, so those columns are
divided by 25 and 298 to give kg of gas. AIB and EXIOBASE rows are given as
CO2 only (AIB) or CO2e only (EXIOBASE, AR5), and are shipped as such.

Usage: python tools/derive_example_factors.py ../shared/data/oefdb/OpenEmissionFactorsDB-2022-05-12.csv
"""

import csv
import sys

OEFDB = "Open Emission Factors Database 2022-05-12 (CC BY-SA 4.0)"
AR4_CH4, AR4_N2O = 25.0, 298.0

# (our key, our unit, scope, category, applied years, OEFDB selector, citation)
SELECTION = [
    (
        "electricity",
        "kWh",
        2,
        "",
        "2020-2021",
        dict(source="AIB", activity_id="electricity-energy_source_grid_mix", region="NO"),
        "AIB European Residual Mixes 2020 (2020 data), production fuel mix, Norway, CO2 only; applied to 2020-2021",
    ),
    (
        "office_machinery_computers",
        "EUR",
        3,
        "2",
        "2019-2021",
        dict(source="EXIOBASE", activity_id="office_equipment-type_office_machinery_computers", region="NO"),
        "EXIOBASE 3 (2019 data), Norway, office machinery and computers, kg CO2e (AR5) per EUR, basic prices",
    ),
    (
        "computer_services",
        "EUR",
        3,
        "1",
        "2019-2021",
        dict(
            source="EXIOBASE", activity_id="professional_services-type_computer_related_services", region="NO"
        ),
        "EXIOBASE 3 (2019 data), Norway, computer and related services, kg CO2e (AR5) per EUR, basic prices",
    ),
    (
        "hotels_restaurants",
        "EUR",
        3,
        "6",
        "2019-2021",
        dict(
            source="EXIOBASE",
            activity_id="restaurants_accommodation-type_hotel_restaurant_services",
            region="NO",
        ),
        "EXIOBASE 3 (2019 data), Norway, hotel and restaurant services, kg CO2e (AR5) per EUR, basic prices",
    ),
]


def number(text):
    text = text.strip()
    return None if text in ("", "not-supplied") else float(text)


def main(source, target="examples/factors.csv"):
    with open(source, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for key, unit, scope, category, years, selector, citation in SELECTION:
        # the combustion (or generation) row, not the well-to-tank one
        matches = [
            r
            for r in rows
            if all(r[k] == v for k, v in selector.items()) and r["lca_activity"] != "well_to_tank"
        ]
        if len(matches) != 1:
            raise SystemExit(f"{key}: expected one OEFDB row, found {len(matches)}")
        r = matches[0]
        region = selector.get("region", "")
        uk = "; UK factor, applied to any region" if r["source"] == "BEIS" else ""
        src = f"{citation}{uk}; via {OEFDB}, {r['source_link']}"
        licence = "CC BY-SA 4.0"
        if r["source"] == "BEIS":
            gases = [
                ("CO2", number(r["kgCO2"])),
                ("CH4", number(r["kgCH4"]) / AR4_CH4),
                ("N2O", number(r["kgN2O"]) / AR4_N2O),
            ]
            if key == "diesel_blend":
                bio = [
                    b
                    for b in rows
                    if b["source"] == "BEIS"
                    and b["activity_id"] == "fuel_type_diesel_biofuel_blend_biogenic_CO2-fuel_use_na"
                    and b["activity_unit"] == "L"
                    and b["lca_activity"] != "well_to_tank"
                ]
                gases.append(("CO2_biogenic", number(bio[0]["kgCO2"])))
        elif r["source"] == "AIB":
            gases = [("CO2", number(r["kgCO2e-AR4"]))]
        else:
            gases = [("CO2e", number(r["kgCO2e-AR5"]))]
        for gas, value in gases:
            out.append(
                [
                    key,
                    unit,
                    gas,
                    f"{value:.10g}",
                    "kg",
                    region,
                    years,
                    scope,
                    category,
                    "location" if scope == 2 else "",
                    src,
                    licence,
                ]
            )
    with open(target, "w", encoding="utf-8", newline="") as f:
        f.write(
            "# Example emission factors for ghgcore's quick start. Derived by\n"
            "# tools/derive_example_factors.py from the Open Emission Factors Database\n"
            "# (snapshot 2022-05-12, maintained by climatiq), CC BY-SA 4.0; shared under\n"
            "# the same licence. See examples/LICENSE-factors.md for sources and changes.\n"
        )
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            [
                "activity",
                "unit",
                "gas",
                "value",
                "value_unit",
                "region",
                "year",
                "scope",
                "category",
                "method",
                "source",
                "licence",
            ]
        )
        w.writerows(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
