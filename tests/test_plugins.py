"""Tests for ghgcore.plugins: discovery, isolation, layering, pinning."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest

from ghgcore import Activity, calculate
from ghgcore import plugins as p

GRID = """
from ghgcore import EmissionFactor, FactorSet
from ghgcore.crosswalk import Crosswalk
from ghgcore.plugins import FactorDatabase

class Grid(FactorDatabase):
    description = "test grid"
    publisher = "Test Publisher"
    version = "2024.1"
    licence = "CC0-1.0"
    url = "https://example.org"
    regions = ("NO",)
    years = (2023, 2023)

    def load(self):
        return FactorSet.from_factors(
            [EmissionFactor("electricity", "kWh", {"CO2": 0.02}, source="test grid 2023", region="NO",
                            valid_from=2023, valid_to=2023, scope=2, licence="CC0-1.0")],
            name="ignored", version="ignored")

    def crosswalks(self):
        return [Crosswalk.from_records([{"code": "EL", "activity": "electricity"}], name="codes")]
"""


def test_listing_reads_metadata_only(site):
    """Listing names a database and its distribution without importing it."""
    site.add("ghgcore-grid", "1.0.0", {"fakegrid": "plug_grid:Grid"}, {"plug_grid": GRID})
    [entry] = [e for e in p.list_databases() if e.name == "fakegrid"]
    assert ("ghgcore-grid", "1.0.0", "plug_grid:Grid") == (
        entry.distribution,
        entry.distribution_version,
        entry.target,
    )
    assert "plug_grid" not in sys.modules


def test_load_by_name(site):
    """A database is imported on first use, named after its entry point, cached."""
    site.add("ghgcore-grid", "1.0.0", {"fakegrid": "plug_grid:Grid"}, {"plug_grid": GRID})
    db = p.get_database("fakegrid")
    assert "fakegrid" == db.name
    assert "2024.1" in repr(db)
    factors = p.load_factors("fakegrid")
    assert ("fakegrid", "2024.1", "Test Publisher") == (factors.name, factors.version, factors.publisher)
    assert factors is p.load_factors("fakegrid")


def test_calculate_by_name_records_provenance_and_uses_crosswalks(site):
    """A database used by name shows up in the result; its crosswalks apply."""
    site.add("ghgcore-grid", "1.0.0", {"fakegrid": "plug_grid:Grid"}, {"plug_grid": GRID})
    result = calculate([Activity.of("EL", 1000, "kWh", region="NO", year=2023)], "fakegrid")
    assert 20.0 == pytest.approx(result.co2e[0])
    assert [("fakegrid", "2024.1")] == [(fs.name, fs.version) for fs in result.factor_sets]
    assert "fakegrid@2024.1" == result.to_dataframe()["factor_set"][0]


def test_class_passed_directly(site):
    """A FactorDatabase subclass works without installing anything."""
    site.add("ghgcore-grid", "1.0.0", {}, {"plug_direct": GRID})
    import plug_direct

    result = calculate([Activity.of("electricity", 1, "MWh", region="NO", year=2023)], plug_direct.Grid)
    assert 20.0 == pytest.approx(result.co2e[0])


def test_broken_import_is_isolated(site):
    """A plugin that fails to import: an error when asked for, a warning when listed."""
    site.add("ghgcore-grid", "1.0.0", {"fakegrid": "plug_grid:Grid"}, {"plug_grid": GRID})
    site.add(
        "ghgcore-broken",
        "0.1",
        {"broken": "plug_broken:Broken"},
        {"plug_broken": "raise ImportError('no numpy 9')"},
    )
    with pytest.raises(p.DatabaseLoadError, match=r"'broken' \(distribution ghgcore-broken 0.1\)") as info:
        p.get_database("broken")
    assert isinstance(info.value.__cause__, ImportError)
    with pytest.warns(p.DatabaseWarning, match="broken"):
        status = {s.name: s for s in p.database_status()}
    assert not status["broken"].ok
    assert "no numpy 9" in status["broken"].reason
    assert status["fakegrid"].ok
    assert 1 == len(calculate([Activity.of("electricity", 1, "kWh", region="NO", year=2023)], "fakegrid"))


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "from ghgcore.plugins import FactorDatabase\nclass Bad(FactorDatabase):\n    def load(self):\n        raise OSError('disk')\n",
            "failed to load its factors: OSError: disk",
        ),
        (
            "from ghgcore.plugins import FactorDatabase\nclass Bad(FactorDatabase):\n    def load(self):\n        return {}\n",
            "load\\(\\) returned dict, expected a FactorSet",
        ),
        ("class Bad:\n    pass\n", "expected a subclass of ghgcore.plugins.FactorDatabase"),
    ],
)
def test_bad_plugins_fail_clearly(site, source, message):
    """Raising, returning the wrong thing, or not being a FactorDatabase: a clear, chained error."""
    site.add("ghgcore-bad", "0.1", {"bad": "plug_bad:Bad"}, {"plug_bad": source})
    with pytest.raises(p.DatabaseLoadError, match=message):
        p.load_factors("bad")
    with pytest.warns(p.DatabaseWarning):
        [status] = [s for s in p.database_status(check=True) if s.name == "bad"]
    assert not status.ok


def test_duplicate_names_name_both(site):
    """Two distributions, one name: an error naming both, never a winner."""
    site.add("ghgcore-grid-a", "1.0", {"fakegrid": "plug_grid:Grid"}, {"plug_grid": GRID})
    site.add("ghgcore-grid-b", "2.0", {"fakegrid": "plug_grid:Grid"}, {})
    with pytest.raises(p.DuplicateDatabaseError, match=r"ghgcore-grid-a 1\.0.*ghgcore-grid-b 2\.0"):
        p.get_database("fakegrid")
    with pytest.warns(p.DatabaseWarning):
        statuses = [s for s in p.database_status() if s.name == "fakegrid"]
    assert 2 == len(statuses)
    assert not any(s.ok for s in statuses)


def test_unknown_name_lists_installed(site):
    """An unknown name says which are installed."""
    site.add("ghgcore-grid", "1.0.0", {"fakegrid": "plug_grid:Grid"}, {"plug_grid": GRID})
    with pytest.raises(p.UnknownDatabaseError, match=r"installed: .*fakegrid"):
        p.get_database("fakegird")


def test_version_pin(site):
    """A pinned version that differs fails, naming both versions."""
    site.add("ghgcore-grid", "1.0.0", {"fakegrid": "plug_grid:Grid"}, {"plug_grid": GRID})
    assert "2024.1" == p.load_factors("fakegrid", version="2024.1").version
    with pytest.raises(
        p.VersionMismatchError, match=r"is version 2024\.1, but version 2023\.2 was asked for"
    ):
        p.load_factors("fakegrid", version="2023.2")


def test_refresh_finds_new_installs(site):
    """After refresh(), a newly installed database is listed."""
    assert "late" not in {e.name for e in p.list_databases()}
    site.add("ghgcore-late", "1.0", {"late": "plug_late:Grid"}, {"plug_late": GRID})
    assert "late" not in {e.name for e in p.list_databases()}
    p.refresh()
    assert "late" in {e.name for e in p.list_databases()}


def test_import_ghgcore_imports_no_plugin(site):
    """`import ghgcore` (and listing) imports no plugin module."""
    site.add("ghgcore-grid", "1.0.0", {"fakegrid": "plug_grid:Grid"}, {"plug_grid": GRID})
    code = "import sys, ghgcore, ghgcore.plugins as p; p.list_databases(); print('plug_grid' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(site.root), "PATH": ""})  # fmt: skip
    assert "False" == out.stdout.strip()


def test_name_pattern():
    """Names are lower-case identifiers with - _ ."""
    assert p.check_name("nordic-grid")
    assert not p.check_name("Nordic Grid")


def test_warning_is_filterable(site):
    """Users can silence DatabaseWarning like any warning class."""
    site.add(
        "ghgcore-broken", "0.1", {"broken": "plug_broken:Broken"}, {"plug_broken": "raise ImportError('x')"}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", p.DatabaseWarning)
        assert not next(s for s in p.database_status() if s.name == "broken").ok
