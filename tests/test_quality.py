"""Tests for ghgcore.quality: the PCAF-style score of each result line."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from ghgcore.quality import own_factor_sets, scores, weighted_score


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
    assert EXPECTED == scores(lines(), own_factor_sets=["heat@0cc6c658b375"]).tolist()


def test_the_same_from_pandas_and_numpy_columns():
    table = lines()
    frame = {name: table.column(name).to_pandas() for name in table.column_names}
    arrays = {name: np.asarray(table.column(name).to_pylist(), dtype=object) for name in table.column_names}
    arrays["instrument_kwh"] = np.array([np.nan if v is None else v for v in arrays["instrument_kwh"]])
    for columns in (frame, arrays):
        assert EXPECTED == scores(columns, ["heat@0cc6c658b375"]).tolist()


def test_dictionary_columns_as_stored():
    table = lines()
    encoded = pa.table(
        {
            n: table.column(n).dictionary_encode() if n != "instrument_kwh" else table.column(n)
            for n in table.column_names
        }
    )
    assert EXPECTED == scores(encoded, ["heat@0cc6c658b375"]).tolist()


def test_missing_tag_columns_mean_no_spend_and_no_instruments():
    table = lines().drop(["method", "instrument_kwh", "region", "factor_id"])
    got = scores(table, ["heat@0cc6c658b375"]).tolist()
    # spend is not known: the spend lines score as activity data; the zone line is a region fallback
    assert [1, 3, 2, 3, 3, 3, 3, 3, 3, 0, 0] == got


def test_own_factor_sets_are_those_versioned_by_their_hash():
    sets = [
        {"name": "heat", "version": "0cc6c658b375", "sha256": "0cc6c658b375893e" + "0" * 48},
        {"name": "fuels", "version": "2021.2", "sha256": "c2099058afeea066" + "0" * 48},
    ]
    assert ["heat@0cc6c658b375"] == own_factor_sets(sets)


def test_weighted_score_weighs_by_absolute_emissions():
    score = np.array([2, 4, 0], dtype=np.int8)
    assert 3.5 == pytest.approx(weighted_score(score, np.array([100.0, -300.0, 1e9])))
    assert weighted_score(np.array([0], dtype=np.int8), np.array([5.0])) is None
