"""Tests of the travel database: conformance, factors against the source rows, calculations by hand.

The source rows are the UK BEIS/DESNZ GHG conversion factors 2021 as
republished in the Open Emission Factors Database (OEFDB) snapshot
2022-05-12: each is named by its OEFDB ``name``, unit, region and year. The
OEFDB gives CH4 and N2O as kg CO2e with IPCC AR4 GWP-100 (25 and 298).
"""

from __future__ import annotations

import re

import pytest
from ghgcore_travel import HOTEL_COUNTRIES, Travel

import ghgcore
from ghgcore import Activity, EmissionFactor, calculate
from ghgcore.plugins import get_database, list_databases, load_factors
from ghgcore.testing import assert_conformant

AR4 = {"CH4": 25.0, "CH4_fossil": 25.0, "N2O": 298.0}


@pytest.fixture(scope="module")
def factors():
    return load_factors(Travel)


def factor(factors, activity: str, unit: str, region: str | None = None) -> EmissionFactor:
    found = [
        f
        for f in (factors.factor(i) for i in factors.candidates(activity))
        if f.unit == unit and f.region == region
    ]
    assert 1 == len(found), (activity, unit, region, found)
    return found[0]


def co2e_ar4(f: EmissionFactor) -> float:
    return sum(v * AR4.get(g, 1.0) for g, v in f.gases.items())


def test_conformance():
    """Metadata, units, provenance, coverage and crosswalks hold, by class and by entry-point name."""
    assert_conformant(Travel)
    assert_conformant("travel")


def test_entry_point_metadata():
    """Installed as `travel`, a default database, version 2021.1, valid for 2021."""
    assert any(e.name == "travel" and e.distribution == "ghgcore-travel" for e in list_databases())
    db = get_database("travel")
    assert isinstance(db, Travel)
    assert db.default is True
    assert "2021.1" == db.version
    assert (2021, 2021) == db.years
    assert "CC BY-SA 4.0" in db.licence


#: (key, unit, OEFDB name (unit, region GB or GLOBAL, year 2021), kgCO2e-AR4, kgCO2, kgCH4, kgN2O as CO2e)
PER_GAS_ROWS = [
    ("flight_short_haul_economy", "passenger_km",
     "International short-haul flight economy - without RF effect (passenger-km, GB)", 0.07984, 0.07908, 0.00001, 0.00075),
    ("flight_long_haul_business", "passenger_km",
     "International long-haul flight business - without RF effect (passenger-km, GB)", 0.22671, 0.22457, 0.00002, 0.00212),
    ("flight_domestic", "passenger_km",
     "Domestic flight - without RF effect (passenger-km, GB)", 0.13003, 0.12871, 0.0001, 0.00122),
    ("rail_national", "passenger_km", "National rail passenger train (passenger-km, GB)", 0.03549, 0.0351, 0.00007, 0.00032),
    ("taxi", "passenger_km", "Regular Taxi (passenger-km, GB)", 0.14876, 0.14742, 0.00000296, 0.00134),
    ("taxi", "km", "Taxi (average) - Business travel (km, GB)", 0.20826, 0.20638, 0.00000414, 0.00188),
    ("ferry_foot_passenger", "passenger_km", "Ferry (foot passenger) (passenger-km, GB)", 0.018738, 0.01848, 0.000006, 0.000252),
    ("coach", "passenger_km", "Coach (passenger-km, GB)", 0.02684, 0.02629, 0.00001, 0.00054),
    ("car_petrol_medium", "km", "Petrol car (medium) - Business travel (km, GB)", 0.18785, 0.18717, 0.00032, 0.00036),
    ("car", "km", "Car (average) - Business travel (km, GB)", 0.17148, 0.17021, 0.00017, 0.0011),
    ("car_bev", "km", "Battery EV car (average) - Business travel (km, GB)", 0.05477, 0.05421, 0.00021, 0.00035),
    ("van_diesel", "km", "Diesel van - Average (up to 3.5 tonnes) - Freighting goods (km, GB)", 0.24116, 0.2393, 0.0, 0.00186),
    ("van_diesel", "tonne_km", "Diesel van (up to 3.5 tonnes) (tonne-km, GB)", 0.60261, 0.59795, 0.00001, 0.00465),
    ("hgv_artic_over_33t_laden_100", "tonne_km",
     "Road freight diesel articulated HGV (>33t) 100% laden (tonne-km, GB)", 0.05913, 0.05823, 0.00001, 0.00089),
    ("hgv_rigid", "tonne_km",
     "Road freight diesel rigids HGV 100% average laden (tonne-km, GB; all rigids, average load)", 0.2078, 0.20517, 0.00004, 0.00258),
    ("hgv_refrigerated", "km",
     "HGV refrigerated (all diesel) - All HGVs - Average Laden - Freighting goods (km, GB)", 1.01192, 0.99834, 0.00014, 0.01344),
    ("rail_freight", "tonne_km", "Rail freight train (tonne-km, GB)", 0.02782, 0.02749, 0.00002, 0.00031),
    ("sea_freight_container_ship", "tonne_km", "Container ship (average) (tonne-km, GB)", 0.016142, 0.01592, 0.000005, 0.000217),
    ("air_freight_long_haul", "tonne_km",
     "International air freight long haul - without RF effect (tonne-km, GB)", 0.53867, 0.53358, 0.00004, 0.00505),
]  # fmt: skip


@pytest.mark.parametrize(("key", "unit", "row", "total", "co2", "ch4", "n2o"), PER_GAS_ROWS)
def test_per_gas_factors_match_the_source_rows(factors, key, unit, row, total, co2, ch4, n2o):
    """CO2 as given; CH4 and N2O as kg of gas (the row's kg CO2e over 25 and 298); the AR4 total is the row's."""
    f = factor(factors, key, unit)
    methane = next((g for g in f.gases if g.startswith("CH4")), None)
    assert co2 == f.gases["CO2"]
    assert ch4 / 25 == pytest.approx(f.gases[methane] if methane else 0.0, rel=1e-9)
    assert n2o / 298 == pytest.approx(f.gases["N2O"], rel=1e-9)
    assert total == pytest.approx(co2e_ar4(f), rel=1e-4)
    assert (3, 2021, 2021, None) == (f.scope, f.valid_from, f.valid_to, f.region)
    assert "BEIS/DESNZ GHG conversion factors 2021" in f.source
    assert row.split(" (")[0] in f.source


#: (key, unit, region, OEFDB name (unit, region, year 2021), kgCO2e-AR4)
CO2E_ROWS = [
    ("hotel_night", "room_night", "DE", "Hotel stay (person-night, DE)", 17.0),
    ("hotel_night", "room_night", "GB", "Hotel stay (person-night, GB)", 13.9),
    ("hotel_night", "room_night", "US", "Hotel stay (person-night, US)", 19.7),
    ("hotel_night", "room_night", "CH", "Hotel stay (person-night, CH)", 7.4),
    ("waste_paper_landfill", "t", None, "Paper waste disposal - landfill (tonne, GB)", 1041.804),
    ("waste_paper_closed_loop", "t", None, "Paper waste disposal - closed-loop (tonne, GB)", 21.294),
    ("waste_food_composting", "t", None, "Food and drink waste disposal (organic) - composting (tonne, GB)", 8.951),
    ("waste_household_residual_combustion", "t", None, "Household residual waste disposal - combustion (tonne, GB)", 21.294),
    ("waste_plastic_pp_open_loop", "t", None, "PP waste disposal  (incl. forming) - open-loop (tonne, GB)", 21.294),
    ("water_supply", "m**3", None, "Water supply (m3, GB)", 0.149),
    ("water_treatment", "m**3", None, "Water treatment (m3, GB)", 0.272),
]  # fmt: skip


@pytest.mark.parametrize(("key", "unit", "region", "row", "total"), CO2E_ROWS)
def test_co2e_factors_match_the_source_rows(factors, key, unit, region, row, total):
    """Rows the source gives only as CO2e ship as CO2e, unchanged."""
    f = factor(factors, key, unit, region)
    assert {"CO2e": total} == dict(f.gases)
    assert 3 == f.scope


@pytest.mark.parametrize(
    ("key", "unit", "plain", "with_rf"),
    [
        # OEFDB "International short-haul flight economy - without/with RF effect" (passenger-km, GB, 2021)
        ("flight_short_haul_economy", "passenger_km", 0.07984, 0.15102),
        # "International long-haul flight first class - without/with RF effect" (passenger-km, GB, 2021)
        ("flight_long_haul_first", "passenger_km", 0.3127, 0.59147),
        # "Flight outside UK - without/with RF effect" (passenger-km, GLOBAL, 2021)
        ("flight_international", "passenger_km", 0.09708, 0.18362),
        # "Domestic air freight - without/with RF effect" (tonne-km, GB, 2021)
        ("air_freight_domestic", "tonne_km", 2.3765, 4.49363),
    ],
)
def test_rf_and_non_rf_differ_by_the_desnz_ratio(factors, key, unit, plain, with_rf):
    """`key` is without RF, `key_rf` with: the same CO2, CH4 and N2O, plus 0.9 x CO2 as CO2e (x1.9 on CO2)."""
    a, b = factor(factors, key, unit), factor(factors, f"{key}_rf", unit)
    assert "CO2e" not in a.gases
    assert {g: v for g, v in b.gases.items() if g != "CO2e"} == dict(a.gases)
    assert 1.9 == pytest.approx((b.gases["CO2"] + b.gases["CO2e"]) / a.gases["CO2"], rel=2e-4)
    assert plain == pytest.approx(co2e_ar4(a), rel=1e-4)
    assert with_rf == pytest.approx(co2e_ar4(b), rel=1e-4)
    assert co2e_ar4(b) > co2e_ar4(a)


def test_every_flight_has_both_and_nothing_chooses_for_the_user(factors):
    """Each flight and air-freight key has its _rf twin; no key without class or RF marker hides a choice."""
    keys = set(factors.activities)
    flights = {k for k in keys if k.startswith(("flight_", "air_freight_"))}
    plain = {k for k in flights if not k.endswith("_rf")}
    assert {f"{k}_rf" for k in plain} == flights - plain
    assert 14 == len(plain & {k for k in keys if k.startswith("flight_")})


def test_calculation_through_calculate_inventory():
    """Passenger-km, room nights, km, tonne-km, tonnes of waste and m3 of water, by hand (AR4: DESNZ's own totals)."""
    lines = [
        Activity.of("flight_short_haul_economy", 1000, "passenger_km", year=2021),  # 1000 x 0.07984
        Activity.of("flight_short_haul_economy_rf", 1000, "passenger_km", year=2021),  # 1000 x 0.15102
        Activity.of("hotel_night", 3, "room_night", region="DE", year=2021),  # 3 x 17.0
        Activity.of("car_petrol_medium", 250, "km", year=2021),  # 250 x 0.18785
        # 40 x (0.20638 + 0.00000414 + 0.00188): the row's gases; its total, 0.20826, is rounded
        Activity.of("taxi", 40, "km", region="NO", year=2021),
        Activity.of("hgv_laden_50", 10_000, "tonne_km", year=2021),  # 10 000 x 0.12158
        Activity.of("waste_paper_landfill", 2, "t", year=2021),  # 2 x 1041.804
        Activity.of("waste_paper_recycling", 2000, "kg", year=2021),  # 2 x 21.294 (closed-loop)
        Activity.of("water_supply", 120, "m**3", year=2021),  # 120 x 0.149
        Activity.of("water_treatment", 120, "m**3", year=2021),  # 120 x 0.272
    ]
    inventory = ghgcore.calculate_inventory(lines, ["travel"], year=2021, gwp="AR4")
    result = inventory.result
    assert result.calculated.all()
    expected = [79.84, 151.02, 51.0, 46.9625, 8.3305656, 1215.8, 2083.608, 42.588, 17.88, 32.64]
    assert expected == pytest.approx(list(result.co2e), rel=1e-6)
    categories = result.by_category()
    assert 79.84 + 151.02 + 51.0 + 46.9625 + 8.3305656 == pytest.approx(categories["6"], rel=1e-6)
    assert 1215.8 == pytest.approx(categories["4"], rel=1e-6)
    assert 2083.608 + 42.588 + 32.64 == pytest.approx(categories["5"], rel=1e-6)
    assert 17.88 == pytest.approx(categories["1"], rel=1e-6)
    assert sum(expected) == pytest.approx(result.by_scope()["3"], rel=1e-6)
    assert ["travel"] == [fs.name for fs in result.factor_sets]


def test_gwp_choice_applies_to_the_gases_not_to_the_rf_uplift():
    """Under AR6 the CH4 and N2O weigh differently; the RF uplift (CO2e) does not change."""
    line = [Activity.of("flight_long_haul_economy_rf", 1000, "passenger_km", year=2021)]
    ar4, ar6 = (calculate(line, Travel, gwp=g) for g in ("AR4", "AR6"))
    # long-haul economy: CO2 0.07744, CH4 0.00001/25, N2O 0.00073/298 per pkm; uplift 0.14713 - 0.07744
    uplift = 1000 * (0.14713 - 0.07744)
    assert uplift == pytest.approx(ar6.by_gas()["CO2e"])
    gases_ar6 = 1000 * (0.07744 + 0.00001 / 25 * 29.8 + 0.00073 / 298 * 273)
    assert gases_ar6 + uplift == pytest.approx(ar6.co2e[0], rel=1e-9)
    assert 147.87 == pytest.approx(ar4.co2e[0], rel=1e-9)


def test_units_of_one_key():
    """A taxi per km (vehicle) and per passenger-km; a van per km and per tonne-km: the line's unit chooses."""
    lines = [
        Activity.of("taxi", 10, "km", year=2021),
        Activity.of("taxi", 10, "pkm", year=2021),
        Activity.of("van_diesel_class_3", 10, "km", year=2021),
        Activity.of("van_diesel_class_3", 10, "tkm", year=2021),
    ]
    result = calculate(lines, Travel, gwp="AR4")
    # Taxi (average) - Business travel 0.20826/km; Regular Taxi 0.14876/pkm;
    # Diesel van - Class III (1.74 to 3.5 tonnes) - Freighting goods 0.26529/km; Diesel van (1.74 to 3.5 tonnes) 0.59232/tkm
    assert [2.0826, 1.4876, 2.6529, 5.9232] == pytest.approx(list(result.co2e), rel=1e-4)


def test_hotels_by_country_and_no_norway():
    """Hotel nights have a factor per country; DESNZ 2021 has none for Norway, and none is invented."""
    result = calculate(
        [
            Activity.of("hotel_night", 2, "room_night", region="FR", year=2021),
            Activity.of("hotel_night", 2, "room_night", region="NO", year=2021),
        ],
        Travel,
        fallback="region,year",
    )
    assert 13.0 == pytest.approx(result.co2e[0])  # Hotel stay (person-night, FR, 2021): 6.5
    assert not result.calculated[1]
    assert "NO" not in HOTEL_COUNTRIES


def test_hotel_countries_are_the_shipped_regions(factors):
    """The class's claimed regions are exactly the hotel factors' countries, ISO 3166 codes."""
    regions = {r for a, r in zip(factors.activity, factors.region, strict=True) if a == "hotel_night"}
    assert set(HOTEL_COUNTRIES) == regions
    assert all(re.fullmatch(r"[A-Z]{2}", r) for r in regions)
    assert {""} == {r for a, r in zip(factors.activity, factors.region, strict=True) if a != "hotel_night"}


def test_no_district_heating(factors):
    """District heating needs the supplier's figure: the database ships no number for it."""
    assert not [k for k in factors.activities if "district" in k or "heat" in k]
    assert not calculate([Activity.of("district_heating", 1, "MWh", year=2021)], Travel).calculated[0]


def test_later_years_use_the_2021_edition_with_year_fallback():
    """A 2024 line gets the 2021 factor by year fallback, and records it."""
    result = calculate(
        [Activity.of("rail_national", 100, "pkm", year=2024)], Travel, fallback="year", gwp="AR4"
    )
    assert 3.549 == pytest.approx(result.co2e[0], rel=1e-4)  # National rail passenger train 0.03549
    assert "year" == result.to_dataframe()["match"][0]


def test_methane_from_fossil_fuel_is_fossil(factors):
    """Diesel cars, flights and ships burn fossil fuel: CH4_fossil; rail and electric cars: generic CH4."""
    assert "CH4_fossil" in factor(factors, "car_diesel_small", "km").gases
    assert "CH4_fossil" in factor(factors, "flight_domestic", "passenger_km").gases
    assert "CH4" in factor(factors, "rail_national", "passenger_km").gases
    assert "CH4" in factor(factors, "car_bev_small", "km").gases


def test_recycling_aliases():
    """waste_<material>_recycling is the closed-loop key, or open-loop where there is no closed-loop figure."""
    [crosswalk] = Travel().crosswalks()
    assert "waste_paper_closed_loop" == crosswalk.lookup("waste_paper_recycling")
    assert "waste_batteries_open_loop" == crosswalk.lookup("waste_batteries_recycling")


KEY_GRAMMAR = re.compile(
    r"flight_(domestic|(short_haul|long_haul|international)(_economy|_premium_economy|_business|_first)?)(_rf)?"
    r"|air_freight_(domestic|short_haul|long_haul|international)(_rf)?"
    r"|hotel_night"
    r"|rail_(national|international|light_rail_tram|underground|freight)"
    r"|bus(_london|_not_london)?|coach|taxi(_black_cab)?|ferry(_foot_passenger|_car_passenger)?"
    r"|car(_bev|_cng|_diesel|_hybrid|_lpg|_petrol|_phev)?"
    r"(_mini|_supermini|_lower_medium|_medium|_upper_medium|_executive|_luxury|_sports|_dual_purpose_4x4|_mpv|_small|_large)?"
    r"|motorbike(_small|_medium|_large)?"
    r"|van(_bev|_cng|_diesel|_lpg|_petrol)?(_class_[123])?"
    r"|hgv(_refrigerated)?(_rigid|_artic|_rigid_3_5t_7_5t|_rigid_7_5t_17t|_rigid_over_17t|_artic_3_5t_33t|_artic_over_33t)?"
    r"(_laden_(0|50|100))?"
    r"|sea_freight_[a-z0-9_]+"
    r"|waste_[a-z0-9_]+_(landfill|combustion|composting|anaerobic_digestion|closed_loop|open_loop)"
    r"|water_(supply|treatment)"
)


def test_keys_follow_the_documented_grammar(factors):
    """Every key is lower snake case and of a pattern the README documents."""
    odd = [k for k in factors.activities if not KEY_GRAMMAR.fullmatch(k)]
    assert [] == odd


@pytest.mark.parametrize("other", ["fuels", "grid", "spend"])
def test_no_key_collides_with_the_other_shipped_databases(factors, other):
    """No activity key of `travel` is a key of ghgcore-fuels, ghgcore-grid or ghgcore-spend (when installed)."""
    if other not in {e.name for e in list_databases()}:
        pytest.skip(f"{other} is not installed")
    assert set() == set(factors.activities) & set(load_factors(other).activities)
