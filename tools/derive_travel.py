"""Derive the travel plugin's factor tables from the OEFDB snapshot in ../shared/data/oefdb.

A developer's tool, run by hand; nothing reads ../shared at install, run or
test time. Writes, in ghgcore's factors CSV format (one row per gas), into
plugins/ghgcore-travel/src/ghgcore_travel/data/:

- business_travel.csv: flights (with and without RF), rail, bus, coach, taxi,
  ferry, cars and motorbikes (scope 3 category 6);
- hotels.csv: hotel stays per room night, by country (category 6);
- freight.csv: vans, HGVs, rail, sea and air freight (category 4);
- waste.csv: waste by material and treatment, per tonne (category 5);
- water.csv: water supply (category 1) and treatment (category 5), per m3;
- aliases.csv: ``waste_<material>_recycling`` -> the closed-loop (or, where
  there is none, open-loop) key; a crosswalk.

All from the UK BEIS/DESNZ GHG conversion factors 2021 rows of the Open
Emission Factors Database 2022-05-12 (CC BY-SA 4.0), the main (direct,
"tank to wheel") tables only: no well-to-tank rows, no "Delivery vehicles" or
"Managed assets" copies. Conventions:

- CO2 as given. CH4 and N2O, which the OEFDB (like the DESNZ flat file) gives
  as kg CO2e weighted with IPCC AR4 GWP-100, are divided by 25 and 298 to give
  kg of gas; methane from burning a known fossil fuel is ``CH4_fossil`` (as in
  the fuels database), from electricity or an unknown fuel mix ``CH4``. A zero
  CH4 or N2O is left out. Rows given only as CO2e ship as ``CO2e``.
- Radiative forcing: DESNZ's "with RF effect" rows multiply the CO2 of the
  row without RF by 1.9 and leave CH4 and N2O alone. The ``_rf`` factor ships
  the CO2, CH4 and N2O of the row without RF, and the difference between the
  two rows' CO2 (DESNZ's own figures) as ``CO2e``: the same total as DESNZ,
  while the CO2 a calculation reports is CO2 that was emitted. The script
  checks that the ratio is 1.9 and that CH4 and N2O agree.
- Hotel stays: one factor per country (region = ISO 3166 code); DESNZ's
  "UK (London)" row has no ISO code and is left out (UK 13.9, London 13.8).
- Everything else has no region (UK averages that apply anywhere).

Usage: python tools/derive_travel.py ../shared/data/oefdb/OpenEmissionFactorsDB-2022-05-12.csv
"""

import csv
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path("plugins/ghgcore-travel/src/ghgcore_travel/data")
HEADER = [
    "activity",
    "unit",
    "gas",
    "value",
    "value_unit",
    "region",
    "year",
    "scope",
    "category",
    "source",
    "licence",
]
YEAR = "2021"
AR4 = {"CH4": 25.0, "N2O": 298.0}
RF_MULTIPLIER = 1.9
LICENCE = (
    "CC BY-SA 4.0 (Open Emission Factors Database 2022-05-12; UK BEIS/DESNZ data, Open Government Licence)"
)
SOURCE = (
    'BEIS/DESNZ GHG conversion factors 2021, {table}: "{name}", per {unit} '
    "(Open Emission Factors Database 2022-05-12, activity_id {activity_id})"
)
OEFDB_UNIT = {"passenger-km": "passenger_km", "tonne-km": "tonne_km", "km": "km", "tonne": "t", "m3": "m**3"}
ISO_OF_HOTEL_REGION = {"GB-LON": None}  # London has no ISO 3166 code of its own; the UK row stands

COMMENT = """\
{what}
Derived by tools/derive_travel.py in the ghgcore repository from the UK BEIS/DESNZ
"Greenhouse gas reporting: conversion factors 2021" (flat file), as republished in
the Open Emission Factors Database (OEFDB) snapshot 2022-05-12 by climatiq,
https://github.com/climatiq/Open-Emission-Factors-DB, licensed CC BY-SA 4.0
(https://creativecommons.org/licenses/by-sa/4.0/); DESNZ's data are Crown copyright
under the Open Government Licence. This derived table is shared under CC BY-SA 4.0.
Each row's source names the DESNZ table and the OEFDB row (name, unit, activity_id).
CH4 and N2O: the OEFDB's kg CO2e (IPCC AR4) divided by 25 and 298, as kg of gas.
"""


def num(text):
    text = (text or "").strip()
    return None if text in ("", "not-supplied") else float(text)


def fmt(value):
    return f"{value:.10g}"


def gas_rows(key, unit, row, table, *, scope_category, methane, region="", extra_co2e=None, source=None):
    """The long-format rows of one factor: CO2, CH4, N2O per gas where given, else CO2e."""
    scope, category = scope_category
    base = {
        "activity": key,
        "unit": unit,
        "value_unit": "kg",
        "region": region,
        "year": YEAR,
        "scope": scope,
        "category": category,
        "source": source or SOURCE.format(table=table, **_ids(row)),
        "licence": LICENCE,
    }
    co2, ch4, n2o = num(row["kgCO2"]), num(row["kgCH4"]), num(row["kgN2O"])
    out = []
    if co2 is None:
        if ch4 is not None or n2o is not None:
            raise SystemExit(f"{row['name']}: CH4 or N2O without CO2")
        out.append({**base, "gas": "CO2e", "value": row["kgCO2e-AR4"].strip()})
    else:
        total = co2 + (ch4 or 0.0) + (n2o or 0.0)
        if not math.isclose(total, num(row["kgCO2e-AR4"]), rel_tol=2e-4, abs_tol=2e-6):
            raise SystemExit(f"{row['name']}: gases add up to {total}, not {row['kgCO2e-AR4']}")
        out.append({**base, "gas": "CO2", "value": row["kgCO2"].strip()})
        if ch4:
            out.append({**base, "gas": methane, "value": fmt(ch4 / AR4["CH4"])})
        if n2o:
            out.append({**base, "gas": "N2O", "value": fmt(n2o / AR4["N2O"])})
    if extra_co2e is not None:
        out.append({**base, "gas": "CO2e", "value": fmt(extra_co2e)})
    return out


def _ids(row):
    return {
        "name": " ".join(row["name"].split()),
        "unit": row["activity_unit"],
        "activity_id": row["activity_id"],
    }


class Rows:
    """The BEIS 2021 rows of the snapshot, looked up by name and unit (direct tables only)."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.rows = [
                r
                for r in csv.DictReader(f)
                if r["source"] == "BEIS"
                and r["year_released"] == "2021"
                and r["lca_activity"] != "well_to_tank"
            ]
        self.used = set()

    def where(self, **conditions):
        return [r for r in self.rows if all(r[k] == v for k, v in conditions.items())]

    def one(self, name, unit, **conditions):
        """The row of that name and unit; duplicates must agree on every number."""
        found = [
            r
            for r in self.where(activity_unit=unit, **conditions)
            if " ".join(r["name"].split()) == " ".join(name.split())
        ]
        if not found:
            raise SystemExit(f"no BEIS 2021 row {name!r} per {unit}")
        numbers = ("kgCO2e-AR4", "kgCO2", "kgCH4", "kgN2O")
        if len({tuple(r[c] for c in numbers) for r in found}) > 1:
            raise SystemExit(f"{name!r} per {unit}: {len(found)} rows that disagree")
        # several identical rows (the same figure filed under two lca_activity values): the first
        self.used.update(id(r) for r in found)
        return found[0]


# --- business travel ----------------------------------------------------------------------------

CAT6 = (3, 6)
CAT4 = (3, 4)
CAT5 = (3, 5)
CAT1 = (3, 1)

CLASSES = {
    "": "",
    "economy": "_economy",
    "economy class": "_economy",
    "premium economy": "_premium_economy",
    "premium economy class": "_premium_economy",
    "business": "_business",
    "business class": "_business",
    "first class": "_first",
}
FLIGHT = re.compile(
    r"(?P<haul>Domestic flight|Flight outside UK|International long-haul flight|International short-haul flight)"
    r"(?: (?P<cls>[a-z ]+?))? - (?P<rf>with|without) RF effect"
)
HAULS = {
    "Domestic flight": "flight_domestic",
    "Flight outside UK": "flight_international",
    "International long-haul flight": "flight_long_haul",
    "International short-haul flight": "flight_short_haul",
}


def flights(db):
    """Passenger flights per passenger-km: without RF (key) and with RF (key_rf)."""
    pairs = defaultdict(dict)
    for row in db.where(category="Air Travel", activity_unit="passenger-km"):
        m = FLIGHT.fullmatch(" ".join(row["name"].split()))
        if not m:
            raise SystemExit(f"flight row not understood: {row['name']!r}")
        key = HAULS[m["haul"]] + CLASSES[m["cls"] or ""]
        pairs[key][m["rf"]] = row
    return _rf_pairs(db, pairs, "Business travel- air", "passenger_km", CAT6)


AIR_FREIGHT = re.compile(
    r"(?P<haul>Domestic air freight|Air freight outside UK|International air freight long haul"
    r"|International air freight short haul) - (?P<rf>with|without) RF effect"
)
AIR_FREIGHT_KEYS = {
    "Domestic air freight": "air_freight_domestic",
    "Air freight outside UK": "air_freight_international",
    "International air freight long haul": "air_freight_long_haul",
    "International air freight short haul": "air_freight_short_haul",
}


def air_freight(db):
    pairs = defaultdict(dict)
    for row in db.where(category="Air Freight", activity_unit="tonne-km"):
        m = AIR_FREIGHT.fullmatch(" ".join(row["name"].split()))
        if not m:
            raise SystemExit(f"air freight row not understood: {row['name']!r}")
        pairs[AIR_FREIGHT_KEYS[m["haul"]]][m["rf"]] = row
    return _rf_pairs(db, pairs, "Freighting goods", "tonne_km", CAT4)


def _rf_pairs(db, pairs, table, unit, scope_category):
    out = []
    for key, pair in sorted(pairs.items()):
        plain, rf = pair["without"], pair["with"]
        for row in (plain, rf):
            db.used.add(id(row))
        if (plain["kgCH4"], plain["kgN2O"]) != (rf["kgCH4"], rf["kgN2O"]):
            raise SystemExit(f"{key}: CH4 or N2O differ with and without RF")
        co2, co2_rf = num(plain["kgCO2"]), num(rf["kgCO2"])
        ratio = co2_rf / co2
        if not math.isclose(ratio, RF_MULTIPLIER, rel_tol=5e-4):
            raise SystemExit(f"{key}: CO2 with RF / without RF is {ratio}, not {RF_MULTIPLIER}")
        out += gas_rows(key, unit, plain, table, scope_category=scope_category, methane="CH4_fossil")
        rf_source = (
            SOURCE.format(table=table, **_ids(rf))
            + '; CO2, CH4 and N2O as in "'
            + _ids(plain)["name"]
            + "\", and the difference of the two rows' CO2 (the RF uplift, x1.9 on CO2) as CO2e"
        )
        uplift = round(co2_rf - co2, 10)
        out += gas_rows(
            f"{key}_rf", unit, plain, table, scope_category=scope_category, methane="CH4_fossil",
            extra_co2e=uplift, source=rf_source,
        )  # fmt: skip
    return out


#: (OEFDB name, OEFDB unit, key, methane gas)
LAND = [
    ("National rail passenger train", "passenger-km", "rail_national", "CH4"),
    ("International rail passenger train", "passenger-km", "rail_international", "CH4"),
    ("Light rail and tram passenger train", "passenger-km", "rail_light_rail_tram", "CH4"),
    ("Underground passenger train", "passenger-km", "rail_underground", "CH4"),
    ("Average local bus", "passenger-km", "bus", "CH4_fossil"),
    ("Local Bus (not London)", "passenger-km", "bus_not_london", "CH4_fossil"),
    ("Local London Bus", "passenger-km", "bus_london", "CH4_fossil"),
    ("Coach", "passenger-km", "coach", "CH4_fossil"),
    ("Regular Taxi", "passenger-km", "taxi", "CH4_fossil"),
    ("Black cab", "passenger-km", "taxi_black_cab", "CH4_fossil"),
    ("Taxi (average) - Business travel", "km", "taxi", "CH4_fossil"),
    ("Black cab - Business travel", "km", "taxi_black_cab", "CH4_fossil"),
]
SEA = [
    ("Ferry (average per passenger)", "passenger-km", "ferry", "CH4_fossil"),
    ("Ferry (foot passenger)", "passenger-km", "ferry_foot_passenger", "CH4_fossil"),
    ("Ferry (passenger with car)", "passenger-km", "ferry_car_passenger", "CH4_fossil"),
]
CAR = re.compile(
    r"(?:(?P<fuel>Battery EV|CNG|Diesel|Hybrid|LPG|Petrol|PHEV) car|Car|(?P<bike>Motorbike))"
    r" \((?P<size>[^)]+)\) - Business travel"
)
CAR_FUELS = {None: "", "Battery EV": "_bev", "CNG": "_cng", "Diesel": "_diesel", "Hybrid": "_hybrid",
             "LPG": "_lpg", "Petrol": "_petrol", "PHEV": "_phev"}  # fmt: skip
#: Fossil methane where the car burns a known fossil fuel; generic CH4 where electricity or a fuel mix.
FOSSIL_FUELS = {"_cng", "_diesel", "_hybrid", "_lpg", "_petrol"}


def size_suffix(size):
    size = size.lower().replace("-", "_").replace(" ", "_")
    return "" if size == "average" else f"_{size}"


def land_and_sea(db):
    out = []
    for table, entries in (("Business travel- land", LAND), ("Business travel- sea", SEA)):
        for name, unit, key, methane in entries:
            row = db.one(name, unit)
            out += gas_rows(key, OEFDB_UNIT[unit], row, table, scope_category=CAT6, methane=methane)
    for row in db.where(category="Vehicles", activity_unit="km"):
        m = CAR.fullmatch(" ".join(row["name"].split()))
        if not m:
            continue
        if m["bike"]:
            key, methane = "motorbike" + size_suffix(m["size"]), "CH4_fossil"
        else:
            fuel = CAR_FUELS[m["fuel"]]
            key = "car" + fuel + size_suffix(m["size"])
            methane = "CH4_fossil" if fuel in FOSSIL_FUELS else "CH4"
        db.one(row["name"], "km")
        out += gas_rows(key, "km", row, "Business travel- land", scope_category=CAT6, methane=methane)
    return out


# --- freight ------------------------------------------------------------------------------------

#: (per-km name in "Freighting goods", per-tonne-km name in "Road Freight", key, methane)
VANS = [
    ("Average van - (up to 3.5 tonnes) - Freighting goods", "Average van (up to 3.5 tonnes)", "van", "CH4"),
    ("Battery EV van (average up to 3.5 tonnes) - Freighting goods", "BEV van (up to 3.5 tonnes)", "van_bev", "CH4"),
    ("Battery EV van (class 1) - Freighting goods", "BEV van (up to 1.305 tonnes)", "van_bev_class_1", "CH4"),
    ("Battery EV van (class 2) - Freighting goods", "BEV van (1.305 to 1.74 tonnes)", "van_bev_class_2", "CH4"),
    ("Battery EV van (class 3) - Freighting goods", "BEV van (1.74 to 3.5 tonnes)", "van_bev_class_3", "CH4"),
    ("CNG van - Average (up to 3.5 tonnes) - Freighting goods", "CNG van (up to 3.5 tonnes)", "van_cng", "CH4_fossil"),
    ("Diesel van - Average (up to 3.5 tonnes) - Freighting goods", "Diesel van (up to 3.5 tonnes)", "van_diesel", "CH4_fossil"),
    ("Diesel van - Class I (up to 1.305 tonnes) - Freighting goods", "Diesel van (up to 1.305 tonnes)", "van_diesel_class_1", "CH4_fossil"),
    ("Diesel van - Class II (1.305 to 1.74 tonnes) - Freighting goods", "Diesel van (1.305 to 1.74 tonnes)", "van_diesel_class_2", "CH4_fossil"),
    ("Diesel van - Class III (1.74 to 3.5 tonnes) - Freighting goods", "Diesel van (1.74 to 3.5 tonnes)", "van_diesel_class_3", "CH4_fossil"),
    ("LPG van - Average (up to 3.5 tonnes) - Freighting goods", "LPG van (up to 3.5 tonnes)", "van_lpg", "CH4_fossil"),
    ("Petrol van - Average (up to 3.5 tonnes) - Freighting goods", "Petrol van (up to 3.5 tonnes)", "van_petrol", "CH4_fossil"),
    ("Petrol van - Class I (up to 1.305 tonnes) - Freighting goods", "Petrol van (up to 1.305 tonnes)", "van_petrol_class_1", "CH4_fossil"),
    ("Petrol van - Class II (1.305 to 1.74 tonnes) - Freighting goods", "Petrol van (1.305 to 1.74 tonnes)", "van_petrol_class_2", "CH4_fossil"),
    ("Petrol van - Class III (1.74 to 3.5 tonnes) - Freighting goods", "Petrol van (1.74 to 3.5 tonnes)", "van_petrol_class_3", "CH4_fossil"),
]  # fmt: skip

HGV_KM = re.compile(
    r"HGV(?P<reefer> refrigerated)? \(all diesel\) - (?P<type>.+?) - (?P<load>0%|50%|100%|Average) Laden"
    r" - Freighting goods"
)
HGV_TKM = re.compile(
    r"Road freight diesel(?P<reefer> refrigerated)? (?P<type>.*?) ?(?P<load>100% average|100%|50%|average) laden"
)
HGV_TYPES = {
    # per km ("Freighting goods" vehicle rows)
    "allhgvs": "",
    "allrigid": "_rigid",  # "All rigids", after rigids -> rigid
    "allartics": "_artic",
    "rigid(>3.5-7.5t)": "_rigid_3_5t_7_5t",
    "rigid(>7.5t-17t)": "_rigid_7_5t_17t",
    "rigid(>17t)": "_rigid_over_17t",
    "articulated(>3.5-33t)": "_artic_3_5t_33t",
    "articulated(>33t)": "_artic_over_33t",
    # per tonne-km ("Road Freight" rows)
    "hgv": "",
    "rigidhgv": "_rigid",
    "articulatedhgv": "_artic",
    "rigidhgv(>3.5-7.5t)": "_rigid_3_5t_7_5t",
    "rigidhgv(>3.5t-7.5t)": "_rigid_3_5t_7_5t",
    "rigidhgv(>7.5t-17t)": "_rigid_7_5t_17t",
    "rigidhgv(>17t)": "_rigid_over_17t",
    "articulatedhgv(>3.5-33t)": "_artic_3_5t_33t",
    "articulatedhgv(>3.5t-33t)": "_artic_3_5t_33t",
    "articulatedhgv(>33t)": "_artic_over_33t",
}
#: "Road freight diesel rigids HGV 100% average laden" is, by its figures, all rigids at average load.
HGV_LOADS = {"0%": "_laden_0", "50%": "_laden_50", "100%": "_laden_100", "average": "", "100% average": ""}


def hgv_type(text):
    text = text.lower().replace(" ", "").replace("–", "-").replace("tonnes", "t").replace("rigids", "rigid")
    return HGV_TYPES[text]


def road_freight(db):
    out = []
    for km_name, tkm_name, key, methane in VANS:
        out += gas_rows(
            key, "km", db.one(km_name, "km"), "Freighting goods", scope_category=CAT4, methane=methane
        )
        out += gas_rows(
            key, "tonne_km", db.one(tkm_name, "tonne-km", category="Road Freight"), "Freighting goods",
            scope_category=CAT4, methane=methane,
        )  # fmt: skip
    per = {"km": {}, "tonne_km": {}}
    for unit, pattern, rows in (
        ("km", HGV_KM, db.where(category="Vehicles", activity_unit="km")),
        ("tonne_km", HGV_TKM, db.where(category="Road Freight", activity_unit="tonne-km")),
    ):
        for row in rows:
            m = pattern.fullmatch(" ".join(row["name"].split()))
            if not m:
                continue
            key = "hgv" + ("_refrigerated" if m["reefer"] else "") + hgv_type(m["type"])
            key += HGV_LOADS[m["load"].lower()]
            row = db.one(row["name"], row["activity_unit"], category=row["category"])
            if key in per[unit] and per[unit][key] is not row:
                raise SystemExit(
                    f"{key} per {unit}: two rows, {per[unit][key]['name']!r} and {row['name']!r}"
                )
            per[unit][key] = row
    # the payload a tonne-km factor implies (kg/km over kg/tkm) must halve from 100 % to 50 % laden:
    # this checks that each per-tkm name was matched to the right vehicle
    for key in per["tonne_km"]:
        if key.endswith("_laden_50"):
            full = key.replace("_laden_50", "_laden_100")
            half_load = num(per["km"][key]["kgCO2e-AR4"]) / num(per["tonne_km"][key]["kgCO2e-AR4"])
            full_load = num(per["km"][full]["kgCO2e-AR4"]) / num(per["tonne_km"][full]["kgCO2e-AR4"])
            if not math.isclose(half_load, full_load / 2, rel_tol=0.02):
                raise SystemExit(f"{key}: implied payload {half_load:.3g} t is not half of {full_load:.3g} t")
    for unit, rows in per.items():
        for key, row in sorted(rows.items()):
            out += gas_rows(key, unit, row, "Freighting goods", scope_category=CAT4, methane="CH4_fossil")
    row = db.one("Rail freight train", "tonne-km")
    out += gas_rows("rail_freight", "tonne_km", row, "Freighting goods", scope_category=CAT4, methane="CH4")
    return out


def sea_key(name):
    text = name.lower().replace("–", "-").replace("cargo ship (vehicle carrier)", "vehicle carrier")
    text = (
        text.replace("(average)", "")
        .replace("(all dwt)", "")
        .replace("ro-ro", "roro")
        .replace("roro-ferry", "roro ferry")
    )
    text = re.sub(r">\s*", "over ", text)
    text = re.sub(r"(\d+)\s*-\s*(\d+)", r"\1 \2", text)
    return "sea_freight_" + "_".join(re.findall(r"[a-z0-9]+", text))


def sea_freight(db):
    out, seen = [], {}
    for row in db.where(category="Sea Freight", activity_unit="tonne-km"):
        key = sea_key(row["name"])
        if key in seen:
            raise SystemExit(f"{key}: from {seen[key]!r} and {row['name']!r}")
        seen[key] = row["name"]
        db.one(row["name"], "tonne-km", category="Sea Freight")
        out += gas_rows(key, "tonne_km", row, "Freighting goods", scope_category=CAT4, methane="CH4_fossil")
    return out


# --- hotels, waste, water -----------------------------------------------------------------------


def hotels(db):
    out = []
    for row in sorted(
        db.where(category="Accommodation", activity_unit="person-night"), key=lambda r: r["region"]
    ):
        region = ISO_OF_HOTEL_REGION.get(row["region"], row["region"])
        db.used.add(id(row))
        if region is None:
            continue
        if not re.fullmatch(r"[A-Z]{2}", region):
            raise SystemExit(f"hotel stay region {region!r}: not an ISO 3166 country code")
        # DESNZ's unit is a room per night; the OEFDB calls it person-night (ghgcore: room_night = person_night)
        out += gas_rows(
            "hotel_night", "room_night", row, "Hotel stay", scope_category=CAT6, methane="", region=region
        )
    return out


WASTE_MATERIALS = {
    "Aggregates": "aggregates",
    "Asbestos": "asbestos",
    "Asphalt": "asphalt",
    "Bricks": "bricks",
    "Concrete": "concrete",
    "Construction": "construction",
    "Insulation": "insulation",
    "Metals": "metals",
    "Mineral oil": "mineral_oil",
    "Plasterboard": "plasterboard",
    "Soils": "soils",
    "Tyres": "tyres",
    "Wood": "wood",
    "Batteries": "batteries",
    "WEEE (fridges and freezers)": "weee_fridges_freezers",
    "WEEE (large)": "weee_large",
    "WEEE (mixed)": "weee_mixed",
    "WEEE (small)": "weee_small",
    "Food and drink (organic)": "food",
    "Mixed food and garden (organic)": "food_and_garden",
    "Garden (organic)": "garden",
    "Books": "books",
    "Clothing": "clothing",
    "Commercial and industrial": "commercial_industrial",
    "Glass": "glass",
    "Household residual": "household_residual",
    "Metal (mixed cans)": "metal_mixed_cans",
    "Metal (steel cans)": "metal_steel_cans",
    "Metal: aluminium cans and foil (excl. forming)": "metal_aluminium_cans_foil",
    "Scrap metal": "scrap_metal",
    "Cardboard": "cardboard",
    "Paper and cardboard": "paper_and_cardboard",
    "Paper": "paper",
    "HDPE (incl. forming)": "plastic_hdpe",
    "LDPE and LLDPE (incl. forming)": "plastic_ldpe",
    "PET (incl. forming)": "plastic_pet",
    "Plastics film": "plastic_film",
    "Plastics rigid": "plastic_rigid",
    "Plastics": "plastics",
    "PP (incl. forming)": "plastic_pp",
    "PS (incl. forming)": "plastic_ps",
    "PVC (incl. forming)": "plastic_pvc",
}
TREATMENTS = {
    "landfill": "landfill",
    "combustion": "combustion",
    "composting": "composting",
    "anaerobic digestion": "anaerobic_digestion",
    "closed-loop": "closed_loop",
    "open-loop": "open_loop",
}


def waste(db):
    out, values = [], defaultdict(dict)
    for row in db.where(sector="Waste", activity_unit="tonne"):
        name = " ".join(row["name"].split())
        material, treatment = re.split(r" [-–] (?=[a-z -]+$)", name)
        material = re.sub(r" waste| disposal", "", material)
        material = WASTE_MATERIALS[material.strip()]
        treatment = TREATMENTS[treatment.strip()]
        key = f"waste_{material}_{treatment}"
        if treatment in values[material]:
            raise SystemExit(f"{key}: two rows")
        values[material][treatment] = num(row["kgCO2e-AR4"])
        db.one(row["name"], "tonne")
        out += gas_rows(key, "t", row, "Waste disposal", scope_category=CAT5, methane="")
    aliases = []
    for material, treatments in sorted(values.items()):
        loops = {t: v for t, v in treatments.items() if t in ("closed_loop", "open_loop")}
        if len(set(loops.values())) > 1:
            raise SystemExit(
                f"waste {material}: closed- and open-loop differ, 'recycling' would be ambiguous"
            )
        if loops:
            target = "closed_loop" if "closed_loop" in loops else "open_loop"
            aliases.append({"code": f"waste_{material}_recycling", "activity": f"waste_{material}_{target}"})
    return out, aliases


def water(db):
    out = []
    for name, key, scope_category, table in (
        ("Water supply", "water_supply", CAT1, "Water supply"),
        ("Water treatment", "water_treatment", CAT5, "Water treatment"),
    ):
        out += gas_rows(key, "m**3", db.one(name, "m3"), table, scope_category=scope_category, methane="")
    return out


def write(name, rows, what, header=HEADER):
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        f.write("".join(f"# {line}".rstrip() + "\n" for line in COMMENT.format(what=what).splitlines()))
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(source):
    db = Rows(source)
    OUT.mkdir(parents=True, exist_ok=True)
    travel = flights(db) + land_and_sea(db)
    write(
        "business_travel.csv",
        travel,
        "Business travel, scope 3 category 6: flights per passenger-km without and with radiative\n"
        "forcing (keys ending _rf: the RF uplift, DESNZ's CO2 with RF minus CO2 without, as CO2e),\n"
        "rail, bus, coach, taxi and ferry per passenger-km, taxis, cars and motorbikes per km.",
    )
    write("hotels.csv", hotels(db), "Hotel stays, scope 3 category 6: kg CO2e per room night, by country.")
    write(
        "freight.csv",
        road_freight(db) + sea_freight(db) + air_freight(db),
        "Freight, scope 3 category 4: vans and HGVs per km and per tonne-km, rail, sea and air\n"
        "freight per tonne-km (air freight without and with radiative forcing, as for flights).",
    )
    waste_rows, aliases = waste(db)
    write(
        "waste.csv",
        waste_rows,
        "Waste disposal, scope 3 category 5: kg CO2e per tonne, by material and treatment.",
    )
    write(
        "water.csv",
        water(db),
        "Water supply (scope 3 category 1) and water treatment (category 5): kg CO2e per m3.",
    )
    write(
        "aliases.csv",
        aliases,
        "Crosswalk: waste_<material>_recycling -> the closed-loop key (open-loop where DESNZ gives\n"
        "no closed-loop figure); DESNZ 2021 gives the two the same figure for every material.",
        header=["code", "activity"],
    )
    unused = [r["name"] for r in db.rows if id(r) not in db.used and _wanted(r)]
    if unused:
        print("rows of the covered groups left out:", *unused, sep="\n  ")


def _wanted(row):
    """Rows of the groups this database covers (to report any it missed)."""
    if row["category"] in ("Air Travel", "Rail Travel", "Road Travel", "Sea Travel", "Accommodation"):
        return True
    if row["category"] in ("Air Freight", "Rail Freight", "Sea Freight", "Water Supply", "Water Treatment"):
        return True
    if row["sector"] == "Waste":
        return True
    name = row["name"]
    return name.endswith(("Business travel", "Freighting goods")) or (
        row["category"] == "Road Freight" and "UK electricity" not in name and "WTT" not in name
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
