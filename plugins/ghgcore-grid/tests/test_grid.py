"""Tests of the grid databases: conformance, default choices, boundaries, source values, results by hand."""

from __future__ import annotations

import pytest
from ghgcore_grid import AIB, IFI, NVE, ElectricityMaps, Ember, GreenE, Grid

from ghgcore import Activity, EmissionFactor, FactorSet, calculate
from ghgcore.testing import assert_conformant

DATABASES = [Grid, Ember, ElectricityMaps, AIB, GreenE, NVE, IFI]


@pytest.mark.parametrize("database", DATABASES)
def test_conformance(database):
    """Every database passes the conformance suite."""
    assert_conformant(database)


def test_only_grid_is_the_default():
    """``grid`` is used when no database is named; the per-source databases are not."""
    assert Grid.default
    assert not any(database.default for database in DATABASES if database is not Grid)
    assert not Grid.choosing(location={"NO": "electricitymaps"}).default


def site(mwh: float, region: str, year: int, database: type = Grid, **kwargs):
    return calculate([Activity.of("electricity", mwh, "MWh", region=region, year=year)], database, **kwargs)


def find(factors: FactorSet, region: str, year: int, method: str) -> EmissionFactor:
    """The one factor of a set for a region, year and method."""
    [i] = [
        i
        for i in range(len(factors))
        if factors.region[i] == region and factors.valid_from[i] == year and factors.method[i] == method
    ]
    return factors.factor(i)


# Source values, in g per kWh, typed in from the shared source files (not read from them).
SOURCE_VALUES = [
    # ../shared/data/nve/nve-declarations.csv (each row with the page it was read from)
    (NVE, "NO", 2015, "market", "CO2", 509),
    (NVE, "NO", 2016, "market", "CO2", 530),
    (NVE, "NO", 2020, "market", "CO2", 402),
    (NVE, "NO", 2019, "location", "CO2e", 17),
    (NVE, "NO", 2020, "location", "CO2e", 8),
    (NVE, "NO", 2022, "location", "CO2e", 19),
    (NVE, "NO", 2023, "location", "CO2e", 15),
    # Energiaktuelt, "Klimagassutslipp fra strøm i 2021 var 11 gram CO2-ekvivalenter per kWh", reporting NVE
    # (https://www.energiaktuelt.no/klimagassutslipp-fra-stroem-i-2021-var-11-gram-co2-ekvivalenter-per-kwh
    # .6533247-575505.html); the same figure in Europower, "Kraftimport øker klimagassutslippene ..."
    (NVE, "NO", 2021, "location", "CO2e", 11),
    # ../shared/data/oefdb/OpenEmissionFactorsDB-2022-05-12.csv, source AIB (kgCO2e-AR4, production mix 2020)
    (AIB, "NO", 2020, "location", "CO2", 7.62),  # 0.00762 kg
    (AIB, "IS", 2020, "location", "CO2", 0.13),  # 0.00013 kg
    (AIB, "DK", 2020, "location", "CO2", 142.52),  # 0.14252 kg
    # the same file, source GHG Protocol, residual mix market based, "AIB European Residual Mixes 2018 v1.2"
    (AIB, "SE", 2018, "market", "CO2", 37.42),  # 0.03742 kg
    (AIB, "FI", 2018, "market", "CO2", 301.64),  # 0.30164 kg
    (AIB, "NO", 2018, "market", "CO2", 280.49),  # 0.28049 kg
    # the same file, source GHG Protocol, "Green-e Energy Residual Mix Emissions Rates (2018)"
    (GreenE, "US", 2018, "market", "CO2", 460.364622),  # 0.460364622 kg
    (GreenE, "US-CAMX", 2018, "market", "CO2", 240.140873),  # 0.240140873 kg
    (GreenE, "CA-ON", 2018, "market", "CO2", 45.064402),  # 0.045064402 kg
    # ../shared/data/electricity-maps/yearly_2023.json and yearly_2024.json, carbonIntensity
    (ElectricityMaps, "NO-NO1", 2023, "location", "CO2e", 29),
    (ElectricityMaps, "NO-NO4", 2023, "location", "CO2e", 52),
    (ElectricityMaps, "NO", 2023, "location", "CO2e", 34),
    (ElectricityMaps, "NO-NO1", 2024, "location", "CO2e", 27),
    # ../shared/data/ember/average-intensities-snapshot-2025-08.json, emissions_intensity_gco2_per_kwh
    (Ember, "SE", 2024, "location", "CO2e", 35.89),
    (Ember, "DE", 2024, "location", "CO2e", 342.06),
]


@pytest.mark.parametrize(("database", "region", "year", "method", "gas", "grams"), SOURCE_VALUES)
def test_shipped_factors_are_the_source_values(database, region, year, method, gas, grams):
    """A handful of shipped factors, each against its source's figure."""
    factor = find(database().load(), region, year, method)
    assert {gas: pytest.approx(grams / 1000, rel=1e-5)} == factor.gases


def test_nve_rows_are_each_for_their_own_year():
    """Every NVE row applies to exactly its year: no ranges, no interpolated years."""
    factors = NVE().load()
    assert (factors.valid_from == factors.valid_to).all()
    by_method = {
        method: sorted(int(y) for y, m in zip(factors.valid_from, factors.method, strict=True) if m == method)
        for method in ("location", "market")
    }
    assert {"location": [2019, 2020, 2021, 2022, 2023], "market": [2015, 2016, 2020]} == by_method


def countries_and_boundaries(factors: FactorSet, method: str = "location") -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for region, m, boundary in zip(factors.region, factors.method, factors.boundary, strict=True):
        if m == method:
            out.setdefault(region.split("-", 1)[0], set()).add(boundary)
    return out


def test_one_boundary_per_country_in_grid():
    """Within a country, every location-based number of ``grid`` has the same boundary."""
    for database in (Grid, Grid.choosing(location={"NO": "electricitymaps", "SE": "electricitymaps"})):
        found = countries_and_boundaries(database().load())
        mixed = {country: b for country, b in found.items() if len(b) != 1 or "" in b}
        assert {} == mixed
    default = countries_and_boundaries(Grid().load())
    assert {"combustion"} == default["NO"]
    assert {"lifecycle"} == default["SE"]
    assert {"lifecycle"} == countries_and_boundaries(
        Grid.choosing(location={"NO": "electricitymaps"})().load()
    )["NO"]


def test_every_location_factor_has_a_boundary():
    """Each source's boundary: lifecycle for Ember and Electricity Maps, combustion for NVE, AIB, Green-e, IFI."""
    expected = {
        Ember: "lifecycle", ElectricityMaps: "lifecycle", NVE: "combustion", AIB: "combustion", IFI: "combustion"
    }  # fmt: skip
    for database, boundary in expected.items():
        factors = database().load()
        assert {boundary} == {
            b for b, m in zip(factors.boundary, factors.method, strict=True) if m == "location"
        }
    assert {"combustion"} == set(GreenE().load().boundary)
    assert {"combustion"} == set(AIB().load().boundary)


def test_bases_are_in_the_sources():
    """Each factor's source text says whether it is lifecycle or direct."""
    for database, basis in ((Ember, "lifecycle"), (ElectricityMaps, "lifecycle"), (AIB, "direct")):
        factors = database().load()
        assert all(basis in source for source in factors.source)


def test_zones_are_not_in_the_default_grid():
    """No bidding zone in ``grid`` by default; choosing Electricity Maps for Norway brings Norway's."""
    default = set(Grid().load().region)
    assert "NO-NO1" not in default
    assert not {r for r in default if r.startswith(("NO-", "SE-", "DK-"))}
    chosen = Grid.choosing(location={"NO": "electricitymaps"})().load()
    regions = set(chosen.region)
    assert {"NO", "NO-NO1", "NO-NO2", "NO-NO3", "NO-NO4", "NO-NO5"} <= regions
    assert not {r for r in regions if r.startswith(("SE-", "DK-"))}  # other countries keep their choice
    assert {"electricitymaps"} == {
        "electricitymaps" if s.startswith("Electricity Maps") else s
        for s, r, m in zip(chosen.source, chosen.region, chosen.method, strict=True)
        if r.startswith("NO") and m == "location"
    }


def test_a_zone_gets_its_countrys_figure():
    """NO-NO1 in 2023: Norway's NVE figure (15 g/kWh), through the recorded country fallback, not 29 g."""
    result = site(100, "NO-NO1", 2023, fallback="none,country")
    assert 1500.0 == pytest.approx(result.by_scope()["2_location"])
    assert 1 == result.match_counts()["region"]
    assert result.match_counts() == site(100, "NO-NO4", 2023, fallback="none,country").match_counts()
    assert 1500.0 == pytest.approx(
        site(100, "NO-NO4", 2023, fallback="none,country").by_scope()["2_location"]
    )


def test_choosing_electricity_maps_gives_zones():
    """With Electricity Maps for Norway: NO-NO1 2024 is 27 g/kWh, NO 2023 34 g/kWh, both exact."""
    custom = Grid.choosing(location={"NO": "electricitymaps"})
    zone = site(100, "NO-NO1", 2024, custom, fallback="none")
    assert 2700.0 == pytest.approx(zone.by_scope()["2_location"])
    assert 1 == zone.match_counts()["exact"]
    assert 3400.0 == pytest.approx(site(100, "NO", 2023, custom).by_scope()["2_location"])


def test_choosing_is_per_country_and_checked():
    """Zones cannot be chosen on their own; unknown sources and sources without that method are refused."""
    with pytest.raises(ValueError, match="unknown location-based source"):
        Grid.choosing(location={"NO": "guesswork"})
    with pytest.raises(ValueError, match="chosen per country"):
        Grid.choosing(location={"NO-NO1": "electricitymaps"})
    with pytest.raises(ValueError, match="chosen per country"):
        Grid.choosing(location={"zones": "electricitymaps"})
    with pytest.raises(ValueError, match="unknown market-based source 'ember'"):
        Grid.choosing(market={"SE": "ember"})
    with pytest.raises(ValueError, match="unknown location-based source 'greene'"):
        Grid.choosing(location={"US": "greene"})
    assert "nve" == Grid.location["NO"]  # choosing leaves Grid itself alone


def test_norway_uses_nve():
    """100 MWh in Norway in 2023: NVE's 15 g/kWh, 1.5 t."""
    result = site(100, "NO", 2023)
    assert 1500.0 == pytest.approx(result.by_scope()["2_location"])
    assert "NVE klimadeklarasjon" in result.factor_sets[0].source[result.factor[0]]
    assert "2023" in result.factor_sets[0].source[result.factor[0]]


def test_norway_2021():
    """Norway 2021: NVE's 11 g/kWh (found for this change), exact."""
    result = site(100, "NO", 2021, fallback="none")
    assert 1100.0 == pytest.approx(result.by_scope()["2_location"])
    assert 1 == result.match_counts()["exact"]


def test_other_countries_use_ember():
    """Sweden 2024: Ember's 35.89 g/kWh."""
    assert 3589.0 == pytest.approx(site(100, "SE", 2024).by_scope()["2_location"])


def test_market_residual_mix_with_year_fallback():
    """Norway 2023, market-based: NVE's 2020 residual mix (402 g/kWh), by an explicit, recorded year fallback."""
    plain = site(100, "NO", 2023, fallback="none")
    assert {
        "scope2_market_factor": 0,
        "scope2_location_fallback": 1,
        "scope2_instrument": 0,
    } == plain.fallback_counts()
    result = site(100, "NO", 2023, fallback="year")
    assert 40200.0 == pytest.approx(result.by_scope()["2_market"])
    assert 1500.0 == pytest.approx(result.by_scope()["2_location"])
    assert 1 == result.fallback_counts()["scope2_market_factor"]


def test_green_e_is_not_filed_under_the_aib():
    """The 34 US and Canadian residual mixes are Green-e's (as the GHG Protocol tool says), not the AIB's."""
    aib = AIB().load()
    assert not {r for r in aib.region if r.split("-", 1)[0] in ("US", "CA")}
    greene = GreenE().load()
    assert 34 == len(greene)
    assert {"US", "CA"} == {r.split("-", 1)[0] for r in greene.region}
    assert all(s.startswith("Green-e Energy Residual Mix Emissions Rates (2018)") for s in greene.source)
    assert not any("AIB" in s or "Issuing Bodies" in s for s in greene.source)
    assert all("Green-e" in licence for licence in greene.licence)
    assert {"market"} == set(greene.method)


def test_grid_takes_us_and_canada_residual_mixes_from_green_e():
    """US (and its eGRID subregions) and Canada: Green-e residual mixes in ``grid``; Europe: the AIB."""
    factors = Grid().load()
    market = {
        r: s for r, s, m in zip(factors.region, factors.source, factors.method, strict=True) if m == "market"
    }
    assert market["US"].startswith("Green-e")
    assert market["US-CAMX"].startswith("Green-e")
    assert market["CA-QC"].startswith("Green-e")
    assert market["SE"].startswith("AIB")
    assert market["NO"].startswith("NVE")
    # US-CAMX 2022: location-based Ember's US figure (zone to country), market-based Green-e's US-CAMX 2018
    result = site(100, "US-CAMX", 2022, fallback="region,year")
    assert 24014.0 == pytest.approx(result.by_scope()["2_market"], rel=1e-5)


def test_layering_changes_the_choice():
    """A per-source database before grid wins where it has a factor."""
    result = calculate(
        [Activity.of("electricity", 100, "MWh", region="NO", year=2023)], [ElectricityMaps, Grid]
    )
    assert 3400.0 == pytest.approx(result.by_scope()["2_location"])


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
    strict = calculate(line, Grid, instruments=gos, fallback="none")
    assert 600.0 == pytest.approx(strict.by_scope()["2_market"])
    assert {
        "scope2_market_factor": 0,
        "scope2_location_fallback": 1,
        "scope2_instrument": 1,
    } == strict.fallback_counts()
