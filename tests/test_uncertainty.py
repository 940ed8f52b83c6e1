"""Uncertainty intervals: approach 1 by hand, Monte Carlo against it, and their invariances."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
from ghgcore.errors import OptionError
from ghgcore.uncertainty import (
    CHUNK_LINES,
    DEFAULT_UNCERTAINTY,
    Interval,
    approach1,
    intervals,
    line_uncertainties,
    monte_carlo,
    result_intervals,
    summarise,
)


def table(
    kg: list[float],
    *,
    scope: list[int] | None = None,
    category: list[int | None] | None = None,
    status: list[str] | None = None,
    factor_set: list[str] | None = None,
    market: list[float] | None = None,
    method: list[str] | None = None,
) -> pa.Table:
    n = len(kg)
    scope = scope or [1] * n
    return pa.table(
        {
            "status": status or ["calculated"] * n,
            "scope": scope,
            "category": pa.array(category or [None] * n, pa.int64()),
            "method": method or [""] * n,
            "match": ["exact"] * n,
            "factor_set": factor_set or ["db@1"] * n,
            "co2e_kg": pa.array(kg, pa.float64()),
            "co2e_market_kg": pa.array(market if market is not None else kg, pa.float64()),
        }
    )


def test_approach1_by_hand_on_three_lines() -> None:
    """Approach 1's intervals worked out by hand for three lines of known uncertainty."""
    lines = table(
        [100.0, 200.0, 400.0],
        scope=[1, 1, 3],
        category=[None, None, 4],
        factor_set=["a@1", "b@1", "c@1"],
    )
    result = approach1(lines, overrides={"a": 0.1, "b": 0.05, "c": 0.5})
    half_total = math.sqrt((0.1 * 100) ** 2 + (0.05 * 200) ** 2 + (0.5 * 400) ** 2)
    assert 700.0 == result["total"].value
    assert result["total"].low == pytest.approx(700.0 - half_total, rel=1e-12)
    assert result["total"].high == pytest.approx(700.0 + half_total, rel=1e-12)
    assert result["total"].relative == pytest.approx(half_total / 700.0, rel=1e-12)
    assert result["1"].half_width == pytest.approx(math.sqrt(10**2 + 10**2), rel=1e-12)
    assert result["3.4"] == result["3"]
    assert "approach1" == result["3"].method
    assert (400.0, 200.0, 600.0) == pytest.approx((result["3"].value, result["3"].low, result["3"].high))
    assert ["total", "1", "2_location", "2_market", "3", "3.4"] == list(result)
    assert (0.0, 0.0, 0.0) == (result["2_market"].value, result["2_market"].low, result["2_market"].high)


def test_default_uncertainty_per_score() -> None:
    """Each quality score takes its default uncertainty; a line not calculated has none."""
    lines = pa.table(
        {
            "status": ["calculated"] * 5 + ["unresolved"],
            "method": ["", "", "", "spend", "spend", ""],
            "match": ["exact", "exact", "year", "exact", "", ""],
            "factor_set": ["own@abc", "db@1", "db@1", "io@1", "io@1", ""],
            "region": ["NO"] * 6,
            "factor_id": [""] * 6,
        }
    )
    u = line_uncertainties(lines, own_factor_sets=["own@abc"])
    expected = [DEFAULT_UNCERTAINTY[s] for s in (1, 2, 3, 4, 5)]
    assert expected == u[:5].tolist()
    assert np.isnan(u[5])


def test_scope2_takes_both_bases_and_total_is_market_based() -> None:
    """Scope 2 has an interval per basis; the total takes the market-based one."""
    lines = table([100.0, 50.0], scope=[2, 1], market=[10.0, 50.0], factor_set=["g@1", "f@1"])
    result = approach1(lines, overrides={"g": 0.2, "f": 0.1})
    assert 60.0 == result["total"].value
    assert 100.0 == result["2_location"].value
    assert 10.0 == result["2_market"].value
    assert result["2_location"].half_width == pytest.approx(20.0)
    assert result["2_market"].half_width == pytest.approx(2.0)
    assert result["total"].half_width == pytest.approx(math.hypot(2.0, 5.0))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(1.0, 1e6),  # kg
            st.floats(0.01, 0.10),  # relative uncertainty
            st.sampled_from([1, 3]),  # scope
        ),
        min_size=1,
        max_size=30,
    )
)
def test_monte_carlo_converges_to_approach1(rows: list[tuple[float, float, int]]) -> None:
    """With small relative uncertainties, Monte Carlo's intervals approach approach 1's."""
    names = [f"set{i}" for i in range(len(rows))]
    lines = table(
        [kg for kg, _, _ in rows],
        scope=[s for _, _, s in rows],
        factor_set=[f"{name}@1" for name in names],
    )
    overrides = {name: u for name, (_, u, _) in zip(names, rows, strict=True)}
    exact = approach1(lines, overrides=overrides)
    sampled = monte_carlo(lines, overrides=overrides, samples=20_000, seed=1)
    scope = "1" if any(s == 1 for _, _, s in rows) else "3"
    for key in ("total", scope):
        assert exact[key].value == sampled[key].value
        assert sampled[key].half_width == pytest.approx(exact[key].half_width, rel=0.05)
        # a normal's interval is symmetric: the centre stays near the figure
        centre = (sampled[key].low + sampled[key].high) / 2
        assert abs(centre - exact[key].value) < 0.05 * exact[key].half_width


def many_lines(n: int = 3 * CHUNK_LINES + 17, seed: int = 5) -> pa.Table:
    rng = np.random.default_rng(seed)
    return table(
        rng.uniform(1, 1000, n).tolist(),
        scope=rng.integers(1, 4, n).tolist(),
        category=[int(c) for c in rng.integers(1, 16, n)],
        method=rng.choice(["", "spend"], n).tolist(),
    )


def test_same_seed_same_intervals_other_seed_others() -> None:
    """The same seed gives the same intervals; another seed other ends, the same values."""
    lines = many_lines()
    first = intervals(lines, method="monte-carlo", samples=2_000, seed=7)
    assert first == intervals(lines, method="monte-carlo", samples=2_000, seed=7)
    other = intervals(lines, method="monte-carlo", samples=2_000, seed=8)
    assert first["total"].value == other["total"].value
    assert first["total"].low != other["total"].low
    assert first["total"].high != other["total"].high


@pytest.mark.parametrize("method", ["approach1", "monte-carlo"])
def test_zero_lines_add_nothing(method: str) -> None:
    """Lines of no emissions or no uncertainty change no interval's width."""
    lines = table([100.0, 200.0, 300.0], scope=[1, 3, 3], category=[None, 1, 2], factor_set=["a@1"] * 3)
    more = pa.concat_tables(
        [
            table([0.0], scope=[1], factor_set=["a@1"]),  # zero emissions
            lines.slice(0, 1),
            table([500.0], scope=[1], factor_set=["exact@1"]),  # zero uncertainty
            lines.slice(1),
        ]
    )
    base = intervals(lines, method=method, samples=1_000, seed=3)  # type: ignore[arg-type]
    bigger = intervals(more, method=method, samples=1_000, seed=3, overrides={"exact": 0.0})  # type: ignore[arg-type]
    assert bigger["1"].value == base["1"].value + 500.0
    for key in base:
        assert bigger[key].half_width == pytest.approx(base[key].half_width, rel=1e-9)
        assert bigger[key].low - bigger[key].value == pytest.approx(base[key].low - base[key].value, rel=1e-9)


@pytest.mark.parametrize("method", ["approach1", "monte-carlo"])
def test_scaling_emissions_scales_intervals(method: str) -> None:
    """Emissions times 8 give intervals times 8."""
    lines = many_lines(n=300)
    kg = lines.column("co2e_kg").to_numpy()
    scaled = lines.set_column(6, "co2e_kg", pa.array(kg * 8.0)).set_column(
        7, "co2e_market_kg", pa.array(kg * 8.0)
    )
    base = intervals(lines, method=method, samples=1_000, seed=2)  # type: ignore[arg-type]
    times = intervals(scaled, method=method, samples=1_000, seed=2)  # type: ignore[arg-type]
    assert list(base) == list(times)
    for key in base:
        assert times[key].value == pytest.approx(8.0 * base[key].value, rel=1e-12)
        assert times[key].low == pytest.approx(8.0 * base[key].low, rel=1e-6)
        assert times[key].high == pytest.approx(8.0 * base[key].high, rel=1e-6)


@pytest.mark.parametrize("method", ["approach1", "monte-carlo"])
def test_lines_not_calculated_are_ignored(method: str) -> None:
    """Unresolved and excluded lines count for nothing."""
    lines = table([100.0, 200.0], category=[None, None])
    more = table(
        [100.0, 1e9, 200.0, 5e8],
        status=["calculated", "unresolved", "calculated", "excluded"],
        category=[None, None, None, None],
    )
    base = intervals(lines, method=method, samples=500)  # type: ignore[arg-type]
    assert base == intervals(more, method=method, samples=500)  # type: ignore[arg-type]


def test_overrides_change_only_their_sets_lines() -> None:
    """An override changes its factor set's lines only."""
    lines = table(
        [100.0, 100.0, 100.0],
        scope=[1, 3, 3],
        category=[None, 1, 2],
        factor_set=["fuels@2021.2", "travel@3", "spend@1"],
    )
    u = line_uncertainties(lines)
    changed = line_uncertainties(lines, overrides={"travel": 0.3, "absent": 0.9})
    assert [u[0], 0.3, u[2]] == changed.tolist()
    base, over = approach1(lines), approach1(lines, overrides={"travel": 0.3})
    assert base["1"] == over["1"]
    assert base["3.2"] == over["3.2"]
    assert over["3.1"].half_width == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"method": "approach2"}, "method"),
        ({"method": "monte-carlo", "samples": 1}, "samples"),
        ({"method": "monte-carlo", "samples": 10.5}, "samples"),
        ({"method": "monte-carlo", "samples": True}, "samples"),
        ({"samples": 0}, "samples"),
        ({"method": "monte-carlo", "seed": -1}, "seed"),
        ({"seed": "x"}, "seed"),
        ({"overrides": {"fuels": -0.1}}, "overrides"),
        ({"overrides": {"fuels": math.nan}}, "overrides"),
        ({"overrides": {"fuels@1": 0.1}}, "overrides"),
        ({"overrides": {"fuels": "5%"}}, "overrides"),
        ({"overrides": [("fuels", 0.1)]}, "overrides"),
    ],
)
def test_bad_arguments_raise_option_error(kwargs: dict[str, object], named: str) -> None:
    """Bad methods, samples, seeds and overrides are OptionErrors naming the argument."""
    with pytest.raises(OptionError, match=f"^{named}:"):
        intervals(table([1.0]), **kwargs)  # type: ignore[arg-type]


def test_missing_column_raises_option_error() -> None:
    """Lines without a needed column: an OptionError naming it."""
    with pytest.raises(OptionError, match="co2e_market_kg"):
        intervals(table([1.0]).drop_columns(["co2e_market_kg"]))


def test_end_to_end_inventory_dataframe() -> None:
    """An inventory's DataFrame: the figures are the summary's, the intervals around them."""
    fs = FactorSet.from_factors(
        [
            EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1),
            EmissionFactor("electricity", "kWh", {"CO2": 0.1}, source="example", scope=2),
            EmissionFactor("flight", "passenger_km", {"CO2": 0.2}, source="example", scope=3, category=6),
        ],
        name="ex",
        version="1",
    )
    inventory = calculate_inventory(
        [
            Activity.of("diesel", 100, "L", year=2024),
            Activity.of("electricity", 5000, "kWh", year=2024),
            Activity.of("flight", 2000, "passenger_km", year=2024),
            Activity.of("unknown", 1, "L", year=2024),
        ],
        fs,
    )
    frame = inventory.to_dataframe()
    summary = inventory.summary()
    for method in ("approach1", "monte-carlo"):
        result = intervals(frame, method=method, samples=2_000)  # type: ignore[arg-type]
        assert result["total"].value == pytest.approx(summary["total_kg_co2e"], rel=1e-12)
        for key in ("1", "2_location", "2_market", "3"):
            assert result[key].value == pytest.approx(summary["scopes"][key], rel=1e-12)
        assert result["3.6"].value == pytest.approx(summary["scope3_categories"]["6"], rel=1e-12)
        assert result["total"].low < result["total"].value < result["total"].high
    exact = intervals(frame)
    assert exact["1"].half_width == pytest.approx(DEFAULT_UNCERTAINTY[2] * 250.0)


def example_inventory():  # type: ignore[no-untyped-def]
    """Diesel, electricity (two bases), flights and spend, with awkward amounts, and an unknown line."""
    fs = FactorSet.from_factors(
        [
            EmissionFactor("diesel", "L", {"CO2": 2.5, "CH4": 1e-4}, source="example", scope=1),
            EmissionFactor("electricity", "kWh", {"CO2": 0.02}, source="grid", scope=2, method="location"),
            EmissionFactor("electricity", "kWh", {"CO2": 0.4}, source="mix", scope=2, method="market"),
            EmissionFactor("flight", "passenger_km", {"CO2": 0.2}, source="example", scope=3, category=6),
            EmissionFactor("cloud", "EUR", {"CO2e": 0.3}, source="eeio", scope=3, category=1),
        ],
        name="ex",
        version="1",
    )
    amounts = [1234.1, 0.7, 3.3, 17.9, 0.1]
    acts = [Activity.of(key, a, unit, year=2024) for a in amounts for key, unit in
            [("diesel", "L"), ("electricity", "kWh"), ("flight", "passenger_km"), ("cloud", "EUR")]]  # fmt: skip
    return calculate_inventory([*acts, Activity.of("unknown", 1, "L", year=2024)], fs)


def test_result_intervals_values_are_the_summarys_to_the_last_bit() -> None:
    """From the result's own columns: the figures equal the summary's exactly, the widths the frame's."""
    inventory = example_inventory()
    data = inventory.summary()
    own = result_intervals(inventory.result)
    assert data["total_kg_co2e"] == own["total"].value
    for key in ("1", "2_location", "2_market", "3"):
        assert data["scopes"][key] == own[key].value
    assert data["scope3_categories"]["1"] == own["3.1"].value
    assert data["scope3_categories"]["6"] == own["3.6"].value
    framed = intervals(inventory.to_dataframe())
    assert list(framed) == list(own)
    for key in own:
        assert framed[key].half_width == pytest.approx(own[key].half_width, rel=1e-12)
    assert {key: own[key].value for key in own} == {
        k: v["value"] for k, v in data["uncertainty"]["figures"].items()
    }


def test_result_intervals_by_monte_carlo_report_progress() -> None:
    """progress(done, total) after each chunk of lines drawn, ending with all of them."""
    lines = many_lines()
    calls: list[tuple[int, int]] = []
    monte_carlo(lines, samples=100, progress=lambda done, total: calls.append((done, total)))
    n = len(lines)
    assert [(min(stop, n), n) for stop in range(CHUNK_LINES, n + CHUNK_LINES, CHUNK_LINES)] == calls
    seen: list[tuple[int, int]] = []
    result_intervals(example_inventory().result, method="monte-carlo", samples=100,
                     progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert [(20, 20)] == seen  # the 20 calculated lines, one chunk; the unknown line is not drawn
    approach1_calls: list[tuple[int, int]] = []
    intervals(lines, progress=lambda d, t: approach1_calls.append((d, t)))
    assert [] == approach1_calls


def test_summarise_gives_the_summary_shape() -> None:
    """Method, level and each figure's value, ends and relative half-width; 0 and None where it is 0."""
    data = summarise({
        "total": Interval(200.0, 190.0, 210.0, "approach1"),
        "2_market": Interval(0.0, 0.0, 0.0, "approach1"),
        "3": Interval(0.0, -5.0, 5.0, "approach1"),
    })  # fmt: skip
    assert {"method": "approach1", "level": 0.95} == {k: data[k] for k in ("method", "level")}
    assert {"value": 200.0, "low": 190.0, "high": 210.0, "relative": 0.05} == data["figures"]["total"]
    assert 0.0 == data["figures"]["2_market"]["relative"]
    assert data["figures"]["3"]["relative"] is None
    with pytest.raises(OptionError, match="one method"):
        summarise({"a": Interval(1.0, 0.0, 2.0, "approach1"), "b": Interval(1.0, 0.0, 2.0, "monte-carlo")})


def test_monte_carlo_draws_lines_beyond_float32():
    """Lines of 1e40 kg (beyond float32's 3.4e38, below MAX_VALUE) give finite intervals near approach 1's."""
    fs = FactorSet.from_factors(
        [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="test", scope=1)], name="ex", version="1"
    )
    inventory = calculate_inventory(
        [Activity.of("diesel", 1e40, "L"), Activity.of("diesel", 3e39, "L")], fs, organisation="X", year=2024
    )
    mc = inventory.intervals(method="monte-carlo", samples=4000, seed=2)["total"]
    one = inventory.intervals()["total"]
    assert all(math.isfinite(x) for x in (mc.low, mc.high))
    assert one.relative == pytest.approx(mc.relative, rel=0.1)


def test_approach1_squares_lines_near_max_value():
    """A line of 1e155 kg (its half-width squares beyond float64) has a finite interval: ±7 % of it."""
    fs = FactorSet.from_factors(
        [EmissionFactor("enormous", "L", {"CO2": 1e150}, source="test", scope=1)], name="ex", version="1"
    )
    inventory = calculate_inventory([Activity.of("enormous", 1e5, "L")], fs, organisation="X", year=2024)
    total = inventory.intervals()["total"]
    assert (1e155, 0.07) == (total.value, pytest.approx(total.relative))
    assert math.isfinite(total.low)
    assert math.isfinite(total.high)
