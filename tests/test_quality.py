"""Tests for ghgcore.quality: the PCAF-style score of each result line."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
from ghgcore.quality import own_factor_sets, result_lines, result_scores, scores, summarise, weighted_score

from .conftest import EXAMPLES


def lines(**overrides):
    """One line per case: (status, method, match, factor_set, instrument_kwh, region, factor_id)."""
    rows = [
        # score 1: the organisation's own factor set; and an instrument covering the line
        ("calculated", None, "exact", "heat@0cc6c658b375", 0.0, "NO", "heat|kWh|NO||market"),
        ("calculated", None, "region", "grid@2025.2", 1500.0, "NO-NO1", "electricity|kWh|NO|2024|market"),
        # score 2: exact; a country's factor for a line in one of its zones
        ("calculated", None, "exact", "fuels@2021.2", 0.0, "NO", "diesel|L|NO|2019-|"),
        ("calculated", None, "region", "grid@2025.2", 0.0, "NO-NO5", "electricity|kWh|NO|2024|location"),
        # score 3: another country's factor; an earlier year's; both
        ("calculated", None, "region", "grid@2025.2", 0.0, "SE-SE3", "electricity|kWh|NO|2024|location"),
        ("calculated", None, "year", "travel@2021.1", 0.0, "NO", "flights|km||2021|"),
        ("calculated", None, "region+year", "grid@2025.2", 0.0, "NO-NO5", "electricity|kWh|NO|2023|location"),
        # score 4: spend on the line's country's table (of any year); 5: another country's
        ("calculated", "spend", "year", "spend@2019.2", 0.0, "NO", "freight|EUR|NO|2015-2021|"),
        ("calculated", "spend", "region", "spend@2019.2", 0.0, "DK", "freight|EUR|NO|2015-2021|"),
        # not calculated: no score
        ("unresolved", None, None, None, None, "NO", None),
        ("excluded", "spend", None, None, None, "NO", None),
    ]
    names = ("status", "method", "match", "factor_set", "instrument_kwh", "region", "factor_id")
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    columns.update(overrides)
    return pa.table(columns)


EXPECTED = [1, 1, 2, 2, 3, 3, 3, 4, 5, 0, 0]


def test_each_kind_of_line_gets_its_score():
    """Own factor or instrument 1, exact or national 2, fallbacks 3, spend 4 and 5, not calculated 0."""
    assert EXPECTED == scores(lines(), own_factor_sets=["heat@0cc6c658b375"]).tolist()


def test_the_same_from_pandas_and_numpy_columns():
    """Columns of pandas and numpy score as pyarrow ones do."""
    table = lines()
    frame = {name: table.column(name).to_pandas() for name in table.column_names}
    arrays = {name: np.asarray(table.column(name).to_pylist(), dtype=object) for name in table.column_names}
    arrays["instrument_kwh"] = np.array([np.nan if v is None else v for v in arrays["instrument_kwh"]])
    for columns in (frame, arrays):
        assert EXPECTED == scores(columns, ["heat@0cc6c658b375"]).tolist()


def test_dictionary_columns_as_stored():
    """Dictionary-encoded columns, as the account store writes them, score the same."""
    table = lines()
    encoded = pa.table(
        {
            n: table.column(n).dictionary_encode() if n != "instrument_kwh" else table.column(n)
            for n in table.column_names
        }
    )
    assert EXPECTED == scores(encoded, ["heat@0cc6c658b375"]).tolist()


def test_missing_tag_columns_mean_no_spend_and_no_instruments():
    """Without method, instrument_kwh, region and factor_id: no spend, no instrument, no national factor."""
    table = lines().drop(["method", "instrument_kwh", "region", "factor_id"])
    got = scores(table, ["heat@0cc6c658b375"]).tolist()
    # spend is not known: the spend lines score as activity data; the zone line is a region fallback
    assert [1, 3, 2, 3, 3, 3, 3, 3, 3, 0, 0] == got


def test_own_factor_sets_are_those_versioned_by_their_hash():
    """A set whose version is the start of its hash is the organisation's own."""
    sets = [
        {"name": "heat", "version": "0cc6c658b375", "sha256": "0cc6c658b375893e" + "0" * 48},
        {"name": "fuels", "version": "2021.2", "sha256": "c2099058afeea066" + "0" * 48},
    ]
    assert ["heat@0cc6c658b375"] == own_factor_sets(sets)


def test_weighted_score_weighs_by_absolute_emissions():
    """Negative emissions weigh by their size; unscored lines weigh nothing."""
    score = np.array([2, 4, 0], dtype=np.int8)
    assert 3.5 == pytest.approx(weighted_score(score, np.array([100.0, -300.0, 1e9])))
    assert weighted_score(np.array([0], dtype=np.int8), np.array([5.0])) is None


def test_a_result_scores_as_its_dataframe_does():
    """The example account: scores from the result's coded columns equal those of its DataFrame."""
    import glob

    inventory = calculate_inventory(sorted(glob.glob(str(EXAMPLES / "eksempel-as" / "2024" / "*"))))
    own = own_factor_sets(inventory.summary()["factor_sets"])
    expected = scores(inventory.to_dataframe(), own)
    assert expected.tolist() == result_scores(inventory.result).tolist()
    assert {1, 2, 3, 4} == set(expected[expected > 0].tolist())  # own heat factor, fuels, fallbacks, spend


def test_result_lines_are_coded_columns():
    """The columns are Categoricals of the result's codes, with its labels."""
    fs = FactorSet.from_factors(
        [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1"
    )
    inventory = calculate_inventory(
        [Activity.of("diesel", 1, "L"), Activity.of("unicorn", 1, "L")], fs, year=2024
    )
    columns = result_lines(inventory.result)
    assert ["calculated", "unresolved"] == columns["status"].to_numpy().tolist()
    assert ["exact", None] == columns["match"].to_numpy().tolist()
    assert ["diesel|L|||", None] == columns["factor_id"].to_numpy().tolist()
    assert [2, 0] == result_scores(inventory.result).tolist()


def test_summarise_counts_and_weighs_each_score():
    """Lines and kg per score, the weighted score; lines not calculated left out."""
    data = summarise(np.array([2, 4, 4, 0], dtype=np.int8), np.array([100.0, 300.0, -100.0, np.nan]))
    assert {"1": 0, "2": 1, "3": 0, "4": 2, "5": 0} == data["lines"]
    assert {"1": 0.0, "2": 100.0, "3": 0.0, "4": 200.0, "5": 0.0} == data["kg_co2e"]
    assert (2 * 100 + 4 * 400) / 500 == pytest.approx(data["weighted_score"])
    assert summarise(np.zeros(2, dtype=np.int8), np.zeros(2))["weighted_score"] is None
