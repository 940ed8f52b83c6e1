"""Tests for ghgcore.resolution: explicit, recorded fallback."""

from __future__ import annotations

import pytest

from ghgcore import Activity, EmissionFactor, FactorSet, calculate
from ghgcore.resolution import Fallback, region_chain, region_groups


def grid(*rows: tuple[str | None, int | None, int | None, float]) -> FactorSet:
    return FactorSet.from_factors(
        [
            EmissionFactor("electricity", "kWh", {"CO2": value}, source=f"test {region} {lo}-{hi}", scope=2,
                           region=region, valid_from=lo, valid_to=hi)
            for region, lo, hi, value in rows
        ],
        name="grid", version="1",
    )  # fmt: skip


def line(region: str, year: int) -> list[Activity]:
    return [Activity.of("electricity", 1, "kWh", region=region, year=year)]


class TestRegionChain:
    def test_zone_country_groups_world(self):
        """A Swedish zone climbs to Sweden, the Nordic countries, the EU, Europe, the world."""
        assert ("SE-SE3", "SE", "NORDIC", "EU27", "EUROPE", "WORLD", "") == region_chain("SE-SE3", True)

    def test_without_fallback(self):
        """Without fallback: the region itself, then factors for any region."""
        assert ("NO", "") == region_chain("NO", False)

    def test_groups_are_iso_codes(self):
        """27 EU member states; the Nordic five."""
        groups = region_groups()
        assert 27 == len(groups["EU27"])
        assert ("DK", "FI", "IS", "NO", "SE") == groups["NORDIC"]
        assert set(groups["EU27"]) < set(groups["EUROPE"])


class TestRegionFallback:
    def test_zone_to_country(self):
        """NO-NO1 has no factor of its own: Norway's is used, and the line says so."""
        fs = grid(("NO", 2023, 2023, 0.02))
        off = calculate(line("NO-NO1", 2023), fs, fallback="none")
        on = calculate(line("NO-NO1", 2023), fs, fallback="region")
        default = calculate(line("NO-NO1", 2023), fs)
        assert 0.02 == default.co2e[0]
        assert 1 == default.match_counts()["region"]
        assert not off.calculated[0]
        assert "fallback: none" in off.unresolved[0].reason
        assert 0.02 == on.co2e[0]
        assert {"exact": 0, "region": 1, "year": 0, "region+year": 0} == on.match_counts()

    def test_country_to_group_to_world(self):
        """Iceland falls back to NORDIC before WORLD; Japan only to WORLD."""
        fs = grid(("NORDIC", None, None, 0.1), ("WORLD", None, None, 0.5))
        result = calculate(line("IS", 2023) + line("JP", 2023), fs, fallback=Fallback(region=True))
        assert [0.1, 0.5] == result.co2e.tolist()

    def test_exact_beats_fallback_in_a_later_source(self):
        """A later source's exact factor beats an earlier source's fallback."""
        mine = grid(("NORDIC", None, None, 0.3))
        database = grid(("SE", None, None, 0.05))
        result = calculate(line("SE", 2023), [mine, database], fallback="region")
        assert (0.05, 1) == (result.co2e[0], result.factor_set[0])

    def test_any_region_factor_is_exact(self):
        """A factor without a region applies anywhere: no fallback needed or recorded."""
        fs = grid((None, None, None, 0.4))
        result = calculate(line("BR", 2023), fs)
        assert (0.4, "exact") == (result.co2e[0], result.to_dataframe()["match"][0])


class TestYearFallback:
    def test_nearest_earlier_within_window(self):
        """2025 with factors for 2021 and 2023: 2023 is used."""
        fs = grid(("NO", 2021, 2021, 0.021), ("NO", 2023, 2023, 0.023))
        result = calculate(line("NO", 2025), fs, fallback="year")
        assert 0.023 == result.co2e[0]
        assert "year" == result.to_dataframe()["match"][0]

    def test_earlier_before_later(self):
        """Equidistant earlier and later factors: the earlier wins."""
        fs = grid(("NO", 2022, 2022, 1.0), ("NO", 2024, 2024, 2.0))
        assert 1.0 == calculate(line("NO", 2023), fs, fallback="year").co2e[0]

    def test_later_when_nothing_earlier(self):
        """A line before every factor takes the nearest later one."""
        fs = grid(("NO", 2021, 2021, 1.0), ("NO", 2024, 2024, 2.0))
        assert 1.0 == calculate(line("NO", 2019), fs, fallback="year").co2e[0]

    def test_window(self):
        """Outside the window: unresolved, with the rules in the reason."""
        fs = grid(("NO", 2015, 2015, 1.0))
        result = calculate(line("NO", 2023), fs, fallback=Fallback(year=True, years_back=3, years_forward=0))
        assert not result.calculated[0]
        assert "up to 3 earlier" in result.unresolved[0].reason

    def test_region_and_year(self):
        """Both fallbacks at once are recorded as such."""
        fs = grid(("NO", 2021, 2021, 1.0))
        result = calculate(line("NO-NO3", 2023), fs, fallback="region,year")
        assert {"exact": 0, "region": 0, "year": 0, "region+year": 1} == result.match_counts()

    def test_exact_year_in_a_group_beats_an_earlier_year_in_the_country(self):
        """Year is the outer loop: this year's Nordic factor beats last year's Norwegian one."""
        fs = grid(("NO", 2022, 2022, 1.0), ("NORDIC", 2023, 2023, 2.0))
        assert 2.0 == calculate(line("NO", 2023), fs, fallback="region,year").co2e[0]


def test_parse_rejects_unknown_words():
    """Only country, region and year are fallbacks (or default, or none)."""
    with pytest.raises(
        ValueError, match="expected 'default', 'none', or a comma list of 'country', 'region'"
    ):
        Fallback.parse("continent")


def test_negative_window_refused():
    """Windows are not negative."""
    with pytest.raises(ValueError, match=">= 0"):
        Fallback(year=True, years_back=-1)


def test_summary_counts_matches():
    """The JSON summary counts lines by match kind and states the rules."""
    from ghgcore.views import summary

    fs = grid(("NO", 2023, 2023, 0.02))
    data = summary(calculate(line("NO-NO1", 2023) + line("NO", 2023), fs, fallback="region"))
    assert {"exact": 1, "region": 1, "year": 0, "region+year": 0} == data["matches"]
    assert data["fallback"].startswith("region")


class TestReasons:
    """An unresolved reason is one sentence: the nearest factor and the option that would use it."""

    def test_the_nearest_year_and_the_option(self):
        """A year without a factor names the nearest and --fallback year."""
        fs = grid(("NO", 2019, 2020, 1.0), ("NO", 2010, 2012, 1.0), ("SE", 2021, 2021, 1.0))
        [item] = calculate(line("NO", 2021), fs, fallback="none").unresolved
        assert item.reason.endswith("the nearest is NO 2019-2020, 1 year away (--fallback year)")

    def test_the_nearest_region_and_the_option(self):
        """A zone without a factor names its country's and --fallback region."""
        fs = grid(("NO", 2023, 2023, 1.0))
        [item] = calculate(line("NO-NO4", 2023), fs, fallback="none").unresolved
        assert item.reason.endswith("the nearest is NO 2023 (a fallback to NO: --fallback country)")

    def test_short_however_many_factors_there_are(self):
        """Hundreds of region-years give a reason of a few hundred characters, not their list."""
        rows = [(f"R{k:03d}", year, year, 1.0) for k in range(200) for year in range(2000, 2020)]
        [item] = calculate(line("ZZ", 2021), grid(*rows)).unresolved
        assert len(item.reason) < 300
        assert "and 195 more regions" in item.reason
