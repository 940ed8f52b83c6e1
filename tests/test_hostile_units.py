"""Units from untrusted input: read by a grammar that cannot compute, refused fast and remembered.

A unit string comes from files (activities and factors CSVs, instruments,
SAF-T's ``DefaultCurrencyCode``). pint would evaluate it as arithmetic
(``9**9**9`` takes hours); ghgcore reads it with its own grammar of names,
``*``, ``/``, spaces, parentheses and small whole-number powers, and only looks
the names up in pint's registry.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pint
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghgcore import units
from ghgcore.cli import main
from ghgcore.units import (
    UnitError,
    check_unit,
    conversion_factor,
    currency_of,
    describe_dimension,
    dimensionality,
    get_registry,
    parse_unit,
    quantity,
)

#: texts that make pint compute: each must be refused without computing anything
ATTACKS = [
    "9**9**9",
    "9**9**8",
    "2**1000000",
    "10**10**10 kg",
    "kg**9**9",
    "kg**99999999999",
    "kg**(9**9**9)",
    "(kg**4)**4",
    "((kg**2)**2)**2",
    "kg^9^9^9",
    "1e400 kg",
    "-1e308*kg*1e308",
    "kg * 1000000000000000000000",
    "inf kg",
    "nan",
    "kg/0",
    "kg**-9",
    "m²²²²",
    "(" * 50_000 + "kg" + ")" * 50_000,
    "(" * 6 + "kg" + ")" * 6,
    "kg*" * 30_000 + "kg",
    "9" * 100_000,
    "kg " * 40,
    "x" * 100_000,
    "9**9**9" * 10_000,
]


@pytest.fixture(scope="module", autouse=True)
def _registry_built():
    """Build the registry once, so that no timing below counts it."""
    get_registry()


def _timed(unit: str) -> tuple[float, UnitError | None]:
    start = time.perf_counter()
    try:
        check_unit(unit)
    except UnitError as e:
        return time.perf_counter() - start, e
    return time.perf_counter() - start, None


@pytest.mark.parametrize("unit", ATTACKS, ids=lambda u: u[:24])
def test_attacks_are_refused_fast_with_what_was_expected(unit):
    """Arithmetic, huge powers, deep nesting, 100 kB texts: a UnitError in well under a millisecond's order."""
    elapsed, error = _timed(unit)
    assert error is not None, f"{unit[:40]!r} was accepted"
    assert elapsed < 0.05, f"{unit[:40]!r} took {elapsed:.3f} s"
    message = str(error)
    assert "expected" in message
    assert error.expected
    assert unit[:8] in message  # the text is named (cut short if long)
    assert len(message) < 400


@pytest.mark.parametrize("unit", ATTACKS, ids=lambda u: u[:24])
def test_attacks_through_every_entry_point(unit):
    """parse_unit, dimensionality, conversion_factor and quantity refuse; currency_of and describe_dimension answer."""
    for call in (parse_unit, dimensionality, lambda u: conversion_factor(u, "kg"), lambda u: quantity(1, u)):
        with pytest.raises(UnitError):
            call(unit)
    with pytest.raises(UnitError):
        conversion_factor("kg", unit)
    assert currency_of(unit) is None
    assert "not a unit" == describe_dimension(unit)


@pytest.fixture
def no_pint_evaluation(monkeypatch):
    """Make any evaluation of a text by pint (its tokenizer, behind parse_expression and parse_units) fail."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"pint was asked to evaluate {args!r}")

    monkeypatch.setattr(pint.pint_eval, "tokenizer", refuse)
    monkeypatch.setattr(units, "_memo", lambda: None)
    # what this process learnt is set aside, so that every unit below is read anew
    caches = (units._parsed, units._dimensionalities, units._factors, units._refused)
    saved = [dict(cache) for cache in caches]
    for cache in caches:
        cache.clear()
    yield
    for cache, before in zip(caches, saved, strict=True):
        cache.clear()
        cache.update(before)


LEGITIMATE = {
    # unit text: the same unit written the usual way
    "kWh": "kilowatt_hour",
    "kg CO2e / passenger_km": "kilogram * carbon_dioxide_equivalent / passenger_km",
    "kilogram * carbon_dioxide_equivalent / kilowatt_hour": "kg*CO2e/kWh",
    "1 / kilowatt_hour": "1/kWh",
    "m³": "m**3",
    "m⁻¹": "1/m",
    "kg·m⁻³": "kg/m**3",
    "kg/(t*km)": "kg/t/km",
    "kg/m s": "kg*s/m",
    "kg**-1": "1/kg",
    "kg^2": "kg**2",
    "kg**(-2)": "1/kg**2",
    "(kg**2)**2": "kg**4",
    "cubic metres": "m**3",
    "square meter": "m**2",
    "m squared": "m**2",
    "kg per kWh": "kg/kWh",
    "kWh\npercent": "kWh*percent",
    "kg\u00a0m": "kg*m",
    "kg.m": "kg*m",
    "%": "percent",
    "kNOK": "kiloNOK",
    "MMBtu": "MMBtu",
    "kWh_gross": "kilowatt_hour_gross",
    "Sm3": "standard_cubic_meter",
    "Sm³": "standard_cubic_meter",
    "room_night": "person_night",
    "tonne_km": "tonne*km",
    "µg": "microgram",
    "((((kg))))": "kg",
    "dimensionless": "dimensionless",
}


@pytest.mark.parametrize(("text", "same_as"), list(LEGITIMATE.items()))
def test_legitimate_units_are_read_without_pint_evaluating_text(text, same_as, no_pint_evaluation):
    """Every way the project's data and pint's own output write units still works, and pint only looks names up."""
    assert parse_unit(text).dimensionality == parse_unit(same_as).dimensionality
    assert dimensionality(text) == dimensionality(same_as)
    assert 1.0 == pytest.approx(conversion_factor(text, same_as))


def test_shipped_plugin_data_units_all_parse():
    """Every unit and value_unit of the shipped plugins' data files is a unit."""
    import csv

    root = Path(__file__).resolve().parent.parent / "plugins"
    seen: set[str] = set()
    for path in root.glob("*/src/*/data/*.csv"):
        lines = [
            line for line in path.read_text(encoding="utf-8-sig").splitlines() if not line.startswith("#")
        ]
        for row in csv.DictReader(lines):
            seen.update(row[c] for c in ("unit", "value_unit") if row.get(c))
    if not seen:
        pytest.skip("no plugin data in this checkout")
    for unit in seen:
        check_unit(unit)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("3 kg", "a unit without a number"),
        ("1000 L", "a unit without a number"),
        ("kg*2", "a unit without a number"),
        ("kg**5", "whole-number powers from -4 to 4"),
        ("kg**2.0", "whole-number powers from -4 to 4"),
        ("kg**04", "whole-number powers from -4 to 4"),
        ("kg**2**2", "whole-number powers from -4 to 4"),
        ("(kg**3)**2", "whole-number powers from -4 to 4"),
        ("(((((kg)))))", "at most 4 levels of parentheses"),
        ("kg " * 13, "at most 12 unit names"),
        ("x" * 201, "at most 200 characters"),
        ("kg(m)", "a unit such as 'kWh'"),
        ("k,g", "a unit such as 'kWh'"),
        ("-kg", "a unit such as 'kWh'"),
        ("kg )", "a unit such as 'kWh'"),
        ("kg *", "a unit such as 'kWh'"),
        ("parsecs_of_diesel", "a unit such as 'kWh'"),
        ("degC * kg", "a unit without an offset"),
        ("MBtu", "kBtu for a thousand Btu, or MMBtu"),
        ("MBTU", "kBtu for a thousand Btu, or MMBtu"),
        ("MBtus", "kBtu for a thousand Btu, or MMBtu"),
        ("MBtu_gross", "kBtu for a thousand Btu, or MMBtu"),
        ("kg / MBtu", "kBtu for a thousand Btu, or MMBtu"),
        ("cubic MBtu", "kBtu for a thousand Btu, or MMBtu"),
    ],
)
def test_each_refusal_says_what_was_expected(unit, expected):
    """The message names the text and what would have been accepted; `expected` is the same words."""
    with pytest.raises(UnitError) as info:
        check_unit(unit)
    assert expected in info.value.expected
    assert expected in str(info.value)
    assert repr(unit[:8])[:-1] in str(info.value)


def test_an_unknown_name_inside_a_unit_is_named():
    """Of 'kg/foo', the message names 'foo'."""
    with pytest.raises(UnitError, match=r"unknown unit 'foo' in 'kg/foo'"):
        check_unit("kg/foo")


def test_an_overflowing_conversion_is_refused_not_infinite():
    """Two units whose factor leaves the range of floats: a UnitError, never inf or 0."""
    big, small = "Ypc**4 * Ypc**4 * Ypc**4", "ym**4 * ym**4 * ym**4"
    for a, b in ((big, small), (small, big)):
        with pytest.raises(UnitError, match="out of the range of numbers"):
            conversion_factor(a, b)


def test_a_refusal_is_remembered(monkeypatch):
    """A million lines with one bad unit cost one check: the refusal is kept, grammar or unknown name."""
    for bad in ("3 kg", "widgets_of_nothing"):
        with pytest.raises(UnitError):
            check_unit(bad)
        built: list[object] = []
        monkeypatch.setattr(units, "_Parser", built.append)
        monkeypatch.setattr(units, "_build", lambda *args, built=built: built.append(args))
        for _ in range(1000):
            with pytest.raises(UnitError):
                check_unit(bad)
            with pytest.raises(UnitError):
                conversion_factor(bad, "kg")
        assert [] == built
        monkeypatch.undo()


def test_long_texts_are_not_kept():
    """Texts longer than a unit can be are refused on their length alone, and never cached."""
    long = "k" * 300
    for _ in range(3):
        with pytest.raises(UnitError, match="too long"):
            check_unit(long)
        assert currency_of(long) is None
    assert long not in units._refused


def test_units_defined_at_run_time_forget_refusals(tmp_path):
    """A name refused as unknown is accepted once a plugin defines it (in a process of its own)."""
    import os
    import subprocess
    import sys

    code = (
        "from ghgcore.units import UnitError, check_unit, get_registry\n"
        "try:\n    check_unit('boe')\nexcept UnitError:\n    print('refused')\n"
        "get_registry().define('boe = 1700 * kWh')\n"
        "check_unit('boe'); print('accepted')\n"
    )
    env = {**os.environ, "GHGCORE_CACHE_DIR": str(tmp_path)}
    env.pop("GHGCORE_NO_CACHE", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert ["refused", "accepted"] == out.stdout.split()


# ---------------------------------------------------------------- properties

_PIECES = [
    "kWh", "L", "kg", "CO2e", "passenger_km", "MWh", "Sm3", "t", "km", "m", "s", "NOK", "%", "degC",
    "1", "2", "4", "5", "9", "0", "e", ".5", "**", "^", "*", "/", "·", ".", " ", "(", ")", "-", "+",
    "²", "³", "⁻¹", "per", "square", "cubed", "\n", ",", "'", "\\", "[", "=", "_", "inf", "nan",
]  # fmt: skip

unit_like = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join)
hostile = st.one_of(
    unit_like,
    st.text(max_size=60),
    st.text(alphabet="9*()^-+e. ", max_size=300),
    st.builds(lambda n, inner: "(" * n + inner + ")" * n, st.integers(0, 5000), unit_like),
    st.builds(lambda piece, n: piece * n, unit_like, st.integers(1, 20_000)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_any_text_is_a_unit_or_a_unit_error_quickly(text):
    """Random text: the check returns or raises UnitError (never anything else), within a small time bound."""
    elapsed, error = _timed(text)
    assert elapsed < 0.2, f"{text[:40]!r} took {elapsed:.3f} s"
    if error is not None:
        assert error.expected
        assert len(str(error)) < 400


def _accepted(text: str) -> pint.Unit | None:
    try:
        return parse_unit(text)
    except UnitError:
        return None


@settings(max_examples=300, deadline=None)
@given(unit_like)
def test_what_the_grammar_accepts_means_what_pint_says(text):
    """An accepted text holds no number but 1 and small powers, and means what pint would read it as.

    pint refuses a few spellings ghgcore reads (a power of '%', 'per' between
    other whitespace, the alias 'Sm³'); everything else both read is the same unit.
    """
    parsed = _accepted(text)
    if parsed is None:
        return
    for bad in ("9", "5", ".5", "inf", "nan", ","):
        assert bad not in text.replace("⁻¹", "")
    try:
        read = get_registry().parse_expression(text)  # safe: the grammar accepted it
    except Exception:
        assert any(s in text for s in ("%", "per", "Sm³")), text
        return
    assert 1 == read.magnitude, text
    assert read.units == parsed, text


_NAMES = ["kWh", "L", "kg", "CO2e", "passenger_km", "MWh", "Sm3", "t", "km", "m", "s", "NOK", "room_night"]


@st.composite
def written_units(draw: st.DrawFn) -> str:
    """A unit built from known names, operators and powers of 1 to 2 (no more than the limits)."""
    names = draw(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=4))
    text = ""
    for i, name in enumerate(names):
        power = draw(st.sampled_from(["", "**2", "^2", "**-1", "²", "³", "⁻¹"]))
        if i:
            text += draw(st.sampled_from([" * ", "*", "/", " / ", " ", "·", " per "]))
        text += name + power
    if draw(st.booleans()):
        text = f"({text})"
    return text


@settings(max_examples=200, deadline=None)
@given(written_units())
def test_units_written_from_known_names_are_read(text):
    """Known names with operators and small powers are units, equal to pint's reading."""
    parsed = parse_unit(text)
    assert parsed == get_registry().parse_expression(text).units


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(_NAMES), min_size=1, max_size=3, unique=True),
    st.sampled_from(["", "~P", "~C", "~D", "P", "C"]),
)
def test_pint_formats_of_a_unit_read_back(names, spec):
    """What pint writes for a unit (default, pretty, compact) reads back as the same unit."""
    registry = get_registry()
    unit = registry.Unit(names[0])
    for name in names[1:]:
        unit = unit / registry.Unit(name)
    assert unit == parse_unit(format(unit, spec))


# ---------------------------------------------------------------- through the readers and the CLI


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "unit", ["9**9**8", "9**9**9", "2**1000000", "kg**9**9", "(" * 3000 + "L" + ")" * 3000]
)
def test_cli_activities_with_a_hostile_unit(unit, tmp_path, capsys):
    """A 40-byte CSV whose unit computes: that line unresolved with the reason, the rest calculated, in moments."""
    factors = _write(
        tmp_path / "f.csv", "activity,unit,gas,value,value_unit,scope,source\ndiesel,L,CO2,2.5,kg,1,test\n"
    )
    acts = _write(tmp_path / "a.csv", f"activity,amount,unit,year\ndiesel,1,{unit},2024\ndiesel,2,L,2024\n")
    out = tmp_path / "out.json"
    start = time.perf_counter()
    status = main(
        ["calculate", str(acts), "-f", str(factors), "--factors", "none", "--format", "json", "-o", str(out)]
    )
    assert time.perf_counter() - start < 10
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert status in (0, 1)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert 5.0 == pytest.approx(data["total_kg_co2e"])
    [unresolved] = data["unresolved"]
    assert 2 == unresolved["line"]
    assert "field 'unit'" in unresolved["reason"]
    assert "expected a unit" in unresolved["reason"]


def test_python_api_activities_with_hostile_units():
    """From records, the bad unit is a problem of its line, naming the field and what was expected."""
    from ghgcore import Activity, ActivityTable

    table = ActivityTable.from_records(
        [{"activity": "diesel", "amount": 1, "unit": u} for u in ("9**9**9", "L", "kg**9", "3 kg")]
    )
    problems = list(table.problems)
    assert [("unit", "9**9**9"), ("unit", "kg**9"), ("unit", "3 kg")] == [
        (p.field, p.value) for p in problems
    ]
    assert all(p.expected.startswith("a unit") for p in problems)
    with pytest.raises(ValueError, match="a unit without a number"):
        Activity.of("diesel", 1, "9**9**9")


@pytest.mark.parametrize("column", ["unit", "value_unit"])
def test_cli_factors_with_a_hostile_unit(column, tmp_path, capsys):
    """A factors CSV whose unit or value_unit computes: refused in moments, naming the line and the field."""
    row = {"unit": "L", "value_unit": "kg"} | {column: "9**9**9"}
    factors = _write(
        tmp_path / "f.csv",
        f"activity,unit,gas,value,value_unit,source\ndiesel,{row['unit']},CO2,2.5,{row['value_unit']},test\n",
    )
    acts = _write(tmp_path / "a.csv", "activity,amount,unit,year\ndiesel,2,L,2024\n")
    start = time.perf_counter()
    assert 2 == main(
        ["calculate", str(acts), "-f", str(factors), "--factors", "none", "-o", str(tmp_path / "o")]
    )
    assert time.perf_counter() - start < 10
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"field '{column}'" in err
    assert "9**9**9" in err


def test_cli_instruments_with_a_hostile_unit(tmp_path, capsys):
    """Certificates whose unit or rate unit computes: refused in moments, naming the line."""
    factors = _write(
        tmp_path / "f.csv",
        "activity,unit,gas,value,value_unit,region,year,scope,method,source\n"
        "electricity,kWh,CO2,20,g,NO,2023,2,location,grid\n"
        "electricity,kWh,CO2,400,g,NO,2023,2,market,residual\n",
    )
    acts = _write(tmp_path / "a.csv", "activity,amount,unit,region,year\nelectricity,100,MWh,NO,2023\n")
    certs = _write(
        tmp_path / "i.csv",
        "id,amount,unit,rate,rate_unit,year,market\nGO-1,60,9**9**9,0,g/kWh,2023,NO\nGO-2,1,MWh,0,2**10**10,2023,NO\n",
    )
    start = time.perf_counter()
    status = main(
        [
            "calculate",
            str(acts),
            "-f",
            str(factors),
            "--factors",
            "none",
            "--instruments",
            str(certs),
            "-o",
            str(tmp_path / "o"),
        ]
    )
    assert time.perf_counter() - start < 10
    err = capsys.readouterr().err
    assert 2 == status
    assert "Traceback" not in err
    assert "9**9**9" in err
    assert "2**10**10" in err


SAFT = Path(__file__).resolve().parent.parent / "examples" / "eksempel-as" / "2024"


@pytest.mark.parametrize("code", ["9**9**9", "2**1000000", "(" * 5000 + "NOK" + ")" * 5000, "NOK**9"])
def test_cli_saft_with_a_hostile_currency(code, tmp_path, capsys):
    """SAF-T whose DefaultCurrencyCode computes: the run ends in moments, no traceback, its lines unresolved."""
    if not (SAFT / "ledger.xml").is_file():
        pytest.skip("no example SAF-T file")
    xml = (SAFT / "ledger.xml").read_text(encoding="utf-8")
    assert "<DefaultCurrencyCode>NOK</DefaultCurrencyCode>" in xml
    ledger = _write(
        tmp_path / "ledger.xml", xml.replace(">NOK</DefaultCurrencyCode>", f">{code}</DefaultCurrencyCode>")
    )
    out = tmp_path / "out.json"
    start = time.perf_counter()
    status = main(["calculate", str(ledger), str(SAFT / "accounts.csv"), "--format", "json", "-o", str(out)])
    assert time.perf_counter() - start < 30
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert status in (0, 1, 2)
    if status == 2:
        assert code[:7] in err
    else:
        assert "not a unit" in out.read_text(encoding="utf-8") or code[:7] in out.read_text(encoding="utf-8")


def test_python_api_saft_with_a_hostile_currency(tmp_path):
    """The same through calculate_inventory: a GhgcoreError or unresolved lines, never another exception."""
    import ghgcore
    from ghgcore.errors import GhgcoreError

    if not (SAFT / "ledger.xml").is_file():
        pytest.skip("no example SAF-T file")
    xml = (SAFT / "ledger.xml").read_text(encoding="utf-8")
    ledger = _write(
        tmp_path / "ledger.xml", xml.replace(">NOK</DefaultCurrencyCode>", ">9**9**9</DefaultCurrencyCode>")
    )
    start = time.perf_counter()
    try:
        inventory = ghgcore.calculate_inventory([ledger, SAFT / "accounts.csv"])
    except GhgcoreError as e:
        message = str(e)
    else:
        message = "\n".join(str(line) for line in inventory.result.unresolved)
    assert time.perf_counter() - start < 30
    assert "9**9**9" in message


@pytest.mark.parametrize("value", [None, 3, 1.5, b"kg", ["kg"], {"kg": 1}, float("nan")])
def test_a_unit_that_is_not_text_is_a_unit_error(value):
    """From Python, a number, None, bytes or a list as a unit: a UnitError saying a text was expected."""
    for call in (check_unit, parse_unit, dimensionality, lambda u: conversion_factor(u, "kg")):
        with pytest.raises(UnitError, match="is not text: expected a unit such as 'kWh'"):
            call(value)
    with pytest.raises(UnitError, match="is not text"):
        conversion_factor("kg", value)
    assert currency_of(value) is None
    assert "not a unit" == describe_dimension(value)
