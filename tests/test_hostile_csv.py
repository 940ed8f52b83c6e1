"""Hostile and broken CSV input, in every CSV format but the ledger's (issue 12).

Every reader either reads a file, with every data line accounted for (read,
or a problem naming its physical line), or raises its format's
GhgcoreError subclass naming the file and the reason; the command line
prints that as ``ghgcore: error: ...`` with exit status 2, never a
traceback. Each class of problem is tried in every format, through the
Python API and the command line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghgcore import ActivityFileError, ActivityTable, FactorSet
from ghgcore.activities import STANDARD_COLUMNS
from ghgcore.cli import main
from ghgcore.crosswalk import Crosswalk
from ghgcore.errors import (
    CrosswalkError,
    FactorSetError,
    GhgcoreError,
    InstrumentError,
    MappingError,
    PriceDataError,
)
from ghgcore.factors import EmissionFactor
from ghgcore.instruments import InstrumentTable
from ghgcore.money import ExchangeRates, PriceIndex
from ghgcore.spend import AccountMapping

ACTIVITIES = "activity,amount,unit,year\ndiesel,1000,L,2024\n"
FACTORS = "activity,unit,gas,value,value_unit,source,scope\ndiesel,L,CO2,2.5,kg,test,1\n"


@dataclass(frozen=True)
class Format:
    """A CSV format: its columns, a good row and a bad one, how Python and the command line read it."""

    name: str
    columns: tuple[str, ...]
    good: tuple[str, ...]
    bad: tuple[str, ...]  # one problem, in the field `bad_field`
    bad_field: str
    read: Callable[[Path], Any]
    error: type[GhgcoreError]
    option: str | None  # how the command line takes the file ("" for an input, None: it does not)
    comments: bool = True  # whether lines starting with '#' are comments


FORMATS = [
    Format(
        "activities",
        ("activity", "amount", "unit", "year"),
        ("diesel", "1000", "L", "2024"),
        ("diesel", "abc", "L", "2024"),
        "amount",
        ActivityTable.from_csv,
        ActivityFileError,
        "",
        comments=False,
    ),
    Format(
        "factors",
        ("activity", "unit", "gas", "value", "value_unit", "source", "scope"),
        ("diesel", "L", "CO2", "2.5", "kg", "test", "1"),
        ("diesel", "L", "CH4", "abc", "kg", "test", "1"),
        "value",
        FactorSet.from_csv,
        FactorSetError,
        "--factor-file",
    ),
    Format(
        "crosswalk",
        ("code", "activity"),
        ("6551", "diesel"),
        ("", "diesel"),
        "code",
        Crosswalk.from_csv,
        CrosswalkError,
        "--crosswalk",
    ),
    Format(
        "mapping",
        ("account", "category"),
        ("6551", "office_supplies"),
        ("", "office_supplies"),
        "account",
        AccountMapping.from_csv,
        MappingError,
        "--mapping",
    ),
    Format(
        "instruments",
        ("id", "amount", "unit", "rate", "rate_unit", "year", "market"),
        ("GO-1", "60", "MWh", "0", "g/kWh", "2024", "NO"),
        ("GO-2", "abc", "MWh", "0", "g/kWh", "2024", "NO"),
        "amount",
        InstrumentTable.from_csv,
        InstrumentError,
        "--instruments",
    ),
    Format(
        "price index",
        ("year", "change"),
        ("2020", "2.5"),
        ("2021", "abc"),
        "change",
        PriceIndex.from_csv,
        PriceDataError,
        "--price-index",
    ),
    Format(
        "exchange rates",
        ("year", "currency", "rate"),
        ("2020", "NOK", "10.7"),
        ("2021", "NOK", "abc"),
        "rate",
        ExchangeRates.from_csv,
        PriceDataError,
        None,
    ),
]
BY_NAME = {f.name: f for f in FORMATS}
REFERENCE = [f for f in FORMATS if f.name != "activities"]


def fid(fmt: Format) -> str:
    """A format's name, as the id of a test."""
    return fmt.name


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def line(cells: tuple[str, ...] | list[str]) -> str:
    """One CSV record (quoted where needed), without a line end."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)  # a value with a line end is quoted
    return buffer.getvalue()[:-1]


def cli(folder: Path, fmt: Format, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``ghgcore calculate`` with `path` in `fmt`'s place, our own factors only; exit status, stdout, stderr."""
    activities = write(folder, "inputs.csv", ACTIVITIES)
    factors = write(folder, "own-factors.csv", FACTORS)
    out = folder / "summary.json"
    if fmt.option == "":
        args = [str(path), str(factors)]
    else:
        assert fmt.option is not None
        args = [str(activities), str(factors), fmt.option, str(path)]
    status = main(["calculate", *args, "--factors", "none", "--format", "json", "-o", str(out)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def summary(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return data


def assert_no_traceback(err: str) -> None:
    assert "Traceback" not in err
    assert "internal error" not in err


# ---------------------------------------------------------------- headers


@pytest.mark.parametrize("fmt", FORMATS, ids=fid)
@pytest.mark.parametrize("variant", ["case", "space", "same"])
def test_a_column_named_twice_is_refused(tmp_path, fmt, variant):
    """`value` and `Value`, ` value` and `value`, or the same name twice: refused, naming both cells."""
    last = fmt.columns[-1]
    twin = {"case": last.upper(), "space": f"{last} ", "same": last}[variant]
    path = write(tmp_path, "twice.csv", line([*fmt.columns, twin]) + "\n" + line([*fmt.good, "9"]) + "\n")
    with pytest.raises(fmt.error) as info:
        fmt.read(path)
    message = str(info.value)
    assert str(path) in message
    assert f"column {len(fmt.columns)} ({last!r})" in message
    assert f"column {len(fmt.columns) + 1} ({twin!r})" in message
    assert "more than once" in message


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.option is not None], ids=fid)
def test_a_column_named_twice_on_the_command_line(tmp_path, fmt, capsys):
    """The command line says the same in one line of error, exit status 2."""
    last = fmt.columns[-1]
    path = write(
        tmp_path, "twice.csv", line([*fmt.columns, last.title()]) + "\n" + line([*fmt.good, "9"]) + "\n"
    )
    status, _, err = cli(tmp_path, fmt, path, capsys)
    assert 2 == status
    assert err.startswith("ghgcore: error: ")
    assert "more than once" in err
    assert repr(last.title()) in err
    assert_no_traceback(err)


@pytest.mark.parametrize("fmt", FORMATS, ids=fid)
def test_a_byte_order_mark_is_accepted(tmp_path, fmt):
    """A UTF-8 byte order mark before the header reads as if it were not there."""
    text = line(fmt.columns) + "\n" + line(fmt.good) + "\n"
    plain = fmt.read(write(tmp_path, "plain.csv", text))
    marked = fmt.read(write(tmp_path, "marked.csv", "\ufeff" + text))
    assert describe(plain) == describe(marked)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.option is not None], ids=fid)
def test_a_byte_order_mark_on_the_command_line(tmp_path, fmt, capsys):
    """... and on the command line: read, exit status 0."""
    path = write(tmp_path, "marked.csv", "\ufeff" + line(fmt.columns) + "\n" + line(fmt.good) + "\n")
    status, _, err = cli(tmp_path, fmt, path, capsys)
    assert 0 == status, err
    assert 1 == summary(tmp_path)["calculated"]


def describe(read: Any) -> Any:
    """What a reader read, comparable with ==."""
    if isinstance(read, ActivityTable):
        return (
            read.activity.to_numpy().tolist(),
            read.amount.tolist(),
            read.unit.to_numpy().tolist(),
            read.year.tolist(),
            {k: v.to_numpy().tolist() for k, v in read.tags.items()},
            read.line.tolist(),
            [str(p) for p in read.problems],
        )
    if isinstance(read, FactorSet):
        return [(f.activity, f.unit, dict(f.gases), f.source) for f in read]
    if isinstance(read, Crosswalk):
        return dict(read.codes), read.ranges
    if isinstance(read, AccountMapping):
        rules = [read.lookup(a) for a in ("6551", "6552", "7000")]
        return len(read.rules), [(r.category, r.exclude, r.debit_only) if r else None for r in rules]
    if isinstance(read, InstrumentTable):
        return read.instruments
    if isinstance(read, PriceIndex):
        return dict(read.changes)
    if isinstance(read, ExchangeRates):
        return {c: dict(y) for c, y in read.rates.items()}
    raise AssertionError(type(read))


# ---------------------------------------------------------------- trailing commas


@pytest.mark.parametrize("fmt", FORMATS, ids=fid)
@pytest.mark.parametrize("header_too", [False, True])
def test_a_comma_at_the_end_of_every_line(tmp_path, fmt, header_too):
    """An empty cell after the header's on every row (and the header) is ignored: nothing shifts."""
    text = line(fmt.columns) + "\n" + line(fmt.good) + "\n"
    plain = fmt.read(write(tmp_path, "plain.csv", text))
    lines = text.splitlines()
    trailing = [lines[0] + ("," if header_too else "")] + [f"{row}," for row in lines[1:]]
    assert describe(plain) == describe(fmt.read(write(tmp_path, "t.csv", "\n".join(trailing) + "\n")))


def test_a_comma_at_the_end_of_every_line_on_the_command_line(tmp_path, capsys):
    """The activities CSV with a trailing comma on its rows (not the header): calculated as without."""
    path = write(tmp_path, "a.csv", "activity,amount,unit,year\ndiesel,1000,L,2024,\ndiesel,10,L,2024,\n")
    status, _, err = cli(tmp_path, BY_NAME["activities"], path, capsys)
    assert 0 == status, err
    data = summary(tmp_path)
    assert (2, 2) == (data["lines"], data["calculated"])
    assert 1010 * 2.5 == pytest.approx(data["total_kg_co2e"])


@pytest.mark.parametrize("fmt", REFERENCE, ids=fid)
def test_values_after_the_header_refuse_reference_data(tmp_path, fmt):
    """Reference data with values after the header's cells is refused, naming the line and the values."""
    text = line(fmt.columns) + "\n\n" + line(fmt.good) + "\n" + line([*fmt.good, "", "surplus"]) + "\n"
    with pytest.raises(fmt.error) as info:
        fmt.read(write(tmp_path, "long.csv", text))
    assert [(4, "(row)", ",surplus")] == [(i.line, i.field, i.value) for i in info.value.issues]
    assert "cells as in the header" in str(info.value)


def test_values_after_the_header_make_an_activity_line_unresolved(tmp_path, capsys):
    """An activity line with values after the header's cells is unresolved, never shifted; the rest calculates."""
    text = "activity,amount,unit,year\ndiesel,1000,L,2024\n\ndiesel,5,L,2024,Oslo,\n"
    path = write(tmp_path, "a.csv", text)
    table = ActivityTable.from_csv(path)
    assert [1000.0, 5.0] == table.amount.tolist()
    assert [
        "line 4, field '(row)': got 'Oslo', expected 4 cells as in the header (any cells after them empty)"
    ] == [str(p) for p in table.problems]
    status, _, err = cli(tmp_path, BY_NAME["activities"], path, capsys)
    assert 0 == status, err
    data = summary(tmp_path)
    assert (2, 1) == (data["lines"], data["calculated"])
    assert [4] == [u["line"] for u in data["unresolved"]]
    assert "'(row)'" in data["unresolved"][0]["reason"]


def test_tags_of_one_name_in_two_spellings_are_two_tags(tmp_path):
    """Other columns of an activities CSV are tags: `note` and `Note` both kept, nothing replaced."""
    path = write(tmp_path, "a.csv", "activity,amount,unit,note,Note,note\ndiesel,1,L,a,b,c\n")
    table = ActivityTable.from_csv(path)
    assert {"note": ["a"], "Note": ["b"], "note.1": ["c"]} == {
        k: v.to_numpy().tolist() for k, v in table.tags.items()
    }


def test_an_unnamed_column_with_values_is_kept(tmp_path):
    """A blank header cell with values under it: a tag, never dropped."""
    path = write(tmp_path, "a.csv", "activity,amount,unit,\ndiesel,1,L,\ndiesel,2,L,Oslo\n")
    table = ActivityTable.from_csv(path)
    assert {"Unnamed: 3": [None, "Oslo"]} == {k: v.to_numpy().tolist() for k, v in table.tags.items()}


# ---------------------------------------------------------------- line numbers


@pytest.mark.parametrize("fmt", FORMATS, ids=fid)
@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_line_numbers_are_physical_lines(tmp_path, fmt, line_end):
    """After blank lines, a comment and a value quoted over three lines, the bad row is named by its own line."""
    note = "note"
    rows = [
        "",
        line([*fmt.columns, note]),
        "",
        line([*fmt.good, "two\nlines\nand a third"]),  # lines 4-6
        "",
        "   ",
        *(['# a comment, with a quote: "'] if fmt.comments else [""]),
        line([*fmt.bad, ""]),  # line 10
        "",
    ]
    path = write(tmp_path, "f.csv", "\n".join(rows).replace("\n", line_end))
    if fmt.name == "activities":
        table = fmt.read(path)
        assert [4, 10] == table.line.tolist()
        assert [(10, fmt.bad_field)] == [(p.line, p.field) for p in table.problems]
        assert "two\nlines\nand a third".replace("\n", line_end) in table.tags[note].categories
        return
    with pytest.raises(fmt.error) as info:
        fmt.read(path)
    assert [(10, fmt.bad_field)] == [(i.line, i.field) for i in info.value.issues]


@pytest.mark.parametrize("fmt", [f for f in REFERENCE if f.option], ids=fid)
def test_line_numbers_on_the_command_line(tmp_path, fmt, capsys):
    """The command line's message names the physical line too."""
    text = (
        line([*fmt.columns, "note"])
        + "\n\n"
        + line([*fmt.good, "a\nb"])
        + "\n\n"
        + line([*fmt.bad, ""])
        + "\n"
    )
    status, _, err = cli(tmp_path, fmt, write(tmp_path, "f.csv", text), capsys)
    assert 2 == status
    assert f"line 6, field {fmt.bad_field!r}" in err
    assert_no_traceback(err)


@pytest.mark.parametrize("fmt", FORMATS, ids=fid)
def test_a_quote_never_closed(tmp_path, fmt):
    """A quoted value never closed is an error naming the line it opens on, not the rest of the file as a value."""
    text = (
        line(fmt.columns)
        + "\n"
        + line(fmt.good)
        + "\n\n"
        + '"'
        + ",".join(fmt.good)
        + "\n"
        + line(fmt.good)
        + "\n"
    )
    with pytest.raises(fmt.error, match="line 4: a quoted value on this line is never closed") as info:
        fmt.read(write(tmp_path, "f.csv", text))
    assert "f.csv" in str(info.value)


@pytest.mark.parametrize("fmt", REFERENCE, ids=fid)
def test_only_lf_cr_and_crlf_end_lines(tmp_path, fmt):
    """Characters str.splitlines takes for line ends (U+2028, form feed, ...) are part of a value."""
    text = line([*fmt.columns, "note"]) + "\n" + line([*fmt.good, "a\u2028b\x0cc\x1cd\x85e"]) + "\n"
    read = fmt.read(write(tmp_path, "f.csv", text))
    plain = fmt.read(write(tmp_path, "p.csv", line(fmt.columns) + "\n" + line(fmt.good) + "\n"))
    assert describe(plain) == describe(read)


# ---------------------------------------------------------------- activities: bad values are lines


@pytest.mark.parametrize("year", ["abc", "20200", "2_024", "٢٠٢٤", "2024.5", "inf", "1e3", "1800"])
def test_an_invalid_year_is_one_unresolved_line(tmp_path, year, capsys):
    """One bad year: its line unresolved (line, field, what was expected), the rest calculated."""
    text = f"activity,amount,unit,year\ndiesel,1000,L,2024\n\ndiesel,7,L,{year}\ndiesel,10,L,2024\n"
    path = write(tmp_path, "a.csv", text)
    table = ActivityTable.from_csv(path)
    assert [(4, "year", year)] == [(p.line, p.field, p.value) for p in table.problems]
    status, _, err = cli(tmp_path, BY_NAME["activities"], path, capsys)
    assert 0 == status, err
    data = summary(tmp_path)
    assert (3, 2) == (data["lines"], data["calculated"])
    assert [4] == [u["line"] for u in data["unresolved"]]
    assert "field 'year'" in data["unresolved"][0]["reason"]
    assert "a whole year between 1900 and 2200" in data["unresolved"][0]["reason"]
    assert 1010 * 2.5 == pytest.approx(data["total_kg_co2e"])


@pytest.mark.parametrize(
    "amount", ["nan", "NaN", "inf", "-inf", "Infinity", "1e400", "-1e400", "1_000", "0x10"]
)
def test_a_non_finite_amount_is_one_unresolved_line(tmp_path, amount, capsys):
    """nan, inf or an overflowing amount: unresolved with the reason; the totals stay finite."""
    path = write(tmp_path, "a.csv", f"activity,amount,unit,year\ndiesel,{amount},L,2024\ndiesel,10,L,2024\n")
    table = ActivityTable.from_csv(path)
    assert [(2, "amount", amount)] == [(p.line, p.field, p.value) for p in table.problems]
    status, _, err = cli(tmp_path, BY_NAME["activities"], path, capsys)
    assert 0 == status, err
    data = summary(tmp_path)
    assert [2] == [u["line"] for u in data["unresolved"]]
    assert "a finite number" in data["unresolved"][0]["reason"]
    assert 25.0 == pytest.approx(data["total_kg_co2e"])


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "1_000", "0x10", "1,5"])
def test_a_non_finite_factor_value_is_refused(tmp_path, value, capsys):
    """The factors CSV's value column: nan, inf, an overflow or anything but a number is refused, naming the line."""
    path = write(tmp_path, "f.csv", FACTORS + line(["diesel", "L", "CH4", value, "kg", "test", "1"]) + "\n")
    with pytest.raises(FactorSetError) as info:
        FactorSet.from_csv(path)
    assert [(3, "value", value)] == [(i.line, i.field, i.value) for i in info.value.issues]
    status, _, err = cli(tmp_path, BY_NAME["factors"], path, capsys)
    assert 2 == status
    assert "line 3, field 'value'" in err
    assert_no_traceback(err)


def test_a_factor_overflowing_in_kg_is_refused(tmp_path):
    """1e308 t is no finite number of kg."""
    with pytest.raises(
        FactorSetError, match="line 2, field 'value': got '1e308', expected a value finite in kg"
    ):
        FactorSet.from_csv(
            write(tmp_path, "f.csv", "activity,unit,gas,value,value_unit,source\nx,L,CO2,1e308,t,s\n")
        )


# ---------------------------------------------------------------- price indices


@pytest.mark.parametrize("change", ["-100", "-100.0", "-250", "nan", "inf", "1e400", "abc", ""])
def test_a_bad_price_index_change(tmp_path, change, capsys):
    """A change of -100 % or less, or no finite number: the file is refused, naming line, field and expected."""
    path = write(tmp_path, "kpi.csv", f"year,change\n2019,2.2\n\n2020,{change}\n")
    with pytest.raises(PriceDataError) as info:
        PriceIndex.from_csv(path)
    assert [(4, "change", change, "a percent change above -100, such as 2.7")] == [
        (i.line, i.field, i.value, i.expected) for i in info.value.issues
    ]
    status, _, err = cli(tmp_path, BY_NAME["price index"], path, capsys)
    assert 2 == status
    assert "kpi.csv" in err
    assert "line 4, field 'change'" in err
    assert "math domain error" not in err
    assert_no_traceback(err)


@pytest.mark.parametrize("level", ["0", "-5", "nan", "inf", "1e400"])
def test_a_bad_price_index_level(tmp_path, level):
    """An index level must be a finite number above 0."""
    with pytest.raises(PriceDataError) as info:
        PriceIndex.from_csv(write(tmp_path, "kpi.csv", f"year,index\n2019,100\n2020,{level}\n"))
    assert [(3, "index", level)] == [(i.line, i.field, i.value) for i in info.value.issues]


@pytest.mark.parametrize("year", ["19", "20190", "²⁰¹⁹", "٢٠١٩", "2019.0", ""])
def test_a_bad_price_index_year(tmp_path, year):
    """A year is four ASCII digits; anything else is named, never a ValueError from int()."""
    with pytest.raises(PriceDataError) as info:
        PriceIndex.from_csv(write(tmp_path, "kpi.csv", f"year,change\n{year},2.5\n"))
    assert [(2, "year", year)] == [(i.line, i.field, i.value) for i in info.value.issues]
    with pytest.raises(PriceDataError) as info:
        ExchangeRates.from_csv(write(tmp_path, "rates.csv", f"year,currency,rate\n{year},NOK,10\n"))
    assert [(2, "year", year)] == [(i.line, i.field, i.value) for i in info.value.issues]


def test_a_price_index_needs_index_or_change(tmp_path):
    """Neither column: refused as a missing column, not as every row lacking a change."""
    with pytest.raises(PriceDataError, match="missing required column 'index' or 'change'"):
        PriceIndex.from_csv(write(tmp_path, "kpi.csv", "year,value\n2020,2.5\n"))


def test_price_index_from_python():
    """PriceIndex itself refuses a change of -100 % or less; ratios too large for a float are a reason."""
    with pytest.raises(PriceDataError, match=r"2020: -100\.0"):
        PriceIndex("NOK", "KPI", {2019: 2.0, 2020: -100})
    with pytest.raises(PriceDataError, match="levels 2020: 0"):
        PriceIndex.from_levels("NOK", "KPI", {2019: 100.0, 2020: 0})
    huge = PriceIndex("NOK", "KPI", {2019: 1e300, 2020: 1e300, 2021: 1e300})
    assert huge.mean_change == pytest.approx(1e300)
    with pytest.raises(LookupError, match="too large"):
        huge.ratio(2018, 2021)
    with pytest.raises(LookupError, match="too large"):
        huge.ratio(2018, 2025, extrapolate=True)


# ---------------------------------------------------------------- messages


def test_instrument_messages_are_not_garbled(tmp_path):
    """Each bad instrument row names its field, the value it had and what was expected, once."""
    text = (
        "id,amount,unit,rate,rate_unit,year,market\n"
        "a,-60,MWh,0,g/kWh,2024,NO\n"
        "b,60,MWh,-5,g/kWh,2024,NO\n"
        "c,1e308,MWh,0,g/kWh,2024,NO\n"
        "d,60,MWh,0,g/kWh,20_24,NO\n"
        "e,nan,MWh,0,g/kWh,2024,NO\n"
    )
    with pytest.raises(InstrumentError) as info:
        InstrumentTable.from_csv(write(tmp_path, "i.csv", text))
    assert [
        (2, "amount", "-60 MWh", "a volume of energy greater than 0, such as 1200 MWh"),
        (3, "rate", "-5 g/kWh", "an emission rate of 0 or more, such as 0 g/kWh or 25 kg/MWh"),
        (4, "amount", "1e308 MWh", "a volume of energy greater than 0, such as 1200 MWh"),
        (5, "year", "20_24", "a year from 1900 to 2200"),
        (6, "amount", "nan MWh", "a volume of energy greater than 0, such as 1200 MWh"),
    ] == [(i.line, i.field, i.value, i.expected) for i in info.value.issues]
    assert "expected instrument" not in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"price_year": 1800}, "price_year: got 1800, expected a whole year between 1900 and 2200"),
        ({"valid_from": "abc"}, "valid_from: got 'abc', expected a whole year"),
        ({"valid_to": 99999}, "valid_to: got 99999, expected a whole year"),
        ({"scope": 7}, "scope: got 7, expected scope 1, 2 or 3"),
        ({"category": 0}, "category: got 0, expected a scope 3 category from 1 to 15"),
    ],
)
def test_factor_messages_name_their_field(kwargs, message):
    """A bad EmissionFactor attribute: the message names the field, then what it got and expected."""
    with pytest.raises(ValueError, match=f"^{message}"):
        EmissionFactor("x", "NOK", {"CO2": 1.0}, source="s", **kwargs)


def test_factor_file_messages_are_whole(tmp_path):
    """Every issue of a factors file reads 'line n, field f: got v, expected e', never 'expected got'."""
    text = (
        "activity,unit,gas,value,value_unit,source,year,scope,category,price_year\n"
        "a,NOK,CO2,1,kg,s,1800,1,,\n"
        "b,NOK,CO2,1,kg,s,,7,,\n"
        "c,NOK,CO2,1,kg,s,,3,99,\n"
        "d,NOK,CO2,1,kg,s,,3,1,1800\n"
    )
    with pytest.raises(FactorSetError) as info:
        FactorSet.from_csv(write(tmp_path, "f.csv", text))
    assert [2, 3, 4, 5] == [i.line for i in info.value.issues]
    for issue in info.value.issues:
        assert not issue.expected.startswith("got")
        assert "expected got" not in str(issue)


# ---------------------------------------------------------------- tables from Python


def test_python_tables_with_a_column_twice():
    """Records and DataFrames with `amount` and `Amount` are refused too, not one replacing the other."""
    import pandas as pd

    record = {"activity": "diesel", "amount": 1, "unit": "L", "Amount": 5}
    with pytest.raises(ActivityFileError, match="more than once"):
        ActivityTable.from_records([record])
    with pytest.raises(ActivityFileError, match="more than once"):
        ActivityTable.from_dataframe(pd.DataFrame([record]))
    frame = pd.DataFrame([["diesel", 1, "L", 5]], columns=["activity", "amount", "unit", "amount"])
    with pytest.raises(ActivityFileError, match="more than once"):
        ActivityTable.from_dataframe(frame)
    frame = pd.DataFrame([["diesel", 1, "L", 5, 6]], columns=["activity", "amount", "unit", "note", "note"])
    with pytest.raises(ActivityFileError, match="more than one column named 'note'"):
        ActivityTable.from_dataframe(frame)
    both = pd.DataFrame([["diesel", 1, "L", 5, 6]], columns=["activity", "amount", "unit", "note", "Note"])
    assert ["note", "Note"] == list(ActivityTable.from_dataframe(both).tags)
    factor = {"activity": "x", "unit": "L", "gas": "CO2", "value": 1, "value_unit": "kg", "source": "s"}
    with pytest.raises(FactorSetError, match="'value' in column 4 \\('value'\\) and column 7 \\('Value'\\)"):
        FactorSet.from_records([{**factor, "Value": 2}], name="n")
    with pytest.raises(FactorSetError, match="more than once"):
        FactorSet.from_dataframe(pd.DataFrame([{**factor, " value": 2}]), name="n")
    with pytest.raises(InstrumentError, match="more than once"):
        InstrumentTable.from_records(
            [
                {
                    "id": "a",
                    "amount": 1,
                    "Amount": 2,
                    "unit": "MWh",
                    "rate": 0,
                    "rate_unit": "g/kWh",
                    "year": 2024,
                    "market": "NO",
                }
            ]
        )
    with pytest.raises(PriceDataError, match="more than once"):
        ExchangeRates.from_records([{"year": 2020, "currency": "NOK", "rate": 1, "Rate": 2}])


# ---------------------------------------------------------------- crosswalk codes


def test_crosswalk_codes_that_are_no_numbers():
    """Codes of thousands of digits or of digits int() refuses are looked up, never a ValueError."""
    walk = Crosswalk.from_records(
        [
            {"code": "6500-6599", "activity": "office"},
            {"code": "9" * 5000 + "-" + "9" * 5000, "activity": "x"},
        ],
        name="w",
        prefix=True,
    )
    assert "office" == walk.lookup("6551")
    assert walk.lookup("9" * 5000) is None
    assert walk.lookup("²³") is None
    assert walk.lookup("٦٥٥١") is None


def test_crosswalk_many_ranges_of_one_width_are_checked_quickly():
    """Overlaps are found among neighbours: 50,000 ranges of one width, one overlap, named."""
    records = [{"code": f"{10 * i}-{10 * i + 9}", "activity": "a"} for i in range(50_000)]
    records.append({"code": "15-24", "activity": "b"})
    with pytest.raises(CrosswalkError) as info:
        Crosswalk.from_records(records, name="w")
    assert [(3, "code", "20-29"), (50_001, "code", "15-24")] == [
        (i.line, i.field, i.value) for i in info.value.issues
    ]


# ---------------------------------------------------------------- Hypothesis: headers

OPTIONAL = {
    "activities": ("region", "site", "note"),
    "factors": ("region", "year", "scope", "licence", "note"),
    "crosswalk": ("note",),
    "mapping": ("side", "note"),
    "instruments": ("kind", "site", "note"),
    "price index": ("note",),
    "exchange rates": ("note",),
}


@st.composite
def headers(draw: st.DrawFn, fmt: Format) -> tuple[list[str], list[str]]:
    """A header of the format's columns, shuffled, some optional ones, each spelt in a random way.

    Returns the header's cells and the column each names (lower-cased).
    """
    names = list(fmt.columns) + draw(st.lists(st.sampled_from(OPTIONAL[fmt.name]), unique=True))
    names = draw(st.permutations(names))
    if draw(st.booleans()):  # a name twice, maybe in another spelling
        names.insert(draw(st.integers(0, len(names))), draw(st.sampled_from(names)))
    cells = []
    for name in names:
        spelt = "".join(c.upper() if draw(st.booleans()) else c for c in name)
        before, after = draw(st.sampled_from(["", " ", "  ", "\t"])), draw(st.sampled_from(["", " ", "\t"]))
        cells.append(before + spelt + after)
    return cells, names


@pytest.mark.parametrize("fmt", FORMATS, ids=fid)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_headers(fmt, data):
    """Any order, case and spacing of the names reads the same values; a name twice is refused, naming it."""
    cells, names = data.draw(headers(fmt))
    bom = data.draw(st.sampled_from(["", "\ufeff"]))
    values = dict(zip(fmt.columns, fmt.good, strict=True))
    row = [values.get(n, "") for n in names]
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "f.csv", bom + line(cells) + "\n" + line(row) + "\n")
        twice = {n for n in names if names.count(n) > 1}
        if fmt.name == "activities":  # other columns are tags: `Note` and `note` are two
            twice &= set(STANDARD_COLUMNS)
        if twice:
            with pytest.raises(fmt.error, match="more than once") as info:
                fmt.read(path)
            assert str(path) in str(info.value)
            return
        read = fmt.read(path)
        plain = fmt.read(write(Path(folder), "p.csv", line(fmt.columns) + "\n" + line(fmt.good) + "\n"))
    if fmt.name == "activities":  # tags aside (the optional columns, empty)
        assert describe(plain)[:4] == describe(read)[:4]
    else:
        assert describe(plain) == describe(read)


# ---------------------------------------------------------------- Hypothesis: rows

_CELL = st.text(alphabet=st.sampled_from([*'ab1 ,"\n#\t.-', "é", "\u2028"]), max_size=8)


@st.composite
def files(draw: st.DrawFn, fmt: Format) -> tuple[str, list[int], list[list[str]]]:
    """A file of rows of random cells with blank (and comment) lines between them.

    Returns the text, each row's first physical line, and the rows.
    """
    width = len(fmt.columns)
    rows = draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), max_size=12))
    parts = [line(fmt.columns)]
    lines: list[int] = []
    physical = 1
    for row in rows:
        if fmt.comments and row[0].lstrip(" ").startswith("#"):
            row[0] = "x" + row[0]  # a row starting with '#' would be a comment
        if not line(row).strip():
            row[0] = "x"  # nor may a row be blank
        for extra in draw(
            st.lists(st.sampled_from(["", "  ", "# note"] if fmt.comments else ["", "  "]), max_size=2)
        ):
            parts.append(extra)
            physical += 1
        parts.append(line(row))
        lines.append(physical + 1)
        physical += 1 + line(row).count("\n")
    return "\n".join(parts) + draw(st.sampled_from(["", "\n", "\n\n"])), lines, rows


def read_or_error(fmt: Format, path: Path) -> tuple[Any, Any]:
    """What `fmt` reads from `path`, or the error of its format (any other exception goes on)."""
    try:
        return fmt.read(path), None
    except fmt.error as e:
        return None, e


@pytest.mark.parametrize("fmt", FORMATS, ids=fid)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_random_rows(fmt, data):
    """Every row is accounted for: read on its physical line, or named by it in the error."""
    text, lines, rows = data.draw(files(fmt))
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "f.csv", text)
        read, error = read_or_error(fmt, path)
    if error is not None:
        assert str(path) in str(error)
        named = {i.line for i in error.issues}
        assert named, str(error)  # rows are well-formed CSV here: the error is about rows
        assert named <= set(lines), (named, lines)
        return
    if isinstance(read, ActivityTable):
        assert lines == read.line.tolist()
        assert [r[0].strip() or None for r in rows] == read.activity.to_numpy().tolist()
        assert {p.line for p in read.problems} <= set(lines)
    elif isinstance(read, Crosswalk):
        assert len(read) <= len(rows)


@pytest.mark.parametrize("fmt", FORMATS, ids=fid)
@settings(max_examples=60, deadline=None)
@given(body=st.binary(max_size=300), header=st.booleans())
def test_random_bytes(fmt, body, header):
    """Random bytes, after a good header or not: read, or the format's error naming the file; nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_bytes((line(fmt.columns).encode() + b"\n" if header else b"") + body)
        _, error = read_or_error(fmt, path)
    assert error is None or str(path) in str(error)


@settings(max_examples=30, deadline=None)
@given(body=st.text(alphabet=st.sampled_from([*'ab,"\n\r ', "\ufeff", "\x00"]), max_size=80))
def test_random_text_on_the_command_line(body):
    """Random text as an activities input: a report or one line of error, exit status 0 or 2, no traceback."""
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "a.csv", "activity,amount,unit,year\n" + body)
        factors = write(Path(folder), "f.csv", FACTORS)
        buffer_out, buffer_err = io.StringIO(), io.StringIO()
        from contextlib import redirect_stderr, redirect_stdout

        with redirect_stdout(buffer_out), redirect_stderr(buffer_err):
            status = main(
                ["calculate", str(path), str(factors), "--factors", "none", "--year", "2024", "--format", "json",
                 "-o", os.path.join(folder, "s.json")]
            )  # fmt: skip
    assert status in (0, 2), buffer_err.getvalue()
    assert_no_traceback(buffer_err.getvalue())
