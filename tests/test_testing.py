"""Tests for ghgcore.testing, the conformance suite."""

from __future__ import annotations

import pytest

from ghgcore import EmissionFactor, FactorSet
from ghgcore.crosswalk import Crosswalk
from ghgcore.plugins import FactorDatabase
from ghgcore.testing import assert_conformant, check_database, check_defaults


class Good(FactorDatabase):
    name = "good"
    description = "a conforming database"
    publisher = "Test"
    version = "1"
    licence = "CC0-1.0"
    url = "https://example.org"
    regions = ("NO", "SE")
    years = (2022, 2023)

    def load(self) -> FactorSet:
        return FactorSet.from_factors(
            [
                EmissionFactor("power", "kWh", {"CO2": 0.02}, source="t", region="NO-NO1", scope=2,
                               valid_from=2022, valid_to=2023),
                EmissionFactor("power", "kWh", {"CO2": 0.05}, source="t", region="SE", scope=2,
                               valid_from=2022, valid_to=2023),
                EmissionFactor("it", "EUR", {"CO2e": 0.4}, source="t", region="NO", scope=3, category=1,
                               price_year=2019),
            ],
            name="good", version="1",
        )  # fmt: skip

    def crosswalks(self):
        return [Crosswalk.from_records([{"code": "6551", "activity": "it"}], name="accounts")]


def test_good_database_conforms():
    """A complete database passes."""
    assert [] == check_database(Good)
    assert_conformant(Good)


def test_problems_are_all_reported():
    """Missing metadata, provenance, scope, price year, coverage and crosswalk targets are each named."""

    class Bad(Good):
        name = "Bad Name"
        publisher = ""
        licence = ""
        regions = ("NO", "DK")
        years = (2021, 2023)

        def load(self) -> FactorSet:
            return FactorSet.from_factors(
                [
                    EmissionFactor("power", "kWh", {"CO2": 0.02}, source="t", region="NO", scope=2,
                                   valid_from=2022, valid_to=2023),
                    EmissionFactor("power", "km", {"CO2": 0.1}, source="t", region="SE", scope=2, valid_from=2022),
                    EmissionFactor("it", "EUR", {"CO2e": 0.4}, source="t", region="Norway", scope=3, valid_from=2022),
                    EmissionFactor("misc", "kg", {"CO2": 1}, source="t", region="NO", valid_from=2022),
                ],
                name="bad", version="1",
            )  # fmt: skip

        def crosswalks(self):
            return [Crosswalk.from_records([{"code": "1", "activity": "nothing"}], name="cw")]

    problems = "\n".join(check_database(Bad))
    for expected in (
        "name 'Bad Name'",
        "metadata: publisher is empty",
        "metadata: licence is empty",
        "no licence",
        "'misc|kg|NO|2022-|': no scope",
        "a scope 3 factor without a category",
        "without a price year",
        "region 'NORWAY'",
        "claims region 'DK'",
        "no factor covers [2021]",
        "units of different dimensions in different regions",
        "maps to unknown activity keys: nothing",
    ):
        assert expected in problems
    with pytest.raises(AssertionError, match="does not conform"):
        assert_conformant(Bad)


def test_load_failure_is_a_problem_not_a_crash():
    """A database whose load() raises is reported."""

    class Broken(Good):
        def load(self) -> FactorSet:
            raise RuntimeError("no data")

    assert any("RuntimeError: no data" in p for p in check_database(Broken))


def test_nondeterministic_load():
    """Two loads must give the same content."""

    class Random(Good):
        calls = 0

        def load(self) -> FactorSet:
            Random.calls += 1
            return FactorSet.from_factors(
                [EmissionFactor("power", "kWh", {"CO2": 0.01 * Random.calls}, source="t", region="NO", scope=2)],
                name="r", version="1",
            )  # fmt: skip

    Random.regions = ("NO",)
    Random.years = None
    assert any("not deterministic" in p for p in check_database(Random))


def test_the_installed_default_databases_do_not_clash():
    """No two defaults answer the same activity, region and unit dimension."""
    assert [] == check_defaults()


def test_a_clash_between_defaults_is_named():
    """The same key, region and dimension in two databases; per kWh against per EUR is no clash."""

    class Other(Good):
        name = "other"

        def load(self) -> FactorSet:
            return FactorSet.from_factors(
                [
                    EmissionFactor("power", "MWh", {"CO2": 20}, source="t", region="SE", scope=2),
                    EmissionFactor("power", "EUR", {"CO2e": 0.1}, source="t", region="NO-NO1", price_year=2019),
                ],
                name="other", version="1",
            )  # fmt: skip

    assert ["default databases 'good' and 'other' both have 'power' for SE in energy"] == check_defaults(
        [Good, Other]
    )
