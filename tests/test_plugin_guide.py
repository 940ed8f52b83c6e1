"""The plugin author guide's example package works as the guide says."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from ghgcore import Activity, calculate
from ghgcore.cli import main
from ghgcore.testing import check_database

from .conftest import ROOT

EXAMPLE = ROOT / "docs" / "plugin-example"
ENTRY_POINT = 'example-nve = "ghgcore_example_nve:NVENorway"'


@pytest.fixture
def installed(site):
    """The example package, as pip would install it: its module and its entry point."""
    assert ENTRY_POINT in (EXAMPLE / "pyproject.toml").read_text(encoding="utf-8")
    shutil.copytree(EXAMPLE / "src" / "ghgcore_example_nve", site.root / "ghgcore_example_nve")
    site.add("ghgcore-example-nve", "0.1.0", {"example-nve": "ghgcore_example_nve:NVENorway"}, {})
    return site


def test_conforms(installed):
    """The guide's database passes the conformance suite."""
    assert [] == check_database("example-nve")


def test_listed_and_used_by_name(installed, capsys, tmp_path):
    """Listed by `ghgcore factors list`, used by `ghgcore calculate --factors`, in the provenance."""
    assert 0 == main(["factors", "list"])
    out = capsys.readouterr().out
    assert "example-nve" in out
    assert "ghgcore-example-nve 0.1.0" in out
    acts = tmp_path / "a.csv"
    acts.write_text("activity,amount,unit,region,year\nelectricity,100,MWh,NO,2023\n", encoding="utf-8")
    report = tmp_path / "r.json"
    assert 0 == main(
        ["calculate", str(acts), "--factors", "example-nve", "--format", "json", "-o", str(report)]
    )
    text = report.read_text(encoding="utf-8")
    assert '"name": "example-nve"' in text
    assert '"version": "2024.1"' in text


def test_hand_check(installed):
    """100 MWh in 2023 at NVE's 15 g/kWh is 1.5 t; the residual mix of 2020 with year fallback is 40.2 t."""
    acts = [Activity.of("electricity", 100, "MWh", region="NO", year=2023)]
    assert 1500.0 == calculate(acts, "example-nve").co2e[0]
    later = calculate(acts, "example-nve", fallback="year")
    assert 40200.0 == pytest.approx(later.by_scope()["2_market"])


def test_broken_plugin_does_not_stop_listing(installed, capsys):
    """A broken distribution beside it: `factors list` exits 0 and shows it failed."""
    installed.add(
        "ghgcore-broken", "0.1", {"broken": "plug_broken:X"}, {"plug_broken": "raise ImportError('gone')"}
    )
    assert 0 == main(["factors", "list"])
    out = capsys.readouterr().out
    assert "example-nve" in out
    assert "failed: factor database 'broken' (distribution ghgcore-broken 0.1)" in out
    assert 2 == main(["factors", "show", "broken"])
    assert "broken" in capsys.readouterr().err


def test_factors_show(installed, capsys):
    """`factors show` gives the factor, its provenance and the search path."""
    assert 0 == main(["factors", "show", "example-nve", "--activity", "electricity", "--region", "NO-NO3",
                      "--year", "2024", "--fallback", "region,year"])  # fmt: skip
    out = capsys.readouterr().out
    assert "electricity|kWh|NO|2023|location  (match: region+year)" in out
    assert "NO-NO3 -> NO -> NORDIC -> EUROPE -> WORLD -> any region" in out
    assert "NVE klimadeklarasjon 2023" in out


def test_lock_round_trip(installed, tmp_path, capsys):
    """--write-lock then --lock reproduces; a changed version is refused."""
    acts = tmp_path / "a.csv"
    acts.write_text("activity,amount,unit,region,year\nelectricity,1,MWh,NO,2023\n", encoding="utf-8")
    lock = tmp_path / "ghgcore.lock"
    out = str(tmp_path / "o.txt")
    assert 0 == main(
        ["calculate", str(acts), "--factors", "example-nve", "--write-lock", str(lock), "-o", out]
    )
    assert 0 == main(["calculate", str(acts), "--factors", "example-nve", "--lock", str(lock), "-o", out])
    lock.write_text(lock.read_text(encoding="utf-8").replace("2024.1", "2023.9"), encoding="utf-8")
    assert 2 == main(["calculate", str(acts), "--factors", "example-nve", "--lock", str(lock), "-o", out])
    assert "is version 2024.1, but version 2023.9 was asked for" in capsys.readouterr().err


def test_cli_subprocess_lists_nothing_broken(site):
    """The real command in a fresh process, with the example on its path, exits 0."""
    shutil.copytree(EXAMPLE / "src" / "ghgcore_example_nve", site.root / "ghgcore_example_nve")
    site.add("ghgcore-example-nve", "0.1.0", {"example-nve": "ghgcore_example_nve:NVENorway"}, {})
    proc = subprocess.run(
        [sys.executable, "-m", "ghgcore", "factors", "list", "--check"],
        capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(site.root), "PATH": ""},
    )  # fmt: skip
    assert 0 == proc.returncode, proc.stderr
    assert "example-nve" in proc.stdout
