"""The year-over-year change explained by activity, factor and structure (additive LMDI-I)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcore.decomposition import CDP_REASONS, Decomposition, decompose

# --------------------------------------------------------------------------
# strategies

#: Amounts and emissions with the cases LMDI must handle: zeros, negatives, tiny and large numbers.
values = st.one_of(
    st.just(0.0),
    st.floats(1e-6, 1e9),
    st.floats(-1e9, -1e-6),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.sampled_from([1.0, 2.0, 2.5, -1.0, 0.5]),
)


@st.composite
def year_lines(draw: st.DrawFn) -> tuple[list[str], list[float], list[float]]:
    """One year's lines over a few group keys, several lines a key possible."""
    n = draw(st.integers(0, 12))
    keys = draw(st.lists(st.sampled_from("abcdefg"), min_size=n, max_size=n))
    activity = draw(st.lists(values, min_size=n, max_size=n))
    emissions = draw(st.lists(values, min_size=n, max_size=n))
    return keys, activity, emissions


@st.composite
def structurals(draw: st.DrawFn) -> tuple[float, list[tuple[str, float]]]:
    """A structural effect, with no reasons or split between two CDP reasons."""
    structural = draw(st.floats(-1e6, 1e6))
    if draw(st.booleans()):
        return structural, []
    part = draw(st.floats(-1e6, 1e6))
    return structural, [("Acquisitions", part), ("Divestment", structural - part)]


def scale(d: Decomposition) -> float:
    """The sum of absolute group emissions (and the structural effect): the tolerance's base."""
    return math.fsum([*np.abs(d.groups.e0).tolist(), *np.abs(d.groups.e1).tolist(), abs(d.structural)])


def adds_up(d: Decomposition) -> bool:
    """Activity + factor + structural is the total change, within 1e-9 of the absolute group emissions."""
    return abs(math.fsum([d.activity, d.factor, d.structural]) - d.total_change) <= 1e-9 * scale(d)


# --------------------------------------------------------------------------
# hand-checked cases


def test_two_groups_by_hand():
    """Diesel 100 L/250 kg to 120 L/288 kg, power 1000 kWh/100 kg to 1000 kWh/50 kg, worked out by hand.

    Diesel: L(288, 250) = 38 / ln(288/250); activity L·ln(120/100), factor
    L·ln(2.4/2.5). Power: activity unchanged, so its whole −50 kg is the factor.
    """
    d = decompose(
        ["diesel", "power"],
        [100.0, 1000.0],
        [250.0, 100.0],
        ["power", "diesel"],
        [1000.0, 120.0],
        [50.0, 288.0],
    )
    mean = 38.0 / math.log(288.0 / 250.0)
    assert 268.552068 == pytest.approx(mean, abs=1e-6)
    diesel_activity = mean * math.log(1.2)
    diesel_factor = mean * math.log(2.4 / 2.5)
    assert 48.962831 == pytest.approx(diesel_activity, abs=1e-6)
    assert -10.962831 == pytest.approx(diesel_factor, abs=1e-6)
    assert -12.0 == d.total_change
    assert diesel_activity == pytest.approx(d.activity, rel=1e-12)
    assert diesel_factor - 50.0 == pytest.approx(d.factor, rel=1e-12)
    assert 0.0 == d.structural
    assert ["diesel", "power"] == d.groups.key.tolist()
    assert [diesel_activity, 0.0] == pytest.approx(d.groups.activity_term.tolist(), rel=1e-12)
    assert [diesel_factor, -50.0] == pytest.approx(d.groups.factor_term.tolist(), rel=1e-12)
    assert (350.0, 338.0) == (d.total0, d.total1)
    assert adds_up(d)


def test_pure_activity():
    """The same factor in both years: the factor term is 0, the activity term the whole change."""
    d = decompose(["a", "b"], [100.0, 10.0], [250.0, 4.0], ["a", "b"], [200.0, 5.0], [500.0, 2.0])
    assert {"activity": 248.0, "factor": 0.0, "structural": 0.0} == d.terms()


def test_pure_factor():
    """The same activity in both years: the activity term is exactly 0."""
    d = decompose(["a", "b"], [100.0, 10.0], [250.0, 4.0], ["a", "b"], [100.0, 10.0], [200.0, 7.0])
    assert 0.0 == d.activity
    assert -47.0 == pytest.approx(d.factor, rel=1e-12)


@given(
    st.lists(
        st.tuples(st.floats(1e-3, 1e6), st.floats(1e-3, 1e6), st.floats(1e-3, 100.0)), min_size=1, max_size=8
    )
)
def test_pure_activity_property(groups):
    """Whatever the activities, an unchanged intensity gives no factor term (up to rounding)."""
    keys = [str(i) for i in range(len(groups))]
    a0 = [g[0] for g in groups]
    a1 = [g[1] for g in groups]
    d = decompose(keys, a0, [a * g[2] for a, g in zip(a0, groups, strict=True)], keys, a1,
                  [a * g[2] for a, g in zip(a1, groups, strict=True)])  # fmt: skip
    assert 0.0 == pytest.approx(d.factor, abs=1e-12 * scale(d))
    assert d.total_change == pytest.approx(d.activity, abs=1e-9 * scale(d))


def test_lines_are_summed_by_key():
    """Lines of the same key are one group; the order of lines and keys does not matter."""
    split = decompose(
        ["a", "a", "b"], [60.0, 40.0, 5.0], [150.0, 100.0, 5.0], ["b", "a"], [5.0, 120.0], [5.0, 288.0]
    )
    whole = decompose(["a", "b"], [100.0, 5.0], [250.0, 5.0], ["a", "b"], [120.0, 5.0], [288.0, 5.0])
    assert whole == split


# --------------------------------------------------------------------------
# zero and sign cases


@pytest.mark.parametrize(
    ("before", "after", "activity", "factor"),
    [
        ((0.0, 0.0), (100.0, 250.0), 250.0, 0.0),  # new activity
        ((100.0, 250.0), (0.0, 0.0), -250.0, 0.0),  # ended activity
        ((1000.0, 100.0), (1200.0, 0.0), 0.0, -100.0),  # a zero-emission contract from year 1
        ((1000.0, 0.0), (1000.0, 30.0), 0.0, 30.0),  # emissions where there were none
        ((1000.0, 0.0), (500.0, 0.0), 0.0, 0.0),  # both years without emissions
        ((0.0, 0.0), (0.0, 0.0), 0.0, 0.0),  # nothing at all
        ((-10.0, -25.0), (-20.0, -50.0), -25.0, 0.0),  # returns: LMDI on absolute values, sign put back
        ((10.0, 25.0), (-5.0, -12.5), -37.5, 0.0),  # activity changes sign: all to activity
        ((10.0, 25.0), (10.0, -5.0), -30.0, 0.0),  # emissions change sign (a credit): all to activity
        ((0.0, 5.0), (0.0, 7.0), 2.0, 0.0),  # emissions without activity in both years: activity
    ],
)
def test_special_cases(before, after, activity, factor):
    """Each zero and sign case puts the group's change where the module's table says."""
    d = decompose(["g"], [before[0]], [before[1]], ["g"], [after[0]], [after[1]])
    assert (activity, factor) == pytest.approx((d.activity, d.factor), rel=1e-12, abs=0.0)
    assert adds_up(d)


def test_negative_both_years_split():
    """Credits in both years with a changed factor: LMDI on absolute values, both terms negative-signed."""
    d = decompose(["g"], [-10.0], [-20.0], ["g"], [-20.0], [-30.0])
    mean = (30.0 - 20.0) / math.log(30.0 / 20.0)
    assert -mean * math.log(2.0) == pytest.approx(d.activity, rel=1e-12)
    assert -mean * math.log(1.5 / 2.0) == pytest.approx(d.factor, rel=1e-12)
    assert -10.0 == pytest.approx(d.activity + d.factor, rel=1e-12)


def test_extreme_ratios():
    """Ratios beyond float range are taken as differences of logarithms, and still add up."""
    d = decompose(["g"], [1e-300], [1e-300], ["g"], [1e300], [1e-299])
    assert adds_up(d)
    assert np.isfinite([d.activity, d.factor]).all()


# --------------------------------------------------------------------------
# structural changes and reasons


def test_structural_comes_out_of_activity():
    """An acquisition's kg are taken from the activity term; the terms still add up."""
    plain = decompose(["a"], [100.0], [100.0], ["a"], [150.0], [150.0])
    d = decompose(["a"], [100.0], [100.0], ["a"], [150.0], [150.0], structural=30.0,
                  structural_reasons=[("acquisitions", 30.0)])  # fmt: skip
    assert (20.0, 0.0, 30.0, 50.0) == (d.activity, d.factor, d.structural, d.total_change)
    assert plain.activity - 30.0 == d.activity
    assert (("Acquisitions", 30.0),) == d.structural_reasons


def test_reasons():
    """Terms map to CDP's reasons, with kg and percent of year 0; terms of 0 kg are left out."""
    d = decompose(["a", "b"], [100.0, 10.0], [100.0, 100.0], ["a", "b"], [150.0, 10.0], [150.0, 80.0],
                  structural=30.0, structural_reasons=[("Acquisitions", 40.0), ("Divestment", -10.0)])  # fmt: skip
    expected = [
        {"reason": "Change in output", "term": "activity", "kg_co2e": 20.0, "percent": 10.0},
        {"reason": "Change in methodology", "term": "factor", "kg_co2e": -20.0, "percent": -10.0},
        {"reason": "Acquisitions", "term": "structural", "kg_co2e": 40.0, "percent": 20.0},
        {"reason": "Divestment", "term": "structural", "kg_co2e": -10.0, "percent": -5.0},
    ]
    assert expected == d.reasons()
    assert all(r["reason"] in CDP_REASONS for r in d.reasons())


def test_reasons_without_given_reasons_or_base():
    """A structural effect without reasons is a change in boundary; no year-0 emissions, no percent."""
    d = decompose([], [], [], ["a"], [1.0], [5.0], structural=2.0)
    expected = [
        {"reason": "Change in output", "term": "activity", "kg_co2e": 3.0, "percent": None},
        {"reason": "Change in boundary", "term": "structural", "kg_co2e": 2.0, "percent": None},
    ]
    assert expected == d.reasons()
    assert [] == decompose([], [], [], [], [], []).reasons()


@pytest.mark.parametrize(
    ("structural", "reasons", "match"),
    [
        (10.0, [("Acquisitions", 5.0)], "add up to 5.0 kg CO2e, but structural is 10.0"),
        (5.0, [("Bought a company", 5.0)], "'Bought a company' is not a CDP reason"),
        (5.0, [("Acquisitions",)], r"structural_reasons\[0\]: expected a \(CDP reason, kg CO2e\) pair"),
        (5.0, [("Acquisitions", math.nan)], "expected a finite kg CO2e"),
        (math.inf, [], "structural: expected a finite number"),
    ],
)
def test_bad_structural(structural, reasons, match):
    """Structural effects and reasons are checked: CDP's reasons, finite, adding up."""
    with pytest.raises(ValueError, match=match):
        decompose(["a"], [1.0], [1.0], ["a"], [1.0], [1.0], structural=structural, structural_reasons=reasons)


# --------------------------------------------------------------------------
# inputs


def test_non_finite_input_names_its_position():
    """A NaN or infinity is a ValueError naming the array, the position and the key."""
    with pytest.raises(ValueError, match=r"activity1\[2\] \(key 'c'\): expected a finite number, got nan"):
        decompose(["a"], [1.0], [1.0], ["a", "b", "c"], [1.0, 2.0, math.nan], [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"emissions0\[0\] \(key 'a'\): .* got inf \(and 1 more\)"):
        decompose(["a", "b"], [1.0, 1.0], [math.inf, -math.inf], ["a"], [1.0], [1.0])


def test_lengths_must_agree():
    """Arrays of a year have one value per key."""
    with pytest.raises(ValueError, match=r"emissions1: expected 2 numbers, one per key of keys1"):
        decompose(["a"], [1.0], [1.0], ["a", "b"], [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match=r"keys0: expected a 1-dimensional array"):
        decompose([["a"]], [[1.0]], [[1.0]], [], [], [])


def test_overflow_is_refused():
    """Sums beyond float range are refused rather than decomposed into infinities."""
    with pytest.raises(ValueError, match="too large"):
        decompose(["a", "a"], [1.0, 1.0], [1e308, 1e308], ["a"], [1.0], [1.0])


def test_groups_are_read_only():
    """The per-group arrays cannot be changed behind the frozen result's back."""
    d = decompose(["a"], [1.0], [1.0], ["a"], [2.0], [2.0])
    with pytest.raises(ValueError, match="read-only"):
        d.groups.e0[0] = 5.0
    assert 1 == len(d.groups)


# --------------------------------------------------------------------------
# properties


@given(year_lines(), year_lines(), structurals())
def test_terms_add_up(year0, year1, structural):
    """Activity + factor + structural is the total change, for any groups: new, ended, zero, negative."""
    effect, reasons = structural
    d = decompose(*year0, *year1, structural=effect, structural_reasons=reasons)
    assert adds_up(d)
    groups = d.groups
    per_group = np.abs(groups.activity_term + groups.factor_term - (groups.e1 - groups.e0))
    assert (per_group <= 1e-9 * (np.abs(groups.e0) + np.abs(groups.e1))).all()
    lines = math.fsum([*np.abs(year0[2]).tolist(), *np.abs(year1[2]).tolist()])
    exact = math.fsum([*year1[2], *(-np.asarray(year0[2], dtype=float)).tolist()])
    assert exact == pytest.approx(d.total_change, abs=1e-12 * lines)


@given(year_lines(), year_lines())
def test_reversing_the_years_negates_the_terms(year0, year1):
    """LMDI is symmetric in time: from year 1 back to year 0, every term changes sign."""
    forward = decompose(*year0, *year1)
    backward = decompose(*year1, *year0)
    tolerance = 1e-9 * scale(forward)
    assert -forward.activity == pytest.approx(backward.activity, abs=tolerance)
    assert -forward.factor == pytest.approx(backward.factor, abs=tolerance)
    assert -forward.total_change == backward.total_change


@given(year_lines(), year_lines())
def test_special_cases_stay_in_their_term(year0, year1):
    """A new or ended group is all activity; a group with emissions in only one year, with activity in both, all factor."""
    g = decompose(*year0, *year1).groups
    change = g.e1 - g.e0
    new_or_ended = (g.activity0 == 0) != (g.activity1 == 0)
    assert (g.factor_term[new_or_ended] == 0).all()
    assert (g.activity_term[new_or_ended] == change[new_or_ended]).all()
    same_sign = (g.activity0 != 0) & (np.sign(g.activity0) == np.sign(g.activity1))
    one_zero = same_sign & ((g.e0 == 0) != (g.e1 == 0))
    assert (g.activity_term[one_zero] == 0).all()
    assert (g.factor_term[one_zero] == change[one_zero]).all()
