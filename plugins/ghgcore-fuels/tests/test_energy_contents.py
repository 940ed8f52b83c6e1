"""Tests of the fuels database's energy contents: energy per unit and the fossil or renewable share."""

from __future__ import annotations

import pytest
from ghgcore_fuels import BLENDS, Fuels, energy_contents, fuels, refrigerants

from ghgcore import Activity, calculate
from ghgcore.energy import energy_use
from ghgcore.plugins import database_energy_contents

BIOFUELS = {"biodiesel", "hvo", "bioethanol", "biogas", "wood_pellets", "wood_chips"}


def rows() -> dict[tuple[str, str, str, str], dict]:
    return {(r["activity"], r["unit"], r["region"], r["year"]): r for r in energy_contents().records()}


def test_the_database_ships_its_contents():
    """Fuels().energy_contents() passes ghgcore's checks, and refrigerants carry no energy."""
    contents = database_energy_contents(Fuels())
    assert contents is not None
    assert set(refrigerants()) == set(contents.not_energy)


def test_diesel_by_hand():
    """Diesel: 0.84317 kg/L x 11.9041 kWh/kg = 10.0371800 kWh per litre, 11.9041 per kg; all fossil."""
    table = rows()
    assert 0.84317 * 11.9041 == pytest.approx(table["diesel", "L", "", ""]["kwh_per_unit"], rel=1e-12)
    assert 11.9041 == pytest.approx(table["diesel", "kg", "", ""]["kwh_per_unit"], rel=1e-12)
    assert 11.9041 / 12.6638 == pytest.approx(table["diesel", "kWh_gross", "", ""]["kwh_per_unit"], rel=1e-12)
    assert 1.0 == table["diesel", "L", "", ""]["fossil"]
    assert table["diesel", "L", "", ""]["source"].startswith(
        "BEIS/DESNZ GHG conversion factors 2021, Fuels: Diesel"
    )


def test_norway_by_hand_with_its_editions():
    """Norway's diesel from 2019: 0.84 x 12 = 10.08 kWh/L; heating oil to 2018: 11.972 kWh per kg."""
    table = rows()
    assert 10.08 == pytest.approx(table["diesel", "L", "NO", "2019-"]["kwh_per_unit"], rel=1e-12)
    assert 11.972 == pytest.approx(table["heating_oil", "kg", "NO", "-2018"]["kwh_per_unit"], rel=1e-12)


def test_biofuels_are_renewable_and_fossil_fuels_fossil():
    """Biofuels and biomass (biogenic CO2) are all renewable; every other fuel all fossil."""
    for (key, _, region, _), row in rows().items():
        base = key.removesuffix("_mobile")
        if base in fuels(region) or base in fuels():
            expected = "renewable" if base in BIOFUELS else "fossil"
            assert 1.0 == row[expected], (key, region)


@pytest.mark.parametrize("percent", [0, 7, 20, 100])
def test_blends_split_by_the_energy_of_each_part(percent):
    """B7: 93 % diesel and 7 % FAME by volume; renewable is FAME's share of the litre's energy."""
    diesel, fame = fuels()["diesel"], fuels()["biodiesel"]
    s = percent / 100
    fossil_kwh = (1 - s) * diesel.density * diesel.ncv_kwh_per_kg
    bio_kwh = s * fame.density * fame.ncv_kwh_per_kg
    row = rows()[f"diesel_b{percent}", "L", "", ""]
    assert fossil_kwh + bio_kwh == pytest.approx(row["kwh_per_unit"], rel=1e-12)
    assert bio_kwh / (fossil_kwh + bio_kwh) == pytest.approx(row["renewable"], abs=1e-12)
    assert 1.0 == pytest.approx(row["renewable"] + row["fossil"])


def test_every_unit_with_factors_has_a_content():
    """Each key, region and unit the factors are given in (but kWh) has a content: no fuel line is unknown."""
    factors = Fuels().load()
    have = {(r["activity"], r["unit"], r["region"]) for r in energy_contents().records()}
    refrigerant = set(refrigerants())
    wanted = {
        (str(a), str(u), str(r))
        for a, u, r in zip(factors.activity, factors.unit, factors.region, strict=True)
        if str(u) != "kWh" and str(a) not in refrigerant
    }
    assert set() == wanted - have
    assert {f"{prefix}{n}" for prefix in BLENDS for n in range(101)} <= {a for a, _, _ in have}


@pytest.mark.parametrize(("amount", "unit"), [(1000, "L"), (843.17, "kg"), (10037.18, "kWh"), (1, "m**3")])
def test_a_litre_its_kg_and_its_kwh_are_the_same_energy(amount, unit):
    """1 000 L of diesel, 843.17 kg or 10 037.18 kWh: the same 10.04 MWh, all fossil."""
    result = calculate([Activity.of("diesel", amount, unit, year=2021)], Fuels)
    use = energy_use(result, energy_contents())
    assert 10.03718 == pytest.approx(use.total_mwh, rel=1e-6)
    assert use.by_kind["fossil"] == use.total_mwh


def test_a_refrigerant_leak_is_no_energy():
    """Leaked refrigerant is a scope 1 line of no energy, never unknown."""
    result = calculate([Activity.of("R410A", 3, "kg", year=2021)], Fuels)
    use = energy_use(result, energy_contents())
    assert (0.0, 1, {}) == (use.total_mwh, use.not_energy, dict(use.unknown))
