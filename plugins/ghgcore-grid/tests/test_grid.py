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
    assert {
        "scope2_market_factor": 0,
        "scope2_location_fallback": 1,
        "scope2_instrument": 0,
    } == plain.fallback_counts()
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


def test_guarantees_of_origin_by_hand():
    """A Norwegian site, 100 MWh in 2023, 60 MWh covered by guarantees of origin.

    Location-based: 100 000 kWh x NVE 2023's 15 g/kWh = 1 500 kg.
    Market-based, with year fallback to NVE's 2020 residual mix (402 g/kWh):
    60 000 kWh x 0 + 40 000 kWh x 0.402 = 16 080 kg.
    Without fallback there is no 2023 residual mix: the uncovered 40 MWh take the
    location-based 15 g/kWh (600 kg), and the line is flagged.
    """
    from ghgcore.instruments import InstrumentTable

    gos = InstrumentTable.from_records(
        [{"id": "NO-GO-2023-001", "amount": 60, "unit": "MWh", "rate": 0, "rate_unit": "g/kWh", "year": 2023,
          "market": "NO", "kind": "GO"}]
    )  # fmt: skip
    line = [Activity.of("electricity", 100, "MWh", region="NO", year=2023, site="Oslo")]
    result = calculate(line, Grid, instruments=gos, fallback="year")
    assert 1500.0 == pytest.approx(result.by_scope()["2_location"])
    assert 16080.0 == pytest.approx(result.by_scope()["2_market"])
    strict = calculate(line, Grid, instruments=gos)
    assert 600.0 == pytest.approx(strict.by_scope()["2_market"])
    assert {
        "scope2_market_factor": 0,
        "scope2_location_fallback": 1,
        "scope2_instrument": 1,
    } == strict.fallback_counts()
