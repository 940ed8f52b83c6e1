"""Tests of the grid databases: conformance, default choices, and results by hand."""

from __future__ import annotations

import pytest
from ghgcore_grid import AIB, IFI, NVE, ElectricityMaps, Ember, Grid

from ghgcore import Activity, calculate
from ghgcore.testing import assert_conformant


@pytest.mark.parametrize("database", [Grid, Ember, ElectricityMaps, AIB, NVE, IFI])
def test_conformance(database):
    """Every database passes the conformance suite."""
    assert_conformant(database)


def site(mwh: float, region: str, year: int, **kwargs):
    return calculate([Activity.of("electricity", mwh, "MWh", region=region, year=year)], Grid, **kwargs)


def test_norway_uses_nve():
    """100 MWh in Norway in 2023: NVE's 15 g/kWh, 1.5 t."""
    result = site(100, "NO", 2023)
    assert 1500.0 == pytest.approx(result.by_scope()["2_location"])
    assert "NVE klimadeklarasjon 2023" in result.factor_sets[0].source[result.factor[0]]


def test_zones_use_electricity_maps():
    """NO-NO1 in 2024: Electricity Maps' 27 g/kWh."""
    assert 2700.0 == pytest.approx(site(100, "NO-NO1", 2024).by_scope()["2_location"])


def test_other_countries_use_ember():
    """Sweden 2024: Ember's 35.89 g/kWh."""
    assert 3589.0 == pytest.approx(site(100, "SE", 2024).by_scope()["2_location"])


def test_market_residual_mix_with_year_fallback():
    """Norway 2023, market-based: NVE's 2020 residual mix (402 g/kWh), by an explicit, recorded year fallback."""
    plain = site(100, "NO", 2023)
    assert {"scope2_market_factor": 0, "scope2_location_fallback": 1} == plain.fallback_counts()
    result = site(100, "NO", 2023, fallback="year")
    assert 40200.0 == pytest.approx(result.by_scope()["2_market"])
    assert 1500.0 == pytest.approx(result.by_scope()["2_location"])
    assert 1 == result.fallback_counts()["scope2_market_factor"]


def test_choosing_another_source():
    """Grid.choosing switches Norway to Electricity Maps (34 g/kWh in 2023)."""
    custom = Grid.choosing(location={"NO": "electricitymaps"})
    result = calculate([Activity.of("electricity", 100, "MWh", region="NO", year=2023)], custom)
    assert 3400.0 == pytest.approx(result.by_scope()["2_location"])
    with pytest.raises(ValueError, match="unknown source"):
        Grid.choosing(location={"NO": "guesswork"})


def test_layering_changes_the_choice():
    """A per-source database before grid wins where it has a factor."""
    result = calculate(
        [Activity.of("electricity", 100, "MWh", region="NO", year=2023)], [ElectricityMaps, Grid]
    )
    assert 3400.0 == pytest.approx(result.by_scope()["2_location"])


def test_bases_are_in_the_sources():
    """Each factor says whether it is lifecycle or direct."""
    for database, basis in ((Ember, "lifecycle"), (ElectricityMaps, "lifecycle"), (AIB, "direct")):
        factors = database().load()
        assert all(basis in source for source in factors.source)
