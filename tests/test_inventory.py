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
        "energy",
        "quality",
        "uncertainty",
    ):
        assert key in data
    assert {"1", "2_location", "2_market", "3"} == set(data["scopes"])
    assert {str(c) for c in range(1, 16)} | {"unassigned"} == set(data["scope3_categories"])
    assert TOTAL_BASIS == data["total_basis"]
    assert [{"line": 5, "reason": data["unresolved"][0]["reason"]}] == data["unresolved"]
    assert [{"name": "simple", "version": "1.0", "sha256": inventory.result.factor_sets[0].sha256}] == data[
        "factor_sets"
    ]


def test_summary_quality_and_uncertainty(inventory):
    """Quality per score and approach 1's intervals, in the shape of the interchange format."""
    data = inventory.summary()
    quality = data["quality"]
    assert {"weighted_score", "lines", "kg_co2e"} == set(quality)
    assert [str(s) for s in range(1, 6)] == list(quality["lines"]) == list(quality["kg_co2e"])
    assert data["calculated"] == sum(quality["lines"].values())
    assert data["total_kg_co2e"] == pytest.approx(sum(quality["kg_co2e"].values()))
    assert 1 <= quality["weighted_score"] <= 5
    uncertainty = data["uncertainty"]
    assert ("approach1", 0.95) == (uncertainty["method"], uncertainty["level"])
    assert ["total", "1", "2_location", "2_market", "3"] == list(uncertainty["figures"])  # no scope 3 lines
    for key, figure in uncertainty["figures"].items():
        assert {"value", "low", "high", "relative"} == set(figure)
        assert figure["low"] <= figure["value"] <= figure["high"], key
    assert data["scopes"]["2_market"] == uncertainty["figures"]["2_market"]["value"]
    assert inventory.intervals()["total"].value == uncertainty["figures"]["total"]["value"]


def test_summary_without_calculated_lines_is_valid_json(simple_factors):
    """No line calculated: no weighted score, zero intervals, and the JSON writes."""
    inventory = Inventory.calculate([Activity.of("unicorn", 1, "kg")], simple_factors, year=2023)
    data = inventory.summary()
    assert data["quality"]["weighted_score"] is None
    assert {"value": 0.0, "low": 0.0, "high": 0.0, "relative": 0.0} == data["uncertainty"]["figures"]["total"]
    assert json.loads(dumps_summary(data))["uncertainty"]["level"] == 0.95


def test_frames_and_views_from_the_inventory(inventory):
    """The thin methods: frames and views in a language."""
    from ghgcore.views import frames, to_html

    assert frames.scopes(inventory, unit="kg").equals(inventory.scopes(unit="kg"))
    assert inventory.to_text(language="nb") == format_table(inventory.summary(), language="nb")
    assert inventory.to_html() == to_html(inventory.summary())
    assert set(inventory.frame()["line"]) == {1, 2, 4}


def test_summary_numbers(inventory):
    """Scope totals checked by hand (AR5)."""
    data = inventory.summary()
    scope1 = 100 * (2.5 + 1e-4 * 28 + 2e-5 * 265) + 100 * 1e-3 * 28
    assert scope1 == pytest.approx(data["scopes"]["1"])
    assert 200.0 == pytest.approx(data["scopes"]["2_location"])
    assert 4000.0 == pytest.approx(data["scopes"]["2_market"])
    # the 2019 software line is not in the 2023 inventory: excluded, never summed in
    assert 0.0 == data["scope3_categories"]["1"]
    assert {"2019": 1} == data["other_years"]
    assert scope1 + 4000.0 == pytest.approx(data["total_kg_co2e"])
    assert 20.0 == pytest.approx(data["biogenic_co2_kg"])
    assert (5, 3) == (data["lines"], data["calculated"])
    [excluded] = data["excluded"]
    assert excluded["reason"].startswith("a line of 2019, not of the reporting year 2023")


def test_json_is_valid_and_stable(inventory):
    """Sorted keys, no NaN, same bytes twice."""
    text = dumps_summary(inventory.summary())
    assert "AR5" == json.loads(text)["gwp"]
    assert text == dumps_summary(inventory.summary())


def test_json_refuses_nan():
    """A NaN is never written as JSON."""
    with pytest.raises(ValueError, match=r"summary\.x: a NaN or infinity is not valid JSON"):
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


class TestCalculateInventory:
    """ghgcore.calculate_inventory: what 'ghgcore calculate' does, in one call."""

    def test_same_summary_as_the_command_line(self, tmp_path, example_paths):
        """The quick start through Python and through the CLI gives byte-identical JSON."""
        import json

        from ghgcore import calculate_inventory
        from ghgcore.cli import main

        acts, factors = example_paths
        inventory = calculate_inventory(acts, [factors, "fuels"], organisation="Eksempel AS")
        out = tmp_path / "summary.json"
        args = [str(acts), "-f", str(factors), "--factors", "fuels", "--organisation", "Eksempel AS"]
        assert 0 == main(["calculate", *args, "--format", "json", "-o", str(out)])
        assert json.loads(out.read_text(encoding="utf-8")) == json.loads(dumps_summary(inventory.summary()))

    def test_a_ledger_and_activity_lines_together(self, tmp_path):
        """A SAF-T file plus activity lines: every line accounted for, the ledger reconciled."""
        from ghgcore import calculate_inventory

        from .test_ledger import EXAMPLE

        acts = tmp_path / "acts.csv"
        acts.write_text("activity,amount,unit,year\ndiesel,100,L,2017\n", encoding="utf-8")
        inventory = calculate_inventory(
            [EXAMPLE, acts], ["fuels", "spend"], fallback="year", extrapolate_prices=True, year=2017
        )
        data = inventory.summary()
        assert 171 == data["lines"]
        assert data["lines"] == data["calculated"] + sum(e["lines"] for e in data["excluded"]) + len(
            data["unresolved"]
        )
        assert [True] == [ledger["balanced"] for ledger in data["reconciliation"]["ledgers"]]
        assert data["spend"]["spend_kg_co2e"] > 0
        assert data["scopes"]["1"] > 0

    def test_ledger_without_mapping_is_an_option_error(self, simple_factors):
        """A ledger needs an account mapping: said, not guessed."""
        from ghgcore import calculate_inventory
        from ghgcore.errors import OptionError

        from .test_ledger import EXAMPLE

        with pytest.raises(OptionError, match="needs an account mapping"):
            calculate_inventory(EXAMPLE, simple_factors)

    def test_no_year_is_an_option_error(self, simple_factors):
        """Without a year on every line and no reporting year, nothing is guessed."""
        from ghgcore import Activity, calculate_inventory
        from ghgcore.errors import OptionError

        with pytest.raises(OptionError, match="no reporting year"):
            calculate_inventory([Activity.of("diesel", 1, "L")], simple_factors)

    def test_dataframe_input(self, simple_factors):
        """A DataFrame is an input like a file."""
        import pandas as pd

        from ghgcore import calculate_inventory

        frame = pd.DataFrame({"activity": ["diesel"], "amount": [1000.0], "unit": ["L"], "year": [2024]})
        inventory = calculate_inventory(frame, simple_factors)
        assert inventory.summary()["scopes"]["1"] == pytest.approx(inventory.result.total())


def test_result_with_columns_adds_a_column(inventory):
    """A feature adds a column to the result, and the frame shows it."""
    import numpy as np

    extra = inventory.result.with_columns(quality=np.full(len(inventory.result), 3, dtype=np.int8))
    assert [3] * len(extra) == extra.to_dataframe()["quality"].tolist()
    assert "quality" not in inventory.result.lines


def test_result_refuses_a_column_of_the_wrong_length(inventory):
    """A column must have one value per line."""
    import numpy as np

    with pytest.raises(ValueError, match="values for"):
        inventory.result.with_columns(quality=np.zeros(1))


@pytest.mark.parametrize(("module", "name"), [("ghgcore.report", "summary"), ("ghgcore.io", "dumps_summary")])
def test_old_names_still_work_and_warn(module, name):
    """ghgcore.report and ghgcore.io are deprecated aliases of ghgcore.views and ghgcore.output."""
    import importlib

    with pytest.warns(DeprecationWarning, match="moved to"):
        assert callable(getattr(importlib.import_module(module), name))
