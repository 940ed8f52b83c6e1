"""Derive the fuels plugin's tables from the OEFDB snapshot in ../shared/data/oefdb.

A developer's tool, run by hand; nothing reads ../shared at install, run or
test time. Writes plugins/ghgcore-fuels/src/ghgcore_fuels/data/fuels.csv.

For each fuel, from the UK BEIS/DESNZ GHG conversion factors 2021 ("Fuels"
sheet, as republished in OEFDB 2022-05-12, CC BY-SA 4.0):

- per-gas factors per the fuel's base unit (litre, Sm3 or kg): CO2 as given;
  CH4 and N2O, which BEIS gives as kg CO2e weighted with IPCC AR4 GWP-100,
  divided by 25 and 298 to give kg of gas; biofuels, which BEIS gives only as
  CO2e in scope plus CO2 "outside of scopes", as CO2e and CO2_biogenic;
- density, from the ratio of BEIS's factor per litre (or m3) to its factor
  per tonne; net calorific value, from the ratio of its factor per tonne to
  its factor per kWh (net CV); gross calorific value, from the ratio of its
  factor per tonne to its factor per kWh (gross CV), where BEIS gives one.
  All are BEIS's own, implied by its factors. Biofuels, which BEIS gives per
  litre, per kg and per GJ instead: density from the factors per litre and
  per kg, net calorific value from the factors per kg and per GJ (BEIS's
  biofuel energy is net CV; it gives no gross CV for them).

Non-road mobile CH4 and N2O from the US EPA GHG Emission Factors Hub 2022
(industrial/commercial equipment; aircraft for aviation fuels), kg per US
gallon converted to kg per litre (1 US gal = 3.785411784 L).

Usage: python tools/derive_fuels.py ../shared/data/oefdb/OpenEmissionFactorsDB-2022-05-12.csv

tools/derive_fuels_no.py derives Norway's national factors (fuels-no.csv) and
uses :func:`beis_rows` and :func:`gross_net_ratio` from here.
"""

import csv
import sys

AR4 = {"CH4": 25.0, "N2O": 298.0}
US_GALLON_L = 3.785411784
TARGET = "plugins/ghgcore-fuels/src/ghgcore_fuels/data/fuels.csv"
BEIS = "BEIS/DESNZ GHG conversion factors 2021, Fuels: {name}"
EPA = "US EPA GHG Emission Factors Hub 2022, mobile combustion CH4/N2O, {what}"

# key, BEIS name (fossil or in-scope rows), base unit, BEIS biogenic row name, EPA mobile activity id
FUELS = [
    (
        "diesel",
        "Diesel (100% mineral diesel)",
        "L",
        None,
        "fuel_type_diesel-fuel_use_mobile_combustion_industrial_commercial",
    ),
    (
        "petrol",
        "Petrol (100% mineral petrol)",
        "L",
        None,
        "fuel_type_gasoline_4_stroke-fuel_use_mobile_combustion_industrial_commercial",
    ),
    ("heating_oil", "Gas oil", "L", None, None),
    ("kerosene", "Burning oil", "L", None, None),
    (
        "jet_fuel",
        "Aviation turbine fuel",
        "L",
        None,
        "fuel_type_jet_fuel-fuel_use_mobile_combustion_aircraft_aviation",
    ),
    ("fuel_oil", "Fuel oil", "L", None, None),
    ("marine_gas_oil", "Marine gas oil", "L", None, None),
    ("lpg", "LPG", "L", None, "fuel_type_lpg-fuel_use_mobile_combustion_industrial_commercial"),
    ("propane", "Propane", "L", None, None),
    ("natural_gas", "Natural gas", "Sm3", None, None),
    ("coal", "Coal (industrial)", "kg", None, None),
    ("wood_pellets", "Wood pellets", "kg", "Wood pellets (incl. biogenic CO2 factors)", None),
    ("wood_chips", "Wood chips", "kg", "Wood chips (incl. biogenic CO2 factors)", None),
    ("biogas", "Biogas", "kg", "Biogas (incl. biogenic CO2 factors)", None),
    ("biodiesel", "Biodiesel ME", "L", "Biodiesel ME (incl. biogenic CO2 factors)", None),
    ("hvo", "Biodiesel HVO", "L", "Biodiesel HVO (incl. biogenic CO2 factors)", None),
    ("bioethanol", "Bioethanol", "L", "Bioethanol (incl. biogenic CO2 factors)", None),
]

BEIS_UNIT = {"L": "L", "Sm3": "m3", "kg": "tonne"}
KWH_PER_GJ = 1e6 / 3600  # a unit conversion (1 GJ = 10^9 J, 1 kWh = 3.6 x 10^6 J), not a fuel property


def num(text):
    text = (text or "").strip()
    return None if text in ("", "not-supplied") else float(text)


def beis_rows(source):
    """A lookup ``row(name, unit)`` of the BEIS 2021 fuel-combustion rows of the OEFDB snapshot."""
    with open(source, encoding="utf-8") as f:
        rows = [
            r for r in csv.DictReader(f) if r["source"] == "BEIS" and r["lca_activity"] == "fuel_combustion"
        ]

    def row(name, unit):
        found = [r for r in rows if r["name"] == name and r["activity_unit"] == unit]
        if len(found) > 1:
            raise SystemExit(f"{name} per {unit}: {len(found)} rows")
        return found[0] if found else None

    return row


def gross_net_ratio(row, name):
    """GCV / NCV of a BEIS fuel: its factor per kWh (net CV) over its factor per kWh (gross CV)."""
    net = row(f"{name} (net calorific value)", "kWh")
    gross = row(f"{name} (gross calorific value)", "kWh")
    if net is None or gross is None:
        return None
    return num(net["kgCO2e-AR4"]) / num(gross["kgCO2e-AR4"])


def main(source, target=TARGET):
    row = beis_rows(source)
    with open(source, encoding="utf-8") as f:
        epa = {
            r["activity_id"]: r
            for r in csv.DictReader(f)
            if r["source"] == "EPA" and r["year_released"] == "2022"
        }

    out = []
    for key, name, base, bio_name, mobile_id in FUELS:
        per_base = row(name, BEIS_UNIT[base])
        if per_base is None:
            raise SystemExit(f"{key}: no BEIS row {name!r} per {BEIS_UNIT[base]}")
        scale = 1 / 1000 if base == "kg" else 1.0  # BEIS per tonne -> per kg
        per_tonne = row(name, "tonne")
        net = row(f"{name} (net calorific value)", "kWh") or (row(name, "kWh") if bio_name else None)
        gross = row(f"{name} (gross calorific value)", "kWh")
        total = num(per_base["kgCO2e-AR4"]) * scale
        density = ncv = gcv = None
        if per_tonne is not None:
            kg_factor = num(per_tonne["kgCO2e-AR4"]) / 1000
            if base != "kg":
                density = num(per_base["kgCO2e-AR4"]) / kg_factor
            if net is not None:
                ncv = kg_factor / num(net["kgCO2e-AR4"])
            if gross is not None:
                gcv = kg_factor / num(gross["kgCO2e-AR4"])
        elif bio_name and row(name, "kg") is not None and row(name, "GJ") is not None:
            kg_factor = num(row(name, "kg")["kgCO2e-AR4"])
            density = num(per_base["kgCO2e-AR4"]) / kg_factor if base != "kg" else None
            ncv = kg_factor / num(row(name, "GJ")["kgCO2e-AR4"]) * KWH_PER_GJ
        record = {
            "fuel": key,
            "base_unit": base,
            "density": f"{density:.6g}" if density else "",
            "density_unit": ("kg/L" if base == "L" else "kg/Sm3") if density else "",
            "ncv_kwh_per_kg": f"{ncv:.6g}" if ncv else "",
            "gcv_kwh_per_kg": f"{gcv:.6g}" if gcv else "",
            "CO2": "",
            "CH4": "",
            "N2O": "",
            "CO2e": "",
            "CO2_biogenic": "",
            "mobile_CH4": "",
            "mobile_N2O": "",
            "source": BEIS.format(name=name)
            + " (via Open Emission Factors Database 2022-05-12, CC BY-SA 4.0)",
            "mobile_source": "",
        }
        if bio_name is None:
            record["CO2"] = f"{num(per_base['kgCO2']) * scale:.8g}"
            for gas in ("CH4", "N2O"):
                record[gas] = f"{num(per_base['kg' + gas]) * scale / AR4[gas]:.8g}"
        else:
            record["CO2e"] = f"{total:.8g}"
            bio = row(bio_name, BEIS_UNIT[base])
            record["CO2_biogenic"] = f"{num(bio['kgCO2']) * scale:.8g}"
        if mobile_id:
            m = epa[mobile_id]
            record["mobile_CH4"] = f"{num(m['kgCH4']) / US_GALLON_L:.8g}"
            record["mobile_N2O"] = f"{num(m['kgN2O']) / US_GALLON_L:.8g}"
            what = mobile_id.split("mobile_combustion_")[1].replace("_", " ")
            record["mobile_source"] = (
                EPA.format(what=f"{m['name'] or key}, {what}") + ", per US gallon converted to litres"
            )
        out.append(record)

    with open(target, "w", encoding="utf-8", newline="") as f:
        f.write(
            "# Fuel properties and per-gas combustion factors (kg per base unit). Derived by\n"
            "# tools/derive_fuels.py from UK BEIS/DESNZ GHG conversion factors 2021 and US EPA\n"
            "# GHG Emission Factors Hub 2022, as republished in the Open Emission Factors\n"
            "# Database 2022-05-12 (CC BY-SA 4.0). Density and net and gross calorific values are\n"
            "# those implied by BEIS's own factors per litre, per tonne and per kWh (net CV, gross\n"
            "# CV); for biofuels, by its factors per litre, per kg and per GJ. These rows apply to\n"
            "# any region and to 2021; Norway's national factors are in fuels-no.csv.\n"
        )
        w = csv.DictWriter(f, fieldnames=list(out[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
