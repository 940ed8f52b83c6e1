"""Tests for ghgcore.views.frames: the long frame and the labelled sums."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings

from ghgcore import Activity, EmissionFactor, FactorSet, calculate, calculate_inventory
from ghgcore.errors import OptionError
from ghgcore.figures import CATEGORY_NAMES
from ghgcore.gases import get_gwp_set
from ghgcore.views import frames
from ghgcore.views._base import category_names

from .strategies import activity_lists, factor_sets, gwp_names

#: Software bought by the euro, at the prices of any year (no price index needed).
CLOUD = FactorSet.from_factors(
    [EmissionFactor("cloud", "EUR", {"CO2e": 0.3}, source="test: eeio", scope=3, category=1)],
    name="cloud",
    version="1",
)


@pytest.fixture
def inventory(simple_factors):
    """Diesel, biogas, electricity (two bases), cloud services by the euro and a line of no factor."""
    acts = [
        Activity.of("diesel", 100, "L", site="Bergen"),
        Activity.of("electricity", 10, "MWh", region="NO", site="Oslo"),
        Activity.of("cloud", 1000, "EUR", site="Oslo"),
        Activity.of("biogas", 100, "kWh", site="Oslo"),
        Activity.of("unicorn", 1, "kg"),
    ]
    return calculate_inventory(acts, [simple_factors, CLOUD], organisation="Test AS", year=2023)


def test_long_frame_has_its_columns_and_both_bases(inventory):
    """Columns in order; every calculated line under both bases, with the same rows on each."""
    df = frames.lines_frame(inventory)
    assert list(frames.COLUMNS) == list(df.columns)
    location, market = df[df.basis == "location"], df[df.basis == "market"]
    assert len(location) == len(market)
    assert location["line"].tolist() == market["line"].tolist()
    assert location["gas"].tolist() == market["gas"].tolist()
    assert {1, 2, 3, 4} == set(df["line"])  # the unresolved line 5 is not there
    assert {"Test AS"} == set(df["organisation"])


def test_market_rows_add_up_to_the_summary_total(inventory):
    """The market-based rows in the scopes are the total; the location-based ones the location total."""
    df = frames.lines_frame(inventory)
    data = inventory.summary()
    inside = df[df.in_scopes]
    assert data["total_kg_co2e"] == pytest.approx(inside[inside.basis == "market"].kg_co2e.sum(), rel=1e-12)
    assert data["total_location_based_kg_co2e"] == pytest.approx(
        inside[inside.basis == "location"].kg_co2e.sum(), rel=1e-12
    )


def test_the_electricity_line_differs_by_basis(inventory):
    """Scope 2's line has its location-based and market-based kg and factor, said by the basis column."""
    df = frames.lines_frame(inventory)
    line = df[(df.line == 2) & (df.gas == "CO2")].set_index("basis")
    assert 200.0 == pytest.approx(line.loc["location", "kg"])
    assert 4000.0 == pytest.approx(line.loc["market", "kg"])
    assert "electricity|kWh|NO|2020-2024|location" == line.loc["location", "factor_id"]
    assert "electricity|kWh|NO|2020-2024|market" == line.loc["market", "factor_id"]
    assert ["simple@1.0", "simple@1.0"] == line["factor_set"].tolist()


def test_biogenic_co2_is_outside_the_scopes(inventory):
    """Biogenic CO2 has its kg, weighs nothing, and is flagged outside the scopes."""
    df = frames.lines_frame(inventory, basis="market")
    biogenic = df[df.gas == "CO2_biogenic"]
    assert [20.0] == pytest.approx(biogenic["kg"].tolist())
    assert [0.0] == biogenic["kg_co2e"].tolist()
    assert [False] == biogenic["in_scopes"].tolist()
    assert {"market"} == set(df["basis"])


def test_category_and_its_name(inventory):
    """Scope 3 lines carry their category and the GHG Protocol's name; others neither."""
    df = frames.lines_frame(inventory, basis="market")
    software = df[df.line == 3].iloc[0]
    assert (3, 1, "Purchased goods and services") == (
        software.scope,
        software.category,
        software.category_name,
    )
    diesel = df[df.line == 1].iloc[0]
    assert diesel.category is pd.NA
    assert pd.isna(diesel.category_name)


def test_quality_and_method_columns(inventory):
    """The line's quality score is the quality module's, and lines not from a ledger are activity data."""
    from ghgcore.quality import result_scores

    df = frames.lines_frame(inventory, basis="location")
    scores = result_scores(inventory.result)
    assert [int(scores[line - 1]) for line in df["line"]] == df["quality"].tolist()
    assert {"activity"} == set(df["method"])


def test_scopes_one_column_per_basis(inventory):
    """Each column adds up to that basis's total; scope 2 differs between them."""
    kg = frames.scopes(inventory, unit="kg")
    data = inventory.summary()
    assert [1, 2, 3] == kg.index.tolist()
    assert ["location", "market"] == kg.columns.tolist()
    assert "kg CO2e" == kg.attrs["unit"]
    assert data["total_kg_co2e"] == pytest.approx(kg["market"].sum(), abs=1e-5)
    assert data["total_location_based_kg_co2e"] == pytest.approx(kg["location"].sum(), abs=1e-5)
    assert (200.0, 4000.0) == (kg.loc[2, "location"], kg.loc[2, "market"])


def test_tonnes_are_kilograms_over_a_thousand(inventory):
    """The same sums in t are the kg ones divided by 1000 (to the milligram)."""
    kg, t = frames.scopes(inventory, unit="kg"), frames.scopes(inventory, unit="t")
    assert np.allclose(kg.to_numpy() / 1000, t.to_numpy(), rtol=0, atol=1e-9)
    assert "t_co2e" == t.columns.name


def test_categories_have_names_and_no_float_noise():
    """1234.1, 0.7 and 3.3 EUR at 0.3 kg/EUR read as 371.43, with every category named."""
    result = calculate([Activity.of("cloud", a, "EUR") for a in (1234.1, 0.7, 3.3)], CLOUD)
    assert 371.43 != result.by_category()["1"]  # the noise there is to remove: 371.42999999999995
    table = frames.categories(result, unit="kg")
    assert list(range(1, 16)) == table.index.tolist()
    assert [CATEGORY_NAMES[str(c)] for c in range(1, 16)] == table["name"].tolist()
    assert 371.43 == table.loc[1, "kg_co2e"]
    assert 0.0 == table.loc[2, "kg_co2e"]


def test_categories_list_scope3_lines_without_a_category(simple_factors):
    """A scope 3 line without a category is the row 0, unassigned."""
    result = calculate([Activity.of("diesel", 10, "L", scope=3)], simple_factors)
    table = frames.categories(result)
    assert [*range(1, 16), 0] == table.index.tolist()
    assert "unassigned" == table.loc[0, "name"]
    assert result.total() / 1000 == pytest.approx(table["t_co2e"].sum())


def test_categories_in_another_language(inventory):
    """The names come from the language's catalogue."""
    assert list(category_names("nb").values()) == frames.categories(inventory, language="nb")["name"].tolist()


def test_gases_mass_and_co2e(inventory):
    """Each gas's mass and CO2e on the basis asked for; biogenic CO2 apart."""
    market = frames.gases(inventory)
    location = frames.gases(inventory, basis="location")
    assert 4000.0 + 250.0 == pytest.approx(market.loc["CO2", "kg"])
    assert 200.0 + 250.0 == pytest.approx(location.loc["CO2", "kg"])
    assert not market.loc["CO2_biogenic", "in_scopes"]
    inside = market[market.in_scopes]["kg_co2e"].sum()
    assert inventory.summary()["total_kg_co2e"] == pytest.approx(inside, abs=1e-5)
    assert "market" == market.attrs["basis"]


def test_gwp_effect_changes_co2e_and_not_kg(simple_factors):
    """An AR6 inventory's AR5 column is what an AR5 inventory gives; masses are the same."""
    acts = [Activity.of("diesel", 100, "L"), Activity.of("biogas", 100, "kWh")]
    ar6 = calculate_inventory(acts, simple_factors, year=2023, gwp="AR6")
    ar5 = calculate_inventory(acts, simple_factors, year=2023, gwp="AR5")
    effect = frames.gwp_effect(ar6, unit="kg")
    assert ["AR6", "AR5", "AR4"] == effect.columns.tolist()
    assert "CO2_biogenic" not in effect.index
    assert frames.gases(ar5)["kg_co2e"].drop("CO2_biogenic").to_dict() == effect["AR5"].to_dict()
    assert frames.gases(ar6)["kg"].to_dict() == frames.gases(ar5)["kg"].to_dict()
    assert effect.loc["CH4_non_fossil", "AR6"] != effect.loc["CH4_non_fossil", "AR5"]


def test_gwp_effect_takes_gwp_set_objects_and_refuses_names_it_does_not_know(inventory):
    """A GWPSet passes through; an unknown name or a bare string is an OptionError naming it."""
    assert ["AR4"] == frames.gwp_effect(inventory, gwps=[get_gwp_set("AR4")]).columns.tolist()
    with pytest.raises(OptionError, match="AR7"):
        frames.gwp_effect(inventory, gwps=["AR7"])
    with pytest.raises(OptionError, match="sequence of GWP sets"):
        frames.gwp_effect(inventory, gwps="AR6")


def test_by_several_columns(inventory):
    """Grouping by site and scope; the sums add up to the total."""
    sums = frames.by(inventory, ["site", "scope"], unit="kg")
    assert ["site", "scope"] == list(sums.index.names)
    assert 4000.0 == pytest.approx(sums.loc[("Oslo", 2)])
    assert inventory.summary()["total_kg_co2e"] == pytest.approx(sums.sum(), abs=1e-5)
    assert "kg_co2e" == sums.name


def test_by_gas_leaves_out_what_is_outside_the_scopes(inventory):
    """By gas: the CO2e of each gas in the scopes, biogenic CO2 not among them."""
    sums = frames.by(inventory, "gas", basis="location", unit="kg")
    assert "CO2_biogenic" not in sums.index
    assert inventory.summary()["total_location_based_kg_co2e"] == pytest.approx(sums.sum(), abs=1e-5)


def test_by_a_tag(simple_factors):
    """The input's tags are columns too."""
    acts = [Activity.of("diesel", 1, "L", tags={"department": d}) for d in ("sales", "sales", "it")]
    sums = frames.by(calculate(acts, simple_factors), "department", unit="kg")
    assert ["sales", "it"] == sums.index.tolist()
    assert sums["sales"] == pytest.approx(2 * sums["it"])


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"columns": "kg"}, "'kg'"),
        ({"columns": ["nothing"]}, "'nothing'"),
        ({"columns": []}, "expected one or more"),
        ({"columns": ["site", "site"]}, "named twice"),
        ({"columns": "site", "unit": "g"}, "unit 'g'"),
        ({"columns": "site", "basis": "both"}, "basis 'both'"),
    ],
)
def test_by_refuses_what_it_cannot_do(inventory, kwargs, named):
    """Unknown columns, units and bases are OptionErrors naming what was wrong."""
    with pytest.raises(OptionError, match=named):
        frames.by(inventory, **kwargs)


@pytest.mark.parametrize("function", [frames.scopes, frames.categories, frames.gases, frames.gwp_effect])
def test_units_other_than_kg_or_t_are_refused(inventory, function):
    """Only kg and t."""
    with pytest.raises(OptionError, match="expected 'kg' or 't'"):
        function(inventory, unit="lb")


def test_a_source_that_is_not_an_account_is_refused():
    """Not an inventory nor a result: said, not an AttributeError."""
    with pytest.raises(OptionError, match="Inventory or a Result"):
        frames.lines_frame({"scopes": {}})


def test_inventory_methods_delegate(inventory):
    """The thin methods on Inventory give the module's frames."""
    assert frames.scopes(inventory).equals(inventory.scopes())
    assert frames.categories(inventory, unit="kg").equals(inventory.categories(unit="kg"))
    assert frames.gases(inventory).equals(inventory.gases())
    assert frames.gwp_effect(inventory).equals(inventory.gwp_effect())
    assert frames.by(inventory, "scope").equals(inventory.by("scope"))
    assert frames.lines_frame(inventory, basis="market").equals(inventory.frame(basis="market"))


def test_an_empty_inventory_gives_empty_frames(simple_factors):
    """No calculated line: no rows, zero sums."""
    result = calculate([Activity.of("unicorn", 1, "kg")], simple_factors)
    assert 0 == len(frames.lines_frame(result))
    assert 0.0 == frames.scopes(result).to_numpy().sum()
    assert 0 == len(frames.by(result, "scope"))


@settings(max_examples=30, deadline=None)
@given(factor_sets(), activity_lists(min_size=1), gwp_names)
def test_properties_of_the_frames(fs, acts, gwp):
    """Market rows add up to the summary's total; t is kg / 1000; masses do not depend on the GWP set."""
    assume(any(a.year in (None, 2024) for a in acts))  # else no line is of 2024: refused (test_defaults)
    inventory = calculate_inventory(acts, fs, year=2024, gwp=gwp)
    data = inventory.summary()
    df = frames.lines_frame(inventory, basis="market")
    total = df[df.in_scopes].kg_co2e.sum()
    assert math.isclose(data["total_kg_co2e"], total, rel_tol=1e-9, abs_tol=1e-6)
    kg, t = frames.scopes(inventory, unit="kg"), frames.scopes(inventory, unit="t")
    assert np.allclose(kg.to_numpy() / 1000, t.to_numpy(), rtol=1e-12, atol=1e-9)
    other = calculate_inventory(acts, fs, year=2024, gwp="AR4" if gwp != "AR4" else "AR6")
    assert frames.lines_frame(other)["kg"].tolist() == frames.lines_frame(inventory)["kg"].tolist()
    effect = frames.gwp_effect(inventory, gwps=[gwp], unit="kg")
    assert math.isclose(data["total_kg_co2e"], effect[gwp].sum(), rel_tol=1e-9, abs_tol=1e-5)


def test_intervals_frame_is_the_summary(inventory):
    """The intervals frame holds the summary's figures and intervals, in t, with names."""
    table = inventory.intervals_frame()
    figures = inventory.summary()["uncertainty"]["figures"]
    assert list(figures) == list(table.index)
    for key, figure in figures.items():
        row = table.loc[key]
        expected = [round(figure[k] / 1000, 9) for k in ("value", "low", "high")]  # to the milligram
        assert expected == [row["value"], row["low"], row["high"]]
        if figure["relative"] is None:
            assert math.isnan(row["relative"])
        else:
            assert figure["relative"] == row["relative"]
    assert "Scope 2, market-based" == table.loc["2_market", "name"]
    assert ("t CO2e", "approach1", 0.95) == (table.attrs["unit"], table.attrs["method"], table.attrs["level"])


def test_intervals_frame_categories_named_and_monte_carlo(inventory):
    """Categories read 'Scope 3, category N: name'; Monte Carlo is said in attrs and brackets the value."""
    table = frames.intervals(inventory, unit="kg", method="monte-carlo", samples=2000, seed=5)
    categories = [k for k in table.index if k.startswith("3.")]
    assert categories
    for key in categories:
        assert f"Scope 3, category {key[2:]}: {CATEGORY_NAMES[key[2:]]}" == table.loc[key, "name"]
    assert "monte-carlo" == table.attrs["method"]
    total = table.loc["total"]
    assert total["low"] <= total["value"] <= total["high"]


def test_intervals_frame_refuses_a_bad_unit(inventory):
    """Only kg and t."""
    with pytest.raises(OptionError, match="unit 'Mt': expected 'kg' or 't'"):
        frames.intervals(inventory, unit="Mt")


def test_intervals_frame_zero_figure_is_certain(simple_factors):
    """A figure of 0 without lines (scope 2 of a diesel-only account) is 0 with relative 0, as in the summary."""
    inventory = calculate_inventory(
        [Activity.of("diesel", 100, "L")], simple_factors, organisation="T", year=2023
    )
    table = inventory.intervals_frame()
    assert [0.0, 0.0, 0.0, 0.0] == table.loc["2_market", ["value", "low", "high", "relative"]].tolist()
    assert 0.0 == inventory.summary()["uncertainty"]["figures"]["2_market"]["relative"]
