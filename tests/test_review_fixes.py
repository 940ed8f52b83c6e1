"""Edge cases a review of the foundation change found: each a behaviour a user relies on."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ghgcore import Activity, calculate_inventory
from ghgcore.cli import main
from ghgcore.errors import OptionError, OutputError
from ghgcore.lock import Lock
from ghgcore.output import dumps_summary
from ghgcore.sources import resolve

from .conftest import EXAMPLES


def test_options_beside_a_sources_object_are_refused(tmp_path, simple_factors):
    """A lock (or mappings, crosswalks, indices) given beside a Sources would be ignored: refused instead."""
    path = tmp_path / "ghgcore.lock"
    Lock.of([simple_factors]).write(path)
    with pytest.raises(OptionError, match=r"lock: give them to sources\.resolve"):
        calculate_inventory([Activity.of("diesel", 1, "L", year=2024)], resolve(simple_factors), lock=path)


def test_two_own_price_indices_for_one_currency_are_refused(tmp_path):
    """Two indices of yours for NOK: which to use is not guessed."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.csv").write_text("year,change\n2019,2\n", encoding="utf-8")
    with pytest.raises(OptionError, match="two price indices for NOK"):
        resolve("spend", price_indices=[tmp_path / "a.csv", tmp_path / "b.csv"])


def test_a_negative_year_window_is_a_clear_error(capsys):
    """--years-back -3: exit 2 with a message, no traceback."""
    acts, factors = EXAMPLES / "activities.csv", EXAMPLES / "factors.csv"
    assert 2 == main(["calculate", str(acts), "-f", str(factors), "--fallback", "year", "--years-back", "-3"])
    assert "years back: expected a number of years >= 0, got -3" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    [
        "\naccount,amount,date\n6551,100,2023-01-01\n",
        "account,amount,date,activity\n6551,100,2023-01-01,x\n",
    ],
)
def test_ledger_command_reads_ledgers_with_a_blank_first_line_or_an_activity_column(tmp_path, capsys, text):
    """'ghgcore ledger' asks only the ledger readers, which skip blank lines."""
    path = tmp_path / "gl.csv"
    path.write_text(text, encoding="utf-8")
    assert 0 == main(["ledger", str(path), "--format", "json"])
    assert 1 == json.loads(capsys.readouterr().out)["lines"]


def test_with_columns_keeps_the_input_as_read(example_paths):
    """A feature's column cannot take the name of an input column."""
    acts, factors = example_paths
    result = calculate_inventory(acts, [factors, "fuels"]).result
    with pytest.raises(ValueError, match="amount: the name of an input column"):
        result.with_columns(amount=np.zeros(len(result)))


def test_frame_columns_in_the_order_of_the_csv_format(example_paths):
    """The per-line CSV keeps its column order: input, status and reason, CO2e and gases, factor ids, the rest."""
    acts, factors = example_paths
    columns = list(calculate_inventory(acts, [factors, "fuels"]).to_dataframe().columns)
    assert ["line", "activity", "amount", "unit", "region", "year", "site", "id"] == columns[:8]
    assert columns.index("status") < columns.index("co2e_kg") < columns.index("factor_id")
    assert columns.index("factor_set") + 1 == columns.index("boundary")
    assert [
        "instrument_kwh",
        "instruments",
        "activity_key",
        "match",
        "market_factor_id",
        "market_boundary",
    ] == columns[-6:]


def test_dumps_summary_takes_numpy_floats_and_refuses_nan_as_an_output_error():
    """A section's numpy float is written as json writes it; a NaN is an OutputError naming its place."""
    data = {"x": {"kg": np.float64(0.1)}, "rows": [{"line": 1, "kg": np.float64(1.5)}] * 70}
    assert json.dumps(data, indent=2, sort_keys=True) + "\n" == dumps_summary(data)
    with pytest.raises(OutputError, match=r"summary\.x\.kg"):
        dumps_summary({"x": {"kg": np.float64("nan")}})
