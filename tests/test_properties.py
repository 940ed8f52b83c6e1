"""Hypothesis properties: the invariants every calculation keeps."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcore import Activity, ActivityTable, calculate
from ghgcore.gases import is_montreal_gas
from ghgcore.output import dumps_summary
from ghgcore.views import summary

from .strategies import ACTIVITY_UNITS, UNIT_FAMILIES, activity_lists, factor_sets


@given(factor_sets(), activity_lists())
def test_totals_equal_the_sum_of_their_parts(factors, activities):
    """Total = scopes = sum of lines = sum by site = sum by gas x GWP."""
    result = calculate(activities, factors)
    scopes = result.by_scope()
    total = result.total()
    ok = result.calculated
    assert total == pytest.approx(scopes["1"] + scopes["2_market"] + scopes["3"], rel=1e-9, abs=1e-6)
    assert total == pytest.approx(float(np.sum(result.co2e_market[ok])), rel=1e-9, abs=1e-6)
    assert total == pytest.approx(sum(result.by("site").values()), rel=1e-9, abs=1e-6)
    assert scopes["3"] == pytest.approx(sum(result.by_category().values()), rel=1e-9, abs=1e-6)
    by_gas = result.by_gas()
    weighed = sum(by_gas[g] * result.gwp[g] for g in by_gas)
    assert total == pytest.approx(weighed, rel=1e-9, abs=1e-6)


@given(factor_sets(), activity_lists(), st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_an_amount_scales_its_emissions(factors, activities, k):
    """K times the amounts gives k times the emissions, line by line."""
    scaled = [
        Activity(a.activity, a.amount * k, region=a.region, year=a.year, site=a.site) for a in activities
    ]
    base, bigger = calculate(activities, factors), calculate(scaled, factors)
    np.testing.assert_allclose(bigger.co2e, base.co2e * k, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(bigger.mass, base.mass * k, rtol=1e-9, atol=1e-9)


@given(factor_sets(), activity_lists(min_size=1), st.data())
def test_converting_the_unit_first_changes_nothing(factors, activities, data):
    """An activity converted to another unit of its dimension gives the same emissions."""
    converted = []
    for a in activities:
        unit = data.draw(st.sampled_from(sorted(UNIT_FAMILIES[ACTIVITY_UNITS[a.activity]])))
        converted.append(Activity(a.activity, a.amount.to(unit), region=a.region, year=a.year, site=a.site))
    np.testing.assert_allclose(
        calculate(converted, factors).co2e, calculate(activities, factors).co2e, rtol=1e-9, atol=1e-9
    )


@given(factor_sets(), activity_lists())
def test_gwp_choice_changes_only_co2e(factors, activities):
    """Per-gas masses, resolution and scopes do not depend on the GWP set."""
    results = [calculate(activities, factors, gwp=g) for g in ("AR4", "AR5", "AR6")]
    first = results[0]
    for other in results[1:]:
        np.testing.assert_array_equal(first.mass, other.mass)
        np.testing.assert_array_equal(first.calculated, other.calculated)
        np.testing.assert_array_equal(first.factor, other.factor)
        np.testing.assert_array_equal(first.scope, other.scope)


@given(factor_sets(), activity_lists(), st.lists(st.sampled_from(["x", "", "1,5", "-"]), max_size=5))
def test_nothing_is_lost(factors, activities, bad_amounts):
    """Every line ends calculated or unresolved; per unit, input = calculated + unresolved."""
    records = [
        {
            "activity": a.activity,
            "amount": a.amount.magnitude,
            "unit": str(a.amount.units),
            "region": a.region,
            "year": a.year,
        }
        for a in activities
    ] + [{"activity": "fuel", "amount": bad, "unit": "L"} for bad in bad_amounts]
    table = ActivityTable.from_records(records)
    result = calculate(table, factors)
    assert len(records) == len(result)
    assert len(result) == int(result.calculated.sum()) + len(result.unresolved)
    for unit, row in result.reconciliation().items():
        assert row["input_lines"] == row["calculated_lines"] + row["unresolved_lines"], unit
        assert row["input_amount"] == pytest.approx(
            row["calculated_amount"] + row["unresolved_amount"], rel=1e-12
        )


@given(factor_sets(), activity_lists())
def test_same_input_same_bytes(factors, activities):
    """The JSON summary is byte-identical for the same inputs."""
    first = dumps_summary(summary(calculate(activities, factors), year=2024))
    second = dumps_summary(summary(calculate(list(activities), factors), year=2024))
    assert first == second


@given(factor_sets(), activity_lists())
def test_biogenic_co2_by_scope_adds_up(factors, activities):
    """Each scope's biogenic CO2 adds up to the biogenic total on each basis; none is in the scopes' CO2e."""
    result = calculate(activities, factors)
    split = result.biogenic_co2_by_scope()
    for basis in ("location", "market"):
        parts = split["1"] + split[f"2_{basis}"] + split["3"]
        assert result.biogenic_co2(basis) == pytest.approx(parts, rel=1e-9, abs=1e-6)
    ok = result.calculated
    for b in (0, 1):  # each line's CO2e is its in-scope gases' mass x GWP: biogenic CO2 adds nothing
        in_scopes = [
            result.by_basis["mass"][b][i][ok] * result.gwp[gas]
            for i, gas in enumerate(result.gases)
            if gas != "CO2_biogenic" and not is_montreal_gas(gas)
        ]
        expected = np.sum(in_scopes, axis=0) if in_scopes else np.zeros(int(ok.sum()))
        np.testing.assert_allclose(result.by_basis["co2e"][b][ok], expected, rtol=1e-9, atol=1e-9)
