"""Tests of the grid databases' supply mixes: shares of fossil, renewable and nuclear electricity."""

from __future__ import annotations

import re

import pytest
from ghgcore_grid import AIB, IFI, NVE, ElectricityMaps, Ember, GreenE, Grid

from ghgcore import Activity, calculate
from ghgcore.energy import energy_use
from ghgcore.plugins import database_energy_contents


def mix(database) -> dict[tuple[str, str], dict]:
    contents = database_energy_contents(database())
    assert contents is not None
    return {(r["region"], r["year"]): r for r in contents.records()}


def test_only_nve_electricity_maps_and_grid_ship_a_mix():
    """Ember, the AIB, Green-e and the IFI give no shares in the data shipped."""
    for database in (Ember, AIB, GreenE, IFI):
        assert database_energy_contents(database()) is None


def test_nve_as_published():
    """NVE's renewable share of the electricity consumed in Norway; the rest unspecified."""
    table = mix(NVE)
    assert {("NO", "2019"), ("NO", "2020"), ("NO", "2022"), ("NO", "2023")} == set(table)
    assert (0.94, 0.06) == (table["NO", "2019"]["renewable"], table["NO", "2019"]["unspecified"])
    assert 0.903 + 0.07 + 0.004 == pytest.approx(table["NO", "2020"]["renewable"])  # hydro, wind, other
    assert (0.95, 0.0, 0.0) == tuple(table["NO", "2023"][k] for k in ("renewable", "fossil", "nuclear"))
    assert "nve.no/nytt-fra-nve" in table["NO", "2023"]["source"]


def test_electricity_maps_shares_follow_its_percentages():
    """Renewable as published, nuclear the carbon-free rest, fossil 100 less carbon-free, for every row."""
    for (region, year), row in mix(ElectricityMaps).items():
        renewable, carbon_free = (float(x) for x in re.findall(r"renewable ([\d.]+) %, carbon-free ([\d.]+) %",
                                                              row["source"])[0])  # fmt: skip
        assert renewable / 100 == pytest.approx(row["renewable"]), (region, year)
        assert (carbon_free - renewable) / 100 == pytest.approx(row["nuclear"], abs=1e-12), (region, year)
        assert (100 - carbon_free) / 100 == pytest.approx(row["fossil"], abs=1e-12), (region, year)
    assert (0.70, 0.29, 0.01) == tuple(
        mix(ElectricityMaps)["SE", "2023"][k] for k in ("renewable", "nuclear", "fossil")
    )


def test_grid_takes_norway_from_nve_and_the_rest_from_electricity_maps():
    """One source per country, as for the factors: no Electricity Maps rows for Norway or its zones."""
    table = mix(Grid)
    assert table["NO", "2023"] == mix(NVE)["NO", "2023"]
    assert not [key for key in table if key[0].startswith("NO-")]
    assert table["SE-SE3", "2023"] == mix(ElectricityMaps)["SE-SE3", "2023"]
    chosen = mix(Grid.choosing(location={"NO": "electricitymaps"}))
    assert chosen["NO-NO1", "2023"] == mix(ElectricityMaps)["NO-NO1", "2023"]


def test_energy_use_by_hand():
    """100 MWh in NO-NO1 in 2023: Norway's 95 % renewable through the zone-to-country fallback."""
    result = calculate([Activity.of("electricity", 100, "MWh", region="NO-NO1", year=2023)], Grid)
    use = energy_use(result, database_energy_contents(Grid()))
    assert (95.0, 5.0) == (pytest.approx(use.by_kind["renewable"]), pytest.approx(use.by_kind["unspecified"]))
    assert "electricity in NO-NO1, 2023: the supply mix of NO 2023 (region fallback), 1 line" in use.notes
