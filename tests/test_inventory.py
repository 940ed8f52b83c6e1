"""Tests for ghgcore.inventory and ghgcore.report."""

from __future__ import annotations

import json

import pytest

from ghgcore import Activity, Inventory
from ghgcore.output import dumps_summary
from ghgcore.views import TOTAL_BASIS, format_table


@pytest.fixture
def inventory(simple_factors):
    acts = [
        Activity.of("diesel", 100, "L"),
        Activity.of("electricity", 10, "MWh", region="NO"),
        Activity.of("software", 1000, "EUR", year=2019),
        Activity.of("biogas", 100, "kWh"),
        Activity.of("unicorn", 1, "kg"),
    ]
    return Inventory.calculate(acts, simple_factors, organisation="Test <AS>", year=2023, gwp="AR5")


def test_summary_has_the_interchange_keys(inventory):
    """The JSON summary carries the keys of the architecture note."""
    data = inventory.summary()
    for key in (
        "gwp",
        "total_kg_co2e",
        "scopes",
        "scope3_categories",
        "gases",
        "biogenic_co2_kg",
        "lines",
        "calculated",
        "unresolved",
        "factor_sets",
    ):
        assert key in data
    assert {"1", "2_location", "2_market", "3"} == set(data["scopes"])
    assert {str(c) for c in range(1, 16)} | {"unassigned"} == set(data["scope3_categories"])
    assert TOTAL_BASIS == data["total_basis"]
    assert [{"line": 5, "reason": data["unresolved"][0]["reason"]}] == data["unresolved"]
    assert [{"name": "simple", "version": "1.0", "sha256": inventory.result.factor_sets[0].sha256}] == data[
        "factor_sets"
    ]


def test_summary_numbers(inventory):
    """Scope totals checked by hand (AR5)."""
    data = inventory.summary()
    scope1 = 100 * (2.5 + 1e-4 * 28 + 2e-5 * 265) + 100 * 1e-3 * 28
    assert scope1 == pytest.approx(data["scopes"]["1"])
    assert 200.0 == pytest.approx(data["scopes"]["2_location"])
    assert 4000.0 == pytest.approx(data["scopes"]["2_market"])
    assert 90.0 == pytest.approx(data["scope3_categories"]["1"])
    assert scope1 + 4000.0 + 90.0 == pytest.approx(data["total_kg_co2e"])
    assert 20.0 == pytest.approx(data["biogenic_co2_kg"])
    assert (5, 4) == (data["lines"], data["calculated"])


def test_json_is_valid_and_stable(inventory):
    """Sorted keys, no NaN, same bytes twice."""
    text = dumps_summary(inventory.summary())
    assert "AR5" == json.loads(text)["gwp"]
    assert text == dumps_summary(inventory.summary())


def test_json_refuses_nan():
    """A NaN is never written as JSON."""
    with pytest.raises(ValueError, match="Out of range"):
        dumps_summary({"x": float("nan")})


def test_table_and_str(inventory):
    """The text report shows scopes, both scope 2 methods and the unresolved line."""
    text = str(inventory)
    assert "Scope 2, location-based" in text
    assert "Scope 2, market-based" in text
    assert "line 5: unknown activity 'unicorn'" in text
    assert text == format_table(inventory.summary())


def test_table_truncates_long_unresolved_lists(inventory):
    """A long list of unresolved lines is cut, saying how many more."""
    data = inventory.summary()
    data["unresolved"] = data["unresolved"] * 30
    assert "... and 10 more" in format_table(data)


def test_html_view_escapes(inventory):
    """The notebook view shows totals and unresolved lines, escaped."""
    html = inventory._repr_html_()
    assert "Test &lt;AS&gt;" in html
    assert "Unresolved lines" in html
    assert "unicorn" in html
    assert "<script" not in html


def test_result_html_view(inventory):
    """A bare Result renders through the views; the model itself knows no HTML."""
    from ghgcore.views import summary, to_html

    assert "Scope 2, market-based" in to_html(summary(inventory.result))
    assert not hasattr(inventory.result, "_repr_html_")


def test_to_dataframe_one_row_per_line(inventory):
    """The per-line table has every input line."""
    frame = inventory.to_dataframe()
    assert 5 == len(frame)
    assert [1, 2, 3, 4, 5] == frame["line"].tolist()


def test_repr(inventory):
    """The repr names the organisation, year and counts."""
    assert "Test <AS> 2023" in repr(inventory)
    assert "1 unresolved" in repr(inventory)
