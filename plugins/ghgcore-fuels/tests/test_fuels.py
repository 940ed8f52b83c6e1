"""Tests of the fuels database: conformance, and results checked by hand."""

from __future__ import annotations

import pytest
from ghgcore_fuels import Fuels, blend_factors, fuels, mass_balance, refrigerant_leak, refrigerants

from ghgcore import Activity, calculate
from ghgcore.gases import get_gwp_set
from ghgcore.testing import assert_conformant


def one(activity: str, amount: float, unit: str, **kwargs):
    gwp = kwargs.pop("gwp", "AR6")
    fallback = kwargs.pop("fallback", None)
    return calculate([Activity.of(activity, amount, unit, year=kwargs.pop("year", 2021), **kwargs)], Fuels,
                     gwp=gwp, fallback=fallback)  # fmt: skip


def test_conformance():
    """Metadata, units, provenance, coverage and crosswalks hold."""
    assert_conformant(Fuels)


def test_diesel_litres_match_the_source():
    """1 000 L of diesel: 2 668.07 kg fossil CO2, BEIS/DESNZ 2021's 2.66807 kg/L.

    Miljødirektoratet's table gives 2.66 kg CO2/L for diesel: within 1 % too.
    """
    co2 = one("diesel", 1000, "L").by_gas()["CO2"]
    assert 2668.07 == pytest.approx(co2, rel=1e-9)
    assert 2660.0 == pytest.approx(co2, rel=0.01)


@pytest.mark.parametrize(
    ("amount", "unit"), [(843.17, "kg"), (0.84317, "t"), (10037.27, "kWh"), (36.13417, "GJ")]
)
def test_same_diesel_in_other_units(amount, unit):
    """1 000 L = 843.17 kg (density 0.84317 kg/L) = 10 037.27 kWh (11.9041 kWh/kg): the same CO2."""
    diesel = fuels()["diesel"]
    assert 0.84317 == diesel.density
    assert 11.9041 == diesel.ncv_kwh_per_kg
    assert 2668.07 == pytest.approx(one("diesel", amount, unit).by_gas()["CO2"], rel=1e-5)


def test_energy_is_net_calorific_value():
    """Per kWh of diesel the CO2 is BEIS's net-CV factor, 0.26582 kg/kWh."""
    assert 0.26582 == pytest.approx(one("diesel", 1, "kWh").by_gas()["CO2"], rel=1e-4)


def test_b20_biogenic_share():
    """1 000 L of B20: 200 L FAME gives 472 kg biogenic CO2 outside the scopes; 800 L diesel 2 134.456 kg fossil."""
    result = one("B20", 1000, "L")
    gases = result.by_gas()
    assert 200 * 2.36 == pytest.approx(result.biogenic_co2())
    assert 800 * 2.66807 == pytest.approx(gases["CO2"])
    scope1 = result.by_scope()["1"]
    in_scope = 800 * (2.66807 + 1.04e-5 * 29.8 + 1.2483221e-4 * 273) + 200 * 0.16751  # fossil CH4, AR6
    assert in_scope == pytest.approx(scope1, rel=1e-6)
    assert 200 * 2.36 / (200 * 2.36 + 800 * 2.66807) == pytest.approx(0.1811, abs=1e-4)


def test_blend_shares_and_aliases():
    """B7 is diesel_b7; a blend's biogenic CO2 scales with its share; shares outside 0-1 are refused."""
    assert one("B7", 1, "L").biogenic_co2() == one("diesel_b7", 1, "L").biogenic_co2()
    assert 0.07 * 2.36 == pytest.approx(one("diesel_b7", 1, "L").biogenic_co2())
    assert 1.0 * 2.43 == pytest.approx(one("HVO100", 1, "L").biogenic_co2())
    assert 0.0 == one("petrol_e0", 1, "L").biogenic_co2()
    per_litre = {f.unit: f for f in blend_factors("diesel", "biodiesel", 0.23)}["L"]
    assert 0.23 * 2.36 == pytest.approx(per_litre.gases["CO2_biogenic"])
    with pytest.raises(ValueError, match="between 0 and 1"):
        blend_factors("diesel", "biodiesel", 1.5)


@pytest.mark.parametrize(
    ("gwp", "hfc32", "hfc125"), [("AR4", 675, 3500), ("AR5", 677, 3170), ("AR6", 771, 3740)]
)
def test_r410a_by_hand(gwp, hfc32, hfc125):
    """10 kg of R-410A (50 % HFC-32, 50 % HFC-125) is 5 x GWP(HFC-32) + 5 x GWP(HFC-125)."""
    assert (hfc32, hfc125) == (get_gwp_set(gwp)["HFC-32"], get_gwp_set(gwp)["HFC-125"])
    assert 5 * hfc32 + 5 * hfc125 == pytest.approx(one("R-410A", 10, "kg", gwp=gwp).co2e[0])
    assert one("R-410A", 10, "kg", gwp=gwp).co2e[0] == one("R410A", 10, "kg", gwp=gwp).co2e[0]


def test_compositions_reproduce_the_ghg_protocol_blend_gwps():
    """Each composition gives the GHG Protocol tool's blend GWP to within rounding."""
    for name in ("AR4", "AR5"):
        gwp = get_gwp_set(name)
        for r in refrigerants().values():
            expected = r.ghgp_gwp_ar4 if name == "AR4" else r.ghgp_gwp_ar5
            if expected is None or "CO2e" in r.composition:
                continue
            assert expected == pytest.approx(
                sum(share * gwp[g] for g, share in r.composition.items()), abs=1.0
            ), r.key


def test_mass_balance():
    """Start + top-ups - recovered - end; figures that do not add up are refused."""
    leaked = mass_balance(start_charge=40, end_charge=38, top_ups=5, recovered=1)
    assert 6.0 == leaked
    line = refrigerant_leak("R-404A", leaked, site="Oslo")
    result = calculate([line], Fuels, gwp="AR4")
    assert 6 * (0.44 * 3500 + 0.52 * 4470 + 0.04 * 1430) == pytest.approx(result.co2e[0])
    with pytest.raises(ValueError, match="negative"):
        mass_balance(start_charge=10, end_charge=12, top_ups=0)
    with pytest.raises(ValueError, match="top_ups"):
        mass_balance(start_charge=10, end_charge=5, top_ups=-1)
    with pytest.raises(KeyError, match="unknown refrigerant"):
        refrigerant_leak("R-999", 1)


def test_missing_property_is_unresolved_with_that_reason():
    """Coal has no density here: a line in litres is unresolved, saying why."""
    result = one("coal", 100, "L")
    assert not result.calculated[0]
    assert "density and calorific value" in result.unresolved[0].reason


def test_gas_volume_must_be_standard():
    """Natural gas in Sm3 is calculated; m**3 at unknown conditions is not guessed."""
    assert 100 * 2.01754 == pytest.approx(one("natural_gas", 100, "Sm3").by_gas()["CO2"])
    assert not one("natural_gas", 100, "m**3").calculated[0]


def test_mobile_and_stationary_share_carbon_not_ch4_n2o():
    """diesel_mobile: BEIS CO2, EPA non-road CH4 and N2O."""
    stationary, mobile = one("diesel", 1000, "L").by_gas(), one("diesel_mobile", 1000, "L").by_gas()
    assert stationary["CO2"] == mobile["CO2"]
    assert 1000 * 0.00093 / 3.785411784 == pytest.approx(mobile["CH4_fossil"])
    assert stationary["N2O"] != mobile["N2O"]


def test_combustion_methane_is_fossil():
    """Methane from burning diesel is fossil methane: AR6 29.8, AR5 30, not the generic 27.9 / 28."""
    ar6, ar5 = one("diesel", 1000, "L").by_gas(), one("diesel", 1000, "L", gwp="AR5").by_gas()
    assert 0.0 == ar6.get("CH4", 0.0)
    assert 1000 * 1.04e-5 == pytest.approx(ar6["CH4_fossil"])
    co2e = {g: one("diesel", 1000, "L", gwp=g).co2e[0] for g in ("AR5", "AR6")}
    n2o = 1000 * 1.2483221e-4
    assert 1000 * 2.66807 + 1000 * 1.04e-5 * 29.8 + n2o * 273 == pytest.approx(co2e["AR6"], rel=1e-9)
    assert 1000 * 2.66807 + 1000 * 1.04e-5 * 30 + n2o * 265 == pytest.approx(co2e["AR5"], rel=1e-9)
    assert ar5 == ar6  # GWP choice changes only CO2e


def test_other_years_need_explicit_fallback():
    """The 2021 factors apply to 2024 only with year fallback, and the line says so."""
    assert not one("diesel", 1, "L", year=2024, fallback="none").calculated[0]
    result = one("diesel", 1, "L", year=2024, fallback="year")
    assert "year" == result.to_dataframe()["match"][0]
