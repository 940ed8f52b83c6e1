"""Tests for ghgcore.commitments: commitments, their actions, and the yearly follow-up."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcore.commitments import STATUSES, Action, Commitment, follow_up
from ghgcore.errors import OptionError, PlanError
from ghgcore.figures import FIGURE_KEYS

#: Scopes 1 and 2 (market-based): 120 000 kg in 2022, then 105 000, 80 000 and 55 000.
FIGURES: dict[int, dict[str, float]] = {
    2021: {"1": 130_000.0, "2_market": 25_000.0},
    2022: {"1": 100_000.0, "2_market": 20_000.0},
    2023: {"1": 90_000.0, "2_market": 15_000.0},
    2024: {"1": 70_000.0, "2_market": 10_000.0},
    2025: {"1": 50_000.0, "2_market": 5_000.0},
}


@pytest.fixture
def commitment() -> Commitment:
    """Halve scopes 1+2 from 2022 by 2030, with four actions.

    A1 12 000 kg, due 2023, done 2023; A2 10 % of scope 2 (2 000 kg), due 2024, delayed;
    A3 5 000 kg, due 2024, cancelled in 2023; A4 5 % of scopes 1+2 (6 000 kg), due 2026, done early in 2024.
    """
    return Commitment(
        id="C1",
        goal="Halve scopes 1 and 2 by 2030",
        start_year=2022,
        target_year=2030,
        scopes="1+2",
        reduction_percent=50,
        actions=[
            Action(id="A1", description="Electric vans", owner="Fleet", due_year=2023, expected_kg=12_000,
                   scopes="1", status={2022: "planned", 2023: "done"}),
            Action(id="A2", description="Heat pump", owner="Facilities", due_year=2024, expected_percent=10,
                   scopes="2", status={2023: "started", 2024: "delayed"}),
            Action(id="A3", description="Biofuel in boilers", due_year=2024, expected_kg=5_000,
                   status={2023: "cancelled"}),
            Action(id="A4", description="LED lighting", due_year=2026, expected_percent=5,
                   status={2024: "done"}, note="done ahead of time"),
        ],
    )  # fmt: skip


# --------------------------------------------------------------------------
# the follow-up


def test_follow_up_by_hand(commitment):
    """Every year from 2022, checked by hand (see the fixture); 2021 is before the start and left out."""
    rows = follow_up(commitment, FIGURES)
    assert [2022, 2023, 2024, 2025] == [r["year"] for r in rows]
    table = [
        (
            r["emissions_kg"],
            r["achieved_kg"],
            r["expected_kg"],
            r["expected_done_kg"],
            r["on_goal"],
            r["overdue"],
        )
        for r in rows
    ]
    assert [
        (120_000.0, 0.0, 0.0, 0.0, False, []),
        (105_000.0, 15_000.0, 12_000.0, 12_000.0, False, []),
        # due: A1 12 000 + A2 2 000 (A3 cancelled); done: A1 12 000 + A4 6 000 (early)
        (80_000.0, 40_000.0, 14_000.0, 18_000.0, False, ["A2"]),
        (55_000.0, 65_000.0, 14_000.0, 18_000.0, True, ["A2"]),
    ] == table
    assert {120_000.0} == {r["start_kg"] for r in rows}
    assert {60_000.0} == {r["goal_kg"] for r in rows}
    assert {None} == {r["reason"] for r in rows}


def test_status_counts_per_year(commitment):
    """Each year counts every action's status then; an action not yet reported is planned."""
    counts = [r["status"] for r in follow_up(commitment, FIGURES)]
    assert list(STATUSES) == list(counts[0])
    assert {"planned": 4, "started": 0, "done": 0, "delayed": 0, "cancelled": 0} == counts[0]
    assert {"planned": 1, "started": 1, "done": 1, "delayed": 0, "cancelled": 1} == counts[1]
    assert {"planned": 0, "started": 0, "done": 2, "delayed": 1, "cancelled": 1} == counts[2]
    assert counts[2] == counts[3]


def test_missing_start_year_gives_none_with_a_reason(commitment):
    """Without the start year's figures: achieved and percent-based expectations are None, with a reason."""
    rows = follow_up(commitment, {2023: FIGURES[2023], 2024: FIGURES[2024]})
    assert [2023, 2024] == [r["year"] for r in rows]
    assert [None, None] == [r["achieved_kg"] for r in rows]
    assert [None, None] == [r["on_goal"] for r in rows]
    assert 12_000.0 == rows[0]["expected_kg"]  # A1 is in kg: no figures needed
    assert rows[1]["expected_kg"] is None  # A2 is 10 % of unknown emissions
    assert [105_000.0, 80_000.0] == [r["emissions_kg"] for r in rows]
    assert rows[0]["reason"] == "no figures for 2022, the start year, which reductions are measured from"
    assert "action 'A2''s expected percent is of unknown emissions" in str(rows[1]["reason"])
    assert ["A2"] == rows[1]["overdue"]


def test_a_scope_missing_from_a_year_is_not_zero(commitment):
    """A year whose figures lack scope 2 gives None with a reason, not a 100 % cut of scope 2."""
    rows = follow_up(commitment, {2022: FIGURES[2022], 2023: {"1": 90_000.0}})
    assert rows[1]["achieved_kg"] is None
    assert rows[1]["emissions_kg"] is None
    assert "the figures for 2023 have no 2_market" == rows[1]["reason"]


def test_non_finite_figures_are_reported(commitment):
    """A NaN in the start year's figures is named, never carried into the rows."""
    rows = follow_up(commitment, {2022: {"1": math.nan, "2_market": 1.0}, 2023: FIGURES[2023]})
    assert [None, None] == [r["achieved_kg"] for r in rows]
    assert "the figures for 2022 have 1 = nan, not a finite number" in str(rows[0]["reason"])


def test_no_rows_before_the_start_year(commitment):
    """Figures only before the start year give no rows; no figures at all neither."""
    assert [] == follow_up(commitment, {2021: FIGURES[2021]})
    assert [] == follow_up(commitment, {})


def test_on_goal_is_none_without_a_goal(commitment):
    """Without reduction_percent there is no goal: on_goal and goal_kg are None."""
    plain = Commitment(id="C2", goal="Cut scope 1", start_year=2022, scopes="1")
    rows = follow_up(plain, FIGURES)
    assert {None} == {r["on_goal"] for r in rows}
    assert {None} == {r["goal_kg"] for r in rows}
    assert [0.0, 10_000.0, 30_000.0, 50_000.0] == [r["achieved_kg"] for r in rows]


def test_on_goal_forgives_rounding():
    """A cut of exactly the goal is on goal, even when floating point lands a hair short."""
    c = Commitment(id="C", goal="g", start_year=2022, scopes="1", reduction_percent=30)
    rows = follow_up(c, {2022: {"1": 1.0}, 2023: {"1": 0.7}})  # 1.0 - 0.7 = 0.30000000000000004 ~ 0.3
    assert rows[1]["on_goal"] is True
    rows = follow_up(c, {2022: {"1": 0.3}, 2023: {"1": 0.21000000000000002}})
    assert rows[1]["on_goal"] is True


def test_percent_of_the_commitments_scopes_by_default():
    """An action without scopes takes its commitment's: 10 % of scopes 1+2 (100 + 20) is 12."""
    c = Commitment(
        id="C", goal="g", start_year=2022, scopes="1+2",
        actions=[Action(id="A", due_year=2022, expected_percent=10)],
    )  # fmt: skip
    [row] = follow_up(c, {2022: {"1": 100.0, "2_market": 20.0, "2_location": 5.0}})
    assert 12.0 == row["expected_kg"]
    assert ("1", "2_market") == c.scopes_of(c.actions[0])


def test_cancelled_later_counts_until_cancelled():
    """An action cancelled in 2024 is expected in 2023's row and not in 2024's; it is never overdue after."""
    c = Commitment(
        id="C", goal="g", start_year=2022, scopes="1",
        actions=[Action(id="A", due_year=2023, expected_kg=7, status={2024: "cancelled"})],
    )  # fmt: skip
    rows = follow_up(c, {2022: {"1": 10.0}, 2023: {"1": 10.0}, 2024: {"1": 10.0}})
    assert [0.0, 7.0, 0.0] == [r["expected_kg"] for r in rows]
    assert [[], ["A"], []] == [r["overdue"] for r in rows]


def test_rows_are_plain_json(commitment):
    """The rows are JSON-able as they are."""
    rows = follow_up(commitment, FIGURES)
    assert rows == json.loads(json.dumps(rows))


def test_figures_keyed_by_text_are_refused(commitment):
    """Years as text (as a JSON file would give them) are an OptionError, not a TypeError deep inside."""
    with pytest.raises(OptionError, match="got the key '2022', expected whole years"):
        follow_up(commitment, {"2022": FIGURES[2022]})  # type: ignore[dict-item]


# --------------------------------------------------------------------------
# actions


def test_status_carries_forward():
    """An action's status is the last reported in or before the year; planned before any report."""
    a = Action(id="A", due_year=2026, expected_kg=1, status={2025: "delayed", 2023: " Started "})
    assert [2023, 2025] == list(a.status)
    assert ["planned", "started", "started", "delayed", "delayed"] == [
        a.status_in(y) for y in range(2022, 2027)
    ]


def test_status_is_read_only():
    """A frozen action's statuses cannot be changed in place."""
    a = Action(id="A", due_year=2026, expected_kg=1, status={2025: "done"})
    with pytest.raises(TypeError):
        a.status[2026] = "cancelled"  # type: ignore[index]
    assert hash(a) == hash(Action(id="A", due_year=2026, expected_kg=1, status={2025: "done"}))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"expected_kg": None},
            "action 'A1', field 'expected_kg': got nothing, expected a number of kg CO2e",
        ),
        ({"expected_percent": 5}, "field 'expected_percent': got 5, expected only one of expected_kg and"),
        ({"expected_kg": -1}, r"field 'expected_kg': got -1\.0, expected a finite number >= 0"),
        ({"expected_kg": None, "expected_percent": 101}, "expected a finite number >= 0 and <= 100"),
        ({"due_year": "2025"}, "field 'due_year': got '2025', expected a year such as 2027"),
        ({"due_year": True}, "field 'due_year': got True, expected a year"),
        (
            {"status": {2025: "finished"}},
            "action 'A1', year 2025, field 'status': got 'finished', expected one of",
        ),
        ({"status": {"2025": "done"}}, "field 'status': got '2025', expected a year such as 2027"),
        ({"id": ""}, "action, field 'id': got nothing, expected text, not empty"),
        ({"scopes": "4"}, "unknown scope '4'"),
        ({"scopes": "3+3.6"}, "3.6 is part of 3"),
    ],
)
def test_action_arguments_are_checked(changes, message):
    """Bad arguments raise OptionError naming the action, the field and what was expected."""
    fields: dict[str, Any] = {"id": "A1", "due_year": 2025, "expected_kg": 100.0}
    with pytest.raises(OptionError, match=message):
        Action(**{**fields, **changes})


def test_action_scopes_accept_text_or_tokens():
    """Scopes as 1+2 text or as tokens give the same keys; nothing means the commitment's."""
    assert ("1", "2_location") == Action(id="A", due_year=2025, expected_kg=1, scopes="1 + 2l").scopes
    assert ("1", "2_location") == Action(
        id="A", due_year=2025, expected_kg=1, scopes=["1", "2_location"]
    ).scopes
    assert () == Action(id="A", due_year=2025, expected_kg=1, scopes="").scopes


# --------------------------------------------------------------------------
# commitments


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"scopes": ""}, "commitment 'C1', field 'scopes': got nothing, expected scopes joined with +"),
        ({"target_year": 2022}, "field 'target_year': got 2022, expected a year after the start year 2022"),
        (
            {"reduction_percent": 0},
            r"field 'reduction_percent': got 0\.0, expected a finite number > 0 and <= 100",
        ),
        ({"start_year": 22}, "field 'start_year': got 22, expected a year such as 2027"),
        (
            {"actions": [Action(id="A", due_year=2023, expected_kg=1)] * 2},
            "commitment 'C1', field 'actions': got 'A', expected each action id once",
        ),
        (
            {"actions": [Action(id="A", due_year=2021, expected_kg=1)]},
            "commitment 'C1', action 'A', field 'due_year': got 2021, expected a year from the start year 2022 on",
        ),
    ],
)
def test_commitment_arguments_are_checked(changes, message):
    """Bad arguments raise OptionError naming the commitment (and action), the field and what was expected."""
    fields: dict[str, Any] = {"id": "C1", "goal": "g", "start_year": 2022, "scopes": "1"}
    with pytest.raises(OptionError, match=message):
        Commitment(**{**fields, **changes})


def test_to_dict_is_plain(commitment):
    """to_dict writes scopes as text, years as text keys, and no None (TOML has no null)."""
    data = commitment.to_dict()
    assert "1+2_market" == data["scopes"]
    assert {"id": "A2", "description": "Heat pump", "owner": "Facilities", "due_year": 2024,
            "expected_percent": 10.0, "scopes": "2_market", "status": {"2023": "started", "2024": "delayed"},
            "note": ""} == data["actions"][1]  # fmt: skip
    assert data == json.loads(json.dumps(data))
    assert "None" not in repr(data)
    assert commitment == Commitment.from_dict(data)


def test_from_dict_names_commitment_action_and_field():
    """The plan's error names the commitment, the action, the field, the value and what was expected."""
    data = {
        "id": "C1", "goal": "Fossil-free vans", "start_year": 2024, "scopes": "1",
        "actions": [{"id": "A1", "due_year": 2025, "expected_kg": 800},
                    {"id": "A2", "due_year": "soon", "expected_kg": 800}],
    }  # fmt: skip
    with pytest.raises(PlanError) as info:
        Commitment.from_dict(data)
    assert (
        "commitment 'C1', action 'A2', field 'due_year': got 'soon', expected a year such as 2027 "
        "(a whole number between 1900 and 2200)"
    ) == str(info.value)


def test_from_dict_lists_every_problem():
    """All problems of a commitment at once: unknown fields, bad scopes, an action without id, bad statuses."""
    data = {
        "id": "C1", "goal": "g", "start_year": 2022, "scopes": "1+5", "extra": 1,
        "actions": [
            {"due_year": 2023, "expected_kg": 1},
            {"id": "A2", "due_year": 2023, "expected_kg": 1, "expected_percent": 2,
             "status": {"2024": "gone", "later": "done"}},
            "A3",
        ],
    }  # fmt: skip
    with pytest.raises(PlanError) as info:
        Commitment.from_dict(data)
    lines = str(info.value).splitlines()
    assert "7 problems in commitment 'C1':" == lines[0]
    assert [
        "  commitment 'C1': unknown field 'extra'; expected only 'id', 'goal', 'start_year', 'target_year', "
        "'scopes', 'actions', 'reduction_percent'",
        "  commitment 'C1', field 'scopes': got '1+5', expected scopes joined with +, such as '1+2' or '3.6' "
        "(scopes '1+5': unknown scope '5'; expected 1, 1_fossil, 2 (market-based), 2_location, 3 or a scope 3 "
        "category 3.1 ... 3.15, joined with +)",
        "  commitment 'C1', action 1, field 'id': got nothing, expected text, not empty",
        "  commitment 'C1', action 'A2', field 'expected_percent': got 2, expected only one of expected_kg and "
        "expected_percent",
        "  commitment 'C1', action 'A2', year 2024, field 'status': got 'gone', expected one of 'planned', "
        "'started', 'done', 'delayed', 'cancelled'",
        "  commitment 'C1', action 'A2', field 'status': got 'later', expected years as its keys: a year such as "
        "2027 (a whole number between 1900 and 2200)",
        "  commitment 'C1', action 3: got 'A3', expected a mapping of field names to values",
    ] == lines[1:]


def test_from_dict_checks_across_fields():
    """Rules across fields (an action due before the start, a repeated id) are PlanErrors too."""
    base = {"id": "C1", "goal": "g", "start_year": 2022, "scopes": "1"}
    with pytest.raises(
        PlanError, match="commitment 'C1', action 'A', field 'due_year': got 2020, expected a year"
    ):
        Commitment.from_dict({**base, "actions": [{"id": "A", "due_year": 2020, "expected_kg": 1}]})
    twice = [{"id": "A", "due_year": 2023, "expected_kg": 1}] * 2
    with pytest.raises(PlanError, match="field 'actions': got 'A', expected each action id once"):
        Commitment.from_dict({**base, "actions": twice})


def test_from_dict_reads_toml_style_values():
    """Statuses keyed by text years (TOML and JSON keys are text), scopes as a list, percent as an int."""
    action = Action.from_dict(
        {
            "id": "A",
            "due_year": 2025,
            "expected_percent": 10,
            "scopes": ["1", "2"],
            "status": {"2024": "Started"},
        }
    )
    assert (
        Action(id="A", due_year=2025, expected_percent=10.0, scopes="1+2", status={2024: "started"}) == action
    )


def test_action_from_dict_alone():
    """Action.from_dict names the action without a commitment."""
    with pytest.raises(
        PlanError, match=r"^action 'A9', field 'expected_percent': got '5%', expected a percent"
    ):
        Action.from_dict({"id": "A9", "due_year": 2024, "expected_percent": "5%"})


# --------------------------------------------------------------------------
# round trips

texts = st.text(max_size=20)
ids = st.text(min_size=1, max_size=8).filter(str.strip)
scope_texts = st.sampled_from(["1", "1+2", "1_fossil+2_location", "3", "3.1+3.6+3.15", "1+2+3", "2_location"])


@st.composite
def actions(draw: st.DrawFn, ident: str, start: int) -> Action:
    """A valid action due from `start` on, in kg or percent, with statuses reported in some years."""
    in_kg = draw(st.booleans())
    return Action(
        id=ident,
        description=draw(texts),
        owner=draw(texts),
        due_year=draw(st.integers(start, start + 10)),
        expected_kg=draw(st.floats(0, 1e9)) if in_kg else None,
        expected_percent=None if in_kg else draw(st.floats(0, 100)),
        scopes=draw(st.one_of(st.just(""), scope_texts)),
        status=draw(
            st.dictionaries(st.integers(start - 2, start + 12), st.sampled_from(STATUSES), max_size=5)
        ),
        note=draw(texts),
    )


@st.composite
def commitments(draw: st.DrawFn) -> Commitment:
    """A valid commitment with up to five actions of distinct ids."""
    start = draw(st.integers(2000, 2100))
    names = draw(st.lists(ids, unique=True, max_size=5))
    return Commitment(
        id=draw(ids),
        goal=draw(texts),
        start_year=start,
        target_year=draw(st.one_of(st.none(), st.integers(start + 1, start + 30))),
        scopes=draw(scope_texts),
        actions=[draw(actions(name, start)) for name in names],
        reduction_percent=draw(st.one_of(st.none(), st.floats(0.5, 100))),
    )


@given(commitments())
def test_round_trip_through_json(c):
    """to_dict, JSON text and from_dict give back the same commitment."""
    assert c == Commitment.from_dict(json.loads(json.dumps(c.to_dict())))


figure_values = st.floats(0, 1e9)


@given(
    commitments(),
    st.dictionaries(st.integers(1995, 2120), st.fixed_dictionaries({k: figure_values for k in FIGURE_KEYS})),
)
def test_follow_up_properties(c, figures):
    """Rows for stored years from the start; achieved is start minus that year; overdue actions are due and open."""
    rows = follow_up(c, figures)
    assert sorted(y for y in figures if y >= c.start_year) == [r["year"] for r in rows]
    for row in rows:
        assert len(c.actions) == sum(row["status"].values())
        if c.start_year in figures:
            assert row["achieved_kg"] == row["start_kg"] - row["emissions_kg"]  # type: ignore[operator]
            assert row["expected_kg"] is not None
            assert row["reason"] is None
        else:
            assert row["achieved_kg"] is None
            assert row["reason"] is not None
        for action in c.actions:
            open_ = action.status_in(row["year"]) not in ("done", "cancelled")
            assert (action.due_year <= row["year"] and open_) == (action.id in row["overdue"])
