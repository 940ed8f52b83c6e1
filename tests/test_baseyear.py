"""Base-year recalculation: significant cumulative events only, organic growth never, the log says why."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcore.baseyear import EVENT_KINDS, Event, recalculate, structural_effect
from ghgcore.errors import PlanError

BASE = {"1": 600.0, "1_fossil": 500.0, "2_market": 100.0, "2_location": 20.0, "3": 300.0, "3.6": 100.0}


def test_below_threshold_changes_nothing():
    """Events whose cumulative effect stays under 5 % leave the base year as it is."""
    restated, log = recalculate(BASE, [Event("acquisition", 2021, {"1": 49.0})], base_year=2019)
    assert () == log
    assert BASE["1"] == restated["1"]


def test_cumulative_events_trigger_and_apply_all_pending():
    """Two events of 3 % each: the second makes 6 % and both are applied, in the second's year."""
    events = [
        Event("acquisition", 2020, {"1": 30.0}, "bought a depot"),
        Event("outsourcing", 2022, {"1": -30.0, "3": 30.0}, "transport bought in"),
        Event("divestment", 2021, {"3.6": -30.0}, "sold the travel agency"),
    ]
    restated, log = recalculate(BASE, events, base_year=2019)
    (only,) = log
    assert 2021 == only.year  # taken by year: 2020 (+30), then 2021 (|-30|): 6 % of 1000
    assert 60.0 == only.cumulative_kg
    assert 6.0 == only.effect_percent
    assert (1000.0, 1000.0) == (only.before_kg, only.after_kg)  # +30 and -30 on the total
    assert 630.0 == restated["1"]
    assert 70.0 == restated["3.6"]
    assert 270.0 == restated["3"]  # a category's effect is part of scope 3
    assert "acquisition in 2020 (bought a depot); divestment in 2021" in only.reason
    assert "6.0 % of the base year, threshold 5 %" in only.reason


def test_organic_growth_never_triggers():
    """Organic growth, however large, is kept in the record and never applied."""
    restated, log = recalculate(BASE, [Event("organic", 2021, {"1": 5000.0})], base_year=2019)
    assert () == log
    assert BASE["1"] == restated["1"]


def test_events_of_the_base_year_or_before_are_part_of_it():
    """An acquisition in the base year itself is in its account already."""
    _, log = recalculate(BASE, [Event("acquisition", 2019, {"1": 500.0})], base_year=2019)
    assert () == log


def test_factor_event_names_versions():
    """A factor change's recalculation lists the editions."""
    event = Event("factors", 2022, {"2_market": 80.0}, factor_sets=("heat 2019.1 -> heat 2019.2",))
    _, (recalc,) = recalculate(BASE, [event], base_year=2019)
    assert ["heat 2019.1 -> heat 2019.2"] == recalc.to_record()["factor_sets"]
    assert "factor sets heat 2019.1 -> heat 2019.2" in recalc.reason


def test_until_limits_the_events():
    """The base year as it stood in a given year."""
    events = [Event("acquisition", 2023, {"1": 100.0})]
    assert () == recalculate(BASE, events, base_year=2019, until=2022)[1]
    assert 1 == len(recalculate(BASE, events, base_year=2019, until=2023)[1])


def test_threshold_checked():
    """A threshold is a share between 0 and 1."""
    with pytest.raises(ValueError, match="between 0 and 1"):
        recalculate(BASE, [], base_year=2019, threshold=5)


def test_structural_effect_of_a_year():
    """Only structural events of that year, with their CDP reasons."""
    events = [
        Event("acquisition", 2021, {"1": 30.0}),
        Event("factors", 2021, {"1": 99.0}),
        Event("divestment", 2021, {"3": -10.0}),
        Event("merger", 2022, {"1": 5.0}),
    ]
    assert (20.0, [("Acquisitions", 30.0), ("Divestment", -10.0)]) == structural_effect(events, 2021)


def test_total_counts_parts_once():
    """A total counts scope 1 or its fossil part, and scope 3 or its categories, never both."""
    assert 30.0 == Event("acquisition", 2021, {"1_fossil": 10.0, "3.4": 20.0}).total
    assert 10.0 == Event("acquisition", 2021, {"2_location": 5.0, "2_market": 10.0}).total


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            {"kind": "takeover", "year": 2021, "effect": {"1": 1}},
            "field 'kind': got 'takeover', expected one of",
        ),
        ({"kind": "acquisition", "year": "2021", "effect": {"1": 1}}, "field 'year': got '2021'"),
        ({"kind": "acquisition", "year": 2021, "effect": {}}, "field 'effect': expected kg CO2e by scope"),
        ({"kind": "acquisition", "year": 2021, "effect": {"4": 1}}, "unknown scope '4'"),
        ({"kind": "acquisition", "year": 2021, "effect": {"1": float("nan")}}, "finite number"),
        ({"kind": "acquisition", "year": 2021, "effect": {"1": 1}, "cost": 5}, "unknown field 'cost'"),
    ],
)
def test_event_record_errors(record, message):
    """Every bad event names its place, the field and what was expected."""
    with pytest.raises(PlanError, match=message) as info:
        Event.from_record(record, "plan.toml, events #3")
    assert str(info.value).startswith("plan.toml, events #3")


@given(
    st.sampled_from(sorted(EVENT_KINDS)),
    st.integers(2000, 2050),
    st.dictionaries(
        st.sampled_from(["1", "2_market", "2_location", "3", "3.6"]), st.floats(-1e6, 1e6), min_size=1
    ),
)
def test_event_record_round_trip(kind, year, effect):
    """Event.to_record and from_record are inverses."""
    event = Event(kind, year, effect, "x", ("a -> b",))
    assert event == Event.from_record(event.to_record())


@given(st.lists(st.tuples(st.integers(2020, 2030), st.floats(-400, 400)), max_size=8))
def test_restated_total_is_base_plus_applied_effects(changes):
    """The restated total is the base total plus the effects of the events applied, and nothing else."""
    events = [Event("acquisition", y, {"1": kg}) for y, kg in changes]
    restated, log = recalculate(BASE, events, base_year=2019)
    applied = sum(e.total for r in log for e in r.events)
    assert restated["1"] + restated["2_market"] + restated["3"] == pytest.approx(1000.0 + applied)
    for r in log:
        assert r.cumulative_kg >= 0.05 * abs(r.before_kg)


def test_parts_of_several_events_reach_their_wholes():
    """Applied together, one event's scope 3 and another's category 3.6 both reach scope 3."""
    events = [Event("acquisition", 2021, {"3": 400.0}), Event("acquisition", 2021, {"3.6": 700.0})]
    restated, (recalc,) = recalculate({"1": 10_000.0, "3": 10_000.0}, events, base_year=2019)
    assert 11_100.0 == restated["3"]
    assert 700.0 == restated["3.6"]
    assert 21_100.0 == recalc.after_kg


def test_a_factor_change_dated_in_the_base_year_counts():
    """A correction of the base year's factors recorded in the base year itself restates it."""
    _, log = recalculate(BASE, [Event("factors", 2019, {"2_market": 80.0})], base_year=2019)
    assert 1 == len(log)


def test_structural_effect_since_a_year():
    """Over years with no account between, the structural events of every year in between count."""
    events = [Event("acquisition", 2020, {"1": 30.0}), Event("divestment", 2021, {"1": -10.0})]
    assert (20.0, [("Acquisitions", 30.0), ("Divestment", -10.0)]) == structural_effect(
        events, 2021, since=2019
    )
    assert (-10.0, [("Divestment", -10.0)]) == structural_effect(events, 2021)


@pytest.mark.parametrize("value", ["12", True, [1], 1e16, float("inf")])
def test_effects_are_bounded_numbers(value):
    """An effect is a number of kg CO2e below a trillion tonnes: not text, a boolean, a list or infinity."""
    with pytest.raises(PlanError, match="expected a finite number of kg CO2e"):
        Event.from_record({"kind": "acquisition", "year": 2021, "effect": {"1": value}})


def test_event_year_is_a_year():
    """An event's year has four digits, however it is made."""
    with pytest.raises(ValueError, match="year"):
        Event("factors", 99999, {"1": 1.0})
