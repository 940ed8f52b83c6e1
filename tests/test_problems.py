"""Tests for ghgcore.problems: problems of input lines as columns."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ghgcore import ActivityTable
from ghgcore.errors import LineIssue
from ghgcore.problems import Problems


def test_issues_round_trip_in_row_order():
    """Problems built from LineIssue objects give them back, sorted by row (stable)."""
    issues = [LineIssue(5, "unit", "furlong", "a unit"), LineIssue(3, "amount", "", "a number")]
    problems = Problems.from_issues([4, 2], issues)
    assert [issues[1], issues[0]] == list(problems)
    assert [2, 4] == problems.row.tolist()


def test_one_reason_per_row_joined():
    """A row with two problems gets one reason naming both, in field order."""
    table = ActivityTable.from_records([{"activity": "x", "amount": "n/a", "unit": "flurb"}])
    codes, reasons = table.problems.reasons(1)
    assert 0 == codes[0]
    assert reasons[0].startswith("field 'amount': got 'n/a'")
    assert "; field 'unit': got 'flurb'" in reasons[0]


def test_reasons_are_shared_by_equal_problems():
    """A thousand lines with the same bad value share one reason."""
    table = ActivityTable.from_records([{"activity": "x", "amount": "n/a", "unit": "L"}] * 1000)
    codes, reasons = table.problems.reasons(len(table))
    assert 1 == len(reasons)
    assert {0} == set(codes.tolist())


def test_concat_shifts_rows():
    """Stacking tables shifts the rows of the later table's problems."""
    a = ActivityTable.from_records([{"activity": "x", "amount": "1", "unit": "L"}])
    b = ActivityTable.from_records([{"activity": "x", "amount": "bad", "unit": "L"}])
    both = ActivityTable.concat([a, b])
    assert [1] == both.problems.row.tolist()
    assert [False, True] == (~both.valid).tolist()


@given(
    rows=st.lists(
        st.tuples(st.integers(0, 30), st.sampled_from(["amount", "unit", "year"]), st.text(max_size=4)),
        max_size=40,
    )
)
def test_every_row_with_a_problem_has_a_reason_naming_each(rows):
    """Every row with a problem gets a reason naming each of its problems (values stripped); no other row has one."""
    problems = Problems.from_columns(
        row=[r for r, _, _ in rows],
        line=[r + 2 for r, _, _ in rows],
        field=[f for _, f, _ in rows],
        value=[v for _, _, v in rows],
        expected=["something"] * len(rows),
    )
    codes, reasons = problems.reasons(31)
    with_problem = {r for r, _, _ in rows}
    assert with_problem == set(np.flatnonzero(codes >= 0).tolist())
    for row, field, value in rows:
        assert f"field {field!r}: got {value.strip()!r}" in reasons[codes[row]]
    assert len(set(reasons)) == len(reasons)
