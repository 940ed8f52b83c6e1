"""Norway's national factors, gross calorific value and biofuel properties, checked against their sources.

Source values are written out here as published, each with the file and row
it comes from, so that a change in the shipped tables that moves a number
away from its source fails a test:

- NIR 2021 = ../shared/data/miljodirektoratet/fuel-co2-factors-nir2021.csv
  (Miljødirektoratet's table "Utslippsfaktorer per kWh, liter eller kilo ...");
- NIR 2015 = .../combustion-co2-nir2015.csv, Kostra = .../energy-to-kwh-kostra2014.csv
  (the older version of the page);
- BEIS = ../shared/data/oefdb/OpenEmissionFactorsDB-2022-05-12.csv, BEIS 2021 rows;
- IPCC = IPCC 2006 Guidelines, Vol. 2, kg per TJ at net calorific value.
"""

from __future__ import annotations

import pytest
from ghgcore_fuels import Fuels, fuels

from ghgcore import Activity, calculate

TJ_PER_KWH = 3.6e-6


def one(activity: str, amount: float, unit: str, *, year: int = 2021, fallback: str = "none", **kwargs):
    """One line, exact matches only unless told otherwise."""
    gwp = kwargs.pop("gwp", "AR6")
    line = Activity.of(activity, amount, unit, year=year, **kwargs)
    return calculate([line], Fuels, gwp=gwp, fallback=fallback)


def match(result) -> str:
    return str(result.to_dataframe()["match"][0])


def per_tj(density: float, kwh_per_kg: float) -> float:
    """TJ per litre (or Sm3) from a row's density and kWh/kg."""
    return density * kwh_per_kg * TJ_PER_KWH


# NIR 2021 rows: (key, kg CO2 per litre or Sm3, density, kWh/kg, IPCC CH4 and N2O kg/TJ)
NIR2021 = [
    ("diesel", 2.66, 0.84, 12, 3.9, 3.9),  # row Diesel; IPCC Table 3.2.2 (road), Gas / Diesel Oil
    ("petrol", 2.32, 0.74, 12.2, 3.8, 5.7),  # row Bensin; Table 3.2.2, Motor Gasoline, vintage 1995 or later
    ("marine_gas_oil", 2.66, 0.84, 12, 7, 2),  # row Marin gassolje; Table 3.5.3, Ocean-going Ships
    ("heating_oil", 2.66, 0.84, 12, 10, 0.6),  # row Fyringsolje; Table 2.4 (commercial), Gas/Diesel Oil
    ("kerosene", 2.55, 0.81, 12, 10, 0.6),  # row Fyringsparafin; Table 2.4, Other Kerosene
    ("lpg", 1.62, 0.54, 12.8, 5, 0.1),  # row LPG (propan og butan); Table 2.4, Liquefied Petroleum Gases
    # row Naturgass (LNG) (kg/Sm3), per Sm3 and kg per Sm3; Table 2.4, Natural Gas
    ("natural_gas", 1.99, 0.74, 13.3, 5, 0.1),
]


@pytest.mark.parametrize(("key", "co2", "density", "kwh_per_kg", "ch4", "n2o"), NIR2021)
def test_national_factors_match_the_nir_2021_table(key, co2, density, kwh_per_kg, ch4, n2o):
    """Per litre (Sm3): the table's CO2; CH4 and N2O the IPCC's kg/TJ through the row's density and kWh/kg."""
    unit = "Sm3" if key == "natural_gas" else "L"
    gases = one(key, 1000, unit, region="NO").by_gas()
    tj = 1000 * per_tj(density, kwh_per_kg)
    assert 1000 * co2 == pytest.approx(gases["CO2"], rel=1e-12)
    assert ch4 * tj == pytest.approx(gases["CH4_fossil"], rel=1e-12)
    assert n2o * tj == pytest.approx(gases["N2O"], rel=1e-12)
    assert 0.0 == gases.get("CH4", 0.0)


def test_per_kg_and_per_kwh_through_the_rows_own_density_and_calorific_value():
    """NO diesel: 1 000 L = 840 kg (0.84 kg/l) = 10 080 kWh (12 kWh/kg), the same 2 660 kg CO2.

    Per kg that is 3.1667 (the table prints 3.17), per kWh 0.26389 (the table
    prints 0.265: its 12 kWh/kg is rounded).
    """
    for amount, unit in ((1000, "L"), (840, "kg"), (10_080, "kWh"), (36.288, "GJ"), (0.84, "t")):
        assert 2660.0 == pytest.approx(one("diesel", amount, unit, region="NO").by_gas()["CO2"], rel=1e-12)
    assert 3.17 == pytest.approx(one("diesel", 1, "kg", region="NO").by_gas()["CO2"], abs=0.005)
    # natural gas (NIR 2021 row Naturgass (LNG)): 2.69 kg CO2/kg and 0.20 kg CO2/kWh as printed, to rounding
    assert 2.69 == pytest.approx(one("natural_gas", 1, "kg", region="NO").by_gas()["CO2"], abs=0.005)
    assert 0.20 == pytest.approx(one("natural_gas", 1, "kWh", region="NO").by_gas()["CO2"], abs=0.005)


@pytest.mark.parametrize(
    ("key", "co2", "density", "kwh_per_kg", "ch4", "n2o"),
    [
        # NIR 2021 row Bioetanol; Table 3.2.2, the petrol-engine row (Motor Gasoline, vintage 1995 or later)
        ("bioethanol", 1.51, 0.79, 7.44, 3.8, 5.7),
        ("biodiesel", 2.51, 0.88, 10.22, 3.9, 3.9),  # NIR 2021 row Biodiesel; Table 3.2.2, Gas / Diesel Oil
    ],
)
def test_national_biofuels_biogenic_co2_outside_the_scopes(key, co2, density, kwh_per_kg, ch4, n2o):
    """Biogenic CO2 outside the scopes; CH4 (non-fossil) and N2O in scope 1."""
    result = one(key, 1000, "L", region="NO")
    gases = result.by_gas()
    tj = 1000 * per_tj(density, kwh_per_kg)
    assert 1000 * co2 == pytest.approx(result.biogenic_co2(), rel=1e-12)
    assert 0.0 == gases.get("CO2", 0.0)
    assert ch4 * tj == pytest.approx(gases["CH4_non_fossil"], rel=1e-12)
    assert n2o * tj == pytest.approx(gases["N2O"], rel=1e-12)
    # in CO2e, AR6: non-fossil methane 27.0, N2O 273
    assert ch4 * tj * 27.0 + n2o * tj * 273 == pytest.approx(result.by_scope()["1"], rel=1e-9)


def test_non_road_mobile_follows_the_same_split():
    """NO diesel_mobile: the table's CO2, IPCC Table 3.3.1 (off-road, Diesel, Industry) 4.15 and 28.6 kg/TJ."""
    gases = one("diesel_mobile", 1000, "L", region="NO").by_gas()
    tj = 1000 * per_tj(0.84, 12)
    assert (2660.0, 4.15 * tj, 28.6 * tj) == pytest.approx((gases["CO2"], gases["CH4_fossil"], gases["N2O"]))
    # NO petrol_mobile: Table 3.3.1, Motor Gasoline 4-stroke, Industry: 50 and 2 kg/TJ
    gases = one("petrol_mobile", 1000, "L", region="NO").by_gas()
    tj = 1000 * per_tj(0.74, 12.2)
    assert (2320.0, 50 * tj, 2 * tj) == pytest.approx((gases["CO2"], gases["CH4_fossil"], gases["N2O"]))


def test_a_norwegian_line_gets_the_national_factor_a_line_without_region_the_uk_one():
    """diesel, 100 L: NO 2.66 kg CO2/l (NIR 2021); no region 2.66807 (BEIS 2021, Diesel (100% mineral diesel))."""
    national, uk = one("diesel", 100, "L", region="NO"), one("diesel", 100, "L")
    assert 266.0 == pytest.approx(national.by_gas()["CO2"], rel=1e-12)
    assert 266.807 == pytest.approx(uk.by_gas()["CO2"], rel=1e-12)
    assert ("exact", "exact") == (match(national), match(uk))
    # a line for another country gets the factor for any region (BEIS)
    assert 266.807 == pytest.approx(one("diesel", 100, "L", region="SE").by_gas()["CO2"], rel=1e-12)


def test_the_2021_edition_applies_to_later_years_exactly():
    """Valid from 2019, open-ended: a 2023 line in Norway is an exact match, no fallback needed."""
    result = one("diesel", 100, "L", region="NO", year=2023)
    assert result.calculated[0]
    assert "exact" == match(result)
    assert 266.0 == pytest.approx(result.by_gas()["CO2"])
    # the BEIS factors are for 2021 only: a 2023 line without region needs year fallback
    assert not one("diesel", 100, "L", year=2023).calculated[0]


def test_the_older_edition_applies_to_the_years_before_2019():
    """2017 heating oil in Norway: NIR 2015, row Fyringsolje, 3.15 kg CO2/kg; Kostra 2014 11.972 kWh/kg."""
    result = one("heating_oil", 1000, "kg", region="NO", year=2017)
    assert "exact" == match(result)
    assert 3150.0 == pytest.approx(result.by_gas()["CO2"], rel=1e-12)
    tj = 1000 * 11.972 * TJ_PER_KWH
    assert (10 * tj, 0.6 * tj) == pytest.approx((result.by_gas()["CH4_fossil"], result.by_gas()["N2O"]))
    # per litre through Kostra 2014's 10.056 kWh/l and 11.972 kWh/kg (rows Fyringsolje)
    litres = one("heating_oil", 1000, "L", region="NO", year=2017).by_gas()["CO2"]
    assert 3150.0 * 10.056 / 11.972 == pytest.approx(litres, rel=1e-5)
    # NIR 2015, row Fyringsparafin: 2.57 kg CO2 per litre
    assert 2570.0 == pytest.approx(one("kerosene", 1000, "L", region="NO", year=2017).by_gas()["CO2"])
    # NIR 2015 row LPG: 3 kg CO2/kg; natural gas in gaseous form 1.99 kg CO2/Sm3
    assert 3000.0 == pytest.approx(one("lpg", 1000, "kg", region="NO", year=2018).by_gas()["CO2"])
    assert 1990.0 == pytest.approx(one("natural_gas", 1000, "Sm3", region="NO", year=2016).by_gas()["CO2"])


def test_diesel_before_2019_is_not_guessed():
    """The older page gives diesel per kg only, without a calorific value: no Norwegian diesel before 2019."""
    assert not one("diesel", 100, "L", region="NO", year=2017).calculated[0]
    assert [] == sorted(k for k in fuels("NO", 2017) if k in ("diesel", "petrol", "marine_gas_oil"))


def test_gross_calorific_value_lines_get_the_gross_factor():
    """Diesel, BEIS 2021: 0.25338 kg CO2e per kWh gross and 0.26955 per kWh net (rows '(gross/net calorific value)').

    The same fuel per kWh_gross is the net factor times their ratio; CO2 per
    kWh_gross is BEIS's 0.24987.
    """
    net = one("diesel", 1000, "kWh").by_gas()["CO2"]
    gross = one("diesel", 1000, "kWh_gross").by_gas()["CO2"]
    assert 0.25338 / 0.26955 == pytest.approx(gross / net, rel=1e-4)
    assert 249.87 == pytest.approx(gross, rel=1e-4)
    # natural gas, BEIS 2021 'Natural gas (gross calorific value)': 0.18282 kg CO2 per kWh
    assert 182.82 == pytest.approx(one("natural_gas", 1000, "kWh_gross").by_gas()["CO2"], rel=1e-4)
    # therm and MWh at gross CV convert to kWh_gross; never to net kWh
    assert 182.82 * 29.3071 == pytest.approx(
        one("natural_gas", 1000, "therm_gross").by_gas()["CO2"], rel=1e-4
    )
    assert 182.82 == pytest.approx(one("natural_gas", 1, "MWh_gross").by_gas()["CO2"], rel=1e-4)


def test_gross_in_norway_uses_the_desnz_ratio_for_the_fuel():
    """NO diesel per kWh_gross: the national net factor over BEIS's gross/net ratio for diesel (0.26955/0.25338)."""
    net = one("diesel", 1000, "kWh", region="NO").by_gas()["CO2"]
    gross = one("diesel", 1000, "kWh_gross", region="NO").by_gas()["CO2"]
    assert 2660 / (0.84 * 12) == pytest.approx(net, rel=1e-12)
    assert 0.25338 / 0.26955 == pytest.approx(gross / net, rel=1e-5)


def test_a_gross_figure_is_never_read_as_net():
    """Biofuels have no gross calorific value in BEIS 2021: a kWh_gross line is unresolved, not converted."""
    result = one("biodiesel", 1000, "kWh_gross")
    assert not result.calculated[0]
    assert "energy_gross_cv" in result.unresolved[0].reason


@pytest.mark.parametrize(
    ("key", "kg", "gj"),
    [
        ("biodiesel", 2.65, 71.32),  # BEIS rows 'Biodiesel ME (incl. biogenic CO2 factors)' per kg and per GJ
        ("hvo", 3.12, 70.83),  # 'Biodiesel HVO (incl. biogenic CO2 factors)'
        ("bioethanol", 1.92, 71.6),  # 'Bioethanol (incl. biogenic CO2 factors)'
    ],
)
def test_biofuels_per_kg_and_per_gj(key, kg, gj):
    """Per kg and per GJ through BEIS's own density and calorific value: its published figures, to their rounding."""
    assert kg == pytest.approx(one(key, 1, "kg").biogenic_co2(), rel=5e-3)
    assert gj == pytest.approx(one(key, 1, "GJ").biogenic_co2(), rel=5e-3)
    assert kg == pytest.approx(one(key, 0.001, "t").biogenic_co2(), rel=5e-3)


def test_biofuel_properties_are_beis_own():
    """Density per litre / per kg, calorific value per kg / per GJ of BEIS's in-scope CO2e rows."""
    biodiesel = fuels()["biodiesel"]
    assert 0.16751 / 0.18822 == pytest.approx(biodiesel.density, rel=1e-5)  # Biodiesel ME, L and kg
    assert 0.18822 / 5.05961 * 1e6 / 3600 == pytest.approx(biodiesel.ncv_kwh_per_kg, rel=1e-5)  # kg and GJ


def test_marine_gas_oil_without_region_is_beis():
    """BEIS 2021 'Marine gas oil': 2.73782 kg CO2 per litre."""
    assert 2737.82 == pytest.approx(one("marine_gas_oil", 1000, "L").by_gas()["CO2"], rel=1e-12)


def test_fuels_is_a_default_database():
    """Fuels is used when the user names no database."""
    assert Fuels.default is True
    assert "NO" in Fuels.regions
