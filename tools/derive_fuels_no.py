"""Derive the fuels plugin's Norwegian factors from ../shared/data/miljodirektoratet.

A developer's tool, run by hand; nothing reads ../shared at install, run or
test time. Writes plugins/ghgcore-fuels/src/ghgcore_fuels/data/fuels-no.csv.

Each row holds the published figures a factor is made from, not the factors
themselves; the plugin multiplies them out (and says how on every factor):

- CO2 per the fuel's base unit, density and net calorific value (kWh/kg),
  from Miljødirektoratet's table "Tabeller for omregning fra energivarer til
  kWh": the current page (National Inventory Report 2021, valid from 2019,
  open-ended) and the older page (National Inventory Report 2015 for CO2,
  Kostraveiledning 2014 for kWh per litre, kg or Sm3; valid to 2018). The
  older page gives CO2 for diesel, petrol and marine gas oil per kg only and
  no kWh per kg for them (no density, no calorific value): those three have
  no row before 2019;
- CH4 and N2O in kg/TJ (net calorific value) from the IPCC 2006 Guidelines,
  Vol. 2, where the national table gives CO2 only (the constants below, each
  with its table and row);
- the gross/net calorific value ratio of the same fuel in BEIS/DESNZ 2021
  (its factors per kWh net and gross CV, via the OEFDB snapshot), for factors
  per kWh_gross: the national tables give net calorific values only.

Usage: python tools/derive_fuels_no.py ../shared/data
"""

import csv
import sys
from pathlib import Path

from derive_fuels import beis_rows, gross_net_ratio

TARGET = "plugins/ghgcore-fuels/src/ghgcore_fuels/data/fuels-no.csv"
PAGE = 'Miljødirektoratet, "Tabeller for omregning fra energivarer til kWh"'
NIR2021 = (
    PAGE + ', table "Utslippsfaktorer per kWh, liter eller kilo for ulike energivarer" '
    "(source stated: National Inventory Report 2021), row {row}"
)
NIR2015 = (
    PAGE + ', older version of the page, table "Utslipp fra forbrenning" '
    "(source stated: Norwegian National Inventory Report 2015), row {row}"
)
KOSTRA = 'table "Omregning fra energivare til kWh" on the same older page (Kostraveiledning 2014)'

IPCC = "IPCC 2006 Guidelines for National Greenhouse Gas Inventories, Vol. 2"
# (CH4 kg/TJ, N2O kg/TJ, citation); kg per TJ of fuel at net calorific value.
STATIONARY_OIL = (
    10.0,
    0.6,
    IPCC + ", ch. 2, Table 2.4 (stationary combustion, commercial/institutional), {row}",
)
STATIONARY_GAS = (
    5.0,
    0.1,
    IPCC + ", ch. 2, Table 2.4 (stationary combustion, commercial/institutional), {row}",
)
ROAD_DIESEL = (3.9, 3.9, IPCC + ", ch. 3, Table 3.2.2 (road transport), Gas / Diesel Oil")
ROAD_PETROL = (
    3.8, 5.7,
    IPCC + ", ch. 3, Table 3.2.2 (road transport), Motor Gasoline - Low Mileage Light Duty Vehicle Vintage 1995 or Later",
)  # fmt: skip
OFF_ROAD_DIESEL = (
    4.15,
    28.6,
    IPCC + ", ch. 3, Table 3.3.1 (off-road mobile sources and machinery), Diesel, Industry",
)
OFF_ROAD_PETROL = (
    50.0, 2.0, IPCC + ", ch. 3, Table 3.3.1 (off-road mobile sources and machinery), Motor Gasoline 4-stroke, Industry"
)  # fmt: skip
SHIPS = (7.0, 2.0, IPCC + ", ch. 3, Table 3.5.3 (water-borne navigation), Ocean-going Ships")
NO_ROAD_ROW = " (no road-transport row for {fuel}: the row of the engine it is burnt in, {engine})"


def _ch4_n2o(default, **kw):
    ch4, n2o, text = default
    return ch4, n2o, f"CH4 {ch4:g} kg/TJ and N2O {n2o:g} kg/TJ: " + text.format(**kw)


# key -> (row in the NIR 2021 table, BEIS name for the gross/net ratio, (CH4, N2O, text), mobile)
CURRENT = {
    "diesel": ("Diesel", "Diesel (100% mineral diesel)", _ch4_n2o(ROAD_DIESEL), _ch4_n2o(OFF_ROAD_DIESEL)),
    "petrol": ("Bensin", "Petrol (100% mineral petrol)", _ch4_n2o(ROAD_PETROL), _ch4_n2o(OFF_ROAD_PETROL)),
    "marine_gas_oil": ("Marin gassolje", "Marine gas oil", _ch4_n2o(SHIPS), None),
    "heating_oil": ("Fyringsolje", "Gas oil", _ch4_n2o(STATIONARY_OIL, row="Gas/Diesel Oil"), None),
    "kerosene": ("Fyringsparafin", "Burning oil", _ch4_n2o(STATIONARY_OIL, row="Other Kerosene"), None),
    "natural_gas": (
        "Naturgass (LNG) (kg/Sm3)",
        "Natural gas",
        _ch4_n2o(STATIONARY_GAS, row="Natural Gas"),
        None,
    ),
    "lpg": ("LPG (propan og butan)", "LPG", _ch4_n2o(STATIONARY_GAS, row="Liquefied Petroleum Gases"), None),
    "bioethanol": ("Bioetanol", None, None, None),
    "biodiesel": ("Biodiesel", None, None, None),
}
BIO = {
    "bioethanol": _ch4_n2o(
        (ROAD_PETROL[0], ROAD_PETROL[1], ROAD_PETROL[2] + NO_ROAD_ROW.format(fuel="bioethanol in petrol cars",
                                                                             engine="a petrol engine"))
    ),
    "biodiesel": _ch4_n2o(
        (ROAD_DIESEL[0], ROAD_DIESEL[1], ROAD_DIESEL[2] + NO_ROAD_ROW.format(fuel="biodiesel",
                                                                             engine="a diesel engine"))
    ),
}  # fmt: skip
# key -> (row of the NIR 2015 table, its unit, Kostra rows (per litre or Sm3, per kg))
OLDER = {
    "heating_oil": ("Fyringsolje", "kg/kg", ("Fyringsolje", "1 liter"), ("Fyringsolje", "1 kg")),
    "kerosene": ("Fyringsparafin", "kg/liter", ("Fyringsparafin", "1 liter"), ("Fyringsparafin", "1 kg")),
    "natural_gas": (
        "Naturgass, i gassform", "kg/Sm3", ("Naturgass, i gassform", "1 Sm3"), ("Naturgass, flytende (LNG)", "1 kg")
    ),
    "lpg": ("LPG", "kg/kg", ("LPG", "1 liter"), ("LPG", "1 kg")),
    "bioethanol": ("Bioetanol", "kg/kg", ("Bioetanol", "1 liter"), ("Bioetanol", "1 kg")),
    "biodiesel": ("Biodiesel", "kg/kg", ("Biodiesel", "1 liter"), ("Biodiesel", "1 kg")),
}  # fmt: skip
BASE_UNIT = {"natural_gas": "Sm3"}
OLD_UNIT = {"kg/kg": "kg", "kg/liter": "L", "kg/Sm3": "Sm3"}
COLUMNS = [
    "fuel", "years", "base_unit", "CO2", "CO2_biogenic", "density", "density_unit", "ncv_kwh_per_kg",
    "gcv_per_ncv", "ch4_kg_per_tj", "n2o_kg_per_tj", "mobile_ch4_kg_per_tj", "mobile_n2o_kg_per_tj",
    "source", "properties", "ch4_n2o_source", "mobile_source", "gcv_source",
]  # fmt: skip


def read(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def one(rows, **match):
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    if len(found) != 1:
        raise SystemExit(f"{match}: {len(found)} rows")
    return found[0]


def main(data, target=TARGET):
    data = Path(data)
    nir2021 = read(data / "miljodirektoratet" / "fuel-co2-factors-nir2021.csv")
    nir2015 = read(data / "miljodirektoratet" / "combustion-co2-nir2015.csv")
    kostra = read(data / "miljodirektoratet" / "energy-to-kwh-kostra2014.csv")
    beis = beis_rows(data / "oefdb" / "OpenEmissionFactorsDB-2022-05-12.csv")

    out = []
    for key, (row_name, beis_name, (ch4, n2o, ch4_text), mobile) in (
        (k, (v[0], v[1], v[2] or BIO[k], v[3])) for k, v in CURRENT.items()
    ):
        row = one(nir2021, fuel_no=row_name)
        bio = row["non_fossil"] == "yes"
        base = BASE_UNIT.get(key, "L")
        base_text = "Sm3" if base == "Sm3" else "l"
        ratio = gross_net_ratio(beis, beis_name) if beis_name else None
        record = dict.fromkeys(COLUMNS, "")
        record.update(
            fuel=key, years="2019-", base_unit=base,
            density=row["density_kg_per_litre"], density_unit=f"kg/{base}", ncv_kwh_per_kg=row["kwh_per_kg"],
            ch4_kg_per_tj=f"{ch4:g}", n2o_kg_per_tj=f"{n2o:g}", ch4_n2o_source=ch4_text,
            source=NIR2021.format(row=row_name) + f": {row['kg_co2_per_litre']} kg CO2/{base_text}"
            + (" (non-fossil)" if bio else ""),
            properties=f"density {row['density_kg_per_litre']} kg/{base_text} and {row['kwh_per_kg']} kWh/kg "
            "from the same row",
        )  # fmt: skip
        record["CO2_biogenic" if bio else "CO2"] = row["kg_co2_per_litre"]
        if mobile:
            record.update(mobile_ch4_kg_per_tj=f"{mobile[0]:g}", mobile_n2o_kg_per_tj=f"{mobile[1]:g}",
                          mobile_source=mobile[2])  # fmt: skip
        if ratio:
            record["gcv_per_ncv"] = f"{ratio:.6g}"
            record["gcv_source"] = (
                f"the net calorific value x {ratio:.6g}, BEIS/DESNZ 2021's gross/net ratio for {beis_name} "
                "(its factors per kWh net and gross CV, via Open Emission Factors Database 2022-05-12, CC BY-SA 4.0)"
            )
        out.append(record)

    for key, (row_name, unit, per_volume, per_kg) in OLDER.items():
        row = one(nir2015, energivare=row_name, unit=unit)
        bio = "Biogent" in row["comment_no"]
        volume = one(kostra, energivare=per_volume[0], unit=per_volume[1])
        mass = one(kostra, energivare=per_kg[0], unit=per_kg[1])
        base = OLD_UNIT[unit]
        density_unit = "kg/Sm3" if "Sm3" in per_volume[1] else "kg/L"
        density = float(volume["kwh_per_unit"]) / float(mass["kwh_per_unit"])
        ch4, n2o, ch4_text = CURRENT[key][2] or BIO[key]
        beis_name = CURRENT[key][1]
        ratio = gross_net_ratio(beis, beis_name) if beis_name else None
        volume_text = "Sm3" if "Sm3" in per_volume[1] else "l"
        record = dict.fromkeys(COLUMNS, "")
        record.update(
            fuel=key, years="-2018", base_unit=base,
            density=f"{density:.6g}", density_unit=density_unit, ncv_kwh_per_kg=mass["kwh_per_unit"],
            ch4_kg_per_tj=f"{ch4:g}", n2o_kg_per_tj=f"{n2o:g}", ch4_n2o_source=ch4_text,
            source=NIR2015.format(row=row_name) + f": {row['co2_factor']} kg CO2/{unit.split('/')[1]}"
            + (" (biogenic)" if bio else ""),
            properties=f"density {volume['kwh_per_unit']} kWh/{volume_text} ({volume['energivare']}) / "
            f"{mass['kwh_per_unit']} kWh/kg ({mass['energivare']}) = {density:.6g} {density_unit}, net calorific "
            f"value {mass['kwh_per_unit']} kWh/kg: " + KOSTRA,
        )  # fmt: skip
        record["CO2_biogenic" if bio else "CO2"] = row["co2_factor"]
        if ratio:
            record["gcv_per_ncv"] = f"{ratio:.6g}"
            record["gcv_source"] = (
                f"the net calorific value x {ratio:.6g}, BEIS/DESNZ 2021's gross/net ratio for {beis_name} "
                "(its factors per kWh net and gross CV, via Open Emission Factors Database 2022-05-12, CC BY-SA 4.0)"
            )
        out.append(record)

    with open(target, "w", encoding="utf-8", newline="") as f:
        f.write(
            "# Norway's national fuel factors, region NO. Derived by tools/derive_fuels_no.py from\n"
            '# Miljødirektoratet, "Tabeller for omregning fra energivarer til kWh" (public figures;\n'
            "# cite Miljødirektoratet and the National Inventory Report edition), with CH4 and N2O\n"
            "# from the IPCC 2006 Guidelines, Vol. 2, and gross/net calorific value ratios from\n"
            "# BEIS/DESNZ 2021 via the Open Emission Factors Database 2022-05-12 (CC BY-SA 4.0).\n"
            "#\n"
            "# Validity: the current page's table (National Inventory Report 2021) applies from 2019\n"
            "# on, open-ended: it is valid for every year until a new edition supersedes it. The\n"
            "# older page's tables (National Inventory Report 2015 for CO2, Kostraveiledning 2014\n"
            "# for kWh per litre, kg and Sm3) apply to the years before, up to 2018. The older page\n"
            "# gives CO2 for diesel, petrol and marine gas oil per kg only and no kWh per kg for\n"
            "# them (no density, no calorific value), so those three have no factors before 2019.\n"
            "#\n"
            "# Each row holds published figures: CO2 (or biogenic CO2) per base unit, density and\n"
            "# net calorific value (kWh/kg), CH4 and N2O in kg per TJ (net), the gross/net ratio.\n"
            "# The plugin multiplies them out: per kg and per kWh through the row's own density\n"
            "# and calorific value, per kWh_gross through the ratio. CH4 is fossil methane\n"
            "# (CH4_fossil) for fossil fuels and non-fossil methane (CH4_non_fossil) for biofuels.\n"
        )
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
