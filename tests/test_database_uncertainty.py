"""A factor database's stated uncertainty: checked as metadata, used by the intervals and named in the summary."""

from __future__ import annotations

import pytest

from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
from ghgcore.errors import DatabaseLoadError
from ghgcore.plugins import FactorDatabase, database_metadata


class Stated(FactorDatabase):
    """A database whose publisher states ±30 % for its factors."""

    name = "stated"
    description = "test: a stated uncertainty"
    version = "1"
    uncertainty = 0.3

    def load(self) -> FactorSet:
        return FactorSet.from_factors(
            [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="test", scope=1)], name="stated", version="1"
        )


ACTIVITIES = [Activity.of("diesel", 100, "L", year=2024)]


def test_stated_uncertainty_replaces_the_default() -> None:
    """The lines of a database with a stated uncertainty get it: scope 1 of 250 kg is 250 ± 75 kg."""
    inventory = calculate_inventory(ACTIVITIES, Stated, organisation="Example AS")
    assert {"stated": 0.3} == dict(inventory.uncertainties)
    total = inventory.intervals()["total"]
    assert (250.0, 175.0, 325.0) == pytest.approx((total.value, total.low, total.high))
    uncertainty = inventory.summary()["uncertainty"]
    assert {"stated": 0.3} == uncertainty["overrides"]
    assert pytest.approx(0.3) == uncertainty["figures"]["1"]["relative"]


def test_overrides_given_win() -> None:
    """An override given to intervals() wins over the database's statement for the same factor set."""
    inventory = calculate_inventory(ACTIVITIES, Stated, organisation="Example AS")
    assert pytest.approx(0.1) == inventory.intervals(overrides={"stated": 0.1})["1"].relative


def test_without_statement_the_default_applies() -> None:
    """A database stating nothing leaves the default for the score (2: ±7 %) and no overrides in the summary."""

    class Silent(Stated):
        uncertainty = None

    inventory = calculate_inventory(ACTIVITIES, Silent, organisation="Example AS")
    assert {} == dict(inventory.uncertainties)
    assert "overrides" not in inventory.summary()["uncertainty"]
    assert pytest.approx(0.07) == inventory.intervals()["1"].relative


@pytest.mark.parametrize("bad", [0, -0.1, 5.5, float("nan"), float("inf"), True, "0.3", (0.3,)])
def test_bad_statement_is_a_metadata_error(bad: object) -> None:
    """An uncertainty that is not a fraction above 0 and at most 5 is refused, naming the attribute."""

    class Bad(Stated):
        uncertainty = bad  # type: ignore[assignment]

    with pytest.raises(
        DatabaseLoadError, match=r"its uncertainty is .*, expected None or a fraction above 0"
    ):
        database_metadata(Bad())


def test_monte_carlo_summary_records_samples_and_seed() -> None:
    """A Monte Carlo summary says its method, samples and seed, and the same seed gives the same figures."""
    inventory = calculate_inventory(ACTIVITIES, Stated, organisation="Example AS")
    first = inventory.summary(uncertainty="monte-carlo", samples=2000, seed=7)["uncertainty"]
    again = inventory.summary(uncertainty="monte-carlo", samples=2000, seed=7)["uncertainty"]
    assert ("monte-carlo", 2000, 7) == (first["method"], first["samples"], first["seed"])
    assert first == again
    assert 0.25 < first["figures"]["total"]["relative"] < 0.35
