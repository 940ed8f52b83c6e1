"""Tests for ghgcore.units."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pint
import pytest

from ghgcore.units import (
    UnitError,
    check_unit,
    conversion_factor,
    describe_dimension,
    get_registry,
    parse_unit,
    quantity,
    use_as_application_registry,
)

from .strategies import UNIT_FAMILIES


def test_registry_is_shared_and_lazy():
    """One registry for the library: every call returns the same object."""
    assert get_registry() is get_registry()


def test_import_does_not_touch_application_registry():
    """Importing and using ghgcore leaves pint's application registry alone."""
    get_registry()
    assert pint.get_application_registry().get() is not get_registry()


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("NOK", "NOK"), ("EUR", "EUR"), ("SEK", "SEK"), ("DKK", "DKK"), ("USD", "USD"), ("GBP", "GBP")],
)
def test_currencies_are_units(unit, expected):
    """The currencies the networks use are units of their own."""
    assert expected == str(parse_unit(unit))


def test_currencies_never_convert_into_each_other():
    """No exchange rate is ever applied by accident: NOK and EUR differ in dimension."""
    with pytest.raises(UnitError, match="money in NOK"):
        conversion_factor("NOK", "EUR")


def test_prefixed_currency():
    """KNOK is a thousand NOK."""
    assert 1000.0 == conversion_factor("kNOK", "NOK")


@pytest.mark.parametrize(("factor_unit", "family"), list(UNIT_FAMILIES.items()))
def test_conversion_factors_of_families(factor_unit, family):
    """The numbers the test strategies rely on are the registry's."""
    for unit, expected in family.items():
        assert expected == pytest.approx(conversion_factor(unit, factor_unit), rel=1e-12)


def test_transport_units():
    """passenger_km, tonne_km and vehicle_km are distance times a count or a mass."""
    assert 1.0 == conversion_factor("pkm", "passenger_km")
    assert 1000.0 == pytest.approx(conversion_factor("tonne_km", "kg * km"))
    with pytest.raises(UnitError):
        conversion_factor("passenger_km", "km")


def test_co2e_is_a_mass_of_its_own():
    """Kg CO2e converts to t CO2e, not to kg."""
    assert 0.001 == pytest.approx(conversion_factor("kg CO2e", "t CO2e"))
    with pytest.raises(UnitError):
        conversion_factor("kg CO2e", "kg")


@pytest.mark.parametrize("text", ["", "   ", "furlongs_per_fortnight_x", "3 kg", "kg +"])
def test_parse_unit_rejects(text):
    """Unknown units, empty strings and numbers are not units."""
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert info.value.expected


def test_conversion_error_names_both_dimensions():
    """A wrong dimension says what was expected."""
    with pytest.raises(UnitError) as info:
        conversion_factor("km", "kWh")
    assert "distance" in str(info.value)
    assert "a unit of energy" == info.value.expected


def test_describe_dimension_falls_back_to_pint():
    """Dimensions without a name are shown in pint's notation."""
    assert "[length] / [time]" == describe_dimension("km/h")


def test_quantity_is_in_the_registry():
    """quantity() builds quantities of the shared registry."""
    q = quantity(2, "MWh")
    assert q._REGISTRY is get_registry()
    assert 2000.0 == q.to("kWh").magnitude


def test_use_as_application_registry_allows_pickling():
    """After opting in, ghgcore quantities survive a pickle round trip."""
    previous = pint.get_application_registry().get()
    try:
        use_as_application_registry()
        q = quantity(3.5, "t")
        assert q == pickle.loads(pickle.dumps(q))
    finally:
        pint.set_application_registry(previous)


# ---------------------------------------------------------------- the registry's disk cache


class _Saves:
    """Counts the files pint's disk cache writes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import flexcache

        self.count = 0
        original = flexcache.DiskCache.rawsave

        def counting(cache, *args, **kwargs):
            self.count += 1
            return original(cache, *args, **kwargs)

        monkeypatch.setattr(flexcache.DiskCache, "rawsave", counting)


@pytest.fixture
def saves(monkeypatch):
    """How many cache files were written since the test began."""
    return _Saves(monkeypatch)


def test_cache_is_written_once_then_read(tmp_path, saves):
    """The first build writes the cache; the second reads it and writes nothing."""
    from ghgcore.units import _cached_registry

    first = _cached_registry(tmp_path)
    written = saves.count
    assert written > 0
    assert any(tmp_path.glob("*.pickle"))
    second = _cached_registry(tmp_path)
    assert written == saves.count
    assert 3.6 == pytest.approx(second.Quantity(1, "MWh").to("GJ").magnitude)
    assert str(first.parse_units("passenger_km")) == str(second.parse_units("passenger_km"))


def test_changed_definitions_are_parsed_anew(tmp_path, saves):
    """Editing the definitions file invalidates its cached parse."""
    from ghgcore.units import _cached_registry

    definitions = tmp_path / "units.txt"
    definitions.write_text("widget = [widget]\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    _cached_registry(cache, definitions)
    _cached_registry(cache, definitions)
    before = saves.count
    definitions.write_text("widget = [widget]\ngadget = 2 * widget\n", encoding="utf-8")
    registry = _cached_registry(cache, definitions)
    assert saves.count > before
    assert 2.0 == registry.Quantity(1, "gadget").to("widget").magnitude


def test_corrupt_cache_is_rebuilt(tmp_path, saves):
    """Garbage in the cache files: the registry is built anyway, and the cache written again."""
    from ghgcore.units import _cached_registry

    _cached_registry(tmp_path)
    for path in tmp_path.glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    (tmp_path / "mine.txt").write_text("kept", encoding="utf-8")
    registry = _cached_registry(tmp_path)
    assert 1000.0 == registry.Quantity(1, "kNOK").to("NOK").magnitude
    rebuilt = saves.count
    _cached_registry(tmp_path)
    assert rebuilt == saves.count
    assert "kept" == (tmp_path / "mine.txt").read_text(encoding="utf-8")


def test_cache_folder_from_the_environment(tmp_path, monkeypatch):
    """GHGCORE_CACHE_DIR moves the cache, GHGCORE_NO_CACHE=1 turns it off, a file in the way disables it."""
    from ghgcore.units import _cache_folder

    monkeypatch.delenv("GHGCORE_NO_CACHE", raising=False)
    monkeypatch.setenv("GHGCORE_CACHE_DIR", str(tmp_path / "caches"))
    assert tmp_path / "caches" / "pint" == _cache_folder()
    assert (tmp_path / "caches" / "pint").is_dir()
    monkeypatch.setenv("GHGCORE_NO_CACHE", "1")
    assert _cache_folder() is None
    monkeypatch.setenv("GHGCORE_NO_CACHE", "0")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GHGCORE_CACHE_DIR", str(blocker))
    assert _cache_folder() is None


def test_no_cache_builds_the_same_registry(tmp_path):
    """With and without the cache, the registry knows the same units."""
    from ghgcore.units import _cached_registry

    cached, uncached = _cached_registry(tmp_path), _cached_registry(None)
    for unit in ("kWh", "Sm3", "tonne_km", "kg * CO2e", "MEUR", "room_night"):
        assert str(uncached.parse_units(unit)) == str(cached.parse_units(unit))
        assert uncached.parse_units(unit).dimensionality == cached.parse_units(unit).dimensionality


# ---------------------------------------------------------------- the unit memo


def _python(code: str, cache: Path) -> str:
    env = {**os.environ, "GHGCORE_CACHE_DIR": str(cache)}
    env.pop("GHGCORE_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.strip()


_ASK = """
import sys
from ghgcore.units import UnitError, check_unit, conversion_factor, currency_of, describe_dimension
check_unit("kWh")
answers = [conversion_factor("MWh", "kWh"), currency_of("kNOK"), describe_dimension("Sm3")]
try:
    conversion_factor("km", "kWh")
except UnitError as e:
    answers.append((str(e), e.expected))
print(answers, "pint" in sys.modules)
"""


def test_memo_answers_without_pint(tmp_path):
    """A second process answers what the first asked pint without importing pint."""
    first = _python(_ASK, tmp_path)
    second = _python(_ASK, tmp_path)
    assert first.replace("True", "False") == second
    assert second.endswith("False")
    assert "1000.0" in second


def test_memo_keeps_no_unknown_unit(tmp_path):
    """An unknown unit is never kept (a plugin may define it later); a known one is."""
    from ghgcore.units import _Memo

    _python(
        "from ghgcore.units import dimensionality as d; d('kWh')\ntry: d('widget')\nexcept Exception: pass",
        tmp_path,
    )
    (memo_file,) = (tmp_path / "pint").glob("units-*.json")
    memo = _Memo(memo_file)
    assert "[mass] * [length] ** 2 / [time] ** 2" == memo.get(memo.units, "kWh")
    assert memo.get(memo.units, "widget") is None


def test_memo_file_round_trip_and_corruption(tmp_path):
    """The memo is written whole and read back; a file that is not one is ignored."""
    from ghgcore.units import _Memo

    path = tmp_path / "units-x.json"
    memo = _Memo(path)
    memo.put(memo.units, "kWh", "[energy]")
    memo.put(memo.pairs, "a\nb", ("message", "expected"))
    memo.save()
    again = _Memo(path)
    assert ("[energy]", ("message", "expected")) == (
        again.get(again.units, "kWh"),
        again.get(again.pairs, "a\nb"),
    )
    path.write_text("{not json", encoding="utf-8")
    assert {} == _Memo(path).units


def test_memo_key_follows_the_definitions():
    """Other definitions, another memo: an edited units.txt is never answered from an old memo."""
    from ghgcore.units import _memo_key

    assert _memo_key(b"widget = [widget]\n") != _memo_key(b"widget = [widget]\ngadget = 2 * widget\n")
    assert _memo_key(b"x") == _memo_key(b"x")


@pytest.mark.parametrize("unit", ["MBtu", "MBtu/h", "1/MBtu"])
def test_mbtu_is_refused_as_ambiguous(unit):
    """'MBtu' is a thousand Btu on US invoices and a million to SI prefixes: refused, saying which to write."""
    with pytest.raises(UnitError, match=r"ambiguous unit .*kBtu for a thousand Btu, or MMBtu"):
        check_unit(unit)
    with pytest.raises(UnitError, match="ambiguous"):
        conversion_factor(unit, unit)


def test_mmbtu_is_a_million_btu():
    """MMBtu (and MMBTU) = 10**6 Btu = 293.07 kWh; kBtu = 10**3 Btu."""
    assert 293.0711111111111 == pytest.approx(conversion_factor("MMBtu", "kWh"), rel=1e-12)
    assert conversion_factor("MMBtu", "kWh") == conversion_factor("MMBTU", "kWh")
    assert 1000.0 == pytest.approx(conversion_factor("MMBtu", "kBtu"), rel=1e-12)


def test_an_activity_line_in_mbtu_is_unresolved_with_the_reason():
    """In a table, the refused spelling makes the line unresolved, naming the field."""
    from ghgcore import ActivityTable

    table = ActivityTable.from_records([{"activity": "natural_gas", "amount": 5, "unit": "MBtu"}])
    [problem] = list(table.problems)
    assert ("unit", "MBtu") == (problem.field, problem.value)
    assert "MMBtu" in problem.expected


def _run(code: str, cache: Path) -> str:
    env = {**os.environ, "GHGCORE_CACHE_DIR": str(cache)}
    env.pop("GHGCORE_NO_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return proc.stdout.strip()


def test_the_memo_never_answers_for_units_defined_at_run_time(tmp_path):
    """A unit a plugin defines at run time is pint's to convert, whatever an earlier run defined it as."""
    code = (
        "from ghgcore.units import conversion_factor, get_registry\n"
        "get_registry().define('boe = {} * kWh')\n"
        "print(conversion_factor('boe', 'kWh'))\n"
    )
    assert "1700.0" == _run(code.format(1700), tmp_path)
    assert "1628.0" == _run(code.format(1628), tmp_path)


def test_memo_keys_cannot_collide(tmp_path):
    """Two unit pairs whose strings join to the same text keep their own factors between runs."""
    first = _run(
        "from ghgcore.units import conversion_factor\nprint(conversion_factor('kWh\\npercent', 'kWh'))",
        tmp_path,
    )
    second = _run(
        "from ghgcore.units import conversion_factor\nprint(conversion_factor('kWh', 'percent\\nkWh'))",
        tmp_path,
    )
    assert ("0.01", "100.0") == (first, second)


@pytest.mark.parametrize(
    ("unit", "kwh_gross"),
    [
        ("kWh_gross", 1.0),
        ("MWh_gross", 1000.0),
        ("GJ_gross", 1e9 / 3.6e6),
        ("therm_gross", 29.30710701722222),
    ],
)
def test_gross_calorific_energy_converts_among_itself(unit, kwh_gross):
    """Energy at gross calorific value has the usual prefixes and units, within its own dimension."""
    assert kwh_gross == pytest.approx(conversion_factor(unit, "kWh_gross"))


@pytest.mark.parametrize(
    ("gross", "net"), [("kWh_gross", "kWh"), ("GJ_gross", "MJ"), ("MMBtu_gross", "MMBtu")]
)
def test_gross_energy_is_never_read_as_net(gross, net):
    """The gross/net ratio is the fuel's: no unit conversion between the two, either way."""
    with pytest.raises(UnitError):
        conversion_factor(gross, net)
    with pytest.raises(UnitError):
        conversion_factor(net, gross)
